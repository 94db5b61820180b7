/**
 * What one cluster-wide mirrors read says of each link's mirror topics, for the readiness rules
 * (`mirror-progress.ts`): the numbers a server sent, validated, each topic's partitions worst
 * first. Pure.
 */
import { BOUNDS, boundIdentifier } from '../model/bounds.js';
import type { ClusterMirrorLags } from './mirror-lag.js';

/**
 * Lagging topics tracked per link, so that a link whose every topic lags still writes a bounded
 * snapshot; stuck topics alike.
 */
export const MAX_PROGRESS_TOPICS = 20;
/** Kafka's partition ids are 32-bit; anything larger is not a partition. */
const MAX_PARTITION = 2 ** 31 - 1;

/** One usable partition of a read: numbers validated. */
export interface PartitionReading {
  readonly partition: number;
  readonly lag: number;
  /** Null when not sent or not usable: the partition then counts for lag, not for rate or stall. */
  readonly fetchOffset: number | null;
}

/** A mirror topic as one read found it, numbers validated. */
export interface TopicReading {
  readonly status: string;
  readonly stateTimeMs: number | null;
  /** The most messages behind of any usable partition; null when no partition's lag is usable. */
  readonly messagesBehind: number | null;
  /** Usable partitions, worst first. */
  readonly partitions: readonly PartitionReading[];
}

/**
 * Each link's topics from the read. A partition, lag or offset that is not a whole,
 * non-negative, safe number is hostile or broken data: a partition without a usable lag is left
 * out, one without a usable offset counts for lag only. A topic listed twice counts at its worst.
 */
export function readingsByLink(reading: ClusterMirrorLags): Map<string, Map<string, TopicReading>> {
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

/** A count a server may send: whole, non-negative and exact in a double. */
function isCount(value: number | null | undefined): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function worstFirst(a: PartitionReading, b: PartitionReading): number {
  return b.lag - a.lag || a.partition - b.partition;
}
