/**
 * The dead-letter port on SQS, for every receiver. A letter is written in the shape of a Lambda
 * on-failure destination record (the same queue receives those after Lambda's retries), so one
 * redrive procedure handles both: the event is in `requestPayload`.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue } from './dead-letter-queue.js';

export interface SqsDeadLetterQueueProps {
  readonly client: SQSClient;
  readonly queueUrl: string;
}

/** Sends each letter as one SQS message; a failed send reaches the caller. */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(props: SqsDeadLetterQueueProps) {
    this.#client = props.client;
    this.#queueUrl = props.queueUrl;
  }

  async send(letter: DeadLetter): Promise<void> {
    const record = {
      version: '1.0',
      timestamp: new Date(letter.at).toISOString(),
      requestContext: {
        requestId: letter.invocation.requestId,
        functionArn: letter.invocation.functionArn,
        condition: letter.condition,
        approximateInvokeCount: 1,
      },
      requestPayload: letter.payload,
      responseContext: {
        statusCode: 200,
        executedVersion: letter.invocation.functionVersion,
        functionError: 'Unhandled',
      },
      responsePayload: { errorType: letter.errorType, errorMessage: letter.errorMessage, ...letter.details },
    };
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(record),
        MessageAttributes: {
          ErrorCode: { DataType: 'String', StringValue: letter.errorType },
          ErrorMessage: { DataType: 'String', StringValue: letter.errorMessage },
          RequestID: { DataType: 'String', StringValue: letter.invocation.requestId || '-' },
        },
      }),
    );
  }
}
