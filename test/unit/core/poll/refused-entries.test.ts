import { describe, expect, it } from 'vitest';
import { BOUNDS } from '../../../../core/model/bounds.js';
import type { ClusterListing, RefusedListingEntry } from '../../../../core/model/link-model.js';
import {
  keepingRefusedEntries,
  setAsideRefused,
  withRefusedEntries,
} from '../../../../core/poll/refused-entries.js';
import type { ClusterCommit, ClusterRecord, ClusterState, LinkSnapshot } from '../../../../core/ports.js';
import { aLink } from '../../../support/link-fixtures.js';

const NOW = new Date('2026-11-26T08:00:00.000Z');
const LATER = new Date('2026-11-26T09:00:00.000Z');

function aSnapshot(linkName: string): LinkSnapshot {
  return {
    clusterId: 'lkc-1',
    link: aLink({ linkName }),
    version: 1,
    stateSince: '2026-11-01T00:00:00.000Z',
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
  };
}

function aRecord(overrides: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    clusterId: 'lkc-1',
    clusterLabel: 'prod-eu',
    version: 4,
    baselineAt: '2026-11-01T00:00:00.000Z',
    consecutiveFailures: 0,
    failingSince: null,
    lastError: null,
    unreachableNotified: false,
    ...overrides,
  };
}

const state = (...names: string[]): ClusterState => ({ cluster: aRecord(), links: names.map(aSnapshot) });

const listing = (names: string[], refused: RefusedListingEntry[]): ClusterListing => ({
  clusterId: 'lkc-1',
  links: names.map((linkName) => aLink({ linkName })),
  ...(refused.length > 0 && { refused }),
  pages: 1,
});

const nameless: RefusedListingEntry = { linkName: null, problem: 'data[1].link_name: Too small' };
const named = (linkName: string): RefusedListingEntry => ({
  linkName,
  problem: 'data[2].cluster_link_id: Required',
});

const namesOf = (view: ReturnType<typeof setAsideRefused>) => ({
  recorded: view.state.links.map((s) => s.link.linkName),
  listed: view.listing.links.map((l) => l.linkName),
});

describe('Function: setAsideRefused', () => {
  it('leaves a listing that refused nothing as it is', () => {
    // Prepare
    const recorded = state('a', 'b');
    const listed = listing(['a'], []);

    // Act
    const view = setAsideRefused(recorded, listed);

    // Assess
    expect(view.state).toBe(recorded);
    expect(view.listing).toBe(listed);
  });

  it('keeps the link a refused entry names out of the comparison, and no other', () => {
    // Act
    const view = setAsideRefused(state('a', 'b', 'c'), listing(['a'], [named('b')]));

    // Assess: b stays as recorded, c (gone for real) is still compared, and so reported removed
    expect(namesOf(view)).toEqual({ recorded: ['a', 'c'], listed: ['a'] });
  });

  it('compares only the listed links while an entry names none: it might be any of the others', () => {
    // Act
    const view = setAsideRefused(state('a', 'b', 'c'), listing(['a', 'd'], [nameless, named('b')]));

    // Assess
    expect(namesOf(view)).toEqual({ recorded: ['a'], listed: ['a', 'd'] });
  });

  it('compares only the listed links while a name is given by two entries: one of them is some other link', () => {
    // Act: c's entry came under b's name, so c is missing from the listing but not gone
    const view = setAsideRefused(state('a', 'b', 'c'), listing(['a'], [named('b'), named('b')]));

    // Assess
    expect(namesOf(view)).toEqual({ recorded: ['a'], listed: ['a'] });
  });

  it('sets aside a listed link whose name a refused entry gives too, and takes no other for removed', () => {
    // Act
    const view = setAsideRefused(state('a', 'b', 'c'), listing(['a', 'b'], [named('b')]));

    // Assess
    expect(namesOf(view)).toEqual({ recorded: ['a'], listed: ['a'] });
  });
});

describe('Function: withRefusedEntries', () => {
  const baseline: ClusterCommit = {
    clusterId: 'lkc-1',
    expectedVersion: null,
    next: aRecord({ version: 1 }),
    events: [],
  };

  it('writes nothing in a steady state, with or without refused entries', () => {
    // Prepare
    const refusing = aRecord({
      refusedEntries: { count: 1, since: NOW.toISOString(), entries: [nameless] },
    });

    // Assess
    expect(withRefusedEntries(null, aRecord(), [], { now: LATER })).toBeNull();
    expect(withRefusedEntries(null, refusing, [nameless], { now: LATER })).toBeNull();
  });

  it('records the entries on the commit the listing makes anyway, such as the baseline', () => {
    // Act
    const commit = withRefusedEntries(baseline, null, [nameless], { now: NOW });

    // Assess
    expect(commit).toEqual({
      ...baseline,
      next: { ...baseline.next, refusedEntries: { count: 1, since: NOW.toISOString(), entries: [nameless] } },
    });
  });

  it('writes the record when the entries change, keeping since when they began', () => {
    // Prepare
    const record = aRecord({ refusedEntries: { count: 1, since: NOW.toISOString(), entries: [nameless] } });

    // Act
    const commit = withRefusedEntries(null, record, [nameless, named('b')], { now: LATER });

    // Assess
    expect(commit).toEqual({
      clusterId: 'lkc-1',
      expectedVersion: 4,
      next: {
        ...record,
        version: 5,
        refusedEntries: { count: 2, since: NOW.toISOString(), entries: [nameless, named('b')] },
      },
      events: [],
    });
  });

  it('clears them once a listing refuses none', () => {
    // Prepare
    const record = aRecord({ refusedEntries: { count: 1, since: NOW.toISOString(), entries: [nameless] } });

    // Act
    const commit = withRefusedEntries(null, record, [], { now: LATER });

    // Assess
    expect(commit?.next).toEqual({ ...aRecord(), version: 5 });
    expect(commit?.next).not.toHaveProperty('refusedEntries');
  });

  it(`counts every entry and keeps the first ${BOUNDS.refusedEntriesRecorded}`, () => {
    // Prepare
    const refused = Array.from({ length: 30 }, (_, i) => named(`link-${i}`));

    // Act
    const commit = withRefusedEntries(null, aRecord(), refused, { now: NOW });

    // Assess
    expect(commit?.next.refusedEntries?.count).toBe(30);
    expect(commit?.next.refusedEntries?.entries).toEqual(refused.slice(0, BOUNDS.refusedEntriesRecorded));
  });
});

