/**
 * History access patterns 2-4 on the history table's indexes, newest first, paged with opaque
 * cursors. The port settles the time range and limit (`historyWindow`); this file maps them onto
 * index partitions and DynamoDB's own paging.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '../../core/model/change-events.js';
import type { Severity } from '../../core/model/link-model.js';
import type { Page, PageRequest, TimeRange } from '../../core/ports.js';
import { historyWindow } from '../../core/record/store-input.js';
import { InvalidCursorError } from '../../core/store-errors.js';
import { type DynamoDbCalls, historyIndex, storeFailure } from './dynamodb-calls.js';
import {
  decodeHistoryEvent,
  type Item,
  linkHistoryKey,
  monthOf,
  severityBucketKey,
} from './dynamodb-item-codec.js';
import { HISTORY_INDEX, HISTORY_TABLE, type IndexDesign } from './table-design.js';

interface Cursor {
  /** Severity bucket the page ended in (pattern 4 only). */
  readonly b?: string;
  /** ExclusiveStartKey, every key attribute being a string. */
  readonly k: Record<string, string>;
}

interface RangeQuery {
  readonly method: string;
  readonly clusterId?: string | undefined;
  readonly linkName?: string | undefined;
  readonly index: IndexDesign;
  readonly range: TimeRange;
  readonly limit: number;
}

export class HistoryQueries {
  constructor(
    private readonly calls: DynamoDbCalls,
    private readonly historyTable: string,
  ) {}

  /** Access pattern 2: the `byLink` index, newest first. */
  async linkHistory(
    q: { clusterId: string; linkName: string } & TimeRange & PageRequest,
  ): Promise<Page<HistoryEvent>> {
    const query = rangeQuery('linkHistory', HISTORY_INDEX.byLink, q, q.clusterId, q.linkName);
    if (query === null) return { items: [] };
    return this.pageOfPartition(query, linkHistoryKey(q.clusterId, q.linkName), q.cursor);
  }

  /** Access pattern 3: the `byClusterTime` index, newest first. */
  async clusterHistory(q: { clusterId: string } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    const query = rangeQuery('clusterHistory', HISTORY_INDEX.byClusterTime, q, q.clusterId);
    if (query === null) return { items: [] };
    return this.pageOfPartition(query, q.clusterId, q.cursor);
  }

  /** Access pattern 4: the `bySeverity` index, one partition per severity and month, newest month first. */
  async severityHistory(q: { severity: Severity } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    const query = rangeQuery('severityHistory', HISTORY_INDEX.bySeverity, q);
    if (query === null) return { items: [] };
    const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, query);
    const months = monthsDescending(query.range.from, query.range.to);
    const start = cursor?.b === undefined ? 0 : months.indexOf(cursor.b.slice(cursor.b.indexOf('#') + 1));
    // A cursor from another time range points into a month this range does not cover.
    if (start < 0) throw new InvalidCursorError({ operation: query.method });
    const want = query.limit + 1;
    const items: Item[] = [];
    for (let i = start; i < months.length && items.length < want; i++) {
      const bucket = severityBucketKey(q.severity, months[i] as string);
      const startKey = i === start && cursor !== undefined ? toKey(cursor.k) : undefined;
      items.push(...(await this.queryRange(query, bucket, want - items.length, startKey)));
    }
    return toPage(query, items, (item) => item.severityBucket?.S);
  }

  private async pageOfPartition(
    query: RangeQuery,
    partition: string,
    cursor?: string,
  ): Promise<Page<HistoryEvent>> {
    const startKey = cursor === undefined ? undefined : toKey(decodeCursor(cursor, query).k);
    const items = await this.queryRange(query, partition, query.limit + 1, startKey);
    return toPage(query, items, () => undefined);
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
      const out = await this.calls
        .send<QueryCommandOutput>(
          query.method,
          'Query',
          new QueryCommand({
            TableName: this.historyTable,
            IndexName: query.index.indexName,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeNames: {
              '#pk': query.index.partitionKey.name,
              '#sk': query.index.sortKey.name,
            },
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
        )
        .catch((error: unknown) => {
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
}

/** The query on one index, or null when the range is empty. */
function rangeQuery(
  method: string,
  indexName: string,
  q: TimeRange & PageRequest,
  clusterId?: string,
  linkName?: string,
): RangeQuery | null {
  const window = historyWindow(q, { operation: method, clusterId, linkName });
  if (window.empty) return null;
  return {
    method,
    clusterId,
    linkName,
    index: historyIndex(indexName),
    range: { from: window.from, to: window.to },
    limit: window.limit,
  };
}

/**
 * Turns `limit + 1` read items into a page: the extra item only proves there is more, so a cursor
 * is returned exactly when another page exists.
 */
function toPage(
  query: RangeQuery,
  items: Item[],
  bucketOf: (item: Item) => string | undefined,
): Page<HistoryEvent> {
  const page = items.slice(0, query.limit);
  const last = page[page.length - 1];
  if (items.length <= query.limit || last === undefined) return { items: page.map(decodeHistoryEvent) };
  const k: Record<string, string> = {};
  for (const name of cursorKeyNames(query)) k[name] = last[name]?.S ?? '';
  const bucket = bucketOf(last);
  return {
    items: page.map(decodeHistoryEvent),
    cursor: encodeCursor(bucket === undefined ? { k } : { b: bucket, k }),
  };
}

/** The index's keys and the table's: together an ExclusiveStartKey of that index. */
function cursorKeyNames(query: RangeQuery): string[] {
  return [
    query.index.partitionKey.name,
    query.index.sortKey.name,
    HISTORY_TABLE.partitionKey.name,
    HISTORY_TABLE.sortKey.name,
  ];
}

function toKey(k: Record<string, string>): Item {
  return Object.fromEntries(Object.entries(k).map(([name, value]) => [name, { S: value }]));
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Cursors come back from users (CLI flags): anything but a key of this very index is refused. */
function decodeCursor(text: string, query: RangeQuery): Cursor {
  const invalid = () =>
    new InvalidCursorError({
      operation: query.method,
      clusterId: query.clusterId,
      linkName: query.linkName,
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
  const expected = new Set(cursorKeyNames(query));
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
