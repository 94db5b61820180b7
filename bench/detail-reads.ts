/**
 * `npx tsx bench/detail-reads.ts`: how many polls it takes to name what a link's listing hides, at
 * 40 and 1,000 links. The real poll (`pollClusters`, the Confluent client over HTTP to the
 * simulator, the SQLite store, the default settings) runs on a clock a minute apart per poll, one
 * cluster per case: a task error that begins just after its link's tasks were read (the worst
 * case) and its recovery; a mirror topic failing on one link; a mirror topic failing on every link
 * at once. Each figure stands beside the lower bound the detail budget sets in the same run.
 * Polls are counted, not timed. Writes its section of `bench/RESULTS.md`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detailSourceForClusters } from '../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../adapters/confluent/credentials.js';
import type { HistoryEvent } from '../core/model/change-events.js';
import type { LinkDetailSource } from '../core/observe/link-details.js';
import { type MonitoredCluster, pollClusters } from '../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../core/poll/poll-settings.js';
import type { LinkStateStore, Notification, Notifier } from '../core/ports.js';
import { type ConfluentSimulator, startConfluentSimulator } from '../tools/simulator/confluent-simulator.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../tools/sqlite-store/sqlite-link-state-store.js';
import {
  type CaseFigures,
  type DetailReadsResults,
  renderDetailReads,
  withSection,
} from './detail-reads-report.js';

const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'BENCHDETAILKEY',
  apiSecret: 'bench-detail',
};
const CLUSTER: MonitoredCluster = { clusterId: 'lkc-detail', label: 'detail' };
const MINUTE = 60_000;
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE };
const FAILED_TOPIC = {
  status: 'FAILED',
  error: 'SOURCE_TOPIC_MAY_BE_DELETED',
  message: 'Topic was not found on the source cluster.',
} as const;

export interface DetailReadsOptions {
  readonly sizes: readonly number[];
  /** A case still waiting after this many polls is reported as not named. */
  readonly maxPolls: number;
}

export const DEFAULT_OPTIONS: DetailReadsOptions = { sizes: [40, 1000], maxPolls: 400 };

class CollectingNotifier implements Notifier {
  readonly events: HistoryEvent[] = [];

  async publish(notification: Notification): Promise<void> {
    this.events.push(...notification.events);
  }
}

/** One cluster on its own simulator and store, polled a minute apart. */
class World {
  readonly notifier = new CollectingNotifier();
  /** Per poll: links whose tasks were read, detail requests, store commits. */
  readonly polls: { taskReads: Set<string>; detailRequests: number; commits: number }[] = [];
  #clock = Date.parse('2026-12-01T00:00:00Z');
  private readonly store: SqliteLinkStateStore;

