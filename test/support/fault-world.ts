/**
 * A complete monitor on loopback for fault cases: the Confluent simulator (the truth), a fault
 * server that can stand in front of it for any cluster, the real `ConfluentLinksClient`, the real
 * DynamoDB store on DynamoDB Local (with injectable SDK faults), and a recording notifier. Each
 * `poll()` samples the truth, runs `pollClusters` and keeps the results, so `finish()` can run clean
 * polls and check every invariant of `invariants.ts` against what really happened.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type ConfluentClientOptions,
  ConfluentLinksClient,
  type RetryEvent,
} from '../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import { DynamoDbLinkStateStore } from '../../adapters/dynamodb/dynamodb-link-state-store.js';
import type { HistoryEvent } from '../../core/model/change-events.js';
import type { ClusterListing } from '../../core/model/link-model.js';
import { type MonitoredCluster, pollClusters } from '../../core/poll/poll-clusters.js';
import type { ClusterPollResult, PollSummary } from '../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../core/poll/poll-settings.js';
import type { StartOrder } from '../../core/poll/start-order.js';
import type { ClusterState, LinkSource, LinkStateStore, Notifier } from '../../core/ports.js';
import { createTables, localDynamoDbClient, type TestTables } from '../../tools/local-aws/dynamodb-local.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../tools/simulator/confluent-simulator.js';
import type { LinkInit } from '../../tools/simulator/simulated-link.js';
import { dynamoDbEndpoint } from './dynamodb-endpoint.js';
import { type DynamoFaults, faultyDynamoDbClient } from './fault-dynamodb.js';
import { FaultNotifier } from './fault-notifier.js';
import { forwardTo, type PageRewrite } from './fault-proxy.js';
import { type FaultServer, type FaultStep, startFaultServer } from './fault-server.js';
import type { IamGuard } from './iam/iam-guard.js';
import { startPollerRoleGuard } from './iam/poller-role-guard.js';
import { checkInvariants, type InvariantReport, type PollRecord, type TruthLink } from './invariants.js';

export interface WorldCluster {
  readonly clusterId: string;
  readonly label?: string;
  /** A count of generated ACTIVE links, or explicit ones. @default 3 */
  readonly links?: number | readonly LinkInit[];
}

export interface FaultWorldOptions {
  /** Prefix of the world's DynamoDB tables. */
  readonly name: string;
  readonly clusters: readonly WorldCluster[];
  readonly settings?: Partial<PollSettings>;
  /** Client tuning; defaults are short so that faults cost little time. */
  readonly client?: ConfluentClientOptions;
  readonly pageSize?: number;
  /** The notifier behind the recording wrapper (e.g. the SNS one); none = always delivered. */
  readonly notifier?: Notifier;
  /** SDK attempts of the store's DynamoDB client. @default 3 */
  readonly dynamoMaxAttempts?: number;
}

export interface PollOptions {
  /** Clusters made to fail on purpose in this poll; `all` for faults that hit every cluster. */
  readonly faulty?: readonly string[] | 'all';
  /** Another store instance (e.g. one that cannot reach DynamoDB). */
  readonly store?: LinkStateStore;
  readonly source?: LinkSource;
  /** Time the Lambda has left, in ms. @default 50000 (the default poll timeout) */
  readonly remainingMs?: number;
  /** Fixed poller time (a redelivered scheduled event); default the world's clock. */
  readonly at?: Date;
  readonly settings?: Partial<PollSettings>;
  /** The order clusters start in. @default the poller's own (another every poll) */
  readonly startOrder?: StartOrder;
}

/** Short, distinct client defaults: a fault costs milliseconds, not the production seconds. */
const FAST_CLIENT: ConfluentClientOptions = {
  requestTimeoutMs: 1_000,
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 50,
};
const MINUTE = 60_000;

export class FaultWorld {
  readonly clusters: readonly MonitoredCluster[];
  readonly polls: PollRecord[] = [];
  readonly retries: RetryEvent[] = [];
  readonly notifier: FaultNotifier;
  readonly credentials: ConfluentCredentials & { kind: 'basic' };
  #offset = 0;
  readonly #routed = new Set<string>();
  readonly #extraClients: DynamoDBClient[] = [];

  private constructor(
    readonly sim: ConfluentSimulator,
    /** Stands in front of the simulator for routed clusters. */
    readonly front: FaultServer,
    readonly tables: TestTables,
    readonly admin: DynamoDBClient,
    readonly guard: IamGuard,
    readonly dynamo: { client: DynamoDBClient; faults: DynamoFaults },
    readonly store: DynamoDbLinkStateStore,
    readonly client: ConfluentLinksClient,
    readonly settings: PollSettings,
    notifier: Notifier | undefined,
    credentials: ConfluentCredentials & { kind: 'basic' },
  ) {
    this.clusters = sim.clusterIds().map((clusterId) => ({ clusterId, label: `label-${clusterId}` }));
    this.notifier = new FaultNotifier(notifier ?? null);
    this.credentials = credentials;
  }

