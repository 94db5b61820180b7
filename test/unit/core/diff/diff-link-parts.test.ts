import { describe, expect, it } from 'vitest';
import { diffLinks } from '../../../../core/diff/diff-links.js';
import type { ClusterLink, LinkTask, MirrorTopicState } from '../../../../core/model/link-model.js';
import { aLink } from '../../../support/link-fixtures.js';

function aTopic(overrides: Partial<MirrorTopicState> = {}): MirrorTopicState {
  return {
    topicName: 'payments',
    status: 'FAILED',
    error: 'SOURCE_TOPIC_MAY_BE_DELETED',
    stateTimeMs: Date.parse('2025-06-03T10:00:00Z'),
    transitionErrors: [{ errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED', errorMessage: 'payments not found' }],
    ...overrides,
  };
}

function aTask(overrides: Partial<LinkTask> = {}): LinkTask {
  return {
    taskName: 'AclSync',
    state: 'IN_ERROR',
    errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'acl.filters could not be parsed' }],
    ...overrides,
  };
}

const eventsOf = (previous: ClusterLink[] | null, current: ClusterLink[]) =>
  diffLinks(previous, current).flatMap((change) =>
    change.events.map((e) => ({ type: e.type, severity: e.severity, from: e.from, to: e.to, part: e.part })),
  );

