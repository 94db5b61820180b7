/**
 * Security: the deployed entry points (poller Lambda handler, Slack function) run against local
 * stand-ins of everything they talk to, through error paths that tempt a leak (401, a TLS failure,
 * a server echoing the Authorization header, Slack refusing the webhook). Everything they print,
 * store and publish is searched for every credential, and hosts that are not a cluster's configured
 * origin must receive nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../../adapters/lambda/json-logger.js';
import type { PollSummary } from '../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS } from '../../../core/poll/poll-settings.js';
import { createSlackNotifier } from '../../../receivers/slack/slack-receiver.js';
import { webhookUrlSource } from '../../../receivers/slack/webhook-url.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../tools/local-aws/dynamodb-local.js';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../tools/local-aws/local-aws-endpoint.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../tools/simulator/confluent-simulator.js';
import { dynamoDbEndpoint } from '../../support/dynamodb-endpoint.js';
import { captureOutput } from '../../support/fault-log-capture.js';
import { startReport } from '../../support/fault-report.js';
import { type FaultServer, startFaultServer } from '../../support/fault-server.js';
import { lambdaContext } from '../../support/lambda-context.js';

const record = startReport('security');

const GOOD = {
  kind: 'basic',
  apiKey: 'SECKEYGOOD7H3K9Q',
  apiSecret: 'sec/GoodSecret+9a8b7c6d5e4f3g2h',
} as const;
const REVOKED = { apiKey: 'SECKEYREVOKED2X5', apiSecret: 'sec/RevokedSecret+1q2w3e4r5t6y' };
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.U2lnbmF0dXJlU2VjcmV0';
const WEBHOOK_TOKEN = 'wHk8sEcReTtOkEnZz41';
const WEBHOOK_PATH = `/services/T0SEC0000/B0SEC0000/${WEBHOOK_TOKEN}`;
const basic = (c: { apiKey: string; apiSecret: string }) =>
  Buffer.from(`${c.apiKey}:${c.apiSecret}`).toString('base64');

/** Every string that would be a leak if it showed up anywhere. */
const SECRETS = [
  GOOD.apiKey,
  GOOD.apiSecret,
  basic(GOOD),
  REVOKED.apiKey,
  REVOKED.apiSecret,
  basic(REVOKED),
  TOKEN,
  WEBHOOK_TOKEN,
  WEBHOOK_PATH,
];

