/**
 * `LinkStateStore` on DynamoDB: snapshots and cluster records in one table, history in another
 * (keys and indexes in `table-design.ts`, reasoning in `docs/table-design.md`).
 *
 * Three parts with one job each: `snapshot-commits.ts` (read a cluster's state, commit a change
 * with its events in one conditional write), `outbox-claims.ts` (events waiting to be published),
 * `history-queries.ts` (access patterns 2-4). Input the port refuses is refused by
 * `core/record/store-input.ts` with the port's errors, the same as every other store.
 * Throttling is retried by the SDK's standard retry strategy of the injected client, not here.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent, Quarantine } from '../../core/model/change-events.js';
import type { Severity } from '../../core/model/link-model.js';
import type {
  ClusterCommit,
  ClusterRecord,
  ClusterState,
  CommitOutcome,
  LinkCommit,
  LinkStateStore,
  Page,
  PageRequest,
  TimeRange,
} from '../../core/ports.js';
import { DynamoDbCalls, type StoreCall } from './dynamodb-calls.js';
import { HistoryQueries } from './history-queries.js';
import { OutboxClaims } from './outbox-claims.js';
import { OutboxMarker } from './outbox-marker.js';
import { SnapshotCommits } from './snapshot-commits.js';

export type { StoreCall } from './dynamodb-calls.js';

export interface DynamoDbLinkStateStoreOptions {
  /** Configured by the caller (region, endpoint via `AWS_ENDPOINT_URL_DYNAMODB`, retry strategy). */
  readonly client: DynamoDBClient;
  readonly snapshotTableName: string;
  readonly historyTableName: string;
  /** Called after every DynamoDB call, successful or not. */
  readonly onCall?: (call: StoreCall) => void;
  /**
   * Parallel UpdateItem calls of `markSent`/`markPending`.
   * @default 8
   */
  readonly updateConcurrency?: number;
}

type Keyed = Pick<HistoryEvent, 'clusterId' | 'eventId'>;

export class DynamoDbLinkStateStore implements LinkStateStore {
  readonly #snapshots: SnapshotCommits;
  readonly #outbox: OutboxClaims;
  readonly #history: HistoryQueries;

  constructor(options: DynamoDbLinkStateStoreOptions) {
    const calls = new DynamoDbCalls(options.client, options.onCall ?? (() => {}));
    const marker = new OutboxMarker(calls, options.snapshotTableName);
    this.#snapshots = new SnapshotCommits(calls, options.snapshotTableName, options.historyTableName, marker);
    this.#outbox = new OutboxClaims(calls, options.historyTableName, options.updateConcurrency ?? 8, marker);
    this.#history = new HistoryQueries(calls, options.historyTableName);
  }

  readClusterState(clusterId: string): Promise<ClusterState> {
    return this.#snapshots.readClusterState(clusterId);
  }

  commitLink(commit: LinkCommit): Promise<CommitOutcome> {
    return this.#snapshots.commitLink(commit);
  }

  commitCluster(commit: ClusterCommit): Promise<CommitOutcome> {
    return this.#snapshots.commitCluster(commit);
  }

  listClusters(): Promise<readonly ClusterRecord[]> {
    return this.#snapshots.listClusters();
  }

  pendingEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    return this.#outbox.pendingEvents(clusterId);
  }

  claimPendingEvents(
    q: Parameters<LinkStateStore['claimPendingEvents']>[0],
  ): Promise<readonly HistoryEvent[]> {
    return this.#outbox.claimPendingEvents(q);
  }

  outboxDrained(q: { readonly clusterId: string; readonly claimant: string }): Promise<void> {
    return this.#outbox.outboxDrained(q);
  }

  releaseClaim(events: readonly Keyed[], claimant: string): Promise<void> {
    return this.#outbox.releaseClaim(events, claimant);
  }

  markSent(events: readonly Keyed[]): Promise<void> {
    return this.#outbox.markSent(events);
  }

  markPending(events: readonly Keyed[]): Promise<void> {
    return this.#outbox.markPending(events);
  }

  recordPublishFailure(events: readonly Keyed[], claimant: string): Promise<void> {
    return this.#outbox.recordPublishFailure(events, claimant);
  }

  quarantine(events: readonly Keyed[], quarantine: Quarantine): Promise<void> {
    return this.#outbox.quarantine(events, quarantine);
  }

  quarantinedEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    return this.#outbox.quarantinedEvents(clusterId);
  }

  linkHistory(
    q: { clusterId: string; linkName: string } & TimeRange & PageRequest,
  ): Promise<Page<HistoryEvent>> {
    return this.#history.linkHistory(q);
  }

  clusterHistory(q: { clusterId: string } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    return this.#history.clusterHistory(q);
  }

  severityHistory(q: { severity: Severity } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    return this.#history.severityHistory(q);
  }
}
