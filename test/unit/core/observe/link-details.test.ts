import { describe, expect, it } from 'vitest';
import type { ClusterLink, MirrorTopicState } from '../../../../core/model/link-model.js';
import {
  type DetailReadings,
  type LinkDetailSource,
  NO_READINGS,
  planDetailReads,
  readLinkDetails,
  withDetails,
} from '../../../../core/observe/link-details.js';
import { aLink } from '../../../support/link-fixtures.js';

const MINUTE = 60_000;
const T0 = Date.parse('2025-06-03T10:00:00Z');

function links(count: number, overrides: Partial<ClusterLink> = {}): ClusterLink[] {
  return Array.from({ length: count }, (_, n) =>
    aLink({ linkName: `link-${String(n).padStart(4, '0')}`, ...overrides }),
  );
}

const failed: MirrorTopicState = {
  topicName: 'payments',
  status: 'FAILED',
  error: 'SOURCE_TOPIC_MAY_BE_DELETED',
  stateTimeMs: T0,
  transitionErrors: [],
};

describe('Function: planDetailReads', () => {
  it('never plans more than the budget, even when every link of a 1,000-link cluster changed', () => {
    // Prepare
    const before = links(1000, { categoryCounts: [{ stateCategory: 'ACTIVE', count: 3 }] });
    const after = links(1000, { categoryCounts: [{ stateCategory: 'IN_ERROR', count: 3 }] });

    // Act
    const plan = planDetailReads(after, new Map(before.map((l) => [l.linkName, l])), {
      budget: 20,
      pollIntervalMs: MINUTE,
      now: new Date(T0),
    });

    // Assess
    expect(plan.topics.length + plan.tasks.length).toBe(20);
    expect(plan.topics.length).toBeGreaterThan(0);
  });

  it('reads the tasks of every link of a steady 1,000-link cluster within 100 polls, a few per poll', () => {
    // Prepare
    const steady = links(1000);
    const recorded = new Map(steady.map((l) => [l.linkName, l]));
    const seen = new Set<string>();
    let most = 0;

    // Act
    for (let poll = 0; poll < 100; poll++) {
      const plan = planDetailReads(steady, recorded, {
        budget: 20,
        pollIntervalMs: MINUTE,
        now: new Date(T0 + poll * MINUTE),
      });
      for (const name of plan.tasks) seen.add(name);
      most = Math.max(most, plan.tasks.length + plan.topics.length);
    }

    // Assess
    expect(seen.size).toBe(1000);
    expect(most).toBeLessThanOrEqual(10);
  });

  it('reads the mirror topics of a link whose counts show topics in error, and the tasks of a link that changed', () => {
    const before = aLink({ linkName: 'a', categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }] });
    const now = [
      aLink({ linkName: 'a', categoryCounts: [{ stateCategory: 'IN_ERROR', count: 2 }] }),
      aLink({ linkName: 'b', categoryCounts: [{ stateCategory: 'PAUSED', count: 1 }] }),
    ];
    const plan = planDetailReads(
      now,
      new Map([
        ['a', before],
        ['b', aLink({ linkName: 'b', categoryCounts: [{ stateCategory: 'PAUSED', count: 1 }] })],
      ]),
      {
        budget: 20,
        pollIntervalMs: MINUTE,
        now: new Date(T0),
      },
    );
    expect(plan.topics).toEqual(['a', 'b']);
    expect(plan.tasks).toContain('a');
  });

  it('reads nothing of a link whose own condition is unhealthy: its parts only echo it', () => {
    const down = aLink({ linkState: 'FAILED', categoryCounts: [{ stateCategory: 'IN_ERROR', count: 9 }] });
    const plan = planDetailReads([down], new Map([[down.linkName, aLink()]]), {
      budget: 20,
      pollIntervalMs: MINUTE,
      now: new Date(T0),
    });
    expect(plan).toEqual({ topics: [], tasks: [] });
  });
});

