/**
 * What failover readiness reads in a poll, within the cluster's detail budget, and how the
 * readings fold into the links the poll diffs. Every `everyPolls`-th poll (placed by the poll
 * time, like the task rotation, so the cadence costs no write):
 *
 * - the cluster's mirror topics in one request (`links/-/mirrors`, shared with the lag
 *   thresholds): lag in time, stalls and stuck transitions (`mirror-progress.ts`);
 * - the configs of a turn of links (`configReadsPerPoll`), all of them in turn: drift and syncs
 *   switched on but broken (`link-configs.ts`); with them, the tasks of those links the parts'
 *   plan does not read this poll, so that a task NOT_CONFIGURED is judged with the configs read
 *   in the same poll;
 * - when asked, failover dry runs (`validate_only=true`) of a turn of healthy links;
 * - a description of each stuck topic not yet described, for its state-transition errors.
 *
 * Their requests are reserved before the parts are planned, and the parts' rotation is sized on the
 * usual budget, so readiness takes from what is owed, never from a turn. A read that fails or is not
 * made leaves what was recorded: unknown is never taken for healthy.
 */
import pLimit from 'p-limit';
import type { LinkChangeEvent } from '../model/change-events.js';
import type { ClusterLink, LinkConfigValue, LinkTask, LinkTaskError } from '../model/link-model.js';
import { linkConditionSpeaksForParts } from '../model/link-parts.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import { isEveryNthSlot, timeSlot } from '../poll/time-slot.js';
import { type DetailPlan, turn, unreadAfter } from './detail-plan.js';
import type { DetailRequests } from './detail-requests.js';
import { applyLinkConfigs, dryRunAfter, endedSyncEvents, evaluateSyncs } from './link-configs.js';
import type { DetailReadings, FailoverCheck, LinkDetailSource, LinkReadinessSource } from './link-details.js';
import type { ClusterMirrorLags } from './mirror-lag.js';
import { applyMirrorProgress, withDescribedTransitions } from './mirror-progress.js';

/** Stuck topics described per poll, for their transition errors, oldest first; more wait for the next due poll. */
export const MAX_STUCK_DESCRIBES = 2;
/** Most topics named in one dry run: the rest of a larger link is left out, and counted in its record (`notChecked`). */
export const MAX_DRY_RUN_TOPICS = 1_000;
/** Readiness requests of one cluster in flight at once. */
const READINESS_CONCURRENCY = 2;

/** True when this poll makes the readiness reads. */
export function isReadinessDue(
  settings: ReadinessSettings | null,
  now: Date,
  pollIntervalMs: number,
): boolean {
  return settings !== null && isEveryNthSlot(settings.everyPolls, now, pollIntervalMs);
}

/** The reads of one due poll besides the mirrors listing. */
export interface ReadinessPlan {
  /** Links whose configs to read. */
  readonly configs: readonly string[];
  /**
   * Links of `configs` whose tasks to read too, each before its configs: those whose own condition
   * does not speak for their parts, less those the parts' plan reads (`leavingTasksToParts`).
   */
  readonly tasks: readonly string[];
  /** Links to dry-run a failover of, with the topics named. */
  readonly dryRuns: readonly { readonly linkName: string; readonly topicNames: readonly string[] }[];
  /** Requests kept for describing stuck topics not yet described. */
  readonly describes: number;
}

export const NO_READINESS_READS: ReadinessPlan = Object.freeze({
  configs: [],
  tasks: [],
  dryRuns: [],
  describes: 0,
});

/**
 * The turn of links whose configs (and, when asked, dry runs) are read this due poll: consecutive
 * due polls cover every link in name order. The tasks of the turn's links are read with their
 * configs, but not of a link whose own condition is unhealthy: its parts are not read meanwhile.
 * Links whose own condition is unhealthy get no dry run either: their topics cannot fail over
 * cleanly anyway, and the link's own alert says why.
 */
export function planReadinessReads(
  links: readonly ClusterLink[],
  settings: ReadinessSettings,
  now: Date,
  pollIntervalMs: number,
): ReadinessPlan {
  const turnIndex = Math.floor(timeSlot(now, pollIntervalMs) / Math.max(1, settings.everyPolls));
  const byName = [...links].sort((a, b) => byCodePoint(a.linkName, b.linkName));
  const turnLinks = turn(byName, turnIndex, settings.configReadsPerPoll);
  const configs = turnLinks.map((link) => link.linkName);
  const tasks = turnLinks.filter((link) => !linkConditionSpeaksForParts(link)).map((link) => link.linkName);
  const failoverable = byName.filter(
    (link) => !linkConditionSpeaksForParts(link) && link.topicNames.length > 0,
  );
  const dryRuns = turn(failoverable, turnIndex, settings.dryRunsPerPoll).map((link) => ({
    linkName: link.linkName,
    topicNames: link.topicNames.slice(0, MAX_DRY_RUN_TOPICS),
  }));
  return { configs, tasks, dryRuns, describes: MAX_STUCK_DESCRIBES };
}

