/**
 * `npx tsx bench/readiness-reads.ts`: what failover readiness costs in detail requests, store
 * writes and memory. The real poll (`pollClusters`, the Confluent client over HTTP to the
 * simulator, the SQLite store) polls one cluster on a clock a minute apart, the simulator's offsets
 * moving on the same clock; readiness off, on with the config's defaults and on with failover dry
 * runs run side by side in the same run, each on a fresh cluster. Two estates: 1,000 links with 50
 * mirror topics each, whose cluster-wide mirrors listing is over the client's body cap and refused,
 * and 200 links with 50, whose listing fits. Requests are counted by kind in a recording wrapper of
 * the detail and readiness sources, writes as the store's commits (and the WCU their items would
 * cost in DynamoDB). Memory is sampled in a poller process of its own, under the heap limits Lambda
 * derives from the poller's memory, with the simulator left in this one: the smaller estate as
 * shipped, and the larger one with the client's cap raised here only, to show what reading its
 * listing whole would cost. Polls, requests and writes are counted, memory sampled; nothing is
 * timed. Writes its section of `bench/RESULTS.md`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GCProfiler } from 'node:v8';
import { readinessConfig } from '../adapters/config/readiness-config.js';
import { type ClientOptions, resolveClientOptions } from '../adapters/confluent/client-options.js';
import { detailSourceForClusters } from '../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../adapters/confluent/confluent-links-client.js';
import { authorizationHeader, type ConfluentCredentials } from '../adapters/confluent/credentials.js';
import {
  encodeClusterRecord,
  encodeHistoryEvent,
  encodeLinkSnapshot,
} from '../adapters/dynamodb/dynamodb-item-codec.js';
import type { HistoryEvent } from '../core/model/change-events.js';
import type { LinkDetailSource, LinkReadinessSource } from '../core/observe/link-details.js';
import { isReadinessDue } from '../core/observe/readiness-reads.js';
import { type MonitoredCluster, pollClusters } from '../core/poll/poll-clusters.js';
import {
  DEFAULT_POLL_SETTINGS,
  type PollSettings,
  type ReadinessSettings,
} from '../core/poll/poll-settings.js';
import type { ClusterCommit, LinkCommit, LinkStateStore, Notification, Notifier } from '../core/ports.js';
import { type ConfluentSimulator, startConfluentSimulator } from '../tools/simulator/confluent-simulator.js';
import { SIMULATED_PARTITIONS } from '../tools/simulator/mirror-offsets.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../tools/sqlite-store/sqlite-link-state-store.js';
import { dynamoDbItemBytes } from './dynamodb-item-size.js';
import {
  type CoverageFigures,
  type EstateFigures,
  type MemoryCaseFigures,
  type MemoryModeFigures,
  type MemoryPoll,
  type MemoryResults,
  type ModeFigures,
  type PollFigures,
  REQUEST_KINDS,
  type ReadinessReadsResults,
  type RequestKind,
  renderReadinessReads,
  WRITE_CAUSES,
  type WriteCause,
  withSection,
} from './readiness-reads-report.js';

const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'BENCHREADINESSKEY',
  apiSecret: 'bench-readiness',
};
const CLUSTER: MonitoredCluster = { clusterId: 'lkc-ready', label: 'ready' };
const MINUTE = 60_000;
/**
 * 3 minutes past a multiple of `everyPolls` minutes: neither the baseline nor the warm-up poll is
 * due, and each measured cycle starts with its due poll.
 */
const START_MS = Date.parse('2026-12-01T00:03:00Z');
/** Messages behind on partition 0 of a lagging topic; its link fetches at the rate produced, so it holds. */
const LAG = 5_000;
const DEFAULTS = readinessConfig.parse({});
/** Polls in one cycle of the readiness cadence. */
const CYCLE = DEFAULTS.everyPolls;

export interface ReadinessMode {
  readonly name: string;
  readonly readiness: ReadinessSettings | null;
}

