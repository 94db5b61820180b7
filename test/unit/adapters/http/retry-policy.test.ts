import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  parseRetryAfter,
  planRetry,
  type RetryPolicy,
} from '../../../../adapters/http/retry-policy.js';

const policy: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 1_000, minDelayMs: 20, minAttemptMs: 0 };
const NOW = Date.parse('2026-03-01T12:00:00Z');
const top = () => 0.999_999;

describe('Function: backoffDelay', () => {
  it('doubles the ceiling with each retry', () => {
    // Act
    const delays = [1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, top));

    // Assess: with random just below 1 the delay sits at the ceiling.
    expect(delays).toEqual([99, 199, 399, 799]);
  });

  it('never exceeds the cap, even for huge retry numbers', () => {
    expect(backoffDelay(5, policy, top)).toBe(999);
    expect(backoffDelay(10_000, policy, top)).toBe(999);
  });

  it('draws the whole range down to zero (full jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('stays within [0, min(cap, base * 2^(retry-1))] for any retry and random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        (retry, r) => {
          const delay = backoffDelay(retry, policy, () => r);
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
          return Number.isInteger(delay) && delay >= 0 && delay <= ceiling;
        },
      ),
    );
  });

  it('treats a misbehaving random source as zero rather than producing NaN', () => {
    expect(backoffDelay(2, policy, () => Number.NaN)).toBe(0);
    expect(backoffDelay(2, policy, () => 7)).toBe(200);
  });
});

describe('Function: parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it.each([
    ['IMF-fixdate', 'Sun, 01 Mar 2026 12:00:30 GMT'],
    ['obsolete RFC 850 date', 'Sunday, 01-Mar-26 12:00:30 GMT'],
    ['asctime date', 'Sun Mar  1 12:00:30 2026'],
  ])('reads an HTTP-date (%s) as the time left until it, in UTC', (_form, value) => {
    expect(parseRetryAfter(value, NOW)).toBe(30_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it.each([null, undefined, '', '   ', 'soon', '-5', '1.5', '+3', '3s', '0x10', '1e3'])(
    'returns null for an absent or invalid value: %j',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeNull();
    },
  );

  it('returns null rather than Infinity for an absurdly long number', () => {
    expect(parseRetryAfter('9'.repeat(400), NOW)).toBeNull();
  });
});

describe('Function: planRetry', () => {
  it('honours a valid Retry-After over backoff', () => {
    // Act
    const decision = planRetry(
      { attempt: 1, retryAfterMs: 3_000, now: NOW, deadline: NOW + 60_000 },
      policy,
      top,
    );

    // Assess
    expect(decision).toEqual({ retry: true, delayMs: 3_000, source: 'retry-after' });
  });

  it('falls back to jittered backoff when the server gave no valid Retry-After', () => {
    // Prepare
    const retryAfterMs = parseRetryAfter('1.5', NOW);

    // Act
    const decision = planRetry(
      { attempt: 2, retryAfterMs, now: NOW, deadline: NOW + 60_000 },
      policy,
      () => 0.5,
    );

    // Assess
    expect(decision).toEqual({ retry: true, delayMs: 100, source: 'backoff' });
  });

  it('never waits less than the floor, even for Retry-After: 0 or a date in the past', () => {
    // Prepare
    const zero = parseRetryAfter('0', NOW);
    const past = parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW);

    // Act
    const decisions = [zero, past].map((retryAfterMs) =>
      planRetry({ attempt: 1, retryAfterMs, now: NOW, deadline: NOW + 60_000 }, policy, top),
    );

    // Assess
    expect(decisions.map((d) => d.delayMs)).toEqual([20, 20]);
  });

  it('lifts a backoff that jitter drew near zero to the floor', () => {
    expect(
      planRetry({ attempt: 4, retryAfterMs: null, now: NOW, deadline: NOW + 60_000 }, policy, () => 0),
    ).toEqual({
      retry: true,
      delayMs: 20,
      source: 'backoff',
    });
  });

  it('gives up instead of sleeping past the deadline', () => {
    // Act
    const decision = planRetry(
      { attempt: 1, retryAfterMs: 120_000, now: NOW, deadline: NOW + 30_000 },
      policy,
      top,
    );

    // Assess
    expect(decision).toEqual({ retry: false, delayMs: 120_000, source: 'retry-after' });
  });

  it('gives up when the wait would leave less than one attempt needs before the deadline', () => {
    // Prepare
    const slack = { ...policy, minAttemptMs: 500 };

    // Act
    const tight = planRetry({ attempt: 1, retryAfterMs: 1_000, now: NOW, deadline: NOW + 1_400 }, slack, top);
    const roomy = planRetry({ attempt: 1, retryAfterMs: 1_000, now: NOW, deadline: NOW + 1_600 }, slack, top);

    // Assess
    expect(tight.retry).toBe(false);
    expect(roomy.retry).toBe(true);
  });

  it('never plans a wait under the floor or one that ends past the deadline, for any input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 200_000 })),
        fc.integer({ min: -1_000, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        (attempt, retryAfterMs, left, r) => {
          const decision = planRetry(
            { attempt, retryAfterMs, now: NOW, deadline: NOW + left },
            policy,
            () => r,
          );
          const endsInTime = NOW + decision.delayMs < NOW + left;
          return decision.delayMs >= policy.minDelayMs && (!decision.retry || endsInTime);
        },
      ),
    );
  });
});