/** Requests a plan may take: what the parts' plan must leave it. */
export function readinessRequests(plan: ReadinessPlan): number {
  return plan.configs.length + plan.tasks.length + plan.dryRuns.length + plan.describes;
}

/**
 * The plan without the task reads the parts' plan makes this poll, so that a link's tasks are
 * read once a poll. Their requests stay reserved: the parts were planned without them, and a
 * describe may use them.
 */
export function leavingTasksToParts(
  plan: ReadinessPlan,
  parts: Pick<DetailPlan, 'tasks' | 'owedTasks'>,
): ReadinessPlan {
  const readByParts = new Set([...parts.tasks, ...(parts.owedTasks ?? [])]);
  const tasks = plan.tasks.filter((linkName) => !readByParts.has(linkName));
  return tasks.length === plan.tasks.length ? plan : { ...plan, tasks };
}

/** What the readiness reads of one poll found; a link not in a map was not read, or its read failed. */
export interface ReadinessReadings {
  readonly configs: ReadonlyMap<string, readonly LinkConfigValue[]>;
  /** Full task lists read with the configs (`ReadinessPlan.tasks`). */
  readonly tasks: ReadonlyMap<string, readonly LinkTask[]>;
  readonly dryRuns: ReadonlyMap<string, readonly FailoverCheck[]>;
}

export const NO_READINESS_READINGS: ReadinessReadings = Object.freeze({
  configs: new Map(),
  tasks: new Map(),
  dryRuns: new Map(),
});

/** Where readiness reads: configs and dry runs from the one, tasks from the other. */
export interface ReadinessSources {
  readonly readiness: LinkReadinessSource;
  readonly details: Pick<LinkDetailSource, 'readLinkTasks'>;
}

/**
 * Reads the plan's configs (each after its link's tasks, when planned) and dry runs, counted on
 * `requests`. Never throws. A sync switched off turns its task NOT_CONFIGURED after its config
 * changed, so configs read after the tasks show any switch-off that a task read NOT_CONFIGURED.
 */
export async function readReadiness(
  clusterId: string,
  plan: ReadinessPlan,
  sources: ReadinessSources,
  requests: DetailRequests,
  deadline: number,
): Promise<ReadinessReadings> {
  const limit = pLimit(READINESS_CONCURRENCY);
  const configs = new Map<string, readonly LinkConfigValue[]>();
  const tasks = new Map<string, readonly LinkTask[]>();
  const dryRuns = new Map<string, readonly FailoverCheck[]>();
  const withTasks = new Set(plan.tasks);
  await Promise.all([
    ...plan.configs.map((linkName) =>
      limit(async () => {
        if (withTasks.has(linkName)) {
          const read = await requests.attempt(() =>
            sources.details.readLinkTasks({ clusterId, linkName, deadline }),
          );
          if (read !== undefined) tasks.set(linkName, read);
        }
        const read = await requests.attempt(() =>
          sources.readiness.readLinkConfigs({ clusterId, linkName, deadline }),
        );
        if (read !== undefined) configs.set(linkName, read);
      }),
    ),
    ...plan.dryRuns.map(({ linkName, topicNames }) =>
      limit(async () => {
        const checks = await requests.attempt(() =>
          sources.readiness.validateFailover({ clusterId, linkName, deadline, topicNames }),
        );
        if (checks !== undefined) dryRuns.set(linkName, checks);
      }),
    ),
  ]);
  return { configs, tasks, dryRuns };
}

/**
 * The parts' readings with the tasks readiness read, so that the diff and the syncs judge one
 * task list per link: a task read by readiness is news like one of the rotation, and pays what
 * the link owed of its tasks. A link the parts read stays as they read it.
 */
export function withReadinessTasks(
  readings: DetailReadings,
  tasks: ReadonlyMap<string, readonly LinkTask[]>,
): DetailReadings {
  if (tasks.size === 0) return readings;
  const merged = new Map(readings.tasks);
  const unread = new Map(readings.unread);
  for (const [linkName, read] of tasks) {
    if (merged.has(linkName)) continue;
    merged.set(linkName, read);
    const owed = unread.get(linkName);
    if (owed != null) unread.set(linkName, unreadAfter(owed, { mirrorTopics: false, tasks: true }));
  }
  return { ...readings, tasks: merged, unread };
}

