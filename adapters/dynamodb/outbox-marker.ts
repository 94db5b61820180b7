/**
 * The outbox marker: an `#OUTBOX` item in a cluster's snapshot partition, present while events of
 * the cluster may wait to be published (`docs/table-design.md`). The Query that reads the cluster's
 * state sees it for free, so a quiet poll reads the outbox index not at all. Every write that makes
 * an event pending sets it and bumps its `seq`; it is removed only when `seq` is unchanged since a
 * claim read it, so an event that became pending meanwhile keeps it.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  type GetItemCommandOutput,
  type Update,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type DynamoDbCalls, storeFailure } from './dynamodb-calls.js';
import { type Item, OUTBOX_ITEM_KEY } from './dynamodb-item-codec.js';
import { SNAPSHOT_TABLE } from './table-design.js';

export class OutboxMarker {
  constructor(
    private readonly calls: DynamoDbCalls,
    private readonly snapshotTable: string,
  ) {}

  /** The write that sets the marker and bumps its `seq`: unconditional, for a commit's transaction. */
  mark(clusterId: string): Update {
    return {
      TableName: this.snapshotTable,
      Key: this.key(clusterId),
      UpdateExpression: 'ADD #seq :one',
      ExpressionAttributeNames: { '#seq': 'seq' },
      ExpressionAttributeValues: { ':one': { N: '1' } },
    };
  }

  /** Sets the marker of each cluster of `events` on its own, before they become (or stay) pending. */
  async markEach(method: string, events: readonly { readonly clusterId: string }[]): Promise<void> {
    for (const clusterId of new Set(events.map((e) => e.clusterId))) {
      await this.calls
        .send(method, 'UpdateItem', new UpdateItemCommand(this.mark(clusterId)))
        .catch((error: unknown) => {
          throw storeFailure({ operation: method, clusterId }, error);
        });
    }
  }

  /** The marker's `seq`, read strongly consistently; null when there is no marker. */
  async seq(method: string, clusterId: string): Promise<string | null> {
    const out = await this.calls
      .send<GetItemCommandOutput>(
        method,
        'GetItem',
        new GetItemCommand({ TableName: this.snapshotTable, Key: this.key(clusterId), ConsistentRead: true }),
      )
      .catch((error: unknown) => {
        throw storeFailure({ operation: method, clusterId }, error);
      });
    return out.Item?.seq?.N ?? null;
  }

  /** Removes the marker if its `seq` is still `seq`; otherwise something became pending and it stays. */
  async clear(method: string, clusterId: string, seq: string): Promise<void> {
    try {
      await this.calls.send(
        method,
        'DeleteItem',
        new DeleteItemCommand({
          TableName: this.snapshotTable,
          Key: this.key(clusterId),
          ConditionExpression: '#seq = :seq',
          ExpressionAttributeNames: { '#seq': 'seq' },
          ExpressionAttributeValues: { ':seq': { N: seq } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw storeFailure({ operation: method, clusterId }, error);
    }
  }

  private key(clusterId: string): Item {
    return {
      [SNAPSHOT_TABLE.partitionKey.name]: { S: clusterId },
      [SNAPSHOT_TABLE.sortKey.name]: { S: OUTBOX_ITEM_KEY },
    };
  }
}
