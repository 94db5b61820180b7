/**
 * `npx tsx bench/readiness-reads.ts`: what failover readiness costs in detail requests and store
 * writes. The real poll (`pollClusters`, the Confluent client over HTTP to the simulator, the
 * SQLite store) polls one cluster of 1,000 links with 50 mirror topics each on a clock a minute
 * apart, the simulator's offsets moving on the same clock; readiness off, on with the config's
 * defaults and on with failover dry runs run side by side in the same run, each on a fresh
 * cluster, with the client's default body cap and with a larger one. Requests are counted by kind
 * in a recording wrapper of the detail and readiness sources, writes as the store's commits (and
 * the WCU their items would cost in DynamoDB). Polls, requests and writes are counted, not timed.
 * Writes its section of `bench/RESULTS.md`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  /** The Confluent client's body cap; null: its default. */
  readonly maxBodyBytes: number | null;
}

/** A cap that holds the cluster-wide mirrors listing of the large cluster. */
export const LARGER_BODY_BYTES = 64 * 1024 * 1024;

/** Each setting as the config file gives it. */
export const MODES: readonly ReadinessMode[] = [
  { name: 'off (baseline)', readiness: null, maxBodyBytes: null },
  { name: 'on, defaults', readiness: DEFAULTS, maxBodyBytes: null },
  {
    name: 'on, dryRunFailover: true',
    readiness: readinessConfig.parse({ dryRunFailover: true }),
    maxBodyBytes: null,
  },
  { name: 'on, defaults', readiness: DEFAULTS, maxBodyBytes: LARGER_BODY_BYTES },
  {
    name: 'on, dryRunFailover: true',
    readiness: readinessConfig.parse({ dryRunFailover: true }),
    maxBodyBytes: LARGER_BODY_BYTES,
  },
];

export interface ReadinessReadsOptions {
  readonly links: number;
  readonly topicsPerLink: number;
  readonly modes: readonly ReadinessMode[];
  /** Links given lagging topics in the lagging case; the first half of them get two. */
  readonly laggingLinks: number;
  /** Cycles measured once topics lag. */
  readonly laggingCycles: number;
  /** The smaller cluster the config turn is measured on, all the way round and once more. */
  readonly coverageLinks: number;
}

export const DEFAULT_OPTIONS: ReadinessReadsOptions = {
  links: 1000,
  topicsPerLink: 50,
  modes: MODES,
  laggingLinks: 10,
  laggingCycles: 2,
  coverageLinks: 40,
};

class CountingNotifier implements Notifier {
  events = 0;

  async publish(notification: Notification): Promise<void> {
    this.events += notification.events.length;
  }
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
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
  private readonly clientOptions: ClientOptions;

