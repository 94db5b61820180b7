import { it, expect } from 'vitest';
import { DynamoDbLinkStateStore, type StoreCall } from '../../functions/store/dynamodb-link-state-store.js';
import { createTables, dynamoDbEndpoint, localDynamoDbClient } from '../support/dynamodb-local.js';
it('probe', async () => {
  const client = localDynamoDbClient(dynamoDbEndpoint());
  const tables = await createTables(client, 'probe');
  const calls: StoreCall[] = [];
  const store = new DynamoDbLinkStateStore({ client, ...tables, onCall: (c) => calls.push(c) });
  await store.commitCluster({ clusterId: 'c1', expectedVersion: null, next: { clusterId: 'c1', clusterLabel: 'x', version: 1, baselineAt: null, consecutiveFailures: 0, failingSince: null, lastError: null, unreachableNotified: false }, events: [] });
  await store.readClusterState('c1');
  console.log(JSON.stringify(calls));
  expect(calls.length).toBe(2);
});
