/**
 * The poller and the PagerDuty notifier as they deploy, wired as SNS wires them: the bundles synth
 * stages, each under the guard of its synthesized role, the poller's publishes handed to the
 * notifier only when the notifier's subscription filter policy (as synthesized) matches them. A
 * page sent before a silence is resolved when the link recovers inside the silence.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import type { ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import { DynamoDbSilenceStore } from '../../adapters/dynamodb/dynamodb-silence-store.js';
import { linkDedupKey } from '../../receivers/pagerduty/pagerduty-events.js';
import { PAGERDUTY_ENV } from '../../receivers/pagerduty/pagerduty-notifier-environment.js';
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
import { guardPoller, invokeFunction } from '../support/deployed-stack.js';
import { dynamoDbEndpoint } from '../support/dynamodb-endpoint.js';
import { type GuardedReceiver, guardReceiver } from '../support/iam/guarded-function.js';
import type { IamGuard } from '../support/iam/iam-guard.js';
import type { TemplateJson } from '../support/iam/template-names.js';
import {
  type PagerDutyEventsServer,
  startPagerDutyEventsServer,
} from '../support/pagerduty-events-server.js';
import { filterPolicyMatches } from '../support/sns-filter-policy.js';
import { snsEventOfPublished } from '../support/sns-lambda-event.js';
import { createTemplateTables, deleteTables } from '../support/template-tables.js';

const CLUSTER = 'lkc-page-a';
const CLUSTER_SECRET = 'paging/cluster-a';
const ROUTING_SECRET = 'paging/oncall';
const LINK = 'orders-dr';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('the poller and PagerDuty bundles, wired by the synthesized filter policy', () => {
  const credentials: ConfluentCredentials = {
    kind: 'basic',
    apiKey: `PAGEKEY${randomBytes(6).toString('hex').toUpperCase()}`,
    apiSecret: `page-secret-${randomBytes(18).toString('base64url')}`,
  };
  const routingKey = randomBytes(16).toString('hex');
  let sim: ConfluentSimulator;
  let aws: LocalAwsEndpoint;
  let pd: PagerDutyEventsServer;
  let dynamodb: DynamoDBClient;
  let synth: Synthesized;
  let template: TemplateJson;
  let tables: Map<string, string>;
  let pollerId: string;
  let pollerEnv: Record<string, string>;
  let pollerGuard: IamGuard;
  let pager: GuardedReceiver;
  let scheduleInput: string;
  let deliveredCount = 0;

  const resources = () => template.Resources as Record<string, Resource>;

  /** The filter policy of the notifier's subscription, as synthesized. */
  function notifierFilterPolicy(): Record<string, unknown> {
    const subscription = Object.values(resources()).find(
      (r) =>
        r.Type === 'AWS::SNS::Subscription' &&
        JSON.stringify(r.Properties.Endpoint ?? '').includes(pager.functionId),
    );
    expect(subscription, 'the notifier subscribes to the topic').toBeDefined();
    return subscription?.Properties.FilterPolicy as Record<string, unknown>;
  }

  /** One scheduled poll, then every publish SNS would hand the notifier, in order. */
  async function pollAndDeliver(): Promise<readonly PublishedMessage[]> {
    const before = aws.published.length;
    await invokeFunction(synth, pollerId, {
      event: JSON.parse(scheduleInput),
      functionName: 'Paging-PollerFunction',
      env: pollerEnv,
    });
    const published = aws.published.slice(before);
    const policy = notifierFilterPolicy();
    for (const message of published) {
      const attributes = Object.fromEntries(
        Object.entries(message.messageAttributes).map(([k, v]) => [
          k,
          { StringValue: v.stringValue ?? '', DataType: v.dataType },
        ]),
      );
      if (!filterPolicyMatches(policy, attributes)) continue;
      await invokeFunction(synth, pager.functionId, {
        event: snsEventOfPublished(message),
        functionName: 'Paging-PagerDutyNotifier',
        env: { ...pager.env, [PAGERDUTY_ENV.eventsUrl]: pd.enqueueUrl },
      });
      deliveredCount++;
    }
    return published;
  }

  beforeAll(async () => {
    sim = await startConfluentSimulator({
      auth: credentials,
      clusters: [
        {
          clusterId: CLUSTER,
          links: [{ linkName: LINK }, { linkName: 'audit-dr' }, { linkName: 'billing-dr' }],
        },
      ],
    });
    pd = await startPagerDutyEventsServer();
    aws = await startLocalAwsEndpoint({
      secrets: {
        [CLUSTER_SECRET]: JSON.stringify({ api_key: credentials.apiKey, api_secret: credentials.apiSecret }),
        [ROUTING_SECRET]: JSON.stringify({ routing_key: routingKey }),
      },
    });
    synth = synthesize(
      parseConfig(
        [
          'stackName: LinkMonitorPaging',
          'clusters:',
          `  - { clusterId: ${CLUSTER}, label: paging-eu, restEndpoint: "${sim.baseUrl}", credentials: { secret: ${CLUSTER_SECRET} } }`,
          'schedule: rate(5 minutes)',
          'pollTimeout: 2m',
          'routes:',
          '  - name: oncall',
          '    match: { clusters: [paging-eu], minSeverity: critical }',
          `    receivers: { pagerDuty: [{ routingKeySecret: ${ROUTING_SECRET}, minSeverity: critical }] }`,
        ].join('\n'),
        'paging.yaml',
      ),
    );
    template = synth.template.toJSON() as TemplateJson;
    dynamodb = localDynamoDbClient(dynamoDbEndpoint());
    tables = await createTemplateTables(dynamodb, resources(), `paging-${randomBytes(4).toString('hex')}`);
    pollerId = Object.keys(resources()).find((id) => id.startsWith('PollerFunction')) ?? '';
    ({ guard: pollerGuard, env: pollerEnv } = await guardPoller(template, pollerId, tables, aws.endpoint));
    pager = await guardReceiver(template, PAGERDUTY_ENV.routingKeySecret, ROUTING_SECRET, aws.endpoint, {
      endpoint: dynamoDbEndpoint(),
      physicalNames: Object.fromEntries(tables),
    });
    const schedule = Object.values(resources()).find((r) => r.Type === 'AWS::Scheduler::Schedule');
    scheduleInput = (schedule?.Properties.Target as { Input: string } | undefined)?.Input ?? '';
  }, 180_000);

  afterAll(async () => {
    if (dynamodb !== undefined) await deleteTables(dynamodb, tables?.values() ?? []);
    dynamodb?.destroy();
    await sim?.close();
    await aws?.stop();
    await pd?.stop();
    await pollerGuard?.stop();
    await pager?.guard.stop();
  });

  afterEach(() => {
    // A call either deployed role would refuse fails the test that made it.
    expect(pollerGuard.denials()).toEqual([]);
    expect(pager.guard.denials()).toEqual([]);
  });

  it('resolves a page sent before a silence when the link recovers inside it', async () => {
    // Prepare: the baseline, then the link fails and is paged
    await pollAndDeliver();
    sim.updateLink(CLUSTER, LINK, { linkState: 'FAILED' });
    await pollAndDeliver();
    const key = linkDedupKey(CLUSTER, LINK, { linkState: 'FAILED', linkError: null });
    expect(pd.alerts.get(key)?.status).toBe('triggered');

    // Act: a silence on the link begins, then the link recovers inside it
    const tableId = [...tables.keys()].find((id) => id.startsWith('StateSnapshots')) ?? '';
    await new DynamoDbSilenceStore({
      client: dynamodb,
      snapshotTableName: tables.get(tableId) ?? '',
    }).addSilence({
      id: 's-upgrade',
      matchers: { clusters: ['paging-eu'], linkName: LINK },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'broker upgrade',
      createdBy: 'alice',
      createdAt: new Date().toISOString(),
      expiredAt: null,
    });
    sim.updateLink(CLUSTER, LINK, { linkState: 'ACTIVE' });
    const recovery = await pollAndDeliver();

    // Assess: the recovery went out, passed the critical-only filter, and resolved the page
    expect(recovery.map((m) => m.messageAttributes.problem_severity?.stringValue)).toEqual(['["critical"]']);
    expect(pd.alerts.get(key)?.status).toBe('resolved');
    expect(deliveredCount).toBe(2);
  }, 180_000);

  it('keeps from the pager what the silence hides and what its route does not take', async () => {
    // Prepare: a silence on audit-dr
    const tableId = [...tables.keys()].find((id) => id.startsWith('StateSnapshots')) ?? '';
    await new DynamoDbSilenceStore({
      client: dynamodb,
      snapshotTableName: tables.get(tableId) ?? '',
    }).addSilence({
      id: 's-audit',
      matchers: { clusters: ['paging-eu'], linkName: 'audit-dr' },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'audit cluster move',
      createdBy: 'alice',
      createdAt: new Date().toISOString(),
      expiredAt: null,
    });
    const sentBefore = pd.received.length;

    // Act: audit-dr fails under its silence; billing-dr pauses (a warning: the route takes critical only)
    sim.updateLink(CLUSTER, 'audit-dr', { linkState: 'FAILED' });
    sim.updateLink(CLUSTER, 'billing-dr', { linkState: 'PAUSED' });
    const published = await pollAndDeliver();

    // Assess: the pause was published (for other receivers), filtered from the pager; nothing paged
    expect(published.map((m) => m.messageAttributes.link_name?.stringValue)).toEqual(['billing-dr']);
    expect(pd.received.length).toBe(sentBefore);
  }, 180_000);
});