/** Each setting as the config file gives it. */
export const MODES: readonly ReadinessMode[] = [
  { name: 'off (baseline)', readiness: null },
  { name: 'on, defaults', readiness: DEFAULTS },
  { name: 'on, dryRunFailover: true', readiness: readinessConfig.parse({ dryRunFailover: true }) },
];

/** One cluster of `links` links with `topicsPerLink` mirror topics each. */
export interface Estate {
  readonly links: number;
  readonly topicsPerLink: number;
}

/** An estate whose poller's memory is sampled, under the client's body cap or a larger one. */
export interface MemoryCase extends Estate {
  /** The client's `maxBodyBytes` in the poller process; undefined: its default, as shipped. */
  readonly maxBodyBytes?: number;
}

export interface ReadinessReadsOptions {
  /** The estates requests and writes are counted on. */
  readonly estates: readonly Estate[];
  readonly modes: readonly ReadinessMode[];
  /** Links given lagging topics in the lagging case; the first half of them get two. */
  readonly laggingLinks: number;
  /** Cycles measured once topics lag. */
  readonly laggingCycles: number;
  /** The smaller cluster the config turn is measured on, all the way round and once more. */
  readonly coverage: Estate;
  /** The settings whose poller's memory is sampled, each in a process of its own, in each case. */
  readonly memoryModes: readonly ReadinessMode[];
  readonly memoryCases: readonly MemoryCase[];
  /** Cycles sampled after the baseline and warm-up polls. */
  readonly memoryCycles: number;
}

/** The listing of 1,000 x 50 (31 MB) read whole: the client's cap raised, in this bench only. */
const RAISED_BODY_BYTES = 64 * 1024 * 1024;

export const DEFAULT_OPTIONS: ReadinessReadsOptions = {
  estates: [
    { links: 1000, topicsPerLink: 50 },
    { links: 200, topicsPerLink: 50 },
  ],
  modes: MODES,
  laggingLinks: 10,
  laggingCycles: 2,
  coverage: { links: 40, topicsPerLink: 50 },
  memoryModes: MODES.slice(0, 2),
  memoryCases: [
    { links: 200, topicsPerLink: 50 },
    { links: 1000, topicsPerLink: 50, maxBodyBytes: RAISED_BODY_BYTES },
  ],
  memoryCycles: 3,
};

/** One attempt a read, as the poller's detail reads make; the body cap the client's default. */
const CLIENT_OPTIONS: ClientOptions = { maxAttempts: 1 };
/** How often the poller process samples its resident and external memory while a poll runs. */
const MEMORY_SAMPLE_MS = 5;
/** The client's default body cap (`maxBodyBytes`), which the cluster-wide mirrors listing is read under. */
const PAGE_CAP_BYTES = resolveClientOptions({}).maxBodyBytes;
/** The argument that makes this file the poller process of the memory measurement. */
const POLLER_PROCESS = '--readiness-poller-process';

class CountingNotifier implements Notifier {
  events = 0;

  async publish(notification: Notification): Promise<void> {
    this.events += notification.events.length;
  }
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/**
 * The poller's Confluent sources for the cluster at `baseUrl`, as the handler builds them;
 * `maxBodyBytes` raises the client's body cap (the memory measurement's listing read whole only).
 */
function confluentSources(
  baseUrl: string,
  now: () => number,
  maxBodyBytes?: number,
): { source: ConfluentLinksClient; real: LinkDetailSource & LinkReadinessSource } {
  const configured = [{ clusterId: CLUSTER.clusterId, restEndpoint: baseUrl, credentials: CREDENTIALS }];
  const options = maxBodyBytes === undefined ? CLIENT_OPTIONS : { ...CLIENT_OPTIONS, maxBodyBytes };
  const source = new ConfluentLinksClient({ clusters: configured, options, now });
  return { source, real: detailSourceForClusters(source, configured) };
}

/**
 * The parts and readiness read tasks through the same detail source: a task read is readiness's
 * when `readReadiness` (`core/observe/readiness-reads.ts`) made the call, which puts its file on the
 * call's stack. Each poll checks the result: readiness reads tasks only of links whose configs it
 * reads.
 */
const READINESS_READS_FILE = /[\\/]core[\\/]observe[\\/]readiness-reads\.[cm]?[jt]s:/;

function madeByReadiness(): boolean {
  return READINESS_READS_FILE.test(new Error().stack ?? '');
}

/** What one poll's commits wrote. */
interface Written {
  readonly links: string[];
  clusterCommits: number;
  wcu: number;
  largestItemBytes: number;
}

/** One cluster on its own simulator and store, polled a minute apart with one readiness setting. */
class World {
  readonly notifier = new CountingNotifier();
  /** Links whose configs any poll read, for the turn's coverage. */
  readonly configsRead = new Set<string>();
  /** Links given a lagging topic. */
  readonly lagging = new Set<string>();
  /** Why the first failed request of each kind failed. */
  readonly failures = new Map<RequestKind, string>();
  private readonly store: SqliteLinkStateStore;
  private readonly settings: PollSettings;

