/**
 * A cluster's own record: consecutive listing failures, one CLUSTER_UNREACHABLE
 * when they reach the threshold, one CLUSTER_RECOVERED when a listing succeeds again.
 */
import { describe, expect, it } from 'vitest';
import type { Silence } from '../../../../core/control/silence.js';
import type { ClusterRecord } from '../../../../core/ports.js';
import {
  commitForFailedListing,
  commitForNotReached,
  commitForSuccessfulListing,
  notReachedReason,
} from '../../../../core/record/cluster-health.js';
import { SILENCE_ENDED } from '../../../../core/record/link-notices.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { aSilence } from './link-notices-fixtures.js';

const CLUSTER = 'lkc-prod';
const T0 = '2026-03-01T12:00:00.000Z';
const POLL = 5 * 60_000;
const REASON = 'No complete response from Confluent for cluster lkc-prod within 10000 ms';
const THRESHOLD = 3;

function at(polls: number): Date {
  return new Date(Date.parse(T0) + polls * POLL);
}

const RETENTION_DAYS = 30;

function context(now: Date, clusterLabel = 'Production'): RecordContext {
  return {
    clusterId: CLUSTER,
    clusterLabel,
    now,
    settings: {
      dampingPolls: 1,
      reminderIntervalMs: 0,
      retentionDays: RETENTION_DAYS,
      notifyTopicChanges: false,
      notifyMessageChanges: false,
    },
  };
}

