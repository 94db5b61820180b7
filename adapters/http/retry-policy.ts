/**
 * The one retry policy of every HTTP client here (Confluent REST, Slack
 * webhooks): how long to wait before the next attempt, and whether that wait
 * still fits before the caller's deadline.
 *
 * - A server's `Retry-After` is honoured when it is valid (RFC 9110 §10.2.3:
 *   delta-seconds or an HTTP-date); anything else falls back to backoff.
 * - Backoff is capped exponential with full jitter (a delay drawn uniformly from
 *   zero up to the capped exponential), which spreads the retries of many
 *   callers instead of having them hit a recovering server in step.
 * - Every wait is at least the policy's floor, so a server answering 429 with
 *   `Retry-After: 0` (or a date in the past) cannot make a caller hammer it.
 * - A wait that would end too late for one more attempt before the deadline is
 *   not taken: the caller gives up instead of sleeping past it.
 *
 * Pure: the clock and the random source are arguments.
 */

export interface RetryPolicy {
  /** Upper bound of the first backoff, in ms; doubles with each retry. */
  readonly baseDelayMs: number;
  /** No backoff exceeds this, in ms (a valid `Retry-After` is honoured as given, up to the deadline). */
  readonly maxDelayMs: number;
  /** No wait is shorter than this, in ms, whatever the server or the jitter says. */
  readonly minDelayMs: number;
  /** Time one more attempt needs after the wait; a wait that leaves less before the deadline is not taken. */
  readonly minAttemptMs: number;
}

/** What a failed attempt tells the policy. */
export interface FailedAttempt {
  /** The attempt that just failed, 1 for the first request. */
  readonly attempt: number;
  /** The server's wait from {@link parseRetryAfter}, or null when it gave none (or none that is valid). */
  readonly retryAfterMs: number | null;
  /** Epoch ms now. */
  readonly now: number;
  /** Epoch ms after which no attempt may start and no wait may end. */
  readonly deadline: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly source: 'retry-after' | 'backoff' }
  /** The wait would pass the deadline: give up now, without sleeping. */
  | { readonly retry: false; readonly delayMs: number; readonly source: 'retry-after' | 'backoff' };

/**
 * The backoff before retry number `retry` (1 for the first retry), before the floor applies.
 *
 * @param random - returns a number in [0, 1), like `Math.random`; anything else counts as 0
 * @returns an integer number of ms in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))]
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const exponent = Math.max(0, Math.floor(retry) - 1);
  // 2 ** exponent overflows to Infinity for large retries; the cap keeps it finite.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * Math.max(0, ceiling));
}

const DELTA_SECONDS = /^\d+$/;
/** An HTTP-date always names a weekday or month; this keeps `Date.parse` from reading "-5" or "1.5" as dates. */
const HAS_LETTERS = /[a-z]/i;
/** asctime's form carries no zone; RFC 9110 says it is UTC, while `Date.parse` would read it as local time. */
const ASCTIME = /^[a-z]{3} [a-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/i;

/**
 * Reads a `Retry-After` header as RFC 9110 defines it: delta-seconds (a
 * non-negative integer, `120`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`).
 * "1.5", "-5", "soon" and empty values are invalid.
 *
 * @param now - epoch ms, to turn a date into a wait
 * @returns the wait in ms (0 for a date already past), or null when absent or invalid
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (DELTA_SECONDS.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isFinite(ms) ? ms : null;
  }
  if (!HAS_LETTERS.test(text)) return null;
  const at = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * Decides the wait after a failed, retryable attempt: the server's valid
 * `Retry-After` or else jittered backoff, never below the floor, and whether it
 * still leaves time for one more attempt before the deadline.
 */
export function planRetry(failed: FailedAttempt, policy: RetryPolicy, random: () => number): RetryDecision {
  const source = failed.retryAfterMs === null ? 'backoff' : 'retry-after';
  const wanted = failed.retryAfterMs ?? backoffDelay(failed.attempt, policy, random);
  const delayMs = Math.max(policy.minDelayMs, wanted);
  const fits = failed.now + delayMs + policy.minAttemptMs < failed.deadline;
  return { retry: fits, delayMs, source };
}

/** A sleep on the real clock, for callers that are not given one. */
export const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
