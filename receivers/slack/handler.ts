/**
 * Lambda entry point of the Slack notifier, subscribed to the alerts SNS topic:
 * reads its environment and builds its SDK clients once per cold start (a broken
 * deployment fails on its first invocation, naming the variable), then delivers
 * each notification (`slack-receiver.ts`, through the shared delivery).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lambdaReceiverHandler } from '../shared/receiver-handler.js';
import { readSlackNotifierConfig } from './slack-notifier-environment.js';
import { slackReceiver } from './slack-receiver.js';
import { webhookUrlSource } from './webhook-url.js';

const config = readSlackNotifierConfig(process.env);

export const handler = lambdaReceiverHandler(
  slackReceiver(webhookUrlSource({ client: new SecretsManagerClient({}), secretId: config.webhookSecretId })),
  { deadLetterQueueUrl: config.deadLetterQueueUrl, env: process.env },
);
