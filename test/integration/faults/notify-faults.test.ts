import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../../adapters/lambda/json-logger.js';
import { SnsNotifier } from '../../../adapters/sns/sns-notifier.js';
import { PermanentSlackError, SlackDeliveryError } from '../../../receivers/slack/slack-errors.js';
import { createSlackNotifier } from '../../../receivers/slack/slack-receiver.js';
import { webhookUrlSource } from '../../../receivers/slack/webhook-url.js';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../tools/local-aws/local-aws-endpoint.js';
import { resultOf, runFaultCase } from '../../support/fault-cases.js';
import { captureOutput } from '../../support/fault-log-capture.js';
import { startReport } from '../../support/fault-report.js';
import { type FaultServer, startFaultServer } from '../../support/fault-server.js';
import { lambdaContext } from '../../support/lambda-context.js';

const record = startReport('notify-faults');
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:link-alerts';
const WEBHOOK_SECRET = 'cluster-link-monitor/slack-webhook';
const WEBHOOK_PATH = '/services/T0FAULT00/B0FAULT00/xoxWebhookS3cretToken';
const AWS_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let aws: LocalAwsEndpoint;
let slack: FaultServer;

beforeAll(async () => {
  slack = await startFaultServer();
  aws = await startLocalAwsEndpoint({ secrets: { [WEBHOOK_SECRET]: `${slack.url}${WEBHOOK_PATH}` } });
});
afterAll(async () => {
  await aws.stop();
  await slack.close();
});

function snsNotifier(): { notifier: SnsNotifier; client: SNSClient } {
  const client = new SNSClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials: AWS_CREDENTIALS });
  return { notifier: new SnsNotifier({ client, topicArn: TOPIC_ARN }), client };
}

/** SNS delivers the `default` string of a JSON-structured message to Lambda subscribers. */
function snsEvent(messages: readonly { message: string; subject?: string }[]): SNSEvent {
  return {
    Records: messages.map((m, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: `${TOPIC_ARN}:sub`,
      Sns: {
        Type: 'Notification',
        MessageId: `msg-${i}`,
        TopicArn: TOPIC_ARN,
        Subject: m.subject ?? '',
        Message: (JSON.parse(m.message) as { default: string }).default,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertUrl: 'https://example.invalid/cert',
        UnsubscribeUrl: 'https://example.invalid/unsub',
        MessageAttributes: {},
      },
    })),
  };
}

describe('Fault suite: SNS faults', () => {
  it('absorbs brief SNS throttling through the SDK retries: each event published once', async () => {
    const { notifier, client } = snsNotifier();
    aws.reset();
    try {
      await runFaultCase(
        {
          category: 'notify',
          name: 'SNS throttling absorbed',
          injected:
            'The next 2 SNS Publish requests answered 429 Throttled (the SDK makes 3 attempts per call).',
          world: { notifier },
          faultPolls: 1,
          inject: () => aws.failNextPublishes(2, 'throttling'),
          pollOptions: () => ({ faulty: [] }),
          assess: (w, during) => {
            expect(during[0]?.publishFailures).toBe(0);
            expect(aws.requests.filter((r) => r.service === 'sns' && r.status === 429)).toHaveLength(2);
            expect(aws.published.length).toBe(w.notifier.delivered.length);
          },
        },
        record,
      );
    } finally {
      client.destroy();
    }
  });

  it('keeps events pending through SNS 500s beyond the retries and publishes them once on a later poll', async () => {
    const { notifier, client } = snsNotifier();
    aws.reset();
    try {
      await runFaultCase(
        {
          category: 'notify',
          name: 'SNS publish failures',
          injected:
            'The next 9 SNS Publish requests answered 500 InternalError: three publish calls failed after the SDK retries.',
          world: { notifier },
          inject: () => aws.failNextPublishes(9, 'server-error'),
          pollOptions: () => ({ faulty: 'all' }),
          assess: (w) => {
            // Links publish concurrently, so the 9 errors are shared among calls in whatever order they
            // interleave: a call fails after its third 500 (the SDK's attempts), and one that meets fewer is
            // retried by the SDK into success. So between 1 and 3 calls fail; never none, never more.
            const failed = w.notifier.attempts.filter((a) => !a.delivered);
            expect(failed.length).toBeGreaterThanOrEqual(1);
            expect(failed.length).toBeLessThanOrEqual(3);
            expect(aws.requests.filter((r) => r.service === 'sns' && r.status === 500)).toHaveLength(9);
          },
          notes: () => [`SNS accepted ${aws.published.length} messages in all`],
        },
        record,
      );
      // Every delivered notification reached SNS exactly once.
    } finally {
      client.destroy();
    }
  });

  it('holds every event through a topic outage of two polls and publishes each once when it ends', async () => {
    await runFaultCase(
      {
        category: 'notify',
        name: 'topic unavailable for two polls',
        injected: 'Every publish failed (topic unavailable) during two polls in which every cluster changed.',
        inject: (w) => {
          w.notifier.failAll();
        },
        pollOptions: () => ({ faulty: 'all' }),
        assess: async (w, during) => {
          for (const summary of during) expect(summary.published).toBe(0);
          expect(resultOf(during[0], 'lkc-a')).toMatchObject({ outcome: 'failed', failedStep: 'publish' });
          const pending = await w.store.pendingEvents('lkc-a');
          expect(pending.length).toBeGreaterThan(0);
        },
      },
      record,
    );
  });
});

