/**
 * Opt-in mirror lag, end to end: the poll against the Confluent simulator over HTTP and the
 * DynamoDB store on DynamoDB Local. A topic that stays behind is notified once it held, with its
 * worst partition; a lasting breach writes nothing; a rate-limited listing is not a recovery;
 * the real recovery is sent; every poll stays within the cluster's detail budget.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../../tools/local-aws/dynamodb-local.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import { type CallMeter, createCallMeter } from '../../../support/dynamodb-call-meter.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-lag', label: 'lag' };
const MINUTE = 60_000;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'LAGKEY', apiSecret: 'lag-secret' };
const SETTINGS: PollSettings = {
  ...DEFAULT_POLL_SETTINGS,
  pollIntervalMs: MINUTE,
  mirrorLag: { everyPolls: 1, heldChecks: 2, maxMessagesBehind: 10_000, links: [] },
};
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);
const TOPIC = 'link-0007.topic-1';

let client: DynamoDBClient;
let tables: TestTables;
let meter: CallMeter;
let store: DynamoDbLinkStateStore;
let sim: ConfluentSimulator;
let notifier: RecordingNotifier;
let clock: number;

beforeAll(() => {
  client = localDynamoDbClient(dynamoDbEndpoint());
});

afterAll(() => {
  client?.destroy();
});

beforeEach(async () => {
  // Tables of its own: each test starts from a cluster never seen.
  tables = await createTables(client, 'poll-mirror-lag');
  meter = createCallMeter();
  store = new DynamoDbLinkStateStore({ client, ...tables, onCall: meter.onCall });
  sim = await startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: [{ clusterId: CLUSTER.clusterId, links: 40 }],
  });
  clock = Date.parse('2026-11-26T08:00:00Z');
  notifier = new RecordingNotifier();
});

afterEach(async () => {
  await sim.close();
  await tables?.drop();
});

async function poll(): Promise<PollSummary> {
  const configured = [{ clusterId: CLUSTER.clusterId, restEndpoint: sim.baseUrl, credentials: CREDENTIALS }];
  const links = new ConfluentLinksClient({
    clusters: configured,
    options: { maxAttempts: 1 },
    now: () => clock,
  });
  sim.resetRequestCounts();
  const summary = await pollClusters([CLUSTER], SETTINGS, {
    source: links,
    details: detailSourceForClusters(links, configured),
    store,
    notifier,
    now: () => new Date(clock),
    deadline: clock + MINUTE,
  });
  expect(sim.detailRequestCountFor(CLUSTER.clusterId)).toBeLessThanOrEqual(20);
  clock += MINUTE;
  return summary;
}

function writes(): number {
  return Object.entries(meter.totals().byCall)
    .filter(([key]) => WRITES.has(key.split('/')[1] ?? ''))
    .reduce((total, [, t]) => total + t.calls, 0);
}

function lagEvents() {
  return notifier.published.flatMap((n) => n.events).filter((e) => e.type === 'MIRROR_LAG_HIGH');
}

describe('Poll with mirror lag thresholds', () => {
  it('warns once a topic held over its threshold, then writes nothing while it stays there', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, 'link-0007', { mirrorTopics: { [TOPIC]: { lag: 250_000 } } });

    // Act: the first check over the threshold is only counted
    await poll();

    // Assess
    expect(lagEvents()).toEqual([]);

    // Act: the second check makes it news
    await poll();

    // Assess
    expect(lagEvents()).toHaveLength(1);
    expect(lagEvents()[0]).toMatchObject({
      linkName: 'link-0007',
      severity: 'warning',
      to: '250000',
      part: {
        kind: 'mirror-topic',
        name: TOPIC,
        state: 'ACTIVE',
        lag: {
          messagesBehind: 250_000,
          threshold: 10_000,
          worstPartitions: [{ partition: 0, messagesBehind: 250_000 }],
        },
      },
    });
    const history = await store.linkHistory({
      clusterId: CLUSTER.clusterId,
      linkName: 'link-0007',
      from: '2026-01-01T00:00:00Z',
      to: '2027-01-01T00:00:00Z',
    });
    expect(history.items.map((e) => [e.type, e.severity, e.part?.lag?.messagesBehind])).toEqual([
      ['MIRROR_LAG_HIGH', 'warning', 250_000],
    ]);

    // Act: the breach lasts
    meter.reset();
    for (let i = 0; i < 5; i++) await poll();

    // Assess
    expect(writes()).toBe(0);
    expect(lagEvents()).toHaveLength(1);
  });

  it('takes a rate-limited lag listing for no recovery, and sends the real one', async () => {
    // Prepare: a notified breach
    await poll();
    sim.updateLink(CLUSTER.clusterId, 'link-0007', { mirrorTopics: { [TOPIC]: { lag: 250_000 } } });
    await poll();
    await poll();
    expect(lagEvents()).toHaveLength(1);
    sim.updateLink(CLUSTER.clusterId, 'link-0007', { mirrorTopics: { [TOPIC]: { lag: 3 } } });
    sim.failDetails(CLUSTER.clusterId, { kind: 'rate-limited' });

    // Act
    const limited = await poll();

    // Assess: the listing went on, nothing was resolved
    expect(limited.results[0]).toMatchObject({ outcome: 'ok', links: 40 });
    expect(limited.results[0]?.detailFailures).toBeGreaterThanOrEqual(1);
    expect(lagEvents()).toHaveLength(1);

    // Act: the endpoint answers again
    sim.failDetails(CLUSTER.clusterId, null);
    await poll();

    // Assess
    expect(lagEvents().map((e) => [e.severity, e.part?.lag?.messagesBehind])).toEqual([
      ['warning', 250_000],
      ['resolved', 3],
    ]);
  });
});
