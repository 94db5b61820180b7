/**
 * The one poll pipeline, against a real HTTP simulator of the Confluent API, a Secrets Manager
 * stand-in on 127.0.0.1 and the embedded store: what the Lambda, `link-monitor run` and the demo
 * all get from it.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../../adapters/config/monitor-config.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import {
  CREDENTIALS_MAX_AGE_MS,
  createPollPipeline,
  MAX_LINKS_IN_FLIGHT,
  type PollPipelineProps,
  secretCredentialClusters,
  UNKNOWN_CLUSTER_LINKS,
} from '../../../../adapters/poll-pipeline/poll-pipeline.js';
import type { ClusterListing } from '../../../../core/model/link-model.js';
import { buildNotificationDocument } from '../../../../core/notify/render/notification-document.js';
import { LinkBudget } from '../../../../core/observe/link-budget.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import type { Notification, Notifier } from '../../../../core/ports.js';
import {
  type LocalAwsEndpoint,
  startLocalAwsEndpoint,
} from '../../../../tools/local-aws/local-aws-endpoint.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';

type BasicCredentials = Extract<ConfluentCredentials, { kind: 'basic' }>;
const KEY_1: BasicCredentials = { kind: 'basic', apiKey: 'KEY1', apiSecret: 'secret-1' };
const KEY_2: BasicCredentials = { kind: 'basic', apiKey: 'KEY2', apiSecret: 'secret-2' };
const secretOf = (key: BasicCredentials): string =>
  JSON.stringify({ api_key: key.apiKey, api_secret: key.apiSecret });
const AWS_TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const SETTINGS = { ...DEFAULT_POLL_SETTINGS, unreachableAfterPolls: 2, reserveMs: 0 };

class RecordingNotifier implements Notifier {
  readonly published: Notification[] = [];
  async publish(notification: Notification): Promise<void> {
    this.published.push(notification);
  }
}

let sim: ConfluentSimulator;
let aws: LocalAwsEndpoint;
let store: SqliteLinkStateStore;
let notifier: RecordingNotifier;
let nowMs: number;
const closers: (() => void)[] = [];

beforeEach(async () => {
  sim = await startConfluentSimulator({
    auth: KEY_1,
    clusters: [
      { clusterId: 'lkc-a', links: 2 },
      { clusterId: 'lkc-b', links: 1 },
      { clusterId: 'lkc-env', links: 1 },
    ],
  });
  aws = await startLocalAwsEndpoint({ secrets: { 'monitor/a': secretOf(KEY_1) } });
  store = openSqliteLinkStateStore({ path: ':memory:' });
  notifier = new RecordingNotifier();
  // Starts at the real time: the embedded store expires history by the real clock.
  nowMs = Date.now();
});

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  store.close();
  await sim.close();
  await aws.stop();
});

function secretCluster(clusterId: string, secretId: string): ClusterConfig {
  return {
    clusterId,
    label: clusterId,
    restEndpoint: sim.baseUrl,
    credentials: { kind: 'secret', secretId },
  };
}

function pipelineOf(clusters: readonly ClusterConfig[], overrides: Partial<PollPipelineProps> = {}) {
  const pipeline = createPollPipeline({
    config: { clusters, settings: SETTINGS, maintenanceWindows: [] },
    store,
    silences: store,
    notifier,
    env: { SIM_KEY: KEY_1.apiKey, SIM_SECRET: KEY_1.apiSecret },
    now: () => new Date(nowMs),
    secretsManager: () =>
      new SecretsManagerClient({
        endpoint: aws.endpoint,
        region: 'us-east-1',
        credentials: AWS_TEST_CREDENTIALS,
      }),
    confluent: { options: { maxAttempts: 1 } },
    ...overrides,
  });
  closers.push(() => pipeline.close());
  return pipeline;
}

const outcomes = (summary: { results: readonly { clusterId: string; outcome: string }[] }) =>
  Object.fromEntries(summary.results.map((r) => [r.clusterId, r.outcome]));

describe('Function: createPollPipeline', () => {
  it('lists each cluster with the credentials from its secret or from the environment', async () => {
    // Prepare
    const pipeline = pipelineOf([
      secretCluster('lkc-a', 'monitor/a'),
      {
        clusterId: 'lkc-env',
        label: 'env',
        restEndpoint: sim.baseUrl,
        credentials: { kind: 'env-basic', apiKeyVar: 'SIM_KEY', apiSecretVar: 'SIM_SECRET' },
      },
    ]);

    // Act
    const summary = await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(outcomes(summary)).toEqual({ 'lkc-a': 'ok', 'lkc-env': 'ok' });
    expect(summary.results.find((r) => r.clusterId === 'lkc-a')?.links).toBe(2);
    expect(aws.secretRequests).toEqual(['monitor/a']);
  });

  it('fails only the cluster whose secret is missing, and reports it unreachable like any cluster that cannot be listed', async () => {
    // Prepare
    const pipeline = pipelineOf([
      secretCluster('lkc-a', 'monitor/a'),
      secretCluster('lkc-b', 'monitor/missing'),
    ]);

    // Act
    const first = await pipeline.poll({ timeLeftMs: 30_000 });
    nowMs += 60_000;
    const second = await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(outcomes(first)).toEqual({ 'lkc-a': 'ok', 'lkc-b': 'failed' });
    const failed = first.results.find((r) => r.clusterId === 'lkc-b');
    expect(failed?.failedStep).toBe('list');
    expect(failed?.error).toBe(
      'SecretNotFoundError: credentials monitor/missing: Secrets Manager has no such secret in this region (ResourceNotFoundException)',
    );
    expect(sim.requestCountFor('lkc-b')).toBe(0);
    expect(outcomes(second)).toEqual({ 'lkc-a': 'ok', 'lkc-b': 'failed' });
    const unreachable = notifier.published.filter((n) => n.clusterId === 'lkc-b');
    expect(unreachable.flatMap((n) => n.events.map((e) => e.type))).toEqual(['CLUSTER_UNREACHABLE']);
    expect(notifier.published.filter((n) => n.clusterId === 'lkc-a')).toEqual([]);
  });

  it('sends an unreachable cluster with its cause in words in the subject, never a class name', async () => {
    // Prepare: the key the environment holds is not the one the cluster takes
    const pipeline = pipelineOf(
      [
        {
          clusterId: 'lkc-env',
          label: 'dr-eu',
          restEndpoint: sim.baseUrl,
          credentials: { kind: 'env-basic', apiKeyVar: 'SIM_KEY', apiSecretVar: 'SIM_SECRET' },
        },
      ],
      { env: { SIM_KEY: KEY_2.apiKey, SIM_SECRET: KEY_2.apiSecret } },
    );

    // Act
    await pipeline.poll({ timeLeftMs: 30_000 });
    nowMs += 60_000;
    await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(notifier.published.map((n) => buildNotificationDocument(n).subject)).toEqual([
      '[CRITICAL] dr-eu lkc-env: cluster unreachable: Confluent rejected the API key (401)',
    ]);
  });

  it('reads a secret again once it is older than the maximum age, so a rotated key is used without a 401', async () => {
    // Prepare
    const pipeline = pipelineOf([secretCluster('lkc-a', 'monitor/a')]);
    await pipeline.poll({ timeLeftMs: 30_000 });
    nowMs += CREDENTIALS_MAX_AGE_MS - 1;
    await pipeline.poll({ timeLeftMs: 30_000 });
    aws.setSecret('monitor/a', secretOf(KEY_2));
    sim.setAuth(KEY_2);
    sim.resetRequestCounts();

    // Act
    nowMs += 1;
    const summary = await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(outcomes(summary)).toEqual({ 'lkc-a': 'ok' });
    expect(aws.secretRequests).toEqual(['monitor/a', 'monitor/a']);
    expect(sim.requestCountFor('lkc-a')).toBe(1);
  });

  it('reads the secret again after a 401 and lists with the rotated key in the same poll', async () => {
    // Prepare
    const pipeline = pipelineOf([secretCluster('lkc-a', 'monitor/a')]);
    await pipeline.poll({ timeLeftMs: 30_000 });
    aws.setSecret('monitor/a', secretOf(KEY_2));
    sim.setAuth(KEY_2);
    sim.resetRequestCounts();

    // Act
    const summary = await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(outcomes(summary)).toEqual({ 'lkc-a': 'ok' });
    expect(aws.secretRequests).toEqual(['monitor/a', 'monitor/a']);
    expect(sim.requestCountFor('lkc-a')).toBe(2);
    expect(notifier.published).toEqual([]);
  });

  it('reads the clusters of the deployed poller from their secrets', async () => {
    // Prepare
    const pipeline = pipelineOf(
      secretCredentialClusters([
        { clusterId: 'lkc-a', label: 'prod-eu', restEndpoint: sim.baseUrl, secretId: 'monitor/a' },
      ]),
    );

    // Act
    const summary = await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(summary.results.map((r) => [r.clusterLabel, r.outcome])).toEqual([['prod-eu', 'ok']]);
    expect(aws.secretRequests).toEqual(['monitor/a']);
  });

  it('keeps one link budget across polls, so it learns the size of each cluster', async () => {
    // Prepare
    const linkBudget = new LinkBudget(MAX_LINKS_IN_FLIGHT, UNKNOWN_CLUSTER_LINKS);
    const pipeline = pipelineOf([secretCluster('lkc-a', 'monitor/a')], { linkBudget });

    // Act
    await pipeline.poll({ timeLeftMs: 30_000 });

    // Assess
    expect(linkBudget.knownSize('lkc-a')).toBe(2);
    expect(linkBudget.inFlight).toBe(0);
  });

  it("gives each listing the caller's time left, on the pipeline's clock, as its deadline", async () => {
    // Prepare
    const deadlines: number[] = [];
    const pipeline = pipelineOf([secretCluster('lkc-a', 'monitor/a')], {
      source: {
        async listLinks(request): Promise<ClusterListing> {
          deadlines.push(request.deadline);
          return { clusterId: request.clusterId, pages: 1, links: [] };
        },
      },
    });

    // Act
    await pipeline.poll({ timeLeftMs: 12_345 });

    // Assess
    expect(deadlines).toEqual([nowMs + 12_345 - SETTINGS.reserveMs / 2]);
    expect(aws.secretRequests).toEqual([]);
  });
});
