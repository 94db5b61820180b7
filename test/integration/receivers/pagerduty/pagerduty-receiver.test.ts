/**
 * The PagerDuty notifier against the local Events API v2 server: what a refused
 * event (400) and an unavailable service (5xx until the deadline) do, and what it counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmfUnit, MetricsSink } from '../../../../adapters/lambda/emf-metrics.js';
import { PagerDutyDeliveryError } from '../../../../receivers/pagerduty/pagerduty-errors.js';
import { PAGERDUTY_METRIC } from '../../../../receivers/pagerduty/pagerduty-notifier-metrics.js';
import {
  createPagerDutyNotifier,
  type PagerDutyNotifierDependencies,
} from '../../../../receivers/pagerduty/pagerduty-receiver.js';
import type { DeadLetter } from '../../../../receivers/shared/dead-letter-queue.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import {
  type PagerDutyEventsServer,
  startPagerDutyEventsServer,
} from '../../../support/pagerduty-events-server.js';
import { snsEventOf } from '../../../support/sns-lambda-event.js';
import { aLink, anEvent } from '../../../unit/core/notify/render/notification-fixtures.js';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const critical = () => [
  anEvent({ severity: 'critical', from: 'ACTIVE', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) }),
];

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

describe('Function: createPagerDutyNotifier', () => {
  let pd: PagerDutyEventsServer;
  beforeAll(async () => {
    pd = await startPagerDutyEventsServer();
  });
  afterAll(async () => {
    await pd.stop();
  });

  /** A notifier paging on critical through the local server with a well-formed key, unless `extra` says otherwise. */
  const notifier = (metrics: MetricsSink, extra: Partial<PagerDutyNotifierDependencies> = {}) =>
    createPagerDutyNotifier({
      routingKey: async () => 'a'.repeat(32),
      eventsUrl: new URL(pd.enqueueUrl),
      minSeverity: 'critical',
      logger: silentLogger,
      metrics,
      ...extra,
    });

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
});
