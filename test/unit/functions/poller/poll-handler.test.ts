import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PollerRuntimeConfig } from '../../../../adapters/lambda/poller-environment.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../../../adapters/lambda/poller-metrics.js';
import {
  createPollPipeline,
  secretCredentialClusters,
} from '../../../../adapters/poll-pipeline/poll-pipeline.js';
import type { ClusterListing } from '../../../../core/link-model.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll-settings.js';
import type { LinkSource, Notification, Notifier } from '../../../../core/ports.js';
import { createPollHandler } from '../../../../functions/poller/poll-handler.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import { aLink } from '../../../support/link-fixtures.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

const RUNTIME: PollerRuntimeConfig = {
  snapshotTableName: 'unused',
  historyTableName: 'unused',
  topicArn: 'unused',
  clusters: [
    { clusterId: 'lkc-good', label: 'good', restEndpoint: 'https://good.example.com', secretId: 's/good' },
    { clusterId: 'lkc-down', label: 'down', restEndpoint: 'https://down.example.com', secretId: 's/down' },
  ],
  settings: { ...DEFAULT_POLL_SETTINGS, concurrency: 2 },
  maintenanceWindows: [],
};

const GOOD_LINKS = [
  aLink({ linkName: 'a', linkState: 'ACTIVE' }),
  aLink({ linkName: 'b', linkState: 'FAILED' }),
  aLink({ linkName: 'c', linkState: 'SOMETHING_NEW' }),
];

/** A listing for the good cluster; the other one always fails. */
class ScriptedSource implements LinkSource {
  readonly deadlines: number[] = [];

  constructor(private readonly links = GOOD_LINKS) {}

  async listLinks(request: {
    readonly clusterId: string;
    readonly deadline: number;
  }): Promise<ClusterListing> {
    this.deadlines.push(request.deadline);
    if (request.clusterId === 'lkc-down') throw new Error('connection refused');
    return { clusterId: request.clusterId, pages: 1, links: this.links };
  }
}

class RecordingNotifier implements Notifier {
  readonly published: Notification[] = [];
  async publish(notification: Notification): Promise<void> {
    this.published.push(notification);
  }
}

type EmfRecord = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
};

describe('poll handler', () => {
  let lines: string[];

  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function runOnce(source: ScriptedSource = new ScriptedSource()) {
    const store = openSqliteLinkStateStore({ path: ':memory:' });
    const notifier = new RecordingNotifier();
    const handler = createPollHandler({
      pipeline: createPollPipeline({
        clusters: secretCredentialClusters(RUNTIME.clusters),
        settings: RUNTIME.settings,
        source,
        store,
        notifier,
        now: () => NOW,
      }),
      logger: new Logger({ serviceName: SERVICE_NAME }),
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    });
    const summary = await handler(
      {},
      lambdaContext('poller', 30_000, () => NOW.getTime()),
    );
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { summary, records, store, source };
  }

  it('polls every configured cluster and returns the summary', async () => {
    // Act
    const { summary } = await runOnce();

    // Assess
    expect(summary.results.map((r) => [r.clusterId, r.outcome])).toEqual(
      expect.arrayContaining([
        ['lkc-good', 'ok'],
        ['lkc-down', 'failed'],
      ]),
    );
    expect(summary.clustersFailed).toBe(1);
  });

  it("gives every cluster's listing the invocation's remaining time as its deadline", async () => {
    // Act
    const { source } = await runOnce();

    // Assess: the core keeps half its reserve back from each listing for recording and publishing
    const listingDeadline = NOW.getTime() + 30_000 - RUNTIME.settings.reserveMs / 2;
    expect(source.deadlines).toEqual([listingDeadline, listingDeadline]);
  });

  it('logs the summary as one line', async () => {
    // Act
    const { records, summary } = await runOnce();

    // Assess
    const finished = records.filter((r) => r.message === 'poll finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]?.summary).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(finished[0]?.function_request_id).toBe('req-poller');
  });

  it('emits per-cluster EMF metrics with only service and cluster id as dimensions', async () => {
    // Act
    const { records } = await runOnce();

    // Assess
    const emf = records.filter((r): r is EmfRecord => '_aws' in r);
    const perCluster = emf.filter((r) => r.ClusterId !== undefined && r.LinkState === undefined);
    expect(perCluster.map((r) => r.ClusterId).sort()).toEqual(['lkc-down', 'lkc-good']);
    for (const record of perCluster) {
      expect(record._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRICS_NAMESPACE);
      expect(record._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'ClusterId']]);
    }
    const down = perCluster.find((r) => r.ClusterId === 'lkc-down');
    const good = perCluster.find((r) => r.ClusterId === 'lkc-good');
    expect(down).toMatchObject({ ClusterListFailures: 1, ClusterPollFailures: 1 });
    expect(good).toMatchObject({ ClusterListFailures: 0, Links: 3 });
    // Zero counters are left out: CloudWatch bills a metric for every hour it receives data.
    expect(good).not.toHaveProperty('ClusterPollFailures');
    expect(good).not.toHaveProperty('PublishFailures');
  });

  it('counts links by state in a fixed set of buckets, unknown states as OTHER, sending only non-empty buckets', async () => {
    // Act
    const { records } = await runOnce();

    // Assess
    const byState = Object.fromEntries(
      records
        .filter((r) => r.ClusterId === 'lkc-good' && r.LinkState !== undefined)
        .map((r) => [r.LinkState, r.LinksByState]),
    );
    expect(byState).toEqual({ ACTIVE: 1, FAILED: 1, OTHER: 1 });
    expect(records.some((r) => r.ClusterId === 'lkc-down' && r.LinkState !== undefined)).toBe(false);
  });

  it('counts states named like Object.prototype properties as OTHER instead of failing the poll', async () => {
    // Prepare
    const source = new ScriptedSource([
      aLink({ linkName: 'a', linkState: 'constructor' }),
      aLink({ linkName: 'b', linkState: 'toString' }),
      aLink({ linkName: 'c', linkState: '__proto__' }),
      aLink({ linkName: 'd', linkState: 'ACTIVE' }),
    ]);

    // Act
    const { records, summary } = await runOnce(source);

    // Assess
    expect(summary.results.find((r) => r.clusterId === 'lkc-good')?.outcome).toBe('ok');
    const byState = Object.fromEntries(
      records
        .filter((r) => r.ClusterId === 'lkc-good' && r.LinkState !== undefined)
        .map((r) => [r.LinkState, r.LinksByState]),
    );
    expect(byState).toEqual({ ACTIVE: 1, OTHER: 3 });
  });

  it('emits the whole poll duration without a cluster dimension', async () => {
    // Act
    const { records } = await runOnce();

    // Assess
    const duration = records.find((r) => 'PollDuration' in r) as EmfRecord | undefined;
    expect(duration?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(typeof duration?.PollDuration).toBe('number');
  });
});
