/**
 * The Slack notifier against a real HTTP server on 127.0.0.1 playing Slack,
 * the webhook secret served by the local Secrets Manager stand-in, and a
 * local SQS stand-in for the dead-letter path.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmfMetrics } from '../../../../adapters/lambda/emf-metrics.js';
import { JsonLogger } from '../../../../adapters/lambda/json-logger.js';
import { renderSnsMessage } from '../../../../core/notify/render/sns-message.js';
import { MalformedSnsRecordError } from '../../../../receivers/shared/receiver-errors.js';
import { METRICS_NAMESPACE } from '../../../../receivers/shared/receiver-metrics.js';
import { SqsDeadLetterQueue } from '../../../../receivers/shared/sqs-dead-letter-queue.js';
import { PermanentSlackError, SlackDeliveryError } from '../../../../receivers/slack/slack-errors.js';
import {
  SLACK_METRIC,
  SLACK_NOTIFIER_SERVICE_NAME,
} from '../../../../receivers/slack/slack-notifier-metrics.js';
import {
  createSlackHandler,
  createSlackNotifier,
  type SlackNotifierDependencies,
} from '../../../../receivers/slack/slack-receiver.js';
import { webhookUrlSource } from '../../../../receivers/slack/webhook-url.js';
import {
  type LocalAwsEndpoint,
  startLocalAwsEndpoint,
} from '../../../../tools/local-aws/local-aws-endpoint.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import { scenarios } from '../../../unit/core/notify/render/notification-fixtures.js';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const REGION = 'eu-west-1';
const SECRET_ID = 'cluster-link-monitor/slack-webhook';
/** The part of a webhook URL that is the credential. */
const WEBHOOK_PATH = '/services/T0000000/B0000000/s3cr3tW3bh00kT0k3n';

interface ScriptedReply {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

interface Recorded {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Slack's webhook endpoint: answers from a script, repeating the last reply when it runs out. */
class FakeSlack {
  readonly requests: Recorded[] = [];
  #script: ScriptedReply[] = [{ status: 200, body: 'ok' }];
  readonly #server = createServer(async (request, response) => {
    const body = await readBody(request);
    this.requests.push({ path: request.url ?? '', contentType: request.headers['content-type'], body });
    const reply =
      this.#script.length > 1 ? (this.#script.shift() as ScriptedReply) : (this.#script[0] as ScriptedReply);
    response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
    response.end(reply.body ?? '');
  });
  base = '';

