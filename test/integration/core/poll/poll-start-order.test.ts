/**
 * Clusters fairly served: listings that hang (the Confluent simulator accepts the request and never
 * answers) hold their slots until the listing deadline, yet every healthy cluster is listed within
 * two polls, since each poll starts the clusters in another order; and a cluster the poll's time
 * does not reach counts as a failed listing, up to CLUSTER_UNREACHABLE and back. Real HTTP, the
 * real Confluent client and the SQLite store, on a poll scaled down to a few seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import { configOrder, type StartOrder } from '../../../../core/poll/start-order.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'FAIRKEY', apiSecret: 'fair-secret' };
const MINUTE = 60_000;
/** The first slot of a pair (`start-order.ts`): slot numbers are minutes since the epoch. */
const FIRST_SLOT = Math.floor(Date.parse('2026-11-26T08:00:00Z') / MINUTE);
/**
 * A poll of 4 s: listings end at 3 s, no cluster starts after 2 s, recording ends at 3.5 s.
 * Short enough to run several, long enough that a busy machine's stalls do not shift the outcome.
 */
const POLL_MS = 4_000;
const SETTINGS: PollSettings = {
  ...DEFAULT_POLL_SETTINGS,
  pollIntervalMs: MINUTE,
  reserveMs: 2_000,
  unreachableAfterPolls: 3,
  detailRequestsPerCluster: 0,
};

const cluster = (label: string): MonitoredCluster => ({ clusterId: `lkc-${label}`, label });

let sim: ConfluentSimulator;
let sqlite: SqliteLinkStateStore;
let notifier: RecordingNotifier;
/** Poll time runs with the real clock, from the start of the slot each poll is placed in. */
let offset = 0;
const now = () => Date.now() + offset;

async function start(clusters: readonly MonitoredCluster[], hanging: readonly MonitoredCluster[]) {
  sim = await startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: clusters.map((c) => ({ clusterId: c.clusterId, links: 1 })),
  });
  for (const c of hanging) sim.failCluster(c.clusterId, { kind: 'hang' });
}

beforeEach(() => {
  sqlite = openSqliteLinkStateStore({ path: ':memory:', now });
  notifier = new RecordingNotifier();
});

afterEach(async () => {
  sqlite.close();
  await sim.close();
});

/** One poll in time slot `FIRST_SLOT + index`, as the schedule would run it. */
async function poll(
  clusters: readonly MonitoredCluster[],
  index: number,
  settings: Partial<PollSettings>,
  startOrder?: StartOrder,
): Promise<PollSummary> {
  offset = (FIRST_SLOT + index) * MINUTE + 1_000 - Date.now();
  const source = new ConfluentLinksClient({
    clusters: clusters.map((c) => ({
      clusterId: c.clusterId,
      restEndpoint: sim.baseUrl,
      credentials: CREDENTIALS,
    })),
    // Only the deadline ends a hanging listing, as with the defaults in a real poll.
    options: { maxAttempts: 1, requestTimeoutMs: 30_000 },
    now,
  });
  return pollClusters(
    clusters,
    { ...SETTINGS, ...settings },
    {
      source,
      store: sqlite,
      notifier,
      now: () => new Date(now()),
      deadline: now() + POLL_MS,
      ...(startOrder === undefined ? {} : { startOrder }),
    },
  );
}

const outcomes = (summary: PollSummary) =>
  Object.fromEntries(summary.results.map((r) => [r.clusterLabel, r.outcome]));

describe('Poll of clusters, some of whose listings hang', () => {
  it('lists every healthy cluster within two polls though as many listings hang as there are slots, ahead of them in the config', async () => {
    // Prepare: 4 slots, the first 4 clusters of the config hang
    const hanging = ['hang-1', 'hang-2', 'hang-3', 'hang-4'].map(cluster);
    const healthy = Array.from({ length: 8 }, (_, i) => cluster(`ok-${i + 1}`));
    const clusters = [...hanging, ...healthy];
    await start(clusters, hanging);

    // Act
    const polls = [await poll(clusters, 0, { concurrency: 4 }), await poll(clusters, 1, { concurrency: 4 })];

    // Assess
    const listed = new Set(
      polls.flatMap((s) => s.results.filter((r) => r.outcome === 'ok').map((r) => r.clusterLabel)),
    );
    expect([...listed].sort()).toEqual(healthy.map((c) => c.label).sort());
    for (const summary of polls) {
      for (const c of hanging) expect(outcomes(summary)[c.label]).toBe('failed');
      for (const left of summary.results.filter((r) => r.outcome === 'skipped'))
        expect(left.error).toMatch(
          /^not reached within the poll's time: \d+ clusters ahead of it held the poll's slots .*\(hang-\d, hang-\d, hang-\d and \d+ more\)$/,
        );
    }
    // The results stay in the config's order, whatever order the clusters started in.
    expect(polls[0]?.results.map((r) => r.clusterLabel)).toEqual(clusters.map((c) => c.label));
  });

  it('counts every poll that does not reach a cluster as a failed listing, announces it unreachable at the threshold and recovered once listed', async () => {
    // Prepare: in the config's order every poll, the cluster behind two hanging ones is never reached
    const hanging = [cluster('hang-1'), cluster('hang-2')];
    const behind = cluster('behind');
    const clusters = [...hanging, behind];
    await start(clusters, hanging);

    // Act
    const polls: PollSummary[] = [];
    for (let index = 0; index < SETTINGS.unreachableAfterPolls; index++)
      polls.push(await poll(clusters, index, { concurrency: 2 }, configOrder));
    for (const c of hanging) sim.clearFault(c.clusterId);
    const reached = await poll(clusters, SETTINGS.unreachableAfterPolls, { concurrency: 2 }, configOrder);

    // Assess
    const reason =
      "not reached within the poll's time: 2 clusters ahead of it held the poll's slots until too little time was left to start it (hang-1, hang-2)";
    expect(polls.map((s) => s.results[2])).toEqual(
      [false, false, true].map((unreachable) =>
        expect.objectContaining({ outcome: 'skipped', error: reason, unreachable }),
      ),
    );
    expect(polls.map((s) => s.clustersSkipped)).toEqual([1, 1, 1]);
    const events = notifier.published
      .flatMap((n) => n.events)
      .filter((e) => e.clusterId === behind.clusterId)
      .map((e) => [e.type, e.detail]);
    expect(events).toEqual([
      ['CLUSTER_UNREACHABLE', reason],
      ['CLUSTER_RECOVERED', reason],
    ]);
    expect(reached.results[2]).toMatchObject({ outcome: 'ok', unreachable: false });
  });
});
