/**
 * The outbox marker: an `#OUTBOX` item in a cluster's snapshot partition, present while events of
 * the cluster may wait to be published (`docs/table-design.md`). The Query that reads the cluster's
 * state sees it for free, so a quiet poll reads the outbox index not at all. Every write that makes
 * an event pending sets it, bumps its `seq` and adds the event ids' hashes to its `markedSum`; it is
 * removed only when `seq` is unchanged since a claim read it, so an event that became pending
 * meanwhile keeps it. When a claim may remove it is `OutboxClaims`'s decision.
 */
import { createHash } from 'node:crypto';
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

/** The marker as a claim read it, strongly consistently. */
export interface MarkerReading {
  readonly seq: string;
  /**
   * `markedSum` of every event id marked since the marker was created (an id marked twice counts
   * twice); null when unknown.
   */
  readonly markedSum: bigint | null;
  /** The last `seq` a claim found drained without removing the marker, and that claim's time. */
  readonly seen?: { readonly seq: string; readonly at: string };
}

const SEQ = 'seq';
const MARKED_SUM = 'markedSum';
const SEEN_SEQ = 'seenSeq';
const SEEN_AT = 'seenAt';

export class OutboxMarker {
  constructor(
    private readonly calls: DynamoDbCalls,
    private readonly snapshotTable: string,
  ) {}

  /**
   * The write that sets the marker for `eventIds` of one cluster, becoming pending in the same
   * request: unconditional, for a commit's transaction.
   */
  mark(clusterId: string, eventIds: readonly string[]): Update {
    return {
      TableName: this.snapshotTable,
      Key: this.key(clusterId),
      UpdateExpression: 'ADD #seq :one, #sum :sum',
      ExpressionAttributeNames: { '#seq': SEQ, '#sum': MARKED_SUM },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':sum': { N: String(markedSum(eventIds)) } },
    };
  }

  /** Sets the marker of each cluster of `events` on its own, before they become (or stay) pending. */
  async markEach(
    method: string,
    events: readonly { readonly clusterId: string; readonly eventId: string }[],
  ): Promise<void> {
    const byCluster = new Map<string, string[]>();
    for (const e of events) {
      const ids = byCluster.get(e.clusterId);
      if (ids === undefined) byCluster.set(e.clusterId, [e.eventId]);
      else ids.push(e.eventId);
    }
    for (const [clusterId, eventIds] of byCluster) {
      await this.calls
        .send(method, 'UpdateItem', new UpdateItemCommand(this.mark(clusterId, eventIds)))
        .catch((error: unknown) => {
          throw storeFailure({ operation: method, clusterId }, error);
        });
    }
  }

  /** The marker, read strongly consistently; null when there is none. */
  async read(method: string, clusterId: string): Promise<MarkerReading | null> {
    const out = await this.calls
      .send<GetItemCommandOutput>(
        method,
        'GetItem',
        new GetItemCommand({ TableName: this.snapshotTable, Key: this.key(clusterId), ConsistentRead: true }),
      )
      .catch((error: unknown) => {
        throw storeFailure({ operation: method, clusterId }, error);
      });
    const seq = out.Item?.[SEQ]?.N;
    if (seq === undefined) return null;
    const seenSeq = out.Item?.[SEEN_SEQ]?.N;
    const seenAt = out.Item?.[SEEN_AT]?.S;
    // A marker set before `markedSum` existed has none: what it was marked for is unknown.
    const sum = out.Item?.[MARKED_SUM]?.N;
    return {
      seq,
      markedSum: sum === undefined ? null : parseWholeNumber(sum),
      ...(seenSeq !== undefined && seenAt !== undefined && { seen: { seq: seenSeq, at: seenAt } }),
    };
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
          ExpressionAttributeNames: { '#seq': SEQ },
          ExpressionAttributeValues: { ':seq': { N: seq } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw storeFailure({ operation: method, clusterId }, error);
    }
  }

  /**
   * Notes on the marker that a claim at `at` found the outbox drained at `seq`, if `seq` is still
   * current and no earlier claim noted it already (the earliest time lets the marker go soonest).
   */
  async recordSeen(method: string, clusterId: string, seq: string, at: string): Promise<void> {
    try {
      await this.calls.send(
        method,
        'UpdateItem',
        new UpdateItemCommand({
          TableName: this.snapshotTable,
          Key: this.key(clusterId),
          UpdateExpression: 'SET #seenSeq = :seq, #seenAt = :at',
          // Also what keeps an update from creating a marker that a drain just removed.
          ConditionExpression: '#seq = :seq AND (attribute_not_exists(#seenSeq) OR #seenSeq <> :seq)',
          ExpressionAttributeNames: { '#seq': SEQ, '#seenSeq': SEEN_SEQ, '#seenAt': SEEN_AT },
          ExpressionAttributeValues: { ':seq': { N: seq }, ':at': { S: at } },
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

/**
 * What `markedSum` grows by for `eventIds`: the sum of a 64-bit hash of each. A sum, because a
 * number attribute's `ADD` is the one accumulation a transaction can make without reading; 64
 * bits, so that two different sets of ids summing alike is a 1 in 2^64 chance, and an id adds at
 * most 20 digits' worth, far more ids than a marker ever sees before DynamoDB's 38 digits fill.
 */
export function markedSum(eventIds: readonly string[]): bigint {
  let sum = 0n;
  for (const id of eventIds) sum += createHash('sha256').update(id).digest().readBigUInt64BE(0);
  return sum;
}

/** DynamoDB returns whole numbers in plain digits; anything else is treated as unknown. */
function parseWholeNumber(n: string): bigint | null {
  return /^\d+$/.test(n) ? BigInt(n) : null;
}
