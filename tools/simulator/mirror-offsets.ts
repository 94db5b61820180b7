/**
 * Where a simulated link's mirror topics stand on the simulated clock: per partition, how far the
 * source topic has been produced to and how far the link has fetched from it, each moving at the
 * topic's rate. Pure: the simulator hands in the time. Two reads at different times thus show what
 * the monitor estimates time behind and stalls from (`NOTES.md`, "Failover readiness"): the fetch
 * offset advances by fetch rate × elapsed, and lag = produced − fetched.
 *
 * Only topics that differ from "caught up at the default rate since the link was created" are
 * held one by one, so that a thousand generated links cost one small record each.
 */
import type { SimulatedLink } from './simulated-link.js';
import { linkWideCondition, type SimulatedMirrorTopic } from './simulated-mirrors.js';

/** Partitions of every simulated mirror topic. */
export const SIMULATED_PARTITIONS = 3;
/** Messages per second per partition, produced and fetched, of a topic whose rates are not scripted. */
export const DEFAULT_MESSAGES_PER_SECOND = 10;
/** Partition p's `last_source_fetch_offset` starts at this plus p: recognisable, never 0. */
const FIRST_OFFSET = 1000;

/** One partition as a read shows it (`mirror_lags[]`). */
export interface PartitionReading {
  readonly partition: number;
  readonly lag: number;
  readonly last_source_fetch_offset: number;
}

/** A mirror topic as a read at some time shows it. */
export interface TopicReading {
  readonly mirrorLags: readonly PartitionReading[];
  /** `state_time_ms`: when the topic entered the status it is reported in. */
  readonly stateTimeMs: number;
  /** It fetches nothing while it lags: what a dry run refuses as stalled. */
  readonly stalled: boolean;
}

/** A topic's partitions at `atMs`, and the rates they move at from then on. */
export interface TopicOffsets {
  readonly atMs: number;
  /** The source topic's end offset, per partition. */
  readonly produced: readonly number[];
  /** `last_source_fetch_offset`, per partition; never past `produced`. */
  readonly fetched: readonly number[];
  /** Messages per second per partition. */
  readonly produceRate: number;
  readonly fetchRate: number;
  /** The status the topic is scripted with, and since when (its link's condition aside). */
  readonly status: string;
  readonly statusSinceMs: number;
}

/** A link's mirror topics on the clock. */
export interface LinkOffsets {
  readonly createdAtMs: number;
  /** The link's condition that its topics echo (LINK_FAILED, LINK_PAUSED), and since when. */
  readonly wide: 'FAILED' | 'PAUSED' | null;
  readonly wideSinceMs: number;
  /** Topics scripted or added after the link was created; any other is caught up since `createdAtMs`. */
  readonly topics: ReadonlyMap<string, TopicOffsets>;
}

/** A change to a link, as the offsets need to follow it. */
export interface LinkChange {
  /** The link before the change; null when the change creates it. */
  readonly before: SimulatedLink | null;
  readonly after: SimulatedLink;
  /** Topics whose partition-0 lag the change sets; their rates move it from then on. */
  readonly lagSet?: ReadonlyMap<string, number>;
}

/** A topic's produce and fetch rates; the fetch rate keeps up with the produce rate unless scripted. */
export function ratesOf(topic: SimulatedMirrorTopic | undefined): {
  readonly produceRate: number;
  readonly fetchRate: number;
} {
  const produceRate = topic?.produceRate ?? DEFAULT_MESSAGES_PER_SECOND;
  return { produceRate, fetchRate: topic?.fetchRate ?? produceRate };
}

/** The partitions' lags set by a link's creation or a patch: each topic's scripted `lag`. */
export function lagsSetBy(
  mirrorTopics: Readonly<Record<string, SimulatedMirrorTopic>> | undefined,
): Map<string, number> {
  const lags = new Map<string, number>();
  for (const [name, topic] of Object.entries(mirrorTopics ?? {}))
    if (topic.lag !== undefined) lags.set(name, topic.lag);
  return lags;
}

