/**
 * Failover readiness of mirror topics, from the cluster-wide mirrors read made every
 * `readiness.everyPolls`-th poll: Burrow's consumer rules applied to mirrors. A lagging topic
 * whose fetch offset stops moving, or whose lag keeps rising, has stalled (MIRROR_TOPIC_STALLED,
 * critical); one whose estimated time behind exceeds its link's target is behind it
 * (MIRROR_BEHIND_TARGET, warning); one left in a PENDING_* transition past the limit is stuck
 * (MIRROR_TRANSITION_STUCK, critical). Each condition is raised once and resolved once. Pure.
 *
 * Time behind has no field of its own: it is estimated from two reads, as lag divided by the
 * rate at which the partition's `last_source_fetch_offset` moved between them. The snapshot
 * therefore keeps the offsets of the last read, but only for lagging topics: a caught-up link
 * keeps nothing, so that a steady state writes nothing. A lagging topic whose figures did not
 * change since the last read (a lasting stall) keeps its record as it was and writes nothing either.
 */

import { isDeepStrictEqual } from 'node:util';
import { matchesGlob } from '../control/link-name-glob.js';
import { BOUNDS, boundIdentifier } from '../model/bounds.js';
import type { EventPart, LinkChangeEvent, MirrorProgressFigures } from '../model/change-events.js';
import type {
  ClusterLink,
  LinkTaskError,
  PartitionProgress,
  StuckTopic,
  TopicProgress,
} from '../model/link-model.js';
import { isoOrNull, linkConditionSpeaksForParts, MAX_TRANSITION_ERRORS } from '../model/link-parts.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import { type ClusterMirrorLags, MAX_WORST_PARTITIONS } from './mirror-lag.js';

/** Lagging topics tracked per link, so that a link whose every topic lags still writes a bounded snapshot. */
export const MAX_PROGRESS_TOPICS = 20;
/** Lagging partitions kept per topic, worst first: enough to see a stall and estimate a rate. */
export const MAX_PROGRESS_PARTITIONS = 10;
/** Transitions a mirror topic is expected to leave on its own: staying in one is being stuck. */
export const STUCK_STATUSES: ReadonlySet<string> = new Set([
  'PENDING_STOPPED',
  'PENDING_MIRROR',
  'PENDING_SYNCHRONIZE',
  'PENDING_SETUP_FOR_RESTORE',
  'PENDING_RESTORE',
]);
/** Kafka's partition ids are 32-bit; anything larger is not a partition. */
const MAX_PARTITION = 2 ** 31 - 1;

/** One usable partition of a read: numbers validated. */
interface PartitionReading {
  readonly partition: number;
  readonly lag: number;
  /** Null when not sent or not usable: the partition then counts for lag, not for rate or stall. */
  readonly fetchOffset: number | null;
}

/** A mirror topic as one read found it, numbers validated. */
interface TopicReading {
  readonly status: string;
  readonly stateTimeMs: number | null;
  /** The most messages behind of any usable partition; null when no partition's lag is usable. */
  readonly messagesBehind: number | null;
  /** Usable partitions, worst first. */
  readonly partitions: readonly PartitionReading[];
}

/** What this read of a lagging topic says, against the previous one. */
interface Step {
  readonly readAtMs: number;
  /** The lagging partitions with a fetch offset, worst first, bounded: what the snapshot keeps. */
  readonly partitions: readonly PartitionProgress[];
  /** The stall rule's N, at least 1: the counts below go up to it. */
  readonly stallReads: number;
  /** Consecutive reads in which a lagging partition seen at the previous read too kept its fetch offset. */
  readonly unmovedReads: number;
  /** Consecutive reads in which the topic's lag rose. */
  readonly risingReads: number;
  readonly secondsBehind: number | null;
  readonly fetchRate: number | null;
  readonly basisSeconds: number | null;
}