describe('Function: diffLinks, for mirror topics and tasks', () => {
  it('names a mirror topic that FAILED under an ACTIVE link, with its error and first transition error', () => {
    // Prepare
    const before = [aLink({ categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }] })];
    const after = [
      aLink({
        categoryCounts: [
          { stateCategory: 'ACTIVE', count: 1 },
          { stateCategory: 'IN_ERROR', count: 1 },
        ],
        mirrorTopics: [aTopic()],
      }),
    ];

    // Act
    const events = eventsOf(before, after);

    // Assess
    expect(events).toEqual([
      {
        type: 'MIRROR_STATE_COUNTS_CHANGED',
        severity: 'info',
        from: 'ACTIVE 2',
        to: 'ACTIVE 1, IN_ERROR 1',
        part: undefined,
      },
      {
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        severity: 'critical',
        from: null,
        to: 'FAILED',
        part: {
          kind: 'mirror-topic',
          name: 'payments',
          state: 'FAILED',
          errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
          errorMessage: 'payments not found',
          stateSince: '2025-06-03T10:00:00.000Z',
        },
      },
    ]);
  });

  it('resolves a failed mirror topic that is no longer kept (ACTIVE again)', () => {
    const events = eventsOf([aLink({ mirrorTopics: [aTopic()] })], [aLink()]);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        severity: 'resolved',
        from: 'FAILED',
        to: 'ACTIVE',
      }),
    ]);
  });

  it('says a failed mirror topic that left the link is no longer listed', () => {
    const events = eventsOf([aLink({ mirrorTopics: [aTopic()] })], [aLink({ topicNames: ['orders'] })]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        severity: 'resolved',
        from: 'FAILED',
        to: null,
      }),
    );
  });

  it('reports a changed mirror_topic_error under an unchanged status as an error change', () => {
    const events = eventsOf(
      [aLink({ mirrorTopics: [aTopic()] })],
      [aLink({ mirrorTopics: [aTopic({ error: 'SOURCE_PARTITIONS_DECREASED' })] })],
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'MIRROR_TOPIC_ERROR_CHANGED',
        severity: 'critical',
        from: 'SOURCE_TOPIC_MAY_BE_DELETED',
        to: 'SOURCE_PARTITIONS_DECREASED',
      }),
    ]);
  });

  it('keeps a mirror status it does not know verbatim and warns about it', () => {
    const events = eventsOf(
      [aLink()],
      [aLink({ mirrorTopics: [aTopic({ status: 'QUARANTINED_IN_A_FUTURE_RELEASE', error: null })] })],
    );
    expect(events).toEqual([
      expect.objectContaining({ severity: 'warning', to: 'QUARANTINED_IN_A_FUTURE_RELEASE' }),
    ]);
  });

  it('names a task IN_ERROR under an ACTIVE link with its error code and message, as a warning', () => {
    const events = eventsOf([aLink()], [aLink({ tasks: [aTask()] })]);
    expect(events).toEqual([
      {
        type: 'TASK_STATE_CHANGED',
        severity: 'warning',
        from: null,
        to: 'IN_ERROR',
        part: {
          kind: 'task',
          name: 'AclSync',
          state: 'IN_ERROR',
          errorCode: 'MISCONFIGURATION_ERROR',
          errorMessage: 'acl.filters could not be parsed',
          stateSince: null,
        },
      },
    ]);
  });

  it('reports a task whose error code changed, and its recovery as resolved', () => {
    const changed = eventsOf(
      [aLink({ tasks: [aTask()] })],
      [aLink({ tasks: [aTask({ errors: [{ errorCode: 'AUTHORIZATION_ERROR', errorMessage: 'denied' }] })] })],
    );
    expect(changed).toEqual([
      expect.objectContaining({
        type: 'TASK_ERROR_CHANGED',
        from: 'MISCONFIGURATION_ERROR',
        to: 'AUTHORIZATION_ERROR',
      }),
    ]);
    const recovered = eventsOf([aLink({ tasks: [aTask()] })], [aLink({ tasks: [] })]);
    expect(recovered).toEqual([
      expect.objectContaining({
        type: 'TASK_STATE_CHANGED',
        severity: 'resolved',
        from: 'IN_ERROR',
        to: 'ACTIVE',
      }),
    ]);
  });

  it('reports an error code a task in error gains or loses as an error change to or from none', () => {
    // Prepare
    const withoutError = aTask({ errors: [] });
    const withError = aTask();

    // Act
    const gained = eventsOf([aLink({ tasks: [withoutError] })], [aLink({ tasks: [withError] })]);
    const lost = eventsOf([aLink({ tasks: [withError] })], [aLink({ tasks: [withoutError] })]);

    // Assess
    expect(gained).toEqual([
      expect.objectContaining({ type: 'TASK_ERROR_CHANGED', from: null, to: 'MISCONFIGURATION_ERROR' }),
    ]);
    expect(lost).toEqual([
      expect.objectContaining({ type: 'TASK_ERROR_CHANGED', from: 'MISCONFIGURATION_ERROR', to: null }),
    ]);
  });

  it('tells a mirror topic stopped on purpose that is no longer kept as info, not as a recovery', () => {
    // Act
    const events = eventsOf(
      [aLink({ mirrorTopics: [aTopic({ status: 'STOPPED', error: null })] })],
      [aLink({ mirrorTopics: [] })],
    );

    // Assess
    expect(events.map((e) => [e.type, e.severity, e.from, e.to])).toEqual([
      ['MIRROR_TOPIC_STATE_CHANGED', 'info', 'STOPPED', 'ACTIVE'],
    ]);
  });

  it('leaves moved counts to the message of a link error that appeared with them', () => {
    // Prepare
    const before = [aLink({ categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }] })];
    const after = [
      aLink({
        linkError: 'AUTHENTICATION_ERROR',
        categoryCounts: [{ stateCategory: 'IN_ERROR', count: 2 }],
      }),
    ];

    // Act
    const types = eventsOf(before, after).map((e) => e.type);

    // Assess
    expect(types).toEqual(['LINK_ERROR_CHANGED']);
  });

  it('lists the events of several mirror topics and tasks by name, whatever order the server sends them in', () => {
    // Prepare
    const before = [
      aLink({ mirrorTopics: [aTopic({ topicName: 'b-topic' })], tasks: [aTask({ taskName: 'b-task' })] }),
    ];
    const after = [
      aLink({
        mirrorTopics: [aTopic({ topicName: 'c-topic' }), aTopic({ topicName: 'a-topic' })],
        tasks: [aTask({ taskName: 'c-task' }), aTask({ taskName: 'a-task' })],
      }),
    ];

    // Act
    const names = diffLinks(before, after).flatMap((change) => change.events.map((e) => e.part?.name));

    // Assess
    expect(names).toEqual(['a-topic', 'b-topic', 'c-topic', 'a-task', 'b-task', 'c-task']);
  });

  it('says nothing of healthy or not configured tasks', () => {
    const tasks = [
      aTask({ state: 'ACTIVE', errors: [] }),
      aTask({ taskName: 'AclSync2', state: 'NOT_CONFIGURED', errors: [] }),
    ];
    expect(eventsOf([aLink()], [aLink({ tasks })])).toEqual([]);
  });

  it('sends nothing per mirror topic or task while the link itself is FAILED, UNAVAILABLE or PAUSED', () => {
    for (const linkState of ['FAILED', 'UNAVAILABLE', 'PAUSED']) {
      // Prepare: a link with 50 topics that all echo its failure
      const topicNames = Array.from({ length: 50 }, (_, n) => `t-${n}`);
      const before = [aLink({ topicNames, categoryCounts: [{ stateCategory: 'ACTIVE', count: 50 }] })];
      const after = [
        aLink({
          linkState,
          topicNames,
          categoryCounts: [{ stateCategory: 'IN_ERROR', count: 50 }],
          mirrorTopics: topicNames.map((topicName) => aTopic({ topicName, status: 'FAILED' })),
          tasks: [aTask()],
        }),
      ];

      // Act
      const types = eventsOf(before, after).map((e) => e.type);

      // Assess: the link's own change alone (its message shows the counts), nothing per topic or task
      expect(types, linkState).toEqual(['LINK_STATE_CHANGED']);
    }
  });

  it('reports unhealthy parts of a healthy link on the first listing, and nothing for healthy ones', () => {
    const events = eventsOf(null, [aLink({ mirrorTopics: [aTopic()] }), aLink({ linkName: 'clean' })]);
    expect(events.map((e) => e.type)).toEqual(['MIRROR_TOPIC_STATE_CHANGED']);
  });

  it('finds no change when the parts are as recorded (the steady state)', () => {
    const link = aLink({
      mirrorTopics: [aTopic()],
      tasks: [aTask()],
      categoryCounts: [{ stateCategory: 'IN_ERROR', count: 1 }],
    });
    expect(diffLinks([link], [{ ...link }])).toEqual([]);
  });
});