  private constructor(
    readonly sim: ConfluentSimulator,
    private readonly clock: { ms: number },
    readiness: ReadinessSettings | null,
  ) {
    this.store = openSqliteLinkStateStore({ path: ':memory:', now: () => this.clock.ms });
    this.settings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, readiness };
  }

  static async start(links: number, topicsPerLink: number, mode: ReadinessMode): Promise<World> {
    const clock = { ms: START_MS };
    const sim = await startSimulator(links, topicsPerLink, () => clock.ms);
    return new World(sim, clock, mode.readiness);
  }

  links(): string[] {
    return this.sim.links(CLUSTER.clusterId).map((l) => l.linkName);
  }

  /** Moves the clock on by `polls` poll intervals without polling. */
  skip(polls: number): void {
    this.clock.ms += polls * MINUTE;
  }

  /** Gives each link's named topics a lag that holds while their offsets move. */
  lag(topics: ReadonlyMap<string, readonly string[]>): void {
    for (const [linkName, names] of topics) {
      this.sim.updateLink(CLUSTER.clusterId, linkName, {
        mirrorTopics: Object.fromEntries(names.map((t) => [t, { lag: LAG }])),
      });
      this.lagging.add(linkName);
    }
  }

  async poll(): Promise<PollFigures> {
    const now = this.clock.ms;
    const { source, real } = confluentSources(this.sim.baseUrl, () => this.clock.ms);
    const requests = zeros(REQUEST_KINDS);
    const failed = zeros(REQUEST_KINDS);
    const configsRead = new Set<string>();
    const dryRun = new Set<string>();
    const tasksRead = new Map<string, number>();
    const readinessTasks = new Set<string>();
    const counted = async <T>(kind: RequestKind, read: () => Promise<T>): Promise<T> => {
      requests[kind]++;
      try {
        return await read();
      } catch (error) {
        failed[kind]++;
        if (!this.failures.has(kind)) this.failures.set(kind, problemOf(error));
        throw error;
      }
    };
    const details: LinkDetailSource = {
      readLinkTasks: (r) => {
        const byReadiness = madeByReadiness();
        tasksRead.set(r.linkName, (tasksRead.get(r.linkName) ?? 0) + 1);
        if (byReadiness) readinessTasks.add(r.linkName);
        return counted(byReadiness ? 'readinessTasks' : 'tasks', () => real.readLinkTasks(r));
      },
      readLinkMirrorTopics: (r) => counted('mirrorTopics', () => real.readLinkMirrorTopics(r)),
      readMirrorTopic: (r) => counted('describes', () => real.readMirrorTopic(r)),
      readClusterMirrorLags: (r) => counted('clusterMirrors', () => real.readClusterMirrorLags(r)),
    };
    const readiness: LinkReadinessSource = {
      readLinkConfigs: (r) => {
        configsRead.add(r.linkName);
        this.configsRead.add(r.linkName);
        return counted('configs', () => real.readLinkConfigs(r));
      },
      validateFailover: (r) => {
        dryRun.add(r.linkName);
        return counted('dryRuns', () => real.validateFailover(r));
      },
    };
    const written: Written = { links: [], clusterCommits: 0, wcu: 0, largestItemBytes: 0 };
    const eventsBefore = this.notifier.events;
    this.sim.resetRequestCounts();
    await pollClusters([CLUSTER], this.settings, {
      source,
      details,
      readiness,
      store: countingWrites(this.store, written),
      notifier: this.notifier,
      now: () => new Date(this.clock.ms),
      deadline: now + MINUTE,
    });
    const stray = [...readinessTasks].filter((linkName) => !configsRead.has(linkName));
    if (stray.length > 0)
      throw new Error(
        `tasks counted as readiness's of links whose configs were not read: ${stray.join(', ')}`,
      );
    const writes = zeros(WRITE_CAUSES);
    for (const linkName of written.links) writes[this.causeOf(linkName, configsRead, dryRun)]++;
    this.clock.ms += MINUTE;
    return {
      due: isReadinessDue(this.settings.readiness, new Date(now), MINUTE),
      requests,
      failed,
      simulatorRequests: this.sim.detailRequestCountFor(CLUSTER.clusterId),
      configsWithTasks: [...configsRead].filter((linkName) => tasksRead.has(linkName)).length,
      tasksReadTwice: [...tasksRead.values()].filter((n) => n > 1).length,
      writes,
      clusterCommits: written.clusterCommits,
      wcu: written.wcu,
      largestItemBytes: written.largestItemBytes,
      events: this.notifier.events - eventsBefore,
    };
  }