export interface ProgressResult {
  /** Each link with `topicProgress` and `stuckTopics` set, or removed when empty. */
  readonly links: ClusterLink[];
  /** Readiness events per link name, by topic name then type. */
  readonly events: ReadonlyMap<string, readonly LinkChangeEvent[]>;
  /** Topics newly stuck: their transition errors are worth one describe call each. */
  readonly toDescribe: readonly { readonly linkName: string; readonly topicName: string }[];
}

/** The time-behind target of a link in seconds: the first matching rule's, else the default; null = none. */
export function secondsBehindTargetFor(linkName: string, settings: ReadinessSettings | null): number | null {
  if (settings === null) return null;
  const rule = settings.links.find((r) => matchesGlob(r.link, linkName));
  if (rule !== undefined) return rule.maxSecondsBehind > 0 ? rule.maxSecondsBehind : null;
  return settings.maxSecondsBehind;
}

/**
 * Every link with its readiness after this poll, its events, and the topics to describe.
 * `links` are this poll's listing; what they carry of readiness is ignored, the recorded link
 * being the truth. `reading` is null when no read was due or it failed: the recorded fields
 * carry over and nothing is raised or resolved, so that a failure never looks like a recovery.
 * `settings` null (readiness turned off) drops the fields and ends what was notified.
 */
export function applyMirrorProgress(
  links: readonly ClusterLink[],
  recorded: ReadonlyMap<string, ClusterLink>,
  reading: ClusterMirrorLags | null,
  readAtMs: number,
  settings: ReadinessSettings | null,
): ProgressResult {
  const byLink = reading === null ? new Map<string, Map<string, TopicReading>>() : readingsByLink(reading);
  const events = new Map<string, readonly LinkChangeEvent[]>();
  const toDescribe: { linkName: string; topicName: string }[] = [];
  const out = links.map((link) => {
    const before = recorded.get(link.linkName);
    if (settings === null) {
      const ended = before === undefined ? [] : endedProgressEvents(before);
      if (ended.length > 0) events.set(link.linkName, ended);
      return withReadiness(link, [], []);
    }
    const progress = before?.topicProgress ?? [];
    const stuck = before?.stuckTopics ?? [];
    // While the link itself is unhealthy its topics lag and stay pending because of it, and its
    // own message says so: what was recorded stands until the link speaks for itself no more.
    if (reading === null || linkConditionSpeaksForParts(link)) return withReadiness(link, progress, stuck);
    const evaluation = evaluateLink(
      link,
      progress,
      stuck,
      byLink.get(link.linkName) ?? new Map(),
      reading.complete,
      readAtMs,
      settings,
    );
    if (evaluation.events.length > 0) events.set(link.linkName, evaluation.events);
    for (const topicName of evaluation.toDescribe) toDescribe.push({ linkName: link.linkName, topicName });
    return withReadiness(link, evaluation.progress, evaluation.stuck);
  });
  return { links: out, events, toDescribe };
}

/**
 * The result with the transition errors that describing the stuck topics found: kept on the
 * stuck topics (the first `MAX_TRANSITION_ERRORS`), and the first one quoted by the event that
 * raised each of them.
 */
export function withDescribedTransitions(
  result: ProgressResult,
  described: ReadonlyMap<string, ReadonlyMap<string, readonly LinkTaskError[]>>,
): ProgressResult {
  const links = result.links.map((link) => {
    const byTopic = described.get(link.linkName);
    if (byTopic === undefined || link.stuckTopics === undefined) return link;
    const stuckTopics = link.stuckTopics.map((topic) => {
      const errors = byTopic.get(topic.topicName);
      return errors === undefined
        ? topic
        : { ...topic, transitionErrors: errors.slice(0, MAX_TRANSITION_ERRORS) };
    });
    return { ...link, stuckTopics };
  });
  const events = new Map<string, readonly LinkChangeEvent[]>();
  for (const [linkName, linkEvents] of result.events) {
    const byTopic = described.get(linkName);
    events.set(
      linkName,
      linkEvents.map((event) => {
        const { part } = event;
        if (event.type !== 'MIRROR_TRANSITION_STUCK' || event.severity === 'resolved' || part === undefined)
          return event;
        const first = byTopic?.get(part.name)?.[0];
        if (first === undefined) return event;
        const errorMessage = first.errorMessage === '' ? null : first.errorMessage;
        return { ...event, part: { ...part, errorCode: first.errorCode, errorMessage } };
      }),
    );
  }
  return { links, events, toDescribe: result.toDescribe };
}

