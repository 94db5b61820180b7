/**
 * Recurring maintenance windows from the config: on the given days of the week,
 * from a wall-clock start time in an IANA zone, for a duration. While one is
 * open it acts as a silence with the id `window:{name}`. Pure.
 */
import type { Silence, SilenceMatchers } from './silence.js';
import { instantOf, WEEKDAYS, type Weekday, wallTimeAt } from './zoned-time.js';

export interface MaintenanceWindow {
  /** Unique among the windows; the silence id is `window:{name}`. */
  readonly name: string;
  /** Days the window opens on, in the window's zone. */
  readonly days: readonly Weekday[];
  /** Wall-clock opening time in the zone. */
  readonly start: { readonly hour: number; readonly minute: number };
  /** Elapsed time the window stays open (a window across a clock change is still this long). */
  readonly durationMs: number;
  /** IANA zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  readonly matchers: SilenceMatchers;
  readonly reason: string;
}

/** Windows are created by the config, not by a person. */
export const WINDOW_CREATOR = 'config';
export const WINDOW_ID_PREFIX = 'window:';
const DAY_MS = 86_400_000;
/** Longest window: a week, so that no occurrence covers the next one. */
export const MAX_WINDOW_MS = 7 * DAY_MS;

/** One opening of a window, as a silence. */
function occurrence(window: MaintenanceWindow, startMs: number): Silence {
  const startsAt = new Date(startMs).toISOString();
  return {
    id: `${WINDOW_ID_PREFIX}${window.name}`,
    matchers: window.matchers,
    startsAt,
    endsAt: new Date(startMs + window.durationMs).toISOString(),
    reason: window.reason,
    createdBy: WINDOW_CREATOR,
    createdAt: startsAt,
    expiredAt: null,
  };
}

/**
 * Every opening of the window that starts in `[fromMs - durationMs, toMs)`, i.e. that is open at
 * some point in `[fromMs, toMs)`, oldest first.
 */
export function windowOccurrences(window: MaintenanceWindow, fromMs: number, toMs: number): Silence[] {
  const result: Silence[] = [];
  // Walk the zone's calendar days from before the earliest possible start to after the end.
  const first = wallTimeAt(fromMs - window.durationMs - DAY_MS, window.timeZone);
  const days = Math.ceil((toMs - fromMs + window.durationMs) / DAY_MS) + 3;
  for (let i = 0; i < days; i++) {
    // Noon UTC of the calendar day: its date arithmetic never crosses a day boundary.
    const noon = new Date(Date.UTC(first.year, first.month - 1, first.day + i, 12));
    const weekday = WEEKDAYS[(noon.getUTCDay() + 6) % 7] as Weekday;
    if (!window.days.includes(weekday)) continue;
    const startMs = instantOf(
      { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate() },
      window.start,
      window.timeZone,
    );
    if (startMs + window.durationMs > fromMs && startMs < toMs) result.push(occurrence(window, startMs));
  }
  return result;
}

/** The windows open at `now`, as silences. */
export function openWindows(windows: readonly MaintenanceWindow[], now: Date): Silence[] {
  const at = now.getTime();
  return windows.flatMap((w) => windowOccurrences(w, at, at + 1));
}
