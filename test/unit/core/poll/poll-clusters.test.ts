/**
 * The poll over its clusters, on a clock the test moves: listings take the time a test gives them,
 * so when a cluster starts, what it waited behind and what each result reports can be told exactly.
 * Against the in-memory SQLite store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../core/control/maintenance-window.js';
import type { ClusterListing } from '../../../../core/model/link-model.js';
import { LinkBudget } from '../../../../core/observe/link-budget.js';
import {
  type MonitoredCluster,
  type PollDependencies,
  pollClusters,
} from '../../../../core/poll/poll-clusters.js';
import { type ClusterPollResult, MAX_REPORTED_FAILURES } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import { configOrder, type StartOrder } from '../../../../core/poll/start-order.js';
import { timeSlot } from '../../../../core/poll/time-slot.js';
import type { LinkSource, LinkStateStore } from '../../../../core/ports.js';
import { notReachedReason } from '../../../../core/record/cluster-health.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { aLink } from '../../../support/link-fixtures.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { ScriptedLinkSource } from '../../../support/scripted-link-source.js';

const MINUTE = 60_000;
/** Each poll may last a minute; no cluster starts in its last 10 s, none is recorded in its last 2.5 s. */
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, reserveMs: 10_000, detailRequestsPerCluster: 0 };
const START_CUTOFF_MS = MINUTE - SETTINGS.reserveMs;
const RECORDING_CUTOFF_MS = MINUTE - SETTINGS.reserveMs / 4;

const cluster = (label: string): MonitoredCluster => ({ clusterId: `lkc-${label}`, label });
const A = cluster('a');
const B = cluster('b');
const C = cluster('c');