  async start(): Promise<void> {
    this.base = await listen(this.#server);
  }

  script(...replies: ScriptedReply[]): void {
    this.#script = replies;
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** SQS `SendMessage` in the JSON 1.0 protocol the installed client speaks. */
class FakeSqs {
  readonly sent: {
    QueueUrl: string;
    MessageBody: string;
    MessageAttributes: Record<string, { StringValue: string }>;
  }[] = [];
  readonly #server = createServer(async (request, response) => {
    const input = JSON.parse(await readBody(request));
    this.sent.push(input);
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(
      JSON.stringify({
        MessageId: `msg-${this.sent.length}`,
        MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex'),
      }),
    );
  });
  endpoint = '';

  async start(): Promise<void> {
    this.endpoint = await listen(this.#server);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function snsEventFor(scenarioName: string): SNSEvent {
  const found = scenarios().find((s) => s.name === scenarioName);
  if (found === undefined) throw new Error(`no scenario ${scenarioName}`);
  const rendered = renderSnsMessage(found.notification);
  // SNS delivers the `default` key's string to Lambda subscribers.
  const delivered = (JSON.parse(rendered.message) as { default: string }).default;
  return rawSnsEvent(delivered, rendered.subject);
}

function rawSnsEvent(message: string, subject: string | null): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:alerts:sub',
        Sns: {
          Type: 'Notification',
          MessageId: 'sns-msg-1',
          TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
          Subject: subject as string,
          Message: message,
          Timestamp: '2025-06-03T10:15:01.000Z',
          SignatureVersion: '1',
          Signature: 'x',
          SigningCertUrl: 'https://example.invalid/cert',
          UnsubscribeUrl: 'https://example.invalid/unsub',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** A clock that only moves when the notifier sleeps, so waits are exact and tests take no real time. */
function fakeClock() {
  let time = Date.parse('2025-06-03T10:15:01.000Z');
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: async (ms: number) => {
      waits.push(ms);
      time += ms;
    },
  };
}

let slack: FakeSlack;
let sqs: FakeSqs;
let aws: LocalAwsEndpoint;
let output: string[];

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  sqs = new FakeSqs();
  await sqs.start();
  aws = await startLocalAwsEndpoint({
    region: REGION,
    secrets: { [SECRET_ID]: JSON.stringify({ webhook_url: `${slack.base}${WEBHOOK_PATH}` }) },
  });
});

afterAll(async () => {
  await slack.stop();
  await sqs.stop();
  await aws.stop();
});

beforeEach(() => {
  output = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function notifier(clock: ReturnType<typeof fakeClock>, extra: Partial<SlackNotifierDependencies> = {}) {
  const secrets = new SecretsManagerClient({
    endpoint: aws.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
  });
  return createSlackNotifier({
    webhookUrl: webhookUrlSource({ client: secrets, secretId: SECRET_ID, allowLoopback: true }),
    logger: new JsonLogger({ serviceName: 'slack-notifier', level: 'INFO' }),
    now: clock.now,
    sleep: clock.sleep,
    ...extra,
  });
}

describe('Slack notifier', () => {
  it('posts the Block Kit rendering of the notification document to the webhook', async () => {
    // Prepare
    slack.script({ status: 200, body: 'ok' });
    const clock = fakeClock();

    // Act
    await notifier(clock)(
      snsEventFor('state-and-error-change'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    // Assess
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.path).toBe(WEBHOOK_PATH);
    expect(request?.contentType).toMatch(/^application\/json/);
    const payload = JSON.parse(request?.body ?? '{}');
    // The top-level text is mrkdwn too: escaped like the blocks.
    expect(payload.text).toContain('link orders-dr ACTIVE -&gt; UNAVAILABLE');
    expect(payload.attachments[0].color).toBe('#D0021B');
    expect(JSON.stringify(payload.attachments[0].blocks)).toContain('First thing to check');
  });

  it('waits for Retry-After on 429, then posts', async () => {
    slack.script(
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '3' } },
      { status: 200, body: 'ok' },
    );
    const clock = fakeClock();

    await notifier(clock)(snsEventFor('reminder'), lambdaContext('slack-notifier', 30_000, clock.now));

    expect(slack.requests).toHaveLength(2);
    expect(clock.waits).toEqual([3_000]);
  });

  it('retries a 500 after a second, then posts', async () => {
    slack.script({ status: 500, body: 'internal_error' }, { status: 200, body: 'ok' });
    const clock = fakeClock();

    await notifier(clock)(snsEventFor('resolved'), lambdaContext('slack-notifier', 30_000, clock.now));

    expect(slack.requests).toHaveLength(2);
    expect(clock.waits).toEqual([1_000]);
  });

  it('waits at least a second between posts when Slack answers 429 with Retry-After: 0', async () => {
    // Prepare
    slack.script({ status: 429, body: 'rate_limited', headers: { 'retry-after': '0' } });
    const clock = fakeClock();

    // Act
    const failure = notifier(clock)(
      snsEventFor('reminder'),
      lambdaContext('slack-notifier', 10_000, clock.now),
    );

    // Assess: 8 s before the 2 s margin, a post a second at most; never a burst.
    await expect(failure).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(slack.requests.length).toBeLessThanOrEqual(8);
    expect(clock.waits.length).toBeGreaterThan(0);
    expect(clock.waits.every((ms) => ms >= 1_000)).toBe(true);
  });

  it('falls back to backoff for an invalid Retry-After such as 1.5', async () => {
    slack.script(
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '1.5' } },
      { status: 200, body: 'ok' },
    );
    const clock = fakeClock();

    await notifier(clock)(snsEventFor('reminder'), lambdaContext('slack-notifier', 30_000, clock.now));

    expect(clock.waits).toEqual([1_000]);
  });

  it('gives up with a SlackDeliveryError when 500s last longer than the invocation', async () => {
    slack.script({ status: 503, body: 'service_unavailable' });
    const clock = fakeClock();
    const context = lambdaContext('slack-notifier', 20_000, clock.now);

    const failure = notifier(clock)(snsEventFor('cluster-unreachable'), context);

    await expect(failure).rejects.toBeInstanceOf(SlackDeliveryError);
    await expect(failure).rejects.toMatchObject({ httpStatus: 503 });
    expect(slack.requests.length).toBeGreaterThan(3);
    // It stopped in time: what it waited leaves the 2 s safety margin.
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(18_000);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('does not wait past the deadline for a long Retry-After', async () => {
    slack.script({ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } });
    const clock = fakeClock();

    const failure = notifier(clock)(
      snsEventFor('reminder'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    await expect(failure).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(clock.waits).toEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  it('throws PermanentSlackError at once on 404 no_service, without retrying', async () => {
    slack.script({ status: 404, body: 'no_service' });
    const clock = fakeClock();

    const failure = notifier(clock)(
      snsEventFor('link-removed'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    await expect(failure).rejects.toBeInstanceOf(PermanentSlackError);
    await expect(failure).rejects.toMatchObject({ httpStatus: 404, detail: 'no_service' });
    expect(slack.requests).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it('sends a permanently refused message straight to the DLQ and succeeds when SLACK_DLQ_URL is set', async () => {
    slack.script({ status: 403, body: 'invalid_token' });
    const clock = fakeClock();
    const queueUrl = `${sqs.endpoint}/123456789012/slack-notifier-dlq`;
    const deadLetter = new SqsDeadLetterQueue({
      client: new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials: CREDENTIALS }),
      queueUrl,
    });
    const event = snsEventFor('link-added');

    await notifier(clock, { deadLetter })(event, lambdaContext('slack-notifier', 30_000, clock.now));

    expect(slack.requests).toHaveLength(1);
    const sent = sqs.sent.at(-1);
    expect(sent?.QueueUrl).toBe(queueUrl);
    expect(JSON.parse(sent?.MessageBody ?? '{}')).toMatchObject({
      requestContext: { requestId: 'req-slack-notifier', condition: 'PermanentFailure' },
      requestPayload: event,
      responsePayload: { errorType: 'PermanentSlackError', httpStatus: 403, slackError: 'invalid_token' },
    });
    expect(sent?.MessageAttributes.ErrorCode?.StringValue).toBe('PermanentSlackError');
    expect(sent?.MessageAttributes.RequestID?.StringValue).toBe('req-slack-notifier');
  });

  it('never writes the webhook URL to logs or errors', async () => {
    const clock = fakeClock();
    const errors: unknown[] = [];
    for (const reply of [
      { status: 404, body: 'no_service' },
      { status: 500, body: 'oops' },
      { status: 200 },
    ]) {
      slack.script(reply);
      await notifier(clock)(
        snsEventFor('digest-40-links'),
        lambdaContext('slack-notifier', 3_000, clock.now),
      ).catch((error) => errors.push(error));
    }

    expect(errors).toHaveLength(2);
    const everything = [
      ...output,
      ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack}`),
    ];
    expect(everything.join('\n')).toContain('no_service');
    for (const text of everything) {
      expect(text).not.toContain('s3cr3tW3bh00kT0k3n');
      expect(text).not.toContain('/services/');
    }
  });

  it('reads the secret once, then serves it from the cache', async () => {
    slack.script({ status: 200, body: 'ok' });
    const clock = fakeClock();
    const before = aws.secretRequests.length;
    const notify = notifier(clock);

    await notify(snsEventFor('link-added'), lambdaContext('slack-notifier', 30_000, clock.now));
    await notify(snsEventFor('link-removed'), lambdaContext('slack-notifier', 30_000, clock.now));

    expect(slack.requests).toHaveLength(2);
    expect(aws.secretRequests.length - before).toBe(1);
  });

  it('posts a message that is not a notification document as plain text instead of dropping it', async () => {
    slack.script({ status: 200, body: 'ok' });
    const clock = fakeClock();

    await notifier(clock)(
      rawSnsEvent('Hello from the console <!channel>', 'Manual test'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    const payload = JSON.parse(slack.requests[0]?.body ?? '{}');
    expect(payload.text).toBe('Manual test');
    // Untrusted text cannot @-mention the channel.
    expect(JSON.stringify(payload)).toContain('&lt;!channel&gt;');
  });
  it('sends a record that is not an SNS notification straight to the DLQ, without posting or retrying', async () => {
    // Prepare
    const clock = fakeClock();
    const queueUrl = `${sqs.endpoint}/123456789012/slack-notifier-dlq`;
    const deadLetter = new SqsDeadLetterQueue({
      client: new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials: CREDENTIALS }),
      queueUrl,
    });
    const record = { EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Message: { not: 'a string' } } };
    slack.script({ status: 200, body: 'ok' });

    // Act
    await notifier(clock, { deadLetter })(
      { Records: [record] },
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    // Assess
    expect(slack.requests).toHaveLength(0);
    const sent = JSON.parse(sqs.sent.at(-1)?.MessageBody ?? '{}');
    expect(sent).toMatchObject({
      requestContext: { condition: 'MalformedRecord' },
      requestPayload: { Records: [record] },
      responsePayload: { errorType: 'MalformedSnsRecordError', field: 'Sns.Message' },
    });
  });

  it('throws for a malformed record when there is no DLQ, so the on-failure destination keeps it', async () => {
    const clock = fakeClock();
    slack.script({ status: 200, body: 'ok' });

    const failure = notifier(clock)(
      { Records: [{ Sns: null }] },
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    await expect(failure).rejects.toBeInstanceOf(MalformedSnsRecordError);
    expect(slack.requests).toHaveLength(0);
  });

  it('reads the webhook secret again after Slack refused the URL, to pick up a replaced webhook', async () => {
    // Prepare
    const clock = fakeClock();
    const notify = notifier(clock);
    const before = aws.secretRequests.length;
    slack.script({ status: 404, body: 'no_service' });
    await notify(snsEventFor('link-added'), lambdaContext('slack-notifier', 30_000, clock.now)).catch(
      () => {},
    );

    // Act
    slack.script({ status: 200, body: 'ok' });
    await notify(snsEventFor('link-added'), lambdaContext('slack-notifier', 30_000, clock.now));

    // Assess
    expect(aws.secretRequests.length - before).toBe(2);
  });
});

/** The EMF documents the handler wrote: one object per published line. */
function emfMetrics(lines: readonly string[]): Record<string, unknown>[] {
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Slack notifier metrics', () => {
  function handlerWithMetrics(
    clock: ReturnType<typeof fakeClock>,
    extra: Pick<Partial<SlackNotifierDependencies>, 'deadLetter'> = {},
  ) {
    const secrets = new SecretsManagerClient({
      endpoint: aws.endpoint,
      region: REGION,
      credentials: CREDENTIALS,
    });
    return createSlackHandler({
      webhookUrl: webhookUrlSource({ client: secrets, secretId: SECRET_ID, allowLoopback: true }),
      logger: new JsonLogger({ serviceName: SLACK_NOTIFIER_SERVICE_NAME }),
      metrics: new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SLACK_NOTIFIER_SERVICE_NAME }),
      now: clock.now,
      sleep: clock.sleep,
      ...extra,
    });
  }

  it('counts a post and the retries it took', async () => {
    // Prepare
    slack.script(
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '2' } },
      { status: 200, body: 'ok' },
    );
    const clock = fakeClock();

    // Act
    await handlerWithMetrics(clock)(
      snsEventFor('reminder'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    // Assess
    const documents = emfMetrics(output);
    expect(documents).toHaveLength(1);
    const [emf] = documents;
    expect(emf).toMatchObject({
      [SLACK_METRIC.posts]: 1,
      [SLACK_METRIC.retries]: 1,
      service: SLACK_NOTIFIER_SERVICE_NAME,
    });
    expect(emf).not.toHaveProperty(SLACK_METRIC.refusals);
    // Where CloudWatch files them: the monitor's namespace, by the service dimension alone.
    expect(emf?._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['service']],
          Metrics: [
            { Name: SLACK_METRIC.posts, Unit: 'Count' },
            { Name: SLACK_METRIC.retries, Unit: 'Count' },
          ],
        },
      ],
    });
  });

  it('writes every log line of the invocation as JSON with the service and the Lambda context', async () => {
    // Prepare
    slack.script({ status: 200, body: 'ok' });
    const clock = fakeClock();

    // Act
    await handlerWithMetrics(clock)(
      snsEventFor('link-added'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    // Assess
    const lines = output
      .join('')
      .split('\n')
      .filter((line) => line !== '' && !line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.message)).toContain('Sent to Slack');
    for (const line of lines) {
      expect(line).toMatchObject({
        level: expect.any(String),
        timestamp: expect.any(String),
        service: SLACK_NOTIFIER_SERVICE_NAME,
        function_name: 'slack-notifier',
        function_request_id: 'req-slack-notifier',
        cold_start: expect.any(Boolean),
      });
    }
  });

  it('counts a refusal sent to the dead-letter queue', async () => {
    // Prepare
    slack.script({ status: 410, body: 'channel_is_archived' });
    const clock = fakeClock();
    const deadLetter = new SqsDeadLetterQueue({
      client: new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials: CREDENTIALS }),
      queueUrl: `${sqs.endpoint}/123456789012/slack-notifier-dlq`,
    });

    // Act
    await handlerWithMetrics(clock, { deadLetter })(
      snsEventFor('link-removed'),
      lambdaContext('slack-notifier', 30_000, clock.now),
    );

    // Assess
    const [emf] = emfMetrics(output);
    expect(emf).toMatchObject({ [SLACK_METRIC.refusals]: 1, [SLACK_METRIC.deadLettered]: 1 });
    expect(emf).not.toHaveProperty(SLACK_METRIC.posts);
  });

  it('counts a delivery that ran out of time before it is left to Lambda retries', async () => {
    // Prepare
    slack.script({ status: 503, body: 'service_unavailable' });
    const clock = fakeClock();

    // Act
    const failure = handlerWithMetrics(clock)(
      snsEventFor('cluster-unreachable'),
      lambdaContext('slack-notifier', 6_000, clock.now),
    );

    // Assess: a failed invocation's counts are written too, as Lambda retries it
    await expect(failure).rejects.toBeInstanceOf(SlackDeliveryError);
    const [emf] = emfMetrics(output);
    expect(emf).toMatchObject({ [SLACK_METRIC.deliveryFailures]: 1 });
    expect(emf?.[SLACK_METRIC.retries]).toBeGreaterThan(0);
  });
});

describe('Slack notifier Lambda handler', () => {
  it('reads its settings from the environment, and as deployed refuses a webhook secret that points anywhere but Slack', async () => {
    // The secret holds the local stand-in's URL: only tests opt in to one, the deployed function never does.
    slack.script({ status: 200, body: 'ok' });
    vi.stubEnv('SLACK_WEBHOOK_SECRET_ID', SECRET_ID);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', aws.endpoint);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    try {
      const { handler } = await import('../../../../receivers/slack/handler.js');

      const outcome = handler(
        snsEventFor('cluster-recovered'),
        lambdaContext('slack-notifier', 30_000, Date.now),
      );

      await expect(outcome).rejects.toThrow(/slack-webhook: value must be (an https|a Slack) webhook URL/);
      expect(aws.secretRequests).toContain(SECRET_ID);
      expect(slack.requests).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('fails at cold start, naming the variable, when the webhook secret is not configured', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('SLACK_WEBHOOK_SECRET_ID', '');
    try {
      // Act
      const loading = import('../../../../receivers/slack/handler.js');

      // Assess
      await expect(loading).rejects.toThrow(
        'SLACK_WEBHOOK_SECRET_ID must name the secret that holds the webhook URL',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
