/**
 * Lambda-style entry point of the naive baseline poller, bundled and run by the benchmark exactly
 * like the real poller's handler: configuration from the same environment variables (the naive
 * table's name in `NAIVE_TABLE_NAME`), clients built once per cold start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { ConfluentLinksClient } from '../adapters/confluent/confluent-links-client.js';
import { readPollerRuntimeConfig } from '../adapters/lambda/poller-environment.js';
import { CredentialedLinkSource } from '../adapters/poll-pipeline/credentialed-link-source.js';
import { CREDENTIALS_MAX_AGE_MS, secretCredentialClusters } from '../adapters/poll-pipeline/poll-pipeline.js';
import { SecretsManagerCredentials } from '../adapters/secrets/secrets-manager-credentials.js';
import { type NaivePollSummary, naivePoll } from './naive-poller.js';

const runtime = readPollerRuntimeConfig(process.env);
const tableName = process.env.NAIVE_TABLE_NAME ?? '';
if (tableName === '') throw new Error('environment variable NAIVE_TABLE_NAME is not set');

const deps = {
  clusters: runtime.clusters.map((c) => ({ clusterId: c.clusterId, label: c.label })),
  source: new CredentialedLinkSource({
    clusters: secretCredentialClusters(runtime.clusters),
    secrets: new SecretsManagerCredentials({
      client: new SecretsManagerClient({}),
      maxAgeMs: CREDENTIALS_MAX_AGE_MS,
    }),
    client: new ConfluentLinksClient(),
  }),
  dynamodb: new DynamoDBClient({}),
  tableName,
  sns: new SNSClient({}),
  topicArn: runtime.topicArn,
};

export async function handler(
  _event: unknown,
  context: { getRemainingTimeInMillis(): number },
): Promise<NaivePollSummary> {
  const summary = await naivePoll(deps, Date.now() + context.getRemainingTimeInMillis());
  console.log(JSON.stringify({ level: 'INFO', message: 'poll finished', summary }));
  return summary;
}