/** True when two links' readiness records are the same, so that no write is needed for them. */
export function sameProgress(a: ClusterLink, b: ClusterLink): boolean {
  return (
    isDeepStrictEqual(a.topicProgress ?? [], b.topicProgress ?? []) &&
    isDeepStrictEqual(a.stuckTopics ?? [], b.stuckTopics ?? [])
  );
}

/**
 * `resolved` events for every stall, time behind target and stuck transition a link had
 * notified: when the link is removed or readiness is turned off, so that no alert stays open.
 */
export function endedProgressEvents(link: ClusterLink): LinkChangeEvent[] {
  const events: TopicEvent[] = [];
  for (const topic of link.topicProgress ?? []) {
    if (topic.stallNotified)
      events.push(topicEvent(link.linkName, topic.topicName, 'MIRROR_TOPIC_STALLED', 'resolved', null, null));
    if (topic.behindNotified)
      events.push(topicEvent(link.linkName, topic.topicName, 'MIRROR_BEHIND_TARGET', 'resolved', null, null));
  }
  for (const topic of link.stuckTopics ?? [])
    events.push(
      topicEvent(link.linkName, topic.topicName, 'MIRROR_TRANSITION_STUCK', 'resolved', null, null),
    );
  return inEventOrder(events);
}

/**
 * Each link's topics from the read. A partition, lag or offset that is not a whole,
 * non-negative, safe number is hostile or broken data: a partition without a usable lag is left
 * out, one without a usable offset counts for lag only. A topic listed twice counts at its worst.
 */
function readingsByLink(reading: ClusterMirrorLags): Map<string, Map<string, TopicReading>> {
  const byLink = new Map<string, Map<string, TopicReading>>();
  for (const topic of reading.topics) {
    if (topic.linkName === null) continue;
    const byPartition = new Map<number, PartitionReading>();
    for (const l of topic.lags) {
      if (!Number.isSafeInteger(l.partition) || l.partition < 0 || l.partition > MAX_PARTITION) continue;
      if (!isCount(l.lag)) continue;
      const fetchOffset = isCount(l.fetchOffset) ? l.fetchOffset : null;
      // Listed again, a partition counts only if it lags more: of equals, the first listed.
      const seen = byPartition.get(l.partition);
      if (seen === undefined || seen.lag < l.lag)
        byPartition.set(l.partition, { partition: l.partition, lag: l.lag, fetchOffset });
    }
    const partitions = [...byPartition.values()].sort(worstFirst);
    const read: TopicReading = {
      status: boundIdentifier(topic.status),
      stateTimeMs: isCount(topic.stateTimeMs) ? topic.stateTimeMs : null,
      messagesBehind: partitions[0]?.lag ?? null,
      partitions,
    };
    const linkName = boundIdentifier(topic.linkName);
    const topicName = boundIdentifier(topic.topicName, BOUNDS.topicNameChars);
    const topics = byLink.get(linkName) ?? new Map<string, TopicReading>();
    byLink.set(linkName, topics);
    // Listed again, a topic counts only if it lags more; a known lag, even none, beats an unknown one.
    const seen = topics.get(topicName);
    if (seen === undefined || (seen.messagesBehind ?? -1) < (read.messagesBehind ?? -1))
      topics.set(topicName, read);
  }
  return byLink;
}

