import { describe, expect, it } from 'vitest';
import { clustersOfShard, InvalidPollEventError, shardOf } from '../../../../adapters/lambda/poll-shard.js';

describe('poll shards', () => {
  const clusters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('polls every cluster for an event without a shard', () => {
    // Act
    const shard = shardOf({ source: 'cluster-link-monitor.schedule' });

    // Assess
    expect(shard).toBeNull();
    expect(clustersOfShard(clusters, shard)).toEqual(clusters);
  });

  it('splits the clusters into shards that together hold each cluster exactly once', () => {
    // Act
    const parts = [0, 1, 2].map((i) => clustersOfShard(clusters, shardOf({ shard: i, shards: 3 })));

    // Assess
    expect(parts).toEqual([
      ['a', 'd', 'g'],
      ['b', 'e'],
      ['c', 'f'],
    ]);
  });

  it.each([
    { shard: 3, shards: 3 },
    { shard: -1, shards: 3 },
    { shard: 0, shards: 0 },
    { shard: 0.5, shards: 2 },
    { shard: '0', shards: 2 },
    { shards: 2 },
  ])('refuses the event %j', (event) => {
    // Act
    const act = () => shardOf(event);

    // Assess
    expect(act).toThrow(InvalidPollEventError);
  });
});
