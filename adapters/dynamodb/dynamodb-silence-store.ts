/**
 * Silences in the snapshot table, under a partition of their own (`#SILENCES`: `#` is never in a
 * cluster id). Each silence is an item whose sort key starts with when it stops applying,
 * `SILENCE#{end}#{id}`, so the poll reads only the silences not yet over with one Query, however
 * many ended before. A marker item per id (`SILENCE-ID#{id}`) makes ids unique and finds a
 * silence by id for `silence expire`. Items are small and few (people add them by hand).
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DuplicateSilenceError } from '../../core/control/duplicate-silence-error.js';
import { effectiveEnd, type Silence } from '../../core/control/silence.js';
import type { SilenceStore } from '../../core/ports.js';
import { StoreError } from '../../core/store-errors.js';
import { SNAPSHOT_TABLE } from './table-design.js';

export const SILENCE_PARTITION = '#SILENCES';
const PK = SNAPSHOT_TABLE.partitionKey.name;
const SK = SNAPSHOT_TABLE.sortKey.name;
/** Most silences one listing returns: a bound on what hostile or runaway data can cost a poll. */
export const MAX_LISTED_SILENCES = 1000;

const silenceKey = (silence: Silence) => `SILENCE#${effectiveEnd(silence)}#${silence.id}`;
const markerKey = (id: string) => `SILENCE-ID#${id}`;

export class DynamoDbSilenceStore implements SilenceStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly snapshotTableName: string }) {
    this.#client = options.client;
    this.#table = options.snapshotTableName;
  }

  async addSilence(silence: Silence): Promise<void> {
    try {
      await this.#client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  [PK]: { S: SILENCE_PARTITION },
                  [SK]: { S: markerKey(silence.id) },
                  endKey: { S: silenceKey(silence) },
                },
                ConditionExpression: 'attribute_not_exists(#sk)',
                ExpressionAttributeNames: { '#sk': SK },
              },
            },
            { Put: { TableName: this.#table, Item: this.#item(silence) } },
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new DuplicateSilenceError(silence.id);
      }
      throw storeError('addSilence', error);
    }
  }

  async expireSilence(id: string, at: string): Promise<Silence | null> {
    try {
      const marker = await this.#client.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { [PK]: { S: SILENCE_PARTITION }, [SK]: { S: markerKey(id) } },
          ConsistentRead: true,
        }),
      );
      const endKey = marker.Item?.endKey?.S;
      if (endKey === undefined) return null;
      const item = await this.#client.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { [PK]: { S: SILENCE_PARTITION }, [SK]: { S: endKey } },
          ConsistentRead: true,
        }),
      );
      const json = item.Item?.silence?.S;
      if (json === undefined) return null;
      const stored = JSON.parse(json) as Silence;
      if (effectiveEnd(stored) <= at) return stored;
      const expired: Silence = { ...stored, expiredAt: at };
      await this.#client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: { [PK]: { S: SILENCE_PARTITION }, [SK]: { S: markerKey(id) } },
                UpdateExpression: 'SET endKey = :next',
                // Another expire in between: this one fails instead of leaving two items.
                ConditionExpression: 'endKey = :current',
                ExpressionAttributeValues: { ':next': { S: silenceKey(expired) }, ':current': { S: endKey } },
              },
            },
            {
              Delete: {
                TableName: this.#table,
                Key: { [PK]: { S: SILENCE_PARTITION }, [SK]: { S: endKey } },
              },
            },
            { Put: { TableName: this.#table, Item: this.#item(expired) } },
          ],
        }),
      );
      return expired;
    } catch (error) {
      throw storeError('expireSilence', error);
    }
  }

  async listSilences(q: { readonly endedAfter: string }): Promise<readonly Silence[]> {
    const silences: Silence[] = [];
    let start: Record<string, AttributeValue> | undefined;
    try {
      do {
        const page = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
            ExpressionAttributeValues: {
              ':pk': { S: SILENCE_PARTITION },
              ':from': { S: `SILENCE#${q.endedAfter}` },
              // `$` sorts right after `#`: every silence item, no marker.
              ':to': { S: 'SILENCE$' },
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const json = item.silence?.S;
          if (json !== undefined && silences.length < MAX_LISTED_SILENCES)
            silences.push(JSON.parse(json) as Silence);
        }
        start = silences.length < MAX_LISTED_SILENCES ? page.LastEvaluatedKey : undefined;
      } while (start !== undefined);
    } catch (error) {
      throw storeError('listSilences', error);
    }
    return silences;
  }

  #item(silence: Silence) {
    return {
      [PK]: { S: SILENCE_PARTITION },
      [SK]: { S: silenceKey(silence) },
      silenceId: { S: silence.id },
      silence: { S: JSON.stringify(silence) },
    };
  }
}

function storeError(operation: string, error: unknown): StoreError {
  const reasons =
    error instanceof TransactionCanceledException
      ? (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None')
      : error instanceof ConditionalCheckFailedException
        ? ['ConditionalCheckFailed']
        : [error instanceof Error ? error.name : 'UnknownError'];
  return new StoreError('DynamoDB refused the silence operation', { operation, reasons, cause: error });
}
