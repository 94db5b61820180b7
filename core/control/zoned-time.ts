/**
 * Wall-clock times in IANA time zones, with the platform's own time-zone data
 * (Intl), so daylight-saving rules are the ones Node ships. Pure.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the platform knows the zone (e.g. `Europe/Berlin`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A calendar date and time as read on a clock in some zone. */
export interface WallTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: Weekday;
}

/** The wall-clock reading in `timeZone` at the instant `epochMs`. */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: (parts.weekday ?? 'Mon').toLowerCase().slice(0, 3) as Weekday,
  };
}

/** The zone's offset from UTC at an instant, in ms (wall clock minus UTC). */
function offsetAt(epochMs: number, timeZone: string): number {
  const w = wallTimeAt(epochMs, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return wallAsUtc - Math.floor(epochMs / 60_000) * 60_000;
}

const DAY_AND_A_HALF_MS = 36 * 3_600_000;

/**
 * The instant a wall-clock time happens in a zone. A time that occurs twice (clocks going back)
 * is its first occurrence; a time that does not occur (clocks going forward) is moved forward by
 * the gap, so 02:30 on the spring-forward night in New York is 03:30 daylight time.
 */
export function instantOf(
  date: { readonly year: number; readonly month: number; readonly day: number },
  time: { readonly hour: number; readonly minute: number },
  timeZone: string,
): number {
  const local = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // Zones change their offset at most once in a day and a half around any time.
  const before = offsetAt(local - DAY_AND_A_HALF_MS, timeZone);
  const after = offsetAt(local + DAY_AND_A_HALF_MS, timeZone);
  const valid = [local - before, local - after].filter(
    (candidate, index) => offsetAt(candidate, timeZone) === (index === 0 ? before : after),
  );
  if (valid.length > 0) return Math.min(...valid);
  return local - before;
}
