/**
 * What the poll reads beyond the listing, and how it folds into the links it diffs: making the
 * reads a plan chose (`detail-plan.ts`) within the cluster's request budget, and merging the
 * readings with what was recorded. A read that fails or is not made leaves the recorded parts as
 * they were, and what was owed still owed: unknown is never taken for healthy.
 */
import pLimit from 'p-limit';
import type {
  ClusterLink,
  LinkConfigValue,
  LinkTask,
  MirrorTopicState,
  UnreadParts,
} from '../model/link-model.js';
import { keptTasks, keptTopics } from '../model/link-parts.js';
import { type DetailPlan, unreadAfter } from './detail-plan.js';
import { DetailRequests, type RateLimitSignal } from './detail-requests.js';
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

/**
 * Reads what failover readiness needs beyond the parts: a link's configs, and failover dry runs.
 * Errors as `LinkDetailSource`'s.
 */
export interface LinkReadinessSource {
  /** The link's configs (`GET .../links/{link}/configs`); sensitive values already dropped. */
  readLinkConfigs(request: DetailTarget): Promise<readonly LinkConfigValue[]>;
  /**
   * A failover dry run of the named topics (`POST .../mirrors:failover?validate_only=true`): per
   * topic, whether it would fail over. Never changes anything: no implementation may send the
   * action without `validate_only=true`.
   */
  validateFailover(
    request: DetailTarget & { readonly topicNames: readonly string[] },
  ): Promise<readonly FailoverCheck[]>;
}

/** One topic's answer to a failover dry run. */
export interface FailoverCheck {
  readonly topicName: string;
  /** `error_code` as sent; null when the topic would fail over. */
  readonly errorCode: number | null;
  readonly errorMessage: string | null;
}

export interface DetailTarget {
  readonly clusterId: string;
  readonly linkName: string;
  readonly deadline: number;
}

/** Detail requests of one cluster in flight at once. */
const DETAIL_CONCURRENCY = 4;

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
  /**
   * What each link the plan owed reads to still owes after them (null: all paid). A link not in
   * it keeps what it has recorded.
   */
  readonly unread: ReadonlyMap<string, UnreadParts | null>;
}

export const NO_READINGS: DetailReadings = Object.freeze({
  tasks: new Map(),
  topics: new Map(),
  requests: 0,
  failures: 0,
  rateLimited: false,
  unread: new Map(),
});

/**
 * Makes the planned reads: mirror topics first, then the tasks of the rotation and the watch, then
 * descriptions of topics that have newly FAILED (for their state-transition errors), then owed
 * tasks, while budget remains. Never throws: a failed read is counted and its link keeps what was
 * recorded and what it owed; a 429 stops the cluster's remaining reads for this poll.
 */
export async function readLinkDetails(
  clusterId: string,
  plan: DetailPlan,
  recorded: ReadonlyMap<string, ClusterLink>,
  source: LinkDetailSource,
  options: {
    readonly budget: number;
    readonly deadline: number;
    readonly now: () => number;
    /** Shared with the cluster's other reads of the poll. @default its own */
    readonly rateLimit?: RateLimitSignal;
  },
): Promise<DetailReadings> {
  const tasks = new Map<string, readonly LinkTask[]>();
  const topics = new Map<string, { topics: MirrorTopicState[]; complete: boolean }>();
  const gate = new DetailRequests(options);
  const limit = pLimit(DETAIL_CONCURRENCY);
  const attempt = <T>(read: () => Promise<T>) => gate.attempt(read);
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
  const toDescribe: { linkName: string; readTopics: MirrorTopicState[]; index: number; topicName: string }[] =
    [];
  for (const [linkName, read] of topics) {
    const before = new Map(recorded.get(linkName)?.mirrorTopics?.map((t) => [t.topicName, t]));
    read.topics.forEach(({ topicName, status }, index) => {
      if (status === 'FAILED' && before.get(topicName)?.status !== 'FAILED')
        toDescribe.push({ linkName, readTopics: read.topics, index, topicName });
    });
  }
  const readTasks = (linkName: string) =>
    limit(async () => {
      const read = await attempt(() => source.readLinkTasks(target(linkName)));
      if (read !== undefined) tasks.set(linkName, read);
    });
  // The queue starts reads in this order: turns first, so that they hold; describes before owed
  // tasks, since a failure is described only in the poll that finds it, and a debt waits.
  await Promise.all([
    ...plan.tasks.map(readTasks),
    ...toDescribe.map(({ linkName, readTopics, index, topicName }) =>
      limit(async () => {
        const described = await attempt(() => source.readMirrorTopic({ ...target(linkName), topicName }));
        if (described !== undefined && described.topicName === topicName) readTopics[index] = described;
      }),
    ),
    ...(plan.owedTasks ?? []).map(readTasks),
  ]);
  const unread = new Map<string, UnreadParts | null>();
  for (const [linkName, debt] of plan.owed ?? [])
    unread.set(
      linkName,
      unreadAfter(debt, { mirrorTopics: topics.has(linkName), tasks: tasks.has(linkName) }),
    );
  return {
    tasks,
    topics,
    requests: gate.requests,
    failures: gate.failures,
    rateLimited: gate.rateLimited,
    unread,
  };
}

/**
 * The link as the diff should see it: the listing's fields with the parts read this poll, or,
 * for parts not read, the ones recorded, and the reads it still owes. Only parts worth keeping
 * are kept (see `link-parts.ts`).
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
  const unread = readings.unread.has(link.linkName)
    ? (readings.unread.get(link.linkName) ?? null)
    : (recorded?.unreadParts ?? null);
  const { mirrorTopics: _listed, unreadParts: _owed, ...rest } = link;
  return {
    ...rest,
    tasks,
    ...(mirrorTopics.length > 0 && { mirrorTopics }),
    ...(unread !== null && { unreadParts: unread }),
  };
}