  static async start(options: FaultWorldOptions): Promise<FaultWorld> {
    const credentials = {
      kind: 'basic',
      apiKey: `FLTKEY${randomBytes(6).toString('hex').toUpperCase()}`,
      apiSecret: `flt-secret-${randomBytes(12).toString('base64url')}`,
    } as const;
    const sim = await startConfluentSimulator({
      auth: credentials,
      clusters: options.clusters.map((c) => ({
        clusterId: c.clusterId,
        links: c.links ?? 3,
        linkPrefix: `${c.clusterId}-link`,
      })),
      pageSize: options.pageSize ?? 100,
    });
    const front = await startFaultServer();
    const endpoint = dynamoDbEndpoint();
    const admin = localDynamoDbClient(endpoint);
    const tables = await createTables(admin, options.name);
    // The store calls DynamoDB as the deployed poller would: through the guard of its role.
    const guard = await startPollerRoleGuard(tables);
    const dynamo = faultyDynamoDbClient(guard.endpoint, { maxAttempts: options.dynamoMaxAttempts ?? 3 });
    const store = new DynamoDbLinkStateStore({ client: dynamo.client, ...tables });
    const worldRef: { world?: FaultWorld } = {};
    const client = new ConfluentLinksClient({
      options: { ...FAST_CLIENT, ...options.client },
      now: () => worldRef.world?.now().getTime() ?? Date.now(),
      onRetry: (retry) => worldRef.world?.retries.push(retry),
    });
    const settings = { ...DEFAULT_POLL_SETTINGS, ...options.settings };
    const world = new FaultWorld(
      sim,
      front,
      tables,
      admin,
      guard,
      dynamo,
      store,
      client,
      settings,
      options.notifier,
      credentials,
    );
    worldRef.world = world;
    return world;
  }

