/**
 * The alert ledger on DynamoDB (`alert-ledger-table.ts`): one strongly consistent Query lists a
 * cluster's open alerts (a resolve written a moment before must be seen), and each event is
 * recorded with one conditional UpdateItem whose condition is the ordering rule itself: written
 * when the alert has no event yet or its last one was observed no later than this one. A failed
 * condition is a stale event, not an error.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  paginateQuery,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AlertLedger, LedgerEntry, LedgerOutcome, OpenAlert } from './alert-ledger.js';
import { AlertLedgerError } from './alert-ledger-errors.js';
import {
  ALERT_LEDGER_TABLE,
  LEDGER_ATTRIBUTE,
  ledgerPartitionKey,
  RESOLVED_ALERT_RETENTION_DAYS,
} from './alert-ledger-table.js';
import type { AlertKind } from './pagerduty-events.js';

const PK = ALERT_LEDGER_TABLE.partitionKey.name;
const SK = ALERT_LEDGER_TABLE.sortKey.name;
const KINDS: ReadonlySet<string> = new Set<AlertKind>(['condition', 'part', 'cluster']);
const SECONDS_PER_DAY = 86_400;

export interface DynamoDbAlertLedgerProps {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** This notifier's part of the table (`PAGERDUTY_RECEIVER_ID`); never contains `#`. */
  readonly receiverId: string;
  /** When a resolved alert's item expires is counted from it. @default Date.now */
  readonly now?: () => number;
}

export class DynamoDbAlertLedger implements AlertLedger {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #receiverId: string;
  readonly #now: () => number;

  constructor(props: DynamoDbAlertLedgerProps) {
    this.#client = props.client;
    this.#table = props.tableName;
    this.#receiverId = props.receiverId;
    this.#now = props.now ?? Date.now;
  }

  async openAlerts(clusterId: string): Promise<readonly OpenAlert[]> {
    const alerts: OpenAlert[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#open = :open',
        ProjectionExpression: '#sk, #link, #kind',
        ExpressionAttributeNames: {
          '#pk': PK,
          '#sk': SK,
          '#open': LEDGER_ATTRIBUTE.open,
          '#link': LEDGER_ATTRIBUTE.linkName,
          '#kind': LEDGER_ATTRIBUTE.kind,
        },
        ExpressionAttributeValues: {
          ':pk': { S: ledgerPartitionKey(this.#receiverId, clusterId) },
          ':open': { BOOL: true },
        },
      },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const alert = openAlertOf(item);
          if (alert !== null) alerts.push(alert);
        }
      }
    } catch (error) {
      throw new AlertLedgerError('openAlerts', clusterId, reasonOf(error), { cause: error });
    }
    return alerts;
  }

  async record(entry: LedgerEntry): Promise<LedgerOutcome> {
    const resolve = entry.action === 'resolve';
    const set = ['#open = :open', '#at = :at', '#kind = :kind'];
    const names: Record<string, string> = {
      '#open': LEDGER_ATTRIBUTE.open,
      '#at': LEDGER_ATTRIBUTE.lastEventAt,
      '#kind': LEDGER_ATTRIBUTE.kind,
      '#expires': LEDGER_ATTRIBUTE.expiresAt,
    };
    const values: Record<string, AttributeValue> = {
      ':open': { BOOL: !resolve },
      ':at': { N: String(entry.at) },
      ':kind': { S: entry.kind },
    };
    if (entry.linkName !== null) {
      set.push('#link = :link');
      names['#link'] = LEDGER_ATTRIBUTE.linkName;
      values[':link'] = { S: entry.linkName };
    }
    if (resolve) {
      set.push('#expires = :expires');
      const expires = Math.floor(this.#now() / 1000) + RESOLVED_ALERT_RETENTION_DAYS * SECONDS_PER_DAY;
      values[':expires'] = { N: String(expires) };
    }
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: {
            [PK]: { S: ledgerPartitionKey(this.#receiverId, entry.clusterId) },
            [SK]: { S: entry.dedupKey },
          },
          // A trigger reopens an alert: an open alert never expires.
          UpdateExpression: `SET ${set.join(', ')}${resolve ? '' : ' REMOVE #expires'}`,
          // Equal times pass: a retry of the event already recorded must still be sent.
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw new AlertLedgerError('record', entry.clusterId, reasonOf(error), {
        dedupKey: entry.dedupKey,
        cause: error,
      });
    }
  }
}

/** An item as an open alert; null for one this adapter did not write (left alone). */
function openAlertOf(item: Record<string, AttributeValue>): OpenAlert | null {
  const dedupKey = item[SK]?.S;
  const kind = item[LEDGER_ATTRIBUTE.kind]?.S;
  if (dedupKey === undefined || kind === undefined || !KINDS.has(kind)) return null;
  return { dedupKey, linkName: item[LEDGER_ATTRIBUTE.linkName]?.S ?? null, kind: kind as AlertKind };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
