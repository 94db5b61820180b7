import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../../adapters/confluent/backoff.js';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('Function: backoffDelay', () => {
  it('doubles the ceiling with each retry', () => {
    // With random just below 1 the delay sits at the ceiling.
    const top = () => 0.999_999;

    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, top))).toEqual([99, 199, 399, 799]);
  });

  it('never exceeds the cap, even for huge retry numbers', () => {
    expect(backoffDelay(5, policy, () => 0.999_999)).toBe(999);
    expect(backoffDelay(10_000, policy, () => 0.999_999)).toBe(999);
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
  });
});

describe('Function: parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it.each([null, undefined, '', 'soon', '-5', '1.5'])(
    'returns null for an absent or unreadable value: %j',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeNull();
    },
  );
});
