/**
 * Lambda entry point of the poller: reads its environment and the clusters file
 * bundled beside it, and builds its SDK clients once per cold start, then polls
 * every cluster on each scheduled invocation.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { ConfluentLinkDetailSource } from '../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinkDetailsClient } from '../../adapters/confluent/confluent-link-details.js';
import { ConfluentLinksClient } from '../../adapters/confluent/confluent-links-client.js';
import { DynamoDbLinkStateStore } from '../../adapters/dynamodb/dynamodb-link-state-store.js';
import { readPollerRuntimeConfig } from '../../adapters/lambda/poller-environment.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../adapters/lambda/poller-metrics.js';
import { SecretBackedLinkSource } from '../../adapters/poll-pipeline/credentialed-link-source.js';
import { SecretsManagerCredentials } from '../../adapters/secrets/secrets-manager-credentials.js';
import { SnsNotifier } from '../../adapters/sns/sns-notifier.js';
import { createPollHandler } from './poll-handler.js';

/** A warm container re-reads secrets this often, so a rotated API key is picked up without a redeploy. */
const CREDENTIALS_MAX_AGE_MS = 15 * 60 * 1000;

const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
// In the bundle this module is `index.mjs`, and the stack writes the clusters file next to it.
const runtime = readPollerRuntimeConfig(process.env, { baseDir: dirname(fileURLToPath(import.meta.url)) });

const links = new ConfluentLinksClient({
  onRetry: (retry) => logger.warn('retrying Confluent request', { retry }),
});

const source = new SecretBackedLinkSource({
  clusters: runtime.clusters,
  credentials: new SecretsManagerCredentials({
    client: new SecretsManagerClient({}),
    maxAgeMs: CREDENTIALS_MAX_AGE_MS,
  }),
  client: links,
});

export const handler = createPollHandler({
  runtime,
  source,
  details: new ConfluentLinkDetailSource({
    details: new ConfluentLinkDetailsClient(links),
    cluster: (clusterId) => source.clusterConfig(clusterId),
  }),
  store: new DynamoDbLinkStateStore({
    client: new DynamoDBClient({}),
    snapshotTableName: runtime.snapshotTableName,
    historyTableName: runtime.historyTableName,
  }),
  notifier: new SnsNotifier({ client: new SNSClient({}), topicArn: runtime.topicArn }),
  logger,
  metrics,
});
