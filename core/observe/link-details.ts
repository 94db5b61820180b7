/**
 * What the poll reads beyond the listing, and how it folds into the links it diffs: which links'
 * mirror topics and tasks to read within a per-cluster request budget, reading them, and merging
 * the readings with what was recorded. A read that fails or is not made leaves the recorded parts
 * as they were: unknown is never taken for healthy.
 */
import pLimit from 'p-limit';
import type { ClusterLink, LinkTask, MirrorTopicState } from '../model/link-model.js';
import {
  countsNeedAttention,
  keptTasks,
  keptTopics,
  linkConditionSpeaksForParts,
  sameCounts,
} from '../model/link-parts.js';
import type { ClusterMirrorLags } from './mirror-lag.js';

/** Reads a link's parts. Errors whose `kind` is `rate-limited` stop the cluster's detail reads for the poll. */
export interface LinkDetailSource {
  /** The link's tasks (`include_tasks=true`). */
  readLinkTasks(request: DetailTarget): Promise<readonly LinkTask[]>;
  /** The link's mirror topics; `complete` is false when only part of them could be read. */
  readLinkMirrorTopics(
    request: DetailTarget,
  ): Promise<{ readonly topics: readonly MirrorTopicState[]; readonly complete: boolean }>;
  /** One mirror topic with its state-transition errors. */
  readMirrorTopic(request: DetailTarget & { readonly topicName: string }): Promise<MirrorTopicState>;
  /** Every mirror topic of the cluster with its partitions' lag, in one request (`links/-/mirrors`). */
  readClusterMirrorLags(request: Omit<DetailTarget, 'linkName'>): Promise<ClusterMirrorLags>;
}

export interface DetailTarget {
  readonly clusterId: string;
  readonly linkName: string;
  readonly deadline: number;
}

/** Links read in rotation cover the cluster in about this many polls, when the budget allows. */
export const TASK_ROTATION_POLLS = 30;
/** Most rotation reads per poll: the rest of the budget stays for links that changed. */
export const MAX_ROTATION_PER_POLL = 10;
/** Detail requests of one cluster in flight at once. */
const DETAIL_CONCURRENCY = 4;

export interface DetailPlan {
  /** Links whose mirror topics to read, most urgent first. */
  readonly topics: readonly string[];
  /** Links whose tasks to read: changed links first, then this poll's share of the rotation. */
  readonly tasks: readonly string[];
}

export interface DetailPlanOptions {
  /** Most requests for the cluster this poll. */
  readonly budget: number;
  /** Time between polls, which places this poll in the rotation. */
  readonly pollIntervalMs: number;
  readonly now: Date;
}

/**
 * Chooses the reads of one poll, at most `budget` of them. Mirror topics are read for a link whose
 * counts show topics in error, paused or pending, whose counts changed, or that has topics on
 * record to confirm; tasks at once for a link whose condition or counts changed (or that is new),
 * and for every link in rotation. Links whose own condition is unhealthy are left out: their parts
 * only echo it. The rotation's place is a function of the poll time, so it costs no write.
 */
export function planDetailReads(
  links: readonly ClusterLink[],
  recorded: ReadonlyMap<string, ClusterLink>,
  options: DetailPlanOptions,
): DetailPlan {
  const eligible = links.filter((link) => !linkConditionSpeaksForParts(link));
  const rotationSize = Math.min(
    MAX_ROTATION_PER_POLL,
    Math.ceil(eligible.length / TASK_ROTATION_POLLS),
    Math.floor(options.budget / 2),
  );
  let left = options.budget - rotationSize;

  const changedCounts: string[] = [];
  const attention: string[] = [];
  const urgentTasks: string[] = [];
  for (const link of eligible) {
    const before = recorded.get(link.linkName) ?? null;
    const countsChanged = before !== null && !sameCounts(before.categoryCounts, link.categoryCounts);
    const conditionChanged =
      before === null || before.linkState !== link.linkState || before.linkError !== link.linkError;
    if (countsChanged) changedCounts.push(link.linkName);
    else if (countsNeedAttention(link.categoryCounts) || (before?.mirrorTopics?.length ?? 0) > 0)
      attention.push(link.linkName);
    if (countsChanged || conditionChanged) urgentTasks.push(link.linkName);
  }
  const take = (names: readonly string[]): string[] => {
    const taken = names.slice(0, Math.max(0, left));
    left -= taken.length;
    return taken;
  };
  const topics = [...take(changedCounts), ...take(attention)];
  const tasks = take(urgentTasks);

  // Positions are over every eligible link, so a link read at once this poll does not shift the rotation.
  const chosen = new Set(tasks);
  const slot = Math.floor(options.now.getTime() / Math.max(1, options.pollIntervalMs));
  const start = eligible.length === 0 ? 0 : (slot * rotationSize) % eligible.length;
  for (let i = 0; i < Math.min(rotationSize, eligible.length); i++) {
    const name = (eligible[(start + i) % eligible.length] as ClusterLink).linkName;
    if (!chosen.has(name)) tasks.push(name);
  }
  return { topics, tasks };
}

