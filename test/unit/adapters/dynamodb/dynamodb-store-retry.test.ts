/**
 * The store does not retry by itself: it relies on the injected client's standard retry strategy.
 * A real client whose HTTP handler always answers "throttled" shows both halves: the SDK retries,
 * then the store reports a StoreError.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';

function alwaysThrottledClient(maxAttempts: number): { client: DynamoDBClient; attempts: () => number } {
  let attempts = 0;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
    requestHandler: {
      handle: async () => {
        attempts += 1;
        const body = JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'Rate exceeded',
        });
        return {
          response: {
            statusCode: 400,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Buffer.from(body),
          },
        };
      },
    },
  });
  return { client, attempts: () => attempts };
}

describe('the SDK standard retry under the store', () => {
  it('retries a throttled call before the store gives up with a StoreError naming the cluster', async () => {
    // Prepare
    const { client, attempts } = alwaysThrottledClient(2);
    const store = new DynamoDbLinkStateStore({ client, snapshotTableName: 's', historyTableName: 'h' });

    // Act
    const attempt = store.readClusterState('lkc-7');

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'StoreError',
      operation: 'readClusterState',
      clusterId: 'lkc-7',
      reasons: ['ProvisionedThroughputExceededException'],
    });
    expect(attempts()).toBe(2);
    client.destroy();
  });
});
