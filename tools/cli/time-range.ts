/**
 * `--since` / `--until` expressions: a duration back from now (`24h`, `7d`,
 * `90m`) or an ISO-8601 time.
 */
import parseDuration from 'parse-duration';
import { CliUsageError } from './cli-errors.js';

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}([Tt ][\d:.]+([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instant an expression stands for.
 *
 * @param flag - the flag's name, for the message
 * @throws CliUsageError when it is neither a duration nor an ISO time
 */
export function parseTimeExpression(text: string, now: Date, flag: string): Date {
  const trimmed = text.trim();
  if (ISO_LIKE.test(trimmed)) {
    // A date or time without a zone is read as UTC, like every time the monitor prints.
    const zoned = /[Zz]|[+-]\d{2}:?\d{2}$/.test(trimmed) || !trimmed.includes(':') ? trimmed : `${trimmed}Z`;
    const ms = Date.parse(zoned.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return new Date(ms);
  } else if (/^\d*\.?\d+\s*[a-zA-Zµ]/.test(trimmed)) {
    // A bare number is refused: parse-duration would read it as milliseconds, which nobody means here.
    const ms = parseDuration(trimmed);
    if (ms !== null && ms !== undefined && Number.isFinite(ms) && ms >= 0)
      return new Date(now.getTime() - ms);
  }
  throw new CliUsageError(
    `${flag} ${JSON.stringify(text)} is not a duration or an ISO time`,
    `use a duration back from now (30m, 24h, 7d) or an ISO time (2025-06-01T08:00:00Z)`,
  );
}

/** `{ from, to }` for a query, checking that the range is not reversed. */
export function parseTimeRange(
  since: string,
  until: string | undefined,
  now: Date,
): { readonly from: string; readonly to: string } {
  const from = parseTimeExpression(since, now, '--since');
  const to = until === undefined ? now : parseTimeExpression(until, now, '--until');
  if (from.getTime() > to.getTime()) {
    throw new CliUsageError(`--since (${from.toISOString()}) is after --until (${to.toISOString()})`);
  }
  return { from: from.toISOString(), to: to.toISOString() };
}
