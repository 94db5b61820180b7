import { describe, expect, it } from 'vitest';
import type { ClusterLink, TopicProgress } from '../../../../core/model/link-model.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import {
  groupDigits,
  linkReadiness,
  MAX_WORST_TOPICS,
  READINESS_REASON_CODES,
  readinessTargetFor,
} from '../../../../core/readiness/readiness-verdict.js';
import { aLink } from '../../../support/link-fixtures.js';

const SETTINGS: ReadinessSettings = {
  everyPolls: 5,
  stallReads: 3,
  maxSecondsBehind: 120,
  links: [],
  stuckAfterMs: 10 * 60_000,
  configReadsPerPoll: 3,
  dryRunsPerPoll: 0,
};

/** Every sync switched on, as a link that is fully protected reads. */
const ALL_SYNCS_ON: ClusterLink['configs'] = {
  values: [
    { name: 'acl.sync.enable', value: 'true', sensitive: false },
    { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
    { name: 'consumer.offset.sync.enable', value: 'true', sensitive: false },
  ],
};

function progress(overrides: Partial<TopicProgress> & Pick<TopicProgress, 'topicName'>): TopicProgress {
  return {
    readAtMs: Date.parse('2025-06-02T12:00:00Z'),
    partitions: [
      { partition: 0, fetchOffset: 5_000, lag: 1_200 },
      { partition: 1, fetchOffset: 4_000, lag: 300 },
    ],
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind: null,
    fetchRate: null,
    stallNotified: false,
    behindNotified: false,
    ...overrides,
  };
}

/** A healthy link with its configs read: ready unless the test changes something. */
function protectedLink(overrides: Partial<ClusterLink> = {}): ClusterLink {
  return aLink({
    configs: ALL_SYNCS_ON,
    categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }],
    ...overrides,
  });
}

const codes = (
  link: ClusterLink,
  settings: ReadinessSettings | null = SETTINGS,
  target: number | null = 120,
) => linkReadiness(link, settings, target).reasons.map((r) => r.code);

describe('Function: readinessTargetFor', () => {
  it('takes the first rule whose glob matches the link, else the default', () => {
    // Prepare
    const settings: ReadinessSettings = {
      ...SETTINGS,
      links: [
        { link: 'orders-*', maxSecondsBehind: 30 },
        { link: 'orders-dr', maxSecondsBehind: 600 },
        { link: 'batch-?', maxSecondsBehind: 0 },
      ],
    };

    // Act
    const targets = ['orders-dr', 'batch-1', 'payments'].map((name) => readinessTargetFor(name, settings));

    // Assess
    expect(targets).toEqual([30, null, 120]);
  });

  it('gives no target when checks are off or no default is set', () => {
    expect(readinessTargetFor('orders-dr', null)).toBeNull();
    expect(readinessTargetFor('orders-dr', { ...SETTINGS, maxSecondsBehind: null })).toBeNull();
  });
});

