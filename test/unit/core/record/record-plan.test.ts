import { describe, expect, it } from 'vitest';
import type { ListingPlan } from '../../../../core/poll/list-and-plan.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import type { ClusterCommit, LinkCommit, LinkStateStore } from '../../../../core/ports.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { LINK_WRITE_CONCURRENCY, NOTHING_RECORDED, recordPlan } from '../../../../core/record/record-plan.js';
import { aPendingEvent } from '../../../support/recording-outbox.js';

const NOW = new Date('2026-11-26T08:00:00Z');
const CONTEXT: RecordContext = {
  clusterId: 'lkc-prod1',
  clusterLabel: 'prod-eu',
  now: NOW,
  settings: DEFAULT_POLL_SETTINGS,
};

function linkCommit(linkName: string, n: number): { commit: LinkCommit; promote: readonly string[] } {
  return {
    commit: {
      clusterId: 'lkc-prod1',
      linkName,
      expectedVersion: 1,
      next: null,
      events: [aPendingEvent(n, { linkName })],
    },
    promote: [],
  };
}

function clusterCommit(baselineAt: string): ClusterCommit {
  return {
    clusterId: 'lkc-prod1',
    expectedVersion: null,
    next: {
      clusterId: 'lkc-prod1',
      clusterLabel: 'prod-eu',
      version: 1,
      baselineAt,
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unreachableNotified: false,
    },
    events: [],
  };
}

/** Records what is written; commits of the links named in `failing`, and the cluster's when told, fail. */
function storeFailing(
  failing: {
    links?: readonly string[];
    cluster?: boolean;
    promotion?: boolean;
    /** Links (or `cluster`) whose commit another poll got to first. */
    conflicts?: readonly string[];
  } = {},
) {
  const written: string[] = [];
  const store: Pick<LinkStateStore, 'markPending' | 'commitLink' | 'commitCluster'> = {
    markPending: async (events) => {
      if (failing.promotion === true) throw new Error('ThrottlingException');
      written.push(`promote ${events.map((e) => e.eventId).join(',')}`);
    },
    commitLink: async (commit) => {
      if (failing.links?.includes(commit.linkName)) throw new Error('ValidationException: item too large');
      if (failing.conflicts?.includes(commit.linkName)) return 'conflict';
      written.push(`link ${commit.linkName}`);
      return 'committed';
    },
    commitCluster: async () => {
      if (failing.cluster === true) throw new Error('ProvisionedThroughputExceededException');
      if (failing.conflicts?.includes('cluster')) return 'conflict';
      written.push('cluster');
      return 'committed';
    },
  };
  return { store, written };
}

function depsWith(store: ReturnType<typeof storeFailing>['store'], now = NOW.getTime()) {
  return { store, now: () => new Date(now), budget: { recordingDeadline: NOW.getTime() + 30_000 } };
}

