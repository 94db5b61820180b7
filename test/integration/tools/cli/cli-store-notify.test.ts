import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferSink, type CliIo } from '../../../../tools/cli/cli-io.js';
import type { CliDeps } from '../../../../tools/cli/command-context.js';
import { runCli } from '../../../../tools/cli/main.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../../tools/local-aws/dynamodb-local.js';
import {
  type LocalAwsEndpoint,
  startLocalAwsEndpoint,
} from '../../../../tools/local-aws/local-aws-endpoint.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';

const ENV = { SIM_KEY: 'SIMKEY', SIM_SECRET: 'sim-secret' };
const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let dir: string;
let simulator: ConfluentSimulator;
let cleanups: (() => Promise<void> | void)[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-store-notify-'));
  simulator = await startConfluentSimulator({
    auth: { kind: 'basic', apiKey: ENV.SIM_KEY, apiSecret: ENV.SIM_SECRET },
    clusters: [{ clusterId: 'lkc-a', links: [{ linkName: 'orders' }] }],
  });
  cleanups = [];
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(extra = ''): string {
  const path = join(dir, 'monitor.yaml');
  writeFileSync(
    path,
    [
      'clusters:',
      '  - clusterId: lkc-a',
      '    label: prod-eu',
      `    restEndpoint: ${simulator.baseUrl}`,
      '    credentials:',
      '      env: { apiKey: SIM_KEY, apiSecret: SIM_SECRET }',
      extra,
    ].join('\n'),
  );
  return path;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = ENV, deps: CliDeps = {}) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIo = { stdout, stderr, env, now: () => new Date() };
  const code = await runCli(argv, io, deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A stand-in Slack webhook on loopback that records every posted body. */
async function startWebhook(): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T/B/X`, bodies };
}

/** A stand-in Events API v2 on loopback: answers 202 as PagerDuty does and records every event. */
async function startEventsApi(): Promise<{ url: string; bodies: Record<string, unknown>[] }> {
  const bodies: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"status":"success","message":"Event processed"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v2/enqueue`, bodies };
}

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';

describe('link-monitor run/status/history with --store dynamodb', () => {
  it('polls into DynamoDB tables named by flags and reads them back', async () => {
    // Prepare
    const client = localDynamoDbClient(dynamoDbEndpoint());
    const tables: TestTables = await createTables(client, 'cli');
    cleanups.push(() => tables.drop());
    const config = writeConfig();
    const storeFlags = [
      '--store',
      'dynamodb',
      '--snapshot-table',
      tables.snapshotTableName,
      '--history-table',
      tables.historyTableName,
    ];
    const deps: CliDeps = { dynamoDb: () => localDynamoDbClient(dynamoDbEndpoint()) };

    // Act
    await cli(['run', '--config', config, '--once', ...storeFlags], ENV, deps);
    simulator.setLinkState('lkc-a', 'orders', 'PAUSED');
    const run = await cli(['run', '--config', config, '--once', ...storeFlags], ENV, deps);
    const status = await cli(['status', '--format', 'json', ...storeFlags], ENV, deps);
    const history = await cli(
      ['history', '--cluster', 'lkc-a', '--format', 'json', ...storeFlags],
      ENV,
      deps,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`store: dynamodb ${tables.snapshotTableName} / ${tables.historyTableName}`);
    expect((JSON.parse(status.stdout) as { links: unknown[] }).links).toEqual([
      expect.objectContaining({ linkName: 'orders', linkState: 'PAUSED', severity: 'warning' }),
    ]);
    expect(JSON.parse(history.stdout)).toEqual([
      expect.objectContaining({
        type: 'LINK_STATE_CHANGED',
        from: 'ACTIVE',
        to: 'PAUSED',
        notification: 'SENT',
      }),
    ]);
  });

  it('reports a table that does not exist', async () => {
    // Prepare
    const deps: CliDeps = { dynamoDb: () => localDynamoDbClient(dynamoDbEndpoint()) };

    // Act
    const result = await cli(
      [
        'status',
        '--store',
        'dynamodb',
        '--snapshot-table',
        'no-such-snapshots',
        '--history-table',
        'no-such-history',
      ],
      ENV,
      deps,
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*no-such-snapshots/);
    expect(result.stderr).toContain('hint:');
  });
});