/** Everything readiness observed of one cluster this poll, ready to fold into its links. */
export interface ReadinessObservation {
  /** The cluster-wide mirrors listing, when read this due poll; null otherwise. */
  readonly mirrors: ClusterMirrorLags | null;
  readonly readings: ReadinessReadings;
  /** The full task lists read this poll (healthy tasks included), per link: the parts' and readiness's. */
  readonly tasksRead: ReadonlyMap<string, readonly LinkTask[]>;
}

/**
 * The links with their readiness fields after this poll, the events per link, and the stuck topics
 * to describe, oldest first. With readiness off, every field is dropped and each open problem ends;
 * with dry runs off, the last dry run is dropped.
 */
export function applyReadiness(
  links: readonly ClusterLink[],
  recorded: ReadonlyMap<string, ClusterLink>,
  observation: ReadinessObservation,
  settings: ReadinessSettings | null,
  now: Date,
): {
  readonly links: ClusterLink[];
  readonly events: ReadonlyMap<string, readonly LinkChangeEvent[]>;
  readonly toDescribe: readonly { readonly linkName: string; readonly topicName: string }[];
} {
  const progress = applyMirrorProgress(links, recorded, observation.mirrors, now.getTime(), settings);
  const events = new Map<string, LinkChangeEvent[]>();
  const add = (linkName: string, more: readonly LinkChangeEvent[]) => {
    if (more.length > 0) events.set(linkName, [...(events.get(linkName) ?? []), ...more]);
  };
  for (const [linkName, linkEvents] of progress.events) add(linkName, linkEvents);
  const out = progress.links.map((link) => {
    const before = recorded.get(link.linkName);
    const { configs: _c, brokenSyncs: _b, dryRun: _d, ...rest } = link;
    if (settings === null) {
      if (before !== undefined) add(link.linkName, endedSyncEvents(before));
      return rest;
    }
    const configs = applyLinkConfigs(
      link.linkName,
      before?.configs,
      observation.readings.configs.get(link.linkName),
    );
    const withConfigs = { ...rest, ...(configs.configs !== undefined && { configs: configs.configs }) };
    const syncs = evaluateSyncs(
      withConfigs,
      {
        tasks: observation.tasksRead.get(link.linkName),
        configsReadNow: observation.readings.configs.has(link.linkName),
        configsBefore: before?.configs,
      },
      before?.brokenSyncs ?? [],
    );
    // With dry runs off, the last outcome would stand for ever in a verdict no run refreshes.
    const dryRun =
      settings.dryRunsPerPoll === 0
        ? undefined
        : dryRunAfter(
            before?.dryRun,
            observation.readings.dryRuns.get(link.linkName),
            now,
            Math.max(0, link.topicNames.length - MAX_DRY_RUN_TOPICS),
          );
    add(link.linkName, [...configs.events, ...syncs.events]);
    return {
      ...withConfigs,
      ...(syncs.brokenSyncs.length > 0 && { brokenSyncs: syncs.brokenSyncs }),
      ...(dryRun !== undefined && { dryRun }),
    };
  });
  return { links: out, events, toDescribe: progress.toDescribe };
}

/**
 * Describes the stuck topics not yet described, oldest first, as many as the requests left allow
 * (at most {@link MAX_STUCK_DESCRIBES}), and folds their transition errors into the links and the
 * events that raised them this poll. A topic not described keeps its stuck event without an error
 * and stays to describe: a later due poll describes it, and records its errors without a second
 * event (they show in the readiness report, the reminders and the end of its stuck transition).
 */
export async function describeStuckTopics(
  clusterId: string,
  applied: ReturnType<typeof applyReadiness>,
  source: Pick<LinkDetailSource, 'readMirrorTopic'>,
  requests: DetailRequests,
  deadline: number,
): Promise<ReturnType<typeof applyReadiness>> {
  if (applied.toDescribe.length === 0) return applied;
  const described = new Map<string, Map<string, readonly LinkTaskError[]>>();
  for (const { linkName, topicName } of applied.toDescribe.slice(0, MAX_STUCK_DESCRIBES)) {
    const topic = await requests.attempt(() =>
      source.readMirrorTopic({ clusterId, linkName, deadline, topicName }),
    );
    if (topic === undefined || topic.topicName !== topicName) continue;
    const forLink = described.get(linkName) ?? new Map<string, readonly LinkTaskError[]>();
    forLink.set(topicName, topic.transitionErrors);
    described.set(linkName, forLink);
  }
  return described.size === 0 ? applied : withDescribedTransitions(applied, described);
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
