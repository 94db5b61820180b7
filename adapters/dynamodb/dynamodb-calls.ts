/**
 * The one way the DynamoDB store's parts talk to DynamoDB: every call asks for its consumed
 * capacity and is reported to `onCall` (the benchmark counts and costs them), and every SDK
 * failure becomes the port's `StoreError` naming the operation and cluster.
 */
import {
  type ConsumedCapacity,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { StoreError } from '../../core/store-errors.js';
import type { Item } from './dynamodb-item-codec.js';
import { HISTORY_TABLE, type IndexDesign, SNAPSHOT_TABLE, type TableDesign } from './table-design.js';

/** One DynamoDB call made by the store, reported to `onCall`. */
export interface StoreCall {
  /** The store method that made the call, e.g. `readClusterState`. */
  readonly method: string;
  /** The DynamoDB API, e.g. `Query`, `TransactWriteItems`. */
  readonly operation: string;
  /** Capacity units DynamoDB reported (`ReturnConsumedCapacity: TOTAL`); 0 when it reported none. */
  readonly consumedCapacity: number;
  /** True when the call failed (a conflict counts as failed). */
  readonly failed: boolean;
}

export interface FailureContext {
  readonly operation: string;
  readonly clusterId?: string | undefined;
  readonly linkName?: string | undefined;
}

export class DynamoDbCalls {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly onCall: (call: StoreCall) => void,
  ) {}

  /** Sends one command with `ReturnConsumedCapacity: TOTAL` and reports it to `onCall`. */
  async send<Output extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
    method: string,
    operation: string,
    command: { input: { ReturnConsumedCapacity?: string } },
  ): Promise<Output> {
    command.input.ReturnConsumedCapacity = 'TOTAL';
    try {
      // The command types share one shape for this purpose; `send` is overloaded per command.
      const out = (await this.client.send(
        command as Parameters<DynamoDBClient['send']>[0],
      )) as unknown as Output;
      this.onCall({
        method,
        operation,
        consumedCapacity: totalCapacity(out.ConsumedCapacity),
        failed: false,
      });
      return out;
    } catch (error) {
      this.onCall({ method, operation, consumedCapacity: 0, failed: true });
      throw error;
    }
  }

  /** Every item of a Query, all pages. */
  async queryAll(
    method: string,
    context: { clusterId?: string },
    input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    await this.queryPages(method, context, input, (page) => {
      for (const item of page) items.push(item);
    });
    return items;
  }

  /** Every page of a Query, handed to `onPage` as it arrives. */
  async queryPages(
    method: string,
    context: { clusterId?: string },
    input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
    onPage: (items: readonly Item[]) => void,
  ): Promise<void> {
    let exclusiveStartKey: Item | undefined;
    do {
      const out = await this.send<QueryCommandOutput>(
        method,
        'Query',
        new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStartKey }),
      ).catch((error: unknown) => {
        throw storeFailure({ operation: method, ...context }, error);
      });
      onPage(out.Items ?? []);
      exclusiveStartKey = out.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
  }
}

/** The port's error for a failed DynamoDB call, its reason the SDK error's name. */
export function storeFailure(context: FailureContext, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  return new StoreError('DynamoDB call failed', {
    operation: context.operation,
    ...(context.clusterId !== undefined && { clusterId: context.clusterId }),
    ...(context.linkName !== undefined && { linkName: context.linkName }),
    reasons: [name],
    cause: error,
  });
}

function totalCapacity(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number {
  if (consumed === undefined) return 0;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  return all.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

function findIndex(design: TableDesign, name: string): IndexDesign {
  const index = design.globalSecondaryIndexes.find((i) => i.indexName === name);
  if (index === undefined) throw new Error(`table ${design.id} has no index ${name}`);
  return index;
}

export const historyIndex = (name: string): IndexDesign => findIndex(HISTORY_TABLE, name);
export const snapshotIndex = (name: string): IndexDesign => findIndex(SNAPSHOT_TABLE, name);
