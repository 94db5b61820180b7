/**
 * `LinkStateStore` on DynamoDB: snapshots and cluster records in one table, history in another
 * (keys and indexes in `table-design.ts`, reasoning in `docs/table-design.md`).
 *
 * Every change is one conditional write: the snapshot's `version` guards against a concurrent poll,
 * and its history events are written in the same transaction, so history and state never disagree.
 * Throttling is retried by the SDK's standard retry strategy of the injected client, not here.
 */
import {
  ConditionalCheckFailedException,
  type ConditionCheck,
  type ConsumedCapacity,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import type { HistoryEvent } from '../../core/change-events.js';
import type { Severity } from '../../core/link-model.js';
import type {
  ClusterCommit,
  ClusterRecord,
  ClusterState,
  CommitOutcome,
  LinkCommit,
  LinkSnapshot,
  LinkStateStore,
  Page,
  PageRequest,
  TimeRange,
} from '../../core/ports.js';
import {
  CLUSTER_ITEM_KEY,
  CLUSTER_LIST_KEY,
  canonicalTime,
  decodeClusterRecord,
  decodeHistoryEvent,
  decodeLinkSnapshot,
  encodeClusterRecord,
  encodeHistoryEvent,
  encodeLinkSnapshot,
  type Item,
  isClusterItem,
  linkHistoryKey,
  linkItemKey,
  monthOf,
  severityBucketKey,
} from './dynamodb-item-codec.js';
import { InvalidQueryError, StoreError } from './dynamodb-store-error.js';
import {
  CLUSTERS_INDEX,
  HISTORY_INDEX,
  HISTORY_TABLE,
  type IndexDesign,
  SNAPSHOT_TABLE,
  type TableDesign,
} from './table-design.js';

/** One DynamoDB call made by the store, reported to `onCall` (the benchmark counts and costs them). */
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

export interface DynamoDbLinkStateStoreOptions {
  /** Configured by the caller (region, endpoint via `AWS_ENDPOINT_URL_DYNAMODB`, retry strategy). */
  readonly client: DynamoDBClient;
  readonly snapshotTableName: string;
  readonly historyTableName: string;
  /** Called after every DynamoDB call, successful or not. */
  readonly onCall?: (call: StoreCall) => void;
  /** Parallel UpdateItem calls of `markSent`/`markPending`; default 8. */
  readonly updateConcurrency?: number;
}

/** DynamoDB transactions hold at most 100 items: the snapshot plus 99 events. */
export const MAX_EVENTS_PER_COMMIT = 99;
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

const SENT = { S: 'SENT' };
/** Claim attributes of an event being published (see `claimPendingEvents`); not part of HistoryEvent. */
const CLAIMED_BY = 'claimedBy';
const CLAIMED_UNTIL = 'claimedUntil';
const PENDING = { S: 'PENDING' };
const NOT_NOTIFIED = { S: 'NOT_NOTIFIED' };

interface Cursor {
  /** Severity bucket the page ended in (pattern 4 only). */
  readonly b?: string;
  /** ExclusiveStartKey, every key attribute being a string. */
  readonly k: Record<string, string>;
}

interface RangeQuery {
  readonly method: string;
  readonly clusterId?: string;
  readonly linkName?: string;
  readonly index: IndexDesign;
  readonly range: TimeRange;
  readonly limit: number;
}

export class DynamoDbLinkStateStore implements LinkStateStore {
  private readonly client: DynamoDBClient;
  private readonly snapshotTable: string;
  private readonly historyTable: string;
  private readonly onCall: (call: StoreCall) => void;
  private readonly updateConcurrency: number;

  constructor(options: DynamoDbLinkStateStoreOptions) {
    this.client = options.client;
    this.snapshotTable = options.snapshotTableName;
    this.historyTable = options.historyTableName;
    this.onCall = options.onCall ?? (() => {});
    this.updateConcurrency = options.updateConcurrency ?? 8;
  }

  /** Access pattern 1: one strongly consistent Query of the cluster's partition (1 MB per page). */
  async readClusterState(clusterId: string): Promise<ClusterState> {
    let cluster: ClusterRecord | null = null;
    const links: LinkSnapshot[] = [];
    // Decoded page by page: a large cluster's raw items are never all held next to their snapshots.
    await this.queryPages(
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
          // One cluster id string for all of its snapshots, not one per item.
          else links.push({ ...decodeLinkSnapshot(item), clusterId });
        }
      },
    );
    return { cluster, links };
  }

  async commitLink(commit: LinkCommit): Promise<CommitOutcome> {
    const context = { operation: 'commitLink', clusterId: commit.clusterId, linkName: commit.linkName };
    if (commit.next !== null && commit.next.link.linkName !== commit.linkName) {
      throw new StoreError(`snapshot is for link ${commit.next.link.linkName}`, context);
    }
    const key = {
      [SNAPSHOT_TABLE.partitionKey.name]: { S: commit.clusterId },
      [SNAPSHOT_TABLE.sortKey.name]: { S: linkItemKey(commit.linkName) },
    };
    return this.commit(
      context,
      commit.expectedVersion,
      commit.next && encodeLinkSnapshot(commit.next),
      key,
      commit.events,
    );
  }

  async commitCluster(commit: ClusterCommit): Promise<CommitOutcome> {
    const context = { operation: 'commitCluster', clusterId: commit.clusterId };
    if (commit.next.clusterId !== commit.clusterId) {
      throw new StoreError(`record is for cluster ${commit.next.clusterId}`, context);
    }
    const key = {
      [SNAPSHOT_TABLE.partitionKey.name]: { S: commit.clusterId },
      [SNAPSHOT_TABLE.sortKey.name]: { S: CLUSTER_ITEM_KEY },
    };
    return this.commit(context, commit.expectedVersion, encodeClusterRecord(commit.next), key, commit.events);
  }

  /** The sparse `pending` index holds exactly the events waiting to be published; oldest first. */
  async pendingEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    const items = await this.queryPending('pendingEvents', clusterId);
    // The index is eventually consistent: drop an event whose copy there is older than its marking.
    return items.map(decodeHistoryEvent).filter((event) => event.notification === 'PENDING');
  }

  private queryPending(method: string, clusterId: string): Promise<Item[]> {
    const index = historyIndex(HISTORY_INDEX.pending);
    return this.queryAll(
      method,
      { clusterId },
      {
        TableName: this.historyTable,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey.name },
        ExpressionAttributeValues: { ':pk': { S: clusterId } },
        ScanIndexForward: true,
      },
    );
  }

  /**
   * Claims each PENDING event with its own conditional write, so that of two polls claiming at
   * once each event goes to exactly one. The index copy pre-filters events visibly claimed by
   * someone else; the base-table condition is what decides.
   */
  async claimPendingEvents(q: {
    readonly clusterId: string;
    readonly claimant: string;
    readonly now: string;
    readonly claimUntil: string;
    readonly justCommitted?: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[];
  }): Promise<readonly HistoryEvent[]> {
    const context = { operation: 'claimPendingEvents', clusterId: q.clusterId };
    const now = canonicalTime(q.now);
    const until = canonicalTime(q.claimUntil);
    if (now === null) throw new InvalidQueryError(`'now' is not an ISO-8601 time: ${q.now}`, context);
    if (until === null)
      throw new InvalidQueryError(`'claimUntil' is not an ISO-8601 time: ${q.claimUntil}`, context);
    const candidates = (await this.queryPending('claimPendingEvents', q.clusterId))
      .filter((item) => {
        const claimedUntil = item[CLAIMED_UNTIL]?.S;
        return item.notification?.S === 'PENDING' && (claimedUntil === undefined || claimedUntil < now);
      })
      .map(decodeHistoryEvent);
    // The outbox index may not show this poll's own commits yet; the conditional update below
    // decides for those too (an id that is not PENDING simply fails the condition).
    const listed = new Set(candidates.map((e) => e.eventId));
    const unlisted = (q.justCommitted ?? []).filter(
      (e) => e.clusterId === q.clusterId && !listed.has(e.eventId),
    );
    const claimed = await this.updateEach('claimPendingEvents', [...candidates, ...unlisted], {
      UpdateExpression: 'SET #claimedBy = :claimant, #claimedUntil = :until',
      ConditionExpression:
        '#notification = :pending AND (attribute_not_exists(#claimedUntil) OR #claimedUntil < :now)',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#claimedBy': CLAIMED_BY,
        '#claimedUntil': CLAIMED_UNTIL,
      },
      values: () => ({
        ':claimant': { S: q.claimant },
        ':until': { S: until },
        ':now': { S: now },
        ':pending': PENDING,
      }),
    });
    return claimed
      .filter((item): item is Item => item !== undefined)
      .map(decodeHistoryEvent)
      .sort((a, b) => compareOldestFirst(a, b));
  }

  async releaseClaim(
    events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[],
    claimant: string,
  ): Promise<void> {
    await this.updateEach('releaseClaim', events, {
      UpdateExpression: 'REMOVE #claimedBy, #claimedUntil',
      // Another poll's claim (taken after ours expired) is not ours to give up.
      ConditionExpression: '#claimedBy = :claimant',
      ExpressionAttributeNames: { '#claimedBy': CLAIMED_BY, '#claimedUntil': CLAIMED_UNTIL },
      values: () => ({ ':claimant': { S: claimant } }),
    });
  }

  async markSent(events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[]): Promise<void> {
    await this.updateEach('markSent', events, {
      // Removing the key takes the event out of the outbox index.
      UpdateExpression: 'SET #notification = :sent REMOVE #pending, #claimedBy, #claimedUntil',
      // Never create an item for an unknown (or expired) event; leave a SENT one untouched.
      ConditionExpression: 'attribute_exists(#sk) AND #notification <> :sent',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#pending': historyIndex(HISTORY_INDEX.pending).partitionKey.name,
        '#sk': HISTORY_TABLE.sortKey.name,
        '#claimedBy': CLAIMED_BY,
        '#claimedUntil': CLAIMED_UNTIL,
      },
      values: () => ({ ':sent': SENT }),
    });
  }

  async markPending(events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[]): Promise<void> {
    await this.updateEach('markPending', events, {
      UpdateExpression: 'SET #notification = :pending, #pending = :clusterId',
      // Only held events move; a sent one must not be published again.
      ConditionExpression: '#notification = :held',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#pending': historyIndex(HISTORY_INDEX.pending).partitionKey.name,
      },
      values: (event) => ({
        ':pending': PENDING,
        ':held': NOT_NOTIFIED,
        ':clusterId': { S: event.clusterId },
      }),
    });
  }

  /** Access pattern 2: the `byLink` index, newest first. */
  async linkHistory(
    q: { clusterId: string; linkName: string } & TimeRange & PageRequest,
  ): Promise<Page<HistoryEvent>> {
    const query = this.rangeQuery('linkHistory', HISTORY_INDEX.byLink, q, q.clusterId, q.linkName);
    if (query === null) return { items: [] };
    return this.pageOfPartition(query, linkHistoryKey(q.clusterId, q.linkName), q.cursor);
  }

  /** Access pattern 3: the `byClusterTime` index, newest first. */
  async clusterHistory(q: { clusterId: string } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    const query = this.rangeQuery('clusterHistory', HISTORY_INDEX.byClusterTime, q, q.clusterId);
    if (query === null) return { items: [] };
    return this.pageOfPartition(query, q.clusterId, q.cursor);
  }

  /** Access pattern 4: the `bySeverity` index, one partition per severity and month, newest month first. */
  async severityHistory(q: { severity: Severity } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    const query = this.rangeQuery('severityHistory', HISTORY_INDEX.bySeverity, q);
    if (query === null) return { items: [] };
    const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, query);
    const months = monthsDescending(query.range.from, query.range.to);
    const start = cursor?.b === undefined ? 0 : months.indexOf(cursor.b.slice(cursor.b.indexOf('#') + 1));
    if (start < 0)
      throw new InvalidQueryError('cursor does not belong to this time range', { operation: query.method });
    const want = query.limit + 1;
    const items: Item[] = [];
    for (let i = start; i < months.length && items.length < want; i++) {
      const bucket = severityBucketKey(q.severity, months[i] as string);
      const startKey = i === start && cursor !== undefined ? toKey(cursor.k) : undefined;
      items.push(...(await this.queryRange(query, bucket, want - items.length, startKey)));
    }
    return this.toPage(query, items, (item) => item.severityBucket?.S);
  }

  /** Every cluster record, from the sparse `clusters` index (never a Scan). */
  async listClusters(): Promise<readonly ClusterRecord[]> {
    const index = snapshotIndex(CLUSTERS_INDEX);
    const items = await this.queryAll(
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

  private async commit(
    context: { operation: string; clusterId: string; linkName?: string },
    expectedVersion: number | null,
    next: Item | null,
    key: Item,
    events: readonly HistoryEvent[],
  ): Promise<CommitOutcome> {
    if (events.length > MAX_EVENTS_PER_COMMIT) {
      throw new StoreError(
        `${events.length} events exceed the ${MAX_EVENTS_PER_COMMIT} that fit one transaction with the snapshot`,
        { ...context, reasons: ['TooManyEvents'] },
      );
    }
    for (const event of events) {
      if (event.clusterId !== context.clusterId) {
        throw new StoreError(`event ${event.eventId} belongs to cluster ${event.clusterId}`, context);
      }
    }
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
          await this.call(context.operation, 'DeleteItem', new DeleteItemCommand({ ...guarded, Key: key }));
        else await this.call(context.operation, 'PutItem', new PutItemCommand({ ...guarded, Item: next }));
        return 'committed';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'conflict';
        throw storeFailure(context, error);
      }
    }

    const snapshotWrite: TransactWriteItem =
      next !== null
        ? { Put: { ...guarded, Item: next } }
        : expectedVersion !== null
          ? { Delete: { ...guarded, Key: key } }
          : { ConditionCheck: { ...guarded, Key: key } };
    const eventWrites: TransactWriteItem[] = events.map((event) => ({
      Put: {
        TableName: this.historyTable,
        Item: encodeHistoryEvent(event),
        // An event is recorded once: a second write of the same id is refused, never an overwrite.
        ConditionExpression: 'attribute_not_exists(#sk)',
        ExpressionAttributeNames: { '#sk': HISTORY_TABLE.sortKey.name },
      },
    }));
    try {
      await this.call(
        context.operation,
        'TransactWriteItems',
        new TransactWriteItemsCommand({ TransactItems: [snapshotWrite, ...eventWrites] }),
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
        const duplicate = reasons.slice(1).includes('ConditionalCheckFailed');
        throw new StoreError(
          duplicate ? 'an event id is already recorded in history' : 'transaction cancelled',
          { ...context, reasons, cause: error },
        );
      }
      throw storeFailure(context, error);
    }
  }

  private async updateEach(
    method: string,
    events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[],
    update: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      values: (event: Pick<HistoryEvent, 'clusterId' | 'eventId'>) => Item;
    },
  ): Promise<(Item | undefined)[]> {
    const unique = new Map(events.map((e) => [`${e.clusterId}\u0000${e.eventId}`, e]));
    const limit = pLimit(this.updateConcurrency);
    return Promise.all(
      [...unique.values()].map((event) =>
        limit(async () => {
          try {
            const out = await this.call<UpdateItemCommandOutput>(
              method,
              'UpdateItem',
              new UpdateItemCommand({
                TableName: this.historyTable,
                Key: {
                  [HISTORY_TABLE.partitionKey.name]: { S: event.clusterId },
                  [HISTORY_TABLE.sortKey.name]: { S: event.eventId },
                },
                UpdateExpression: update.UpdateExpression,
                ConditionExpression: update.ConditionExpression,
                ExpressionAttributeNames: update.ExpressionAttributeNames,
                ExpressionAttributeValues: update.values(event),
                ReturnValues: 'ALL_NEW',
              }),
            );
            return out.Attributes;
          } catch (error) {
            // Already in the target state, claimed by another poll, or gone: nothing to do.
            if (error instanceof ConditionalCheckFailedException) return undefined;
            throw storeFailure({ operation: method, clusterId: event.clusterId }, error);
          }
        }),
      ),
    );
  }

  private rangeQuery(
    method: string,
    indexName: string,
    q: TimeRange & PageRequest,
    clusterId?: string,
    linkName?: string,
  ): RangeQuery | null {
    const context = { operation: method, clusterId, linkName };
    const from = canonicalTime(q.from);
    const to = canonicalTime(q.to);
    if (from === null) throw new InvalidQueryError(`'from' is not an ISO-8601 time: ${q.from}`, context);
    if (to === null) throw new InvalidQueryError(`'to' is not an ISO-8601 time: ${q.to}`, context);
    const limit = q.limit ?? DEFAULT_PAGE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InvalidQueryError(`'limit' must be a positive integer, got ${limit}`, context);
    }
    if (from > to) return null;
    return {
      method,
      clusterId,
      linkName,
      index: historyIndex(indexName),
      range: { from, to },
      limit: Math.min(limit, MAX_PAGE_LIMIT),
    };
  }

  private async pageOfPartition(
    query: RangeQuery,
    partition: string,
    cursor?: string,
  ): Promise<Page<HistoryEvent>> {
    const startKey = cursor === undefined ? undefined : toKey(decodeCursor(cursor, query).k);
    const items = await this.queryRange(query, partition, query.limit + 1, startKey);
    return this.toPage(query, items, () => undefined);
  }

  /**
   * Reads up to `want` items of one index partition within the time range, newest first, following
   * DynamoDB's pages (a Query stops at 1 MB even below its Limit).
   */
  private async queryRange(
    query: RangeQuery,
    partition: string,
    want: number,
    startKey?: Item,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let exclusiveStartKey = startKey;
    do {
      const out = await this.call<QueryCommandOutput>(
        query.method,
        'Query',
        new QueryCommand({
          TableName: this.historyTable,
          IndexName: query.index.indexName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': query.index.partitionKey.name, '#sk': query.index.sortKey.name },
          ExpressionAttributeValues: {
            ':pk': { S: partition },
            ':from': { S: query.range.from },
            // Time keys are `{time}#...`; `$` sorts right after `#`, so every event at `to` is included.
            ':to': { S: `${query.range.to}$` },
          },
          ScanIndexForward: false,
          Limit: want - items.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      ).catch((error: unknown) => {
        throw storeFailure(
          { operation: query.method, clusterId: query.clusterId, linkName: query.linkName },
          error,
        );
      });
      items.push(...(out.Items ?? []));
      exclusiveStartKey = out.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined && items.length < want);
    return items;
  }

  /**
   * Turns `limit + 1` read items into a page: the extra item only proves there is more, so a cursor
   * is returned exactly when another page exists.
   */
  private toPage(
    query: RangeQuery,
    items: Item[],
    bucketOf: (item: Item) => string | undefined,
  ): Page<HistoryEvent> {
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    if (items.length <= query.limit || last === undefined) return { items: page.map(decodeHistoryEvent) };
    const keyNames = [
      query.index.partitionKey.name,
      query.index.sortKey.name,
      HISTORY_TABLE.partitionKey.name,
      HISTORY_TABLE.sortKey.name,
    ];
    const k: Record<string, string> = {};
    for (const name of keyNames) k[name] = last[name]?.S ?? '';
    const bucket = bucketOf(last);
    return {
      items: page.map(decodeHistoryEvent),
      cursor: encodeCursor(bucket === undefined ? { k } : { b: bucket, k }),
    };
  }

  private async queryAll(
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
  private async queryPages(
    method: string,
    context: { clusterId?: string },
    input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
    onPage: (items: readonly Item[]) => void,
  ): Promise<void> {
    let exclusiveStartKey: Item | undefined;
    do {
      const out = await this.call<QueryCommandOutput>(
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

  /** Sends one command with `ReturnConsumedCapacity: TOTAL` and reports it to `onCall`. */
  private async call<Output extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
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
}

function totalCapacity(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number {
  if (consumed === undefined) return 0;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  return all.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

function storeFailure(
  context: { operation: string; clusterId?: string | undefined; linkName?: string | undefined },
  error: unknown,
): StoreError {
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

function findIndex(design: TableDesign, name: string): IndexDesign {
  const index = design.globalSecondaryIndexes.find((i) => i.indexName === name);
  if (index === undefined) throw new Error(`table ${design.id} has no index ${name}`);
  return index;
}

const historyIndex = (name: string) => findIndex(HISTORY_TABLE, name);
const snapshotIndex = (name: string) => findIndex(SNAPSHOT_TABLE, name);

function toKey(k: Record<string, string>): Item {
  return Object.fromEntries(Object.entries(k).map(([name, value]) => [name, { S: value }]));
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Cursors come back from users (CLI flags): anything but a key of this very index is refused. */
function decodeCursor(text: string, query: RangeQuery): Cursor {
  const invalid = () =>
    new InvalidQueryError('cursor is not one this query returned', {
      operation: query.method,
      ...(query.clusterId !== undefined && { clusterId: query.clusterId }),
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { b, k } = parsed as { b?: unknown; k?: unknown };
  if (b !== undefined && typeof b !== 'string') throw invalid();
  if (typeof k !== 'object' || k === null) throw invalid();
  const expected = new Set([
    query.index.partitionKey.name,
    query.index.sortKey.name,
    HISTORY_TABLE.partitionKey.name,
    HISTORY_TABLE.sortKey.name,
  ]);
  const entries = Object.entries(k);
  if (
    entries.length !== expected.size ||
    entries.some(([name, v]) => !expected.has(name) || typeof v !== 'string')
  ) {
    throw invalid();
  }
  return b === undefined ? { k: k as Record<string, string> } : { b, k: k as Record<string, string> };
}

/** `YYYY-MM` months from the month of `to` back to the month of `from`. */
function monthsDescending(fromIso: string, toIso: string): string[] {
  const first = monthOf(fromIso);
  const months: string[] = [];
  let year = Number(toIso.slice(0, 4));
  let month = Number(toIso.slice(5, 7));
  for (;;) {
    const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (label < first) return months;
    months.push(label);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
}

/** Oldest first by observation time, then by id: the order the outbox publishes in. */
function compareOldestFirst(a: HistoryEvent, b: HistoryEvent): number {
  const at = Date.parse(a.observedAt) - Date.parse(b.observedAt);
  if (at !== 0) return at;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
