/**
 * The verdict `core/readiness/readiness-verdict.ts` assembles: the link's own reasons, precedence
 * and order, checks off.
 */
import { describe, expect, it } from 'vitest';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { READINESS_REASON_CODES } from '../../../../core/readiness/readiness-reasons.js';
import { linkReadiness, readinessTargetFor } from '../../../../core/readiness/readiness-verdict.js';
import { aLink } from '../../../support/link-fixtures.js';
import { codes, progress, protectedLink, SETTINGS } from './readiness-fixtures.js';

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

    it('when the link reports an error without a state or a message', () => {
      // Prepare
      const link = protectedLink({
        linkState: null,
        linkError: 'AUTHENTICATION_ERROR',
        linkErrorMessage: null,
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('not ready');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'not ready',
          code: 'LINK_UNHEALTHY',
          text: 'link state not reported (AUTHENTICATION_ERROR)',
        },
      ]);
    });
  });

  describe('at risk', () => {
    it('when the link configs were not read yet: its syncs are unknown, not taken for on', () => {
      // Prepare: a link whose first config turn has not come yet
      const link = aLink({ categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }] });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        { verdict: 'at risk', code: 'CONFIGS_UNREAD', text: 'link configs not read yet: syncs unknown' },
      ]);
      expect(readiness.syncs.map((s) => s.enabled)).toEqual([null, null, null, true]);
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

    it('when reads are owed but the record does not say of what, calling them details', () => {
      // Prepare
      const link = protectedLink({
        unreadParts: { since: '2025-06-02T12:00:00.000Z', mirrorTopics: false, tasks: false },
      });

      // Act
      const reasons = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(reasons).toEqual([
        'details owed a read since 2025-06-02T12:00:00.000Z: what is recorded may be stale',
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

      // Act: configs read (a sync off), or not read yet (syncs unknown), which cannot both hold
      const listed = codes(link).filter((code, i, all) => all[i - 1] !== code);
      const unread = codes({ ...link, configs: undefined }).filter((code, i, all) => all[i - 1] !== code);

      // Assess
      expect(listed).toEqual(
        READINESS_REASON_CODES.filter((code) => code !== 'LINK_UNHEALTHY' && code !== 'CONFIGS_UNREAD'),
      );
      expect(unread).toEqual(
        READINESS_REASON_CODES.filter((code) => code !== 'LINK_UNHEALTHY' && code !== 'SYNC_OFF'),
      );
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

    it('is ready for a healthy link with nothing recorded, its configs unread included', () => {
      // Act
      const readiness = linkReadiness(aLink(), null, null);

      // Assess
      expect(readiness).toMatchObject({ verdict: 'ready', checks: 'off', reasons: [] });
    });
  });
});