  private constructor(readonly sim: ConfluentSimulator) {
    this.store = openSqliteLinkStateStore({ path: ':memory:', now: () => this.#clock });
  }

  static async start(links: number): Promise<World> {
    const sim = await startConfluentSimulator({
      auth: CREDENTIALS,
      clusters: [{ clusterId: CLUSTER.clusterId, links }],
      pageSize: 100,
    });
    return new World(sim);
  }

  links(): string[] {
    return this.sim.links(CLUSTER.clusterId).map((l) => l.linkName);
  }

  async poll(): Promise<void> {
    const configured = [
      { clusterId: CLUSTER.clusterId, restEndpoint: this.sim.baseUrl, credentials: CREDENTIALS },
    ];
    const source = new ConfluentLinksClient({
      clusters: configured,
      options: { maxAttempts: 1 },
      now: () => this.#clock,
    });
    const details = detailSourceForClusters(source, configured);
    const taskReads = new Set<string>();
    const recording: LinkDetailSource = {
      readLinkTasks: (r) => {
        taskReads.add(r.linkName);
        return details.readLinkTasks(r);
      },
      readLinkMirrorTopics: (r) => details.readLinkMirrorTopics(r),
      readMirrorTopic: (r) => details.readMirrorTopic(r),
      readClusterMirrorLags: (r) => details.readClusterMirrorLags(r),
    };
    const counted = { commits: 0 };
    this.sim.resetRequestCounts();
    await pollClusters([CLUSTER], SETTINGS, {
      source,
      details: recording,
      store: countingCommits(this.store, counted),
      notifier: this.notifier,
      now: () => new Date(this.#clock),
      deadline: this.#clock + MINUTE,
    });
    this.polls.push({
      taskReads,
      detailRequests: this.sim.detailRequestCountFor(CLUSTER.clusterId),
      commits: counted.commits,
    });
    this.#clock += MINUTE;
  }

  /** Polls until `done` holds, at most `max` times: how many polls it took, or null. */
  async pollUntil(done: () => boolean, max: number): Promise<number | null> {
    for (let n = 1; n <= max; n++) {
      await this.poll();
      if (done()) return n;
    }
    return null;
  }

  named(type: HistoryEvent['type'], severity: HistoryEvent['severity']): HistoryEvent[] {
    return this.notifier.events.filter((e) => e.type === type && e.severity === severity);
  }

  async close(): Promise<void> {
    this.store.close();
    await this.sim.close();
  }
}

function countingCommits(store: LinkStateStore, counted: { commits: number }): LinkStateStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'commitLink') counted.commits++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** A fresh world past its baseline and one steady poll, for `run`; closed after. */
async function withWorld<T>(links: number, run: (world: World) => Promise<T>): Promise<T> {
  const world = await World.start(links);
  try {
    await world.poll();
    await world.poll();
    return await run(world);
  } finally {
    await world.close();
  }
}

/** The most detail requests any poll from the `from`-th on made. */
function pollFigures(world: World, from: number): Pick<CaseFigures, 'mostDetailRequests'> {
  return { mostDetailRequests: Math.max(0, ...world.polls.slice(from).map((p) => p.detailRequests)) };
}

async function taskError(links: number, budget: number, maxPolls: number): Promise<CaseFigures[]> {
  return withWorld(links, async (world) => {
    // The worst case: the error begins on a link whose tasks the last poll has just read.
    const justRead = [...(world.polls.at(-1)?.taskReads ?? [])].sort();
    const link = justRead[0] ?? world.links()[0] ?? '';
    const from = world.polls.length;
    world.sim.updateLink(CLUSTER.clusterId, link, {
      tasks: { AclSync: { state: 'IN_ERROR', error: 'MISCONFIGURATION_ERROR', message: 'bad filter' } },
    });
    const found = () => world.named('TASK_STATE_CHANGED', 'warning').some((e) => e.linkName === link);
    const named = await world.pollUntil(found, maxPolls);
    const ended = world.polls.length;
    world.sim.updateLink(CLUSTER.clusterId, link, {
      tasks: { AclSync: { state: 'ACTIVE', error: null, message: null } },
    });
    const resolved = () => world.named('TASK_STATE_CHANGED', 'resolved').some((e) => e.linkName === link);
    const recovered = await world.pollUntil(resolved, maxPolls);
    return [
      {
        links,
        name: 'a task error on one link, beginning just after its tasks were read',
        polls: named === null ? null : [named],
        lowerBound: Math.ceil(links / budget),
        lowerBoundWhy: 'every link read once',
        ...pollFigures(world, from),
      },
      {
        links,
        name: 'its recovery',
        polls: recovered === null ? null : [recovered],
        lowerBound: 1,
        lowerBoundWhy: 'the next poll',
        ...pollFigures(world, ended),
      },
    ];
  });
}

async function oneFailedTopic(links: number, maxPolls: number): Promise<CaseFigures> {
  return withWorld(links, async (world) => {
    const link = world.links()[Math.floor(links / 2)] ?? '';
    const from = world.polls.length;
    world.sim.updateLink(CLUSTER.clusterId, link, {
      mirrorTopics: { [`${link}.topic-0`]: FAILED_TOPIC },
    });
    const named = await world.pollUntil(
      () => world.named('MIRROR_TOPIC_STATE_CHANGED', 'critical').some((e) => e.linkName === link),
      maxPolls,
    );
    return {
      links,
      name: 'a mirror topic failing on one link',
      polls: named === null ? null : [named],
      lowerBound: 1,
      lowerBoundWhy: 'the next poll',
      ...pollFigures(world, from),
    };
  });
}

async function everyTopicFailing(links: number, budget: number, maxPolls: number): Promise<CaseFigures> {
  return withWorld(links, async (world) => {
    const names = world.links();
    const from = world.polls.length;
    for (const link of names)
      world.sim.updateLink(CLUSTER.clusterId, link, {
        mirrorTopics: { [`${link}.topic-0`]: FAILED_TOPIC },
      });
    // The poll that named each link's failure, counted from the one that first saw it.
    const namedAt = new Map<string, number>();
    await world.pollUntil(() => {
      const poll = world.polls.length - from;
      for (const e of world.named('MIRROR_TOPIC_STATE_CHANGED', 'critical'))
        if (e.linkName !== null && !namedAt.has(e.linkName)) namedAt.set(e.linkName, poll);
      return namedAt.size === names.length;
    }, maxPolls);
    const settledFrom = world.polls.length;
    for (let i = 0; i < 5; i++) await world.poll();
    const described = world
      .named('MIRROR_TOPIC_STATE_CHANGED', 'critical')
      .filter((e) => e.part?.errorMessage != null).length;
    return {
      links,
      name: 'a mirror topic failing on every link at once',
      polls: namedAt.size === names.length ? [...namedAt.values()] : null,
      lowerBound: Math.ceil((2 * links) / budget),
      lowerBoundWhy: "each link's mirrors read and its failed topic described",
      ...pollFigures(world, from),
      described: { of: namedAt.size, with: described },
      commitsOnceNamed: world.polls.slice(settledFrom).reduce((sum, p) => sum + p.commits, 0),
    };
  });
}

/** Runs every case at every size. */
export async function measureDetailReads(
  options: DetailReadsOptions = DEFAULT_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<DetailReadsResults> {
  const budget = SETTINGS.detailRequestsPerCluster;
  const cases: CaseFigures[] = [];
  for (const links of options.sizes) {
    for (const run of [
      () => taskError(links, budget, options.maxPolls),
      async () => [await oneFailedTopic(links, options.maxPolls)],
      async () => [await everyTopicFailing(links, budget, options.maxPolls)],
    ]) {
      const measured = await run();
      for (const c of measured)
        log(`${c.links} links, ${c.name}: ${c.polls === null ? 'not named' : Math.max(...c.polls)} polls`);
      cases.push(...measured);
    }
  }
  return {
    recordedAt: new Date().toISOString(),
    budget,
    pollIntervalMs: SETTINGS.pollIntervalMs,
    maxPolls: options.maxPolls,
    cases,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bench', 'RESULTS.md');
  const results = await measureDetailReads(DEFAULT_OPTIONS, (line) => console.log(line));
  // Read just before writing: the rest of the file is another script's.
  writeFileSync(file, withSection(readFileSync(file, 'utf8'), renderDetailReads(results)));
  console.log('wrote the detail-reads section of bench/RESULTS.md');
}