  /** The monitor's clock: real time plus whatever `advance` added. */
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }

  advance(ms = MINUTE): void {
    this.#offset += ms;
  }

  /** The link source the poller uses: the real client, aimed at the simulator or at the fault server. */
  readonly source: LinkSource = {
    listLinks: (request: { clusterId: string; deadline: number }): Promise<ClusterListing> =>
      this.client.listClusterLinks(
        {
          clusterId: request.clusterId,
          restEndpoint: this.#routed.has(request.clusterId) ? this.front.url : this.sim.baseUrl,
          credentials: this.credentials,
        },
        { deadline: request.deadline },
      ),
  };

  /** A fault server step answering with the simulator's response, optionally rewritten. */
  forward(rewrite?: PageRewrite): FaultStep {
    return forwardTo({ upstream: this.sim.baseUrl, front: this.front.url, ...(rewrite && { rewrite }) });
  }

  /**
   * Sends a cluster's requests through the fault server: `steps` in order (one per request, pages
   * included), then the simulator again.
   */
  route(clusterId: string, steps: readonly FaultStep[]): void {
    this.#routed.add(clusterId);
    this.front.script(linksPath(clusterId), [...steps, this.forward()]);
  }

  /** The cluster talks to the simulator directly again. */
  unroute(clusterId: string): void {
    this.#routed.delete(clusterId);
  }

  /** Another store over the same tables, with its own DynamoDB client (a second Lambda instance). */
  newStore(): DynamoDbLinkStateStore {
    const { client } = faultyDynamoDbClient(this.guard.endpoint);
    this.#extraClients.push(client);
    return new DynamoDbLinkStateStore({ client, ...this.tables });
  }

  /** What every cluster of the simulator holds right now. */
  truth(): Map<string, Map<string, TruthLink>> {
    return new Map(
      this.sim
        .clusterIds()
        .map((clusterId) => [
          clusterId,
          new Map(
            this.sim
              .links(clusterId)
              .map((l) => [
                l.linkName,
                { clusterLinkId: l.clusterLinkId, linkState: l.linkState, linkError: l.linkError },
              ]),
          ),
        ]),
    );
  }

  /** One scheduled poll of every cluster. */
  async poll(options: PollOptions = {}): Promise<PollSummary> {
    const [summary] = await this.pollTogether([options]);
    return summary as PollSummary;
  }

  /** Several polls at once on the same state (overlapping invocations), recorded as one moment. */
  async pollTogether(runs: readonly PollOptions[]): Promise<PollSummary[]> {
    const started = this.now();
    const truth = this.truth();
    const firstAttempt = this.notifier.attempts.length;
    const summaries = await Promise.all(
      runs.map((options) => {
        const at = options.at;
        const clock = at === undefined ? () => this.now() : () => new Date(at.getTime());
        return pollClusters(
          this.clusters,
          { ...this.settings, ...options.settings },
          {
            source: options.source ?? this.source,
            store: options.store ?? this.store,
            notifier: this.notifier,
            now: clock,
            deadline: clock().getTime() + (options.remainingMs ?? 50_000),
            ...(options.startOrder === undefined ? {} : { startOrder: options.startOrder }),
          },
        );
      }),
    );
    const faulty = new Set<string>();
    for (const options of runs) {
      const named = options.faulty === 'all' ? this.clusters.map((c) => c.clusterId) : (options.faulty ?? []);
      for (const id of named) faulty.add(id);
    }
    // A delivery the poll could not mark sent may legitimately be delivered again later.
    const unconfirmed = new Set(
      summaries
        .flatMap((s) => s.results)
        .filter((r) => r.failedStep === 'publish' && r.publishFailures === 0)
        .map((r) => r.clusterId),
    );
    for (const attempt of this.notifier.attempts.slice(firstAttempt)) {
      if (attempt.delivered && unconfirmed.has(attempt.notification.clusterId)) attempt.confirmed = false;
    }
    const earliest = runs.reduce((t, o) => (o.at !== undefined && o.at < t ? o.at : t), started);
    this.polls.push({
      at: earliest.toISOString(),
      truth,
      results: summaries.flatMap((s) => s.results),
      faulty,
    });
    return summaries;
  }

  /**
   * Clears every fault, runs `cleanPolls` polls a minute apart (a claim left by a crashed poll
   * expires a few seconds after its deadline), then checks the invariants.
   */
  async finish(options: { strict?: boolean; cleanPolls?: number } = {}): Promise<InvariantReport> {
    for (const clusterId of this.sim.clusterIds()) this.sim.clearFault(clusterId);
    this.#routed.clear();
    this.dynamo.faults.clear();
    this.notifier.heal();
    this.sim.latencyMs = 0;
    for (let i = 0; i < (options.cleanPolls ?? 3); i++) {
      this.advance(MINUTE);
      await this.poll();
    }
    const clusterIds = this.clusters.map((c) => c.clusterId);
    const finalState = new Map<string, ClusterState>();
    const pending = new Map<string, readonly HistoryEvent[]>();
    for (const id of clusterIds) {
      finalState.set(id, await this.store.readClusterState(id));
      pending.set(id, await this.store.pendingEvents(id));
    }
    const refused = this.guard.denials();
    if (refused.length > 0) {
      throw new Error(
        `the deployed poller's role refuses calls the poll made: ${refused.map((c) => `${c.action} ${c.resource}`).join('; ')}`,
      );
    }
    return checkInvariants({
      clusterIds,
      polls: this.polls,
      history: await this.history(),
      finalState,
      pending,
      publishAttempts: this.notifier.attempts,
      strict: options.strict ?? false,
    });
  }

  /** Every history event of every cluster. */
  async history(): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for (const { clusterId } of this.clusters) {
      let cursor: string | undefined;
      do {
        const page = await this.store.clusterHistory({
          clusterId,
          from: '2000-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
          limit: 1000,
          ...(cursor === undefined ? {} : { cursor }),
        });
        events.push(...page.items);
        cursor = page.cursor;
      } while (cursor !== undefined);
    }
    return events;
  }

  /** What the monitor did, poll by poll, for the reliability report. */
  monitorLines(): string[] {
    const lines = this.polls.map((poll, index) => {
      const results = poll.results.map(describeResult).join('; ');
      return `poll ${index + 1}${poll.faulty.size > 0 ? ` (faults on ${[...poll.faulty].join(', ')})` : ''}: ${results}`;
    });
    const retryKinds = countBy(
      this.retries.map((r) => `${r.kind}${r.status === null ? '' : ` ${r.status}`}`),
    );
    if (this.retries.length > 0) lines.push(`client retries: ${retryKinds}`);
    if (this.dynamo.faults.injected.length > 0)
      lines.push(`DynamoDB attempts failed: ${countBy(this.dynamo.faults.injected)}`);
    const failedPublishes = this.notifier.attempts.filter((a) => !a.delivered).length;
    lines.push(`publishes: ${this.notifier.delivered.length} delivered, ${failedPublishes} failed`);
    return lines;
  }

  async close(): Promise<void> {
    await Promise.all([this.sim.close(), this.front.close(), this.guard.stop()]);
    await this.tables.drop().catch(() => undefined);
    for (const client of [this.admin, this.dynamo.client, ...this.#extraClients]) client.destroy();
  }
}

export function linksPath(clusterId: string): string {
  return `/kafka/v3/clusters/${encodeURIComponent(clusterId)}/links`;
}

function describeResult(r: ClusterPollResult): string {
  const counts = `${r.events} events, ${r.published} published${r.conflicts > 0 ? `, ${r.conflicts} conflicts` : ''}`;
  if (r.outcome === 'ok') return `${r.clusterId} ok (${counts})`;
  const error = (r.error ?? '').replace(/\s+/g, ' ').slice(0, 180);
  return `${r.clusterId} ${r.outcome}${r.failedStep === undefined ? '' : `/${r.failedStep}`} (${counts}): ${error}`;
}

function countBy(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} x${n}`).join(', ');
}