  /** Why a link was written, by what this poll did to it (the first that applies). */
  private causeOf(linkName: string, configsRead: Set<string>, dryRun: Set<string>): WriteCause {
    if (this.lagging.has(linkName)) return 'laggingTopic';
    if (configsRead.has(linkName)) return 'configsRead';
    if (dryRun.has(linkName)) return 'dryRun';
    return 'other';
  }

  async polls(n: number): Promise<PollFigures[]> {
    const out: PollFigures[] = [];
    for (let i = 0; i < n; i++) out.push(await this.poll());
    return out;
  }

  async close(): Promise<void> {
    this.store.close();
    await this.sim.close();
  }
}

function startSimulator(
  links: number,
  topicsPerLink: number,
  now: () => number,
): Promise<ConfluentSimulator> {
  return startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: [{ clusterId: CLUSTER.clusterId, links, topicsPerLink }],
    pageSize: 100,
    now,
  });
}

/** `error`'s message without the simulator's address, which changes from run to run. */
function problemOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    /body exceeds \d+ bytes \(maxBodyBytes\)/.exec(message)?.[0] ?? message.replace(/https?:\/\/[^\s]+/g, '')
  );
}

/** DynamoDB's write units for an item: 1 per KB, rounded up. */
function itemWcu(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

/**
 * The WCU a commit would cost in the DynamoDB store: a conditional PutItem of the item, or, with
 * events, a transaction (twice the units) of the item and each event; index writes left out.
 */
function commitWcu(itemBytes: number, events: readonly HistoryEvent[]): number {
  if (events.length === 0) return itemWcu(itemBytes);
  return (
    2 *
    (itemWcu(itemBytes) + events.reduce((n, e) => n + itemWcu(dynamoDbItemBytes(encodeHistoryEvent(e))), 0))
  );
}

function countingWrites(store: LinkStateStore, written: Written): LinkStateStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'commitLink') {
          const commit = args[0] as LinkCommit;
          const bytes = commit.next === null ? 0 : dynamoDbItemBytes(encodeLinkSnapshot(commit.next));
          written.links.push(commit.linkName);
          written.wcu += commitWcu(bytes, commit.events);
          written.largestItemBytes = Math.max(written.largestItemBytes, bytes);
        }
        if (property === 'commitCluster') {
          const commit = args[0] as ClusterCommit;
          written.clusterCommits++;
          written.wcu += commitWcu(dynamoDbItemBytes(encodeClusterRecord(commit.next)), commit.events);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function withWorld<T>(
  links: number,
  topicsPerLink: number,
  mode: ReadinessMode,
  run: (world: World) => Promise<T>,
): Promise<T> {
  const world = await World.start(links, topicsPerLink, mode);
  try {
    return await run(world);
  } finally {
    await world.close();
  }
}

/** `count` links spread over the cluster, each with one lagging topic, the first half with two. */
function laggingTopics(links: readonly string[], count: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const step = Math.max(1, Math.floor(links.length / Math.max(1, count)));
  for (let i = 0; i < count && i * step < links.length; i++) {
    const linkName = links[i * step] as string;
    out.set(
      linkName,
      i < Math.ceil(count / 2) ? [`${linkName}.topic-0`, `${linkName}.topic-1`] : [`${linkName}.topic-0`],
    );
  }
  return out;
}

/**
 * One setting on the large cluster: baseline and warm-up, the first cycle (the config turn reads
 * links for the first time), a cycle once the turn has been round, then a few topics lagging.
 */
async function measureMode(
  estate: Estate,
  mode: ReadinessMode,
  options: ReadinessReadsOptions,
  log: (line: string) => void,
): Promise<ModeFigures> {
  return withWorld(estate.links, estate.topicsPerLink, mode, async (world) => {
    await world.polls(2);
    const firstCycle = await world.polls(CYCLE);
    // A turn comes back to the same links every `links` turns (a multiple of any turn's period):
    // on the clock of the cycle `links` cycles after the first, the due poll reads links read then.
    world.skip((estate.links - 1) * CYCLE);
    const steadyCycle = await world.polls(CYCLE);
    const lagging = laggingTopics(world.links(), options.laggingLinks);
    world.lag(lagging);
    const laggingPolls = await world.polls(CYCLE * options.laggingCycles);
    for (const [label, polls] of [
      ['first cycle', firstCycle],
      ['once round', steadyCycle],
      ['lagging', laggingPolls],
    ] as const)
      log(`${estate.links} x ${estate.topicsPerLink}, ${mode.name}: ${label}: ${summary(polls)}`);
    return {
      name: mode.name,
      readiness: mode.readiness,
      firstCycle,
      steadyCycle,
      lagging: {
        links: lagging.size,
        topics: [...lagging.values()].reduce((n, t) => n + t.length, 0),
        messagesBehind: LAG,
        polls: laggingPolls,
      },
      failures: Object.fromEntries(world.failures),
    };
  });
}

/** The config turn on a smaller cluster: polls until every link's configs were read, and the writes. */
async function measureCoverage(options: ReadinessReadsOptions): Promise<CoverageFigures> {
  const mode: ReadinessMode = { name: 'on, defaults', readiness: DEFAULTS };
  return withWorld(options.coverage.links, options.coverage.topicsPerLink, mode, async (world) => {
    await world.polls(2);
    const links = world.links().length;
    // Enough for the turn from any poll; as many again for the second time round.
    const round = Math.ceil(links / DEFAULTS.configReadsPerPoll) * DEFAULTS.everyPolls;
    let pollsToCover: number | null = null;
    const firstRound: PollFigures[] = [];
    for (let n = 1; n <= round; n++) {
      firstRound.push(await world.poll());
      if (pollsToCover === null && world.configsRead.size === links) pollsToCover = n;
    }
    const secondRound = await world.polls(round);
    return { links, pollsToCover, firstRound, secondRound };
  });
}

/** Bytes of the cluster-wide mirrors listing of `links` x `topicsPerLink`, as the simulator sends it. */
async function clusterMirrorsBytes(links: number, topicsPerLink: number): Promise<number> {
  const sim = await startSimulator(links, topicsPerLink, () => START_MS);
  try {
    const response = await fetch(`${sim.linksUrl(CLUSTER.clusterId)}/-/mirrors`, {
      headers: { authorization: authorizationHeader(CREDENTIALS) },
    });
    return (await response.arrayBuffer()).byteLength;
  } finally {
    await sim.close();
  }
}

// The memory measurement: this file run again as the poller process (`POLLER_PROCESS`), asked
// over IPC to poll the simulator of this one at a given time, sampling its own memory meanwhile.

type PollerRequest =
  | {
      readonly type: 'start';
      readonly baseUrl: string;
      readonly readiness: ReadinessSettings | null;
      readonly maxBodyBytes?: number;
    }
  | { readonly type: 'poll'; readonly nowMs: number }
  | { readonly type: 'stop' };

type PollerReply =
  | { readonly type: 'started'; readonly rssBytes: number }
  | { readonly type: 'polled'; readonly poll: MemoryPoll }
  | { readonly type: 'failed'; readonly message: string };

/** The poller process's side: one store and setting, a poll per request. */
class SampledPoller {
  private readonly clock = { ms: START_MS };
  private readonly store: SqliteLinkStateStore;
  private readonly settings: PollSettings;
  private readonly notifier = new CountingNotifier();

  constructor(
    private readonly baseUrl: string,
    readiness: ReadinessSettings | null,
    private readonly maxBodyBytes: number | undefined,
    private readonly collectGarbage: () => void,
  ) {
    this.store = openSqliteLinkStateStore({ path: ':memory:', now: () => this.clock.ms });
    this.settings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, readiness };
  }

  /**
   * One poll at `nowMs`, after a full garbage collection. Its peak heap is the most heap used
   * before any collection in the poll (`GCProfiler`) or at its end: heap use falls only at a
   * collection. Resident and external memory are sampled every `MEMORY_SAMPLE_MS` while it runs
   * and at its end, beside the process's resident high-water mark.
   */
  async poll(nowMs: number): Promise<MemoryPoll> {
    this.clock.ms = nowMs;
    let listingReads = 0;
    let listingFailures = 0;
    this.collectGarbage();
    const heapBeforeBytes = process.memoryUsage().heapUsed;
    let peakHeapBytes = heapBeforeBytes;
    let peakRssBytes = 0;
    let peakExternalBytes = 0;
    const sample = () => {
      const usage = process.memoryUsage();
      peakHeapBytes = Math.max(peakHeapBytes, usage.heapUsed);
      peakRssBytes = Math.max(peakRssBytes, usage.rss);
      peakExternalBytes = Math.max(peakExternalBytes, usage.external);
    };
    sample();
    const collections = new GCProfiler();
    collections.start();
    const sampler = setInterval(sample, MEMORY_SAMPLE_MS);
    try {
      const { source, real } = confluentSources(this.baseUrl, () => this.clock.ms, this.maxBodyBytes);
      const details: LinkDetailSource = {
        readLinkTasks: (r) => real.readLinkTasks(r),
        readLinkMirrorTopics: (r) => real.readLinkMirrorTopics(r),
        readMirrorTopic: (r) => real.readMirrorTopic(r),
        readClusterMirrorLags: async (r) => {
          listingReads++;
          try {
            return await real.readClusterMirrorLags(r);
          } catch (error) {
            listingFailures++;
            throw error;
          }
        },
      };
      await pollClusters([CLUSTER], this.settings, {
        source,
        details,
        readiness: real,
        store: this.store,
        notifier: this.notifier,
        now: () => new Date(this.clock.ms),
        deadline: nowMs + MINUTE,
      });
      sample();
    } finally {
      clearInterval(sampler);
      for (const gc of collections.stop()?.statistics ?? [])
        peakHeapBytes = Math.max(peakHeapBytes, gc.beforeGC.heapStatistics.usedHeapSize);
    }
    return {
      due: isReadinessDue(this.settings.readiness, new Date(nowMs), MINUTE),
      heapBeforeBytes,
      peakHeapBytes,
      peakRssBytes,
      peakExternalBytes,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      listingReads,
      listingFailures,
    };
  }

  close(): void {
    this.store.close();
  }
}