/** One link's readiness after a read that reached it (`observed` may be empty). */
function evaluateLink(
  link: ClusterLink,
  progress: readonly TopicProgress[],
  stuck: readonly StuckTopic[],
  observed: ReadonlyMap<string, TopicReading>,
  complete: boolean,
  readAtMs: number,
  settings: ReadinessSettings,
): {
  readonly progress: TopicProgress[];
  readonly stuck: StuckTopic[];
  readonly events: LinkChangeEvent[];
  readonly toDescribe: string[];
} {
  const mirrored = new Set(link.topicNames);
  // Unknown is never healthy: only a complete read, or the listing itself, says a topic is gone.
  const gone = (name: string): boolean => complete || !mirrored.has(name);
  const target = secondsBehindTargetFor(link.linkName, settings);
  const events: TopicEvent[] = [];
  const lagging = evaluateLagging(link.linkName, progress, observed, gone, readAtMs, settings, target);
  events.push(...lagging.events);
  const pending = evaluateStuck(link.linkName, stuck, observed, gone, readAtMs, settings);
  events.push(...pending.events);
  return {
    progress: lagging.progress,
    stuck: pending.stuck,
    events: inEventOrder(events),
    toDescribe: pending.toDescribe,
  };
}

/** A tracked or newly lagging topic, before the bound decides which are kept. */
interface Candidate {
  readonly topicName: string;
  /** Worst lag, to rank it by. */
  readonly messagesBehind: number;
  /** An alert is open for it. */
  readonly notified: boolean;
  /** Its record and events once it is kept. */
  readonly settle: () => { readonly progress: TopicProgress; readonly events: readonly TopicEvent[] };
}

function evaluateLagging(
  linkName: string,
  progress: readonly TopicProgress[],
  observed: ReadonlyMap<string, TopicReading>,
  gone: (name: string) => boolean,
  readAtMs: number,
  settings: ReadinessSettings,
  target: number | null,
): { readonly progress: TopicProgress[]; readonly events: TopicEvent[] } {
  const stallReads = Math.max(1, settings.stallReads);
  const events: TopicEvent[] = [];
  const candidates: Candidate[] = [];
  const fresh = (
    before: TopicProgress | undefined,
    topicName: string,
    reading: TrackableReading,
  ): Candidate => ({
    topicName,
    messagesBehind: reading.messagesBehind,
    notified: before !== undefined && (before.stallNotified || before.behindNotified),
    settle: () =>
      progressOf(linkName, topicName, before, reading, stepOf(before, reading, readAtMs, stallReads), target),
  });
  for (const before of progress) {
    const reading = observed.get(before.topicName);
    if (reading === undefined) {
      if (gone(before.topicName)) events.push(...endTopic(linkName, before, null, null));
      else candidates.push(unchanged(before));
    } else if (reading.messagesBehind === 0) {
      const figures = figuresOf(reading, stepOf(before, reading, readAtMs, stallReads), target);
      events.push(...endTopic(linkName, before, reading, figures));
    } else candidates.push(trackable(reading) ? fresh(before, before.topicName, reading) : unchanged(before));
  }
  const recorded = new Set(progress.map((p) => p.topicName));
  for (const [topicName, reading] of observed)
    if (!recorded.has(topicName) && trackable(reading)) candidates.push(fresh(undefined, topicName, reading));
  // Topics already notified first, so that an alert opened for one is never left without its end.
  const kept = candidates
    .sort(
      (a, b) =>
        Number(b.notified) - Number(a.notified) ||
        b.messagesBehind - a.messagesBehind ||
        byCodePoint(a.topicName, b.topicName),
    )
    .slice(0, MAX_PROGRESS_TOPICS)
    .map((candidate) => candidate.settle());
  for (const outcome of kept) events.push(...outcome.events);
  return {
    progress: kept.map((outcome) => outcome.progress).sort((a, b) => byCodePoint(a.topicName, b.topicName)),
    events,
  };
}

/** A tracked topic this read says nothing usable about: its record stands as it was. */
function unchanged(before: TopicProgress): Candidate {
  return {
    topicName: before.topicName,
    messagesBehind: worstLag(before.partitions),
    notified: before.stallNotified || before.behindNotified,
    settle: () => ({ progress: before, events: [] }),
  };
}