describe('Function: withRefusedEntries (what changes the record)', () => {
  const since = NOW.toISOString();
  const refusing = (refused: RefusedListingEntry[], count = refused.length) =>
    aRecord({ refusedEntries: { count, since, entries: refused } });

  it('writes the record when more entries are refused than it kept, though the kept ones are the same', () => {
    // Prepare: the record keeps the first entries only, so the same first ones can hide a new one
    const first = Array.from({ length: BOUNDS.refusedEntriesRecorded }, (_, i) => named(`link-${i}`));
    const record = refusing(first, first.length + 1);

    // Act
    const commit = withRefusedEntries(null, record, [...first, named('x'), named('y')], { now: LATER });

    // Assess
    expect(commit?.next.refusedEntries).toEqual({ count: first.length + 2, since, entries: first });
  });

  it('writes the record when an entry of the same link is refused for another problem', () => {
    // Prepare
    const record = refusing([named('b')]);
    const other: RefusedListingEntry = { linkName: 'b', problem: 'data[2].link_state: Invalid enum value' };

    // Act
    const commit = withRefusedEntries(null, record, [other], { now: LATER });

    // Assess
    expect(commit?.next.refusedEntries).toEqual({ count: 1, since, entries: [other] });
  });

  it('writes the record when the refused entries name other links, the same number of them', () => {
    // Prepare
    const record = refusing([named('b'), named('c')]);

    // Act
    const commit = withRefusedEntries(null, record, [named('b'), named('d')], { now: LATER });

    // Assess
    expect(commit?.next.refusedEntries?.entries).toEqual([named('b'), named('d')]);
    expect(commit?.expectedVersion).toBe(record.version);
  });

  it('writes the record when it kept fewer entries than the listing now refuses, of the same count', () => {
    // Prepare: a record kept under a smaller bound
    const record = refusing([named('b')], 2);

    // Act
    const commit = withRefusedEntries(null, record, [named('b'), named('c')], { now: LATER });

    // Assess
    expect(commit?.next.refusedEntries).toEqual({ count: 2, since, entries: [named('b'), named('c')] });
  });

  it('starts the record when a listing first refuses entries, since now', () => {
    // Act
    const commit = withRefusedEntries(null, aRecord(), [nameless], { now: LATER });

    // Assess
    expect(commit?.next.refusedEntries).toEqual({
      count: 1,
      since: LATER.toISOString(),
      entries: [nameless],
    });
  });

  it('keeps the commit the listing makes when nothing was refused before nor now', () => {
    // Prepare
    const commit: ClusterCommit = {
      clusterId: 'lkc-1',
      expectedVersion: 4,
      next: aRecord({ version: 5, consecutiveFailures: 0, failingSince: null }),
      events: [],
    };

    // Act
    const after = withRefusedEntries(commit, aRecord(), [], { now: LATER });

    // Assess
    expect(after).toEqual(commit);
  });

  it('drops the entries from the commit the listing makes once a listing refuses none', () => {
    // Prepare: the commit was built from the record, entries and all
    const record = refusing([nameless]);
    const commit: ClusterCommit = {
      clusterId: 'lkc-1',
      expectedVersion: 4,
      next: { ...record, version: 5, baselineAt: LATER.toISOString() },
      events: [],
    };

    // Act
    const after = withRefusedEntries(commit, record, [], { now: LATER });

    // Assess
    expect(after).toEqual({ ...commit, next: { ...aRecord(), version: 5, baselineAt: LATER.toISOString() } });
  });

  it('makes no commit for a cluster without a record when the listing makes none', () => {
    // Assess
    expect(withRefusedEntries(null, null, [nameless], { now: NOW })).toBeNull();
  });
});

describe('Function: keepingRefusedEntries', () => {
  it('keeps what the last listing refused on the record of a failed listing', () => {
    // Prepare
    const refusedEntries = { count: 1, since: NOW.toISOString(), entries: [nameless] };
    const failed: ClusterCommit = {
      clusterId: 'lkc-1',
      expectedVersion: 4,
      next: aRecord({ version: 5, consecutiveFailures: 1, lastError: 'HTTP 503' }),
      events: [],
    };

    // Act
    const commit = keepingRefusedEntries(failed, aRecord({ refusedEntries }));

    // Assess
    expect(commit.next).toEqual({ ...failed.next, refusedEntries });
    expect(keepingRefusedEntries(failed, aRecord())).toBe(failed);
  });
});
