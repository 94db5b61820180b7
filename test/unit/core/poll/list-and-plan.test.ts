import { describe, expect, it } from 'vitest';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import { LinkBudget, type LinkLease } from '../../../../core/observe/link-budget.js';
import type { LinkDetailSource, LinkReadinessSource } from '../../../../core/observe/link-details.js';
import {
  type FailedListing,
  type ListAndPlanDependencies,
  type ListedCluster,
  listAndPlan,
} from '../../../../core/poll/list-and-plan.js';
import {
  DEFAULT_POLL_SETTINGS,
  type MirrorLagSettings,
  type PollSettings,
} from '../../../../core/poll/poll-settings.js';
import type { ClusterRecord, ClusterState, LinkSnapshot } from '../../../../core/ports.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { InProcessLinkWorld } from '../../../support/in-process-link-world.js';
import { aLink } from '../../../support/link-fixtures.js';
import { ScriptedLinkSource } from '../../../support/scripted-link-source.js';

const CLUSTER = 'lkc-1';
const MINUTE = 60_000;
const NOW = new Date('2026-11-26T08:00:00.000Z');
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, unreachableAfterPolls: 2 };
const CONTEXT: RecordContext = { clusterId: CLUSTER, clusterLabel: 'prod-eu', now: NOW, settings: SETTINGS };