type TrackableReading = TopicReading & { readonly messagesBehind: number };

/** A lagging topic can be followed only through a lagging partition whose fetch offset is known. */
function trackable(reading: TopicReading): reading is TrackableReading {
  return reading.partitions.some((p) => p.lag > 0 && p.fetchOffset !== null);
}

/** One lagging topic's record after this read, and the stall and time-behind events it makes. */
function progressOf(
  linkName: string,
  topicName: string,
  before: TopicProgress | undefined,
  reading: TopicReading,
  step: Step,
  target: number | null,
): { readonly progress: TopicProgress; readonly events: TopicEvent[] } {
  const { unmovedReads, risingReads } = step;
  const stall =
    unmovedReads >= step.stallReads
      ? { rule: 'fetch-stopped' as const, reads: unmovedReads }
      : risingReads >= step.stallReads
        ? { rule: 'lag-rising' as const, reads: risingReads }
        : null;
  const events: TopicEvent[] = [];
  const wasStalled = before?.stallNotified ?? false;
  if (stall !== null && !wasStalled)
    events.push(
      topicEvent(
        linkName,
        topicName,
        'MIRROR_TOPIC_STALLED',
        'critical',
        reading,
        figuresOf(reading, step, target, stall),
      ),
    );
  if (stall === null && wasStalled)
    events.push(
      topicEvent(
        linkName,
        topicName,
        'MIRROR_TOPIC_STALLED',
        'resolved',
        reading,
        figuresOf(reading, step, target),
      ),
    );
  const wasBehind = before?.behindNotified ?? false;
  const over = target !== null && step.secondsBehind !== null && step.secondsBehind > target;
  // An unknown estimate (nothing moved) neither raises nor ends it: the stall rule speaks then.
  const within = target === null || (step.secondsBehind !== null && step.secondsBehind <= target);
  const behindNotified = over || (wasBehind && !within);
  if (over && !wasBehind)
    events.push(
      topicEvent(
        linkName,
        topicName,
        'MIRROR_BEHIND_TARGET',
        'warning',
        reading,
        figuresOf(reading, step, target),
      ),
    );
  if (wasBehind && within)
    events.push(
      topicEvent(
        linkName,
        topicName,
        'MIRROR_BEHIND_TARGET',
        'resolved',
        reading,
        figuresOf(reading, step, target),
      ),
    );
  const progress: TopicProgress = {
    topicName,
    readAtMs: step.readAtMs,
    partitions: step.partitions,
    unmovedReads,
    risingReads,
    secondsBehind: step.secondsBehind,
    fetchRate: step.fetchRate,
    stallNotified: stall !== null,
    behindNotified,
  };
  // Figures that did not change keep their record, read time included: a lasting stall writes nothing.
  const unchangedSince =
    before !== undefined && isDeepStrictEqual({ ...before, readAtMs: step.readAtMs }, progress);
  return { progress: unchangedSince ? before : progress, events };
}

/** The ends of whatever a topic that caught up or is gone had notified. */
function endTopic(
  linkName: string,
  before: TopicProgress,
  reading: TopicReading | null,
  figures: MirrorProgressFigures | null,
): TopicEvent[] {
  const events: TopicEvent[] = [];
  if (before.stallNotified)
    events.push(topicEvent(linkName, before.topicName, 'MIRROR_TOPIC_STALLED', 'resolved', reading, figures));
  if (before.behindNotified)
    events.push(topicEvent(linkName, before.topicName, 'MIRROR_BEHIND_TARGET', 'resolved', reading, figures));
  return events;
}

/**
 * What this read says against the previous one. Per partition seen at both with its fetch offset
 * moved forward: rate = moved / elapsed, time behind = lag / rate; the topic is as far behind as
 * its slowest such partition. An offset that went back (the topic was recreated) starts that
 * partition over: it is compared with nothing this time.
 */