describe('Function: linkReadiness', () => {
  it('is ready when nothing recorded stands against a failover', () => {
    // Act
    const readiness = linkReadiness(protectedLink(), SETTINGS, 120);

    // Assess
    expect(readiness).toMatchObject({ linkName: 'orders-dr', verdict: 'ready', reasons: [], checks: 'on' });
    expect(readiness.worstTopics).toEqual([]);
    expect(readiness.dryRun).toBeNull();
  });

  describe('not ready', () => {
    it.each([
      ['FAILED', null, 'link FAILED'],
      ['UNAVAILABLE', 'AUTHENTICATION_ERROR', 'link UNAVAILABLE (AUTHENTICATION_ERROR: bad key)'],
      ['PAUSED', null, 'link PAUSED'],
      ['ACTIVE', 'TIMEOUT_ERROR', 'link ACTIVE (TIMEOUT_ERROR: bad key)'],
    ])('when the link is %s with error %s', (linkState, linkError, text) => {
      // Prepare
      const link = protectedLink({
        linkState,
        linkError,
        linkErrorMessage: linkError === null ? null : 'bad key',
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons).toEqual([{ verdict: 'not ready', code: 'LINK_UNHEALTHY', text }]);
    });

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

    it('when the last dry run found topics that would not fail over, naming three and counting the rest', () => {
      // Prepare
      const failures = ['a', 'b', 'c', 'd'].map((topicName) => ({
        topicName,
        errorCode: '3',
        errorMessage: `${topicName} is not a mirror topic`,
      }));
      const link = protectedLink({ dryRun: { since: '2025-06-02T11:00:00.000Z', topics: 40, failures } });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'not ready',
          code: 'DRY_RUN_FAILED',
          text: 'failover dry run: 4 of 40 topics would not fail over (a, b, c and 1 more); a: error 3, a is not a mirror topic',
        },
      ]);
      expect(readiness.dryRun).toEqual({ since: '2025-06-02T11:00:00.000Z', topics: 40, failures });
    });

    it('keeps a dry run in which every topic would fail over, without a reason', () => {
      // Prepare
      const link = protectedLink({ dryRun: { since: '2025-06-02T11:00:00.000Z', topics: 40, failures: [] } });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('ready');
      expect(readiness.dryRun).toEqual({ since: '2025-06-02T11:00:00.000Z', topics: 40, failures: [] });
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

    it('when a sync is switched off, saying what failover would lose', () => {
      // Prepare
      const link = protectedLink({
        configs: {
          values: [
            { name: 'acl.sync.enable', value: 'TRUE', sensitive: false },
            { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
            { name: 'consumer.offset.sync.enable', value: 'false', sensitive: false },
          ],
        },
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'at risk',
          code: 'SYNC_OFF',
          text: 'consumer offsets are not synced: consumers would reprocess after failover (consumer.offset.sync.enable is false)',
        },
      ]);
      expect(readiness.syncs).toEqual([
        {
          what: 'consumer offsets',
          config: 'consumer.offset.sync.enable',
          enabled: false,
          taskState: null,
          broken: false,
        },
        { what: 'ACLs', config: 'acl.sync.enable', enabled: true, taskState: null, broken: false },
        {
          what: 'new source topics',
          config: 'auto.create.mirror.topics.enable',
          enabled: true,
          taskState: null,
          broken: false,
        },
        { what: 'topic configs', config: null, enabled: true, taskState: null, broken: false },
      ]);
    });

    it('takes a switch the configs read does not list for off, and one not read yet for unknown', () => {
      // Prepare
      const read = protectedLink({ configs: { values: [] } });
      const unread = aLink();
      const sensitive = protectedLink({
        configs: { values: [{ name: 'acl.sync.enable', value: null, sensitive: true }] },
      });

      // Act
      const readCodes = codes(read);
      const unreadSyncs = linkReadiness(unread, SETTINGS, 120).syncs.map((s) => s.enabled);
      const sensitiveAcl = linkReadiness(sensitive, SETTINGS, 120).syncs.find((s) => s.what === 'ACLs');

      // Assess
      expect(readCodes).toEqual(['SYNC_OFF', 'SYNC_OFF', 'SYNC_OFF']);
      expect(linkReadiness(read, SETTINGS, 120).reasons[1]?.text).toContain('(acl.sync.enable is not set)');
      expect(unreadSyncs).toEqual([null, null, null, true]);
      expect(linkReadiness(unread, SETTINGS, 120).verdict).toBe('ready');
      expect(sensitiveAcl?.enabled).toBeNull();
    });

    it('when a sync is failing, saying what failover would lose and the task error', () => {
      // Prepare
      const link = protectedLink({
        tasks: [{ taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] }],
        brokenSyncs: [
          {
            config: 'consumer.offset.sync.enable',
            taskName: 'ConsumerOffsetSync',
            taskState: 'IN_ERROR',
            errorCode: 'ACL_LIMIT_EXCEEDED',
            errorMessage: 'too many groups',
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'at risk',
          code: 'SYNC_FAILING',
          text: 'consumer offsets are not synced: consumers would reprocess after failover; task ConsumerOffsetSync IN_ERROR (ACL_LIMIT_EXCEEDED: too many groups)',
        },
      ]);
      expect(readiness.syncs[0]).toEqual({
        what: 'consumer offsets',
        config: 'consumer.offset.sync.enable',
        enabled: true,
        taskState: 'IN_ERROR',
        broken: true,
      });
    });

    it('names a failing sync it does not know by its config', () => {
      // Prepare
      const link = protectedLink({
        brokenSyncs: [
          {
            config: 'schema.sync.enable',
            taskName: 'SchemaSync',
            taskState: 'NOT_CONFIGURED',
            errorCode: null,
            errorMessage: null,
          },
        ],
      });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe(
        'schema.sync.enable is on but its task cannot do its work; task SchemaSync NOT_CONFIGURED',
      );
    });

    it('names the task of a failing sync that no config switches', () => {
      // Prepare
      const link = protectedLink({
        brokenSyncs: [
          {
            config: null,
            taskName: 'TopicConfigsSync',
            taskState: 'IN_ERROR',
            errorCode: null,
            errorMessage: null,
          },
          {
            config: null,
            taskName: 'FutureSync',
            taskState: 'IN_ERROR',
            errorCode: null,
            errorMessage: null,
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.reasons.map((r) => r.text)).toEqual([
        'topic configs are not synced: mirror topics would fail over with stale configs; task TopicConfigsSync IN_ERROR',
        'the sync of FutureSync is on but its task cannot do its work; task FutureSync IN_ERROR',
      ]);
      expect(readiness.syncs.at(-1)).toEqual({
        what: 'topic configs',
        config: null,
        enabled: true,
        taskState: 'IN_ERROR',
        broken: true,
      });
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

    it('when reads are owed, so that what is recorded may be stale', () => {
      // Prepare
      const link = protectedLink({
        unreadParts: { since: '2025-06-02T12:00:00.000Z', mirrorTopics: true, tasks: true },
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'at risk',
          code: 'PARTS_UNREAD',
          text: 'mirror topics and tasks owed a read since 2025-06-02T12:00:00.000Z: what is recorded may be stale',
        },
      ]);
    });
  });

  describe('precedence and order', () => {
    it('is not ready when any reason says so, listing not-ready reasons before at-risk ones', () => {
      // Prepare
      const link = protectedLink({
        unreadParts: { since: '2025-06-02T12:00:00.000Z', mirrorTopics: false, tasks: true },
        configs: { values: [] },
        laggingTopics: [{ topicName: 'clicks', checks: 3, notified: true }],
        topicProgress: [progress({ topicName: 'payments', unmovedReads: 3, stallNotified: true })],
        dryRun: {
          since: '2025-06-02T11:00:00.000Z',
          topics: 2,
          failures: [{ topicName: 'x', errorCode: '1', errorMessage: null }],
        },
        linkState: 'PAUSED',
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons.map((r) => [r.verdict, r.code])).toEqual([
        ['not ready', 'LINK_UNHEALTHY'],
        ['not ready', 'TOPIC_STALLED'],
        ['not ready', 'DRY_RUN_FAILED'],
        ['at risk', 'LAG_OVER_THRESHOLD'],
        ['at risk', 'SYNC_OFF'],
        ['at risk', 'SYNC_OFF'],
        ['at risk', 'SYNC_OFF'],
        ['at risk', 'PARTS_UNREAD'],
      ]);
      expect(readiness.reasons.at(-1)?.text).toMatch(/^tasks owed a read/);
    });

    it('lists the reasons of one verdict in the order of READINESS_REASON_CODES', () => {
      // Prepare: every reason but the link's own, which would speak for the listing's counts
      const link = protectedLink({
        configs: { values: [] },
        mirrorTopics: [
          { topicName: 'a', status: 'FAILED', error: null, stateTimeMs: null, transitionErrors: [] },
          { topicName: 'b', status: 'PAUSED', error: null, stateTimeMs: null, transitionErrors: [] },
        ],
        stuckTopics: [{ topicName: 'c', status: 'PENDING_MIRROR', sinceMs: 0, transitionErrors: [] }],
        topicProgress: [
          progress({ topicName: 'd', stallNotified: true }),
          progress({ topicName: 'e', behindNotified: true }),
        ],
        laggingTopics: [{ topicName: 'f', checks: 3, notified: true }],
        dryRun: {
          since: '2025-06-02T11:00:00.000Z',
          topics: 1,
          failures: [{ topicName: 'g', errorCode: '1', errorMessage: null }],
        },
        brokenSyncs: [
          {
            config: 'acl.sync.enable',
            taskName: 'AclSync',
            taskState: 'IN_ERROR',
            errorCode: null,
            errorMessage: null,
          },
        ],
        categoryCounts: [{ stateCategory: 'PENDING', count: 5 }],
        unreadParts: { since: '2025-06-02T12:00:00.000Z', mirrorTopics: true, tasks: false },
      });

      // Act
      const listed = codes(link).filter((code, i, all) => all[i - 1] !== code);

      // Assess
      expect(listed).toEqual(READINESS_REASON_CODES.filter((code) => code !== 'LINK_UNHEALTHY'));
    });

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
  });

  describe('checks off', () => {
    it('says so, and judges what was recorded', () => {
      // Prepare
      const link = protectedLink({
        topicProgress: [
          progress({ topicName: 'payments', unmovedReads: 4, risingReads: 2, stallNotified: true }),
        ],
      });

      // Act
      const readiness = linkReadiness(link, null, null);

      // Assess
      expect(readiness.checks).toBe('off');
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons[0]?.text).toBe(
        'payments stalled: 1,200 messages behind, fetch offset unmoved for 4 reads',
      );
    });

    it('is ready for a healthy link with nothing recorded', () => {
      // Act
      const readiness = linkReadiness(aLink(), null, null);

      // Assess
      expect(readiness).toMatchObject({ verdict: 'ready', checks: 'off', reasons: [] });
    });
  });
});

describe('Function: groupDigits', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_200, '1,200'],
    [1_234_567, '1,234,567'],
    [-4_500, '-4,500'],
    [1234.5, '1,234.5'],
  ])('writes %d as %s', (value, text) => {
    expect(groupDigits(value)).toBe(text);
  });
});
