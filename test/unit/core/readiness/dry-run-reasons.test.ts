/**
 * The reason of `core/readiness/dry-run-reasons.ts` and the dry run, as `linkReadiness` gives
 * them.
 */
import { describe, expect, it } from 'vitest';
import { linkReadiness } from '../../../../core/readiness/readiness-verdict.js';
import { protectedLink, SETTINGS } from './readiness-fixtures.js';

describe('Function: linkReadiness', () => {
  describe('not ready', () => {
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
      expect(readiness.dryRun).toEqual({
        since: '2025-06-02T11:00:00.000Z',
        topics: 40,
        failed: 4,
        notChecked: 0,
        failures,
      });
    });

    it('names them all when no more than three would not fail over', () => {
      // Prepare
      const failures = ['a', 'b', 'c'].map((topicName) => ({
        topicName,
        errorCode: '3',
        errorMessage: null,
      }));
      const three = protectedLink({
        dryRun: { since: '2025-06-02T11:00:00.000Z', topics: 40, failed: 3, failures },
      });
      const one = protectedLink({
        dryRun: { since: '2025-06-02T11:00:00.000Z', topics: 40, failures: failures.slice(0, 1) },
      });

      // Act
      const texts = [three, one].map((link) => linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text));

      // Assess
      expect(texts).toEqual([
        ['failover dry run: 3 of 40 topics would not fail over (a, b, c); a: error 3'],
        ['failover dry run: 1 of 40 topics would not fail over (a); a: error 3'],
      ]);
    });

    it('counts every topic that would not fail over, beyond the failures recorded, and the topics not checked', () => {
      // Prepare: 25 of 1,000 would not fail over, the first 10 kept; 1,500 more topics not named
      const failures = Array.from({ length: 10 }, (_, i) => ({
        topicName: `t${String(i).padStart(2, '0')}`,
        errorCode: '3',
        errorMessage: null,
      }));
      const link = protectedLink({
        dryRun: { since: '2025-06-02T11:00:00.000Z', topics: 1_000, failed: 25, notChecked: 1_500, failures },
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.reasons.map((r) => r.text)).toEqual([
        'failover dry run: 25 of 1,000 topics would not fail over (t00, t01, t02 and 22 more); t00: error 3; 1,500 more topics not checked',
      ]);
      expect(readiness.dryRun).toMatchObject({ topics: 1_000, failed: 25, notChecked: 1_500 });
    });

    it('keeps a dry run in which every topic would fail over, without a reason', () => {
      // Prepare
      const link = protectedLink({ dryRun: { since: '2025-06-02T11:00:00.000Z', topics: 40, failures: [] } });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('ready');
      expect(readiness.dryRun).toEqual({
        since: '2025-06-02T11:00:00.000Z',
        topics: 40,
        failed: 0,
        notChecked: 0,
        failures: [],
      });
    });
  });
});