describe('Function: diffLinks, ends of part problems', () => {
  it('resolves a FAILED mirror topic that is stopped (a promote or failover ends its problem too)', () => {
    // Prepare
    const before = [aLink({ mirrorTopics: [aTopic({ status: 'FAILED', error: null })] })];
    const after = [aLink({ mirrorTopics: [aTopic({ status: 'STOPPED', error: null })] })];

    // Act
    const events = eventsOf(before, after);

    // Assess
    expect(events.map((e) => [e.type, e.severity, e.from, e.to])).toEqual([
      ['MIRROR_TOPIC_STATE_CHANGED', 'resolved', 'FAILED', 'STOPPED'],
    ]);
  });

  it('keeps a healthy mirror topic stopped on purpose as info', () => {
    const events = eventsOf(
      [aLink({ mirrorTopics: [] })],
      [aLink({ mirrorTopics: [aTopic({ status: 'STOPPED', error: null })] })],
    );

    expect(events.map((e) => [e.type, e.severity])).toEqual([['MIRROR_TOPIC_STATE_CHANGED', 'info']]);
  });

  it("resolves a removed link's failed mirror topics, tasks in error and notified lag breaches with it", () => {
    // Prepare
    const before = [
      aLink({
        mirrorTopics: [aTopic()],
        tasks: [aTask()],
        laggingTopics: [
          { topicName: 'orders', checks: 3, notified: true },
          { topicName: 'refunds', checks: 1, notified: false },
        ],
      }),
    ];

    // Act
    const events = eventsOf(before, []);

    // Assess
    expect(events.map((e) => [e.type, e.severity, e.part?.name ?? null, e.to])).toEqual([
      ['LINK_REMOVED', 'info', null, null],
      ['MIRROR_TOPIC_STATE_CHANGED', 'resolved', 'payments', null],
      ['TASK_STATE_CHANGED', 'resolved', 'AclSync', null],
      ['MIRROR_LAG_HIGH', 'resolved', 'orders', null],
    ]);
  });

  it('resolves the part problems on record of a removed link whose own condition speaks for them', () => {
    // Prepare: the topic failed (and was told) while the link was ACTIVE; then the link was paused
    const before = [aLink({ linkState: 'PAUSED', mirrorTopics: [aTopic()] })];

    // Act
    const events = eventsOf(before, []);

    // Assess: its end reaches whoever heard it, not only those the removal of a paused link reaches
    expect(events.map((e) => [e.type, e.severity, e.part?.name ?? null])).toEqual([
      ['LINK_REMOVED', 'info', null],
      ['MIRROR_TOPIC_STATE_CHANGED', 'resolved', 'payments'],
    ]);
  });
});

