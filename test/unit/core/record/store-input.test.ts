import { describe, expect, it } from 'vitest';
import type { ClusterCommit, LinkCommit, LinkSnapshot } from '../../../../core/ports.js';
import {
  canonicalTime,
  checkClusterCommit,
  checkLinkCommit,
  claimTimes,
  DEFAULT_PAGE_LIMIT,
  historyWindow,
  MAX_EVENTS_PER_COMMIT,
  MAX_PAGE_LIMIT,
} from '../../../../core/record/store-input.js';
import { InvalidCommitError, InvalidQueryError } from '../../../../core/store-errors.js';
import { aLink } from '../../../support/link-fixtures.js';
import { aPendingEvent } from '../../../support/recording-outbox.js';

const QUERY = { operation: 'clusterHistory', clusterId: 'lkc-prod1' };
const RANGE = { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' };

/** What a call throws; fails the test when it throws nothing. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function aSnapshot(clusterId: string, linkName: string): LinkSnapshot {
  return {
    clusterId,
    link: aLink({ linkName }),
    version: 2,
    stateSince: '2026-11-25T08:00:00.000Z',
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
  };
}

function aLinkCommit(overrides: Partial<LinkCommit> = {}): LinkCommit {
  return {
    clusterId: 'lkc-prod1',
    linkName: 'orders-dr',
    expectedVersion: 1,
    next: aSnapshot('lkc-prod1', 'orders-dr'),
    events: [aPendingEvent(1)],
    ...overrides,
  };
}

function aClusterCommit(overrides: Partial<ClusterCommit> & { recordFor?: string } = {}): ClusterCommit {
  const { recordFor = 'lkc-prod1', ...rest } = overrides;
  return {
    clusterId: 'lkc-prod1',
    expectedVersion: 4,
    next: {
      clusterId: recordFor,
      clusterLabel: 'prod-eu',
      version: 5,
      baselineAt: '2026-11-25T08:00:00.000Z',
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unreachableNotified: false,
    },
    events: [aPendingEvent(1, { linkName: null })],
    ...rest,
  };
}

function events(count: number) {
  return Array.from({ length: count }, (_, n) => aPendingEvent(n));
}

describe('Function: canonicalTime', () => {
  it('writes a time with an offset as the UTC instant it names', () => {
    expect(canonicalTime('2026-11-26T12:00:00+02:00')).toBe('2026-11-26T10:00:00.000Z');
  });

  it('has no time for text that is not one', () => {
    expect(canonicalTime('yesterday')).toBeNull();
  });
});

describe('Function: historyWindow', () => {
  it('pages by the default size when the caller names none', () => {
    expect(historyWindow(RANGE, QUERY)).toEqual({ ...RANGE, limit: DEFAULT_PAGE_LIMIT, empty: false });
  });

  it('keeps the limit a caller names, down to a page of one', () => {
    expect(historyWindow({ ...RANGE, limit: 1 }, QUERY).limit).toBe(1);
    expect(historyWindow({ ...RANGE, limit: MAX_PAGE_LIMIT }, QUERY).limit).toBe(MAX_PAGE_LIMIT);
  });

  it('answers a limit above the largest page in pages of the largest size', () => {
    expect(historyWindow({ ...RANGE, limit: MAX_PAGE_LIMIT + 1 }, QUERY).limit).toBe(MAX_PAGE_LIMIT);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
  ])('refuses a %s limit, naming it', (_, limit) => {
    const error = thrownBy(() => historyWindow({ ...RANGE, limit }, QUERY));

    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as Error).message).toBe(
      `clusterHistory (cluster lkc-prod1): 'limit' must be a positive integer, got ${limit}`,
    );
  });

  it('compares bounds with offsets as the instants they name', () => {
    const window = historyWindow({ from: '2026-11-26T12:00:00+02:00', to: '2026-11-26T11:00:00Z' }, QUERY);

    expect(window).toMatchObject({ from: '2026-11-26T10:00:00.000Z', to: '2026-11-26T11:00:00.000Z' });
    expect(window.empty).toBe(false);
  });

  it('is an empty range when it starts after it ends, and not when both bounds are one instant', () => {
    const reversed = historyWindow({ from: RANGE.to, to: RANGE.from }, QUERY);
    const instant = historyWindow({ from: RANGE.from, to: RANGE.from }, QUERY);

    expect(reversed.empty).toBe(true);
    expect(instant.empty).toBe(false);
  });

  it.each([
    ['from', { ...RANGE, from: 'last week' }, 'last week'],
    ['to', { ...RANGE, to: '2026-13-45' }, '2026-13-45'],
  ])("refuses a '%s' that is not a time, naming the bound and what it got", (field, range, bad) => {
    const error = thrownBy(() => historyWindow(range, QUERY));

    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as Error).message).toBe(
      `clusterHistory (cluster lkc-prod1): '${field}' is not an ISO-8601 time: ${bad}`,
    );
  });

  it('refuses a bound that is a number, though the date parser would read one as a year', () => {
    const range = { ...RANGE, from: 2026 as unknown as string };

    const error = thrownBy(() => historyWindow(range, QUERY));

    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as Error).message).toContain("'from' is not an ISO-8601 time: 2026");
  });
});

describe('Function: claimTimes', () => {
  it('gives both times of a claim in the form claims are compared in', () => {
    const times = claimTimes(
      { now: '2026-11-26T10:00:00+01:00', claimUntil: '2026-11-26T09:05:00Z' },
      { operation: 'claimPending' },
    );

    expect(times).toEqual({ now: '2026-11-26T09:00:00.000Z', claimUntil: '2026-11-26T09:05:00.000Z' });
  });

  it.each([
    ['now', { now: 'now', claimUntil: '2026-11-26T09:05:00Z' }],
    ['claimUntil', { now: '2026-11-26T09:00:00Z', claimUntil: 'in five minutes' }],
  ])("refuses a '%s' that is not a time", (field, q) => {
    const error = thrownBy(() => claimTimes(q, { operation: 'claimPending' }));

    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as Error).message).toMatch(new RegExp(`^claimPending: '${field}' is not an ISO-8601 time`));
  });
});

describe('Function: checkLinkCommit', () => {
  it('accepts a commit whose snapshot and events are all of its own link and cluster', () => {
    expect(() => checkLinkCommit(aLinkCommit())).not.toThrow();
  });

  it('accepts a commit that removes the link (no snapshot)', () => {
    expect(() => checkLinkCommit(aLinkCommit({ next: null }))).not.toThrow();
  });

  it.each([
    ['another cluster', aSnapshot('lkc-other', 'orders-dr'), 'cluster lkc-other, link orders-dr'],
    ['another link', aSnapshot('lkc-prod1', 'payments-dr'), 'cluster lkc-prod1, link payments-dr'],
  ])('refuses a snapshot of %s, naming whose it is', (_, next, whose) => {
    const error = thrownBy(() => checkLinkCommit(aLinkCommit({ next })));

    expect(error).toBeInstanceOf(InvalidCommitError);
    expect((error as Error).message).toBe(
      `commitLink (cluster lkc-prod1, link orders-dr): the snapshot is for ${whose}`,
    );
  });

  it('refuses an event of another cluster, naming the event', () => {
    const stray = aPendingEvent(2, { clusterId: 'lkc-other' });

    const error = thrownBy(() => checkLinkCommit(aLinkCommit({ events: [aPendingEvent(1), stray] })));

    expect(error).toBeInstanceOf(InvalidCommitError);
    expect((error as Error).message).toBe(
      'commitLink (cluster lkc-prod1, link orders-dr): event orders-dr#2 belongs to cluster lkc-other',
    );
  });

  it('carries as many events as one transaction holds, and refuses one more', () => {
    expect(() => checkLinkCommit(aLinkCommit({ events: events(MAX_EVENTS_PER_COMMIT) }))).not.toThrow();

    const error = thrownBy(() => checkLinkCommit(aLinkCommit({ events: events(MAX_EVENTS_PER_COMMIT + 1) })));

    expect(error).toBeInstanceOf(InvalidCommitError);
    expect(error).toMatchObject({
      reasons: ['TooManyEvents'],
      message: `commitLink (cluster lkc-prod1, link orders-dr): ${MAX_EVENTS_PER_COMMIT + 1} events exceed the ${MAX_EVENTS_PER_COMMIT} one commit may carry [TooManyEvents]`,
    });
  });
});

describe('Function: checkClusterCommit', () => {
  it('accepts a commit whose record and events are all of its own cluster', () => {
    expect(() => checkClusterCommit(aClusterCommit())).not.toThrow();
  });

  it('refuses a record of another cluster, naming whose it is', () => {
    const error = thrownBy(() => checkClusterCommit(aClusterCommit({ recordFor: 'lkc-other' })));

    expect(error).toBeInstanceOf(InvalidCommitError);
    expect((error as Error).message).toBe(
      'commitCluster (cluster lkc-prod1): the record is for cluster lkc-other',
    );
  });

  it('refuses an event of another cluster', () => {
    const stray = aPendingEvent(3, { linkName: null, clusterId: 'lkc-other' });

    const error = thrownBy(() => checkClusterCommit(aClusterCommit({ events: [stray] })));

    expect(error).toBeInstanceOf(InvalidCommitError);
    expect((error as Error).message).toBe(
      'commitCluster (cluster lkc-prod1): event -#3 belongs to cluster lkc-other',
    );
  });

  it('refuses more events than one transaction holds', () => {
    const many = Array.from({ length: MAX_EVENTS_PER_COMMIT + 1 }, (_, n) =>
      aPendingEvent(n, { linkName: null }),
    );

    const error = thrownBy(() => checkClusterCommit(aClusterCommit({ events: many })));

    expect(error).toMatchObject({ name: 'InvalidCommitError', reasons: ['TooManyEvents'] });
  });
});
