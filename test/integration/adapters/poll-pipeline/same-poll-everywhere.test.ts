/**
 * One scenario, three ways to poll it: `link-monitor run`, the deployed poller's handler (wired as
 * `functions/poller/handler.ts` wires it, from the environment the stack gives it, with a local
 * Secrets Manager and the embedded store standing in for AWS) and the demo. A silence and a
 * maintenance window are in force; each way must send the same notifications.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { EmfMetrics } from '../../../../adapters/lambda/emf-metrics.js';
import { JsonLogger } from '../../../../adapters/lambda/json-logger.js';
import { pollerClustersJson } from '../../../../adapters/lambda/poller-clusters-file.js';
import {
  POLLER_ENV,
  pollerEnvironment,
  readPollerRuntimeConfig,
} from '../../../../adapters/lambda/poller-environment.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../../../adapters/lambda/poller-metrics.js';
import { createPollPipeline, deployedPollConfig } from '../../../../adapters/poll-pipeline/poll-pipeline.js';
import { buildNotificationDocument } from '../../../../core/notify/render/notification-document.js';
import { createPollHandler } from '../../../../functions/poller/poll-handler.js';
import { BufferSink } from '../../../../tools/cli/cli-io.js';
import { runCli } from '../../../../tools/cli/main.js';
import {
  DEMO_CREDENTIALS,
  DEMO_ENV,
  demoConfigDocument,
  runDemo,
  silenceAddArgs,
} from '../../../../tools/demo/run-demo.js';
import { startLocalAwsEndpoint } from '../../../../tools/local-aws/local-aws-endpoint.js';
import { loadScenarioFile, type Scenario } from '../../../../tools/simulator/scenario-file.js';
import { startScenario } from '../../../../tools/simulator/scenario-player.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const dir = mkdtempSync(join(tmpdir(), 'same-poll-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAILED = { state: 'FAILED', error: 'REMOTE_LINK_NOT_FOUND_ERROR', message: 'gone' };
const SCENARIO = join(dir, 'scenario.yaml');
writeFileSync(
  SCENARIO,
  toYaml({
    name: 'silenced-and-windowed',
    pollInterval: '1m',
    clusters: [
      {
        id: 'lkc-dr1eu',
        label: 'dr-eu',
        links: [
          { name: 'payments-from-prod', topics: ['payments'], source: 'lkc-prd1eu' },
          { name: 'orders-from-prod', topics: ['orders'], source: 'lkc-prd1eu' },
        ],
      },
      {
        id: 'lkc-an1us',
        label: 'analytics-us',
        links: [{ name: 'clicks-from-web', topics: ['clicks'], source: 'lkc-web1us' }],
      },
    ],
    steps: [
      { title: 'baseline' },
      {
        title: 'three links fail: one under a silence, one in a window, one outside both',
        after: '2m',
        silence: { cluster: 'dr-eu', link: 'payments-*', for: '1h', reason: 'drill', by: 'ops' },
        maintenanceWindow: { name: 'us-patching', for: '20m', cluster: 'analytics-us', reason: 'patching' },
        changes: {
          'lkc-dr1eu': { set: { 'payments-from-prod': FAILED, 'orders-from-prod': FAILED } },
          'lkc-an1us': { set: { 'clicks-from-web': FAILED } },
        },
      },
    ],
  }),
);

/** What one way of polling did with the scenario: the subject of each notification it sent. */
type Sent = readonly string[];

/** Each step as the demo plays it: the scenario applied, the step's silence added, one poll. */
async function playSteps(
  scenario: Scenario,
  poll: (step: { index: number; now: Date; configPath: string; db: string }) => Promise<void>,
  name: string,
): Promise<void> {
  const player = await startScenario(scenario, { auth: DEMO_CREDENTIALS });
  // Near the real time: `run`'s embedded store keeps history by the real clock, as in production.
  const start = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  let now = start;
  const db = join(dir, `${name}.db`);
  const configPath = join(dir, `${name}.yaml`);
  writeFileSync(configPath, toYaml(demoConfigDocument(scenario, player.simulator.baseUrl, start).document));
  try {
    for (const [index, step] of scenario.steps.entries()) {
      now += step.afterMs;
      player.advance();
      if (step.silence !== null) {
        const sink = new BufferSink();
        const io = { stdout: sink, stderr: sink, env: {}, now: () => new Date(now) };
        expect(await runCli([...silenceAddArgs(step.silence), '--db', db], io), sink.text).toBe(0);
      }
      await poll({ index, now: new Date(now), configPath, db });
    }
  } finally {
    await player.close();
  }
}