function stepOf(
  before: TopicProgress | undefined,
  reading: TopicReading,
  readAtMs: number,
  stallReads: number,
): Step {
  const partitions = reading.partitions
    .filter((p): p is PartitionReading & { fetchOffset: number } => p.lag > 0 && p.fetchOffset !== null)
    .slice(0, MAX_PROGRESS_PARTITIONS)
    .map((p) => ({ partition: p.partition, fetchOffset: p.fetchOffset, lag: p.lag }));
  const first: Step = {
    readAtMs,
    partitions,
    stallReads,
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind: null,
    fetchRate: null,
    basisSeconds: null,
  };
  if (before === undefined) return first;
  const now = new Map(reading.partitions.map((p) => [p.partition, p]));
  const elapsedMs = readAtMs - before.readAtMs;
  let unmoved = false;
  let fetched = 0;
  const behind: number[] = [];
  for (const then of before.partitions) {
    const p = now.get(then.partition);
    if (p === undefined || p.fetchOffset === null) continue;
    const moved = p.fetchOffset - then.fetchOffset;
    if (moved === 0 && p.lag > 0) unmoved = true;
    if (moved > 0 && elapsedMs > 0) {
      fetched += moved;
      // lag / (moved / elapsed), in that order of operations to keep whole figures whole.
      behind.push((p.lag * elapsedMs) / moved / 1000);
    }
  }
  const counted = (holds: boolean, count: number): number => (holds ? Math.min(count + 1, stallReads) : 0);
  return {
    ...first,
    unmovedReads: counted(unmoved, before.unmovedReads),
    risingReads: counted(worstLag(partitions) > worstLag(before.partitions), before.risingReads),
    ...(behind.length > 0 && {
      // Whole seconds, rounded up: an estimate against a recovery point target should not flatter.
      secondsBehind: Math.ceil(roundTo(Math.max(...behind), 3)),
      fetchRate: rateFigure((fetched * 1000) / elapsedMs),
      basisSeconds: elapsedMs / 1000,
    }),
  };
}

function evaluateStuck(
  linkName: string,
  stuck: readonly StuckTopic[],
  observed: ReadonlyMap<string, TopicReading>,
  gone: (name: string) => boolean,
  readAtMs: number,
  settings: ReadinessSettings,
): { readonly stuck: StuckTopic[]; readonly events: TopicEvent[]; readonly toDescribe: string[] } {
  const isStuck = (r: TopicReading): r is TopicReading & { stateTimeMs: number } =>
    STUCK_STATUSES.has(r.status) &&
    r.stateTimeMs !== null &&
    readAtMs - r.stateTimeMs > settings.stuckAfterMs;
  const events: TopicEvent[] = [];
  const next: StuckTopic[] = [];
  const continuing = new Set<string>();
  for (const before of stuck) {
    const reading = observed.get(before.topicName);
    const stays =
      reading === undefined
        ? !gone(before.topicName)
        : reading.status === before.status && (reading.stateTimeMs === null || isStuck(reading));
    if (stays) {
      next.push(before);
      continuing.add(before.topicName);
    } else
      events.push(
        topicEvent(linkName, before.topicName, 'MIRROR_TRANSITION_STUCK', 'resolved', reading ?? null, null),
      );
  }
  const fresh = [...observed]
    .filter((entry): entry is [string, TopicReading & { stateTimeMs: number }] => isStuck(entry[1]))
    .filter(([name]) => !continuing.has(name))
    // Longest stuck first when there is no room for them all.
    .sort(([a, x], [b, y]) => x.stateTimeMs - y.stateTimeMs || byCodePoint(a, b))
    .slice(0, Math.max(0, MAX_PROGRESS_TOPICS - next.length));
  const toDescribe: string[] = [];
  for (const [topicName, reading] of fresh) {
    next.push({ topicName, status: reading.status, sinceMs: reading.stateTimeMs, transitionErrors: [] });
    events.push(topicEvent(linkName, topicName, 'MIRROR_TRANSITION_STUCK', 'critical', reading, null));
    toDescribe.push(topicName);
  }
  return {
    stuck: next.sort((a, b) => byCodePoint(a.topicName, b.topicName)),
    events,
    toDescribe: toDescribe.sort(byCodePoint),
  };
}

