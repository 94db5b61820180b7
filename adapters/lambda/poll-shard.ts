/**
 * Shard selection: past what one invocation polls in time, the stack runs one schedule per shard
 * of the clusters and each schedule's event names its shard; the poller polls that shard only.
 */

/** The invocation's event asks for something the poller cannot do; the stack never sends such an event. */
export class InvalidPollEventError extends Error {
  override readonly name = 'InvalidPollEventError';
}

/** The part of the clusters one scheduled invocation polls: every `shards`-th, starting at `shard`. */
export interface PollShard {
  readonly shard: number;
  readonly shards: number;
}

/**
 * The shard an invocation's event names (`{"shard": 0, "shards": 4}`, set by the stack's schedules
 * when one invocation cannot poll every cluster in time), or null for an event without one: all clusters.
 * @throws InvalidPollEventError when the event names a shard that does not exist
 */
export function shardOf(event: unknown): PollShard | null {
  if (typeof event !== 'object' || event === null || !('shards' in event)) return null;
  const { shard, shards } = event as { shard?: unknown; shards?: unknown };
  if (
    typeof shards !== 'number' ||
    typeof shard !== 'number' ||
    !Number.isInteger(shards) ||
    !Number.isInteger(shard) ||
    shards < 1 ||
    shard < 0 ||
    shard >= shards
  ) {
    throw new InvalidPollEventError('shard must be a whole number from 0 to shards - 1, shards at least 1');
  }
  return { shard, shards };
}

/** The clusters of one shard, in config order; a stable split as long as the bundled list is the same. */
export function clustersOfShard<T>(clusters: readonly T[], shard: PollShard | null): T[] {
  if (shard === null) return [...clusters];
  return clusters.filter((_, index) => index % shard.shards === shard.shard);
}
