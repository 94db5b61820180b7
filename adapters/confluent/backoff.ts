/**
 * Retry delays: capped exponential backoff with full jitter (a delay drawn
 * uniformly from zero up to the capped exponential), which spreads the retries
 * of many pollers instead of having them hit a recovering endpoint in step.
 * Pure: the random source and the clock are arguments.
 */

export interface BackoffPolicy {
  /** Upper bound of the first retry's delay, in ms. */
  readonly baseDelayMs: number;
  /** No delay ever exceeds this, in ms. */
  readonly maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (1 for the first retry).
 *
 * @param random - returns a number in [0, 1), like `Math.random`
 * @returns an integer number of ms in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))]
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.max(0, Math.floor(retry) - 1);
  // 2 ** exponent overflows to Infinity for large retries; the cap keeps it finite.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * Math.max(0, ceiling));
}

/**
 * Reads a `Retry-After` header: either delta-seconds (`120`) or an HTTP date.
 *
 * @param now - epoch ms, to turn a date into a delay
 * @returns the delay in ms (0 when the date is already past), or null when absent or unreadable
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only a real date: Date.parse also accepts bare numbers like "-5" or "1.5", which are not valid here.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
