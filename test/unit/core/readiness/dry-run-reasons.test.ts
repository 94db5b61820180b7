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
});
