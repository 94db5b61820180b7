/**
 * Fair detail reads, end to end against the Confluent simulator over HTTP and the SQLite store,
 * polls a minute apart: however many links fail at once, each is read and named within a bounded
 * number of polls and within the request budget; a task error on any link of a small cluster is
 * named within five polls and its recovery within two; and once what changed has been read, the
 * steady state writes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import type { LinkDetailSource } from '../../../../core/observe/link-details.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
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

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-fair', label: 'fair' };
const MINUTE = 60_000;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'FAIRKEY', apiSecret: 'fair-secret' };
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE };
const BUDGET = SETTINGS.detailRequestsPerCluster;

/** One cluster of `links` links, its store, and polls a minute apart that record what they read. */
class World {
  readonly notifier = new RecordingNotifier();
  /** Links whose tasks each poll read. */
  readonly taskReads: Set<string>[] = [];
  /** Detail requests each poll made. */
  readonly detailRequests: number[] = [];
  commits = 0;
  clock = Date.parse('2026-11-26T08:00:00Z');

  private constructor(
    readonly sim: ConfluentSimulator,
    readonly store: SqliteLinkStateStore,
  ) {}

  static async start(links: number): Promise<World> {
    const sim = await startConfluentSimulator({
      auth: CREDENTIALS,
      clusters: [{ clusterId: CLUSTER.clusterId, links }],
      pageSize: 200,
    });
    let world: World | undefined;
    const store = openSqliteLinkStateStore({ path: ':memory:', now: () => world?.clock ?? 0 });
    world = new World(sim, store);
    return world;
  }

  async poll(): Promise<void> {
    const configured = [
      { clusterId: CLUSTER.clusterId, restEndpoint: this.sim.baseUrl, credentials: CREDENTIALS },
    ];
    const links = new ConfluentLinksClient({
      clusters: configured,
      options: { maxAttempts: 1 },
      now: () => this.clock,
    });
    const details = detailSourceForClusters(links, configured);
    const read = new Set<string>();
    const recording: LinkDetailSource = {
      readLinkTasks: (r) => {
        read.add(r.linkName);
        return details.readLinkTasks(r);
      },
      readLinkMirrorTopics: (r) => details.readLinkMirrorTopics(r),
      readMirrorTopic: (r) => details.readMirrorTopic(r),
      readClusterMirrorLags: (r) => details.readClusterMirrorLags(r),
    };
    this.sim.resetRequestCounts();
    await pollClusters([CLUSTER], SETTINGS, {
      source: links,
      details: recording,
      store: this.counted(),
      notifier: this.notifier,
      now: () => new Date(this.clock),
      deadline: this.clock + MINUTE,
    });
    this.taskReads.push(read);
    this.detailRequests.push(this.sim.detailRequestCountFor(CLUSTER.clusterId));
    this.clock += MINUTE;
  }

  /** Polls until `done` holds, at most `max` times: how many polls it took, or Infinity. */
  async pollUntil(done: () => boolean, max: number): Promise<number> {
    for (let n = 1; n <= max; n++) {
      await this.poll();
      if (done()) return n;
    }
    return Number.POSITIVE_INFINITY;
  }

  events(): HistoryEvent[] {
    return this.notifier.published.flatMap((n) => n.events);
  }

  async close(): Promise<void> {
    this.store.close();
    await this.sim.close();
  }

  /** The store, counting its commits. */
  private counted(): LinkStateStore {
    const store = this.store;
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (property === 'commitLink' || property === 'commitCluster') this.commits++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('Detail reads shared fairly between the links of a cluster', () => {
  it('names a failed mirror topic on each of 100 links within 20 polls, 20 detail requests a poll, then writes nothing', async () => {
    // Prepare
    const w = await World.start(100);
    world = w;
    await w.poll();
    const names = w.sim.links(CLUSTER.clusterId).map((l) => l.linkName);
    for (const name of names)
      w.sim.updateLink(CLUSTER.clusterId, name, {
        mirrorTopics: { [`${name}.topic-0`]: { status: 'FAILED', error: 'SOURCE_TOPIC_MAY_BE_DELETED' } },
      });
    const named = () =>
      new Set(
        w
          .events()
          .filter((e) => e.type === 'MIRROR_TOPIC_STATE_CHANGED' && e.severity === 'critical')
          .map((e) => e.linkName),
      );

    // Act
    const polls = await w.pollUntil(() => named().size === names.length, 30);
    const commits = w.commits;
    for (let i = 0; i < 3; i++) await w.poll();

    // Assess
    expect(polls).toBeLessThanOrEqual(20);
    expect(Math.max(...w.detailRequests)).toBeLessThanOrEqual(BUDGET);
    expect(w.commits - commits).toBe(0);
  });

  it('names a task error on a link of a steady 40-link cluster within 5 polls of its last read, and its recovery within 2', async () => {
    // Prepare
    const w = await World.start(40);
    world = w;
    await w.poll();
    await w.poll();
    // The worst case: the error begins just after the poll that read the link's tasks.
    const justRead = [...(w.taskReads.at(-1) ?? [])].sort();
    const chosen = [justRead[0], justRead.at(-1)] as string[];

    for (const name of chosen) {
      // Act
      w.sim.updateLink(CLUSTER.clusterId, name, {
        tasks: { AclSync: { state: 'IN_ERROR', error: 'MISCONFIGURATION_ERROR', message: 'bad filter' } },
      });
      const taskEvents = (severity: string) =>
        w
          .events()
          .filter((e) => e.linkName === name && e.type === 'TASK_STATE_CHANGED' && e.severity === severity);
      const named = await w.pollUntil(() => taskEvents('warning').length > 0, 30);
      w.sim.updateLink(CLUSTER.clusterId, name, {
        tasks: { AclSync: { state: 'ACTIVE', error: null, message: null } },
      });
      const recovered = await w.pollUntil(() => taskEvents('resolved').length > 0, 30);

      // Assess
      expect({ name, named: named <= 5, recovered: recovered <= 2 }).toEqual({
        name,
        named: true,
        recovered: true,
      });
    }
    expect(Math.max(...w.detailRequests)).toBeLessThanOrEqual(BUDGET);
  });
});
