/**
 * A cluster's own record: consecutive listing failures, one CLUSTER_UNREACHABLE
 * when they reach the threshold, one CLUSTER_RECOVERED when a listing succeeds again.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterRecord } from '../../../../core/ports.js';
import {
  commitForFailedListing,
  commitForNotReached,
  commitForSuccessfulListing,
  notReachedReason,
} from '../../../../core/record/cluster-health.js';
import type { RecordContext } from '../../../../core/record/record-context.js';

const CLUSTER = 'lkc-prod';
const T0 = '2026-03-01T12:00:00.000Z';
const POLL = 5 * 60_000;
const REASON = 'No complete response from Confluent for cluster lkc-prod within 10000 ms';
const THRESHOLD = 3;

function at(polls: number): Date {
  return new Date(Date.parse(T0) + polls * POLL);
}

function context(now: Date, clusterLabel = 'Production'): RecordContext {
  return {
    clusterId: CLUSTER,
    clusterLabel,
    now,
    settings: {
      dampingPolls: 1,
      reminderIntervalMs: 0,
      retentionDays: 30,
      notifyTopicChanges: false,
      notifyMessageChanges: false,
    },
  };
}

const healthy: ClusterRecord = {
  clusterId: CLUSTER,
  clusterLabel: 'Production',
  version: 7,
  baselineAt: '2026-02-01T00:00:00.000Z',
  consecutiveFailures: 0,
  failingSince: null,
  lastError: null,
  unreachableNotified: false,
};

/** Runs `polls` failed listings from `record`, as consecutive polls would. */
function failFor(polls: number, record: ClusterRecord | null = healthy) {
  let current = record;
  const events = [];
  for (let poll = 1; poll <= polls; poll++) {
    const commit = commitForFailedListing(current, REASON, THRESHOLD, context(at(poll)));
    events.push(...commit.events);
    current = commit.next;
  }
  return { record: current as ClusterRecord, events };
}

describe('Function: commitForFailedListing', () => {
  it('counts a first failure and remembers when the failures began, without an event yet', () => {
    // Act
    const commit = commitForFailedListing(healthy, REASON, THRESHOLD, context(at(1)));

    // Assess
    expect(commit.expectedVersion).toBe(7);
    expect(commit.next).toEqual({
      ...healthy,
      version: 8,
      consecutiveFailures: 1,
      failingSince: at(1).toISOString(),
      lastError: REASON,
      unreachableNotified: false,
    });
    expect(commit.events).toEqual([]);
  });

  it('records one CLUSTER_UNREACHABLE when the failures reach the threshold, dated from the first failure', () => {
    // Act
    const { record, events } = failFor(THRESHOLD);

    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        eventId: `${CLUSTER}#-#${at(3).toISOString()}#v10#0`,
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        linkName: null,
        link: null,
        clusterLinkId: null,
        previousSince: at(1).toISOString(),
        detail: REASON,
        notification: 'PENDING',
        observedAt: at(3).toISOString(),
      }),
    ]);
    expect(record.unreachableNotified).toBe(true);
  });

  it('records no more events while the cluster stays unreachable, but keeps the latest error', () => {
    // Prepare
    const { record } = failFor(THRESHOLD);

    // Act
    const commit = commitForFailedListing(record, 'HTTP 503', THRESHOLD, context(at(10)));

    // Assess
    expect(commit.events).toEqual([]);
    expect(commit.next).toMatchObject({
      consecutiveFailures: THRESHOLD + 1,
      failingSince: at(1).toISOString(),
      lastError: 'HTTP 503',
      unreachableNotified: true,
    });
  });

  it('announces a cluster that was never listed, with no baseline, as the first record', () => {
    // Act
    const commit = commitForFailedListing(null, REASON, 1, context(at(0)));

    // Assess
    expect(commit.expectedVersion).toBeNull();
    expect(commit.next).toMatchObject({ version: 1, baselineAt: null, consecutiveFailures: 1 });
    expect(commit.events.map((e) => [e.type, e.previousSince])).toEqual([['CLUSTER_UNREACHABLE', T0]]);
  });
});