describe('Function: diffLinks, which part changes are alerts', () => {
  const alertsOf = (previous: ClusterLink[] | null, current: ClusterLink[]) =>
    diffLinks(previous, current).flatMap((change) =>
      change.events.map((e) => [e.type, e.part?.name ?? null, e.severity, e.alertWorthy]),
    );

  it('alerts on a mirror topic or task that becomes unhealthy, changes its error or recovers', () => {
    // Prepare
    const before = [
      aLink({
        mirrorTopics: [aTopic({ topicName: 'orders' }), aTopic({ topicName: 'payments' })],
        tasks: [aTask({ taskName: 'AclSync' }), aTask({ taskName: 'OffsetSync' })],
      }),
    ];
    const after = [
      aLink({
        mirrorTopics: [
          aTopic({ topicName: 'payments', error: 'SOURCE_TOPIC_UNREACHABLE' }),
          aTopic({ topicName: 'refunds' }),
        ],
        tasks: [
          aTask({
            taskName: 'OffsetSync',
            errors: [{ errorCode: 'AUTHORIZATION_ERROR', errorMessage: 'denied' }],
          }),
          aTask({ taskName: 'TopicSync' }),
        ],
      }),
    ];

    // Act + Assess
    expect(alertsOf(before, after)).toEqual([
      ['MIRROR_TOPIC_STATE_CHANGED', 'orders', 'resolved', true],
      ['MIRROR_TOPIC_ERROR_CHANGED', 'payments', 'critical', true],
      ['MIRROR_TOPIC_STATE_CHANGED', 'refunds', 'critical', true],
      ['TASK_STATE_CHANGED', 'AclSync', 'resolved', true],
      ['TASK_ERROR_CHANGED', 'OffsetSync', 'warning', true],
      ['TASK_STATE_CHANGED', 'TopicSync', 'warning', true],
    ]);
  });

  it('records a healthy topic stopped on purpose and moved counts without alerting', () => {
    // Prepare
    const before = [aLink({ categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }] })];
    const after = [
      aLink({
        categoryCounts: [
          { stateCategory: 'ACTIVE', count: 1 },
          { stateCategory: 'STOPPED', count: 1 },
        ],
        mirrorTopics: [aTopic({ status: 'STOPPED', error: null })],
      }),
    ];

    // Act + Assess
    expect(alertsOf(before, after)).toEqual([
      ['MIRROR_STATE_COUNTS_CHANGED', null, 'info', false],
      ['MIRROR_TOPIC_STATE_CHANGED', 'payments', 'info', false],
    ]);
  });

  it("alerts on the ends of a removed link's part problems", () => {
    // Prepare
    const before = [
      aLink({
        mirrorTopics: [aTopic()],
        tasks: [aTask()],
        laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }],
      }),
    ];

    // Act + Assess
    expect(alertsOf(before, [])).toEqual([
      ['LINK_REMOVED', null, 'info', true],
      ['MIRROR_TOPIC_STATE_CHANGED', 'payments', 'resolved', true],
      ['TASK_STATE_CHANGED', 'AclSync', 'resolved', true],
      ['MIRROR_LAG_HIGH', 'orders', 'resolved', true],
    ]);
  });
});
