/**
 * The alert ledger against DynamoDB Local, in a table built from the same design as the stack's:
 * what it lists as open, the ordering its condition enforces, the items it leaves to expire, and
 * that receivers sharing the table never see each other's alerts.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCreateTableInput } from '../../../../adapters/dynamodb/table-design.js';
import type { LedgerEntry } from '../../../../receivers/pagerduty/alert-ledger.js';
import { ALERT_LEDGER_TABLE } from '../../../../receivers/pagerduty/alert-ledger-table.js';
import { DynamoDbAlertLedger } from '../../../../receivers/pagerduty/dynamodb-alert-ledger.js';
import { localDynamoDbClient } from '../../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';

const NOW = Date.parse('2025-06-03T12:00:00.000Z');
const T1 = Date.parse('2025-06-03T10:00:00.000Z');
const T2 = Date.parse('2025-06-03T11:00:00.000Z');

describe('Class: DynamoDbAlertLedger (DynamoDB Local)', () => {
  let client: DynamoDBClient;
  let tableName: string;

  beforeAll(async () => {
    client = localDynamoDbClient(dynamoDbEndpoint());
    tableName = `alert-ledger-${randomUUID().slice(0, 8)}`;
    await client.send(new CreateTableCommand(toCreateTableInput(ALERT_LEDGER_TABLE, tableName)));
  });

  afterAll(async () => {
    await client?.send(new DeleteTableCommand({ TableName: tableName }));
  });

  const ledger = (receiverId = 'PagerDutyAAAA0001') =>
    new DynamoDbAlertLedger({ client, tableName, receiverId, now: () => NOW });

  /** An event of its own cluster, so that no test sees another's alerts. */
  const entryOf = (clusterId: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry => ({
    clusterId,
    dedupKey: `cluster-link-monitor/${clusterId}/orders-dr/FAILED/-`,
    linkName: 'orders-dr',
    kind: 'condition',
    action: 'trigger',
    at: T1,
    ...overrides,
  });

  const itemOf = async (receiverId: string, entry: LedgerEntry) =>
    (
      await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: {
            receiverCluster: { S: `${receiverId}#${entry.clusterId}` },
            dedupKey: { S: entry.dedupKey },
          },
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('lists the alerts triggered and not resolved since, with their links and kinds', async () => {
    // Prepare
    const store = ledger();
    const failed = entryOf('lkc-open');
    const topic = entryOf('lkc-open', { dedupKey: 'topic', kind: 'part' });
    const cluster = entryOf('lkc-open', { dedupKey: 'cluster', kind: 'cluster', linkName: null });
    const recovered = entryOf('lkc-open', { dedupKey: 'paused' });

    // Act
    for (const entry of [failed, topic, cluster, recovered]) await store.record(entry);
    await store.record({ ...recovered, action: 'resolve', at: T2 });

    // Assess: in dedup key order
    expect(await store.openAlerts('lkc-open')).toEqual([
      { dedupKey: 'cluster', linkName: null, kind: 'cluster' },
      { dedupKey: failed.dedupKey, linkName: 'orders-dr', kind: 'condition' },
      { dedupKey: 'topic', linkName: 'orders-dr', kind: 'part' },
    ]);
  });

  it('refuses an event older than the last one recorded for its alert, and records it again at the same time', async () => {
    // Prepare
    const store = ledger();
    const resolve = entryOf('lkc-order', { action: 'resolve', at: T2 });
    await store.record(resolve);

    // Act
    const staleTrigger = await store.record(entryOf('lkc-order', { action: 'trigger', at: T1 }));
    const retriedResolve = await store.record(resolve);

    // Assess
    expect(staleTrigger).toBe('stale');
    expect(retriedResolve).toBe('recorded');
    expect(await store.openAlerts('lkc-order')).toEqual([]);
  });

  it('lets a resolved alert expire 30 days after its resolve, and never an open one', async () => {
    // Prepare
    const store = ledger();
    const failed = entryOf('lkc-ttl');

    // Act
    await store.record({ ...failed, action: 'resolve', at: T1 });
    const resolved = await itemOf('PagerDutyAAAA0001', failed);
    await store.record({ ...failed, action: 'trigger', at: T2 });
    const reopened = await itemOf('PagerDutyAAAA0001', failed);

    // Assess
    expect(resolved?.expiresAt).toEqual({ N: String(NOW / 1000 + 30 * 86_400) });
    expect(resolved?.open).toEqual({ BOOL: false });
    expect(reopened?.expiresAt).toBeUndefined();
    expect(reopened).toMatchObject({ open: { BOOL: true }, lastEventAt: { N: String(T2) } });
  });

  it("keeps receivers sharing the table apart: neither lists nor orders by the other's events", async () => {
    // Prepare
    const payments = ledger('PagerDutyPAYMENTS');
    const platform = ledger('PagerDutyPLATFORM');
    const failed = entryOf('lkc-shared');

    // Act
    await payments.record({ ...failed, at: T2 });
    const platformOutcome = await platform.record({ ...failed, at: T1 });
    await platform.record({ ...failed, action: 'resolve', at: T1 });

    // Assess
    expect(platformOutcome).toBe('recorded');
    expect(await payments.openAlerts('lkc-shared')).toEqual([
      { dedupKey: failed.dedupKey, linkName: 'orders-dr', kind: 'condition' },
    ]);
    expect(await platform.openAlerts('lkc-shared')).toEqual([]);
  });
});
