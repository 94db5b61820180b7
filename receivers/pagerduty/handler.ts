/**
 * PagerDuty notifier Lambda, subscribed to the alerts SNS topic (filtered to its
 * routes): sends Events API v2 trigger and resolve events. Thin: it reads its
 * environment once, builds the clients and hands each event to the delivery use case.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { lambdaLogger } from '../../adapters/lambda/json-logger.js';
import { addLambdaContext } from '../../adapters/lambda/observability-middleware.js';
import {
  loadPagerDutyNotifierConfig,
  PAGERDUTY_NOTIFIER_SERVICE_NAME,
} from '../../adapters/lambda/pagerduty-notifier-environment.js';
import { routingKeySource } from '../../adapters/pagerduty/routing-key.js';
import { sqsRefusedMessageSink } from '../../adapters/sqs/refused-message-queue.js';
import { createPagerDutyDelivery } from './pagerduty-delivery.js';

const logger = lambdaLogger(PAGERDUTY_NOTIFIER_SERVICE_NAME, process.env);

let deliver: ReturnType<typeof createPagerDutyDelivery> | undefined;

/** Built on first use, so the module loads without configuration and clients live across invocations. */
function defaultDelivery(): ReturnType<typeof createPagerDutyDelivery> {
  const config = loadPagerDutyNotifierConfig(process.env);
  return createPagerDutyDelivery({
    routingKey: routingKeySource({
      client: new SecretsManagerClient({}),
      secretId: config.routingKeySecretId,
    }),
    eventsUrl: config.eventsUrl,
    minSeverity: config.minSeverity,
    logger,
    ...(config.deadLetterQueueUrl === undefined
      ? {}
      : {
          refused: sqsRefusedMessageSink({ client: new SQSClient({}), queueUrl: config.deadLetterQueueUrl }),
        }),
  });
}

/** The Lambda entry point. */
export const handler = middy(async (event: SNSEvent, context: Context) => {
  deliver ??= defaultDelivery();
  await deliver(event, context);
}).use(addLambdaContext(logger));
