/**
 * The PagerDuty notifier against the local Events API v2 server and its alert ledger on DynamoDB
 * Local: what a refused event (400) and an unavailable service (5xx until the deadline) do, what
 * it counts, how events of one alert are ordered, and which alerts the ledger resolves that a
 * document does not name.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCreateTableInput } from '../../../../adapters/dynamodb/table-design.js';
import type { EmfUnit, MetricsSink } from '../../../../adapters/lambda/emf-metrics.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { ALERT_LEDGER_TABLE } from '../../../../receivers/pagerduty/alert-ledger-table.js';
import { DynamoDbAlertLedger } from '../../../../receivers/pagerduty/dynamodb-alert-ledger.js';
import { PagerDutyDeliveryError } from '../../../../receivers/pagerduty/pagerduty-errors.js';
import { linkDedupKey, partDedupKey } from '../../../../receivers/pagerduty/pagerduty-events.js';
import {
  PAGERDUTY_METRIC,
  PAGERDUTY_STALE_EVENTS_METRIC,
} from '../../../../receivers/pagerduty/pagerduty-notifier-metrics.js';
import {
  createPagerDutyNotifier,
  type PagerDutyNotifierDependencies,
} from '../../../../receivers/pagerduty/pagerduty-receiver.js';
import type { DeadLetter } from '../../../../receivers/shared/dead-letter-queue.js';
import { localDynamoDbClient } from '../../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import {
  type PagerDutyEventsServer,
  startPagerDutyEventsServer,
} from '../../../support/pagerduty-events-server.js';
import { snsEventOf } from '../../../support/sns-lambda-event.js';
import { aLink, anEvent, CLUSTER_ID } from '../../../unit/core/notify/render/notification-fixtures.js';

const ROUTING_KEY = 'a'.repeat(32);
const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const critical = () => [
  anEvent({ severity: 'critical', from: 'ACTIVE', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) }),
];

const T1 = '2025-06-03T10:00:00.000Z';
const T2 = '2025-06-03T11:00:00.000Z';
const T3 = '2025-06-03T12:00:00.000Z';

/** A metrics sink that adds up what it is given, by metric name. */
function countingSink(): MetricsSink & { readonly counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return {
    counts,
    addMetric: (name: string, _unit: EmfUnit, value: number) =>
      counts.set(name, (counts.get(name) ?? 0) + value),
    addDimension: () => undefined,
    hasStoredMetrics: () => counts.size > 0,
    publishStoredMetrics: () => undefined,
  };
}

/** A logger that keeps every line it is given. */
function recordingLogger() {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, extra: Readonly<Record<string, unknown>> = {}) =>
      void lines.push({ level, message, extra: { ...extra } });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** The condition alert of a link of the fixtures' cluster. */
const conditionKey = (linkName: string, linkState: string) =>
  linkDedupKey(CLUSTER_ID, linkName, { linkState, linkError: null });

const linkFailed = (linkName: string, observedAt: string) =>
  anEvent({
    linkName,
    observedAt,
    severity: 'critical',
    from: 'ACTIVE',
    to: 'FAILED',
    link: aLink({ linkName, linkState: 'FAILED' }),
  });

