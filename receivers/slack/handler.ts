/**
 * Lambda entry point of the Slack notifier, subscribed to the alerts SNS
 * topic: reads its environment and builds its SDK clients once per cold start
 * (a broken deployment fails on its first invocation, naming the variable),
 * then delivers each notification (`deliver-notification.ts`).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EmfMetrics } from '../../adapters/lambda/emf-metrics.js';
import { lambdaLogger } from '../../adapters/lambda/json-logger.js';
import { readSlackNotifierConfig } from '../../adapters/lambda/slack-notifier-environment.js';
import {
  METRICS_NAMESPACE,
  SLACK_NOTIFIER_SERVICE_NAME,
} from '../../adapters/lambda/slack-notifier-metrics.js';
import { webhookUrlSource } from '../../adapters/slack/webhook-url.js';
import { SqsDeadLetterQueue } from '../../adapters/sqs/sqs-dead-letter-queue.js';
import { createSlackHandler } from './slack-handler.js';

const config = readSlackNotifierConfig(process.env);
const logger = lambdaLogger(SLACK_NOTIFIER_SERVICE_NAME, process.env);
const metrics = new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SLACK_NOTIFIER_SERVICE_NAME });

export const handler = createSlackHandler({
  webhookUrl: webhookUrlSource({ client: new SecretsManagerClient({}), secretId: config.webhookSecretId }),
  logger,
  metrics,
  ...(config.deadLetterQueueUrl === undefined
    ? {}
    : {
        deadLetter: new SqsDeadLetterQueue({
          client: new SQSClient({}),
          queueUrl: config.deadLetterQueueUrl,
        }),
      }),
});
