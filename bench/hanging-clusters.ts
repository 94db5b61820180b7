/**
 * `npx tsx bench/hanging-clusters.ts`: which healthy clusters a poll serves while listings hang. A
 * third of the clusters' endpoints accept the request and never answer (a firewall that drops, a
 * broken PrivateLink), as many as the poll has slots; each holds its slot until the listing
 * deadline. The real poll (`pollClusters`, the Confluent client over HTTP to the simulator, the
 * SQLite store) runs the same polls twice in one run, poll by poll: in the config's order every
 * poll (the baseline, as polls ran before) and in the poller's own order
 * (`core/poll/start-order.ts`). It counts the healthy clusters each poll listed and left out, and
 * writes its section of `bench/RESULTS.md`. Counts, not times, are the result: the poll is scaled
 * down (5 s left instead of 50 s) to run in minutes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfluentLinksClient } from '../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../adapters/confluent/credentials.js';
import { type MonitoredCluster, pollClusters } from '../core/poll/poll-clusters.js';
import type { PollSummary } from '../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../core/poll/poll-settings.js';
import { configOrder, type StartOrder, shuffledPerSlot } from '../core/poll/start-order.js';
import type { Notification, Notifier } from '../core/ports.js';
import { startConfluentSimulator } from '../tools/simulator/confluent-simulator.js';
import { openSqliteLinkStateStore } from '../tools/sqlite-store/sqlite-link-state-store.js';
import {
  type HangingClustersResults,
  type OrderFigures,
  renderHangingClusters,
  withSection,
} from './hanging-clusters-report.js';

const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'BENCHHANGKEY',
  apiSecret: 'bench-hanging-secret',
};

export interface HangingClustersOptions {
  readonly clusters: number;
  /** Clusters whose listing hangs; as many as the poll's slots in the default run. */
  readonly hanging: number;
  readonly concurrency: number;
  /** Polls measured per layout and order, after one that lays the baseline. */
  readonly polls: number;
  /** The production poll's times are divided by this: time left, reserve, client timeouts, latency. */
  readonly scale: number;
}

export const DEFAULT_OPTIONS: HangingClustersOptions = {
  clusters: 100,
  hanging: 32,
  concurrency: 32,
  polls: 6,
  scale: 10,
};

/** Where the hanging clusters sit in the config. */
export interface Layout {
  readonly name: string;
  /** Indexes (0-based, in the config's order) of the clusters that hang. */
  readonly hanging: (options: HangingClustersOptions) => readonly number[];
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

export const LAYOUTS: readonly Layout[] = [
  {
    name: 'a block, 8 clusters after it',
    hanging: (o) => range(Math.max(0, o.clusters - o.hanging - 8), o.hanging),
  },
  { name: 'the first of the config', hanging: (o) => range(0, o.hanging) },
  {
    name: 'spread out',
    hanging: (o) => range(0, o.hanging).map((i) => Math.floor((i * o.clusters) / o.hanging)),
  },
];

/** The production poll's times: the stack's 50 s timeout, `DEFAULT_POLL_SETTINGS`, the client's defaults. */
const PRODUCTION = {
  timeLeftMs: 50_000,
  latencyMs: 100,
  requestTimeoutMs: 10_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  minDelayMs: 100,
} as const;

/** Keeps the clusters a poll announced unreachable. */
class CountingNotifier implements Notifier {
  readonly unreachable = new Set<string>();

  async publish(notification: Notification): Promise<void> {
    for (const event of notification.events)
      if (event.type === 'CLUSTER_UNREACHABLE') this.unreachable.add(event.clusterId);
  }
}

/** One start order's polls of one layout, each on its own clock and store. */
class Poller {
  readonly notifier = new CountingNotifier();
  readonly summaries: PollSummary[] = [];
  readonly wallMs: number[] = [];
  #offset = 0;
  readonly store = openSqliteLinkStateStore({ path: ':memory:', now: () => this.now() });

  constructor(
    readonly order: StartOrder,
    private readonly settings: PollSettings,
    private readonly source: (now: () => number) => ConfluentLinksClient,
    private readonly timeLeftMs: number,
  ) {}

  now(): number {
    return Date.now() + this.#offset;
  }

  /** One poll at the start of time slot `slot`, as the schedule places polls. */
  async poll(clusters: readonly MonitoredCluster[], slot: number): Promise<PollSummary> {
    this.#offset = slot * this.settings.pollIntervalMs - Date.now();
    const started = Date.now();
    const summary = await pollClusters(clusters, this.settings, {
      source: this.source(() => this.now()),
      store: this.store,
      notifier: this.notifier,
      now: () => new Date(this.now()),
      deadline: this.now() + this.timeLeftMs,
      startOrder: this.order,
    });
    this.wallMs.push(Date.now() - started);
    this.summaries.push(summary);
    return summary;
  }

