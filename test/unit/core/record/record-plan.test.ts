import { describe, expect, it } from 'vitest';
import type { ListingPlan } from '../../../../core/poll/list-and-plan.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import type { ClusterCommit, LinkCommit, LinkStateStore } from '../../../../core/ports.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { recordPlan } from '../../../../core/record/record-plan.js';
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
function storeFailing(failing: { links?: readonly string[]; cluster?: boolean } = {}) {
  const written: string[] = [];
  const store: Pick<LinkStateStore, 'markPending' | 'commitLink' | 'commitCluster'> = {
    markPending: async (events) => {
      written.push(`promote ${events.map((e) => e.eventId).join(',')}`);
    },
    commitLink: async (commit) => {
      if (failing.links?.includes(commit.linkName)) throw new Error('ValidationException: item too large');
      written.push(`link ${commit.linkName}`);
      return 'committed';
    },
    commitCluster: async () => {
      if (failing.cluster === true) throw new Error('ProvisionedThroughputExceededException');
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
});