function figuresOf(
  reading: TopicReading,
  step: Step,
  target: number | null,
  stall?: MirrorProgressFigures['stall'],
): MirrorProgressFigures {
  return {
    messagesBehind: reading.messagesBehind ?? 0,
    secondsBehind: step.secondsBehind,
    fetchRate: step.fetchRate,
    basisSeconds: step.basisSeconds,
    targetSeconds: target,
    ...(stall !== undefined && { stall }),
    worstPartitions: step.partitions
      .slice(0, MAX_WORST_PARTITIONS)
      .map((p) => ({ partition: p.partition, messagesBehind: p.lag, fetchOffset: p.fetchOffset })),
  };
}

type ProgressEventType = 'MIRROR_TOPIC_STALLED' | 'MIRROR_BEHIND_TARGET' | 'MIRROR_TRANSITION_STUCK';

/** An event with the topic it is about, for ordering. */
interface TopicEvent {
  readonly topicName: string;
  readonly type: ProgressEventType;
  readonly event: LinkChangeEvent;
}

/**
 * A readiness event. `to` is the figure that matters: messages behind for a stall, seconds
 * behind for a target breach, the status for a stuck transition; null when unknown (the topic
 * is gone, or no longer read). The part carries the topic's status as read, null when gone.
 */
function topicEvent(
  linkName: string,
  topicName: string,
  type: ProgressEventType,
  severity: 'critical' | 'warning' | 'resolved',
  reading: TopicReading | null,
  figures: MirrorProgressFigures | null,
): TopicEvent {
  const part: EventPart = {
    kind: 'mirror-topic',
    name: topicName,
    state: reading?.status ?? null,
    errorCode: null,
    errorMessage: null,
    stateSince: reading?.stateTimeMs == null ? null : isoOrNull(reading.stateTimeMs),
    ...(figures !== null && { progress: figures }),
  };
  const to =
    type === 'MIRROR_TRANSITION_STUCK'
      ? (reading?.status ?? null)
      : type === 'MIRROR_TOPIC_STALLED'
        ? figures === null
          ? null
          : String(figures.messagesBehind)
        : figures?.secondsBehind == null
          ? null
          : String(figures.secondsBehind);
  return {
    topicName,
    type,
    event: {
      type,
      severity,
      linkName,
      from: null,
      to,
      topicsAdded: [],
      topicsRemoved: [],
      part,
      alertWorthy: true,
    },
  };
}

/** By topic name, then type; stable, so an end comes before a new start of the same condition. */
function inEventOrder(events: readonly TopicEvent[]): LinkChangeEvent[] {
  return [...events]
    .sort((a, b) => byCodePoint(a.topicName, b.topicName) || byCodePoint(a.type, b.type))
    .map((e) => e.event);
}

function worstLag(partitions: readonly { readonly lag: number }[]): number {
  return partitions.reduce((worst, p) => Math.max(worst, p.lag), 0);
}

function withReadiness(
  link: ClusterLink,
  progress: readonly TopicProgress[],
  stuck: readonly StuckTopic[],
): ClusterLink {
  const { topicProgress: _progress, stuckTopics: _stuck, ...rest } = link;
  return {
    ...rest,
    ...(progress.length > 0 && { topicProgress: progress }),
    ...(stuck.length > 0 && { stuckTopics: stuck }),
  };
}

/** A count a server may send: whole, non-negative and exact in a double. */
function isCount(value: number | null | undefined): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function worstFirst(a: PartitionReading, b: PartitionReading): number {
  return b.lag - a.lag || a.partition - b.partition;
}

/** Three significant digits: what a reader compares, and a slow fetch that moves never reads as 0. */
function rateFigure(perSecond: number): number {
  return Number(perSecond.toPrecision(3));
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
