import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../../receivers/shared/dead-letter-queue.js';
import { SqsDeadLetterQueue } from '../../../../receivers/shared/sqs-dead-letter-queue.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/slack-failures';
const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const letter: DeadLetter = {
  payload: { Records: [{ Sns: { MessageId: 'm-1', Message: 'hello' } }] },
  condition: 'PermanentFailure',
  errorType: 'PermanentSlackError',
  errorMessage: 'Slack webhook refused the message for good: HTTP 404 no_service',
  details: { httpStatus: 404, slackError: 'no_service' },
  invocation: {
    requestId: 'req-1',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:slack',
    functionVersion: '$LATEST',
  },
  at: Date.parse('2026-03-01T12:00:00Z'),
};

describe('Class: SqsDeadLetterQueue', () => {
  it('writes the letter as a Lambda on-failure destination record, so one redrive serves both', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    const queue = new SqsDeadLetterQueue({
      client: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: QUEUE_URL,
    });

    // Act
    await queue.send(letter);

    // Assess
    const [call] = sqs.commandCalls(SendMessageCommand);
    const input = call?.args[0].input;
    expect(input?.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(input?.MessageBody ?? '{}')).toEqual({
      version: '1.0',
      timestamp: '2026-03-01T12:00:00.000Z',
      requestContext: {
        requestId: 'req-1',
        functionArn: letter.invocation.functionArn,
        condition: 'PermanentFailure',
        approximateInvokeCount: 1,
      },
      requestPayload: letter.payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'PermanentSlackError',
        errorMessage: letter.errorMessage,
        httpStatus: 404,
        slackError: 'no_service',
      },
    });
    expect(input?.MessageAttributes?.ErrorCode?.StringValue).toBe('PermanentSlackError');
    expect(input?.MessageAttributes?.RequestID?.StringValue).toBe('req-1');
  });

  it('lets a failed send reach the caller, who then leaves the message to Lambda retries', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const queue = new SqsDeadLetterQueue({
      client: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: QUEUE_URL,
    });

    // Act
    const sending = queue.send(letter);

    // Assess
    await expect(sending).rejects.toThrow('denied');
  });
});
