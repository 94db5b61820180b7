/**
 * The PagerDuty notifier as it deploys: the bundle synth stages for the function
 * a route creates, run in a plain `node` process with the environment the
 * template gives it, the routing key from a local Secrets Manager, its alert
 * ledger in the template's table on DynamoDB Local, events sent to a local Events
 * API v2 server, every AWS call through the guard of its synthesized role.
 * Notifications are planned and rendered by the real core, delivered as SNS would
 * deliver them.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { ALERT_LEDGER_TABLE } from '../../../../receivers/pagerduty/alert-ledger-table.js';
import { clusterDedupKey, linkDedupKey } from '../../../../receivers/pagerduty/pagerduty-events.js';
import { PAGERDUTY_ENV } from '../../../../receivers/pagerduty/pagerduty-notifier-environment.js';
import {
  PAGERDUTY_METRIC,
  PAGERDUTY_NOTIFIER_SERVICE_NAME,
  PAGERDUTY_STALE_EVENTS_METRIC,
} from '../../../../receivers/pagerduty/pagerduty-notifier-metrics.js';
import { localDynamoDbClient } from '../../../../tools/local-aws/dynamodb-local.js';
import {
  type LocalAwsEndpoint,
  startLocalAwsEndpoint,
} from '../../../../tools/local-aws/local-aws-endpoint.js';
import { functionAssetDir, type Synthesized, synthesize } from '../../../infra/synth-monitor.js';
import { BUNDLE_ACCOUNT, BUNDLE_REGION, runBundledHandler } from '../../../support/bundled-handler.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { type GuardedReceiver, guardReceiver } from '../../../support/iam/guarded-function.js';
import type { TemplateJson } from '../../../support/iam/template-names.js';
import {
  type PagerDutyEventsServer,
  startPagerDutyEventsServer,
} from '../../../support/pagerduty-events-server.js';
import { snsEventOf } from '../../../support/sns-lambda-event.js';
import { createTemplateTables, deleteTables } from '../../../support/template-tables.js';
import { aLink, anEvent } from '../../../unit/core/notify/render/notification-fixtures.js';

const SECRET_ID = 'pd/payments';
const CLUSTER = 'lkc-abc12';

type Resource = { Type: string; Properties: Record<string, unknown> };

const failed = (observedAt: string, linkName = 'orders-dr') =>
  anEvent({
    linkName,
    observedAt,
    type: 'LINK_STATE_CHANGED',
    severity: 'critical',
    from: 'ACTIVE',
    to: 'FAILED',
    link: aLink({ linkName, linkState: 'FAILED' }),
  });

describe('Function: pagerduty-notifier (bundled)', () => {
  const routingKey = randomBytes(16).toString('hex');
  let pd: PagerDutyEventsServer;
  let aws: LocalAwsEndpoint;
  let synth: Synthesized;
  let functionId: string;
  let fn: Resource;
  let guarded: GuardedReceiver;
  let dynamodb: DynamoDBClient;
  let tables: Map<string, string>;
  const output: string[] = [];

  async function deliver(events: HistoryEvent[]): Promise<void> {
    const run = await runBundledHandler({
      dir: functionAssetDir(synth, functionId),
      handler: fn.Properties.Handler as string,
      event: snsEventOf(events),
      timeoutMs: (fn.Properties.Timeout as number) * 1000,
      memoryMb: fn.Properties.MemorySize as number,
      functionName: 'Monitor-PagerDutyNotifier',
      env: {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        // The template's environment, every AWS call through the guard of the function's role.
        ...guarded.env,
        [PAGERDUTY_ENV.eventsUrl]: pd.enqueueUrl,
      },
    });
    output.push(run.stdout, run.stderr);
  }

  beforeAll(async () => {
    pd = await startPagerDutyEventsServer();
    aws = await startLocalAwsEndpoint({
      secrets: { [SECRET_ID]: JSON.stringify({ routing_key: routingKey }) },
    });
    synth = synthesize(
      parseConfig(
        `
clusters:
  - { clusterId: ${CLUSTER}, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }
routes:
  - name: payments
    match: { clusters: [prod-eu] }
    receivers: { pagerDuty: [{ routingKeySecret: ${SECRET_ID} }] }
`,
        'pagerduty.yaml',
      ),
    );
    const template = synth.template.toJSON() as TemplateJson;
    // The alert ledger, as the template defines it, under a name of this run's own.
    const ledger = Object.entries(template.Resources).filter(([id]) => id.startsWith(ALERT_LEDGER_TABLE.id));
    dynamodb = localDynamoDbClient(dynamoDbEndpoint());
    tables = await createTemplateTables(
      dynamodb,
      Object.fromEntries(ledger),
      `pd-bundle-${randomBytes(4).toString('hex')}`,
    );
    guarded = await guardReceiver(template, PAGERDUTY_ENV.routingKeySecret, SECRET_ID, aws.endpoint, {
      endpoint: dynamoDbEndpoint(),
      physicalNames: Object.fromEntries(tables),
    });
    functionId = guarded.functionId;
    fn = template.Resources[functionId] as Resource;
  }, 180_000);

  afterAll(async () => {
    await pd?.stop();
    await aws?.stop();
    await guarded?.guard.stop();
    if (dynamodb !== undefined) await deleteTables(dynamodb, tables?.values() ?? []);
  });

  afterEach(() => {
    // A call its deployed role would refuse fails the test that made it.
    expect(guarded.guard.denials()).toEqual([]);
  });

  it('triggers one alert for a critical link, updates it on a reminder and resolves it on recovery', async () => {
    // Prepare
    const key = linkDedupKey(CLUSTER, 'orders-dr', { linkState: 'FAILED', linkError: null });

    // Act: the failure, a reminder, the recovery
    await deliver([failed('2025-06-03T10:00:00.000Z')]);
    await deliver([
      anEvent({
        observedAt: '2025-06-03T14:00:00.000Z',
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'critical',
        from: null,
        to: 'FAILED',
        link: aLink({ linkState: 'FAILED' }),
      }),
    ]);
    const afterReminder = { ...pd.alerts.get(key) };
    await deliver([
      anEvent({
        observedAt: '2025-06-03T15:00:00.000Z',
        severity: 'resolved',
        from: 'FAILED',
        to: 'ACTIVE',
        link: aLink(),
      }),
    ]);

    // Assess
    expect(afterReminder).toMatchObject({ status: 'triggered', triggers: 2 });
    expect(pd.alerts.get(key)?.status).toBe('resolved');
    const trigger = pd.received.find((e) => e.dedupKey === key && e.action === 'trigger');
    expect(trigger?.body.payload).toMatchObject({
      severity: 'critical',
      source: `prod-eu (${CLUSTER})`,
      component: 'orders-dr',
      custom_details: {
        link_name: 'orders-dr',
        link_state: 'FAILED',
        history: `link-monitor history --cluster ${CLUSTER} --link orders-dr --since 24h`,
      },
    });
  }, 120_000);

  it('resolves the old condition and triggers the new one when a failure changes its kind', async () => {
    // Act: a link of its own, so that its open UNAVAILABLE alert concerns no other test
    await deliver([failed('2025-06-04T10:00:00.000Z', 'billing-dr')]);
    await deliver([
      anEvent({
        linkName: 'billing-dr',
        observedAt: '2025-06-04T10:05:00.000Z',
        type: 'LINK_STATE_CHANGED',
        severity: 'critical',
        from: 'FAILED',
        to: 'UNAVAILABLE',
        link: aLink({ linkName: 'billing-dr', linkState: 'UNAVAILABLE' }),
      }),
    ]);

    // Assess
    expect(
      pd.alerts.get(linkDedupKey(CLUSTER, 'billing-dr', { linkState: 'FAILED', linkError: null }))?.status,
    ).toBe('resolved');
    expect(
      pd.alerts.get(linkDedupKey(CLUSTER, 'billing-dr', { linkState: 'UNAVAILABLE', linkError: null }))
        ?.status,
    ).toBe('triggered');
  }, 120_000);

  it('keeps its alerts in the alert ledger as its role allows: one Query per document, one UpdateItem per event sent', async () => {
    // Prepare
    const from = guarded.guard.calls.length;
    const ledgerArn = `arn:aws:dynamodb:${BUNDLE_REGION}:${BUNDLE_ACCOUNT}:table/${guarded.env[PAGERDUTY_ENV.alertLedgerTableName]}`;

    // Act
    await deliver([failed('2025-06-04T12:00:00.000Z', 'ledger-dr')]);

    // Assess
    const calls = guarded.guard.calls.slice(from).filter((call) => call.service === 'dynamodb');
    expect(calls.map((call) => [call.action, call.resource, call.decision])).toEqual([
      ['dynamodb:Query', ledgerArn, 'Allowed'],
      ['dynamodb:UpdateItem', ledgerArn, 'Allowed'],
    ]);
    expect(
      pd.alerts.get(linkDedupKey(CLUSTER, 'ledger-dr', { linkState: 'FAILED', linkError: null }))?.status,
    ).toBe('triggered');
  }, 120_000);

  it('drops a trigger older than the resolve it sent, counting it as a stale event, never an error', async () => {
    // Prepare: the recovery resolved the alert at 11:00
    await deliver([
      anEvent({
        linkName: 'stale-dr',
        observedAt: '2025-06-04T11:00:00.000Z',
        severity: 'resolved',
        from: 'FAILED',
        to: 'ACTIVE',
        link: aLink({ linkName: 'stale-dr' }),
      }),
    ]);
    const from = output.length;
    const before = pd.received.length;

    // Act: the trigger of 10:00 arrives late (a retried invocation)
    await deliver([failed('2025-06-04T10:00:00.000Z', 'stale-dr')]);

    // Assess
    expect(pd.received.slice(before)).toEqual([]);
    const lines = jsonLines(output.slice(from));
    expect(lines.filter((line) => '_aws' in line)).toEqual([
      expect.objectContaining({ [PAGERDUTY_STALE_EVENTS_METRIC]: 1 }),
    ]);
    expect(lines.filter((line) => '_aws' in line)[0]).not.toHaveProperty(PAGERDUTY_METRIC.posts);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'Not sent to PagerDuty: stale, an event of this alert observed later was already sent',
        dedupKey: linkDedupKey(CLUSTER, 'stale-dr', { linkState: 'FAILED', linkError: null }),
      }),
    );
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([]);
  }, 120_000);

  it('pages for an unreachable cluster and resolves it when the cluster recovers', async () => {
    const cluster = { linkName: null, link: null, from: null, to: null, detail: 'HTTP 503' };
    await deliver([
      anEvent({
        ...cluster,
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        observedAt: '2025-06-05T10:00:00.000Z',
      }),
    ]);
    expect(pd.alerts.get(clusterDedupKey(CLUSTER))?.status).toBe('triggered');
    await deliver([
      anEvent({
        ...cluster,
        type: 'CLUSTER_RECOVERED',
        severity: 'resolved',
        observedAt: '2025-06-05T10:10:00.000Z',
      }),
    ]);
    expect(pd.alerts.get(clusterDedupKey(CLUSTER))?.status).toBe('resolved');
  }, 120_000);

  it('does not page for a warning unless the route asks', async () => {
    const before = pd.received.length;
    await deliver([
      anEvent({
        linkName: 'audit-dr',
        severity: 'warning',
        from: 'ACTIVE',
        to: 'PAUSED',
        link: aLink({ linkName: 'audit-dr', linkState: 'PAUSED' }),
      }),
    ]);
    expect(pd.received.slice(before)).toEqual([]);
  }, 120_000);

  it('retries a throttled event (429 with Retry-After) and delivers it', async () => {
    // Prepare
    pd.throttleNext(2, 0);
    const before = pd.received.length;

    // Act
    await deliver([failed('2025-06-06T10:00:00.000Z')]);

    // Assess
    expect(pd.received.slice(before).map((e) => e.httpStatus)).toEqual([429, 429, 202]);
  }, 120_000);

  it('keeps an event PagerDuty refuses for good in its dead-letter queue, as its role allows', async () => {
    // Prepare
    pd.failNext(1, 400);
    aws.reset();

    // Act
    await deliver([failed('2025-06-07T10:00:00.000Z')]);

    // Assess
    expect(aws.queued).toHaveLength(1);
    expect(aws.queued[0]?.queueUrl).toBe(guarded.env[PAGERDUTY_ENV.deadLetterQueueUrl]);
    expect(guarded.guard.calls.filter((c) => c.action === 'sqs:SendMessage')).toEqual([
      expect.objectContaining({ decision: 'Allowed' }),
    ]);
    expect(aws.queued[0]?.body).not.toContain(routingKey);
  }, 120_000);

  it('never writes the routing key to its logs', () => {
    expect(output.join('\n')).not.toContain(routingKey);
    expect(output.join('\n')).toContain('Sent to PagerDuty');
  });

  it('writes its log lines as JSON, each with its service and the Lambda context', () => {
    const lines = jsonLines(output).filter((line) => !('_aws' in line));
    const sent = lines.filter((line) => line.message === 'Sent to PagerDuty');
    expect(sent.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        level: expect.stringMatching(/^(INFO|WARN|ERROR)$/),
        service: PAGERDUTY_NOTIFIER_SERVICE_NAME,
        function_name: 'Monitor-PagerDutyNotifier',
        function_request_id: expect.any(String),
        cold_start: true,
      });
    }
  });

  it('counts the events PagerDuty accepted, the retries and a dead-lettered refusal as EMF metrics', async () => {
    // Prepare
    const from = output.length;
    pd.throttleNext(1, 0);

    // Act: one event delivered after a 429, then one refused for good
    await deliver([failed('2025-06-08T10:00:00.000Z')]);
    pd.failNext(1, 400);
    await deliver([failed('2025-06-08T11:00:00.000Z')]);

    // Assess: one document per invocation, in the monitor's namespace under the notifier's service
    const documents = jsonLines(output.slice(from)).filter((line) => '_aws' in line);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({
      service: PAGERDUTY_NOTIFIER_SERVICE_NAME,
      [PAGERDUTY_METRIC.posts]: 1,
      [PAGERDUTY_METRIC.retries]: 1,
    });
    expect(documents[1]).toMatchObject({
      [PAGERDUTY_METRIC.refusals]: 1,
      [PAGERDUTY_METRIC.deadLettered]: 1,
    });
    expect(documents[1]).not.toHaveProperty(PAGERDUTY_METRIC.posts);
  }, 120_000);
});

/** Every JSON line the bundle wrote: log lines and EMF metric documents. */
function jsonLines(output: readonly string[]): Record<string, unknown>[] {
  return output
    .join('\n')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