/** The offsets after `change`, made at `nowMs`; `previous` is null when the change creates the link. */
export function followLink(change: LinkChange, previous: LinkOffsets | null, nowMs: number): LinkOffsets {
  const { before, after } = change;
  const lagSet = change.lagSet ?? new Map<string, number>();
  const wide = linkWideCondition(after);
  const topics = new Map<string, TopicOffsets>();
  if (previous === null || before === null) {
    for (const name of after.topicNames) {
      const scripted = after.mirrorTopics?.[name];
      if (scripted !== undefined || lagSet.has(name))
        topics.set(name, startTopic(scripted, nowMs, lagSet.get(name) ?? 0));
    }
    return { createdAtMs: nowMs, wide, wideSinceMs: nowMs, topics };
  }
  const listed = new Set(before.topicNames);
  for (const name of after.topicNames) {
    const scripted = after.mirrorTopics?.[name];
    const held = previous.topics.get(name);
    if (held === undefined && !listed.has(name)) {
      topics.set(name, startTopic(scripted, nowMs, lagSet.get(name) ?? 0));
      continue;
    }
    const from = held ?? startTopic(undefined, previous.createdAtMs, 0);
    const next = moveTopic(from, scripted, nowMs, lagSet.get(name));
    if (held !== undefined || next !== from) topics.set(name, next);
  }
  return {
    createdAtMs: previous.createdAtMs,
    wide,
    wideSinceMs: wide === previous.wide ? previous.wideSinceMs : nowMs,
    topics,
  };
}

/** A topic of the link as a read at `nowMs` shows it. */
export function readTopic(offsets: LinkOffsets, topicName: string, nowMs: number): TopicReading {
  const topic = offsets.topics.get(topicName) ?? startTopic(undefined, offsets.createdAtMs, 0);
  const { produced, fetched } = positionsAt(topic, nowMs);
  const mirrorLags = fetched.map((offset, partition) => ({
    partition,
    lag: (produced[partition] ?? offset) - offset,
    last_source_fetch_offset: offset,
  }));
  return {
    mirrorLags,
    // Leaving a link-wide condition is entering the topic's own status again.
    stateTimeMs:
      offsets.wide !== null ? offsets.wideSinceMs : Math.max(offsets.wideSinceMs, topic.statusSinceMs),
    stalled: topic.fetchRate === 0 && mirrorLags.some((p) => p.lag > 0),
  };
}

function startTopic(topic: SimulatedMirrorTopic | undefined, atMs: number, lag: number): TopicOffsets {
  const fetched = Array.from({ length: SIMULATED_PARTITIONS }, (_, p) => FIRST_OFFSET + p);
  return {
    atMs,
    produced: fetched.map((offset, p) => (p === 0 ? offset + lag : offset)),
    fetched,
    ...ratesOf(topic),
    status: topic?.status ?? 'ACTIVE',
    statusSinceMs: atMs,
  };
}

/** The topic re-anchored at `nowMs` under its scripted rates and status; the same object when nothing moves. */
function moveTopic(
  from: TopicOffsets,
  scripted: SimulatedMirrorTopic | undefined,
  nowMs: number,
  lag: number | undefined,
): TopicOffsets {
  const rates = ratesOf(scripted);
  const status = scripted?.status ?? 'ACTIVE';
  if (
    lag === undefined &&
    rates.produceRate === from.produceRate &&
    rates.fetchRate === from.fetchRate &&
    status === from.status
  )
    return from;
  const { produced, fetched } = positionsAt(from, nowMs);
  return {
    atMs: nowMs,
    // A lag is set on the source's side: the fetch offset never jumps, which would read as a recreated topic.
    produced:
      lag === undefined
        ? produced
        : produced.map((offset, p) => (p === 0 ? (fetched[0] ?? offset) + lag : offset)),
    fetched,
    ...rates,
    status,
    statusSinceMs: status === from.status ? from.statusSinceMs : nowMs,
  };
}

/** Where the partitions stand at `nowMs`: fetching faster than producing catches up, never overtakes. */
function positionsAt(
  topic: TopicOffsets,
  nowMs: number,
): { readonly produced: number[]; readonly fetched: number[] } {
  const seconds = Math.max(0, nowMs - topic.atMs) / 1000;
  const produced = topic.produced.map((offset) => offset + Math.floor(topic.produceRate * seconds));
  const fetched = topic.fetched.map((offset, p) =>
    Math.min(produced[p] ?? offset, offset + Math.floor(topic.fetchRate * seconds)),
  );
  return { produced, fetched };
}
