/** How long a condition lasted, in the words people read in an alert. */

const UNITS: readonly [string, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/**
 * Formats a span of seconds with its two largest units: `3d 2h`, `2h 14m`,
 * `45m`, `30s`. Negative or non-finite spans give null (clock skew between a
 * stored time and the poll must not print nonsense).
 */
export function formatDuration(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  let rest = Math.floor(seconds);
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (parts.length === 2) break;
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
    // Once a larger unit is shown, stop at the next one even when it is zero: `3d` not `3d 5m`.
    else if (parts.length === 1) break;
  }
  return parts.join(' ');
}

/** Seconds from `since` to `until` (ISO strings), or null when either is missing or unreadable. */
export function secondsBetween(since: string | null, until: string | null): number | null {
  // A missing time is no instant, as an unreadable one is.
  const start = new Date(since ?? Number.NaN).getTime();
  const end = new Date(until ?? Number.NaN).getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return null;
  return Math.floor((end - start) / 1000);
}
