/**
 * What the `LinkStateStore` port accepts, checked once for every store: the same bad input gets
 * the same named error from DynamoDB and SQLite, before either touches its data.
 */
import type { HistoryEvent } from '../model/change-events.js';
import type { ClusterCommit, LinkCommit, PageRequest, TimeRange } from '../ports.js';
import { InvalidCommitError, InvalidQueryError, type StoreErrorContext } from '../store-errors.js';

/** Page size when the caller names none. */
export const DEFAULT_PAGE_LIMIT = 100;
/** The largest page a store returns; a larger `limit` is answered in pages of this size. */
export const MAX_PAGE_LIMIT = 1000;
/**
 * Events one commit may carry. DynamoDB transactions hold at most 100 items: the snapshot, the
 * outbox marker and 98 events. Every store enforces it, so a local run refuses what production would refuse.
 * The poll keeps within it: a link's part events beyond it are summarised (`summarise-parts.ts`).
 */
export const MAX_EVENTS_PER_COMMIT = 98;

/** A history query with its bounds in canonical `toISOString()` form and its limit settled. */
export interface HistoryWindow {
  readonly from: string;
  readonly to: string;
  readonly limit: number;
  /** True when `from` is after `to`: the answer is an empty page, not an error. */
  readonly empty: boolean;
}

type QueryContext = Omit<StoreErrorContext, 'reasons' | 'cause'>;

/**
 * `toISOString()` form of an ISO time, the form stored times are compared in, so that bounds such
 * as `…T10:00:00Z` and `…T12:00:00+02:00` compare as the instants they name; null for anything
 * that is not a time.
 */
export function canonicalTime(iso: string): string | null {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Settles the time range and page size of a history query.
 *
 * A `limit` that is not a positive integer is refused: 0, -1 or 1.5 is a caller's mistake, and
 * quietly turning it into 1 or 100 would page through history at a size nobody asked for. A
 * `limit` above `MAX_PAGE_LIMIT` is clamped: the port lets a store return fewer items than asked
 * (with a cursor for the rest), so it is a legal request answered in several pages.
 * `from` after `to` is an empty range and gets an empty page.
 *
 * @throws InvalidQueryError for a bound that is not an ISO-8601 time or a bad limit
 */
export function historyWindow(q: TimeRange & PageRequest, context: QueryContext): HistoryWindow {
  const from = requireTime('from', q.from, context);
  const to = requireTime('to', q.to, context);
  const limit = q.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidQueryError(`'limit' must be a positive integer, got ${limit}`, context);
  }
  return { from, to, limit: Math.min(limit, MAX_PAGE_LIMIT), empty: from > to };
}

/**
 * Canonical `now` and `claimUntil` of an outbox claim: claims are compared as strings, so a time
 * in another form would compare wrongly.
 *
 * @throws InvalidQueryError for a time that is not ISO-8601
 */
export function claimTimes(
  q: { readonly now: string; readonly claimUntil: string },
  context: QueryContext,
): { readonly now: string; readonly claimUntil: string } {
  return {
    now: requireTime('now', q.now, context),
    claimUntil: requireTime('claimUntil', q.claimUntil, context),
  };
}

/** @throws InvalidCommitError when the snapshot or an event is for another cluster or link, or there are too many events */
export function checkLinkCommit(commit: LinkCommit): void {
  const context = { operation: 'commitLink', clusterId: commit.clusterId, linkName: commit.linkName };
  const next = commit.next;
  if (next !== null && (next.clusterId !== commit.clusterId || next.link.linkName !== commit.linkName)) {
    throw new InvalidCommitError(
      `the snapshot is for cluster ${next.clusterId}, link ${next.link.linkName}`,
      context,
    );
  }
  checkEvents(commit.events, context);
}

/** @throws InvalidCommitError when the record or an event is for another cluster, or there are too many events */
export function checkClusterCommit(commit: ClusterCommit): void {
  const context = { operation: 'commitCluster', clusterId: commit.clusterId };
  if (commit.next.clusterId !== commit.clusterId) {
    throw new InvalidCommitError(`the record is for cluster ${commit.next.clusterId}`, context);
  }
  checkEvents(commit.events, context);
}

function checkEvents(
  events: readonly HistoryEvent[],
  context: { operation: string; clusterId: string; linkName?: string },
): void {
  if (events.length > MAX_EVENTS_PER_COMMIT) {
    throw new InvalidCommitError(
      `${events.length} events exceed the ${MAX_EVENTS_PER_COMMIT} one commit may carry`,
      { ...context, reasons: ['TooManyEvents'] },
    );
  }
  for (const event of events) {
    if (event.clusterId !== context.clusterId) {
      throw new InvalidCommitError(`event ${event.eventId} belongs to cluster ${event.clusterId}`, context);
    }
  }
}

function requireTime(field: string, value: string, context: QueryContext): string {
  const canonical = typeof value === 'string' ? canonicalTime(value) : null;
  if (canonical === null) {
    throw new InvalidQueryError(`'${field}' is not an ISO-8601 time: ${String(value)}`, context);
  }
  return canonical;
}