/** A poll at `now` that reads `silences`. */
function silenced(now: Date, silences: readonly Silence[]): RecordContext {
  return { ...context(now), silences };
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

/** Runs `polls` failed listings from `record`, as consecutive polls would, under `silences`. */
function failFor(polls: number, record: ClusterRecord | null = healthy, silences: readonly Silence[] = []) {
  let current = record;
  const events = [];
  for (let poll = 1; poll <= polls; poll++) {
    const commit = commitForFailedListing(current, REASON, THRESHOLD, silenced(at(poll), silences));
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

  it('does not call a cluster that was never listed unreachable before its failures reach the threshold', () => {
    // Act
    const commit = commitForFailedListing(null, REASON, THRESHOLD, context(at(0)));

    // Assess
    expect(commit.next).toMatchObject({ version: 1, consecutiveFailures: 1, unreachableNotified: false });
    expect(commit.events).toEqual([]);
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

  it('names all of three clusters ahead, with none left over to count', () => {
    // Assess
    expect(notReachedReason(['eu-1', 'eu-2', 'eu-3'])).toBe(
      "not reached within the poll's time: 3 clusters ahead of it held the poll's slots until too little time was left to start it (eu-1, eu-2, eu-3)",
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

  it('records the baseline on a complete listing of a cluster whose record has none, even with no failures counted', () => {
    // Act
    const commit = commitForSuccessfulListing({ ...healthy, baselineAt: null }, context(at(1)));

    // Assess
    expect(commit?.next).toMatchObject({ version: healthy.version + 1, baselineAt: at(1).toISOString() });
    expect(commit?.events).toEqual([]);
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

describe('An unreachable cluster under a silence', () => {
  /** A silence naming CLUSTER_UNREACHABLE, from before the first failure until `endsAt` (exclusive). */
  function outageSilence(id: string, endsAt: Date, clusters?: readonly string[]): Silence {
    return aSilence(
      id,
      { eventTypes: ['CLUSTER_UNREACHABLE'], ...(clusters !== undefined && { clusters }) },
      T0,
      endsAt.toISOString(),
    );
  }

  /** Silenced from the first failure until the 6th poll. */
  const network = outageSilence('s-network', at(6));

  it('records CLUSTER_UNREACHABLE without notifying it while a silence names it, and remembers the silence', () => {
    // Act
    const { record, events } = failFor(THRESHOLD, healthy, [network]);

    // Assess
    expect(events).toEqual([
      {
        eventId: `${CLUSTER}#-#${at(3).toISOString()}#v10#0`,
        clusterId: CLUSTER,
        clusterLabel: 'Production',
        linkName: null,
        link: null,
        clusterLinkId: null,
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        from: null,
        to: null,
        topicsAdded: [],
        topicsRemoved: [],
        previousSince: at(1).toISOString(),
        detail: REASON,
        notification: 'NOT_NOTIFIED',
        silencedBy: 's-network',
        observedAt: at(3).toISOString(),
        expiresAt: at(3).getTime() / 1000 + RETENTION_DAYS * 86_400,
      },
    ]);
    expect(record).toMatchObject({ unreachableNotified: true, silencedBy: 's-network' });
  });

  it('notifies CLUSTER_UNREACHABLE when the only silence covers links, not the cluster', () => {
    // Prepare: a silence with no event types covers every link of every cluster
    const links = aSilence('s-links', {}, T0, at(6).toISOString());

    // Act
    const { record, events } = failFor(THRESHOLD, healthy, [links]);

    // Assess
    expect(events.map((e) => [e.type, e.notification, e.silencedBy ?? null])).toEqual([
      ['CLUSTER_UNREACHABLE', 'PENDING', null],
    ]);
    expect(record).not.toHaveProperty('silencedBy');
  });

  it('stays quiet while the silence lasts, still remembering it', () => {
    // Prepare
    const { record } = failFor(THRESHOLD, healthy, [network]);

    // Act
    const commit = commitForFailedListing(record, 'HTTP 503', THRESHOLD, silenced(at(5), [network]));

    // Assess
    expect(commit.events).toEqual([]);
    expect(commit.next).toMatchObject({
      consecutiveFailures: THRESHOLD + 1,
      lastError: 'HTTP 503',
      unreachableNotified: true,
      silencedBy: 's-network',
    });
  });

  it('says once, when the silence ends, that the cluster is still unreachable, naming the silence', () => {
    // Prepare
    const { record } = failFor(THRESHOLD, healthy, [network]);

    // Act: the silence ends at the 6th poll; the 7th poll reads no silences at all
    const ended = commitForFailedListing(record, 'HTTP 503', THRESHOLD, silenced(at(6), [network]));
    const after = commitForFailedListing(ended.next, 'HTTP 503', THRESHOLD, context(at(7)));

    // Assess: worded as a link's end-of-silence notice, dated from the first failure
    expect(ended.events).toEqual([
      {
        eventId: `${CLUSTER}#-#${at(6).toISOString()}#v${record.version + 1}#0`,
        clusterId: CLUSTER,
        clusterLabel: 'Production',
        linkName: null,
        link: null,
        clusterLinkId: null,
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        from: null,
        to: null,
        topicsAdded: [],
        topicsRemoved: [],
        previousSince: at(1).toISOString(),
        detail: `HTTP 503 (${SILENCE_ENDED} s-network)`,
        notification: 'PENDING',
        observedAt: at(6).toISOString(),
        expiresAt: at(6).getTime() / 1000 + RETENTION_DAYS * 86_400,
      },
    ]);
    expect(ended.next).toMatchObject({ unreachableNotified: true, lastError: 'HTTP 503' });
    expect(ended.next).not.toHaveProperty('silencedBy');
    expect(after.events).toEqual([]);
  });

  it('keeps quiet while the silences cannot be read, rather than announcing that the silence ended', () => {
    // Prepare
    const { record } = failFor(THRESHOLD, healthy, [network]);

    // Act: the stored silences could not be read, only the (no) maintenance windows are known
    const commit = commitForFailedListing(record, REASON, THRESHOLD, {
      ...context(at(7)),
      silences: [],
      silencesKnown: false,
    });

    // Assess
    expect(commit.events).toEqual([]);
    expect(commit.next).toMatchObject({ silencedBy: 's-network' });
  });

  it('hands the quiet over to another silence on the cluster when the first ends, and names that one at its end', () => {
    // Prepare: a longer silence names the cluster by its label
    const longer = outageSilence('s-longer', at(9), ['Production']);
    const { record } = failFor(THRESHOLD, healthy, [network]);

    // Act
    const handedOver = commitForFailedListing(record, REASON, THRESHOLD, silenced(at(6), [network, longer]));
    const ended = commitForFailedListing(
      handedOver.next,
      REASON,
      THRESHOLD,
      silenced(at(9), [network, longer]),
    );

    // Assess
    expect(handedOver.events).toEqual([]);
    expect(handedOver.next).toMatchObject({ silencedBy: 's-longer' });
    expect(ended.events.map((e) => [e.notification, e.detail])).toEqual([
      ['PENDING', `${REASON} (${SILENCE_ENDED} s-longer)`],
    ]);
  });

  it('keeps the recovery of an outage it kept quiet quiet as well, even after the silence ended', () => {
    // Prepare: the outage was recorded under the silence, which is over when the cluster answers again
    const { record } = failFor(THRESHOLD, healthy, [network]);

    // Act
    const commit = commitForSuccessfulListing(record, context(at(8)));

    // Assess
    expect(commit?.events.map((e) => [e.type, e.notification, e.silencedBy ?? null])).toEqual([
      ['CLUSTER_RECOVERED', 'NOT_NOTIFIED', 's-network'],
    ]);
    expect(commit?.next).not.toHaveProperty('silencedBy');
  });

  it('notifies the recovery of an outage whose end of silence was told', () => {
    // Prepare
    const { record } = failFor(THRESHOLD, healthy, [network]);
    const told = commitForFailedListing(record, REASON, THRESHOLD, silenced(at(6), [network]));

    // Act
    const commit = commitForSuccessfulListing(told.next, silenced(at(7), [network]));

    // Assess
    expect(commit?.events.map((e) => [e.type, e.notification, e.silencedBy ?? null])).toEqual([
      ['CLUSTER_RECOVERED', 'PENDING', null],
    ]);
  });

  it('tells of no end of silence for a cluster it never announced unreachable', () => {
    // Prepare: a record that names a silence but announced nothing
    const unannounced: ClusterRecord = {
      ...healthy,
      consecutiveFailures: 1,
      failingSince: at(1).toISOString(),
      lastError: REASON,
      silencedBy: 's-network',
    };

    // Act
    const commit = commitForFailedListing(unannounced, REASON, THRESHOLD, context(at(2)));

    // Assess
    expect(commit.events).toEqual([]);
    expect(commit.next).toMatchObject({ consecutiveFailures: 2, unreachableNotified: false });
  });
});