/** Runs this file as the poller process: answers the measuring process's requests until `stop`. */
function servePolls(): void {
  const collectGarbage = (globalThis as { gc?: () => void }).gc;
  if (collectGarbage === undefined) throw new Error('the poller process needs --expose-gc');
  let poller: SampledPoller | null = null;
  const reply = (message: PollerReply) => process.send?.(message);
  const handle = async (request: PollerRequest): Promise<void> => {
    if (request.type === 'start') {
      poller = new SampledPoller(request.baseUrl, request.readiness, request.maxBodyBytes, collectGarbage);
      reply({ type: 'started', rssBytes: process.memoryUsage().rss });
    } else if (request.type === 'poll') {
      if (poller === null) throw new Error('poll before start');
      reply({ type: 'polled', poll: await poller.poll(request.nowMs) });
    } else {
      poller?.close();
      process.disconnect();
    }
  };
  process.on('message', (request: PollerRequest) => {
    handle(request).catch((error: unknown) =>
      reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** The measuring process's side of one poller process. */
class PollerProcess {
  private constructor(private readonly child: ChildProcess) {}

  static start(nodeFlags: readonly string[]): PollerProcess {
    const child = fork(fileURLToPath(import.meta.url), [POLLER_PROCESS], {
      execArgv: [...process.execArgv, ...nodeFlags, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new PollerProcess(child);
  }

  ask<T extends PollerReply['type']>(
    request: PollerRequest,
    type: T,
  ): Promise<Extract<PollerReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: PollerReply) => {
        cleanup();
        if (reply.type === type) resolve(reply as Extract<PollerReply, { type: T }>);
        else reject(new Error(reply.type === 'failed' ? reply.message : `unexpected reply ${reply.type}`));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(
          new Error(`the poller process ended (${signal ?? `exit code ${code}`}) during ${request.type}`),
        );
      };
      const cleanup = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send(request);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies PollerRequest);
    else this.child.kill();
    await exited;
  }
}

/**
 * One setting's poller in a process of its own, under `nodeFlags`, polling a fresh cluster served
 * by this process: a baseline and a warm-up poll, then `memoryCycles` cycles, each poll sampled.
 */
async function measureMemoryMode(
  memoryCase: MemoryCase,
  mode: ReadinessMode,
  options: ReadinessReadsOptions,
  nodeFlags: readonly string[],
  log: (line: string) => void,
): Promise<MemoryModeFigures> {
  const clock = { ms: START_MS };
  const sim = await startSimulator(memoryCase.links, memoryCase.topicsPerLink, () => clock.ms);
  const poller = PollerProcess.start(nodeFlags);
  try {
    const started = await poller.ask(
      {
        type: 'start',
        baseUrl: sim.baseUrl,
        readiness: mode.readiness,
        ...(memoryCase.maxBodyBytes !== undefined && { maxBodyBytes: memoryCase.maxBodyBytes }),
      },
      'started',
    );
    const polls: MemoryPoll[] = [];
    for (let i = 0; i < 2 + CYCLE * options.memoryCycles; i++) {
      const { poll } = await poller.ask({ type: 'poll', nowMs: clock.ms }, 'polled');
      clock.ms += MINUTE;
      if (i >= 2) polls.push(poll);
    }
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    log(
      `${memoryCase.links} x ${memoryCase.topicsPerLink}, cap ${mib(memoryCase.maxBodyBytes ?? PAGE_CAP_BYTES)} MiB, ` +
        `${mode.name}: memory: peak heap MiB ${polls.map((p) => mib(p.peakHeapBytes)).join('/')}, ` +
        `peak RSS MiB ${polls.map((p) => mib(p.peakRssBytes)).join('/')}, ` +
        `maxRSS MiB ${polls.map((p) => mib(p.maxRssBytes)).join('/')}`,
    );
    return { name: mode.name, on: mode.readiness !== null, startRssBytes: started.rssBytes, polls };
  } finally {
    await poller.stop();
    await sim.close();
  }
}

/**
 * Each memory case and setting in turn, under the heap limits Lambda derives from the poller's
 * memory; `listingBytes` gives each case's listing size, measured with the estates'.
 */
async function measureMemory(
  options: ReadinessReadsOptions,
  listingBytes: (estate: Estate) => Promise<number>,
  log: (line: string) => void,
): Promise<MemoryResults> {
  // Imported here only: the stack's constructs and the other bench's helpers stay out of the
  // poller process, which loads this file.
  const { POLLER_MEMORY_MB } = await import('../infra/constructs/poller.js');
  const { lambdaNodeFlags } = await import('./poller-run.js');
  const nodeFlags = lambdaNodeFlags(POLLER_MEMORY_MB);
  const cases: MemoryCaseFigures[] = [];
  for (const memoryCase of options.memoryCases) {
    const modes: MemoryModeFigures[] = [];
    for (const mode of options.memoryModes)
      modes.push(await measureMemoryMode(memoryCase, mode, options, nodeFlags, log));
    cases.push({
      links: memoryCase.links,
      topicsPerLink: memoryCase.topicsPerLink,
      clusterMirrorsBytes: await listingBytes(memoryCase),
      maxBodyBytes: memoryCase.maxBodyBytes ?? PAGE_CAP_BYTES,
      shipped: memoryCase.maxBodyBytes === undefined,
      modes,
    });
  }
  return { functionMemoryMb: POLLER_MEMORY_MB, nodeFlags, sampleMs: MEMORY_SAMPLE_MS, cases };
}

function summary(polls: readonly PollFigures[]): string {
  const requests = polls.map((p) => REQUEST_KINDS.reduce((n, k) => n + p.requests[k], 0));
  const failed = polls.reduce((n, p) => n + REQUEST_KINDS.reduce((m, k) => m + p.failed[k], 0), 0);
  const writes = polls.map((p) => WRITE_CAUSES.reduce((n, c) => n + p.writes[c], p.clusterCommits));
  return `requests ${requests.join('/')}, failed ${failed}, writes ${writes.join('/')}`;
}

/** Every setting on each estate, then the config turn on the small cluster, then memory. */
export async function measureReadinessReads(
  options: ReadinessReadsOptions = DEFAULT_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<ReadinessReadsResults> {
  const sizes = new Map<string, number>();
  const listingBytes = async (estate: Estate): Promise<number> => {
    const key = `${estate.links}x${estate.topicsPerLink}`;
    let bytes = sizes.get(key);
    if (bytes === undefined) {
      bytes = await clusterMirrorsBytes(estate.links, estate.topicsPerLink);
      sizes.set(key, bytes);
      log(`cluster mirrors listing of ${estate.links} x ${estate.topicsPerLink}: ${bytes} bytes`);
    }
    return bytes;
  };
  const estates: EstateFigures[] = [];
  for (const estate of options.estates) {
    const bytes = await listingBytes(estate);
    const modes: ModeFigures[] = [];
    for (const mode of options.modes) modes.push(await measureMode(estate, mode, options, log));
    estates.push({ ...estate, clusterMirrorsBytes: bytes, modes });
  }
  const coverage = await measureCoverage(options);
  log(`${coverage.links} links: every link's configs read in ${coverage.pollsToCover ?? 'more than'} polls`);
  const memory = await measureMemory(options, listingBytes, log);
  return {
    recordedAt: new Date().toISOString(),
    budget: DEFAULT_POLL_SETTINGS.detailRequestsPerCluster,
    pollIntervalMs: MINUTE,
    readiness: DEFAULTS,
    partitions: SIMULATED_PARTITIONS,
    pageCapBytes: PAGE_CAP_BYTES,
    estates,
    coverage,
    memory,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === POLLER_PROCESS) servePolls();
  else {
    const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bench', 'RESULTS.md');
    const results = await measureReadinessReads(DEFAULT_OPTIONS, (line) => console.log(line));
    // Read just before writing: the rest of the file is another script's.
    writeFileSync(file, withSection(readFileSync(file, 'utf8'), renderReadinessReads(results)));
    console.log('wrote the failover readiness section of bench/RESULTS.md');
  }
}
