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

  it('takes the tasks the listing carries when no task read was made, over the recorded ones', () => {
    const listed = aLink({
      tasks: [
        { taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] },
        { taskName: 'AclSync', state: 'ACTIVE', errors: [] },
      ],
    });
    const recorded = aLink({ tasks: [{ taskName: 'TopicConfigsSync', state: 'IN_ERROR', errors: [] }] });
    expect(withDetails(listed, recorded, NO_READINGS).tasks).toEqual([
      { taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] },
    ]);
  });

  it('gives a link seen for the first time, whose parts were not read, no tasks and no topics', () => {
    const merged = withDetails(aLink(), null, NO_READINGS);
    expect(merged.tasks).toEqual([]);
    expect(merged).not.toHaveProperty('mirrorTopics');
    expect(merged).not.toHaveProperty('unreadParts');
  });

  it("keeps a topic's recorded transition errors while its state holds, and drops them once it changes", () => {
    // Prepare: the errors came from describing the topics when they failed
    const errors = [{ errorCode: 'SOURCE_TOPIC_DELETED', errorMessage: 'gone' }];
    const recorded = aLink({
      mirrorTopics: [
        { ...failed, topicName: 'orders', transitionErrors: errors },
        { ...failed, topicName: 'payments', status: 'PAUSED', error: null, transitionErrors: errors },
      ],
    });
    const readings: DetailReadings = {
      ...NO_READINGS,
      topics: new Map([
        [
          'orders-dr',
          {
            complete: true,
            topics: [
              { ...failed, topicName: 'orders' },
              { ...failed, topicName: 'payments' },
            ],
          },
        ],
      ]),
    };

    // Act
    const merged = withDetails(aLink(), recorded, readings);

    // Assess: orders is still FAILED; payments went from PAUSED to FAILED and is not described yet
    expect(merged.mirrorTopics).toEqual([
      { ...failed, topicName: 'orders', transitionErrors: errors },
      { ...failed, topicName: 'payments', transitionErrors: [] },
    ]);
  });

  it('takes the transition errors of a new description over the recorded ones', () => {
    const recorded = aLink({
      mirrorTopics: [{ ...failed, transitionErrors: [{ errorCode: 'OLD', errorMessage: 'before' }] }],
    });
    const described = { ...failed, transitionErrors: [{ errorCode: 'NEW', errorMessage: 'now' }] };
    const readings: DetailReadings = {
      ...NO_READINGS,
      topics: new Map([['orders-dr', { complete: true, topics: [described] }]]),
    };
    expect(withDetails(aLink(), recorded, readings).mirrorTopics).toEqual([described]);
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

  it('leaves a link whose mirror topics cannot be read out of the readings, still owing them, and reads the others', async () => {
    // Prepare
    const src = source({
      readLinkMirrorTopics: async (r) => {
        if (r.linkName === 'b') throw new Error('500');
        return { topics: [], complete: true };
      },
    });
    const plan = { topics: ['a', 'b'], tasks: [], owed: new Map([['b', OWED]]) };

    // Act
    const readings = await readLinkDetails('lkc-1', plan, new Map(), src, {
      budget: 20,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });

    // Assess
    expect([...readings.topics.keys()]).toEqual(['a']);
    expect(readings.failures).toBe(1);
    expect(readings.unread.get('b')).toEqual(OWED);
  });

  it('describes only the topics that failed since the last poll: not healthy ones, nor ones already recorded as failed', async () => {
    // Prepare
    const read: MirrorTopicState[] = [
      { ...failed, topicName: 'already-failed' },
      { ...failed, topicName: 'healthy', status: 'ACTIVE', error: null },
      { ...failed, topicName: 'newly-failed' },
      { ...failed, topicName: 'never-seen' },
    ];
    const src = source({
      readLinkMirrorTopics: async (r) => {
        src.calls.push(`mirrors ${r.linkName}`);
        return { topics: read, complete: true };
      },
      readMirrorTopic: async (r) => {
        src.calls.push(`describe ${r.linkName}/${r.topicName}`);
        return { ...failed, topicName: r.topicName };
      },
    });
    const recorded = new Map([
      [
        'a',
        aLink({
          linkName: 'a',
          mirrorTopics: [
            { ...failed, topicName: 'already-failed' },
            { ...failed, topicName: 'newly-failed', status: 'PAUSED', error: null },
          ],
        }),
      ],
    ]);

    // Act
    await readLinkDetails('lkc-1', { topics: ['a'], tasks: [] }, recorded, src, {
      budget: 20,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });

    // Assess
    expect(src.calls).toEqual(['mirrors a', 'describe a/newly-failed', 'describe a/never-seen']);
  });

  it('describes a failed topic of a link recorded without mirror topics', async () => {
    const src = source();
    await readLinkDetails(
      'lkc-1',
      { topics: ['a'], tasks: [] },
      new Map([['a', aLink({ linkName: 'a' })]]),
      src,
      {
        budget: 20,
        deadline: Number.POSITIVE_INFINITY,
        now: () => 0,
      },
    );
    expect(src.calls).toEqual(['mirrors a', 'describe a/payments']);
  });

  it('keeps the topic as listed when its description fails or describes another topic', async () => {
    // Prepare
    const src = source({
      readLinkMirrorTopics: async (r) => ({
        topics: [{ ...failed, topicName: `${r.linkName}-topic` }],
        complete: true,
      }),
      readMirrorTopic: async (r) => {
        if (r.linkName === 'a') throw new Error('500');
        return {
          ...failed,
          topicName: 'elsewhere',
          transitionErrors: [{ errorCode: 'X', errorMessage: 'why' }],
        };
      },
    });

    // Act
    const readings = await readLinkDetails('lkc-1', { topics: ['a', 'b'], tasks: [] }, new Map(), src, {
      budget: 20,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });

    // Assess
    expect(readings.topics.get('a')?.topics).toEqual([{ ...failed, topicName: 'a-topic' }]);
    expect(readings.topics.get('b')?.topics).toEqual([{ ...failed, topicName: 'b-topic' }]);
    expect(readings.requests).toBe(4);
  });

  it('owes nothing after the reads of a plan that owed nothing', async () => {
    const readings = await readLinkDetails('lkc-1', { topics: ['a'], tasks: ['a'] }, new Map(), source(), {
      budget: 20,
      deadline: Number.POSITIVE_INFINITY,
      now: () => 0,
    });
    expect(readings.unread.size).toBe(0);
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
