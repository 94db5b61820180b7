/**
 * A removed link ends every part problem it had open, the failover readiness ones included: each
 * notified stall and time behind target, each stuck transition, each sync switch-off notified and
 * each broken sync is resolved with the link, under the same problem key that opened it.
 */
import { describe, expect, it } from 'vitest';
import { diffLinks } from '../../../../core/diff/diff-links.js';
import { partProblemKey } from '../../../../core/model/change-events.js';
import type { ClusterLink, TopicProgress } from '../../../../core/model/link-model.js';
import { aLink } from '../../../support/link-fixtures.js';

function progress(topicName: string, overrides: Partial<TopicProgress> = {}): TopicProgress {
  return {
    topicName,
    readAtMs: Date.parse('2025-06-03T10:00:00Z'),
    partitions: [{ partition: 0, fetchOffset: 100, lag: 5_000 }],
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind: null,
    fetchRate: null,
    stallNotified: false,
    behindNotified: false,
    ...overrides,
  };
}

/** The events of the link's removal from a complete listing, as keyed problems. */
function removalOf(link: ClusterLink) {
  const [change] = diffLinks([link], []);
  return (change?.events ?? []).map((event) => ({
    type: event.type,
    severity: event.severity,
    problem: event.part === undefined ? null : partProblemKey(event.part, event.type),
  }));
}

describe('Function: diffLinks, for a removed link with readiness problems', () => {
  it('resolves each notified stall and time behind target, each stuck transition and each broken sync', () => {
    // Prepare
    const link = aLink({
      topicProgress: [
        progress('orders', { stallNotified: true }),
        progress('payments', { behindNotified: true, secondsBehind: 900, fetchRate: 5 }),
        progress('refunds', { stallNotified: true, behindNotified: true }),
      ],
      stuckTopics: [{ topicName: 'audit', status: 'PENDING_STOPPED', sinceMs: 0, transitionErrors: [] }],
      brokenSyncs: [
        {
          config: 'consumer.offset.sync.enable',
          taskName: 'ConsumerOffsetSync',
          taskState: 'IN_ERROR',
          errorCode: 'AUTHORIZATION_ERROR',
          errorMessage: 'not authorized',
        },
      ],
    });

    // Act
    const events = removalOf(link);

    // Assess
    expect(events[0]).toEqual({ type: 'LINK_REMOVED', severity: 'info', problem: null });
    expect(events.slice(1).every((event) => event.severity === 'resolved')).toBe(true);
    expect(events.slice(1).map((event) => event.problem)).toEqual(
      expect.arrayContaining([
        'mirror-topic:orders:stall',
        'mirror-topic:payments:behind',
        'mirror-topic:refunds:stall',
        'mirror-topic:refunds:behind',
        'mirror-topic:audit:stuck',
        'task:ConsumerOffsetSync:sync',
      ]),
    );
    expect(events).toHaveLength(7);
  });

  it('resolves each sync switch-off notified and not yet ended, under its config problem key, with its last value', () => {
    // Prepare: acl.sync.enable was off at the baseline, never notified
    const link = aLink({
      configs: {
        values: [
          { name: 'acl.sync.enable', value: 'false', sensitive: false },
          { name: 'consumer.offset.sync.enable', value: 'false', sensitive: false },
        ],
        switchedOff: ['consumer.offset.sync.enable'],
      },
    });

    // Act
    const [change] = diffLinks([link], []);
    const ended = (change?.events ?? []).filter((event) => event.type === 'LINK_CONFIG_CHANGED');

    // Assess
    expect(removalOf(link)).toEqual([
      { type: 'LINK_REMOVED', severity: 'info', problem: null },
      {
        type: 'LINK_CONFIG_CHANGED',
        severity: 'resolved',
        problem: 'config:consumer.offset.sync.enable:config',
      },
    ]);
    expect(ended.map((event) => [event.from, event.to, event.part?.state])).toEqual([['false', null, null]]);
  });

  it('resolves a stuck transition quoting the first transition error it was described with', () => {
    // Prepare
    const link = aLink({
      stuckTopics: [
        {
          topicName: 'audit',
          status: 'PENDING_STOPPED',
          sinceMs: 0,
          transitionErrors: [{ errorCode: 'REQUEST_TIMED_OUT', errorMessage: 'the source did not answer' }],
          described: true,
        },
      ],
    });

    // Act
    const [change] = diffLinks([link], []);

    // Assess
    expect(change?.events.find((event) => event.type === 'MIRROR_TRANSITION_STUCK')?.part).toMatchObject({
      name: 'audit',
      state: null,
      errorCode: 'REQUEST_TIMED_OUT',
      errorMessage: 'the source did not answer',
    });
  });

  it('resolves nothing of a topic that lagged without a stall or a time behind being told', () => {
    const link = aLink({ topicProgress: [progress('orders', { unmovedReads: 2, risingReads: 1 })] });

    expect(removalOf(link)).toEqual([{ type: 'LINK_REMOVED', severity: 'info', problem: null }]);
  });

  it('keeps the ends of its state and lag problems beside them', () => {
    // Prepare
    const link = aLink({
      laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }],
      topicProgress: [progress('orders', { stallNotified: true })],
    });

    // Act
    const problems = removalOf(link).map((event) => event.problem);

    // Assess
    expect(problems).toEqual([null, 'mirror-topic:orders:lag', 'mirror-topic:orders:stall']);
  });
});
