/**
 * The delivery every receiver shares, with a scripted receiver: what is sent and in which order,
 * what a refusal or an unavailable service does, what is dead-lettered and what is counted.
 */
import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../../receivers/shared/dead-letter-queue.js';
import { type DeliveryDeps, deliverRecord } from '../../../../receivers/shared/deliver-record.js';
import type { Receiver } from '../../../../receivers/shared/receiver.js';
import {
  MalformedSnsRecordError,
  ReceiverRefusedError,
  ReceiverUnavailableError,
} from '../../../../receivers/shared/receiver-errors.js';
import { receiverMetricNames } from '../../../../receivers/shared/receiver-metrics.js';
import { snsEventOf } from '../../../support/sns-lambda-event.js';
import { aLink, anEvent } from '../../core/notify/render/notification-fixtures.js';

class TestRefusedError extends ReceiverRefusedError {
  override readonly name = 'TestRefusedError';
  override readonly detailName = 'testError';
}

class TestUnavailableError extends ReceiverUnavailableError {
  override readonly name = 'TestUnavailableError';
}

/** What each message's send does: attempts it took, or the error it throws. */
type Script = Readonly<Record<string, number | Error>>;

/** A receiver that turns a document into `messages` and sends each as `script` says, recording what it sent. */
function scriptedReceiver(
  messages: readonly string[],
  script: Script = {},
  options: { plainText?: boolean } = {},
) {
  const sent: string[] = [];
  let refusals = 0;
  const receiver: Receiver<string> = {
    name: 'Test',
    serviceName: 'test-receiver',
    metricNames: receiverMetricNames('Test'),
    render: () => messages,
    ...(options.plainText === true && { renderText: (subject, text) => `${subject}: ${text}` }),
    describe: (message) => ({ message }),
    send: async (message) => {
      const outcome = script[message] ?? 1;
      if (outcome instanceof Error) throw outcome;
      sent.push(message);
      return { attempts: outcome };
    },
    refused: () => {
      refusals += 1;
    },
  };
  return { receiver, sent, refusals: () => refusals };
}

function deps(extra: Partial<DeliveryDeps> = {}) {
  const counts: Record<string, number> = {};
  const letters: DeadLetter[] = [];
  const logs: string[] = [];
  const log = (message: string) => void logs.push(message);
  const given: DeliveryDeps = {
    logger: { info: log, warn: log, error: log },
    count: (metric, count = 1) => {
      if (count > 0) counts[metric] = (counts[metric] ?? 0) + count;
    },
    deadLetter: { send: async (letter) => void letters.push(letter) },
    now: () => Date.parse('2026-03-01T12:00:00Z'),
    ...extra,
  };
  return { given, counts, letters, logs };
}

const invocation = {
  requestId: 'req-1',
  functionArn: 'arn:aws:lambda:::function:test',
  functionVersion: '1',
};
const notificationRecord = () =>
  snsEventOf([anEvent({ severity: 'critical', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) })])
    .Records[0];
const request = (record: unknown) => ({ record, deadline: Date.parse('2026-03-01T12:00:30Z'), invocation });