  private constructor(
    readonly sim: ConfluentSimulator,
    private readonly clock: { ms: number },
    readiness: ReadinessSettings | null,
    maxBodyBytes: number | null,
  ) {
    this.store = openSqliteLinkStateStore({ path: ':memory:', now: () => this.clock.ms });
    this.settings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, readiness };
    this.clientOptions = { maxAttempts: 1, ...(maxBodyBytes !== null && { maxBodyBytes }) };
  }

  static async start(links: number, topicsPerLink: number, mode: ReadinessMode): Promise<World> {
    const clock = { ms: START_MS };
    const sim = await startConfluentSimulator({
      auth: CREDENTIALS,
      clusters: [{ clusterId: CLUSTER.clusterId, links, topicsPerLink }],
      pageSize: 100,
      now: () => clock.ms,
    });
    return new World(sim, clock, mode.readiness, mode.maxBodyBytes);
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
    const configured = [
      { clusterId: CLUSTER.clusterId, restEndpoint: this.sim.baseUrl, credentials: CREDENTIALS },
    ];
    const now = this.clock.ms;
    const source = new ConfluentLinksClient({
      clusters: configured,
      options: this.clientOptions,
      now: () => this.clock.ms,
    });
    const real = detailSourceForClusters(source, configured);
    const requests = zeros(REQUEST_KINDS);
    const failed = zeros(REQUEST_KINDS);
    const configsRead = new Set<string>();
    const dryRun = new Set<string>();
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
      readLinkTasks: (r) => counted('tasks', () => real.readLinkTasks(r)),
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
    const writes = zeros(WRITE_CAUSES);
    for (const linkName of written.links) writes[this.causeOf(linkName, configsRead, dryRun)]++;
    this.clock.ms += MINUTE;
    return {
      due: isReadinessDue(this.settings.readiness, new Date(now), MINUTE),
      requests,
      failed,
      simulatorRequests: this.sim.detailRequestCountFor(CLUSTER.clusterId),
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
  mode: ReadinessMode,
  options: ReadinessReadsOptions,
  log: (line: string) => void,
): Promise<ModeFigures> {
  return withWorld(options.links, options.topicsPerLink, mode, async (world) => {
    await world.polls(2);
    const firstCycle = await world.polls(CYCLE);
    // A turn comes back to the same links every `links` turns (a multiple of any turn's period):
    // on the clock of the cycle `links` cycles after the first, the due poll reads links read then.
    world.skip((options.links - 1) * CYCLE);
    const steadyCycle = await world.polls(CYCLE);
    const lagging = laggingTopics(world.links(), options.laggingLinks);
    world.lag(lagging);
    const laggingPolls = await world.polls(CYCLE * options.laggingCycles);
    const name = `${mode.name}${mode.maxBodyBytes === null ? '' : `, cap ${mode.maxBodyBytes}`}`;
    for (const [label, polls] of [
      ['first cycle', firstCycle],
      ['once round', steadyCycle],
      ['lagging', laggingPolls],
    ] as const)
      log(`${name}: ${label}: ${summary(polls)}`);
    return {
      name: mode.name,
      on: mode.readiness !== null,
      maxBodyBytes: mode.maxBodyBytes ?? resolveClientOptions({}).maxBodyBytes,
      bodyCapIsDefault: mode.maxBodyBytes === null,
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
  const mode: ReadinessMode = { name: 'on, defaults', readiness: DEFAULTS, maxBodyBytes: null };
  return withWorld(options.coverageLinks, options.topicsPerLink, mode, async (world) => {
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
  const sim = await startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: [{ clusterId: CLUSTER.clusterId, links, topicsPerLink }],
  });
  try {
    const response = await fetch(`${sim.linksUrl(CLUSTER.clusterId)}/-/mirrors`, {
      headers: { authorization: authorizationHeader(CREDENTIALS) },
    });
    return (await response.arrayBuffer()).byteLength;
  } finally {
    await sim.close();
  }
}

function summary(polls: readonly PollFigures[]): string {
  const requests = polls.map((p) => REQUEST_KINDS.reduce((n, k) => n + p.requests[k], 0));
  const failed = polls.reduce((n, p) => n + REQUEST_KINDS.reduce((m, k) => m + p.failed[k], 0), 0);
  const writes = polls.map((p) => WRITE_CAUSES.reduce((n, c) => n + p.writes[c], p.clusterCommits));
  return `requests ${requests.join('/')}, failed ${failed}, writes ${writes.join('/')}`;
}

/** Every setting on the large cluster, then the config turn on the small one. */
export async function measureReadinessReads(
  options: ReadinessReadsOptions = DEFAULT_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<ReadinessReadsResults> {
  const bytes = await clusterMirrorsBytes(options.links, options.topicsPerLink);
  log(`cluster mirrors listing of ${options.links} x ${options.topicsPerLink}: ${bytes} bytes`);
  const modes: ModeFigures[] = [];
  for (const mode of options.modes) modes.push(await measureMode(mode, options, log));
  const coverage = await measureCoverage(options);
  log(`${coverage.links} links: every link's configs read in ${coverage.pollsToCover ?? 'more than'} polls`);
  return {
    recordedAt: new Date().toISOString(),
    budget: DEFAULT_POLL_SETTINGS.detailRequestsPerCluster,
    pollIntervalMs: MINUTE,
    readiness: DEFAULTS,
    links: options.links,
    topicsPerLink: options.topicsPerLink,
    partitions: SIMULATED_PARTITIONS,
    clusterMirrorsBytes: bytes,
    modes,
    coverage,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bench', 'RESULTS.md');
  const results = await measureReadinessReads(DEFAULT_OPTIONS, (line) => console.log(line));
  // Read just before writing: the rest of the file is another script's.
  writeFileSync(file, withSection(readFileSync(file, 'utf8'), renderReadinessReads(results)));
  console.log('wrote the failover readiness section of bench/RESULTS.md');
}
