/**
 * Failover readiness (docs/readiness.md) as it deploys: the poller bundle synth stages, run as
 * Lambda runs it under the IAM guard of its synthesized role, against DynamoDB Local, the local AWS
 * endpoint and the Confluent simulator. The simulator's clock follows the bundle's shifted one, so
 * that offsets move between polls placed one schedule interval apart.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import { authorizationHeader, type ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import { DynamoDbLinkStateStore } from '../../adapters/dynamodb/dynamodb-link-state-store.js';
import { linkReadiness, readinessTargetFor } from '../../core/readiness/readiness-verdict.js';
import { localDynamoDbClient } from '../../tools/local-aws/dynamodb-local.js';
import {
  type LocalAwsEndpoint,
  type PublishedMessage,
  startLocalAwsEndpoint,
} from '../../tools/local-aws/local-aws-endpoint.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../tools/simulator/confluent-simulator.js';
import { SIMULATED_LINK_SECRET } from '../../tools/simulator/simulated-link-configs.js';
import { type Synthesized, synthesize } from '../infra/synth-monitor.js';
import { guardPoller, invokeFunction, type Row, scanTable } from '../support/deployed-stack.js';
import { dynamoDbEndpoint } from '../support/dynamodb-endpoint.js';
import type { IamGuard } from '../support/iam/iam-guard.js';
import type { TemplateJson } from '../support/iam/template-names.js';
import { createTemplateTables, deleteTables } from '../support/template-tables.js';

const CLUSTER_A = 'lkc-ready-a';
const CLUSTER_B = 'lkc-ready-b';
const SECRET = 'readiness/clusters';
/** The schedule's interval: the poll slot that places the task rotation and the readiness turns. */
const INTERVAL_MS = 5 * 60_000;
/** N of the stall rules. */
const STALL_READS = 3;
const LINKS: Readonly<Record<string, readonly string[]>> = {
  [CLUSTER_A]: ['orders-dr', 'payments-dr', 'refunds-dr'],
  [CLUSTER_B]: ['audit-dr', 'clicks-dr'],
};
/** Every sync a failover relies on switched on, so that a healthy link is `ready`, not `at risk`. */
const SYNCS_ON = { 'acl.sync.enable': 'true', 'auto.create.mirror.topics.enable': 'true' };

type Resource = { Type: string; Properties: Record<string, unknown> };

interface Poll {
  readonly result: {
    readonly clustersPolled: number;
    readonly events: number;
    readonly published: number;
    readonly results: readonly { clusterId: string; outcome: string }[];
  };
  /** What this poll published, in order. */
  readonly published: readonly PublishedMessage[];
}

/** One change of a published document (`docs/notification-schema.md`). */
interface PublishedChange {
  readonly linkName: string;
  readonly type: string;
  readonly severity: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly description: string;
  readonly part?: {
    readonly kind: string;
    readonly name: string;
    readonly state: string | null;
    readonly errorCode: string | null;
    readonly errorMessage: string | null;
  };
}