/** What the reads of one poll found; links not in a map were not read (or the read failed). */
export interface DetailReadings {
  readonly tasks: ReadonlyMap<string, readonly LinkTask[]>;
  readonly topics: ReadonlyMap<
    string,
    { readonly topics: readonly MirrorTopicState[]; readonly complete: boolean }
  >;
  /** Requests made, including failed ones. */
  readonly requests: number;
  readonly failures: number;
  /** True when the server rate-limited a read and the remaining ones were left for the next poll. */
  readonly rateLimited: boolean;
}

export const NO_READINGS: DetailReadings = Object.freeze({
  tasks: new Map(),
  topics: new Map(),
  requests: 0,
  failures: 0,
  rateLimited: false,
});

/**
 * Makes the planned reads, then describes mirror topics that have newly FAILED (for their
 * state-transition errors) while budget remains. Never throws: a failed read is counted and its
 * link keeps what was recorded; a 429 stops the cluster's remaining reads for this poll.
 */
export async function readLinkDetails(
  clusterId: string,
  plan: DetailPlan,
  recorded: ReadonlyMap<string, ClusterLink>,
  source: LinkDetailSource,
  options: { readonly budget: number; readonly deadline: number; readonly now: () => number },
): Promise<DetailReadings> {
  const tasks = new Map<string, readonly LinkTask[]>();
  const topics = new Map<string, { topics: MirrorTopicState[]; complete: boolean }>();
  let requests = 0;
  let failures = 0;
  let rateLimited = false;
  const limit = pLimit(DETAIL_CONCURRENCY);

  async function attempt<T>(read: () => Promise<T>): Promise<T | undefined> {
    if (rateLimited || requests >= options.budget || options.now() >= options.deadline) return undefined;
    requests++;
    try {
      return await read();
    } catch (error) {
      failures++;
      if ((error as { kind?: unknown } | null)?.kind === 'rate-limited') rateLimited = true;
      return undefined;
    }
  }
  const target = (linkName: string): DetailTarget => ({ clusterId, linkName, deadline: options.deadline });

  await Promise.all(
    plan.topics.map((linkName) =>
      limit(async () => {
        const read = await attempt(() => source.readLinkMirrorTopics(target(linkName)));
        if (read !== undefined) topics.set(linkName, { topics: [...read.topics], complete: read.complete });
      }),
    ),
  );

  // Why a topic failed is only in its description: worth a request when the failure is new.
  const toDescribe: { linkName: string; index: number }[] = [];
  for (const [linkName, read] of topics) {
    const before = new Map((recorded.get(linkName)?.mirrorTopics ?? []).map((t) => [t.topicName, t]));
    read.topics.forEach((topic, index) => {
      if (topic.status === 'FAILED' && before.get(topic.topicName)?.status !== 'FAILED')
        toDescribe.push({ linkName, index });
    });
  }
  await Promise.all([
    ...toDescribe.map(({ linkName, index }) =>
      limit(async () => {
        const read = topics.get(linkName);
        const topic = read?.topics[index];
        if (read === undefined || topic === undefined) return;
        const described = await attempt(() =>
          source.readMirrorTopic({ ...target(linkName), topicName: topic.topicName }),
        );
        if (described !== undefined && described.topicName === topic.topicName)
          read.topics[index] = described;
      }),
    ),
    ...plan.tasks.map((linkName) =>
      limit(async () => {
        const read = await attempt(() => source.readLinkTasks(target(linkName)));
        if (read !== undefined) tasks.set(linkName, read);
      }),
    ),
  ]);
  return { tasks, topics, requests, failures, rateLimited };
}

/**
 * The link as the diff should see it: the listing's fields with the parts read this poll, or,
 * for parts not read, the ones recorded. Only parts worth keeping are kept (see `link-parts.ts`).
 */
export function withDetails(
  link: ClusterLink,
  recorded: ClusterLink | null,
  readings: DetailReadings,
): ClusterLink {
  const readTasks = readings.tasks.get(link.linkName);
  const tasks =
    readTasks !== undefined
      ? keptTasks(readTasks)
      : link.tasks.length > 0
        ? keptTasks(link.tasks)
        : [...(recorded?.tasks ?? [])];

  const before = recorded?.mirrorTopics ?? [];
  const read = readings.topics.get(link.linkName);
  let mirrorTopics: readonly MirrorTopicState[] = before;
  if (read !== undefined) {
    const known = new Map(before.map((t) => [t.topicName, t]));
    // A partial read updates the topics it saw and leaves the others as recorded.
    const merged = new Map(read.complete ? [] : known);
    for (const topic of read.topics) {
      const previous = known.get(topic.topicName);
      // Transition errors come from a describe call; keep the recorded ones while the state holds.
      const transitionErrors =
        topic.transitionErrors.length === 0 && previous?.status === topic.status
          ? previous.transitionErrors
          : topic.transitionErrors;
      merged.set(topic.topicName, {
        topicName: topic.topicName,
        status: topic.status,
        error: topic.error,
        stateTimeMs: topic.stateTimeMs,
        transitionErrors,
      });
    }
    mirrorTopics = keptTopics([...merged.values()]);
  }
  const { mirrorTopics: _listed, ...rest } = link;
  return mirrorTopics.length === 0 ? { ...rest, tasks } : { ...rest, tasks, mirrorTopics };
}