describe('Function: deliverRecord', () => {
  it('sends every message of a notification in order and counts the posts and their retries', async () => {
    // Prepare
    const { receiver, sent } = scriptedReceiver(['trigger', 'resolve'], { resolve: 3 });
    const { given, counts } = deps();

    // Act
    const outcome = await deliverRecord(receiver, request(notificationRecord()), given);

    // Assess
    expect(outcome).toEqual({ kind: 'sent', messages: 2 });
    expect(sent).toEqual(['trigger', 'resolve']);
    expect(counts).toEqual({ posts: 2, retries: 2 });
  });

  it('stops at a refusal, tells the receiver, and dead-letters the record once with what the service said', async () => {
    // Prepare
    const refusal = new TestRefusedError('Test refused the message for good: HTTP 400 bad', 400, 'bad', 2);
    const { receiver, sent, refusals } = scriptedReceiver(['first', 'second', 'third'], { second: refusal });
    const { given, counts, letters } = deps();
    const record = notificationRecord();

    // Act
    const outcome = await deliverRecord(receiver, request(record), given);

    // Assess
    expect(outcome).toEqual({ kind: 'refused' });
    expect(sent).toEqual(['first']);
    expect(refusals()).toBe(1);
    expect(letters).toEqual([
      {
        payload: { Records: [record] },
        condition: 'PermanentFailure',
        errorType: 'TestRefusedError',
        errorMessage: refusal.message,
        details: { httpStatus: 400, testError: 'bad' },
        invocation,
        at: Date.parse('2026-03-01T12:00:00Z'),
      },
    ]);
    expect(counts).toEqual({ posts: 1, refusals: 1, retries: 1, deadLettered: 1 });
  });

  it('throws a refusal when there is no dead-letter queue, so the on-failure destination keeps the record', async () => {
    // Prepare
    const refusal = new TestRefusedError('refused', 404, 'gone', 1);
    const { receiver } = scriptedReceiver(['only'], { only: refusal });
    const { given, counts } = deps({ deadLetter: undefined });

    // Act / Assess
    await expect(deliverRecord(receiver, request(notificationRecord()), given)).rejects.toBe(refusal);
    expect(counts).toEqual({ refusals: 1 });
  });

  it('throws a refusal when the dead-letter send fails, leaving the record to Lambda retries', async () => {
    // Prepare
    const refusal = new TestRefusedError('refused', 404, 'gone', 1);
    const { receiver } = scriptedReceiver(['only'], { only: refusal });
    const { given, counts, logs } = deps({
      deadLetter: {
        send: async () => {
          throw new Error('AccessDenied');
        },
      },
    });

    // Act / Assess
    await expect(deliverRecord(receiver, request(notificationRecord()), given)).rejects.toBe(refusal);
    expect(counts).not.toHaveProperty('deadLettered');
    expect(logs).toContain(
      'Could not send the message to the dead-letter queue; leaving it to Lambda retries',
    );
  });

  it('logs and throws when the service stays unavailable, counting the failure and its retries', async () => {
    // Prepare
    const unavailable = new TestUnavailableError('Test still failing after 4 attempts', 503, 4);
    const { receiver } = scriptedReceiver(['only'], { only: unavailable });
    const { given, counts, letters, logs } = deps();

    // Act / Assess
    await expect(deliverRecord(receiver, request(notificationRecord()), given)).rejects.toBe(unavailable);
    expect(counts).toEqual({ deliveryFailures: 1, retries: 3 });
    expect(letters).toEqual([]);
    expect(logs).toContain('Test unavailable; leaving the message to Lambda retries');
  });

  it('passes any other error through untouched, e.g. a credential that cannot be read', async () => {
    // Prepare
    const unreadable = new Error('secret not found');
    const { receiver } = scriptedReceiver(['only'], { only: unreadable });
    const { given, counts, letters } = deps();

    // Act / Assess
    await expect(deliverRecord(receiver, request(notificationRecord()), given)).rejects.toBe(unreadable);
    expect(counts).toEqual({});
    expect(letters).toEqual([]);
  });

  it('sends text that is not a notification document as plain text when the receiver has a rendering for it', async () => {
    // Prepare
    const { receiver, sent } = scriptedReceiver(['never'], {}, { plainText: true });
    const { given } = deps();
    const record = { Sns: { MessageId: 'm-1', Message: 'Hello from the console', Subject: 'Manual test' } };

    // Act
    const outcome = await deliverRecord(receiver, request(record), given);

    // Assess
    expect(outcome).toEqual({ kind: 'sent', messages: 1 });
    expect(sent).toEqual(['Manual test: Hello from the console']);
  });

  it('sends nothing for text that is not a notification document when the receiver has no rendering for it', async () => {
    // Prepare
    const { receiver, sent } = scriptedReceiver(['never']);
    const { given, counts, logs } = deps();
    const record = { Sns: { MessageId: 'm-1', Message: 'Hello from the console', Subject: null } };

    // Act
    const outcome = await deliverRecord(receiver, request(record), given);

    // Assess
    expect(outcome).toEqual({ kind: 'sent', messages: 0 });
    expect(sent).toEqual([]);
    expect(counts).toEqual({});
    expect(logs[0]).toMatch(/not a version 1 notification document; not sent to Test/);
  });

  it('dead-letters a record that is not an SNS notification, naming the missing field', async () => {
    // Prepare
    const { receiver, sent } = scriptedReceiver(['never']);
    const { given, counts, letters } = deps();

    // Act
    const outcome = await deliverRecord(receiver, request({ Sns: { MessageId: 'm-1' } }), given);

    // Assess
    expect(outcome).toEqual({ kind: 'malformed' });
    expect(sent).toEqual([]);
    expect(letters[0]).toMatchObject({
      condition: 'MalformedRecord',
      errorType: 'MalformedSnsRecordError',
      details: { field: 'Sns.Message' },
    });
    expect(counts).toEqual({ malformedRecords: 1, deadLettered: 1 });
  });

  it('throws for a malformed record when there is no dead-letter queue', async () => {
    // Prepare
    const { receiver } = scriptedReceiver(['never']);
    const { given, counts } = deps({ deadLetter: undefined });

    // Act / Assess
    await expect(deliverRecord(receiver, request(null), given)).rejects.toBeInstanceOf(
      MalformedSnsRecordError,
    );
    expect(counts).toEqual({ malformedRecords: 1 });
  });
});
