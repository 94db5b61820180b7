import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import type { ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import { authorizationHeader } from '../../adapters/confluent/credentials.js';
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
import { type Synthesized, synthesize } from '../infra/synth-monitor.js';
import { BUNDLE_ACCOUNT, BUNDLE_REGION } from '../support/bundled-handler.js';
import { guardPoller, invokeFunction, type Row, scanTable } from '../support/deployed-stack.js';
import { dynamoDbEndpoint } from '../support/dynamodb-endpoint.js';
import type { IamGuard } from '../support/iam/iam-guard.js';
import type { TemplateJson } from '../support/iam/template-names.js';
import { createTemplateTables, deleteTables } from '../support/template-tables.js';

const REGION = BUNDLE_REGION;
const ACCOUNT = BUNDLE_ACCOUNT;
const CLUSTER_A = 'lkc-e2e-a';
const CLUSTER_B = 'lkc-e2e-b';
/** Cluster A's secret is named; cluster B's is a complete ARN, as a user may write either. */
const SECRET_A = 'e2e/cluster-a';
const SECRET_B_NAME = 'e2e/cluster-b';
const SECRET_B = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${SECRET_B_NAME}-AbCdEf`;

type Resource = { Type: string; Properties: Record<string, unknown> };

interface Invocation {
  readonly result: {
    readonly clustersPolled: number;
    readonly events: number;
    readonly published: number;
    readonly results: readonly { clusterId: string; outcome: string }[];
  };
  readonly stdout: string;
  readonly stderr: string;
}

describe('the synthesized poller bundle, run as Lambda runs it', () => {
  const work = mkdtempSync(join(tmpdir(), 'deployed-bundle-'));
  const credentials: ConfluentCredentials = {
    kind: 'basic',
    apiKey: `E2EKEY${randomBytes(6).toString('hex').toUpperCase()}`,
    apiSecret: `e2e-secret-${randomBytes(18).toString('base64url')}`,
  };
  const secretValue = JSON.stringify({ api_key: credentials.apiKey, api_secret: credentials.apiSecret });
  /** Every form the credentials could leak in. */
  const secretForms = [
    credentials.apiSecret,
    credentials.apiKey,
    authorizationHeader(credentials).slice('Basic '.length),
    secretValue,
  ];

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
  const output: string[] = [];

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const tableName = (prefix: string) =>
    localTables.get(ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith(prefix))?.[0] ?? '') ??
    '';

  async function invoke(clockShiftMs = 0): Promise<Invocation> {
    const run = await invokeFunction(synth, pollerId, {
      clockShiftMs,
      event: JSON.parse(event),
      functionName: 'LinkMonitorE2E-PollerFunction',
      env: pollerEnv,
    });
    output.push(run.stdout, run.stderr);
    return { result: run.result as Invocation['result'], stdout: run.stdout, stderr: run.stderr };
  }

  const scan = (table: string): Promise<Row[]> => scanTable(dynamodb, table);

  const historyOf = async (clusterId: string) =>
    (await scan(tableName('StateHistory')))
      .filter((row) => row.clusterId?.S === clusterId)
      .sort((a, b) => (a.timeKey?.S ?? '').localeCompare(b.timeKey?.S ?? ''));

  beforeAll(async () => {
    dynamodb = localDynamoDbClient(dynamoDbEndpoint());
    sim = await startConfluentSimulator({
      auth: credentials,
      clusters: [
        { clusterId: CLUSTER_A, links: [{ linkName: 'orders-dr' }, { linkName: 'payments-dr' }] },
        { clusterId: CLUSTER_B, links: [{ linkName: 'audit-dr' }] },
      ],
    });
    aws = await startLocalAwsEndpoint({
      region: REGION,
      secrets: { [SECRET_A]: secretValue, [SECRET_B_NAME]: secretValue },
    });

    synth = synthesize(
      parseConfig(
        [
          'stackName: LinkMonitorE2E',
          'clusters:',
          `  - { clusterId: ${CLUSTER_A}, label: e2e-eu, restEndpoint: "${sim.baseUrl}", credentials: { secret: ${SECRET_A} } }`,
          `  - { clusterId: ${CLUSTER_B}, label: e2e-us, restEndpoint: "${sim.baseUrl}", credentials: { secret: "${SECRET_B}" } }`,
          'schedule: rate(5 minutes)',
          'pollTimeout: 2m',
          'emailRecipients: [{ address: oncall@example.com, minSeverity: warning }]',
          'slack: { webhookSecret: e2e/slack-webhook }',
          'alarmEmails: [platform@example.com]',
        ].join('\n'),
        'e2e.yaml',
      ),
    );
    resources = synth.template.toJSON().Resources as Record<string, Resource>;
    pollerId = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('PollerFunction'))?.[0] ?? '';

    const created = await createTemplateTables(dynamodb, resources, `e2e-${randomBytes(4).toString('hex')}`);
    for (const [id, name] of created) localTables.set(id, name);

    ({ guard, env: pollerEnv } = await guardPoller(
      synth.template.toJSON() as TemplateJson,
      pollerId,
      localTables,
      aws.endpoint,
    ));
    // What EventBridge Scheduler delivers: the input the template gives the schedule's target.
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
    rmSync(work, { recursive: true, force: true });
    if (synth !== undefined) rmSync(synth.outdir, { recursive: true, force: true });
  });

  afterEach(() => {
    // A call its deployed role would refuse fails the test that made it, whatever else it checked.
    expect(guard.denials()).toEqual([]);
  });

  it('is wired to the two tables and the topic the stack creates, and to a scheduled event', () => {
    expect(pollerEnv).toMatchObject({
      SNAPSHOT_TABLE_NAME: tableName('StateSnapshots'),
      HISTORY_TABLE_NAME: tableName('StateHistory'),
      NOTIFICATION_TOPIC_ARN: expect.stringMatching(/^arn:aws:sns:.*:StateNotificationTopic/),
    });
    expect(JSON.parse(event)).toEqual({ source: 'cluster-link-monitor.schedule' });
  });

  it('records a baseline on the first poll and publishes nothing for healthy links', async () => {
    // Act
    const first = await invoke();

    // Assess
    expect(first.result).toMatchObject({ clustersPolled: 2, events: 0, published: 0 });
    expect(first.result.results.map((r) => [r.clusterId, r.outcome])).toEqual([
      [CLUSTER_A, 'ok'],
      [CLUSTER_B, 'ok'],
    ]);
    const snapshots = await scan(tableName('StateSnapshots'));
    expect(snapshots.map((row) => `${row.clusterId?.S}/${row.itemKey?.S}`).sort()).toEqual([
      `${CLUSTER_A}/#CLUSTER`,
      `${CLUSTER_A}/LINK#orders-dr`,
      `${CLUSTER_A}/LINK#payments-dr`,
      `${CLUSTER_B}/#CLUSTER`,
      `${CLUSTER_B}/LINK#audit-dr`,
    ]);
    expect(await scan(tableName('StateHistory'))).toEqual([]);
    expect(aws.published).toEqual([]);
    // Each cluster's own secret, by the id the config gave: a name, and a complete ARN.
    expect([...new Set(aws.secretRequests)].sort()).toEqual([SECRET_B, SECRET_A].sort());
  });

  it('records and publishes a link going down and a link removed on the next poll', async () => {
    // Prepare
    sim.updateLink(CLUSTER_A, 'orders-dr', {
      linkState: 'UNAVAILABLE',
      linkError: 'AUTHENTICATION_ERROR',
      linkErrorMessage: 'SASL authentication failed',
    });
    sim.removeLink(CLUSTER_B, 'audit-dr');
    aws.reset();

    // Act
    const second = await invoke();

    // Assess: history
    expect(second.result).toMatchObject({ clustersPolled: 2, published: 2 });
    const historyA = await historyOf(CLUSTER_A);
    expect(
      historyA.map((row) => [row.type?.S, row.linkName?.S, row.severity?.S, row.from?.S, row.to?.S]),
    ).toEqual([
      ['LINK_STATE_CHANGED', 'orders-dr', 'critical', 'ACTIVE', 'UNAVAILABLE'],
      ['LINK_ERROR_CHANGED', 'orders-dr', 'critical', undefined, 'AUTHENTICATION_ERROR'],
    ]);
    const historyB = await historyOf(CLUSTER_B);
    expect(historyB.map((row) => [row.type?.S, row.linkName?.S])).toEqual([['LINK_REMOVED', 'audit-dr']]);
    const removedSeverity = historyB[0]?.severity?.S ?? '';
    for (const row of [...historyA, ...historyB]) {
      expect(row.notification?.S).toBe('SENT');
      expect(row.pendingClusterId).toBeUndefined();
      expect(Number(row.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);
    }

    // Assess: SNS
    const topicArn = pollerEnv.NOTIFICATION_TOPIC_ARN;
    const byCluster = (clusterId: string) =>
      aws.published.find(
        (m) => m.messageAttributes.cluster_id?.stringValue === clusterId,
      ) as PublishedMessage;
    expect(aws.published).toHaveLength(2);
    const down = byCluster(CLUSTER_A);
    expect(down).toMatchObject({
      action: 'Publish',
      topicArn,
      messageStructure: 'json',
      subject: '[CRITICAL] e2e-eu lkc-e2e-a: link orders-dr ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)',
    });
    expect(down.messageAttributes).toEqual({
      cluster_id: { dataType: 'String', stringValue: CLUSTER_A },
      cluster_label: { dataType: 'String', stringValue: 'e2e-eu' },
      link_name: { dataType: 'String', stringValue: 'orders-dr' },
      event_type: { dataType: 'String', stringValue: 'LINK_STATE_CHANGED' },
      severity: { dataType: 'String', stringValue: 'critical' },
      problem_severity: { dataType: 'String.Array', stringValue: '["critical"]' },
      kind: { dataType: 'String', stringValue: 'change' },
    });
    const body = JSON.parse(down.message) as { default: string; email: string };
    expect(Object.keys(body).sort()).toEqual(['default', 'email']);
    expect(JSON.parse(body.default)).toMatchObject({
      kind: 'change',
      severity: 'critical',
      cluster: { id: CLUSTER_A, label: 'e2e-eu' },
      subject: down.subject,
    });
    expect(body.email).toContain('orders-dr');
    // The message carries the severity history recorded, in its subject and its attributes.
    expect(byCluster(CLUSTER_B)).toMatchObject({
      topicArn,
      subject: `[${removedSeverity.toUpperCase()}] e2e-us lkc-e2e-b: link audit-dr removed`,
      messageAttributes: expect.objectContaining({
        event_type: { dataType: 'String', stringValue: 'LINK_REMOVED' },
        severity: { dataType: 'String', stringValue: removedSeverity },
      }),
    });
  });

  it('publishes the recovery, then nothing when nothing changed', async () => {
    // Prepare
    sim.updateLink(CLUSTER_A, 'orders-dr', { linkState: 'ACTIVE', linkError: null, linkErrorMessage: null });
    aws.reset();

    // Act
    const recovered = await invoke();
    const published = [...aws.published];
    const quiet = await invoke();

    // Assess
    expect(recovered.result).toMatchObject({ published: 1 });
    expect(published).toHaveLength(1);
    expect(published[0]?.subject).toMatch(/^\[RESOLVED\] e2e-eu lkc-e2e-a: link orders-dr recovered after /);
    expect(published[0]?.messageAttributes.severity?.stringValue).toBe('resolved');
    const historyA = await historyOf(CLUSTER_A);
    expect(historyA.slice(2).map((row) => [row.type?.S, row.severity?.S, row.to?.S])).toContainEqual([
      'LINK_STATE_CHANGED',
      'resolved',
      'ACTIVE',
    ]);
    expect(quiet.result).toMatchObject({ clustersPolled: 2, events: 0, published: 0 });
    expect(aws.published).toHaveLength(1);
    expect(await historyOf(CLUSTER_A)).toHaveLength(historyA.length);
  });

  it('names a mirror topic failing and a task in error under an ACTIVE link, within the detail budget', async () => {
    // Prepare: the link stays ACTIVE; one of its topics fails and one of its tasks sits in error
    sim.updateLink(CLUSTER_A, 'payments-dr', {
      mirrorTopics: {
        'payments-dr.topic-1': {
          status: 'FAILED',
          error: 'SOURCE_TOPIC_MAY_BE_DELETED',
          message: 'Topic payments-dr.topic-1 was not found on the source cluster',
        },
      },
      tasks: {
        AclSync: {
          state: 'IN_ERROR',
          error: 'MISCONFIGURATION_ERROR',
          message: 'acl.filters could not be parsed',
        },
      },
    });
    aws.reset();
    sim.resetRequestCounts();

    // Act
    const found = await invoke();

    // Assess: one message for the link, naming the topic and the task with their errors
    expect(found.result).toMatchObject({ published: 1 });
    expect(sim.detailRequestCountFor(CLUSTER_A)).toBeGreaterThan(0);
    expect(sim.detailRequestCountFor(CLUSTER_A)).toBeLessThanOrEqual(20);
    const [message] = aws.published;
    const email = (JSON.parse(message?.message ?? '{}') as { email: string }).email;
    // Two findings are too long for SNS's 100 characters: the second is counted, the first's error
    // code left to the body; the cluster, the link and the topic stay whole.
    expect(message?.subject).toBe(
      '[CRITICAL] e2e-eu: link payments-dr mirror topic payments-dr.topic-1 FAILED and 1 more',
    );
    expect(email).toContain('e2e-eu');
    expect(email).toContain(
      'mirror topic payments-dr.topic-1: mirror_status FAILED (SOURCE_TOPIC_MAY_BE_DELETED)',
    );
    expect(email).toContain(
      'error: SOURCE_TOPIC_MAY_BE_DELETED: Topic payments-dr.topic-1 was not found on the source cluster',
    );
    expect(email).toContain('task AclSync: state IN_ERROR (MISCONFIGURATION_ERROR)');
    expect(email).toContain('error: MISCONFIGURATION_ERROR: acl.filters could not be parsed');
    const history = await historyOf(CLUSTER_A);
    expect(history.map((row) => row.type?.S)).toEqual(
      expect.arrayContaining(['MIRROR_TOPIC_STATE_CHANGED', 'TASK_STATE_CHANGED']),
    );
  });

  it('writes nothing to DynamoDB while nothing changes, parts in error included', async () => {
    // Prepare
    const snapshotsBefore = await scan(tableName('StateSnapshots'));
    const historyBefore = await scan(tableName('StateHistory'));
    aws.reset();

    // Act
    const quiet = await invoke();

    // Assess: same items, same versions
    expect(quiet.result).toMatchObject({ events: 0, published: 0 });
    const sortKey = (row: Row) => `${row.clusterId?.S}/${row.itemKey?.S ?? row.eventId?.S}`;
    const byKey = (rows: Row[]) => [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(byKey(await scan(tableName('StateSnapshots')))).toEqual(byKey(snapshotsBefore));
    expect(byKey(await scan(tableName('StateHistory')))).toEqual(byKey(historyBefore));
  });

  it('sends one message for a failed link with many mirror topics, not one per topic', async () => {
    // Prepare
    sim.addLink(CLUSTER_B, {
      linkName: 'bulk-dr',
      topicNames: Array.from({ length: 60 }, (_, n) => `bulk-${String(n).padStart(2, '0')}`),
    });
    await invoke();
    sim.updateLink(CLUSTER_B, 'bulk-dr', { linkState: 'FAILED', linkErrorMessage: 'source cluster deleted' });
    aws.reset();

    // Act
    const failed = await invoke();

    // Assess
    const forB = aws.published.filter((m) => m.messageAttributes.cluster_id?.stringValue === CLUSTER_B);
    expect(forB).toHaveLength(1);
    expect(forB[0]?.subject).toBe('[CRITICAL] e2e-us lkc-e2e-b: link bulk-dr ACTIVE -> FAILED');
    const doc = JSON.parse((JSON.parse(forB[0]?.message ?? '{}') as { default: string }).default) as {
      links: { mirrorTopicCount: number; mirrorTopicsByState?: Record<string, number> }[];
    };
    expect(doc.links[0]).toMatchObject({ mirrorTopicCount: 60, mirrorTopicsByState: { IN_ERROR: 60 } });
    expect(failed.result.results.find((r) => r.clusterId === CLUSTER_B)?.outcome).toBe('ok');
    const types = (await historyOf(CLUSTER_B)).map((row) => row.type?.S);
    expect(types.filter((type) => type?.startsWith('MIRROR_TOPIC_'))).toEqual([]);
  });

  it("sends one message when 100 of a link's 120 mirror topics pause, and writes nothing at the next poll", async () => {
    // Prepare: an ACTIVE link of 120 topics, recorded
    const topics = Array.from({ length: 120 }, (_, n) => `mass-${String(n).padStart(3, '0')}`);
    sim.addLink(CLUSTER_B, { linkName: 'mass-dr', topicNames: topics });
    await invoke();
    sim.updateLink(CLUSTER_B, 'mass-dr', {
      mirrorTopics: Object.fromEntries(topics.slice(0, 100).map((name) => [name, { status: 'PAUSED' }])),
    });
    aws.reset();

    // Act: the poll that finds them, then one with nothing new
    const paused = await invoke();
    const published = aws.published.filter((m) => m.messageAttributes.link_name?.stringValue === 'mass-dr');
    const snapshotsBefore = await scan(tableName('StateSnapshots'));
    const historyBefore = await scan(tableName('StateHistory'));
    const quiet = await invoke();

    // Assess: one message for the link, carrying every paused topic (one by one or counted)
    expect(paused.result.results.find((r) => r.clusterId === CLUSTER_B)?.outcome).toBe('ok');
    expect(published).toHaveLength(1);
    const body = JSON.parse((JSON.parse(published[0]?.message ?? '{}') as { default: string }).default) as {
      links: { changes: { type: string; to: string | null }[] }[];
    };
    const changes = body.links.flatMap((link) => link.changes);
    const oneByOne = changes.filter((c) => c.type === 'MIRROR_TOPIC_STATE_CHANGED').length;
    const counted = changes
      .filter((c) => c.type === 'PART_CHANGES_SUMMARISED')
      .map((c) => Number(/PAUSED (\d+)/.exec(c.to ?? '')?.[1] ?? 0))
      .reduce((a, b) => a + b, 0);
    expect(oneByOne + counted).toBe(100);
    expect(quiet.result).toMatchObject({ events: 0, published: 0 });
    expect((await scan(tableName('StateSnapshots'))).length).toBe(snapshotsBefore.length);
    expect((await scan(tableName('StateHistory'))).length).toBe(historyBefore.length);
    sim.removeLink(CLUSTER_B, 'mass-dr');
    await invoke();
  });

  it('notifies a change beside a listing entry with an empty name in the same poll, and removes nothing', async () => {
    // Prepare: an entry the listing's schema refuses appears beside audit's links
    sim.addLink(CLUSTER_B, { linkName: 'beside-dr' });
    await invoke();
    sim.addLink(CLUSTER_B, { linkName: '' });
    sim.updateLink(CLUSTER_B, 'beside-dr', { linkState: 'FAILED' });
    aws.reset();

    // Act
    const poll = await invoke();

    // Assess
    const forB = aws.published.filter((m) => m.messageAttributes.cluster_id?.stringValue === CLUSTER_B);
    expect(forB.map((m) => m.messageAttributes.link_name?.stringValue)).toEqual(['beside-dr']);
    expect(forB[0]?.subject).toContain('ACTIVE -> FAILED');
    expect(
      (await historyOf(CLUSTER_B)).filter((row) => row.type?.S === 'LINK_REMOVED').map((r) => r.linkName?.S),
    ).not.toContain('beside-dr');
    expect(poll.result.results.find((r) => r.clusterId === CLUSTER_B)?.outcome).toBe('ok');
    sim.removeLink(CLUSTER_B, '');
    sim.removeLink(CLUSTER_B, 'beside-dr');
    await invoke();
  });

  it('emits the metric the unreachable alarm watches, with its namespace and dimensions, once a cluster stays down', async () => {
    // Prepare
    const alarm = ofType('AWS::CloudWatch::Alarm')
      .map(
        ([, a]) =>
          a.Properties as {
            Namespace: string;
            MetricName: string;
            Dimensions: { Name: string; Value: string }[];
          },
      )
      .find((a) => a.MetricName === 'ClustersUnreachable');
    if (alarm === undefined) throw new Error('no ClustersUnreachable alarm');
    const wanted = Object.fromEntries(alarm.Dimensions.map((d) => [d.Name, d.Value]));
    const quiet = await invoke();
    sim.failCluster(CLUSTER_A, { kind: 'forbidden' });

    // Act: unreachableAfterPolls (3) failed listings in a row
    await invoke();
    await invoke();
    const { stdout } = await invoke();
    sim.clearFault(CLUSTER_A);

    // Assess
    const emf = stdout
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            _aws: {
              CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
            };
          },
      );
    const match = emf.find(
      (record) =>
        record._aws.CloudWatchMetrics.some(
          (m) =>
            m.Namespace === alarm.Namespace &&
            m.Metrics.some((metric) => metric.Name === alarm.MetricName) &&
            m.Dimensions.some((set) => [...set].sort().join() === Object.keys(wanted).sort().join()),
        ) && Object.entries(wanted).every(([name, value]) => record[name] === value),
    );
    expect(match?.[alarm.MetricName]).toBe(1);
    // A quiet poll sends no metric at all: CloudWatch bills each metric for the hours it has data.
    expect(quiet.stdout).not.toContain('"_aws"');
  });

  it("notifies another link's change in the same poll, and later changes, while odd links carry every hostile case", async () => {
    // Prepare: one link per case the fault suite found, all in cluster A beside its usual links.
    const topics = (count: number) =>
      Array.from({ length: count }, (_, i) => `orders.mirror.topic-${String(i).padStart(6, '0')}`);
    const odd: { linkName: string; patch: Parameters<ConfluentSimulator['updateLink']>[2] }[] = [
      { linkName: 'odd-topics', patch: { topicNames: topics(12_500) } },
      {
        linkName: 'odd-message',
        patch: { linkState: 'FAILED', linkError: 'UNKNOWN', linkErrorMessage: 'm'.repeat(1_000_000) },
      },
      { linkName: `odd-long-${'ü'.repeat(3_000)}`, patch: { linkState: 'PAUSED' } },
      { linkName: 'odd-\uD800-surrogate', patch: { linkState: 'FAILED' } },
      { linkName: 'odd-proto', patch: { linkState: 'toString' } },
      { linkName: 'constructor', patch: { linkState: '__proto__', linkErrorMessage: 'x\r\nFrom: forged' } },
    ];
    for (const { linkName } of odd) sim.addLink(CLUSTER_A, { linkName, topicNames: ['orders'] });
    const added = await invoke();
    const addedA = added.result.results.find((r) => r.clusterId === CLUSTER_A) as {
      outcome: string;
      error?: string;
    };
    expect({ outcome: addedA.outcome, error: addedA.error }).toEqual({ outcome: 'ok', error: undefined });
    for (const { linkName, patch } of odd) sim.updateLink(CLUSTER_A, linkName, patch);
    sim.updateLink(CLUSTER_A, 'payments-dr', { linkState: 'FAILED', linkError: 'TIMEOUT_ERROR' });
    aws.reset();

    // Act: the odd changes and a second link's change in one poll, then a later change.
    const same = await invoke();
    const sameMessages = [...aws.published];
    sim.updateLink(CLUSTER_A, 'orders-dr', { linkState: 'PAUSED' });
    aws.reset();
    const later = await invoke();

    // Assess
    const mentions = (messages: readonly PublishedMessage[], linkName: string) =>
      messages.some((m) => m.message.includes(linkName));
    expect(same.result.results.find((r) => r.clusterId === CLUSTER_A)).toMatchObject({ outcome: 'ok' });
    expect(mentions(sameMessages, 'payments-dr'), 'the second link, same poll').toBe(true);
    expect(later.result.results.find((r) => r.clusterId === CLUSTER_A)).toMatchObject({ outcome: 'ok' });
    expect(mentions(aws.published, 'orders-dr'), 'a later change').toBe(true);
    const history = await historyOf(CLUSTER_A);
    const recorded = (linkName: string) => history.filter((row) => row.linkName?.S?.startsWith(linkName));
    for (const prefix of [
      'payments-dr',
      'orders-dr',
      'odd-topics',
      'odd-message',
      'odd-long-',
      'odd-\uFFFD-surrogate',
      'odd-proto',
      'constructor',
    ])
      expect(recorded(prefix).length, prefix).toBeGreaterThan(0);
    expect(history.filter((row) => row.notification?.S === 'PENDING')).toEqual([]);
    for (const { linkName } of odd) sim.removeLink(CLUSTER_A, linkName);
    sim.updateLink(CLUSTER_A, 'payments-dr', { linkState: 'ACTIVE', linkError: null });
    sim.updateLink(CLUSTER_A, 'orders-dr', { linkState: 'ACTIVE' });
    await invoke();
  });

  it('never writes a secret to its output, not even when Confluent rejects the key', async () => {
    // Prepare
    sim.failCluster(CLUSTER_B, { kind: 'unauthorized' });

    // Act
    const rejected = await invoke();
    sim.clearFault(CLUSTER_B);

    // Assess
    expect(rejected.result.results.find((r) => r.clusterId === CLUSTER_B)?.outcome).toBe('failed');
    expect(`${rejected.stdout}${rejected.stderr}`).toContain('401');
    // This invocation's output and every earlier one in this file.
    const all = output.join('\n');
    for (const secret of secretForms) expect(all).not.toContain(secret);
  });
  it('names a task error on a link of a 40-link cluster within 5 polls, one per scheduled interval', async () => {
    // Prepare: 40 links recorded. The task rotation moves on once per schedule interval (5 minutes
    // here), so the polls run an hour ahead, each in the middle of an interval of its own.
    const fleet = Array.from({ length: 40 }, (_, n) => `fleet-${String(n).padStart(2, '0')}`);
    for (const linkName of fleet) sim.addLink(CLUSTER_B, { linkName });
    const interval = 5 * 60_000;
    const first = Math.floor((Date.now() + 3_600_000) / interval) * interval + interval / 2;
    const at = (poll: number) => first + poll * interval - Date.now();
    await invoke(at(0));
    // A task of one of its links goes into error, while the link stays ACTIVE
    sim.updateLink(CLUSTER_B, 'fleet-17', {
      tasks: { ConsumerOffsetSync: { state: 'IN_ERROR', error: 'AUTHORIZATION_FAILED', message: 'denied' } },
    });
    aws.reset();

    // Act: up to 5 polls
    let named = 0;
    for (let poll = 1; poll <= 5 && named === 0; poll++) {
      await invoke(at(poll));
      if (aws.published.some((m) => m.messageAttributes.link_name?.stringValue === 'fleet-17')) named = poll;
    }

    // Assess
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThanOrEqual(5);
    const message = aws.published.find((m) => m.messageAttributes.link_name?.stringValue === 'fleet-17');
    expect(message?.subject).toContain('ConsumerOffsetSync');
  });
});