  /** What the measured polls (all but the first) did for the healthy clusters. */
  figures(healthy: ReadonlySet<string>): OrderFigures {
    const measured = this.summaries.slice(1);
    const healthyWith = (summary: PollSummary, outcome: string) =>
      summary.results
        .filter((r) => healthy.has(r.clusterId) && r.outcome === outcome)
        .map((r) => r.clusterId);
    return {
      served: measured.map((s) => healthyWith(s, 'ok')),
      leftOut: measured.map((s) => healthyWith(s, 'skipped').length),
      failed: measured.map((s) => healthyWith(s, 'failed').length),
      healthyAnnouncedUnreachable: [...healthy].filter((id) => this.notifier.unreachable.has(id)).length,
      wallMs: this.wallMs.slice(1),
    };
  }
}

/** Runs every layout, both orders poll by poll, and returns what each served. */
export async function measureHangingClusters(
  options: HangingClustersOptions = DEFAULT_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<HangingClustersResults> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const scaled = (ms: number) => Math.max(1, Math.round(ms / options.scale));
  const settings: PollSettings = {
    ...DEFAULT_POLL_SETTINGS,
    concurrency: options.concurrency,
    reserveMs: scaled(DEFAULT_POLL_SETTINGS.reserveMs),
    pollIntervalMs: scaled(DEFAULT_POLL_SETTINGS.pollIntervalMs),
    detailRequestsPerCluster: 0,
  };
  const timeLeftMs = scaled(PRODUCTION.timeLeftMs);
  const clusters: MonitoredCluster[] = range(0, options.clusters).map((i) => ({
    clusterId: `lkc-${String(i).padStart(3, '0')}`,
    label: `cluster-${i}`,
  }));
  // The measured polls start at an even slot: the first of a pair (`start-order.ts`).
  const firstSlot = 2 * Math.floor(Date.parse('2026-12-01T00:00:00Z') / settings.pollIntervalMs / 2);
  const layouts = [];
  for (const layout of LAYOUTS) {
    const hanging = new Set(layout.hanging(options).map((i) => clusters[i]?.clusterId ?? ''));
    const healthy = new Set(clusters.map((c) => c.clusterId).filter((id) => !hanging.has(id)));
    const simulator = await startConfluentSimulator({
      auth: CREDENTIALS,
      clusters: clusters.map((c) => ({ clusterId: c.clusterId, links: 1 })),
      latencyMs: scaled(PRODUCTION.latencyMs),
    });
    try {
      for (const clusterId of hanging) simulator.failCluster(clusterId, { kind: 'hang' });
      const source = (now: () => number) =>
        new ConfluentLinksClient({
          clusters: clusters.map((c) => ({
            clusterId: c.clusterId,
            restEndpoint: simulator.baseUrl,
            credentials: CREDENTIALS,
          })),
          options: {
            requestTimeoutMs: scaled(PRODUCTION.requestTimeoutMs),
            baseDelayMs: scaled(PRODUCTION.baseDelayMs),
            maxDelayMs: scaled(PRODUCTION.maxDelayMs),
            minDelayMs: scaled(PRODUCTION.minDelayMs),
          },
          now,
        });
      const pollers = [configOrder, shuffledPerSlot].map(
        (order) => new Poller(order, settings, source, timeLeftMs),
      );
      // Poll by poll, the baseline and ours see the same machine and simulator. The first poll
      // lays the baseline and warms the connections; it is not counted.
      for (let poll = 0; poll <= options.polls; poll++) {
        const served = [];
        for (const poller of pollers) {
          const summary = await poller.poll(clusters, firstSlot - 1 + poll);
          served.push(summary.results.filter((r) => healthy.has(r.clusterId) && r.outcome === 'ok').length);
        }
        log(
          `${layout.name}, ${poll === 0 ? 'baseline poll' : `poll ${poll}`}: healthy served ${served.join(' (config order) / ')} (ours)`,
        );
      }
      for (const poller of pollers) poller.store.close();
      const [baseline, ours] = pollers.map((p) => p.figures(healthy));
      if (baseline === undefined || ours === undefined) throw new Error('both orders run');
      layouts.push({ name: layout.name, healthy: [...healthy], baseline, ours });
    } finally {
      await simulator.close();
    }
  }
  return {
    recordedAt: new Date().toISOString(),
    machine: { cores: os.cpus().length, load: [loadAtStart, os.loadavg()[0] ?? 0] },
    clusters: options.clusters,
    hanging: options.hanging,
    concurrency: options.concurrency,
    polls: options.polls,
    scale: options.scale,
    timeLeftMs,
    reserveMs: settings.reserveMs,
    unreachableAfterPolls: settings.unreachableAfterPolls,
    layouts,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bench', 'RESULTS.md');
  const results = await measureHangingClusters(DEFAULT_OPTIONS, (line) => console.log(line));
  // Read just before writing: the rest of the file is another script's.
  writeFileSync(file, withSection(readFileSync(file, 'utf8'), renderHangingClusters(results)));
  console.log('wrote the hanging-clusters section of bench/RESULTS.md');
}