describe('Function: commitForNotReached', () => {
  const HUNG = ['eu-1', 'eu-2', 'eu-3', 'eu-4', 'eu-5'];

  it('counts a poll whose time did not reach the cluster as a failed listing, saying what it waited behind', () => {
    // Act
    const commit = commitForNotReached(healthy, HUNG, THRESHOLD, context(at(1)));

    // Assess
    expect(commit.events).toEqual([]);
    expect(commit.next).toMatchObject({
      version: 8,
      consecutiveFailures: 1,
      failingSince: at(1).toISOString(),
      lastError:
        "not reached within the poll's time: 5 clusters ahead of it held the poll's slots until too little time was left to start it (eu-1, eu-2, eu-3 and 2 more)",
    });
  });

  it('announces CLUSTER_UNREACHABLE once the polls that did not reach it reach the threshold, one after a failed listing counting too', () => {
    // Prepare
    const { record } = failFor(1);
    let current: ClusterRecord = record;
    const events = [];

    // Act
    for (let poll = 2; poll <= THRESHOLD; poll++) {
      const commit = commitForNotReached(current, HUNG.slice(0, 1), THRESHOLD, context(at(poll)));
      events.push(...commit.events);
      current = commit.next;
    }

    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        previousSince: at(1).toISOString(),
        detail:
          "not reached within the poll's time: 1 cluster ahead of it held the poll's slots until too little time was left to start it (eu-1)",
      }),
    ]);
    expect(current).toMatchObject({ consecutiveFailures: THRESHOLD, unreachableNotified: true });
  });
});

describe('Function: notReachedReason', () => {
  it('says so when no cluster held a slot: the poll began with too little time', () => {
    // Assess
    expect(notReachedReason([])).toBe(
      "not reached within the poll's time: too little of it was left when the cluster's turn came",
    );
  });
});

describe('Function: commitForSuccessfulListing', () => {
  it('writes nothing for a healthy, baselined cluster: the steady state costs no write', () => {
    expect(commitForSuccessfulListing(healthy, context(at(1)))).toBeNull();
  });

  it('records the baseline on the first complete listing', () => {
    // Act
    const commit = commitForSuccessfulListing(null, context(at(0)));

    // Assess
    expect(commit?.expectedVersion).toBeNull();
    expect(commit?.next).toMatchObject({ version: 1, baselineAt: T0, consecutiveFailures: 0 });
    expect(commit?.events).toEqual([]);
  });

  it('records one CLUSTER_RECOVERED after announced unreachability, saying since when and why it failed', () => {
    // Prepare
    const { record } = failFor(THRESHOLD + 2);

    // Act
    const commit = commitForSuccessfulListing(record, context(at(9)));

    // Assess
    expect(commit?.events).toEqual([
      expect.objectContaining({
        type: 'CLUSTER_RECOVERED',
        severity: 'resolved',
        previousSince: at(1).toISOString(),
        detail: REASON,
        notification: 'PENDING',
      }),
    ]);
    expect(commit?.next).toEqual({
      ...healthy,
      version: record.version + 1,
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unreachableNotified: false,
    });
  });

  it('notifies the recovery of an announced outage even under a silence that began after it', () => {
    // Prepare: the outage was notified, then a silence naming CLUSTER_UNREACHABLE began
    const { record } = failFor(THRESHOLD + 2);
    const silence = {
      id: 's-late',
      matchers: { eventTypes: ['CLUSTER_UNREACHABLE' as const] },
      startsAt: at(8).toISOString(),
      endsAt: at(20).toISOString(),
      reason: 'network work',
      createdBy: 'bob',
      createdAt: at(8).toISOString(),
      expiredAt: null,
    };

    // Act
    const commit = commitForSuccessfulListing(record, { ...context(at(9)), silences: [silence] });

    // Assess: whoever heard it begin hears it end
    expect(commit?.events).toEqual([
      expect.objectContaining({ type: 'CLUSTER_RECOVERED', notification: 'PENDING' }),
    ]);
  });

  it('resets failures that never reached the threshold without any event', () => {
    // Prepare
    const { record, events } = failFor(THRESHOLD - 1);

    // Act
    const commit = commitForSuccessfulListing(record, context(at(5)));

    // Assess
    expect(events).toEqual([]);
    expect(commit?.events).toEqual([]);
    expect(commit?.next).toMatchObject({ consecutiveFailures: 0, failingSince: null, lastError: null });
  });

  it('starts a new failure run from scratch after a recovery', () => {
    // Prepare
    const { record } = failFor(THRESHOLD);
    const recovered = commitForSuccessfulListing(record, context(at(4)))?.next as ClusterRecord;

    // Act
    const again = commitForFailedListing(recovered, REASON, THRESHOLD, context(at(5)));

    // Assess
    expect(again.next).toMatchObject({ consecutiveFailures: 1, failingSince: at(5).toISOString() });
    expect(again.events).toEqual([]);
  });

  it('writes the new label when the config renamed the cluster, with no event', () => {
    // Act
    const commit = commitForSuccessfulListing(healthy, context(at(1), 'Production (EU)'));

    // Assess
    expect(commit?.next.clusterLabel).toBe('Production (EU)');
    expect(commit?.next.baselineAt).toBe(healthy.baselineAt);
    expect(commit?.events).toEqual([]);
  });
});
