import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmfMetrics } from '../../../../adapters/lambda/emf-metrics.js';
import { JsonLogger } from '../../../../adapters/lambda/json-logger.js';
import type { PollerRuntimeConfig } from '../../../../adapters/lambda/poller-environment.js';
import {
  isolatedFailureCount,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../../../adapters/lambda/poller-metrics.js';
import { createPollPipeline, deployedPollConfig } from '../../../../adapters/poll-pipeline/poll-pipeline.js';
import type { ClusterListing } from '../../../../core/model/link-model.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import type { LinkSource, Notification, Notifier } from '../../../../core/ports.js';
import { createPollHandler } from '../../../../functions/poller/poll-handler.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import { aLink } from '../../../support/link-fixtures.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

/** An embedded store, which keeps the silences too. */
function storeWithSilences() {
  const store = openSqliteLinkStateStore({ path: ':memory:' });
  return { store, silences: store };
}

const RUNTIME: PollerRuntimeConfig = {
  snapshotTableName: 'unused',
  historyTableName: 'unused',
  topicArn: 'unused',
  clusters: [
    { clusterId: 'lkc-good', label: 'good', restEndpoint: 'https://good.example.com', secretId: 's/good' },
    { clusterId: 'lkc-down', label: 'down', restEndpoint: 'https://down.example.com', secretId: 's/down' },
  ],
  settings: { ...DEFAULT_POLL_SETTINGS, concurrency: 2, unreachableAfterPolls: 2 },
  maintenanceWindows: [],
  metricsLevel: 'monitor',
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
    // Lambda sends both streams to CloudWatch Logs; warnings and errors go to stderr.
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        return true;
      });
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(
    options: {
      polls?: number;
      runtime?: PollerRuntimeConfig;
      event?: unknown;
      source?: ScriptedSource;
      notifier?: Notifier;
    } = {},
  ) {
    // Each poll a minute after the one before, as the schedule runs them; the store keeps the same time.
    let clock = NOW.getTime();
    const store = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
    const notifier = options.notifier ?? new RecordingNotifier();
    const source = options.source ?? new ScriptedSource();
    const runtime = options.runtime ?? RUNTIME;
    const handler = createPollHandler({
      pipeline: createPollPipeline({
        config: deployedPollConfig(runtime),
        source,
        store,
        silences: store,
        notifier,
        now: () => new Date(clock),
      }),
      logger: new JsonLogger({ serviceName: SERVICE_NAME }),
      metrics: new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
      metricsLevel: runtime.metricsLevel,
      now: () => new Date(clock),
    });
    const invoke = () =>
      handler(
        options.event ?? {},
        lambdaContext('poller', 30_000, () => clock),
      );
    let summary = await invoke();
    for (let poll = 2; poll <= (options.polls ?? 1); poll++) {
      lines.length = 0;
      clock += 60_000;
      summary = await invoke();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { summary, records, store, source };
  }
  const runOnce = () => run();
  const atClusterLevel: PollerRuntimeConfig = { ...RUNTIME, metricsLevel: 'cluster' };

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

  it('polls only the shard of the clusters that the event names', async () => {
    // Act
    const first = await run({ event: { shard: 0, shards: 2 } });
    const second = await run({ event: { shard: 1, shards: 2 } });

    // Assess
    expect(first.summary.results.map((r) => r.clusterId)).toEqual(['lkc-good']);
    expect(second.summary.results.map((r) => r.clusterId)).toEqual(['lkc-down']);
  });

  it("sends one PollsCompleted with its shard as a dimension from a shard's poll, in a document of its own", async () => {
    // Act: the second shard's only cluster fails, and the shard still completed its poll
    const { records } = await run({ event: { shard: 1, shards: 2 } });

    // Assess
    const emf = records.filter((r): r is EmfRecord => '_aws' in r);
    const completed = emf.filter((r) => 'PollsCompleted' in r);
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ PollsCompleted: 1, Shard: '1', service: SERVICE_NAME });
    expect(completed[0]?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['service', 'Shard']],
    });
    // The poll's own counts keep the dimension the alarms read.
    const counts = emf.find((r) => 'ClustersFailed' in r);
    expect(counts?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(counts).not.toHaveProperty('Shard');
  });

  it("sends no PollsCompleted without shards: the function's invocations tell whether it runs, for free", async () => {
    // Act
    const { records } = await runOnce();

    // Assess
    expect(records.some((r) => 'PollsCompleted' in r)).toBe(false);
  });

  it('logs a line for a cluster the deadline left no time for, which IsolatedFailures counts', async () => {
    // Act: less time left than the reserve the poll keeps
    const handler = createPollHandler({
      pipeline: createPollPipeline({
        config: deployedPollConfig(RUNTIME),
        source: new ScriptedSource(),
        ...storeWithSilences(),
        notifier: new RecordingNotifier(),
        now: () => NOW,
      }),
      logger: new JsonLogger({ serviceName: SERVICE_NAME }),
      metrics: new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
      metricsLevel: RUNTIME.metricsLevel,
      now: () => NOW,
    });
    await handler(
      {},
      lambdaContext('poller', RUNTIME.settings.reserveMs / 2, () => NOW.getTime()),
    );
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);

    // Assess
    const notPolled = records.filter((r) => r.message === 'cluster not polled');
    expect(notPolled.map((r) => (r.cluster as { clusterId: string }).clusterId).sort()).toEqual([
      'lkc-down',
      'lkc-good',
    ]);
    expect(records.find((r) => '_aws' in r)).toMatchObject({ ClustersSkipped: 2, IsolatedFailures: 2 });
  });

  it('logs the counts as one line, without a line per cluster', async () => {
    // Act
    const { records, summary } = await runOnce();

    // Assess
    const finished = records.filter((r) => r.message === 'poll finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      clustersPolled: 2,
      clustersFailed: 1,
      clustersUnreachable: 0,
      events: summary.events,
      function_request_id: 'req-poller',
    });
    expect(finished[0]).not.toHaveProperty('results');
  });

  it('logs a line for a cluster only when its poll failed or changed something', async () => {
    // Act
    const { records } = await run({ polls: 2 });

    // Assess
    const perCluster = records.filter((r) => r.cluster !== undefined);
    expect(perCluster).toHaveLength(1);
    expect(perCluster[0]).toMatchObject({
      level: 'WARN',
      message: 'cluster poll failed',
      cluster: { clusterId: 'lkc-down', failedStep: 'list', error: 'Error: connection refused' },
    });
  });

  it('writes the same number of log bytes in a quiet poll whatever the number of clusters', async () => {
    // Prepare
    const quietSource = new ScriptedSource();
    const many = (count: number): PollerRuntimeConfig => ({
      ...RUNTIME,
      clusters: Array.from({ length: count }, (_, i) => ({
        clusterId: `lkc-good${i}`,
        label: `good-${i}`,
        restEndpoint: 'https://good.example.com',
        secretId: 's/good',
      })),
    });
    const quietPollBytes = async (runtime: PollerRuntimeConfig) => {
      const handler = createPollHandler({
        pipeline: createPollPipeline({
          config: deployedPollConfig(runtime),
          source: quietSource,
          ...storeWithSilences(),
          notifier: new RecordingNotifier(),
          now: () => NOW,
        }),
        logger: new JsonLogger({ serviceName: SERVICE_NAME }),
        metrics: new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
        metricsLevel: runtime.metricsLevel,
      });
      const context = () => lambdaContext('poller', 30_000, () => NOW.getTime());
      await handler({}, context());
      lines.length = 0;
      await handler({}, context());
      return lines
        .join('\n')
        .replace(/"durationMs":\d+/, '')
        .replace(/lkc-good\d+/g, '').length;
    };

    // Act
    const few = await quietPollBytes(many(2));
    const lots = await quietPollBytes(many(200));

    // Assess
    expect(lots).toBe(few + 2); // "clustersPolled":200 vs 2
    expect(lines.filter((l) => l.includes('_aws'))).toEqual([]);
  });

  it('sends, by default, only non-zero counts across clusters, without a cluster dimension', async () => {
    // Act
    const { records } = await run({ polls: 2 });

    // Assess
    const emf = records.filter((r): r is EmfRecord => '_aws' in r);
    expect(emf).toHaveLength(1);
    expect(emf[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    // The second failed listing records CLUSTER_UNREACHABLE and publishes it.
    expect(emf[0]).toMatchObject({
      ClustersUnreachable: 1,
      ClustersFailed: 1,
      ChangeEvents: 1,
      NotificationsPublished: 1,
    });
    expect(emf[0]).not.toHaveProperty('PublishFailures');
    expect(emf[0]).not.toHaveProperty('ClusterId');
  });

  it('sends quarantined notifications and isolated failures as counts across clusters by default', async () => {
    // Prepare: the topic refuses every message for good, so the notification is given up
    const refusing: Notifier = {
      publish: async () => {
        throw Object.assign(new Error('message refused'), { permanent: true });
      },
    };

    // Act
    const { records, summary } = await run({ polls: 2, notifier: refusing });

    // Assess
    expect(summary.quarantined).toBe(1);
    const emf = records.filter((r): r is EmfRecord => '_aws' in r);
    expect(emf).toHaveLength(1);
    expect(emf[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(emf[0]).toMatchObject({
      NotificationsQuarantined: 1,
      IsolatedFailures: isolatedFailureCount(summary),
    });
    expect(emf[0]).not.toHaveProperty('NotificationsPublished');
    expect(emf[0]).not.toHaveProperty('ClusterId');
  });

  it('counts a cluster as unreachable only once its listing failed unreachableAfterPolls times in a row', async () => {
    // Act
    const once = await run({ polls: 1 });
    const twice = await run({ polls: 2 });

    // Assess
    const unreachable = (records: Record<string, unknown>[]) =>
      records.find((r) => r.message === 'poll finished')?.clustersUnreachable;
    expect(unreachable(once.records)).toBe(0);
    expect(unreachable(twice.records)).toBe(1);
    expect(twice.summary.results.find((r) => r.clusterId === 'lkc-down')?.unreachable).toBe(true);
  });

  it('emits per-cluster EMF metrics with only service and cluster id as dimensions at cluster level', async () => {
    // Act
    const { records } = await run({ runtime: atClusterLevel });

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
    const { records } = await run({ runtime: atClusterLevel });

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
    const { records, summary } = await run({ source, runtime: atClusterLevel });

    // Assess
    expect(summary.results.find((r) => r.clusterId === 'lkc-good')?.outcome).toBe('ok');
    const byState = Object.fromEntries(
      records
        .filter((r) => r.ClusterId === 'lkc-good' && r.LinkState !== undefined)
        .map((r) => [r.LinkState, r.LinksByState]),
    );
    expect(byState).toEqual({ ACTIVE: 1, OTHER: 3 });
  });

  it('emits the whole poll duration without a cluster dimension at cluster level', async () => {
    // Act
    const { records } = await run({ runtime: atClusterLevel });

    // Assess
    const duration = records.find((r) => 'PollDuration' in r) as EmfRecord | undefined;
    expect(duration?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(typeof duration?.PollDuration).toBe('number');
  });

  it('logs a line for a cluster whose listing had an entry refused, and counts it in RefusedListingEntries and IsolatedFailures', async () => {
    // Prepare: the good cluster's listing has one entry without a usable name, every poll
    class RefusingSource extends ScriptedSource {
      override async listLinks(request: { readonly clusterId: string; readonly deadline: number }) {
        const listing = await super.listLinks(request);
        return { ...listing, refused: [{ linkName: null, problem: 'data[3].link_name: Too small' }] };
      }
    }

    // Act
    const { records, summary } = await run({ polls: 2, source: new RefusingSource() });

    // Assess
    const refused = records.filter((r) => r.message === 'cluster links failed');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      level: 'WARN',
      cluster: { clusterId: 'lkc-good', refusedEntries: 1 },
    });
    const emf = records.find((r): r is EmfRecord => '_aws' in r);
    expect(emf).toMatchObject({ RefusedListingEntries: 1, IsolatedFailures: isolatedFailureCount(summary) });
    expect(isolatedFailureCount(summary)).toBeGreaterThanOrEqual(1);
  });
});
