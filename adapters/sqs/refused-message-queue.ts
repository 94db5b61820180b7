/**
 * Where a notifier puts a message its service refused for good, without
 * Lambda's pointless retries: the queue of the function's on-failure
 * destination, in the shape of a destination record (the event in
 * `requestPayload`), so one redrive procedure handles both.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SNSEventRecord } from 'aws-lambda';

export interface RefusedMessage {
  readonly record: SNSEventRecord;
  /** The error's name and message; never a credential. */
  readonly error: {
    readonly name: string;
    readonly message: string;
    readonly details?: Record<string, unknown>;
  };
  readonly context: Pick<Context, 'awsRequestId' | 'invokedFunctionArn' | 'functionVersion'>;
  readonly now: number;
}

/** The port: throws when the message could not be kept. */
export interface RefusedMessageSink {
  keep(message: RefusedMessage): Promise<void>;
}

export function sqsRefusedMessageSink(options: {
  readonly client: SQSClient;
  readonly queueUrl: string;
}): RefusedMessageSink {
  return {
    async keep({ record, error, context, now }) {
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
        responsePayload: { errorType: error.name, errorMessage: error.message, ...error.details },
      };
      await options.client.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: JSON.stringify(invocationRecord),
          MessageAttributes: {
            ErrorCode: { DataType: 'String', StringValue: error.name },
            ErrorMessage: { DataType: 'String', StringValue: error.message },
            RequestID: { DataType: 'String', StringValue: context.awsRequestId || '-' },
          },
        }),
      );
    },
  };
}
