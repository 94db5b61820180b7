import { describe, expect, it } from 'vitest';
import type { MirrorTopicState, UnreadParts } from '../../../../core/model/link-model.js';
import {
  type DetailReadings,
  type LinkDetailSource,
  NO_READINGS,
  readLinkDetails,
  withDetails,
} from '../../../../core/observe/link-details.js';
import { aLink } from '../../../support/link-fixtures.js';

const T0 = Date.parse('2025-06-03T10:00:00Z');
const OWED: UnreadParts = { since: '2025-06-03T09:55:00.000Z', mirrorTopics: true, tasks: true };

const failed: MirrorTopicState = {
  topicName: 'payments',
  status: 'FAILED',
  error: 'SOURCE_TOPIC_MAY_BE_DELETED',
  stateTimeMs: T0,
  transitionErrors: [],
};

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

  it('keeps the reads a link owes while the readings say nothing of it, and what they say once they do', () => {
    // Prepare
    const recorded = aLink({ unreadParts: OWED });
    const paid: DetailReadings = { ...NO_READINGS, unread: new Map([['orders-dr', null]]) };
    const partly: DetailReadings = {
      ...NO_READINGS,
      unread: new Map([['orders-dr', { ...OWED, mirrorTopics: false }]]),
    };

    // Act
    const kept = withDetails(aLink(), recorded, NO_READINGS);
    const cleared = withDetails(aLink(), recorded, paid);
    const tasksLeft = withDetails(aLink(), recorded, partly);

    // Assess
    expect(kept.unreadParts).toEqual(OWED);
    expect(cleared).not.toHaveProperty('unreadParts');
    expect(tasksLeft.unreadParts).toEqual({ ...OWED, mirrorTopics: false });
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
  it("reads the turns' tasks before describing, and owed tasks after: a failure is described only in the poll that finds it", async () => {
    // Prepare
    const src = source();
    const plan = { topics: ['a'], tasks: ['r1', 'r2'], owedTasks: ['o1', 'o2'] };

    // Act
    const readings = await readLinkDetails('lkc-1', plan, new Map(), src, {
      budget: 4,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });

    // Assess
    expect(src.calls).toEqual(['mirrors a', 'tasks r1', 'tasks r2', 'describe a/payments']);
    expect(readings.requests).toBe(4);
  });

  it('pays what each link owed with the reads that succeeded, and keeps the rest owed', async () => {
    // Prepare
    const src = source({
      readLinkTasks: async (r) => {
        if (r.linkName === 'b') throw new Error('500');
        return [];
      },
    });
    const plan = {
      topics: ['a', 'b'],
      tasks: [],
      owedTasks: ['a', 'b'],
      owed: new Map([
        ['a', OWED],
        ['b', OWED],
        ['c', OWED],
      ]),
    };

    // Act
    const readings = await readLinkDetails('lkc-1', plan, new Map(), src, {
      budget: 20,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });

    // Assess: c was not read at all
    expect(Object.fromEntries(readings.unread)).toEqual({
      a: null,
      b: { ...OWED, mirrorTopics: false },
      c: OWED,
    });
  });
});
