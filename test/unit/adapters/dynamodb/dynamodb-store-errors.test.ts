/**
 * How the DynamoDB store turns DynamoDB's refusals into outcomes and named errors. These paths need
 * failures DynamoDB Local does not produce on demand, so the client is mocked here.
 */
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DynamoDbLinkStateStore,
  type StoreCall,
} from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import type { LinkCommit, LinkSnapshot } from '../../../../core/ports.js';
import { StoreError } from '../../../../core/store-errors.js';

const link = {
  linkName: 'link-a',
  clusterLinkId: 'cl-a',
  linkState: 'FAILED',
  linkError: null,
  linkErrorMessage: null,
  sourceClusterId: null,
  destinationClusterId: null,
  remoteClusterId: null,
  topicNames: [],
  tasks: [],
  categoryCounts: [],
};

const snapshot: LinkSnapshot = {
  clusterId: 'lkc-1',
  link,
  version: 2,
  stateSince: '2024-05-01T10:00:00.000Z',
  unhealthySince: '2024-05-01T10:00:00.000Z',
  lastRemindedAt: null,
  pendingCondition: null,
};

const event: HistoryEvent = {
  eventId: 'lkc-1#link-a#2#0',
  clusterId: 'lkc-1',
  clusterLabel: 'prod',
  linkName: 'link-a',
  clusterLinkId: 'cl-a',
  type: 'LINK_STATE_CHANGED',
  severity: 'critical',
  observedAt: '2024-05-01T10:00:00.000Z',
  from: 'ACTIVE',
  to: 'FAILED',
  topicsAdded: [],
  topicsRemoved: [],
  previousSince: null,
  link,
  detail: null,
  notification: 'PENDING',
  expiresAt: 1_800_000_000,
};

const change: LinkCommit = {
  clusterId: 'lkc-1',
  linkName: 'link-a',
  expectedVersion: 1,
  next: snapshot,
  events: [event],
};

function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

function throttled(): ProvisionedThroughputExceededException {
  return new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
}

const dynamo = mockClient(DynamoDBClient);

function aStore(onCall?: (call: StoreCall) => void) {
  return new DynamoDbLinkStateStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    snapshotTableName: 'snapshots',
    historyTableName: 'history',
    ...(onCall && { onCall }),
  });
}

afterEach(() => {
  dynamo.reset();
});

describe('commitLink when DynamoDB cancels the transaction', () => {
  it('returns conflict when the snapshot condition failed', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    expect(await aStore().commitLink(change)).toBe('conflict');
  });

  it('returns conflict when the snapshot condition failed even if the events were also refused', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'));

    expect(await aStore().commitLink(change)).toBe('conflict');
  });

  it('returns conflict when another transaction was writing the same snapshot at that moment', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('TransactionConflict', 'None'));

    expect(await aStore().commitLink(change)).toBe('conflict');
  });

  it.each([
    ['ThrottlingError', ['ThrottlingError', 'None']],
    ['a throttled event write', ['None', 'ProvisionedThroughputExceeded']],
  ])('throws a StoreError carrying the reasons on %s', async (_, codes) => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled(...codes));

    const attempt = aStore().commitLink(change);

    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toMatchObject({
      operation: 'commitLink',
      clusterId: 'lkc-1',
      linkName: 'link-a',
      reasons: codes,
    });
  });

  it('throws a StoreError naming the duplicate event when only an event condition failed', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));

    await expect(aStore().commitLink(change)).rejects.toThrow(
      /already recorded.*\[None, ConditionalCheckFailed\]/,
    );
  });

  it('sends the snapshot, every event and the outbox marker in one transaction, each with its condition', async () => {
    dynamo.on(TransactWriteItemsCommand).resolves({});

    await aStore().commitLink(change);

    const [call] = dynamo.commandCalls(TransactWriteItemsCommand);
    const items = call?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Put?.ConditionExpression).toBe('#version = :expected');
    expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': { N: '1' } });
    expect(items[1]?.Put?.ConditionExpression).toBe('attribute_not_exists(#sk)');
    // A pending event marks the outbox, unconditionally, so the next poll knows to read it.
    expect(items[2]?.Update?.Key?.itemKey).toEqual({ S: '#OUTBOX' });
    expect(items[2]?.Update?.ConditionExpression).toBeUndefined();
    expect(call?.args[0].input.ReturnConsumedCapacity).toBe('TOTAL');
  });
});

describe('store calls that exhausted the SDK retries', () => {
  it('throws a StoreError naming the cluster and link when a commit stays throttled', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(throttled());

    const attempt = aStore().commitLink(change);

    await expect(attempt).rejects.toMatchObject({
      name: 'StoreError',
      clusterId: 'lkc-1',
      linkName: 'link-a',
      reasons: ['ProvisionedThroughputExceededException'],
    });
    await expect(attempt).rejects.toThrow('commitLink (cluster lkc-1, link link-a)');
  });

  it('throws a StoreError naming the cluster when reading its state stays throttled', async () => {
    dynamo.on(QueryCommand).rejects(throttled());

    await expect(aStore().readClusterState('lkc-9')).rejects.toMatchObject({
      name: 'StoreError',
      operation: 'readClusterState',
      clusterId: 'lkc-9',
      reasons: ['ProvisionedThroughputExceededException'],
    });
  });

  it('throws for a throttled single write and reports the failed call', async () => {
    const calls: StoreCall[] = [];
    dynamo.on(PutItemCommand).rejects(throttled());

    const attempt = aStore((call) => calls.push(call)).commitLink({ ...change, events: [] });

    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    expect(calls).toEqual([
      { method: 'commitLink', operation: 'PutItem', consumedCapacity: 0, failed: true },
    ]);
  });
});
