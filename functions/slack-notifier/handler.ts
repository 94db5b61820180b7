/**
 * Slack notifier Lambda, subscribed to the alerts SNS topic: renders each
 * notification document as Block Kit and posts it to the Slack incoming webhook.
 *
 * Failure handling (SNS invokes Lambda asynchronously):
 * - Slack busy or down (429, 5xx, network): retried within this invocation
 *   while time remains, then the handler throws; Lambda's async retries (2)
 *   and the function's on-failure destination / DLQ keep the message.
 * - Slack refuses the message for good ({@link PermanentSlackError}: revoked
 *   webhook, deleted channel, refused payload): retrying cannot help, so when
 *   `SLACK_DLQ_URL` is set (the queue of the on-failure destination) the
 *   event is sent straight to that queue, shaped like an on-failure
 *   destination record with the event in `requestPayload`, and the invocation
 *   succeeds, skipping the pointless retries. Without `SLACK_DLQ_URL`, or if that send fails, the handler throws
 *   and the message reaches the DLQ after Lambda's retries.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import { loadSlackNotifierConfig } from '../../adapters/lambda/slack-notifier-environment.js';
import { postToSlack } from '../../adapters/slack/post-to-slack.js';
import { PermanentSlackError } from '../../adapters/slack/slack-errors.js';
import { webhookUrlSource } from '../../adapters/slack/webhook-url.js';
import { parseNotificationDocument } from '../../core/render/notification-document-schema.js';
import {
  renderSlackFallback,
  renderSlackMessage,
  type SlackMessage,
} from '../../core/render/slack-message.js';

type NotifierLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface SlackNotifierDependencies {
  /** Resolves the webhook URL (cached by the caller). */
  readonly webhookUrl: () => Promise<URL>;
  readonly logger: NotifierLogger;
  /** Where permanently refused messages go without Lambda's retries; optional. */
  readonly deadLetter?: { readonly client: SQSClient; readonly queueUrl: string };
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Time kept back from the Lambda timeout for logging and returning. Default 2 s. */
  readonly safetyMarginMs?: number;
}

/** Renders a record's message: our document when it is one, else the raw text (nothing is dropped). */
function slackMessageFor(
  record: SNSEventRecord,
  logger: NotifierLogger,
): { message: SlackMessage; context: Record<string, unknown> } {
  const { Message: raw, Subject: subject, MessageId: messageId } = record.Sns;
  try {
    const doc = parseNotificationDocument(JSON.parse(raw));
    return {
      message: renderSlackMessage(doc),
      context: { messageId, clusterId: doc.cluster.id, kind: doc.kind, severity: doc.severity },
    };
  } catch (error) {
    logger.warn('SNS message is not a version 1 notification document; posting it as plain text', {
      messageId,
      reason: error instanceof Error ? error.message : String(error),
    });
    return { message: renderSlackFallback(subject ?? null, raw), context: { messageId } };
  }
}

/**
 * Sends the refused record to the queue in the shape of a Lambda on-failure
 * destination record (the same queue receives those after retries), so one
 * redrive procedure handles both: the event is in `requestPayload`.
 */
async function sendToDeadLetterQueue(
  deadLetter: NonNullable<SlackNotifierDependencies['deadLetter']>,
  record: SNSEventRecord,
  error: PermanentSlackError,
  context: Context,
  now: number,
): Promise<void> {
  const invocationRecord = {
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    requestContext: {
      requestId: context.awsRequestId,
      functionArn: context.invokedFunctionArn,
      condition: 'PermanentFailure',
      approximateInvokeCount: 1,
    },
    requestPayload: { Records: [record] },
    responseContext: {
      statusCode: 200,
      executedVersion: context.functionVersion,
      functionError: 'Unhandled',
    },
    responsePayload: {
      errorType: error.name,
      errorMessage: error.message,
      httpStatus: error.httpStatus,
      slackError: error.slackError,
    },
  };
  await deadLetter.client.send(
    new SendMessageCommand({
      QueueUrl: deadLetter.queueUrl,
      MessageBody: JSON.stringify(invocationRecord),
      MessageAttributes: {
        ErrorCode: { DataType: 'String', StringValue: error.name },
        ErrorMessage: { DataType: 'String', StringValue: error.message },
        RequestID: { DataType: 'String', StringValue: context.awsRequestId || '-' },
      },
    }),
  );
}

/**
 * Builds the raw handler (no middleware), for tests and for {@link handler}.
 * @throws SlackDeliveryError when Slack stayed unavailable; PermanentSlackError when it refused and no DLQ send succeeded.
 */
export function createSlackNotifier(deps: SlackNotifierDependencies) {
  const now = deps.now ?? Date.now;
  const margin = deps.safetyMarginMs ?? 2_000;
  return async function notifySlack(event: SNSEvent, context: Context): Promise<void> {
    const deadline = now() + context.getRemainingTimeInMillis() - margin;
    for (const record of event.Records) {
      const { message, context: logContext } = slackMessageFor(record, deps.logger);
      const url = await deps.webhookUrl();
      try {
        const { attempts } = await postToSlack({
          url,
          payload: message,
          deadline,
          now,
          ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
          ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
          onRetry: (retry) =>
            deps.logger.warn('Slack webhook busy or failing; retrying', { ...logContext, ...retry }),
        });
        deps.logger.info('Posted notification to Slack', { ...logContext, attempts });
      } catch (error) {
        if (!(error instanceof PermanentSlackError)) {
          deps.logger.error('Slack webhook unavailable; leaving the message to Lambda retries', {
            ...logContext,
            error: error instanceof Error ? error.message : String(error),
          });
          throw error;
        }
        deps.logger.error('Slack refused the message for good: the webhook is revoked or misconfigured', {
          ...logContext,
          httpStatus: error.httpStatus,
          slackError: error.slackError,
        });
        if (deps.deadLetter === undefined) throw error;
        try {
          await sendToDeadLetterQueue(deps.deadLetter, record, error, context, now());
        } catch (sendError) {
          deps.logger.error('Could not send the refused message to the dead-letter queue', {
            ...logContext,
            error: sendError instanceof Error ? sendError.name : String(sendError),
          });
          throw error;
        }
        deps.logger.info('Sent the refused message to the dead-letter queue', logContext);
      }
    }
  };
}

const logger = new Logger({ serviceName: 'slack-notifier' });

let notifier: ReturnType<typeof createSlackNotifier> | undefined;

/** Built on first use, so the module loads without configuration (tests) and clients live across invocations. */
function defaultNotifier(): ReturnType<typeof createSlackNotifier> {
  const config = loadSlackNotifierConfig(process.env);
  const deadLetterQueueUrl = config.deadLetterQueueUrl;
  return createSlackNotifier({
    webhookUrl: webhookUrlSource({ client: new SecretsManagerClient({}), secretId: config.webhookSecretId }),
    logger,
    ...(deadLetterQueueUrl === undefined
      ? {}
      : { deadLetter: { client: new SQSClient({}), queueUrl: deadLetterQueueUrl } }),
  });
}

/** The Lambda entry point. */
export const handler = middy(async (event: SNSEvent, context: Context) => {
  notifier ??= defaultNotifier();
  await notifier(event, context);
}).use(injectLambdaContext(logger));
