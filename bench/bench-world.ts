/**
 * Everything a benchmarked poller talks to, on this machine: DynamoDB Local behind the metering
 * proxy, the local SNS / Secrets Manager endpoint, and (per run) a Confluent simulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../tools/local-aws/local-aws-endpoint.js';
import { type DynamoDbMeter, startDynamoDbMeter } from './dynamodb-meter.js';

export const CONFLUENT_SECRET_ID = 'bench/confluent';
export const CONFLUENT_CREDENTIALS = { apiKey: 'bench-key', apiSecret: 'bench-secret' } as const;
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:cluster-link-alerts';

export interface BenchWorld {
  readonly meter: DynamoDbMeter;
  readonly aws: LocalAwsEndpoint;
  /** A client for DynamoDB Local itself (table setup; not metered). */
  readonly admin: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * @param dynamodbEndpoint - a running DynamoDB Local; when absent, one is started (and stopped by `stop`)
 */
export async function startBenchWorld(dynamodbEndpoint?: string): Promise<BenchWorld> {
  let stopLocal: () => Promise<void> = async () => {};
  let endpoint = dynamodbEndpoint;
  if (endpoint === undefined) {
    // Imported here so that a run given an endpoint needs neither Java nor the jar.
    const { startDynamoDbLocal } = await import('../tools/local-aws/dynamodb-local.js');
    const { fetchDynamoDbLocal } = await import('../tools/local-aws/fetch-dynamodb-local.js');
    await fetchDynamoDbLocal();
    const local = await startDynamoDbLocal();
    endpoint = local.endpoint;
    stopLocal = local.stop;
  }
  const meter = await startDynamoDbMeter(endpoint);
  const aws = await startLocalAwsEndpoint({
    secrets: {
      [CONFLUENT_SECRET_ID]: JSON.stringify({
        api_key: CONFLUENT_CREDENTIALS.apiKey,
        api_secret: CONFLUENT_CREDENTIALS.apiSecret,
      }),
    },
  });
  const admin = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  return {
    meter,
    aws,
    admin,
    stop: async () => {
      admin.destroy();
      await aws.stop();
      await meter.stop();
      await stopLocal();
    },
  };
}