function leaksIn(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('Security: no credential in any output, and credentials only to their own host', () => {
  let sim: ConfluentSimulator;
  let rogue: FaultServer;
  let elsewhere: FaultServer;
  let plainHttp: Server;
  let aws: LocalAwsEndpoint;
  let tables: TestTables;
  const admin = localDynamoDbClient(dynamoDbEndpoint());

  beforeAll(async () => {
    sim = await startConfluentSimulator({
      auth: GOOD,
      clusters: [{ clusterId: 'lkc-good', links: 3 }],
      pageSize: 2,
    });
    rogue = await startFaultServer();
    elsewhere = await startFaultServer();
    plainHttp = createServer((_req, res) => res.end('plain http, not TLS'));
    const plainPort = await listen(plainHttp);
    aws = await startLocalAwsEndpoint({
      secrets: {
        'clm/good': JSON.stringify({ api_key: GOOD.apiKey, api_secret: GOOD.apiSecret }),
        'clm/revoked': JSON.stringify({ api_key: REVOKED.apiKey, api_secret: REVOKED.apiSecret }),
        'clm/token': JSON.stringify({ token: TOKEN }),
        'clm/slack': `${rogue.url}${WEBHOOK_PATH}`,
      },
    });
    tables = await createTables(admin, 'security');

    // The rogue server plays three clusters: one paging to another host, one redirecting there,
    // one echoing the Authorization header back in its error message.
    const link = (name: string) => ({
      link_name: name,
      cluster_link_id: `id-${name}`,
      topic_names: [],
      link_state: 'ACTIVE',
    });
    rogue.script('/kafka/v3/clusters/lkc-pager/links', [
      {
        kind: 'json',
        body: {
          metadata: { next: `${elsewhere.url}/kafka/v3/clusters/lkc-pager/links?page_token=2` },
          data: [link('p')],
        },
      },
    ]);
    rogue.script('/kafka/v3/clusters/lkc-redirect/links', [
      {
        kind: 'text',
        status: 302,
        body: '',
        headers: { location: `${elsewhere.url}/kafka/v3/clusters/lkc-redirect/links` },
      },
    ]);
    rogue.script('/kafka/v3/clusters/lkc-echo/links', [
      {
        kind: 'custom',
        handle: (req, res) => {
          const body = JSON.stringify({
            error_code: 50003,
            message: `bad request with ${req.headers.authorization} for ${GOOD.apiKey}`,
          });
          res.writeHead(500, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
        },
      },
    ]);

    const clusters = [
      { id: 'lkc-good', label: 'good', url: sim.baseUrl, secret: 'clm/good' },
      { id: 'lkc-revoked', label: 'revoked', url: sim.baseUrl, secret: 'clm/revoked' },
      { id: 'lkc-token', label: 'token', url: sim.baseUrl, secret: 'clm/token' },
      { id: 'lkc-tls', label: 'tls', url: `https://127.0.0.1:${plainPort}`, secret: 'clm/good' },
      { id: 'lkc-pager', label: 'pager', url: rogue.url, secret: 'clm/good' },
      { id: 'lkc-redirect', label: 'redirect', url: rogue.url, secret: 'clm/good' },
      { id: 'lkc-echo', label: 'echo', url: rogue.url, secret: 'clm/good' },
    ];
    sim.addCluster('lkc-revoked', { links: 1 });
    sim.addCluster('lkc-token', { links: 1 });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint(),
      AWS_ENDPOINT_URL_SNS: aws.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      SNAPSHOT_TABLE_NAME: tables.snapshotTableName,
      HISTORY_TABLE_NAME: tables.historyTableName,
      NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:link-alerts',
      MONITOR_CLUSTERS: JSON.stringify(clusters),
      POLL_SETTINGS: JSON.stringify({ ...DEFAULT_POLL_SETTINGS, unreachableAfterPolls: 1, reserveMs: 5_000 }),
    });
  });

  afterAll(async () => {
    await Promise.all([sim.close(), rogue.close(), elsewhere.close(), aws.stop()]);
    await new Promise<void>((resolve) => plainHttp.close(() => resolve()));
    await tables.drop();
    admin.destroy();
  });

  it('the poller Lambda handler, through 401s, a TLS failure, an echoing server, foreign pages and redirects, prints, stores and publishes no credential', async () => {
    // Prepare
    const output = captureOutput();
    let summaries: PollSummary[] = [];
    try {
      const { handler } = await import('../../../functions/poller/handler.js');
      const event = {
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        time: new Date().toISOString(),
        detail: {},
      };

      // Act: two scheduled polls with a change in between.
      summaries.push((await handler(event, lambdaContext('poller', 50_000))) as PollSummary);
      sim.setLinkState(
        'lkc-good',
        'link-0001',
        'FAILED',
        'AUTHENTICATION_ERROR',
        'SASL authentication failed',
      );
      summaries.push((await handler(event, lambdaContext('poller', 50_000))) as PollSummary);
    } finally {
      output.restore();
    }
    summaries = summaries.filter(Boolean);

    // Assess
    const logs = output.text();
    const stored = JSON.stringify([
      await admin.send(new ScanCommand({ TableName: tables.snapshotTableName })),
      await admin.send(new ScanCommand({ TableName: tables.historyTableName })),
    ]);
    const published = JSON.stringify(aws.published);
    const outcomes = Object.fromEntries(
      (summaries[1]?.results ?? []).map((r) => [
        r.clusterId,
        r.outcome === 'ok' ? 'ok' : (r.error ?? '').slice(0, 200),
      ]),
    );
    const passed =
      leaksIn(logs).length === 0 &&
      leaksIn(stored).length === 0 &&
      leaksIn(published).length === 0 &&
      elsewhere.requests.length === 0;
    record({
      category: 'security',
      name: 'poller handler: no credential in logs, store or messages',
      injected:
        'The poller Lambda handler (functions/poller/handler.ts) ran twice at debug log level against: a good cluster, a revoked API key (401), a bearer token the cluster rejects, https to a plain-HTTP port (TLS failure), a server echoing the Authorization header in its 500 message, a metadata.next to another host, and a 302 to another host.',
      monitor: [
        ...Object.entries(outcomes).map(([id, outcome]) => `${id}: ${outcome}`),
        `${logs.split('\n').filter(Boolean).length} log lines, ${aws.published.length} SNS messages, both tables scanned: credentials found ${leaksIn(logs + stored + published).length}`,
        `requests received by the other host (pagination and redirect target): ${elsewhere.requests.length}`,
      ],
      passed,
    });
    expect(summaries).toHaveLength(2);
    expect(logs).toContain('poll finished');
    expect(outcomes['lkc-good']).toBe('ok');
    expect(outcomes['lkc-revoked']).toMatch(/rejected the API key/);
    expect(outcomes['lkc-token']).toMatch(/rejected the access token/);
    expect(outcomes['lkc-tls']).toMatch(/Could not reach/);
    expect(outcomes['lkc-pager']).toMatch(/another origin/);
    expect(outcomes['lkc-redirect']).toMatch(/redirect/);
    expect(outcomes['lkc-echo']).toMatch(/HTTP 500/);
    expect(aws.published.length).toBeGreaterThan(0);
    expect(leaksIn(logs), 'credentials in logs').toEqual([]);
    expect(leaksIn(stored), 'credentials in DynamoDB').toEqual([]);
    expect(leaksIn(published), 'credentials in SNS messages').toEqual([]);
    expect(elsewhere.requests).toEqual([]);
    expect(
      rogue
        .requestsFor('/kafka/v3/clusters/lkc-echo/links')
        .every((r) => r.authorization === `Basic ${basic(GOOD)}`),
    ).toBe(true);
  });

  it('the Slack function, through a revoked webhook, a failing Slack and an unreachable one, never prints the webhook URL', async () => {
    // Prepare
    const closed = createServer();
    const closedPort = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const secrets = new SecretsManagerClient({
      endpoint: aws.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    aws.setSecret(
      'clm/slack-closed',
      JSON.stringify({ webhook_url: `http://127.0.0.1:${closedPort}${WEBHOOK_PATH}` }),
    );
    const message = aws.published[0]?.message ?? JSON.stringify({ default: 'link FAILED' });
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:link-alerts:sub',
          Sns: {
            Type: 'Notification',
            MessageId: 'm-1',
            TopicArn: 'arn:aws:sns:us-east-1:123456789012:link-alerts',
            Subject: 'link alert',
            Message: (JSON.parse(message) as { default: string }).default,
            Timestamp: new Date().toISOString(),
            SignatureVersion: '1',
            Signature: 'x',
            SigningCertUrl: 'https://example.invalid/cert',
            UnsubscribeUrl: 'https://example.invalid/unsub',
            MessageAttributes: {},
          },
        },
      ],
    };
    const errors: string[] = [];
    const output = captureOutput();

    // Act
    try {
      for (const [secretId, reply] of [
        ['clm/slack', { status: 404, body: 'no_service' }],
        ['clm/slack', { status: 500, body: 'internal_error' }],
        ['clm/slack-closed', null],
      ] as const) {
        if (reply !== null)
          rogue.script(WEBHOOK_PATH, [{ kind: 'text', status: reply.status, body: reply.body }]);
        let time = Date.now();
        const notify = createSlackNotifier({
          webhookUrl: webhookUrlSource({ client: secrets, secretId, allowLoopback: true }),
          logger: new JsonLogger({ serviceName: 'slack-notifier', level: 'DEBUG' }),
          now: () => time,
          sleep: async (ms) => {
            time += ms;
          },
        });
        await notify(
          event,
          lambdaContext('slack-notifier', 8_000, () => time),
        ).catch((error: unknown) => {
          errors.push(`${(error as Error).name}: ${(error as Error).message} ${JSON.stringify(error)}`);
          console.error(error);
        });
      }
    } finally {
      output.restore();
      secrets.destroy();
    }

    // Assess
    const logs = output.text();
    record({
      category: 'security',
      name: 'Slack function: webhook URL never printed',
      injected:
        'The Slack function posted a real notification to a webhook answering 404 no_service, then 500 until out of time, then to a closed port; its errors were also printed whole.',
      monitor: [
        ...errors.map((e) => e.slice(0, 160)),
        `webhook URL or token in ${logs.split('\n').filter(Boolean).length} log lines and errors: ${leaksIn(logs + errors.join('')).length}`,
      ],
      passed: leaksIn(logs + errors.join('')).length === 0 && errors.length === 3,
    });
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/PermanentSlackError: .*404 no_service/);
    expect(errors[1]).toMatch(/SlackDeliveryError/);
    expect(errors[2]).toMatch(/SlackDeliveryError/);
    expect(leaksIn(logs), 'webhook in logs').toEqual([]);
    expect(leaksIn(errors.join('\n')), 'webhook in errors').toEqual([]);
  });
});
