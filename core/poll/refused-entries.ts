/**
 * A listing with entries the schema refused (`ClusterListing.refused`): which recorded links it can
 * speak for, and what the cluster record keeps of those entries. A refused entry that names its
 * link leaves that link as recorded. One that names none might be any recorded link the listing
 * does not show, and so might one of two entries giving the same name (only one of them can be
 * that link): while there is such an entry, no recorded link is taken for removed. The rest of the
 * listing is diffed as usual: one odd entry never silences its cluster. Pure.
 */
import { BOUNDS } from '../model/bounds.js';
import type { ClusterListing, RefusedListingEntry } from '../model/link-model.js';
import type { ClusterCommit, ClusterRecord, ClusterState, RefusedEntriesRecord } from '../ports.js';
import type { RecordContext } from '../record/record-context.js';

/**
 * The state and the listing as the diff may compare them: the snapshots of links a refused entry
 * may stand for are left out (and so kept as recorded), and so is any listed link a refused entry
 * also names, since which of the two is the link cannot be told. When an entry may stand for any
 * link, only the links the listing shows are compared: none is taken for removed.
 */
export function setAsideRefused(
  state: ClusterState,
  listing: ClusterListing,
): { readonly state: ClusterState; readonly listing: ClusterListing } {
  const refused = listing.refused ?? [];
  if (refused.length === 0) return { state, listing };
  // Null among them stands for the entries that name no link: no link is named so.
  const named = new Set<string | null>(refused.map((entry) => entry.linkName));
  const links = listing.links.filter((link) => !named.has(link.linkName));
  const listed = new Set(links.map((link) => link.linkName));
  // Some refused entry cannot be tied to one link: it names none, or its name is also given by a
  // listed link or by another entry (the server listed some link under a name that is not its own).
  const unaccounted = links.length < listing.links.length || named.has(null) || named.size < refused.length;
  const snapshots = state.links.filter((snapshot) =>
    unaccounted ? listed.has(snapshot.link.linkName) : !named.has(snapshot.link.linkName),
  );
  return { state: { ...state, links: snapshots }, listing: { ...listing, links } };
}

/**
 * The cluster commit after a listing, with what the record keeps of its refused entries: set while
 * listings refuse some (`since` kept from the first of them), removed once one refuses none. The
 * record is written for it only when that changes, so a steady state still writes nothing.
 *
 * @param commit - the commit the listing called for otherwise, null when none
 */
export function withRefusedEntries(
  commit: ClusterCommit | null,
  record: ClusterRecord | null,
  refused: readonly RefusedListingEntry[],
  context: Pick<RecordContext, 'now'>,
): ClusterCommit | null {
  const before = record?.refusedEntries;
  const after = recordOf(refused, before, context.now);
  if (commit === null && sameRecord(before, after)) return null;
  const base = commit?.next ?? record;
  // Unreachable: a cluster without a record always gets one from its first listing.
  if (base === null) return commit;
  const { refusedEntries: _before, ...rest } = base;
  const next: ClusterRecord = after === undefined ? rest : { ...rest, refusedEntries: after };
  if (commit !== null) return { ...commit, next };
  return {
    clusterId: base.clusterId,
    expectedVersion: base.version,
    next: { ...next, version: base.version + 1 },
    events: [],
  };
}

/** A failed listing says nothing of the entries: the record keeps what the last listing refused. */
export function keepingRefusedEntries(commit: ClusterCommit, record: ClusterRecord | null): ClusterCommit {
  const kept = record?.refusedEntries;
  return kept === undefined ? commit : { ...commit, next: { ...commit.next, refusedEntries: kept } };
}

function recordOf(
  refused: readonly RefusedListingEntry[],
  before: RefusedEntriesRecord | undefined,
  now: Date,
): RefusedEntriesRecord | undefined {
  if (refused.length === 0) return undefined;
  return {
    count: refused.length,
    since: before?.since ?? now.toISOString(),
    entries: refused
      .slice(0, BOUNDS.refusedEntriesRecorded)
      .map((entry) => ({ linkName: entry.linkName, problem: entry.problem })),
  };
}

function sameRecord(a: RefusedEntriesRecord | undefined, b: RefusedEntriesRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.count === b.count &&
    a.entries.length === b.entries.length &&
    a.entries.every(
      (entry, i) => entry.linkName === b.entries[i]?.linkName && entry.problem === b.entries[i]?.problem,
    )
  );
}
