/**
 * The reasons of `core/readiness/topic-reasons.ts` and the worst topics, as `linkReadiness` gives
 * them.
 */
import { describe, expect, it } from 'vitest';
import { linkReadiness } from '../../../../core/readiness/readiness-verdict.js';
import { MAX_WORST_TOPICS } from '../../../../core/readiness/topic-reasons.js';
import { codes, progress, protectedLink, SETTINGS } from './readiness-fixtures.js';

describe('Function: linkReadiness', () => {
  describe('not ready', () => {
    it.each([
      ['FAILED', 'SOURCE_TOPIC_MAY_BE_DELETED'],
      ['SOURCE_UNAVAILABLE', null],
      ['ACTIVE', 'UNKNOWN_ERROR'],
    ])('when a mirror topic is %s with error %s', (status, error) => {
      // Prepare
      const link = protectedLink({
        mirrorTopics: [
          {
            topicName: 'payments',
            status,
            error,
            stateTimeMs: null,
            transitionErrors: [{ errorCode: 'X', errorMessage: 'payments not found' }],
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons[0]?.code).toBe('TOPIC_FAILED');
      expect(readiness.reasons[0]?.text).toBe(
        `payments ${status}${error === null ? '' : ` (${error})`}: payments not found`,
      );
    });

    it('when a topic is stalled, naming the messages behind and the rule that found it', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [progress({ topicName: 'payments', unmovedReads: 3, stallNotified: true })],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'not ready',
          code: 'TOPIC_STALLED',
          text: 'payments stalled: 1,200 messages behind, fetch offset unmoved for 3 reads',
        },
      ]);
    });

    it('says a stall found by rising lag rose, not that the fetch stopped', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [
          progress({ topicName: 'payments', unmovedReads: 1, risingReads: 3, stallNotified: true }),
        ],
      });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe('payments stalled: 1,200 messages behind, lag rising for 3 reads');
    });

    it('does not call a lagging topic stalled before the stall was recorded', () => {
      // Prepare
      const link = protectedLink({ topicProgress: [progress({ topicName: 'payments', unmovedReads: 2 })] });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('ready');
    });

    it('when a topic is stuck in a transition, naming its first transition error', () => {
      // Prepare
      const link = protectedLink({
        stuckTopics: [
          {
            topicName: 'orders',
            status: 'PENDING_STOPPED',
            sinceMs: Date.parse('2025-06-02T10:00:00Z'),
            transitionErrors: [
              { errorCode: 'REMOTE_LINK_NOT_FOUND', errorMessage: 'the source link is gone' },
              { errorCode: 'OTHER', errorMessage: 'not shown' },
            ],
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'not ready',
          code: 'TOPIC_STUCK',
          text: 'orders stuck in PENDING_STOPPED past 10m: REMOTE_LINK_NOT_FOUND: the source link is gone',
        },
      ]);
    });

    it('says so when a stuck topic reports no transition error', () => {
      // Prepare
      const link = protectedLink({
        stuckTopics: [{ topicName: 'orders', status: 'PENDING_MIRROR', sinceMs: 0, transitionErrors: [] }],
      });

      // Act
      const [reason] = linkReadiness(link, null, null).reasons;

      // Assess
      expect(reason?.text).toBe('orders stuck in PENDING_MIRROR: no transition error reported');
    });

    it('names a failed topic with its error alone when it reports no transition error', () => {
      // Prepare
      const link = protectedLink({
        mirrorTopics: [
          {
            topicName: 'payments',
            status: 'FAILED',
            error: 'SOURCE_TOPIC_MAY_BE_DELETED',
            stateTimeMs: null,
            transitionErrors: [],
          },
        ],
      });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe('payments FAILED (SOURCE_TOPIC_MAY_BE_DELETED)');
    });

    it('names a stuck topic’s transition error by its code when it comes without a message', () => {
      // Prepare
      const link = protectedLink({
        stuckTopics: [
          {
            topicName: 'orders',
            status: 'PENDING_STOPPED',
            sinceMs: 0,
            transitionErrors: [{ errorCode: 'REMOTE_LINK_NOT_FOUND', errorMessage: '' }],
          },
        ],
      });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe('orders stuck in PENDING_STOPPED past 10m: REMOTE_LINK_NOT_FOUND');
    });

    it('names only the rule of a stall when no partition of the topic is recorded', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [
          progress({ topicName: 'payments', partitions: [], unmovedReads: 3, stallNotified: true }),
        ],
      });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe('payments stalled: fetch offset unmoved for 3 reads');
    });

    it('with checks off, says a stall was found by the longer run, the unmoved fetch when they are as long', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [
          progress({
            topicName: 'rising',
            partitions: [],
            unmovedReads: 1,
            risingReads: 3,
            stallNotified: true,
          }),
          progress({
            topicName: 'tied',
            partitions: [],
            unmovedReads: 3,
            risingReads: 3,
            stallNotified: true,
          }),
        ],
      });

      // Act
      const texts = linkReadiness(link, null, null).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual([
        'rising stalled: lag rising for 3 reads',
        'tied stalled: fetch offset unmoved for 3 reads',
      ]);
    });
  });

  describe('at risk', () => {
    it('when a topic is estimated behind the target, with the estimate and its basis', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [progress({ topicName: 'orders', secondsBehind: 300, fetchRate: 40 })],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'at risk',
          code: 'BEHIND_TARGET',
          text: 'orders ~5m behind, target 2m (estimate from 40 msg/s)',
        },
      ]);
    });

    it('not when the estimate is at or under the target, nor when there is no target', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [progress({ topicName: 'orders', secondsBehind: 120, fetchRate: 2.5 })],
      });

      // Act
      const atTarget = linkReadiness(link, SETTINGS, 120);
      const noTarget = linkReadiness(link, SETTINGS, null);
      const zeroTarget = linkReadiness(link, SETTINGS, 0);

      // Assess
      expect([atTarget.verdict, noTarget.verdict, zeroTarget.verdict]).toEqual(['ready', 'ready', 'ready']);
    });

    it('when the poller recorded the topic behind its target, even without a target known here', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [
          progress({ topicName: 'orders', secondsBehind: 90, fetchRate: 2.5, behindNotified: true }),
          progress({ topicName: 'refunds', behindNotified: true }),
        ],
      });

      // Act
      const readiness = linkReadiness(link, null, null);

      // Assess
      expect(readiness.reasons.map((r) => r.text)).toEqual([
        'orders ~1m 30s behind, over its target (estimate from 2.5 msg/s)',
        'refunds behind its target',
      ]);
    });

    it('when a lag threshold breach was recorded, with the messages behind when known', () => {
      // Prepare
      const link = protectedLink({
        laggingTopics: [
          { topicName: 'orders', checks: 3, notified: true },
          { topicName: 'clicks', checks: 3, notified: true },
          { topicName: 'building-up', checks: 1, notified: false },
        ],
        topicProgress: [progress({ topicName: 'orders' })],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        { verdict: 'at risk', code: 'LAG_OVER_THRESHOLD', text: 'clicks over its lag threshold' },
        {
          verdict: 'at risk',
          code: 'LAG_OVER_THRESHOLD',
          text: 'orders over its lag threshold: 1,200 messages behind',
        },
      ]);
    });

    it.each([
      ['PAUSED', 'warning'],
      ['STOPPED', 'info'],
      ['PENDING_STOPPED', 'info'],
      ['SOME_NEW_STATE', 'warning'],
    ])('when a kept mirror topic is %s (%s)', (status) => {
      // Prepare
      const link = protectedLink({
        mirrorTopics: [{ topicName: 'orders', status, error: null, stateTimeMs: null, transitionErrors: [] }],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        { verdict: 'at risk', code: 'TOPIC_NOT_ACTIVE', text: `orders ${status}: it is not mirroring` },
      ]);
    });

    it('when the listing counts topics paused, pending or in error that no read named', () => {
      // Prepare
      const link = protectedLink({
        categoryCounts: [
          { stateCategory: 'ACTIVE', count: 40 },
          { stateCategory: 'PENDING', count: 1 },
          { stateCategory: 'IN_ERROR', count: 2_000 },
          { stateCategory: 'NOT_APPLICABLE', count: 3 },
          { stateCategory: 'PAUSED', count: 0 },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons.map((r) => [r.code, r.text])).toEqual([
        [
          'TOPIC_NOT_ACTIVE',
          "2,000 mirror topics IN_ERROR by the listing's counts, not named by the last read",
        ],
        ['TOPIC_NOT_ACTIVE', "1 mirror topic PENDING by the listing's counts, not named by the last read"],
      ]);
    });

    it('not for counts the recorded topics account for', () => {
      // Prepare
      const link = protectedLink({
        categoryCounts: [
          { stateCategory: 'IN_ERROR', count: 1 },
          { stateCategory: 'PAUSED', count: 1 },
          { stateCategory: 'PENDING', count: 1 },
        ],
        mirrorTopics: [
          { topicName: 'a', status: 'FAILED', error: 'X', stateTimeMs: null, transitionErrors: [] },
          { topicName: 'b', status: 'PAUSED', error: null, stateTimeMs: null, transitionErrors: [] },
        ],
        stuckTopics: [{ topicName: 'c', status: 'PENDING_MIRROR', sinceMs: 0, transitionErrors: [] }],
      });

      // Act
      const reasons = codes(link);

      // Assess
      expect(reasons).toEqual(['TOPIC_FAILED', 'TOPIC_STUCK', 'TOPIC_NOT_ACTIVE']);
    });

    it('not for counts while the link itself is unhealthy: its topics only echo it', () => {
      // Prepare
      const link = protectedLink({
        linkState: 'PAUSED',
        categoryCounts: [{ stateCategory: 'PAUSED', count: 9 }],
      });

      // Act
      const reasons = codes(link);

      // Assess
      expect(reasons).toEqual(['LINK_UNHEALTHY']);
    });

    it('names the estimate without its basis when the fetch rate is not known', () => {
      // Prepare
      const link = protectedLink({ topicProgress: [progress({ topicName: 'orders', secondsBehind: 300 })] });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe('orders ~5m behind, target 2m');
    });

    it('lists topics over their lag threshold by name', () => {
      // Prepare
      const link = protectedLink({
        laggingTopics: ['orders', 'clicks', 'payments'].map((topicName) => ({
          topicName,
          checks: 3,
          notified: true,
        })),
      });

      // Act
      const texts = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual([
        'clicks over its lag threshold',
        'orders over its lag threshold',
        'payments over its lag threshold',
      ]);
    });

    it('counts a named topic with an error as the listing does, in error whatever its status', () => {
      // Prepare: the listing counts payments in error, and one more topic paused
      const link = protectedLink({
        categoryCounts: [
          { stateCategory: 'IN_ERROR', count: 1 },
          { stateCategory: 'PAUSED', count: 1 },
        ],
        mirrorTopics: [
          { topicName: 'payments', status: 'PAUSED', error: 'X', stateTimeMs: null, transitionErrors: [] },
        ],
      });

      // Act
      const texts = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual([
        'payments PAUSED (X)',
        "1 mirror topic PAUSED by the listing's counts, not named by the last read",
      ]);
    });

    it('counts named stopped topics as not applicable, as the listing does, not as in error or pending', () => {
      // Prepare
      const link = protectedLink({
        categoryCounts: [
          { stateCategory: 'NOT_APPLICABLE', count: 2 },
          { stateCategory: 'IN_ERROR', count: 1 },
          { stateCategory: 'PENDING', count: 1 },
        ],
        mirrorTopics: [
          { topicName: 'a', status: 'STOPPED', error: null, stateTimeMs: null, transitionErrors: [] },
          { topicName: 'b', status: 'PENDING_STOPPED', error: null, stateTimeMs: null, transitionErrors: [] },
        ],
      });

      // Act
      const texts = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual([
        'a STOPPED: it is not mirroring',
        'b PENDING_STOPPED: it is not mirroring',
        "1 mirror topic IN_ERROR by the listing's counts, not named by the last read",
        "1 mirror topic PENDING by the listing's counts, not named by the last read",
      ]);
    });

    it('counts a named topic in a state not known yet as in error, as the listing does', () => {
      // Prepare
      const link = protectedLink({
        categoryCounts: [{ stateCategory: 'IN_ERROR', count: 1 }],
        mirrorTopics: [
          {
            topicName: 'orders',
            status: 'SOME_NEW_STATE',
            error: null,
            stateTimeMs: null,
            transitionErrors: [],
          },
        ],
      });

      // Act
      const texts = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual(['orders SOME_NEW_STATE: it is not mirroring']);
    });

    it('counts a topic both named and stuck once, in the category of its state as named', () => {
      // Prepare: orders is in error, and one more topic is pending
      const link = protectedLink({
        categoryCounts: [
          { stateCategory: 'IN_ERROR', count: 1 },
          { stateCategory: 'PENDING', count: 1 },
        ],
        mirrorTopics: [
          {
            topicName: 'orders',
            status: 'PENDING_MIRROR',
            error: 'X',
            stateTimeMs: null,
            transitionErrors: [],
          },
        ],
        stuckTopics: [{ topicName: 'orders', status: 'PENDING_MIRROR', sinceMs: 0, transitionErrors: [] }],
      });

      // Act
      const texts = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual([
        'orders PENDING_MIRROR (X)',
        "1 mirror topic PENDING by the listing's counts, not named by the last read",
      ]);
    });
  });

  describe('precedence and order', () => {
    it('gives each topic one reason, its worst', () => {
      // Prepare
      const link = protectedLink({
        mirrorTopics: [
          { topicName: 'payments', status: 'FAILED', error: 'X', stateTimeMs: null, transitionErrors: [] },
          { topicName: 'orders', status: 'PAUSED', error: null, stateTimeMs: null, transitionErrors: [] },
        ],
        topicProgress: [
          progress({ topicName: 'payments', stallNotified: true, behindNotified: true, secondsBehind: 999 }),
          progress({ topicName: 'orders', stallNotified: true, behindNotified: true, secondsBehind: 999 }),
        ],
        laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }],
      });

      // Act
      const reasons = linkReadiness(link, SETTINGS, 120).reasons.map((r) => [r.code, r.text.split(' ')[0]]);

      // Assess
      expect(reasons).toEqual([
        ['TOPIC_FAILED', 'payments'],
        ['TOPIC_STALLED', 'orders'],
      ]);
    });

    it('lists the topics behind target furthest behind first', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [
          progress({ topicName: 'a', secondsBehind: 200 }),
          progress({ topicName: 'b', secondsBehind: 900 }),
          progress({ topicName: 'c', secondsBehind: 400 }),
        ],
      });

      // Act
      const order = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text.split(' ')[0]);

      // Assess
      expect(order).toEqual(['b', 'c', 'a']);
    });

    it('lists the topics behind target without an estimate by messages behind, then by name', () => {
      // Prepare
      const behind = (topicName: string, lags: number[]) =>
        progress({
          topicName,
          behindNotified: true,
          partitions: lags.map((lag, partition) => ({ partition, fetchOffset: 1, lag })),
        });
      const link = protectedLink({
        topicProgress: [
          behind('few', [100]),
          behind('unknown-o', []),
          behind('many', [9_000, 10]),
          behind('unknown-p', []),
          progress({ topicName: 'estimated', secondsBehind: 300 }),
          behind('unknown-n', []),
        ],
      });

      // Act
      const order = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text.split(' ')[0]);

      // Assess
      expect(order).toEqual(['estimated', 'many', 'few', 'unknown-n', 'unknown-o', 'unknown-p']);
    });
  });

  describe('worst topics', () => {
    it('puts topics that make the link not ready first, then at risk, then the furthest behind', () => {
      // Prepare
      const link = protectedLink({
        mirrorTopics: [
          { topicName: 'failed', status: 'FAILED', error: 'X', stateTimeMs: null, transitionErrors: [] },
        ],
        topicProgress: [
          progress({ topicName: 'far', secondsBehind: 100, fetchRate: 12 }),
          progress({ topicName: 'late', secondsBehind: 50, behindNotified: true }),
          progress({
            topicName: 'more-messages',
            secondsBehind: 100,
            partitions: [{ partition: 0, fetchOffset: 1, lag: 9_000 }],
          }),
          progress({ topicName: 'unknown-rate', partitions: [] }),
        ],
      });

      // Act
      const { worstTopics } = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(worstTopics.map((t) => t.topicName)).toEqual([
        'failed',
        'late',
        'more-messages',
        'far',
        'unknown-rate',
      ]);
      expect(worstTopics[0]).toEqual({
        topicName: 'failed',
        status: 'FAILED',
        messagesBehind: null,
        secondsBehind: null,
        fetchRate: null,
        stalled: false,
      });
      expect(worstTopics[3]).toEqual({
        topicName: 'far',
        status: null,
        messagesBehind: 1_200,
        secondsBehind: 100,
        fetchRate: 12,
        stalled: false,
      });
    });

    it(`keeps at most ${MAX_WORST_TOPICS}`, () => {
      // Prepare
      const link = protectedLink({
        topicProgress: Array.from({ length: 8 }, (_, i) =>
          progress({ topicName: `t${i}`, secondsBehind: i * 10 }),
        ),
      });

      // Act
      const { worstTopics } = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(worstTopics.map((t) => t.topicName)).toEqual(['t7', 't6', 't5', 't4', 't3']);
    });

    it('shows a stalled topic as stalled and a stuck one with its status', () => {
      // Prepare
      const link = protectedLink({
        stuckTopics: [{ topicName: 'stuck', status: 'PENDING_STOPPED', sinceMs: 0, transitionErrors: [] }],
        topicProgress: [progress({ topicName: 'slow', stallNotified: true })],
      });

      // Act
      const { worstTopics } = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(worstTopics.map((t) => [t.topicName, t.status, t.stalled])).toEqual([
        ['slow', null, true],
        ['stuck', 'PENDING_STOPPED', false],
      ]);
    });

    it('puts topics without an estimate after those with one, by messages behind, then by name', () => {
      // Prepare
      const lagging = (topicName: string, lags: number[]) =>
        progress({
          topicName,
          partitions: lags.map((lag, partition) => ({ partition, fetchOffset: 1, lag })),
        });
      const link = protectedLink({
        topicProgress: [
          lagging('few', [100]),
          lagging('unknown-o', []),
          lagging('unknown-p', []),
          progress({ topicName: 'estimated', secondsBehind: 100 }),
          lagging('unknown-n', []),
        ],
      });

      // Act
      const { worstTopics } = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(worstTopics.map((t) => t.topicName)).toEqual([
        'estimated',
        'few',
        'unknown-n',
        'unknown-o',
        'unknown-p',
      ]);
    });

    it('shows a topic recorded over its lag threshold, but not one still building up to it', () => {
      // Prepare
      const link = protectedLink({
        laggingTopics: [
          { topicName: 'clicks', checks: 3, notified: true },
          { topicName: 'building-up', checks: 1, notified: false },
        ],
      });

      // Act
      const { worstTopics } = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(worstTopics).toEqual([
        {
          topicName: 'clicks',
          status: null,
          messagesBehind: null,
          secondsBehind: null,
          fetchRate: null,
          stalled: false,
        },
      ]);
    });
  });
});
