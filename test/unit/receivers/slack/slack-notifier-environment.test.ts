import { describe, expect, it } from 'vitest';
import { ReceiverConfigError } from '../../../../receivers/shared/receiver-errors.js';
import {
  readSlackNotifierConfig,
  SLACK_NOTIFIER_ENV,
  slackNotifierEnvironment,
} from '../../../../receivers/slack/slack-notifier-environment.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/slack-failures';

describe('Function: readSlackNotifierConfig', () => {
  it('reads back what the stack sets', () => {
    // Prepare
    const env = slackNotifierEnvironment({ webhookSecretId: 'monitor/slack', deadLetterQueueUrl: QUEUE_URL });

    // Act
    const config = readSlackNotifierConfig(env);

    // Assess
    expect(config).toEqual({ webhookSecretId: 'monitor/slack', deadLetterQueueUrl: QUEUE_URL });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses the variable names declared beside the schema', () => {
    expect(
      Object.keys(slackNotifierEnvironment({ webhookSecretId: 's', deadLetterQueueUrl: QUEUE_URL })).sort(),
    ).toEqual([SLACK_NOTIFIER_ENV.deadLetterQueueUrl, SLACK_NOTIFIER_ENV.webhookSecretId].sort());
  });

  it('treats an empty dead-letter queue URL as none', () => {
    expect(readSlackNotifierConfig({ SLACK_WEBHOOK_SECRET_ID: ' s ', SLACK_DLQ_URL: '' })).toEqual({
      webhookSecretId: 's',
      deadLetterQueueUrl: undefined,
    });
  });

  it.each([
    [
      {},
      'SLACK_WEBHOOK_SECRET_ID',
      'SLACK_WEBHOOK_SECRET_ID is required: the secret that holds the webhook URL',
    ],
    [{ SLACK_WEBHOOK_SECRET_ID: '  ' }, 'SLACK_WEBHOOK_SECRET_ID', 'must name the secret'],
    [{ SLACK_WEBHOOK_SECRET_ID: 's', SLACK_DLQ_URL: 'queue' }, 'SLACK_DLQ_URL', 'must be an SQS queue URL'],
    [
      { SLACK_WEBHOOK_SECRET_ID: 's', SLACK_DLQ_URL: 'ftp://q/1' },
      'SLACK_DLQ_URL',
      'must be an SQS queue URL',
    ],
  ])('refuses %j, naming %s', (env, field, message) => {
    // Act
    const act = () => readSlackNotifierConfig(env);

    // Assess
    expect(act).toThrow(ReceiverConfigError);
    expect(act).toThrow(message);
    expect(act).toThrow(expect.objectContaining({ field }));
  });
});
