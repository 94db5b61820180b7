/**
 * The progress of a link's lagging mirror topics, read after read: Burrow's consumer rules applied
 * to mirrors. A lagging topic whose fetch offset stops moving, or whose lag keeps rising, has
 * stalled (MIRROR_TOPIC_STALLED, critical); one whose estimated time behind exceeds its link's
 * target is behind it (MIRROR_BEHIND_TARGET, warning). Each is raised once and resolved once. Pure.
 *
 * Time behind has no field of its own: it is estimated from two reads, as lag divided by the rate
 * at which the partition's `last_source_fetch_offset` moved between them, so the record of a
 * lagging topic keeps the offsets of the last read.
 */
import { isDeepStrictEqual } from 'node:util';
import type { MirrorProgressFigures } from '../model/change-events.js';
import type { PartitionProgress, TopicProgress } from '../model/link-model.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import { MAX_WORST_PARTITIONS } from './mirror-lag.js';
import {
  byCodePoint,
  type ProgressEventType,
  type TopicEvent,
  topicEvent,
} from './mirror-progress-events.js';
import { MAX_PROGRESS_TOPICS, type PartitionReading, type TopicReading } from './mirror-progress-readings.js';

/** Lagging partitions kept per topic, worst first: enough to see a stall and estimate a rate. */
export const MAX_PROGRESS_PARTITIONS = 10;

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

/**
 * A link's lagging topics after a read that reached it: the records to keep, by name, at most
 * {@link MAX_PROGRESS_TOPICS} (those with an open alert first, then the furthest behind), and the
 * stall and time-behind events they make.
 *
 * @param gone - whether a topic the read did not show is gone (its alerts then end)
 * @param target - the link's time-behind target in seconds; null: none
 */
export function trackLaggingTopics(
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
      if (gone(before.topicName)) events.push(...endedTopicEvents(linkName, before, null, null));
      else candidates.push(unchanged(before));
    } else if (reading.messagesBehind === 0) {
      const figures = figuresOf(reading, stepOf(before, reading, readAtMs, stallReads), target);
      events.push(...endedTopicEvents(linkName, before, reading, figures));
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

/**
 * The ends of whatever a topic had notified: when it caught up (with the figures of that read), or
 * is gone, or readiness ends for its link (with none).
 */
export function endedTopicEvents(
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
  const event = (
    type: ProgressEventType,
    severity: 'critical' | 'warning' | 'resolved',
    found?: MirrorProgressFigures['stall'],
  ) => topicEvent(linkName, topicName, type, severity, reading, figuresOf(reading, step, target, found));
  const events: TopicEvent[] = [];
  const wasStalled = before?.stallNotified ?? false;
  if (stall !== null && !wasStalled) events.push(event('MIRROR_TOPIC_STALLED', 'critical', stall));
  if (stall === null && wasStalled) events.push(event('MIRROR_TOPIC_STALLED', 'resolved'));
  const wasBehind = before?.behindNotified ?? false;
  const over = target !== null && step.secondsBehind !== null && step.secondsBehind > target;
  // An unknown estimate (nothing moved) neither raises nor ends it: the stall rule speaks then.
  const within = target === null || (step.secondsBehind !== null && step.secondsBehind <= target);
  const behindNotified = over || (wasBehind && !within);
  if (over && !wasBehind) events.push(event('MIRROR_BEHIND_TARGET', 'warning'));
  if (wasBehind && within) events.push(event('MIRROR_BEHIND_TARGET', 'resolved'));
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

function worstLag(partitions: readonly { readonly lag: number }[]): number {
  return partitions.reduce((worst, p) => Math.max(worst, p.lag), 0);
}

/** Three significant digits: what a reader compares, and a slow fetch that moves never reads as 0. */
function rateFigure(perSecond: number): number {
  return Number(perSecond.toPrecision(3));
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