async function sentByRun(scenario: Scenario): Promise<Sent> {
  const stdout = new BufferSink();
  await playSteps(
    scenario,
    async ({ now, configPath, db }) => {
      const stderr = new BufferSink();
      const io = { stdout, stderr, env: { ...DEMO_ENV }, now: () => now };
      expect(await runCli(['run', '--once', '--config', configPath, '--db', db], io), stderr.text).toBe(0);
    },
    'run',
  );
  return stdout.text
    .split('\n')
    .filter((line) => line.startsWith('Subject: '))
    .map((line) => line.slice('Subject: '.length));
}

async function sentByLambda(scenario: Scenario): Promise<Sent> {
  const secret = JSON.stringify({ api_key: DEMO_ENV.DEMO_API_KEY, api_secret: DEMO_ENV.DEMO_API_SECRET });
  const aws = await startLocalAwsEndpoint({ secrets: { 'monitor/demo': secret } });
  const notifier = new RecordingNotifier();
  try {
    await playSteps(
      scenario,
      async ({ now, configPath, db }) => {
        // What the stack deploys from the config: the environment and the bundled clusters.
        const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
        const { [POLLER_ENV.clustersFile]: _file, ...env } = pollerEnvironment({
          snapshotTableName: 'unused',
          historyTableName: 'unused',
          topicArn: 'arn:aws:sns:us-east-1:123456789012:unused',
          settings: config.settings,
          maintenanceWindows: config.maintenanceWindows,
          metricsLevel: 'monitor',
        });
        const runtime = readPollerRuntimeConfig({
          ...env,
          [POLLER_ENV.clusters]: pollerClustersJson(
            config.clusters.map((c) => ({ ...c, secretId: 'monitor/demo' })),
          ),
        });
        const store = openSqliteLinkStateStore({ path: db, now: () => now.getTime() });
        const pipeline = createPollPipeline({
          config: deployedPollConfig(runtime),
          secretsManager: () =>
            new SecretsManagerClient({
              endpoint: aws.endpoint,
              region: 'us-east-1',
              credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
            }),
          store,
          silences: store,
          notifier,
          now: () => now,
        });
        const handler = createPollHandler({
          pipeline,
          logger: new JsonLogger({ serviceName: SERVICE_NAME, write: () => {} }),
          metrics: new EmfMetrics({
            namespace: METRICS_NAMESPACE,
            serviceName: SERVICE_NAME,
            write: () => {},
          }),
          metricsLevel: runtime.metricsLevel,
          now: () => now,
        });
        try {
          await handler(
            {},
            lambdaContext('poller', 50_000, () => now.getTime()),
          );
        } finally {
          pipeline.close();
          store.close();
        }
      },
      'lambda',
    );
  } finally {
    await aws.stop();
  }
  return notifier.published.map((n) => buildNotificationDocument(n).subject);
}

async function sentByDemo(): Promise<Sent> {
  const result = await runDemo({
    out: new BufferSink(),
    fast: true,
    slack: false,
    scenarioPath: SCENARIO,
    dbPath: join(dir, 'demo.db'),
  });
  return result.notifications.map((n) => buildNotificationDocument(n).subject);
}

describe('One poll pipeline for link-monitor run, the deployed poller and the demo', () => {
  it('sends the same notifications from the same scenario: nothing silenced, nothing in a window', async () => {
    // Prepare
    const scenario = await loadScenarioFile(SCENARIO);

    // Act
    const sent = {
      run: await sentByRun(scenario),
      lambda: await sentByLambda(scenario),
      demo: await sentByDemo(),
    };

    // Assess
    const expected = [
      '[CRITICAL] dr-eu lkc-dr1eu: link orders-from-prod ACTIVE -> FAILED (REMOTE_LINK_NOT_FOUND_ERROR)',
    ];
    expect(sent).toEqual({ run: expected, lambda: expected, demo: expected });
  }, 60_000);
});
