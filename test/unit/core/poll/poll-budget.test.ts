import { describe, expect, it } from 'vitest';
import {
  CLAIM_OUTLIVES_DEADLINE_MS,
  DETAIL_PHASE_MS,
  PollBudget,
} from '../../../../core/poll/poll-budget.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';

const DEADLINE = Date.parse('2026-11-26T08:01:00Z');
const SECOND = 1_000;

describe('Class: PollBudget', () => {
  const budget = new PollBudget(DEADLINE, { reserveMs: 8 * SECOND });

  it('starts a cluster while the whole reserve is left, and no later', () => {
    // Assess
    expect(budget.isTooLateToStartCluster(DEADLINE - 8 * SECOND)).toBe(false);
    expect(budget.isTooLateToStartCluster(DEADLINE - 8 * SECOND + 1)).toBe(true);
    expect(budget.isTooLateToStartCluster(DEADLINE + SECOND)).toBe(true);
  });

  it('ends the listing with half the reserve left, for recording and publishing what it shows', () => {
    // Assess
    expect(budget.listingDeadline).toBe(DEADLINE - 4 * SECOND);
  });

  it('gives the detail reads the listing deadline, or the detail phase from now when that ends first', () => {
    // Assess
    expect(budget.detailsDeadline(DEADLINE - 60 * SECOND)).toBe(DEADLINE - 60 * SECOND + DETAIL_PHASE_MS);
    expect(budget.detailsDeadline(DEADLINE - 10 * SECOND)).toBe(DEADLINE - 4 * SECOND);
  });

  it('stops recording with a quarter of the reserve left: what publishing needs', () => {
    // Assess
    expect(budget.publishingShareMs).toBe(2 * SECOND);
    expect(budget.recordingDeadline).toBe(DEADLINE - 2 * SECOND);
  });

  it('claims pending events past the deadline, and past now when the deadline has gone by', () => {
    // Assess
    expect(budget.claimUntil(DEADLINE - 30 * SECOND)).toBe(DEADLINE + CLAIM_OUTLIVES_DEADLINE_MS);
    expect(budget.claimUntil(DEADLINE + 5 * SECOND)).toBe(DEADLINE + 5 * SECOND + CLAIM_OUTLIVES_DEADLINE_MS);
  });

  it("lets a crashed poll's claims expire before the next poll starts: a few seconds past the deadline", () => {
    // Prepare: the default poll timeout (50 s) on the shortest schedule (1 min).
    const start = DEADLINE - 50 * SECOND;
    const nextPoll = start + 60 * SECOND;
    const poll = new PollBudget(DEADLINE, DEFAULT_POLL_SETTINGS);

    // Act
    const firstClaim = poll.claimUntil(start);
    const lastClaim = poll.claimUntil(DEADLINE);

    // Assess
    expect(firstClaim).toBe(lastClaim);
    expect(lastClaim).toBeGreaterThan(DEADLINE);
    expect(lastClaim).toBeLessThanOrEqual(DEADLINE + 5 * SECOND);
    expect(lastClaim).toBeLessThan(nextPoll);
  });

  it('shares the default 10-second reserve as 5 s after the listing and 2.5 s for publishing', () => {
    // Prepare
    const standard = new PollBudget(DEADLINE, DEFAULT_POLL_SETTINGS);

    // Assess
    expect(standard.deadline).toBe(DEADLINE);
    expect(DEADLINE - standard.listingDeadline).toBe(5_000);
    expect(DEADLINE - standard.recordingDeadline).toBe(2_500);
    expect(standard.isTooLateToStartCluster(DEADLINE - 10_000)).toBe(false);
    expect(standard.isTooLateToStartCluster(DEADLINE - 9_999)).toBe(true);
  });
});