describe('Function: recordPlan', () => {
  it('writes each link and then the cluster record, naming what is to be published', async () => {
    // Prepare
    const { store, written } = storeFailing();
    const plan: ListingPlan = {
      links: [linkCommit('a', 1)],
      cluster: clusterCommit('2026-11-25T08:00:00.000Z'),
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual(['link a', 'cluster']);
    expect(outcome).toEqual({
      events: 1,
      conflicts: 0,
      committed: [expect.objectContaining({ eventId: 'a#1' })],
      failedLinks: [],
      deferredLinks: 0,
    });
  });

  it('has no failure at all, not even an empty one, when the cluster record is written', async () => {
    // Prepare
    const { store } = storeFailing();
    const plan: ListingPlan = { links: [], cluster: clusterCommit('2026-11-25T08:00:00.000Z') };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(outcome).not.toHaveProperty('failure');
  });

  it('goes on without a link whose commit fails, and leaves a baseline unmarked for it', async () => {
    // Prepare
    const { store, written } = storeFailing({ links: ['a'] });
    const plan: ListingPlan = {
      links: [linkCommit('a', 1), linkCommit('b', 2)],
      cluster: clusterCommit(NOW.toISOString()),
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual(['link b']);
    expect(outcome.failedLinks).toEqual([
      { linkName: 'a', error: 'Error: ValidationException: item too large' },
    ]);
    expect(outcome.events).toBe(1);
  });

  it('leaves every link for the next poll once only the time publishing needs is left', async () => {
    // Prepare
    const { store, written } = storeFailing();
    const plan: ListingPlan = { links: [linkCommit('a', 1), linkCommit('b', 2)], cluster: null };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store, NOW.getTime() + 30_000));

    // Assess
    expect(written).toEqual([]);
    expect(outcome).toMatchObject({ deferredLinks: 2, events: 0 });
  });

  it('reports a cluster record it cannot write as its failure, with the links before it counted', async () => {
    // Prepare
    const { store } = storeFailing({ cluster: true });
    const plan: ListingPlan = {
      links: [linkCommit('a', 1)],
      cluster: clusterCommit('2026-11-25T08:00:00.000Z'),
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(outcome).toMatchObject({ events: 1, failure: 'Error: ProvisionedThroughputExceededException' });
  });

  it('counts a commit another poll got to first as a conflict, with nothing of it written or to publish', async () => {
    // Prepare
    const { store } = storeFailing({ conflicts: ['a'] });
    const plan: ListingPlan = { links: [linkCommit('a', 1), linkCommit('b', 2)], cluster: null };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(outcome).toEqual({
      events: 1,
      conflicts: 1,
      committed: [expect.objectContaining({ eventId: 'b#2' })],
      failedLinks: [],
      deferredLinks: 0,
    });
  });

  it('counts a cluster record another poll got to first as a conflict', async () => {
    // Prepare
    const { store } = storeFailing({ conflicts: ['cluster'] });
    const cluster = {
      ...clusterCommit('2026-11-25T08:00:00.000Z'),
      events: [aPendingEvent(9, { linkName: null })],
    };

    // Act
    const outcome = await recordPlan({ links: [], cluster }, CONTEXT, depsWith(store));

    // Assess
    expect(outcome).toEqual({ ...NOTHING_RECORDED, conflicts: 1 });
  });

  it('counts every event written, but names for publishing only those still to be notified', async () => {
    // Prepare
    const { store } = storeFailing();
    const silenced = aPendingEvent(2, { notification: 'NOT_NOTIFIED', silencedBy: 'maint' });
    const plan: ListingPlan = {
      links: [
        { commit: { ...linkCommit('a', 1).commit, events: [aPendingEvent(1), silenced] }, promote: [] },
      ],
      cluster: null,
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(outcome.events).toBe(2);
    expect(outcome.committed).toEqual([expect.objectContaining({ eventId: 'orders-dr#1' })]);
  });

  it('names the events of the cluster record for publishing too', async () => {
    // Prepare
    const { store, written } = storeFailing();
    const cluster = {
      ...clusterCommit('2026-11-25T08:00:00.000Z'),
      events: [aPendingEvent(9, { linkName: null })],
    };

    // Act
    const outcome = await recordPlan({ links: [], cluster }, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual(['cluster']);
    expect(outcome).toMatchObject({ events: 1, committed: [expect.objectContaining({ eventId: '-#9' })] });
  });

  it('promotes the events a link held back before committing it, and names them for publishing', async () => {
    // Prepare
    const { store, written } = storeFailing();
    const plan: ListingPlan = {
      links: [{ ...linkCommit('a', 1), promote: ['a#held1', 'a#held2'] }],
      cluster: null,
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual(['promote a#held1,a#held2', 'link a']);
    expect(outcome.committed).toEqual([
      { clusterId: 'lkc-prod1', eventId: 'a#held1' },
      { clusterId: 'lkc-prod1', eventId: 'a#held2' },
      expect.objectContaining({ eventId: 'a#1' }),
    ]);
  });

  it('promotes nothing for a link that holds nothing back', async () => {
    // Prepare
    const { store, written } = storeFailing({ promotion: true });

    // Act
    const outcome = await recordPlan(
      { links: [linkCommit('a', 1)], cluster: null },
      CONTEXT,
      depsWith(store),
    );

    // Assess
    expect(written).toEqual(['link a']);
    expect(outcome.failedLinks).toEqual([]);
  });

  it('leaves a link whose promotion fails uncommitted, for the next poll to promote again', async () => {
    // Prepare
    const { store, written } = storeFailing({ promotion: true });
    const plan: ListingPlan = { links: [{ ...linkCommit('a', 1), promote: ['a#held1'] }], cluster: null };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual([]);
    expect(outcome).toMatchObject({
      committed: [],
      failedLinks: [{ linkName: 'a', error: 'Error: ThrottlingException' }],
    });
  });

  it('still writes a link started just before the deadline', async () => {
    // Prepare
    const { store, written } = storeFailing();

    // Act
    const outcome = await recordPlan(
      { links: [linkCommit('a', 1)], cluster: null },
      CONTEXT,
      depsWith(store, NOW.getTime() + 29_999),
    );

    // Assess
    expect(written).toEqual(['link a']);
    expect(outcome.deferredLinks).toBe(0);
  });

  it('leaves a baseline unmarked while a link is left for the next poll', async () => {
    // Prepare
    const { store, written } = storeFailing();
    let calls = 0;
    const deps = {
      ...depsWith(store),
      // The first link starts in time; the deadline has passed when the second would start.
      now: () => new Date(NOW.getTime() + (calls++ === 0 ? 0 : 30_000)),
    };
    const plan: ListingPlan = {
      links: [linkCommit('a', 1), linkCommit('b', 2)],
      cluster: clusterCommit(NOW.toISOString()),
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, deps);

    // Assess
    expect(written).toEqual(['link a']);
    expect(outcome).toMatchObject({ deferredLinks: 1, events: 1 });
  });

  it('marks a baseline done once every link is in', async () => {
    // Prepare
    const { store, written } = storeFailing();
    const plan: ListingPlan = { links: [linkCommit('a', 1)], cluster: clusterCommit(NOW.toISOString()) };

    // Act
    await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual(['link a', 'cluster']);
  });

  it('writes the cluster record of a later poll though one of its links failed', async () => {
    // Prepare
    const { store, written } = storeFailing({ links: ['a'] });
    const plan: ListingPlan = {
      links: [linkCommit('a', 1)],
      cluster: clusterCommit('2026-11-25T08:00:00.000Z'),
    };

    // Act
    const outcome = await recordPlan(plan, CONTEXT, depsWith(store));

    // Assess
    expect(written).toEqual(['cluster']);
    expect(outcome.failedLinks).toHaveLength(1);
  });

  it(`writes no more than ${LINK_WRITE_CONCURRENCY} link commits at once`, async () => {
    // Prepare
    let writing = 0;
    let most = 0;
    const { store } = storeFailing();
    const slowStore = {
      ...store,
      commitLink: async (commit: LinkCommit) => {
        writing++;
        most = Math.max(most, writing);
        await new Promise((resolve) => setTimeout(resolve, 5));
        writing--;
        return store.commitLink(commit);
      },
    };
    const links = Array.from({ length: LINK_WRITE_CONCURRENCY * 2 }, (_, n) => linkCommit(`l${n}`, n));

    // Act
    const outcome = await recordPlan({ links, cluster: null }, CONTEXT, depsWith(slowStore));

    // Assess
    expect(outcome.events).toBe(LINK_WRITE_CONCURRENCY * 2);
    expect(most).toBe(LINK_WRITE_CONCURRENCY);
  });
});

describe('Constant: NOTHING_RECORDED', () => {
  it('is the outcome of a cluster that recorded nothing, and cannot be changed', () => {
    expect(NOTHING_RECORDED).toEqual({
      events: 0,
      conflicts: 0,
      committed: [],
      failedLinks: [],
      deferredLinks: 0,
    });
    expect(Object.isFrozen(NOTHING_RECORDED)).toBe(true);
  });
});
