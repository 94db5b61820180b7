/**
 * Lambda entry point of the poller: reads its environment and the clusters file
 * bundled beside it, and builds its poll pipeline (SDK clients, credential cache,
 * link budget) once per cold start, then polls every cluster on each scheduled invocation.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbLinkStateStore } from '../../adapters/dynamodb/dynamodb-link-state-store.js';
import { DynamoDbSilenceStore } from '../../adapters/dynamodb/dynamodb-silence-store.js';
import { EmfMetrics } from '../../adapters/lambda/emf-metrics.js';
import { lambdaLogger } from '../../adapters/lambda/json-logger.js';
import { readPollerRuntimeConfig } from '../../adapters/lambda/poller-environment.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../adapters/lambda/poller-metrics.js';
import { createPollPipeline, deployedPollConfig } from '../../adapters/poll-pipeline/poll-pipeline.js';
import { SnsNotifier } from '../../adapters/sns/sns-notifier.js';
import { createPollHandler } from './poll-handler.js';

const logger = lambdaLogger(SERVICE_NAME, process.env);
const metrics = new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
// In the bundle this module is `index.mjs`, and the stack writes the clusters file next to it.
const runtime = readPollerRuntimeConfig(process.env, { baseDir: dirname(fileURLToPath(import.meta.url)) });

const dynamodb = new DynamoDBClient({});

export const handler = createPollHandler({
  pipeline: createPollPipeline({
    config: deployedPollConfig(runtime),
    secretsManager: () => new SecretsManagerClient({}),
    confluent: { onRetry: (retry) => logger.warn('retrying Confluent request', { retry }) },
    store: new DynamoDbLinkStateStore({
      client: dynamodb,
      snapshotTableName: runtime.snapshotTableName,
      historyTableName: runtime.historyTableName,
    }),
    silences: new DynamoDbSilenceStore({ client: dynamodb, snapshotTableName: runtime.snapshotTableName }),
    notifier: new SnsNotifier({ client: new SNSClient({}), topicArn: runtime.topicArn }),
  }),
  logger,
  metrics,
  metricsLevel: runtime.metricsLevel,
});