describe('Fault suite: Slack faults', () => {
  it('stops at a revoked webhook (404 no_service) without retrying, leaking the URL, or losing the message silently', async () => {
    // Prepare: real SNS messages of a poll, and a Slack that says the webhook is gone.
    const { notifier, client } = snsNotifier();
    aws.reset();
    let messages: typeof aws.published = [];
    await runFaultCase(
      {
        category: 'notify',
        name: 'messages for Slack',
        injected: 'None: produces the SNS messages the Slack cases below deliver.',
        world: { notifier },
        faultPolls: 1,
        inject: () => undefined,
        pollOptions: () => ({ faulty: [] }),
        assess: () => undefined,
      },
      () => undefined,
    );
    messages = [...aws.published];
    client.destroy();
    slack.script(WEBHOOK_PATH, [
      { kind: 'text', status: 404, body: 'no_service', headers: { 'content-type': 'text/plain' } },
    ]);
    const secrets = new SecretsManagerClient({
      endpoint: aws.endpoint,
      region: 'us-east-1',
      credentials: AWS_CREDENTIALS,
    });
    const output = captureOutput();
    const errors: unknown[] = [];
    let time = Date.now();
    const notifySlack = createSlackNotifier({
      webhookUrl: webhookUrlSource({ client: secrets, secretId: WEBHOOK_SECRET, allowLoopback: true }),
      logger: new JsonLogger({ serviceName: 'slack-notifier' }),
      now: () => time,
      sleep: async (ms) => {
        time += ms;
      },
    });

    // Act
    try {
      for (const message of messages) {
        await notifySlack(
          snsEvent([message]),
          lambdaContext('slack-notifier', 30_000, () => time),
        ).catch((error: unknown) => errors.push(error));
      }
    } finally {
      output.restore();
      secrets.destroy();
    }

    // Assess
    const logs = output.text();
    const passed =
      messages.length > 0 &&
      errors.length === messages.length &&
      errors.every(
        (e) => e instanceof PermanentSlackError && e.httpStatus === 404 && e.detail === 'no_service',
      ) &&
      slack.requestsFor(WEBHOOK_PATH).length === messages.length &&
      !logs.includes(WEBHOOK_PATH) &&
      !logs.includes('xoxWebhookS3cretToken');
    record({
      category: 'notify',
      name: 'Slack webhook revoked',
      injected: `Slack answered every post to the webhook with 404 no_service; ${messages.length} real SNS messages of a poll were delivered to the Slack function.`,
      monitor: [
        `invocations failed with: ${[...new Set(errors.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))))].join('; ')}`,
        `requests to the webhook: ${slack.requestsFor(WEBHOOK_PATH).length} (one per message: a revoked webhook is not retried)`,
        `log lines: ${logs.split('\n').filter(Boolean).length}, containing the webhook URL or token: ${logs.includes(WEBHOOK_PATH) ? 'yes' : 'none'}`,
        'without a dead-letter queue the invocation throws, so Lambda retries and its on-failure destination keep the message',
      ],
      passed,
    });
    expect(messages.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(messages.length);
    for (const error of errors)
      expect(error).toMatchObject({ name: 'PermanentSlackError', httpStatus: 404, detail: 'no_service' });
    expect(slack.requestsFor(WEBHOOK_PATH)).toHaveLength(messages.length);
    expect(logs).toContain('Slack refused the message for good');
    expect(logs).not.toContain(WEBHOOK_PATH);
    expect(logs).not.toContain('xoxWebhookS3cretToken');
  });

  it('gives up on a Slack that keeps answering 429 before the invocation runs out of time, for Lambda to retry', async () => {
    // Prepare
    slack.script(WEBHOOK_PATH, [
      { kind: 'text', status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } },
    ]);
    const before = slack.requestsFor(WEBHOOK_PATH).length;
    const secrets = new SecretsManagerClient({
      endpoint: aws.endpoint,
      region: 'us-east-1',
      credentials: AWS_CREDENTIALS,
    });
    const output = captureOutput();
    let time = Date.now();
    const notifySlack = createSlackNotifier({
      webhookUrl: webhookUrlSource({ client: secrets, secretId: WEBHOOK_SECRET, allowLoopback: true }),
      logger: new JsonLogger({ serviceName: 'slack-notifier' }),
      now: () => time,
      sleep: async (ms) => {
        time += ms;
      },
    });
    const message = {
      message: JSON.stringify({ default: 'Cluster link lkc-a/orders-dr is FAILED' }),
      subject: 'FAILED',
    };

    // Act
    const error = await notifySlack(
      snsEvent([message]),
      lambdaContext('slack-notifier', 10_000, () => time),
    ).catch((e: unknown) => e);
    output.restore();
    secrets.destroy();

    // Assess
    const attempts = slack.requestsFor(WEBHOOK_PATH).length - before;
    record({
      category: 'notify',
      name: 'Slack throttling past the invocation time',
      injected:
        'Slack answered every post with 429 rate_limited and Retry-After: 1, for an invocation with 10 s left.',
      monitor: [
        `attempts: ${attempts}, then ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        `the webhook URL in logs: ${output.text().includes(WEBHOOK_PATH) ? 'yes' : 'never'}`,
      ],
      passed: error instanceof SlackDeliveryError && attempts > 1 && !output.text().includes(WEBHOOK_PATH),
    });
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(attempts).toBeGreaterThan(1);
    expect(output.text()).not.toContain(WEBHOOK_PATH);
  });
});
