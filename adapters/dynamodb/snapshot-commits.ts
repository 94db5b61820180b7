/**
 * The snapshot table's side of the DynamoDB store: reading a cluster's state and committing a
 * change to it. Every change is one conditional write: the snapshot's `version` guards against a
 * concurrent poll, and its history events are written in the same transaction, so history and
 * state never disagree.
 */
import {
  ConditionalCheckFailedException,
  type ConditionCheck,
  DeleteItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '../../core/model/change-events.js';
import type {
  ClusterCommit,
  ClusterRecord,
  ClusterState,
  CommitOutcome,
  LinkCommit,
  LinkSnapshot,
} from '../../core/ports.js';
import { checkClusterCommit, checkLinkCommit } from '../../core/record/store-input.js';
import { DuplicateEventError, StoreError } from '../../core/store-errors.js';
import { type DynamoDbCalls, snapshotIndex, storeFailure } from './dynamodb-calls.js';
import {
  CLUSTER_ITEM_KEY,
  CLUSTER_LIST_KEY,
  decodeClusterRecord,
  decodeLinkSnapshot,
  encodeClusterRecord,
  encodeHistoryEvent,
  encodeLinkSnapshot,
  type Item,
  isClusterItem,
  isOutboxItem,
  linkItemKey,
} from './dynamodb-item-codec.js';
import type { OutboxMarker } from './outbox-marker.js';
import { CLUSTERS_INDEX, HISTORY_TABLE, SNAPSHOT_TABLE } from './table-design.js';

interface CommitContext {
  readonly operation: string;
  readonly clusterId: string;
  readonly linkName?: string;
}

export class SnapshotCommits {
  constructor(
    private readonly calls: DynamoDbCalls,
    private readonly snapshotTable: string,
    private readonly historyTable: string,
    private readonly outbox: OutboxMarker,
  ) {}

  /** Access pattern 1: one strongly consistent Query of the cluster's partition (1 MB per page). */
  async readClusterState(clusterId: string): Promise<ClusterState> {
    let cluster: ClusterRecord | null = null;
    let outboxEmpty = true;
    const links: LinkSnapshot[] = [];
    // Decoded page by page: a large cluster's raw items are never all held next to their snapshots.
    await this.calls.queryPages(
      'readClusterState',
      { clusterId },
      {
        TableName: this.snapshotTable,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': SNAPSHOT_TABLE.partitionKey.name },
        ExpressionAttributeValues: { ':pk': { S: clusterId } },
        // The poll diffs against this and then writes conditionally: a stale read would only cause conflicts.
        ConsistentRead: true,
      },
      (items) => {
        for (const item of items) {
          if (isClusterItem(item)) cluster = decodeClusterRecord(item);
          else if (isOutboxItem(item)) outboxEmpty = false;
          // One cluster id string for all of its snapshots, not one per item.
          else links.push({ ...decodeLinkSnapshot(item), clusterId });
        }
      },
    );
    return { cluster, links, outboxEmpty };
  }

  /** Every cluster record, from the sparse `clusters` index (never a Scan). */
  async listClusters(): Promise<readonly ClusterRecord[]> {
    const index = snapshotIndex(CLUSTERS_INDEX);
    const items = await this.calls.queryAll(
      'listClusters',
      {},
      {
        TableName: this.snapshotTable,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey.name },
        ExpressionAttributeValues: { ':pk': { S: CLUSTER_LIST_KEY } },
      },
    );
    return items.map(decodeClusterRecord);
  }

  async commitLink(commit: LinkCommit): Promise<CommitOutcome> {
    checkLinkCommit(commit);
    const key = {
      [SNAPSHOT_TABLE.partitionKey.name]: { S: commit.clusterId },
      [SNAPSHOT_TABLE.sortKey.name]: { S: linkItemKey(commit.linkName) },
    };
    return this.commit(
      { operation: 'commitLink', clusterId: commit.clusterId, linkName: commit.linkName },
      commit.expectedVersion,
      commit.next && encodeLinkSnapshot(commit.next),
      key,
      commit.events,
    );
  }

  async commitCluster(commit: ClusterCommit): Promise<CommitOutcome> {
    checkClusterCommit(commit);
    const key = {
      [SNAPSHOT_TABLE.partitionKey.name]: { S: commit.clusterId },
      [SNAPSHOT_TABLE.sortKey.name]: { S: CLUSTER_ITEM_KEY },
    };
    return this.commit(
      { operation: 'commitCluster', clusterId: commit.clusterId },
      commit.expectedVersion,
      encodeClusterRecord(commit.next),
      key,
      commit.events,
    );
  }

  private async commit(
    context: CommitContext,
    expectedVersion: number | null,
    next: Item | null,
    key: Item,
    events: readonly HistoryEvent[],
  ): Promise<CommitOutcome> {
    const condition: Pick<
      ConditionCheck,
      'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > =
      expectedVersion === null
        ? {
            ConditionExpression: 'attribute_not_exists(#sk)',
            ExpressionAttributeNames: { '#sk': SNAPSHOT_TABLE.sortKey.name },
          }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
          };
    const guarded = { TableName: this.snapshotTable, ...condition };

    if (events.length === 0) {
      // A change without events (damping counters, reminder times) needs no transaction: half the cost.
      if (next === null && expectedVersion === null) return 'committed';
      try {
        if (next === null)
          await this.calls.send(
            context.operation,
            'DeleteItem',
            new DeleteItemCommand({ ...guarded, Key: key }),
          );
        else
          await this.calls.send(context.operation, 'PutItem', new PutItemCommand({ ...guarded, Item: next }));
        return 'committed';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'conflict';
        throw storeFailure(context, error);
      }
    }

    // Without a next snapshot the item is deleted; when there was none either, the Delete's condition
    // (absent) makes it a check that writes nothing, so the poller needs no dynamodb:ConditionCheckItem.
    const snapshotWrite: TransactWriteItem =
      next !== null ? { Put: { ...guarded, Item: next } } : { Delete: { ...guarded, Key: key } };
    const eventWrites: TransactWriteItem[] = events.map((event) => ({
      Put: {
        TableName: this.historyTable,
        Item: encodeHistoryEvent(event),
        // An event is recorded once: a second write of the same id is refused, never an overwrite.
        ConditionExpression: 'attribute_not_exists(#sk)',
        ExpressionAttributeNames: { '#sk': HISTORY_TABLE.sortKey.name },
      },
    }));
    // A pending event marks the outbox in the same transaction, so the marker is never missing while it waits.
    const pending = events.filter((event) => event.notification === 'PENDING').map((event) => event.eventId);
    const outboxWrites: TransactWriteItem[] =
      pending.length > 0 ? [{ Update: this.outbox.mark(context.clusterId, pending) }] : [];
    try {
      await this.calls.send(
        context.operation,
        'TransactWriteItems',
        new TransactWriteItemsCommand({ TransactItems: [snapshotWrite, ...eventWrites, ...outboxWrites] }),
      );
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'Unknown');
        // TransactionConflict: another poll is writing the same snapshot right now. Whether or
        // not it succeeds, this poll must not record the change too; if the other one fails,
        // the next poll sees the same change again.
        if (reasons[0] === 'ConditionalCheckFailed' || reasons[0] === 'TransactionConflict')
          return 'conflict';
        // Reasons are in item order: the snapshot first, then one per event.
        const duplicateAt = reasons.indexOf('ConditionalCheckFailed', 1);
        if (duplicateAt > 0) {
          throw new DuplicateEventError({
            ...context,
            eventId: events[duplicateAt - 1]?.eventId,
            reasons,
            cause: error,
          });
        }
        throw new StoreError('transaction cancelled', { ...context, reasons, cause: error });
      }
      throw storeFailure(context, error);
    }
  }
}
