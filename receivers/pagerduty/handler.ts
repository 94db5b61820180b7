/**
 * Lambda entry point of the PagerDuty notifier, subscribed to the alerts SNS topic
 * (filtered to its routes): reads its environment and builds its SDK clients once per
 * cold start (a broken deployment fails on its first invocation, naming the variable),
 * then sends each notification's events (`pagerduty-receiver.ts`, through the shared delivery),
 * keeping its alerts in the stack's alert ledger table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lambdaReceiverHandler } from '../shared/receiver-handler.js';
import { DynamoDbAlertLedger } from './dynamodb-alert-ledger.js';
import { readPagerDutyNotifierConfig } from './pagerduty-notifier-environment.js';
import { pagerDutyReceiver } from './pagerduty-receiver.js';
import { routingKeySource } from './routing-key.js';

const config = readPagerDutyNotifierConfig(process.env);

export const handler = lambdaReceiverHandler(
  pagerDutyReceiver({
    routingKey: routingKeySource({
      client: new SecretsManagerClient({}),
      secretId: config.routingKeySecret,
    }),
    eventsUrl: config.eventsUrl,
    minSeverity: config.minSeverity,
    ledger: new DynamoDbAlertLedger({
      client: new DynamoDBClient({}),
      tableName: config.alertLedgerTableName,
      receiverId: config.receiverId,
    }),
  }),
  { deadLetterQueueUrl: config.deadLetterQueueUrl, env: process.env },
);