describe('failover readiness, through the synthesized poller bundle', () => {
  const credentials: ConfluentCredentials = {
    kind: 'basic',
    apiKey: `RDYKEY${randomBytes(6).toString('hex').toUpperCase()}`,
    apiSecret: `ready-secret-${randomBytes(18).toString('base64url')}`,
  };
  const secretValue = JSON.stringify({ api_key: credentials.apiKey, api_secret: credentials.apiSecret });

  let sim: ConfluentSimulator;
  let aws: LocalAwsEndpoint;
  let dynamodb: DynamoDBClient;
  let synth: Synthesized;
  let resources: Record<string, Resource>;
  let pollerId: string;
  let pollerEnv: Record<string, string>;
  let event: string;
  let guard: IamGuard;
  const localTables = new Map<string, string>();
  /** Everything the function wrote and published in this file, for the leak checks. */
  const output: string[] = [];
  const everyMessage: PublishedMessage[] = [];

  /**
   * The bundle and the simulator share one clock, ahead of the host's: each poll runs in the middle
   * of the next schedule interval, as EventBridge Scheduler would invoke it.
   */
  let scheduledAt = Math.floor((Date.now() + 3_600_000) / INTERVAL_MS) * INTERVAL_MS + INTERVAL_MS / 2;
  let clockShiftMs = scheduledAt - Date.now();

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const tableId = (prefix: string) =>
    ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith(prefix))?.[0] ?? '';
  const tableName = (prefix: string) => localTables.get(tableId(prefix)) ?? '';

  /** The scheduled poll `intervals` schedule intervals after the last one. */
  async function poll(intervals = 1): Promise<Poll> {
    scheduledAt += intervals * INTERVAL_MS;
    clockShiftMs = scheduledAt - Date.now();
    const before = aws.published.length;
    const run = await invokeFunction(synth, pollerId, {
      clockShiftMs,
      event: JSON.parse(event),
      functionName: 'LinkMonitorReadiness-PollerFunction',
      env: pollerEnv,
    });
    output.push(run.stdout, run.stderr);
    const published = aws.published.slice(before);
    everyMessage.push(...published);
    const result = run.result as Poll['result'];
    expect(result.results.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    return { result, published };
  }

  /** The first poll of a case: links recorded, configs read as the baseline, nothing published. */
  async function recordBaseline(): Promise<void> {
    const first = await poll();
    expect(first.result).toMatchObject({ clustersPolled: 2, events: 0, published: 0 });
  }

  const scan = (table: string): Promise<Row[]> => scanTable(dynamodb, table);

  /** Deletes every item, so that each case starts from a first poll. */
  async function emptyTable(prefix: string): Promise<void> {
    const keySchema = (resources[tableId(prefix)] as Resource).Properties.KeySchema as {
      AttributeName: string;
    }[];
    const rows = await scan(tableName(prefix));
    for (let i = 0; i < rows.length; i += 25) {
      const deletes = rows.slice(i, i + 25).map((row) => ({
        DeleteRequest: {
          Key: Object.fromEntries(keySchema.map((k) => [k.AttributeName, row[k.AttributeName]])) as Row,
        },
      }));
      let requestItems: BatchWriteItemCommandInput['RequestItems'] = { [tableName(prefix)]: deletes };
      while (requestItems !== undefined && Object.keys(requestItems).length > 0)
        requestItems = (await dynamodb.send(new BatchWriteItemCommand({ RequestItems: requestItems })))
          .UnprocessedItems;
    }
  }

  const historyOf = async (clusterId: string, linkName: string) =>
    (await scan(tableName('StateHistory')))
      .filter((row) => row.clusterId?.S === clusterId && row.linkName?.S === linkName)
      .sort((a, b) => (a.timeKey?.S ?? '').localeCompare(b.timeKey?.S ?? ''));

  /** The changes a poll published about one link, from the JSON document every subscriber reads. */
  function changesOf(published: readonly PublishedMessage[], linkName: string): PublishedChange[] {
    return published.flatMap((message) => {
      const body = JSON.parse(message.message) as { default: string };
      const doc = JSON.parse(body.default) as { links: { linkName: string; changes: PublishedChange[] }[] };
      return doc.links
        .filter((link) => link.linkName === linkName)
        .flatMap((link) => link.changes.map((change) => ({ ...change, linkName: link.linkName })));
    });
  }

  /** The link as the product decodes it from the snapshot table, judged as `link-monitor readiness` judges it. */
  async function readinessOf(clusterId: string, linkName: string) {
    const store = new DynamoDbLinkStateStore({
      client: dynamodb,
      snapshotTableName: tableName('StateSnapshots'),
      historyTableName: tableName('StateHistory'),
    });
    const state = await store.readClusterState(clusterId);
    const snapshot = state.links.find((s) => s.link.linkName === linkName);
    if (snapshot === undefined) throw new Error(`no snapshot of ${linkName} in ${clusterId}`);
    const settings = synth.config.settings.readiness;
    return linkReadiness(snapshot.link, settings, readinessTargetFor(linkName, settings));
  }

  beforeAll(async () => {
    dynamodb = localDynamoDbClient(dynamoDbEndpoint());
    sim = await startConfluentSimulator({
      auth: credentials,
      clusters: [{ clusterId: CLUSTER_A }, { clusterId: CLUSTER_B }],
      // Offsets and state times move with the bundle's clock.
      now: () => Date.now() + clockShiftMs,
    });
    aws = await startLocalAwsEndpoint({ region: 'us-east-1', secrets: { [SECRET]: secretValue } });

    synth = synthesize(
      parseConfig(
        [
          'stackName: LinkMonitorReadiness',
          'clusters:',
          `  - { clusterId: ${CLUSTER_A}, label: ready-eu, restEndpoint: "${sim.baseUrl}", credentials: { secret: ${SECRET} } }`,
          `  - { clusterId: ${CLUSTER_B}, label: ready-us, restEndpoint: "${sim.baseUrl}", credentials: { secret: ${SECRET} } }`,
          'schedule: rate(5 minutes)',
          'pollTimeout: 2m',
          'emailRecipients: [{ address: oncall@example.com, minSeverity: info }]',
          'readiness:',
          '  everyPolls: 1',
          `  stallReads: ${STALL_READS}`,
          '  maxSecondsBehind: 300',
          '  stuckAfter: 10m',
          '  configReadsPerPoll: 3',
          '  dryRunFailover: true',
        ].join('\n'),
        'readiness.yaml',
      ),
    );
    resources = synth.template.toJSON().Resources as Record<string, Resource>;
    pollerId = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('PollerFunction'))?.[0] ?? '';

    const created = await createTemplateTables(
      dynamodb,
      resources,
      `ready-${randomBytes(4).toString('hex')}`,
    );
    for (const [id, name] of created) localTables.set(id, name);
    ({ guard, env: pollerEnv } = await guardPoller(
      synth.template.toJSON() as TemplateJson,
      pollerId,
      localTables,
      aws.endpoint,
    ));
    const schedules = ofType('AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    event = ((schedules[0] as [string, Resource])[1].Properties.Target as { Input: string }).Input;
  });

  afterAll(async () => {
    if (dynamodb !== undefined) await deleteTables(dynamodb, localTables.values());
    dynamodb?.destroy();
    await sim?.close();
    await aws?.stop();
    await guard?.stop();
    if (synth !== undefined) rmSync(synth.outdir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // The simulator's clock where the last poll left it: changes made now come after that poll.
    clockShiftMs = scheduledAt - Date.now();
    // Healthy, caught-up links with every sync on, and a store that has never seen them.
    for (const clusterId of [CLUSTER_A, CLUSTER_B]) {
      for (const link of sim.links(clusterId)) sim.removeLink(clusterId, link.linkName);
      for (const linkName of LINKS[clusterId] ?? []) sim.addLink(clusterId, { linkName, configs: SYNCS_ON });
    }
    await emptyTable('StateSnapshots');
    await emptyTable('StateHistory');
    aws.reset();
    sim.resetRequestCounts();
  });

  afterEach(() => {
    // A call its deployed role would refuse fails the test that made it, whatever else it checked.
    expect(guard.denials()).toEqual([]);
    // The monitor only ever asks Confluent to check a failover, never to make one.
    expect(sim.unsafeActionRequests()).toEqual([]);
  });

  it(`records and publishes a stalled mirror topic at the ${STALL_READS + 1}th read that sees it lagging, not before`, async () => {
    // Prepare: the source keeps producing, the link stops fetching one topic; the link stays ACTIVE
    await recordBaseline();
    const topic = 'payments-dr.topic-1';
    sim.updateLink(CLUSTER_A, 'payments-dr', { mirrorTopics: { [topic]: { fetchRate: 0 } } });

    // Act: reads one schedule interval apart; the first already sees the topic lagging
    let stalledAt = 0;
    let stalledMessages: readonly PublishedMessage[] = [];
    for (let read = 1; read <= STALL_READS + 2 && stalledAt === 0; read++) {
      const { published } = await poll();
      if (read === 1) {
        const [first] = (await readinessOf(CLUSTER_A, 'payments-dr')).worstTopics;
        expect(first).toMatchObject({ topicName: topic, stalled: false });
        expect(first?.messagesBehind, 'the first read sees it lagging').toBeGreaterThan(0);
      }
      if (changesOf(published, 'payments-dr').some((c) => c.type === 'MIRROR_TOPIC_STALLED')) {
        stalledAt = read;
        stalledMessages = published;
      }
    }

    // Assess: N + 1 reads: the first sees the lag, N more see the fetch offset unmoved
    expect(stalledAt).toBe(STALL_READS + 1);
    const stalled = changesOf(stalledMessages, 'payments-dr').find((c) => c.type === 'MIRROR_TOPIC_STALLED');
    expect(stalled).toMatchObject({ severity: 'critical', part: { kind: 'mirror-topic', name: topic } });
    expect(Number(stalled?.to)).toBeGreaterThan(0);
    const message = stalledMessages.find((m) => m.message.includes('MIRROR_TOPIC_STALLED'));
    expect(message?.messageAttributes.severity?.stringValue).toBe('critical');
    expect(message?.subject).toContain(topic);
    const recorded = (await historyOf(CLUSTER_A, 'payments-dr')).filter(
      (row) => row.type?.S === 'MIRROR_TOPIC_STALLED',
    );
    expect(recorded.map((row) => [row.severity?.S, row.notification?.S])).toEqual([['critical', 'SENT']]);
    const readiness = await readinessOf(CLUSTER_A, 'payments-dr');
    expect(readiness.verdict).toBe('not ready');
    expect(readiness.reasons[0]).toMatchObject({ code: 'TOPIC_STALLED' });
    expect(readiness.reasons[0]?.text).toContain(`fetch offset unmoved for ${STALL_READS} reads`);
  });

  it('publishes a mirror topic stuck in PENDING_STOPPED past stuckAfter, naming its transition error', async () => {
    // Prepare
    await recordBaseline();
    const topic = 'orders-dr.topic-2';
    const transitionError = {
      code: 'FAILOVER_PENDING_SOURCE_UNREACHABLE',
      message: 'The source cluster could not be reached to stop orders-dr.topic-2',
    };
    sim.updateLink(CLUSTER_A, 'orders-dr', {
      mirrorTopics: { [topic]: { status: 'PENDING_STOPPED', transitionError } },
    });

    // Act: one poll 5 minutes into the transition, then one 16 minutes into it
    const early = await poll(1);
    const late = await poll(2);

    // Assess: nothing stuck before stuckAfter (10m); past it, one critical event with the error
    expect(changesOf(early.published, 'orders-dr').map((c) => c.type)).not.toContain(
      'MIRROR_TRANSITION_STUCK',
    );
    const stuck = changesOf(late.published, 'orders-dr').filter((c) => c.type === 'MIRROR_TRANSITION_STUCK');
    expect(stuck).toEqual([
      expect.objectContaining({
        severity: 'critical',
        to: 'PENDING_STOPPED',
        part: expect.objectContaining({
          name: topic,
          errorCode: transitionError.code,
          errorMessage: transitionError.message,
        }),
      }),
    ]);
    const message = late.published.find((m) => m.message.includes('MIRROR_TRANSITION_STUCK'));
    const email = (JSON.parse(message?.message ?? '{}') as { email: string }).email;
    expect(email).toContain(transitionError.code);
    expect(email).toContain(transitionError.message);
    const readiness = await readinessOf(CLUSTER_A, 'orders-dr');
    expect(readiness.reasons).toContainEqual({
      verdict: 'not ready',
      code: 'TOPIC_STUCK',
      text: `${topic} stuck in PENDING_STOPPED past 10m: ${transitionError.code}: ${transitionError.message}`,
    });
  });

  it('records consumer offset sync switched off as a warning, and never keeps or shows the sensitive config', async () => {
    // Prepare: what the poller reads of the link's configs holds its connection's secret
    await recordBaseline();
    sim.updateLink(CLUSTER_B, 'clicks-dr', { configs: { 'consumer.offset.sync.enable': 'false' } });
    const served = await fetch(`${sim.linksUrl(CLUSTER_B)}/clicks-dr/configs`, {
      headers: { authorization: authorizationHeader(credentials) },
    });
    expect(await served.text()).toContain(SIMULATED_LINK_SECRET);

    // Act
    const switchedOff = await poll();

    // Assess: history
    const recorded = (await historyOf(CLUSTER_B, 'clicks-dr')).filter(
      (row) => row.type?.S === 'LINK_CONFIG_CHANGED',
    );
    expect(recorded.map((row) => [row.severity?.S, row.from?.S, row.to?.S, row.notification?.S])).toEqual([
      ['warning', 'true', 'false', 'SENT'],
    ]);
    // Assess: published, saying what a failover would lose
    const changed = changesOf(switchedOff.published, 'clicks-dr').filter(
      (c) => c.type === 'LINK_CONFIG_CHANGED',
    );
    expect(changed).toEqual([
      expect.objectContaining({
        severity: 'warning',
        from: 'true',
        to: 'false',
        part: expect.objectContaining({
          kind: 'config',
          name: 'consumer.offset.sync.enable',
          errorMessage: 'consumer offsets are not synced: consumers would reprocess after failover',
        }),
      }),
    ]);
    // Assess: the link's sasl.jaas.config (sensitive) was read every poll, and is nowhere
    const stored = JSON.stringify([
      ...(await scan(tableName('StateSnapshots'))),
      ...(await scan(tableName('StateHistory'))),
    ]);
    expect(stored).toContain('consumer.offset.sync.enable');
    expect(stored).not.toContain(SIMULATED_LINK_SECRET);
    expect(everyMessage.length).toBeGreaterThan(0);
    expect(JSON.stringify(everyMessage)).not.toContain(SIMULATED_LINK_SECRET);
    expect(output.join('\n')).not.toContain(SIMULATED_LINK_SECRET);
    expect(output.join('\n')).not.toContain(credentials.apiSecret);
  });

  it('publishes an enabled offset sync whose task is IN_ERROR, and the stored link reads at risk', async () => {
    // Prepare
    await recordBaseline();
    expect((await readinessOf(CLUSTER_A, 'refunds-dr')).verdict).toBe('ready');
    sim.updateLink(CLUSTER_A, 'refunds-dr', {
      tasks: {
        ConsumerOffsetSync: {
          state: 'IN_ERROR',
          error: 'GROUP_AUTHORIZATION_FAILED',
          message: 'not authorized to describe consumer groups',
        },
      },
    });

    // Act: the task rotation reaches every link of the cluster within as many polls as it has links
    let broken: PublishedChange | undefined;
    for (let read = 1; read <= (LINKS[CLUSTER_A]?.length ?? 0) && broken === undefined; read++) {
      const { published } = await poll();
      broken = changesOf(published, 'refunds-dr').find((c) => c.type === 'LINK_SYNC_BROKEN');
    }

    // Assess
    expect(broken).toMatchObject({
      severity: 'warning',
      to: 'IN_ERROR',
      part: { kind: 'task', name: 'ConsumerOffsetSync', errorCode: 'GROUP_AUTHORIZATION_FAILED' },
    });
    const readiness = await readinessOf(CLUSTER_A, 'refunds-dr');
    expect(readiness.verdict).toBe('at risk');
    expect(readiness.reasons).toEqual([
      {
        verdict: 'at risk',
        code: 'SYNC_FAILING',
        text:
          'consumer offsets are not synced: consumers would reprocess after failover; task ConsumerOffsetSync ' +
          'IN_ERROR (GROUP_AUTHORIZATION_FAILED: not authorized to describe consumer groups)',
      },
    ]);
    expect(readiness.syncs[0]).toMatchObject({ what: 'consumer offsets', enabled: true, broken: true });
  });

  it('writes nothing to DynamoDB in a steady poll, within 20 detail requests per cluster', async () => {
    // Prepare: every link's configs read and dry-run once (one dry run per cluster a poll)
    await recordBaseline();
    const longest = Math.max(...Object.values(LINKS).map((links) => links.length));
    for (let read = 1; read < longest; read++) expect((await poll()).result.events).toBe(0);
    const snapshotsBefore = await scan(tableName('StateSnapshots'));
    const historyBefore = await scan(tableName('StateHistory'));
    const actionsBefore = sim.actionRequests().length;
    sim.resetRequestCounts();

    // Act
    const steady = await poll();

    // Assess: the readiness reads were made, and changed nothing: same items, same versions
    expect(steady.result).toMatchObject({ events: 0, published: 0 });
    expect(sim.actionRequests().length).toBeGreaterThan(actionsBefore);
    for (const clusterId of [CLUSTER_A, CLUSTER_B]) {
      // The mirrors listing, the configs of every link, one dry run: at least 1 + links + 1.
      expect(sim.detailRequestCountFor(clusterId)).toBeGreaterThanOrEqual(
        (LINKS[clusterId]?.length ?? 0) + 2,
      );
      expect(sim.detailRequestCountFor(clusterId)).toBeLessThanOrEqual(20);
    }
    const sortKey = (row: Row) => `${row.clusterId?.S}/${row.itemKey?.S ?? row.eventId?.S}`;
    const byKey = (rows: Row[]) => [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(byKey(await scan(tableName('StateSnapshots')))).toEqual(byKey(snapshotsBefore));
    expect(byKey(await scan(tableName('StateHistory')))).toEqual(byKey(historyBefore));
  });

  it('dry-runs each link in turn with validate_only=true, and asks for no real failover', async () => {
    // Prepare
    const before = sim.actionRequests().length;

    // Act: as many polls as the larger cluster has links
    await recordBaseline();
    for (let read = 1; read < (LINKS[CLUSTER_A]?.length ?? 0); read++) await poll();

    // Assess
    const made = sim.actionRequests().slice(before);
    expect(made.length).toBeGreaterThan(0);
    for (const request of made) {
      expect(request).toMatchObject({ action: 'mirrors:failover', method: 'POST', validateOnly: true });
      expect(new URLSearchParams(request.query).getAll('validate_only')).toEqual(['true']);
      expect(request.topicNames).toEqual(sim.link(request.clusterId, request.linkName).topicNames);
    }
    for (const clusterId of [CLUSTER_A, CLUSTER_B]) {
      const dryRun = new Set(made.filter((r) => r.clusterId === clusterId).map((r) => r.linkName));
      expect([...dryRun].sort(), clusterId).toEqual([...(LINKS[clusterId] ?? [])].sort());
    }
    expect(sim.unsafeActionRequests()).toEqual([]);
    const readiness = await readinessOf(CLUSTER_A, 'orders-dr');
    expect(readiness.dryRun).toMatchObject({ topics: 3, failures: [] });
    expect(readiness.verdict).toBe('ready');
  });
});
