/**
 * What failover readiness reads in a poll, within the cluster's detail budget, and how the
 * readings fold into the links the poll diffs. Every `everyPolls`-th poll (placed by the poll
 * time, like the task rotation, so the cadence costs no write):
 *
 * - the cluster's mirror topics in one request (`links/-/mirrors`, shared with the lag
 *   thresholds): lag in time, stalls and stuck transitions (`mirror-progress.ts`);
 * - the configs of a turn of links (`configReadsPerPoll`), all of them in turn: drift and syncs
 *   switched on but broken (`link-configs.ts`);
 * - when asked, failover dry runs (`validate_only=true`) of a turn of healthy links;
 * - a description of each newly stuck topic, for its state-transition errors.
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
import { turn } from './detail-plan.js';
import type { DetailRequests } from './detail-requests.js';
import { applyLinkConfigs, dryRunAfter, endedSyncEvents, evaluateSyncs } from './link-configs.js';
import type { FailoverCheck, LinkDetailSource, LinkReadinessSource } from './link-details.js';
import type { ClusterMirrorLags } from './mirror-lag.js';
import { applyMirrorProgress, withDescribedTransitions } from './mirror-progress.js';

/** Newly stuck topics described per poll, for their transition errors; more wait for the next due poll. */
export const MAX_STUCK_DESCRIBES = 2;
/** Most topics named in one dry run: the rest of a larger link is left out and counted. */
export const MAX_DRY_RUN_TOPICS = 1_000;
/** Readiness requests of one cluster in flight at once. */
const READINESS_CONCURRENCY = 2;

/** True when this poll makes the readiness reads. */
export function isReadinessDue(
  settings: ReadinessSettings | null,
  now: Date,
  pollIntervalMs: number,
): boolean {
  if (settings === null) return false;
  return pollSlot(now, pollIntervalMs) % Math.max(1, settings.everyPolls) === 0;
}

/** The reads of one due poll besides the mirrors listing. */
export interface ReadinessPlan {
  /** Links whose configs to read. */
  readonly configs: readonly string[];
  /** Links to dry-run a failover of, with the topics named. */
  readonly dryRuns: readonly { readonly linkName: string; readonly topicNames: readonly string[] }[];
  /** Requests kept for describing newly stuck topics. */
  readonly describes: number;
}

export const NO_READINESS_READS: ReadinessPlan = Object.freeze({ configs: [], dryRuns: [], describes: 0 });

/**
 * The turn of links whose configs (and, when asked, dry runs) are read this due poll: consecutive
 * due polls cover every link in name order. Links whose own condition is unhealthy get no dry run:
 * their topics cannot fail over cleanly anyway, and the link's own alert says why.
 */
export function planReadinessReads(
  links: readonly ClusterLink[],
  settings: ReadinessSettings,
  now: Date,
  pollIntervalMs: number,
): ReadinessPlan {
  const turnIndex = Math.floor(pollSlot(now, pollIntervalMs) / Math.max(1, settings.everyPolls));
  const byName = [...links].sort((a, b) => byCodePoint(a.linkName, b.linkName));
  const configs = turn(byName, turnIndex, settings.configReadsPerPoll).map((link) => link.linkName);
  const failoverable = byName.filter(
    (link) => !linkConditionSpeaksForParts(link) && link.topicNames.length > 0,
  );
  const dryRuns = turn(failoverable, turnIndex, settings.dryRunsPerPoll).map((link) => ({
    linkName: link.linkName,
    topicNames: link.topicNames.slice(0, MAX_DRY_RUN_TOPICS),
  }));
  return { configs, dryRuns, describes: MAX_STUCK_DESCRIBES };
}

/** Requests a plan may take: what the parts' plan must leave it. */
export function readinessRequests(plan: ReadinessPlan): number {
  return plan.configs.length + plan.dryRuns.length + plan.describes;
}

/** What the readiness reads of one poll found; a link not in a map was not read, or its read failed. */
export interface ReadinessReadings {
  readonly configs: ReadonlyMap<string, readonly LinkConfigValue[]>;
  readonly dryRuns: ReadonlyMap<string, readonly FailoverCheck[]>;
}

/** Reads the plan's configs and dry runs, counted on `requests`. Never throws. */
export async function readReadiness(
  clusterId: string,
  plan: ReadinessPlan,
  source: LinkReadinessSource,
  requests: DetailRequests,
  deadline: number,
): Promise<ReadinessReadings> {
  const limit = pLimit(READINESS_CONCURRENCY);
  const configs = new Map<string, readonly LinkConfigValue[]>();
  const dryRuns = new Map<string, readonly FailoverCheck[]>();
  await Promise.all([
    ...plan.configs.map((linkName) =>
      limit(async () => {
        const read = await requests.attempt(() => source.readLinkConfigs({ clusterId, linkName, deadline }));
        if (read !== undefined) configs.set(linkName, read);
      }),
    ),
    ...plan.dryRuns.map(({ linkName, topicNames }) =>
      limit(async () => {
        const checks = await requests.attempt(() =>
          source.validateFailover({ clusterId, linkName, deadline, topicNames }),
        );
        if (checks !== undefined) dryRuns.set(linkName, checks);
      }),
    ),
  ]);
  return { configs, dryRuns };
}

/** Everything readiness observed of one cluster this poll, ready to fold into its links. */
export interface ReadinessObservation {
  /** The cluster-wide mirrors listing, when read this due poll; null otherwise. */
  readonly mirrors: ClusterMirrorLags | null;
  readonly readings: ReadinessReadings;
  /** The full task lists read this poll (healthy tasks included), per link. */
  readonly tasksRead: ReadonlyMap<string, readonly LinkTask[]>;
}

/**
 * The links with their readiness fields after this poll, the events per link, and the newly stuck
 * topics to describe. With readiness off, every field is dropped and each open problem ends.
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
      observation.tasksRead.get(link.linkName),
      before?.brokenSyncs ?? [],
    );
    const dryRun = dryRunAfter(before?.dryRun, observation.readings.dryRuns.get(link.linkName), now);
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
 * Describes the newly stuck topics, as many as the requests left allow, and folds their
 * transition errors into the links and their events. A topic not described keeps its stuck event
 * without an error: the transition errors are named when the next due poll describes it.
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
  if (described.size === 0) return applied;
  const filled = withDescribedTransitions(
    { links: applied.links, events: applied.events, toDescribe: applied.toDescribe },
    described,
  );
  return { links: filled.links, events: filled.events, toDescribe: filled.toDescribe };
}

function pollSlot(now: Date, pollIntervalMs: number): number {
  return Math.floor(now.getTime() / Math.max(1, pollIntervalMs));
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
