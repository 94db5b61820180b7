/**
 * Durations and schedules as people write them in the config file: `50s`,
 * `5 minutes`, `4h`, or an EventBridge rate expression `rate(5 minutes)`.
 */
import parseDuration from 'parse-duration';

const MINUTE_MS = 60_000;

/** Number-and-unit groups only ("1h 30m", "5 minutes"); parse-duration alone ignores stray words. */
const DURATION_SHAPE = /^\s*(\d+(\.\d+)?\s*[a-zA-Z]+\s*)+$/;
const RATE_SHAPE = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const RATE_UNIT_MS: Record<string, number> = {
  minute: MINUTE_MS,
  hour: 60 * MINUTE_MS,
  day: 24 * 60 * MINUTE_MS,
};

/**
 * Parses a duration such as `50s`, `4h` or `1h 30m` to milliseconds.
 * Returns null when the text is not a duration (a bare number has no unit and is refused, except `0`).
 */
export function parseDurationMs(text: string): number | null {
  if (text.trim() === '0') return 0;
  if (!DURATION_SHAPE.test(text)) return null;
  const ms = parseDuration(text);
  if (ms === null || !Number.isFinite(ms) || ms < 0) return null;
  return Math.round(ms);
}

/** A schedule the monitor can deploy: always a whole number of minutes. */
export interface Schedule {
  /** EventBridge Scheduler expression, e.g. `rate(5 minutes)`. */
  readonly expression: string;
  readonly intervalMs: number;
}

/**
 * Parses `rate(5 minutes)` or a duration like `5m` into a rate schedule.
 * Returns an explanation instead when the text is not a usable interval.
 */
export function parseSchedule(text: string): Schedule | { readonly problem: string } {
  const trimmed = text.trim();
  let intervalMs: number | null;
  const rate = RATE_SHAPE.exec(trimmed);
  if (rate) {
    const count = Number(rate[1]);
    const unit = (rate[2] ?? '').replace(/s$/, '');
    // A rate is EventBridge's syntax, which refuses `rate(2 minute)` and `rate(1 minutes)`; so does the file.
    const written = `rate(${count} ${count === 1 ? unit : `${unit}s`})`;
    if (rate[2] !== (count === 1 ? unit : `${unit}s`)) {
      return { problem: `must be written ${written}: EventBridge takes the singular unit for 1 only` };
    }
    intervalMs = count * (RATE_UNIT_MS[unit] ?? Number.NaN);
  } else if (trimmed.startsWith('cron(')) {
    return { problem: 'cron expressions are not supported: use a rate such as rate(5 minutes) or 5m' };
  } else {
    intervalMs = parseDurationMs(trimmed);
  }
  if (intervalMs === null || !Number.isFinite(intervalMs)) {
    return { problem: 'must be a rate expression such as rate(1 minute) or a duration such as 5m' };
  }
  if (intervalMs < MINUTE_MS) return { problem: 'must be at least 1 minute' };
  if (intervalMs % MINUTE_MS !== 0) return { problem: 'must be a whole number of minutes' };
  const minutes = intervalMs / MINUTE_MS;
  return Object.freeze({
    expression: `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`,
    intervalMs,
  });
}

/** `90000` -> `1m 30s`, for messages. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? '0s' : parts.join(' ');
}