describe('link-monitor run --notify', () => {
  it('slack: posts the rendered message to the webhook in SLACK_WEBHOOK_URL', async () => {
    // Prepare
    const webhook = await startWebhook();
    const config = writeConfig();
    const db = join(dir, 'state.db');
    const env = { ...ENV, SLACK_WEBHOOK_URL: webhook.url };
    await cli(['run', '--config', config, '--once', '--db', db, '--notify', 'slack'], env);
    simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR');

    // Act
    const result = await cli(['run', '--config', config, '--once', '--db', db, '--notify', 'slack'], env);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('notifications: slack (webhook from SLACK_WEBHOOK_URL)');
    expect(result.stderr).not.toContain(webhook.url);
    expect(webhook.bodies).toHaveLength(1);
    expect(JSON.stringify(webhook.bodies[0])).toContain('orders');
  });

  it('slack: refuses to run without a webhook', async () => {
    // Act
    const result = await cli([
      'run',
      '--config',
      writeConfig(),
      '--once',
      '--db',
      join(dir, 's.db'),
      '--notify',
      'slack',
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: no Slack webhook to post to');
    expect(result.stderr).toContain('hint: set SLACK_WEBHOOK_URL');
  });

  it('slack: reads the webhook from the secret the config names', async () => {
    // Prepare
    const webhook = await startWebhook();
    const aws: LocalAwsEndpoint = await startLocalAwsEndpoint({ secrets: { 'monitor/slack': webhook.url } });
    cleanups.push(() => aws.stop());
    const config = writeConfig('slack:\n  webhookSecret: monitor/slack\n  minSeverity: critical');
    const db = join(dir, 'state.db');
    const deps: CliDeps = {
      secretsManager: () =>
        new SecretsManagerClient({
          endpoint: aws.endpoint,
          region: 'us-east-1',
          credentials: TEST_CREDENTIALS,
        }),
      slackStandIn: true,
    };
    await cli(['run', '--config', config, '--once', '--db', db, '--notify', 'slack'], ENV, deps);
    simulator.setLinkState('lkc-a', 'orders', 'PAUSED');
    await cli(['run', '--config', config, '--once', '--db', db, '--notify', 'slack'], ENV, deps);
    simulator.setLinkState('lkc-a', 'orders', 'FAILED', 'TIMEOUT_ERROR');

    // Act
    const result = await cli(
      ['run', '--config', config, '--once', '--db', db, '--notify', 'slack'],
      ENV,
      deps,
    );

    // Assess: the warning (PAUSED) is below the channel's minSeverity; only the critical one is posted
    expect(result.code).toBe(0);
    expect(webhook.bodies).toHaveLength(1);
    expect(JSON.stringify(webhook.bodies[0])).toContain('FAILED');
  });

  it('pagerduty: triggers and resolves an alert at a loopback Events API, printing each event', async () => {
    // Prepare
    const eventsApi = await startEventsApi();
    const config = writeConfig();
    const db = join(dir, 'state.db');
    const env = { ...ENV, PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: eventsApi.url };
    const args = ['run', '--config', config, '--once', '--db', db, '--notify', 'pagerduty'];
    await cli(args, env);
    simulator.setLinkState('lkc-a', 'orders', 'FAILED', 'TIMEOUT_ERROR');

    // Act
    const failed = await cli(args, env);
    simulator.setLinkState('lkc-a', 'orders', 'ACTIVE');
    const recovered = await cli(args, env);

    // Assess
    expect(failed.code).toBe(0);
    expect(failed.stderr).toContain('notifications: pagerduty http://127.0.0.1:');
    const key = 'cluster-link-monitor/lkc-a/orders/FAILED/TIMEOUT_ERROR';
    expect(eventsApi.bodies).toEqual([
      expect.objectContaining({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: key }),
      { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: key },
    ]);
    expect(failed.stdout).toContain(`PagerDuty trigger ${key}`);
    expect(failed.stdout).toContain('"summary": "[prod-eu] orders:');
    expect(recovered.stdout).toContain(`PagerDuty resolve ${key}`);
    expect(failed.stdout + failed.stderr + recovered.stdout + recovered.stderr).not.toContain(ROUTING_KEY);
  });

  it('pagerduty: does not page below its minimum severity', async () => {
    // Prepare
    const eventsApi = await startEventsApi();
    const config = writeConfig();
    const db = join(dir, 'state.db');
    const env = { ...ENV, PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: eventsApi.url };
    const args = ['run', '--config', config, '--once', '--db', db, '--notify', 'pagerduty'];
    await cli(args, env);
    simulator.setLinkState('lkc-a', 'orders', 'PAUSED');

    // Act
    const paused = await cli(args, env);

    // Assess: PAUSED is a warning; the default minimum is critical
    expect(paused.code).toBe(0);
    expect(eventsApi.bodies).toEqual([]);
    expect(paused.stdout).not.toContain('PagerDuty');
  });

  it.each([
    [{}, 'error: no PagerDuty routing key to send events with', 'hint: set PAGERDUTY_ROUTING_KEY'],
    [{ PAGERDUTY_ROUTING_KEY: 'not a key' }, 'error: PAGERDUTY_ROUTING_KEY does not hold', 'hint: copy'],
    [
      { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: 'http://pagerduty.example.com/v2/enqueue' },
      'error: PAGERDUTY_EVENTS_URL is not a PagerDuty Events API URL',
      'http://127.0.0.1:PORT/v2/enqueue',
    ],
    [
      { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_MIN_SEVERITY: 'info' },
      'error: PAGERDUTY_MIN_SEVERITY must be critical or warning',
      'hint:',
    ],
  ])('pagerduty: refuses to run with %o', async (extra, error, hint) => {
    // Act
    const result = await cli(
      ['run', '--config', writeConfig(), '--once', '--db', join(dir, 'p.db'), '--notify', 'pagerduty'],
      { ...ENV, ...extra },
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(error);
    expect(result.stderr).toContain(hint);
  });

  it('sns: publishes to the topic given by --topic-arn', async () => {
    // Prepare
    const aws: LocalAwsEndpoint = await startLocalAwsEndpoint();
    cleanups.push(() => aws.stop());
    const config = writeConfig();
    const db = join(dir, 'state.db');
    const topic = 'arn:aws:sns:us-east-1:123456789012:link-alerts';
    const deps: CliDeps = {
      sns: () =>
        new SNSClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS }),
    };
    const args = ['run', '--config', config, '--once', '--db', db, '--notify', 'sns', '--topic-arn', topic];
    await cli(args, ENV, deps);
    simulator.setLinkState('lkc-a', 'orders', 'FAILED', 'TIMEOUT_ERROR');

    // Act
    const result = await cli(args, ENV, deps);

    // Assess
    expect(result.code).toBe(0);
    expect(aws.published).toHaveLength(1);
    expect(aws.published[0]).toMatchObject({ topicArn: topic, subject: expect.stringContaining('orders') });
  });
});