describe('Function: createPagerDutyNotifier', () => {
  let pd: PagerDutyEventsServer;
  let dynamodb: DynamoDBClient;
  let ledgerTable: string;

  beforeAll(async () => {
    pd = await startPagerDutyEventsServer();
    dynamodb = localDynamoDbClient(dynamoDbEndpoint());
    ledgerTable = `pd-receiver-ledger-${randomUUID().slice(0, 8)}`;
    await dynamodb.send(new CreateTableCommand(toCreateTableInput(ALERT_LEDGER_TABLE, ledgerTable)));
  });
  afterAll(async () => {
    await pd.stop();
    await dynamodb?.send(new DeleteTableCommand({ TableName: ledgerTable }));
  });

  /**
   * A notifier paging on critical through the local server with a well-formed key and a ledger of
   * its own (a receiver no other test is), unless `extra` says otherwise.
   */
  const notifier = (metrics: MetricsSink, extra: Partial<PagerDutyNotifierDependencies> = {}) =>
    createPagerDutyNotifier({
      routingKey: async () => ROUTING_KEY,
      eventsUrl: new URL(pd.enqueueUrl),
      minSeverity: 'critical',
      ledger: new DynamoDbAlertLedger({
        client: dynamodb,
        tableName: ledgerTable,
        receiverId: `PagerDuty${randomBytes(4).toString('hex')}`,
      }),
      logger: silentLogger,
      metrics,
      ...extra,
    });

  /** Delivers each notification of `events` as SNS would, one invocation each. */
  const deliverer =
    (notify: ReturnType<typeof notifier>) =>
    async (events: HistoryEvent[]): Promise<void> =>
      notify(snsEventOf(events), lambdaContext('pd', 30_000));

  it('sends a record whose event PagerDuty refuses (400) to the dead-letter queue and succeeds', async () => {
    // Prepare: a key PagerDuty does not accept
    const letters: DeadLetter[] = [];
    const metrics = countingSink();
    const notify = notifier(metrics, {
      routingKey: async () => 'too-short-for-pagerduty-00',
      deadLetter: { send: async (letter) => void letters.push(letter) },
    });
    const event = snsEventOf(critical());

    // Act
    await notify(event, lambdaContext('pd', 30_000));

    // Assess
    expect(pd.received.at(-1)?.httpStatus).toBe(400);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      payload: { Records: [event.Records[0]] },
      condition: 'PermanentFailure',
      errorType: 'PermanentPagerDutyError',
      details: { httpStatus: 400 },
    });
    expect(letters[0]?.errorMessage).toContain('HTTP 400');
    expect(JSON.stringify(letters[0])).not.toContain('too-short-for-pagerduty-00');
    expect(Object.fromEntries(metrics.counts)).toEqual({
      [PAGERDUTY_METRIC.refusals]: 1,
      [PAGERDUTY_METRIC.deadLettered]: 1,
    });
  });

  it('fails the invocation when PagerDuty stays unavailable, so Lambda retries it', async () => {
    // Prepare: 500s for longer than the invocation has
    pd.failNext(50, 500);
    let clock = 0;
    const metrics = countingSink();
    const notify = notifier(metrics, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });

    // Act / Assess
    await expect(
      notify(
        snsEventOf(critical()),
        lambdaContext('pd', 10_000, () => clock),
      ),
    ).rejects.toThrow(PagerDutyDeliveryError);
    const failures = pd.received.filter((e) => e.httpStatus === 500).length;
    expect(failures).toBeGreaterThan(1);
    expect(Object.fromEntries(metrics.counts)).toEqual({
      [PAGERDUTY_METRIC.deliveryFailures]: 1,
      [PAGERDUTY_METRIC.retries]: failures - 1,
    });
    pd.clearFaults();
  });

  it('sends nothing, and counts nothing, for a notification below its minimum severity', async () => {
    // Prepare
    const before = pd.received.length;
    const metrics = countingSink();
    const notify = notifier(metrics);
    const warning = anEvent({
      severity: 'warning',
      from: 'ACTIVE',
      to: 'PAUSED',
      link: aLink({ linkState: 'PAUSED' }),
    });

    // Act
    await notify(snsEventOf([warning]), lambdaContext('pd', 30_000));

    // Assess
    expect(pd.received.slice(before)).toEqual([]);
    expect(metrics.counts.size).toBe(0);
  });

  describe('ordering of the events of one alert', () => {
    it('drops a trigger older than the last event sent for its key, and still sends a retry of that event', async () => {
      // Prepare
      const metrics = countingSink();
      const logger = recordingLogger();
      const deliver = deliverer(notifier(metrics, { logger }));
      const key = conditionKey('stale-dr', 'FAILED');
      const sentOf = () => pd.received.filter((e) => e.dedupKey === key && e.httpStatus === 202);

      // Act: the trigger at T2, then a stale one at T1, then T2's again (a retry)
      await deliver([linkFailed('stale-dr', T2)]);
      await deliver([linkFailed('stale-dr', T1)]);
      const afterStale = sentOf().length;
      await deliver([linkFailed('stale-dr', T2)]);

      // Assess
      expect(afterStale).toBe(1);
      expect(sentOf().map((e) => [e.action, (e.body.payload as { timestamp: string }).timestamp])).toEqual([
        ['trigger', T2],
        ['trigger', T2],
      ]);
      expect(Object.fromEntries(metrics.counts)).toEqual({
        [PAGERDUTY_METRIC.posts]: 2,
        [PAGERDUTY_STALE_EVENTS_METRIC]: 1,
      });
      const dropped = logger.lines.filter((line) => line.message.startsWith('Not sent to PagerDuty: stale'));
      expect(dropped).toEqual([
        expect.objectContaining({
          level: 'info',
          extra: expect.objectContaining({ dedupKey: key, observedAt: T1 }),
        }),
      ]);
      expect(JSON.stringify(logger.lines)).not.toContain(ROUTING_KEY);
    });

    it('never lets a trigger retried after the recovery reopen the resolved incident', async () => {
      // Prepare
      const deliver = deliverer(notifier(countingSink()));
      const key = conditionKey('retried-dr', 'FAILED');
      const failure = [linkFailed('retried-dr', T1)];

      // Act: the failure paged, the recovery resolved it, then the failure's record arrives again
      await deliver(failure);
      await deliver([
        anEvent({
          linkName: 'retried-dr',
          observedAt: T2,
          severity: 'resolved',
          from: 'FAILED',
          to: 'ACTIVE',
          link: aLink({ linkName: 'retried-dr' }),
        }),
      ]);
      await deliver(failure);

      // Assess
      expect(pd.alerts.get(key)).toMatchObject({ status: 'resolved', triggers: 1 });
    });
  });

  describe('alerts the ledger resolves', () => {
    it('resolves the FAILED alert when a reminder names UNAVAILABLE (the link changed while silenced)', async () => {
      // Prepare
      const deliver = deliverer(notifier(countingSink()));
      await deliver([linkFailed('silenced-dr', T1)]);

      // Act: the end-of-silence reminder
      await deliver([
        anEvent({
          linkName: 'silenced-dr',
          observedAt: T3,
          type: 'LINK_STILL_UNHEALTHY',
          severity: 'critical',
          from: null,
          to: 'UNAVAILABLE',
          link: aLink({ linkName: 'silenced-dr', linkState: 'UNAVAILABLE' }),
        }),
      ]);

      // Assess
      expect(pd.alerts.get(conditionKey('silenced-dr', 'FAILED'))?.status).toBe('resolved');
      expect(pd.alerts.get(conditionKey('silenced-dr', 'UNAVAILABLE'))?.status).toBe('triggered');
    });

    it("resolves a removed link's open mirror-topic alert", async () => {
      // Prepare: a mirror topic failing under the ACTIVE link paged
      const deliver = deliverer(notifier(countingSink()));
      const part = {
        kind: 'mirror-topic',
        name: 'payments',
        state: 'FAILED',
        errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
        errorMessage: 'Topic payments was not found on the source cluster lkc-src77.',
        stateSince: null,
      } as const;
      const key = partDedupKey(CLUSTER_ID, 'removed-dr', part, 'MIRROR_TOPIC_STATE_CHANGED');
      await deliver([
        anEvent({
          linkName: 'removed-dr',
          observedAt: T1,
          type: 'MIRROR_TOPIC_STATE_CHANGED',
          severity: 'critical',
          from: 'ACTIVE',
          to: 'FAILED',
          link: aLink({ linkName: 'removed-dr' }),
          part,
        }),
      ]);
      const paged = pd.alerts.get(key)?.status;

      // Act: the link is deleted
      await deliver([
        anEvent({
          linkName: 'removed-dr',
          observedAt: T2,
          type: 'LINK_REMOVED',
          severity: 'info',
          from: null,
          to: null,
          link: aLink({ linkName: 'removed-dr' }),
        }),
      ]);

      // Assess
      expect(paged).toBe('triggered');
      expect(pd.alerts.get(key)?.status).toBe('resolved');
    });

    it('resolves the paged condition when the recovery comes from another one', async () => {
      // Prepare: FAILED paged; the link went UNAVAILABLE under a silence
      const deliver = deliverer(notifier(countingSink()));
      await deliver([linkFailed('recovered-dr', T1)]);

      // Act
      await deliver([
        anEvent({
          linkName: 'recovered-dr',
          observedAt: T3,
          severity: 'resolved',
          from: 'UNAVAILABLE',
          to: 'ACTIVE',
          link: aLink({ linkName: 'recovered-dr' }),
        }),
      ]);

      // Assess
      expect(pd.alerts.get(conditionKey('recovered-dr', 'FAILED'))?.status).toBe('resolved');
    });
  });
});