function aRecord(overrides: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    clusterId: CLUSTER,
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

function aSnapshot(link: ClusterLink): LinkSnapshot {
  return {
    clusterId: CLUSTER,
    link,
    version: 1,
    stateSince: '2026-11-01T00:00:00.000Z',
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
  };
}

const recorded = (
  cluster: ClusterRecord | null,
  links: ClusterLink[] = [],
  outboxEmpty?: boolean,
): ClusterState => ({
  cluster,
  links: links.map(aSnapshot),
  ...(outboxEmpty !== undefined && { outboxEmpty }),
});

function dependencies(state: ClusterState | Error, source: ScriptedLinkSource): ListAndPlanDependencies {
  return {
    source,
    store: {
      readClusterState: async () => {
        if (state instanceof Error) throw state;
        return state;
      },
    },
    now: () => NOW,
    budget: { listingDeadline: NOW.getTime() + MINUTE, detailsDeadline: (now) => now + 10_000 },
  };
}

async function listed(outcome: Promise<ListedCluster | FailedListing>): Promise<ListedCluster> {
  const result = await outcome;
  if (result.kind !== 'listed') throw new Error(`the listing failed: ${result.error}`);
  return result;
}

async function failed(outcome: Promise<ListedCluster | FailedListing>): Promise<FailedListing> {
  const result = await outcome;
  if (result.kind !== 'failed') throw new Error('the listing succeeded');
  return result;
}

/** A lease of a budget that admits one cluster; its size is what the poll counted the cluster for. */
async function aLease(): Promise<LinkLease> {
  return new LinkBudget(1_000, 7).acquire(CLUSTER);
}

describe('Function: listAndPlan', () => {
  describe('a failed listing', () => {
    it('is planned as the cluster record that counts it, with the error that made it fail', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, new Error('connect ECONNREFUSED'));

      // Act
      const outcome = await failed(
        listAndPlan(SETTINGS, dependencies(recorded(aRecord()), source), CONTEXT, undefined),
      );

      // Assess
      expect(outcome.error).toBe('Error: connect ECONNREFUSED');
      expect(outcome.clusterCommit.expectedVersion).toBe(4);
      expect(outcome.clusterCommit.next).toMatchObject({
        consecutiveFailures: 1,
        failingSince: NOW.toISOString(),
        lastError: 'Error: connect ECONNREFUSED',
      });
      expect(outcome.clusterCommit.events).toEqual([]);
    });

    it('counts the cluster unreachable after as many failed listings in a row as the settings say', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, new Error('HTTP 503'));
      const state = recorded(aRecord({ consecutiveFailures: 1, failingSince: '2026-11-26T07:59:00.000Z' }));

      // Act
      const outcome = await failed(listAndPlan(SETTINGS, dependencies(state, source), CONTEXT, undefined));

      // Assess
      expect(outcome.clusterCommit.events.map((e) => e.type)).toEqual(['CLUSTER_UNREACHABLE']);
    });

    it('keeps the entries the last listing refused on the record', async () => {
      // Prepare
      const refusedEntries = { count: 1, since: '2026-11-25T00:00:00.000Z', entries: [] };
      const source = new ScriptedLinkSource().set(CLUSTER, new Error('HTTP 503'));

      // Act
      const outcome = await failed(
        listAndPlan(
          SETTINGS,
          dependencies(recorded(aRecord({ refusedEntries })), source),
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(outcome.clusterCommit.next.refusedEntries).toEqual(refusedEntries);
    });

    it('counts the cluster for its recorded links once a baseline is recorded, without learning that size', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, new Error('HTTP 503'));
      const budget = new LinkBudget(1_000, 7);
      const lease = await budget.acquire(CLUSTER);
      const state = recorded(aRecord(), [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })]);

      // Act
      await failed(listAndPlan(SETTINGS, dependencies(state, source), CONTEXT, lease));

      // Assess
      expect(lease.links).toBe(2);
      expect(budget.knownSize(CLUSTER)).toBeUndefined();
    });

    it('leaves the cluster counted as admitted before a baseline is recorded', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, new Error('HTTP 503'));
      const lease = await aLease();
      const state = recorded(aRecord({ baselineAt: null }), [aLink({ linkName: 'a' })]);

      // Act
      await failed(listAndPlan(SETTINGS, dependencies(state, source), CONTEXT, lease));

      // Assess
      expect(lease.links).toBe(7);
    });
  });

  it('throws what the store throws when the state cannot be read, though the listing succeeded', async () => {
    // Prepare
    const source = new ScriptedLinkSource().set(CLUSTER, [aLink({ linkName: 'a' })]);
    const error = new Error('ProvisionedThroughputExceededException');

    // Act
    const outcome = listAndPlan(SETTINGS, dependencies(error, source), CONTEXT, undefined);

    // Assess
    await expect(outcome).rejects.toBe(error);
  });

  it('says the outbox is empty only when the store says so', async () => {
    // Prepare
    const source = new ScriptedLinkSource().set(CLUSTER, [aLink({ linkName: 'a' })]);
    const outcomes = [true, false, undefined].map((outboxEmpty) =>
      listAndPlan(
        SETTINGS,
        dependencies(recorded(aRecord(), [aLink({ linkName: 'a' })], outboxEmpty), source),
        CONTEXT,
        undefined,
      ),
    );
    const failing = new ScriptedLinkSource().set(CLUSTER, new Error('HTTP 503'));
    const failedOutcome = listAndPlan(
      SETTINGS,
      dependencies(recorded(aRecord(), [], true), failing),
      CONTEXT,
      undefined,
    );

    // Assess
    expect((await Promise.all(outcomes)).map((o) => o.outboxEmpty)).toEqual([true, false, false]);
    expect((await failedOutcome).outboxEmpty).toBe(true);
  });

  describe('a successful listing', () => {
    it('counts the listed links by state, a link without one as NONE', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, [
        aLink({ linkName: 'a' }),
        aLink({ linkName: 'b', linkState: 'FAILED' }),
        aLink({ linkName: 'c' }),
        aLink({ linkName: 'd', linkState: null }),
      ]);

      // Act
      const outcome = await listed(
        listAndPlan(SETTINGS, dependencies(recorded(null), source), CONTEXT, undefined),
      );

      // Assess
      expect(outcome.links).toBe(4);
      expect({ ...outcome.linksByState }).toEqual({ ACTIVE: 2, FAILED: 1, NONE: 1 });
    });

    it('counts the cluster for the larger of its listed and recorded links, and learns that size', async () => {
      // Prepare
      const links = ['a', 'b', 'c'].map((linkName) => aLink({ linkName }));
      const budget = new LinkBudget(1_000, 7);
      const fewer = await budget.acquire('fewer');
      const more = await budget.acquire(CLUSTER);
      const oneListed = new ScriptedLinkSource().set('fewer', links.slice(0, 1));
      const allListed = new ScriptedLinkSource().set(CLUSTER, links);

      // Act
      await listed(
        listAndPlan(
          SETTINGS,
          dependencies(
            { ...recorded(aRecord(), links), cluster: aRecord({ clusterId: 'fewer' }) },
            oneListed,
          ),
          { ...CONTEXT, clusterId: 'fewer' },
          fewer,
        ),
      );
      await listed(listAndPlan(SETTINGS, dependencies(recorded(aRecord(), []), allListed), CONTEXT, more));

      // Assess
      expect([fewer.links, more.links]).toEqual([3, 3]);
      expect([budget.knownSize('fewer'), budget.knownSize(CLUSTER)]).toEqual([3, 3]);
    });

    it('writes nothing for a cluster whose links are as recorded', async () => {
      // Prepare
      const links = [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })];
      const source = new ScriptedLinkSource().set(CLUSTER, links);

      // Act
      const outcome = await listed(
        listAndPlan(SETTINGS, dependencies(recorded(aRecord(), links), source), CONTEXT, undefined),
      );

      // Assess
      expect(outcome.plan).toEqual({ links: [], cluster: null });
      expect(outcome.details).toEqual({ requests: 0, failures: 0 });
      expect(outcome.refused).toBe(0);
    });

    it('plans the changed links in name order, then unchanged links with something due', async () => {
      // Prepare: 'a' holds a damped condition that is now due; 'c' and 'b' changed
      const a = aLink({ linkName: 'a', linkState: 'FAILED' });
      const held = {
        ...aSnapshot(a),
        pendingCondition: { key: 'FAILED/-', polls: 0, heldEventIds: ['e1'] },
      };
      const state: ClusterState = {
        cluster: aRecord(),
        links: [held, aSnapshot(aLink({ linkName: 'b' })), aSnapshot(aLink({ linkName: 'c' }))],
      };
      const source = new ScriptedLinkSource().set(CLUSTER, [
        aLink({ linkName: 'c', linkState: 'FAILED' }),
        a,
        aLink({ linkName: 'b', linkState: 'PAUSED' }),
      ]);

      // Act
      const outcome = await listed(listAndPlan(SETTINGS, dependencies(state, source), CONTEXT, undefined));

      // Assess
      expect(outcome.plan.links.map((l) => l.commit.linkName)).toEqual(['b', 'c', 'a']);
      expect(outcome.plan.links.map((l) => l.promote)).toEqual([[], [], ['e1']]);
    });

    it('records the removal of a link no longer listed, and the arrival of a new one', async () => {
      // Prepare
      const state = recorded(aRecord(), [aLink({ linkName: 'gone' }), aLink({ linkName: 'kept' })]);
      const source = new ScriptedLinkSource().set(CLUSTER, [
        aLink({ linkName: 'kept' }),
        aLink({ linkName: 'new' }),
      ]);

      // Act
      const outcome = await listed(listAndPlan(SETTINGS, dependencies(state, source), CONTEXT, undefined));

      // Assess
      expect(outcome.plan.links.map((l) => [l.commit.linkName, l.commit.next === null])).toEqual([
        ['gone', true],
        ['new', false],
      ]);
    });

    it('marks the baseline done once its links are in, adding them silently', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, [
        aLink({ linkName: 'a' }),
        aLink({ linkName: 'b' }),
      ]);

      // Act
      const outcome = await listed(
        listAndPlan(SETTINGS, dependencies(recorded(null), source), CONTEXT, undefined),
      );

      // Assess
      expect(outcome.plan.links.map((l) => [l.commit.linkName, l.commit.events.length])).toEqual([
        ['a', 0],
        ['b', 0],
      ]);
      expect(outcome.plan.cluster?.next.baselineAt).toBe(NOW.toISOString());
    });

    it('notifies a new link once the baseline is done', async () => {
      // Prepare
      const source = new ScriptedLinkSource().set(CLUSTER, [aLink({ linkName: 'a' })]);

      // Act
      const outcome = await listed(
        listAndPlan(SETTINGS, dependencies(recorded(aRecord()), source), CONTEXT, undefined),
      );

      // Assess
      expect(outcome.plan.links[0]?.commit.events.map((e) => e.type)).toEqual(['LINK_ADDED']);
    });

    it('keeps a link a refused entry names as recorded, counts the entry and records it on the cluster', async () => {
      // Prepare
      const state = recorded(aRecord(), [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })]);
      const entry = { linkName: 'b', problem: 'data[1].cluster_link_id: Required' };
      const source = new ScriptedLinkSource().set(CLUSTER, [aLink({ linkName: 'a' })], [entry]);

      // Act
      const outcome = await listed(listAndPlan(SETTINGS, dependencies(state, source), CONTEXT, undefined));

      // Assess
      expect(outcome.refused).toBe(1);
      expect(outcome.links).toBe(1);
      expect(outcome.plan.links).toEqual([]);
      expect(outcome.plan.cluster?.next.refusedEntries).toEqual({
        count: 1,
        since: NOW.toISOString(),
        entries: [entry],
      });
    });
  });
  describe('the details read beside a listing', () => {
    const CHECK: MirrorLagSettings = { everyPolls: 1, heldChecks: 1, maxMessagesBehind: 100, links: [] };
    const LAG: PollSettings = { ...SETTINGS, mirrorLag: CHECK };

    /** A world of one link, 'a', whose topic 't' is `lag` messages behind, recorded as listed. */
    async function oneLaggingLink(lag: number) {
      const world = new InProcessLinkWorld();
      world.addLink(CLUSTER, 'a', ['t'], []);
      world.setTopic(CLUSTER, 'a', 't', { lag });
      const { links } = await world.listLinks({ clusterId: CLUSTER });
      return { world, state: recorded(aRecord(), [...links]) };
    }

    /** The world's detail source, counting the cluster-wide mirrors listings, failing them when asked. */
    function mirrorsOf(world: InProcessLinkWorld, fail = false) {
      const calls = { mirrors: 0, other: 0 };
      const counted = <T>(read: () => Promise<T>) => {
        calls.other++;
        return read();
      };
      const details: LinkDetailSource = {
        readLinkTasks: (r) => counted(() => world.readLinkTasks(r)),
        readLinkMirrorTopics: (r) => counted(() => world.readLinkMirrorTopics(r)),
        readMirrorTopic: (r) => counted(() => world.readMirrorTopic(r)),
        readClusterMirrorLags: async (r) => {
          calls.mirrors++;
          if (fail) throw new Error('HTTP 503');
          return world.readClusterMirrorLags(r);
        },
      };
      return { details, calls };
    }

    it('lists the mirrors once where a lag check is due, and records a breach as news of its link', async () => {
      // Prepare
      const { world, state } = await oneLaggingLink(500);
      const { details, calls } = mirrorsOf(world);

      // Act
      const outcome = await listed(
        listAndPlan(
          LAG,
          { ...dependencies(state, new ScriptedLinkSource()), source: world, details },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(calls.mirrors).toBe(1);
      expect(outcome.details).toEqual({ requests: 1 + calls.other, failures: 0 });
      expect(outcome.plan.links.map((l) => l.commit.events.map((e) => e.type))).toEqual([
        ['MIRROR_LAG_HIGH'],
      ]);
      expect(outcome.plan.links[0]?.commit.next?.link.laggingTopics).toEqual([
        { topicName: 't', checks: 1, notified: true },
      ]);
    });

    it('counts a failed mirrors listing as one failed request, keeps the links as recorded and lists them all the same', async () => {
      // Prepare
      const { world, state } = await oneLaggingLink(500);
      const { details, calls } = mirrorsOf(world, true);

      // Act
      const outcome = await listed(
        listAndPlan(
          LAG,
          { ...dependencies(state, new ScriptedLinkSource()), source: world, details },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(calls.mirrors).toBe(1);
      expect(outcome.details).toEqual({ requests: 1 + calls.other, failures: 1 });
      expect(outcome.plan.links).toEqual([]);
      expect(outcome.links).toBe(1);
    });

    it('lists no mirrors where no lag check is due', async () => {
      // Prepare: a check every other poll, at the poll before or after a due one
      const { world, state } = await oneLaggingLink(500);
      const { details, calls } = mirrorsOf(world);
      const slot = Math.floor(NOW.getTime() / MINUTE);
      const notDue = new Date((slot % 2 === 0 ? slot + 1 : slot) * MINUTE);
      const settings: PollSettings = { ...LAG, mirrorLag: { ...CHECK, everyPolls: 2 } };

      // Act
      const outcome = await listed(
        listAndPlan(
          settings,
          { ...dependencies(state, new ScriptedLinkSource()), source: world, details, now: () => notDue },
          { ...CONTEXT, now: notDue },
          undefined,
        ),
      );

      // Assess
      expect(calls.mirrors).toBe(0);
      expect(outcome.plan.links).toEqual([]);
    });

    it('reads no detail at all when the cluster has no detail requests', async () => {
      // Prepare
      const { world, state } = await oneLaggingLink(500);
      const { details, calls } = mirrorsOf(world);

      // Act
      const outcome = await listed(
        listAndPlan(
          { ...LAG, detailRequestsPerCluster: 0 },
          { ...dependencies(state, new ScriptedLinkSource()), source: world, details },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(calls).toEqual({ mirrors: 0, other: 0 });
      expect(outcome.details).toEqual({ requests: 0, failures: 0 });
      expect(outcome.plan.links).toEqual([]);
    });

    it('writes the changed links and the links with news of the poll alone in name order', async () => {
      // Prepare: 'a' is news of the lag check only, 'b' changed in the listing
      const world = new InProcessLinkWorld();
      world.addLink(CLUSTER, 'a', ['t'], []);
      world.addLink(CLUSTER, 'b', ['u'], []);
      const { links } = await world.listLinks({ clusterId: CLUSTER });
      world.setTopic(CLUSTER, 'a', 't', { lag: 500 });
      world.setCondition(CLUSTER, 'b', { linkState: 'PAUSED', linkError: null });
      const { details } = mirrorsOf(world);

      // Act
      const outcome = await listed(
        listAndPlan(
          LAG,
          {
            ...dependencies(recorded(aRecord(), [...links]), new ScriptedLinkSource()),
            source: world,
            details,
          },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(outcome.plan.links.map((l) => l.commit.linkName)).toEqual(['a', 'b']);
    });

    it("adds a changed link's news of the lag check after the events of its change", async () => {
      // Prepare: 'a' no longer mirrors 'old', and 't' is over its threshold
      const { world, state } = await oneLaggingLink(500);
      const before = state.links.map((snapshot) => ({
        ...snapshot,
        link: { ...snapshot.link, topicNames: ['old', 't'] },
      }));
      const { details } = mirrorsOf(world);

      // Act
      const outcome = await listed(
        listAndPlan(
          LAG,
          { ...dependencies({ ...state, links: before }, new ScriptedLinkSource()), source: world, details },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      const events = outcome.plan.links.map((l) => l.commit.events.map((e) => e.type));
      expect(events).toEqual([['MIRROR_TOPICS_CHANGED', 'MIRROR_LAG_HIGH']]);
    });

    it('writes a breach that held one more check, though it makes no event yet', async () => {
      // Prepare: 't' was over its threshold at one check of three
      const { world, state } = await oneLaggingLink(500);
      const breached = state.links.map((snapshot) => ({
        ...snapshot,
        link: { ...snapshot.link, laggingTopics: [{ topicName: 't', checks: 1, notified: false }] },
      }));
      const { details } = mirrorsOf(world);
      const settings: PollSettings = { ...LAG, mirrorLag: { ...CHECK, heldChecks: 3 } };

      // Act
      const outcome = await listed(
        listAndPlan(
          settings,
          {
            ...dependencies({ ...state, links: breached }, new ScriptedLinkSource()),
            source: world,
            details,
          },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(outcome.plan.links.map((l) => l.commit.events)).toEqual([[]]);
      expect(outcome.plan.links[0]?.commit.next?.link.laggingTopics).toEqual([
        { topicName: 't', checks: 2, notified: false },
      ]);
    });

    /** 40 links recorded as listed, whose mirror topics and tasks are read slowly: 8 task reads of the rotation a poll. */
    async function fortySlowLinks(mirrors: Error) {
      const world = new InProcessLinkWorld();
      for (let i = 0; i < 40; i++) world.addLink(CLUSTER, `link-${i}`, ['t'], ['MirrorTopicTask']);
      const { links } = await world.listLinks({ clusterId: CLUSTER });
      const calls = { parts: 0 };
      const slowly = <T>(read: () => Promise<T>) => {
        calls.parts++;
        return new Promise<T>((resolve) => setTimeout(() => resolve(read()), 5));
      };
      const details: LinkDetailSource = {
        readLinkTasks: (r) => slowly(() => world.readLinkTasks(r)),
        readLinkMirrorTopics: (r) => slowly(() => world.readLinkMirrorTopics(r)),
        readMirrorTopic: (r) => slowly(() => world.readMirrorTopic(r)),
        readClusterMirrorLags: async () => {
          throw mirrors;
        },
      };
      return { world, details, calls, state: recorded(aRecord(), [...links]) };
    }

    it("stops the parts' reads when the mirrors listing is rate limited, and not when it fails otherwise", async () => {
      // Prepare
      const limited = await fortySlowLinks(Object.assign(new Error('HTTP 429'), { kind: 'rate-limited' }));
      const failing = await fortySlowLinks(new Error('HTTP 503'));
      const poll = ({ world, details, state }: typeof limited) =>
        listed(
          listAndPlan(
            LAG,
            { ...dependencies(state, new ScriptedLinkSource()), source: world, details },
            CONTEXT,
            undefined,
          ),
        );

      // Act
      const afterLimit = await poll(limited);
      const afterFailure = await poll(failing);

      // Assess: the reads started before the 429 came back still count
      expect(failing.calls.parts).toBeGreaterThan(4);
      expect(limited.calls.parts).toBeLessThan(failing.calls.parts);
      expect(afterLimit.details.requests).toBe(1 + limited.calls.parts);
      expect(afterFailure.details.failures).toBe(1);
    });

    it('starts no detail read once the details deadline has come', async () => {
      // Prepare
      const { world, details, calls, state } = await fortySlowLinks(new Error('HTTP 503'));

      // Act
      const outcome = await listed(
        listAndPlan(
          SETTINGS,
          {
            ...dependencies(state, new ScriptedLinkSource()),
            source: world,
            details,
            budget: { listingDeadline: NOW.getTime() + MINUTE, detailsDeadline: (now) => now },
          },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(calls.parts).toBe(0);
      expect(outcome.details).toEqual({ requests: 0, failures: 0 });
    });

    it("reads readiness's whole config turn and dry runs within what the mirrors listing and the rotation leave, and its tasks as far as they fit", async () => {
      // Prepare: 8 requests for 5 links: the mirrors listing, one rotation read, and 6 for readiness
      const world = new InProcessLinkWorld();
      for (let i = 0; i < 5; i++) world.addLink(CLUSTER, `link-${i}`, ['t'], ['MirrorTopicTask']);
      const { links } = await world.listLinks({ clusterId: CLUSTER });
      const reads = { configs: 0, dryRuns: 0 };
      const readiness: LinkReadinessSource = {
        readLinkConfigs: async () => {
          reads.configs++;
          return [];
        },
        validateFailover: async () => {
          reads.dryRuns++;
          return [];
        },
      };
      const settings: PollSettings = {
        ...SETTINGS,
        detailRequestsPerCluster: 8,
        readiness: {
          everyPolls: 1,
          stallReads: 3,
          maxSecondsBehind: null,
          links: [],
          stuckAfterMs: 10 * MINUTE,
          configReadsPerPoll: 4,
          dryRunsPerPoll: 1,
        },
      };

      // Act
      const outcome = await listed(
        listAndPlan(
          settings,
          {
            ...dependencies(recorded(aRecord(), [...links]), new ScriptedLinkSource()),
            source: world,
            details: world,
            readiness,
          },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(reads).toEqual({ configs: 4, dryRuns: 1 });
      expect(outcome.details.requests).toBeLessThanOrEqual(8);
    });

    it('finds what the listing hides through the details: a task in error under an unchanged listing', async () => {
      // Prepare
      const world = new InProcessLinkWorld();
      world.addLink(CLUSTER, 'a', ['t'], ['MirrorTopicTask']);
      const { links } = await world.listLinks({ clusterId: CLUSTER });
      world.setTask(CLUSTER, 'a', 'MirrorTopicTask', { state: 'IN_ERROR', error: 'AUTHENTICATION_FAILED' });
      const { details } = mirrorsOf(world);

      // Act
      const outcome = await listed(
        listAndPlan(
          SETTINGS,
          {
            ...dependencies(recorded(aRecord(), [...links]), new ScriptedLinkSource()),
            source: world,
            details,
          },
          CONTEXT,
          undefined,
        ),
      );

      // Assess
      expect(outcome.plan.links.flatMap((l) => l.commit.events.map((e) => e.type))).toContain(
        'TASK_STATE_CHANGED',
      );
      expect(outcome.details.failures).toBe(0);
      expect(outcome.details.requests).toBeGreaterThan(0);
    });
  });
});
