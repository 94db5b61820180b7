/**
 * The poll with detail reads, end to end against the Confluent simulator over HTTP and the SQLite
 * store: what a link's listing hides (a failed mirror topic, a task in error) is found within the
 * request budget, a failing detail endpoint never fails the listing nor looks like a recovery,
 * and the steady state writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import type { LinkStateStore } from '../../../../core/ports.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-big', label: 'big' };
const MINUTE = 60_000;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'DETAILKEY', apiSecret: 'detail-secret' };
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE };

let sim: ConfluentSimulator;
let sqlite: SqliteLinkStateStore;
let notifier: RecordingNotifier;
let clock: number;

beforeEach(async () => {
  sim = await startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: [{ clusterId: CLUSTER.clusterId, links: 300 }],
    pageSize: 200,
  });
  clock = Date.parse('2026-11-26T08:00:00Z');
  sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
  notifier = new RecordingNotifier();
});

afterEach(async () => {
  sqlite.close();
  await sim.close();
});

/** Counts the store's commits: the steady state makes none. */
function counting(store: LinkStateStore): { store: LinkStateStore; commits: () => number } {
  let commits = 0;
  return {
    commits: () => commits,
    store: new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (property === 'commitLink' || property === 'commitCluster') commits++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }),
  };
}

async function poll(store: LinkStateStore = sqlite): Promise<PollSummary> {
  const configured = [{ clusterId: CLUSTER.clusterId, restEndpoint: sim.baseUrl, credentials: CREDENTIALS }];
  const links = new ConfluentLinksClient({
    clusters: configured,
    options: { maxAttempts: 1 },
    now: () => clock,
  });
  const summary = await pollClusters([CLUSTER], SETTINGS, {
    source: links,
    details: detailSourceForClusters(links, configured),
    store,
    notifier,
    now: () => new Date(clock),
    deadline: clock + MINUTE,
  });
  clock += MINUTE;
  return summary;
}

describe('Poll of a 300-link cluster with detail reads', () => {
  it('names a mirror topic that failed under an ACTIVE link in the next poll, within 20 detail requests', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, 'link-0150', {
      mirrorTopics: {
        'link-0150.topic-2': {
          status: 'FAILED',
          error: 'UNEXPECTED_TRUNCATION',
          message: 'truncated below 1200',
        },
      },
    });
    sim.resetRequestCounts();

    // Act
    await poll();

    // Assess
    expect(sim.detailRequestCountFor(CLUSTER.clusterId)).toBeLessThanOrEqual(20);
    const events = notifier.published.flatMap((n) => n.events);
    expect(
      events.map((e) => [e.linkName, e.type, e.part?.name, e.part?.errorCode, e.part?.errorMessage]),
    ).toEqual([
      [
        'link-0150',
        'MIRROR_TOPIC_STATE_CHANGED',
        'link-0150.topic-2',
        'UNEXPECTED_TRUNCATION',
        'truncated below 1200',
      ],
    ]);
  });

  it('finds a task in error on a link whose listing never changes within 30 polls, and reads at most 20 details per poll', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, 'link-0277', {
      tasks: {
        ConsumerOffsetSync: {
          state: 'IN_ERROR',
          error: 'AUTHORIZATION_ERROR',
          message: 'DESCRIBE on group denied',
        },
      },
    });

    // Act
    let polls = 0;
    let most = 0;
    while (notifier.published.length === 0 && polls < 30) {
      sim.resetRequestCounts();
      await poll();
      most = Math.max(most, sim.detailRequestCountFor(CLUSTER.clusterId));
      polls++;
    }

    // Assess
    expect(most).toBeLessThanOrEqual(20);
    const [found] = notifier.published.flatMap((n) => n.events);
    expect(found).toMatchObject({
      linkName: 'link-0277',
      type: 'TASK_STATE_CHANGED',
      severity: 'warning',
      part: {
        kind: 'task',
        name: 'ConsumerOffsetSync',
        errorCode: 'AUTHORIZATION_ERROR',
        errorMessage: 'DESCRIBE on group denied',
      },
    });
  });

  it('keeps listing while every detail read is rate-limited, and takes no failed read for a recovery', async () => {
    // Prepare: a known failed topic, then the detail endpoint answers 429 and the topic recovers
    await poll();
    sim.updateLink(CLUSTER.clusterId, 'link-0001', {
      mirrorTopics: { 'link-0001.topic-0': { status: 'FAILED' } },
    });
    await poll();
    expect(notifier.published).toHaveLength(1);
    sim.failDetails(CLUSTER.clusterId, { kind: 'rate-limited' });
    sim.updateLink(CLUSTER.clusterId, 'link-0001', {
      mirrorTopics: { 'link-0001.topic-0': { status: 'ACTIVE' } },
    });
    sim.resetRequestCounts();

    // Act
    const limited = await poll();

    // Assess: the listing succeeded, one 429 stopped the reads, nothing was resolved
    expect(limited.results[0]).toMatchObject({ outcome: 'ok', links: 300, detailFailures: 1 });
    expect(sim.detailRequestCountFor(CLUSTER.clusterId)).toBeLessThanOrEqual(4);
    expect(notifier.published).toHaveLength(1);
    const status = await sqlite.readClusterState(CLUSTER.clusterId);
    expect(status.links.find((s) => s.link.linkName === 'link-0001')?.link.mirrorTopics?.[0]?.status).toBe(
      'FAILED',
    );

    // Act: the endpoint answers again
    sim.failDetails(CLUSTER.clusterId, null);
    await poll();

    // Assess: now the recovery is real, and sent
    expect(notifier.published.at(-1)?.severity).toBe('resolved');
  });

  it('writes nothing in a steady state, with a mirror topic and a task in error on record', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, 'link-0002', {
      mirrorTopics: { 'link-0002.topic-0': { status: 'PAUSED' } },
      tasks: { AclSync: { state: 'IN_ERROR', error: 'MISCONFIGURATION_ERROR', message: 'bad filter' } },
    });
    await poll();
    const counted = counting(sqlite);

    // Act: a whole rotation of the cluster
    for (let i = 0; i < 30; i++) await poll(counted.store);

    // Assess
    expect(counted.commits()).toBe(0);
  });
});
