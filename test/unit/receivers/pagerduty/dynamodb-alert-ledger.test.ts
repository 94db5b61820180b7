/**
 * The alert ledger on DynamoDB, against a mocked client: the one Query and the one conditional
 * UpdateItem it sends, what a failed condition means, and what it reports when DynamoDB fails.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../../receivers/pagerduty/alert-ledger.js';
import { AlertLedgerError } from '../../../../receivers/pagerduty/alert-ledger-errors.js';
import { DynamoDbAlertLedger } from '../../../../receivers/pagerduty/dynamodb-alert-ledger.js';

const dynamodb = mockClient(DynamoDBClient);
afterEach(() => dynamodb.reset());

const NOW = Date.parse('2025-06-03T12:00:00.000Z');
const KEY = 'cluster-link-monitor/lkc-abc12/orders-dr/FAILED/-';

const ledger = () =>
  new DynamoDbAlertLedger({
    client: new DynamoDBClient({ region: 'eu-west-1' }),
    tableName: 'alert-ledger',
    receiverId: 'PagerDuty1A2B3C4D',
    now: () => NOW,
  });

const entry = (overrides: Partial<LedgerEntry> = {}): LedgerEntry => ({
  clusterId: 'lkc-abc12',
  dedupKey: KEY,
  linkName: 'orders-dr',
  kind: 'condition',
  action: 'trigger',
  at: Date.parse('2025-06-03T10:00:00.000Z'),
  ...overrides,
});

describe('Class: DynamoDbAlertLedger', () => {
  describe('Method: openAlerts', () => {
    it("lists a cluster's open alerts of this receiver with one consistent Query of its partition", async () => {
      // Prepare
      dynamodb.on(QueryCommand).resolves({
        Items: [
          { dedupKey: { S: KEY }, linkName: { S: 'orders-dr' }, kind: { S: 'condition' } },
          { dedupKey: { S: 'cluster-link-monitor/lkc-abc12/CLUSTER_UNREACHABLE' }, kind: { S: 'cluster' } },
        ],
      });

      // Act
      const open = await ledger().openAlerts('lkc-abc12');

      // Assess
      expect(open).toEqual([
        { dedupKey: KEY, linkName: 'orders-dr', kind: 'condition' },
        { dedupKey: 'cluster-link-monitor/lkc-abc12/CLUSTER_UNREACHABLE', linkName: null, kind: 'cluster' },
      ]);
      const calls = dynamodb.commandCalls(QueryCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toMatchObject({
        TableName: 'alert-ledger',
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#open = :open',
        ExpressionAttributeNames: { '#pk': 'receiverCluster', '#open': 'open' },
        ExpressionAttributeValues: { ':pk': { S: 'PagerDuty1A2B3C4D#lkc-abc12' }, ':open': { BOOL: true } },
      });
    });

    it('reads every page, and leaves out an item it did not write', async () => {
      // Prepare
      dynamodb
        .on(QueryCommand)
        .resolvesOnce({
          Items: [{ dedupKey: { S: 'a' }, kind: { S: 'part' }, linkName: { S: 'orders-dr' } }],
          LastEvaluatedKey: { receiverCluster: { S: 'p' }, dedupKey: { S: 'a' } },
        })
        .resolvesOnce({
          Items: [{ dedupKey: { S: 'b' }, kind: { S: 'something-else' } }, { dedupKey: { S: 'c' } }],
        });

      // Act
      const open = await ledger().openAlerts('lkc-abc12');

      // Assess
      expect(open).toEqual([{ dedupKey: 'a', linkName: 'orders-dr', kind: 'part' }]);
      expect(dynamodb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
        receiverCluster: { S: 'p' },
        dedupKey: { S: 'a' },
      });
    });

    it('fails with AlertLedgerError naming the call, the cluster and the reason', async () => {
      // Prepare
      dynamodb
        .on(QueryCommand)
        .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

      // Act
      const read = ledger().openAlerts('lkc-abc12');

      // Assess
      await expect(read).rejects.toThrow(AlertLedgerError);
      await expect(read).rejects.toMatchObject({
        operation: 'openAlerts',
        clusterId: 'lkc-abc12',
        reason: 'ProvisionedThroughputExceededException',
      });
    });
  });

  describe('Method: record', () => {
    it('opens an alert on a trigger, unless a later event was recorded, and keeps it from expiring', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      const outcome = await ledger().record(entry());

      // Assess
      expect(outcome).toBe('recorded');
      const input = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
      expect(input).toMatchObject({
        TableName: 'alert-ledger',
        Key: { receiverCluster: { S: 'PagerDuty1A2B3C4D#lkc-abc12' }, dedupKey: { S: KEY } },
        UpdateExpression: 'SET #open = :open, #at = :at, #kind = :kind, #link = :link REMOVE #expires',
        ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
        ExpressionAttributeValues: {
          ':open': { BOOL: true },
          ':at': { N: String(Date.parse('2025-06-03T10:00:00.000Z')) },
          ':kind': { S: 'condition' },
          ':link': { S: 'orders-dr' },
        },
      });
      expect(input?.ExpressionAttributeNames).toEqual({
        '#open': 'open',
        '#at': 'lastEventAt',
        '#kind': 'kind',
        '#expires': 'expiresAt',
        '#link': 'linkName',
      });
    });

    it('closes an alert on a resolve, to expire 30 days later', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      await ledger().record(entry({ action: 'resolve' }));

      // Assess
      const input = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
      expect(input?.UpdateExpression).toBe(
        'SET #open = :open, #at = :at, #kind = :kind, #link = :link, #expires = :expires',
      );
      expect(input?.ExpressionAttributeValues?.[':open']).toEqual({ BOOL: false });
      expect(input?.ExpressionAttributeValues?.[':expires']).toEqual({
        N: String(NOW / 1000 + 30 * 86_400),
      });
    });

    it("records the cluster's own alert without a link", async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      await ledger().record(entry({ linkName: null, kind: 'cluster' }));

      // Assess
      const input = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
      expect(input?.UpdateExpression).toBe('SET #open = :open, #at = :at, #kind = :kind REMOVE #expires');
      expect(input?.ExpressionAttributeNames).not.toHaveProperty('#link');
      expect(input?.ExpressionAttributeValues).not.toHaveProperty(':link');
    });

    it('answers stale when DynamoDB refuses the condition: a later event of the alert was recorded', async () => {
      // Prepare
      dynamodb
        .on(UpdateItemCommand)
        .rejects(
          new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
        );

      // Act / Assess
      await expect(ledger().record(entry())).resolves.toBe('stale');
    });

    it('fails with AlertLedgerError naming the alert for any other refusal', async () => {
      // Prepare
      dynamodb
        .on(UpdateItemCommand)
        .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

      // Act
      const write = ledger().record(entry());

      // Assess
      await expect(write).rejects.toMatchObject({
        name: 'AlertLedgerError',
        operation: 'record',
        clusterId: 'lkc-abc12',
        dedupKey: KEY,
        reason: 'ProvisionedThroughputExceededException',
      });
      await expect(write).rejects.toThrow(
        `of cluster lkc-abc12 (${KEY}): ProvisionedThroughputExceededException`,
      );
    });
  });
});