describe('Function: withDetails', () => {
  it('keeps the recorded topics and tasks of a link whose reads were not made or failed (unknown is not healthy)', () => {
    const recorded = aLink({
      mirrorTopics: [failed],
      tasks: [{ taskName: 'AclSync', state: 'IN_ERROR', errors: [] }],
    });
    const merged = withDetails(aLink(), recorded, NO_READINGS);
    expect(merged.mirrorTopics).toEqual([failed]);
    expect(merged.tasks).toEqual(recorded.tasks);
  });

  it('keeps only the unhealthy topics and tasks of a complete read', () => {
    const readings: DetailReadings = {
      ...NO_READINGS,
      tasks: new Map([['orders-dr', [{ taskName: 'AclSync', state: 'ACTIVE', errors: [] }]]]),
      topics: new Map([
        [
          'orders-dr',
          { complete: true, topics: [{ ...failed, topicName: 'orders', status: 'ACTIVE', error: null }] },
        ],
      ]),
    };
    const merged = withDetails(aLink(), aLink({ mirrorTopics: [failed] }), readings);
    expect(merged.mirrorTopics).toBeUndefined();
    expect(merged.tasks).toEqual([]);
  });

  it('leaves topics a partial read did not see as recorded', () => {
    const readings: DetailReadings = {
      ...NO_READINGS,
      topics: new Map([
        [
          'orders-dr',
          { complete: false, topics: [{ ...failed, topicName: 'orders', status: 'ACTIVE', error: null }] },
        ],
      ]),
    };
    expect(withDetails(aLink(), aLink({ mirrorTopics: [failed] }), readings).mirrorTopics).toEqual([failed]);
  });
});

describe('Function: readLinkDetails', () => {
  function source(overrides: Partial<LinkDetailSource> = {}): LinkDetailSource & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      readLinkTasks: async (r) => {
        calls.push(`tasks ${r.linkName}`);
        return [];
      },
      readLinkMirrorTopics: async (r) => {
        calls.push(`mirrors ${r.linkName}`);
        return { topics: [failed], complete: true };
      },
      readMirrorTopic: async (r) => {
        calls.push(`describe ${r.linkName}/${r.topicName}`);
        return { ...failed, transitionErrors: [{ errorCode: 'X', errorMessage: 'why' }] };
      },
      readClusterMirrorLags: async () => {
        calls.push('cluster mirrors');
        return { topics: [], complete: true };
      },
      ...overrides,
    };
  }

  it('describes a newly failed mirror topic for its state-transition errors', async () => {
    const src = source();
    const readings = await readLinkDetails('lkc-1', { topics: ['a'], tasks: [] }, new Map(), src, {
      budget: 20,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });
    expect(src.calls).toEqual(['mirrors a', 'describe a/payments']);
    expect(readings.topics.get('a')?.topics[0]?.transitionErrors).toEqual([
      { errorCode: 'X', errorMessage: 'why' },
    ]);
    expect(readings.requests).toBe(2);
  });

  it('stops reading after a 429 and never throws; the failed links are simply not in the readings', async () => {
    const rateLimited = Object.assign(new Error('429'), { kind: 'rate-limited' });
    const src = source({
      readLinkTasks: async () => {
        throw rateLimited;
      },
    });
    const readings = await readLinkDetails(
      'lkc-1',
      { topics: [], tasks: ['a', 'b', 'c', 'd', 'e', 'f'] },
      new Map(),
      src,
      {
        budget: 20,
        deadline: Number.POSITIVE_INFINITY,
        now: () => 0,
      },
    );
    expect(readings.rateLimited).toBe(true);
    expect(readings.tasks.size).toBe(0);
    // The reads already in flight when the first 429 came back count; none is started after it.
    expect(readings.requests).toBeLessThanOrEqual(4);
    expect(readings.failures).toBe(readings.requests);
  });

  it('makes no request past the budget', async () => {
    const src = source();
    const readings = await readLinkDetails(
      'lkc-1',
      { topics: ['a', 'b', 'c'], tasks: ['a', 'b', 'c'] },
      new Map(),
      src,
      {
        budget: 4,
        deadline: Number.POSITIVE_INFINITY,
        now: () => 0,
      },
    );
    expect(readings.requests).toBe(4);
    expect(src.calls).toHaveLength(4);
  });
});