/** The store, with the given methods replaced. */
function withOverrides(store: SqliteLinkStateStore, overrides: Partial<LinkStateStore>): LinkStateStore {
  return new Proxy(store, {
    get(target, property) {
      const own = overrides[property as keyof LinkStateStore];
      if (own !== undefined) return own;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('Function: pollClusters (time, order and what each result reports)', () => {
  let clock: number;
  let pollStart: number;
  let sqlite: SqliteLinkStateStore;
  let scripted: ScriptedLinkSource;
  let notifier: RecordingNotifier;
  /** How long each cluster's listing takes on the test's clock. */
  let listingMs: Map<string, number>;
  let listingsAtOnce: number;
  let mostListingsAtOnce: number;
  let source: LinkSource;

  beforeEach(() => {
    clock = Date.parse('2026-11-26T08:00:00Z');
    sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
    scripted = new ScriptedLinkSource();
    notifier = new RecordingNotifier();
    listingMs = new Map();
    listingsAtOnce = 0;
    mostListingsAtOnce = 0;
    source = {
      listLinks: async (request): Promise<ClusterListing> => {
        listingsAtOnce++;
        mostListingsAtOnce = Math.max(mostListingsAtOnce, listingsAtOnce);
        try {
          // A real wait, so that listings started together overlap.
          await new Promise((resolve) => setTimeout(resolve, 5));
          clock += listingMs.get(request.clusterId) ?? 0;
          return await scripted.listLinks(request);
        } finally {
          listingsAtOnce--;
        }
      },
    };
    for (const c of [A, B, C]) scripted.set(c.clusterId, [aLink({ linkName: `${c.label}-dr` })]);
  });
  afterEach(() => sqlite.close());

  /** One poll of a minute, starting the clusters in the config's order unless told otherwise. */
  function poll(
    clusters: readonly MonitoredCluster[],
    settings: Partial<PollSettings> = {},
    deps: Partial<PollDependencies> = {},
  ) {
    pollStart = clock;
    return pollClusters(
      clusters,
      { ...SETTINGS, ...settings },
      {
        source,
        store: sqlite,
        notifier,
        now: () => new Date(clock),
        deadline: clock + MINUTE,
        startOrder: configOrder,
        ...deps,
      },
    );
  }

  const result = (results: readonly ClusterPollResult[], c: MonitoredCluster) =>
    results.find((r) => r.clusterId === c.clusterId);

  describe('clusters the poll did not reach', () => {
    it('names, for a cluster not reached, the cluster that held the slot until it was too late to start it', async () => {
      // Prepare: one slot; a's listing runs past the last moment a cluster may start.
      listingMs.set(A.clusterId, START_CUTOFF_MS + 1_000);

      // Act
      const summary = await poll([A, B], { concurrency: 1 });

      // Assess
      const reason = notReachedReason([A.label]);
      expect(reason).toContain('(a)');
      expect(result(summary.results, B)).toMatchObject({ outcome: 'skipped', error: reason, links: 0 });
      expect(result(summary.results, B)).not.toHaveProperty('failedStep');
      expect(scripted.calls).toEqual([A.clusterId]);
      expect(summary).toMatchObject({ clustersPolled: 1, clustersSkipped: 1, clustersFailed: 0 });
    });

    it('leaves out of the reason the clusters that were done while there was still time to start another', async () => {
      // Prepare: a is done at once, b's listing runs past the last start.
      listingMs.set(B.clusterId, START_CUTOFF_MS + 1_000);

      // Act
      const summary = await poll([A, B, C], { concurrency: 1 });

      // Assess
      expect(result(summary.results, C)?.error).toBe(notReachedReason([B.label]));
    });

    it('counts a cluster not reached as a failed listing in its record, announcing it unreachable at the threshold', async () => {
      // Prepare
      listingMs.set(A.clusterId, START_CUTOFF_MS + 1_000);
      const settings = { concurrency: 1, unreachableAfterPolls: 2 };

      // Act
      const first = await poll([A, B], settings);
      clock = pollStart + MINUTE;
      const second = await poll([A, B], settings);

      // Assess
      expect([first, second].map((s) => result(s.results, B)?.unreachable)).toEqual([false, true]);
      const record = (await sqlite.readClusterState(B.clusterId)).cluster;
      expect(record).toMatchObject({ consecutiveFailures: 2, lastError: notReachedReason([A.label]) });
      expect(notifier.published.flatMap((n) => n.events.map((e) => [e.clusterId, e.type]))).toContainEqual([
        B.clusterId,
        'CLUSTER_UNREACHABLE',
      ]);
    });

    it('publishes the events a cluster not reached left pending in earlier polls', async () => {
      // Prepare: b's change is recorded, but its publishing fails.
      await poll([B]);
      scripted.set(B.clusterId, [aLink({ linkName: 'b-dr', linkState: 'FAILED' })]);
      clock = pollStart + MINUTE;
      notifier.failNext(1);
      await poll([B]);
      expect(notifier.published).toEqual([]);
      listingMs.set(A.clusterId, START_CUTOFF_MS + 1_000);
      clock = pollStart + MINUTE;

      // Act
      const summary = await poll([A, B], { concurrency: 1 });

      // Assess
      expect(result(summary.results, B)).toMatchObject({ outcome: 'skipped', published: 1 });
      expect(notifier.summary()).toEqual([`change critical ${B.clusterId} b-dr:LINK_STATE_CHANGED`]);
    });

    it('does not look into the outbox of a cluster not reached when the store knows it holds nothing', async () => {
      // Prepare: b's first poll publishes everything it found.
      await poll([B]);
      const claimed: string[] = [];
      const store = withOverrides(sqlite, {
        claimPendingEvents: async (q) => {
          claimed.push(q.clusterId);
          return sqlite.claimPendingEvents(q);
        },
      });
      expect((await sqlite.readClusterState(B.clusterId)).outboxEmpty).toBe(true);
      listingMs.set(A.clusterId, START_CUTOFF_MS + 1_000);
      clock = pollStart + MINUTE;

      // Act
      const summary = await poll([A, B], { concurrency: 1 }, { store });

      // Assess
      expect(result(summary.results, B)?.outcome).toBe('skipped');
      expect(claimed).not.toContain(B.clusterId);
    });

    it('only reports a cluster whose turn came when no more could be recorded, and records nothing for it', async () => {
      // Prepare: a's listing ends just as recording stops.
      listingMs.set(A.clusterId, RECORDING_CUTOFF_MS);

      // Act
      const summary = await poll([A, B], { concurrency: 1 });

      // Assess
      expect(result(summary.results, B)).toEqual(
        expect.objectContaining({
          outcome: 'skipped',
          error: `${notReachedReason([A.label])}; too little time was left to record it`,
          unreachable: false,
        }),
      );
      expect((await sqlite.readClusterState(B.clusterId)).cluster).toBeNull();
    });

    it('still records a cluster not reached when its turn comes just before recording stops', async () => {
      // Prepare
      listingMs.set(A.clusterId, RECORDING_CUTOFF_MS - 1);

      // Act
      const summary = await poll([A, B], { concurrency: 1 });

      // Assess
      expect(result(summary.results, B)?.error).toBe(notReachedReason([A.label]));
      expect((await sqlite.readClusterState(B.clusterId)).cluster).toMatchObject({ consecutiveFailures: 1 });
    });
  });

  describe('order and concurrency', () => {
    it('reports the results in the order the clusters were given, whatever order they started in', async () => {
      // Prepare
      const reversed: StartOrder = (clusters) => [...clusters].reverse();
      const seen: string[] = [];

      // Act
      const summary = await poll(
        [A, B, C],
        { concurrency: 1 },
        {
          startOrder: reversed,
          onClusterResult: (r) => seen.push(r.clusterLabel),
        },
      );

      // Assess
      expect(scripted.calls).toEqual([C.clusterId, B.clusterId, A.clusterId]);
      expect(seen).toEqual(['c', 'b', 'a']);
      expect(summary.results.map((r) => r.clusterLabel)).toEqual(['a', 'b', 'c']);
    });

    it("asks the start order for the poll's time slot", async () => {
      // Prepare
      const slots: number[] = [];
      const recording: StartOrder = (clusters, slot) => {
        slots.push(slot);
        return clusters;
      };

      // Act
      await poll([A], { pollIntervalMs: 5 * MINUTE }, { startOrder: recording });

      // Assess
      expect(slots).toEqual([timeSlot(new Date(clock), 5 * MINUTE)]);
      expect(slots[0]).not.toBe(timeSlot(new Date(clock), MINUTE));
    });

    it('lists as many clusters at once as the concurrency allows, and no more', async () => {
      // Act
      const summary = await poll([A, B, C], { concurrency: 2 });

      // Assess
      expect(mostListingsAtOnce).toBe(2);
      expect(summary.clustersPolled).toBe(3);
    });

    it("holds none of a cluster's links in the link budget while it records its planned writes", async () => {
      // Prepare
      const budget = new LinkBudget(100, 1);
      scripted.set(A.clusterId, [
        aLink({ linkName: 'x' }),
        aLink({ linkName: 'y' }),
        aLink({ linkName: 'z' }),
      ]);
      const heldWhileRecording: number[] = [];
      const store = withOverrides(sqlite, {
        commitLink: async (commit) => {
          heldWhileRecording.push(budget.inFlight);
          return sqlite.commitLink(commit);
        },
      });

      // Act
      await poll([A], {}, { store, linkBudget: budget });

      // Assess
      expect(heldWhileRecording).toEqual([0, 0, 0]);
      expect(budget.knownSize(A.clusterId)).toBe(3);
      expect(budget.inFlight).toBe(0);
    });

    it('gives the link budget back once a cluster is done, so a cluster larger than the budget is admitted alone', async () => {
      // Prepare: clusters of unknown size are counted for more links than the budget holds.
      const budget = new LinkBudget(2, 5);
      await poll([A], {}, { linkBudget: budget });

      // Act
      const admitted = await Promise.race([
        budget.acquire('lkc-next'),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 200)),
      ]);

      // Assess
      expect(admitted?.links).toBe(5);
    });

    it('reports nothing polled when there is no cluster', async () => {
      // Act
      const summary = await poll([]);

      // Assess
      expect(summary).toMatchObject({
        clustersPolled: 0,
        clustersFailed: 0,
        clustersSkipped: 0,
        results: [],
      });
    });

    it('still polls every cluster, one at a time, with a concurrency below 1', async () => {
      // Act
      const summary = await poll([A, B, C], { concurrency: 0 });

      // Assess
      expect(mostListingsAtOnce).toBe(1);
      expect(summary.results.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
    });
  });

  describe('what a result reports', () => {
    it("reports how long each cluster's poll took", async () => {
      // Prepare
      listingMs.set(A.clusterId, 1_500);

      // Act
      const summary = await poll([A]);

      // Assess
      expect(result(summary.results, A)?.durationMs).toBe(1_500);
    });

    it('marks a cluster unreachable once its listing has failed as many polls in a row as the threshold, not before', async () => {
      // Prepare
      scripted.set(A.clusterId, new Error('connect ECONNREFUSED'));
      const unreachable: boolean[] = [];

      // Act
      for (let n = 0; n < 3; n++) {
        clock = Date.parse('2026-11-26T08:00:00Z') + n * MINUTE;
        const summary = await poll([A], { unreachableAfterPolls: 2 });
        unreachable.push(result(summary.results, A)?.unreachable ?? false);
      }

      // Assess
      expect(unreachable).toEqual([false, true, true]);
    });

    it('reports a failed listing as the failed step, with its error', async () => {
      // Prepare
      scripted.set(A.clusterId, new Error('connect ECONNREFUSED'));

      // Act
      const summary = await poll([A]);

      // Assess
      expect(result(summary.results, A)).toMatchObject({
        outcome: 'failed',
        failedStep: 'list',
        error: expect.stringContaining('connect ECONNREFUSED'),
        stepFailures: 0,
      });
    });

    it('reports a state that cannot be read as a failed store step, with its error', async () => {
      // Prepare
      const store = withOverrides(sqlite, {
        readClusterState: async () => {
          throw new Error('ProvisionedThroughputExceededException: slow down');
        },
      });

      // Act
      const summary = await poll([A], {}, { store });

      // Assess
      expect(result(summary.results, A)).toMatchObject({
        outcome: 'failed',
        failedStep: 'store',
        error: 'Error: ProvisionedThroughputExceededException: slow down',
        stepFailures: 1,
        links: 0,
      });
    });

    it("still publishes the events left pending by earlier polls when the cluster's state cannot be read", async () => {
      // Prepare: a change is recorded, its publishing fails.
      await poll([A]);
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr', linkState: 'FAILED' })]);
      clock = pollStart + MINUTE;
      notifier.failNext(1);
      await poll([A]);
      clock = pollStart + MINUTE;
      const store = withOverrides(sqlite, {
        readClusterState: async () => {
          throw new Error('ProvisionedThroughputExceededException: slow down');
        },
      });

      // Act
      const summary = await poll([A], {}, { store });

      // Assess
      expect(result(summary.results, A)).toMatchObject({ failedStep: 'store', published: 1 });
      expect(notifier.summary()).toEqual([`change critical ${A.clusterId} a-dr:LINK_STATE_CHANGED`]);
    });

    it('reports a cluster record that cannot be written as a failed store step, with its error', async () => {
      // Prepare: the first poll writes the cluster's baseline record.
      const store = withOverrides(sqlite, {
        commitCluster: async () => {
          throw new Error('InternalServerError: commitCluster failed');
        },
      });

      // Act
      const summary = await poll([A], {}, { store });

      // Assess
      expect(result(summary.results, A)).toMatchObject({
        outcome: 'failed',
        failedStep: 'store',
        error: expect.stringContaining('commitCluster failed'),
        stepFailures: 1,
      });
    });

    it('reports a notification given up as a failed publish, naming its link and saying it was quarantined', async () => {
      // Prepare: a notification about link `odd` can never be sent.
      notifier = Object.assign(new RecordingNotifier(), {
        publish: async (notification: Parameters<RecordingNotifier['publish']>[0]) => {
          if (notification.events.some((e) => e.linkName === 'odd'))
            throw Object.assign(new Error('cannot send odd'), { permanent: true });
        },
      });
      scripted.set(A.clusterId, [aLink({ linkName: 'odd' })]);
      await poll([A]);
      scripted.set(A.clusterId, [aLink({ linkName: 'odd', linkState: 'FAILED' })]);
      clock = pollStart + MINUTE;

      // Act
      const summary = await poll([A]);

      // Assess
      const got = result(summary.results, A);
      expect(got).toMatchObject({
        outcome: 'failed',
        failedStep: 'publish',
        error: 'publishing failed; 1 notification(s) given up and quarantined, the rest stay pending',
        quarantined: 1,
        linkFailures: 1,
      });
      expect(got?.failedLinks).toEqual([
        { linkName: 'odd', step: 'publish', error: expect.stringContaining('cannot send odd') },
      ]);
    });

    it('names the link whose commit failed, counts every such link and lists at most the reported number', async () => {
      // Prepare: a baseline of many links, then every one of them changes and none can be committed.
      const names = Array.from({ length: MAX_REPORTED_FAILURES + 2 }, (_, i) => `link-${i}`);
      scripted.set(
        A.clusterId,
        names.map((linkName) => aLink({ linkName })),
      );
      await poll([A]);
      scripted.set(
        A.clusterId,
        names.map((linkName) => aLink({ linkName, linkState: 'FAILED' })),
      );
      clock = pollStart + MINUTE;
      const store = withOverrides(sqlite, {
        commitLink: async () => {
          throw new Error('ConditionalCheckFailedException: throttled');
        },
      });

      // Act
      const summary = await poll([A], {}, { store });

      // Assess
      const got = result(summary.results, A);
      expect(got).toMatchObject({
        outcome: 'failed',
        failedStep: 'store',
        error: expect.stringMatching(/^link link-\d+: .*throttled/),
        linkFailures: names.length,
        links: names.length,
      });
      expect(got?.failedLinks).toHaveLength(MAX_REPORTED_FAILURES);
      expect(got?.failedLinks[0]).toEqual({
        linkName: expect.stringMatching(/^link-\d+$/),
        step: 'store',
        error: expect.stringContaining('throttled'),
      });
    });

    it('reports a publish that failed as the failed step, its events kept pending', async () => {
      // Prepare
      await poll([A]);
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr', linkState: 'FAILED' })]);
      clock = pollStart + MINUTE;
      notifier.failNext(1);

      // Act
      const summary = await poll([A]);

      // Assess
      expect(result(summary.results, A)).toMatchObject({
        outcome: 'failed',
        failedStep: 'publish',
        error: 'publishing failed; events stay pending',
        publishFailures: 1,
        quarantined: 0,
        events: 1,
      });
    });

    it('reports a healthy cluster as ok with no error, and its links by state', async () => {
      // Prepare
      scripted.set(A.clusterId, [aLink({ linkName: 'x' }), aLink({ linkName: 'y', linkState: 'PAUSED' })]);

      // Act
      const summary = await poll([A]);

      // Assess
      const got = result(summary.results, A);
      expect(got).toMatchObject({
        outcome: 'ok',
        links: 2,
        linksByState: { ACTIVE: 1, PAUSED: 1 },
        stepFailures: 0,
      });
      expect(got).not.toHaveProperty('error');
      expect(got).not.toHaveProperty('failedStep');
    });
  });

  describe('claims and silences', () => {
    /** The claimants of every claim on pending events, in order. */
    function claimants(): { store: LinkStateStore; seen: string[] } {
      const seen: string[] = [];
      const store = withOverrides(sqlite, {
        claimPendingEvents: async (q) => {
          seen.push(q.claimant);
          return sqlite.claimPendingEvents(q);
        },
      });
      return { store, seen };
    }

    it("claims the pending events under the poll's id", async () => {
      // Prepare
      const { store, seen } = claimants();
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr', linkState: 'FAILED' })]);

      // Act
      await poll([A], {}, { store, pollId: 'poll-7' });

      // Assess
      expect(seen).toEqual(['poll-7']);
    });

    it('claims under another id every poll when none is given', async () => {
      // Prepare
      const { store, seen } = claimants();
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr', linkState: 'FAILED' })]);
      await poll([A], {}, { store });
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr' })]);
      clock = pollStart + MINUTE;

      // Act
      await poll([A], {}, { store });

      // Assess
      expect(seen).toHaveLength(2);
      for (const claimant of seen) expect(claimant).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen[0]).not.toBe(seen[1]);
    });

    it('asks the silence store for the silences not ended at the time of the poll, once', async () => {
      // Prepare
      const queries: unknown[] = [];

      // Act
      const summary = await poll(
        [A, B],
        {},
        {
          silences: {
            listSilences: async (q) => {
              queries.push(q);
              return [];
            },
          },
        },
      );

      // Assess
      expect(queries).toEqual([{ endedAfter: '2026-11-26T08:00:00.000Z' }]);
      expect(summary).not.toHaveProperty('silencesUnavailable');
    });

    it('silences what an open maintenance window matches, without a silence store', async () => {
      // Prepare: Thursday 2026-11-26, a window open from 07:00 to 09:00 UTC on Thursdays.
      const window: MaintenanceWindow = {
        name: 'thursday-patching',
        days: ['thu'],
        start: { hour: 7, minute: 0 },
        durationMs: 2 * 60 * MINUTE,
        timeZone: 'UTC',
        matchers: { clusters: [A.label] },
        reason: 'weekly patching',
      };
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr', linkState: 'FAILED' })]);

      // Act
      await poll([A], {}, { maintenanceWindows: [window] });

      // Assess
      expect(notifier.published).toEqual([]);
      const history = await sqlite.clusterHistory({
        clusterId: A.clusterId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        limit: 10,
      });
      expect(history.items.map((e) => [e.linkName, e.silencedBy])).toEqual([
        ['a-dr', 'window:thursday-patching'],
      ]);
    });

    it('says why the silences could not be read, and notifies as if there were none', async () => {
      // Prepare
      scripted.set(A.clusterId, [aLink({ linkName: 'a-dr', linkState: 'FAILED' })]);

      // Act
      const summary = await poll(
        [A],
        {},
        {
          silences: {
            listSilences: async () => {
              throw new Error('AccessDeniedException: dynamodb:Query');
            },
          },
        },
      );

      // Assess
      expect(summary.silencesUnavailable).toBe('Error: AccessDeniedException: dynamodb:Query');
      expect(notifier.summary()).toEqual([`change critical ${A.clusterId} a-dr:LINK_STATE_CHANGED`]);
    });
  });
});
