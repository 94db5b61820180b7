/**
 * The delivery use case against the local Events API v2 server: what a refused
 * event (400) and an unavailable service (5xx until the deadline) do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyDeliveryError } from '../../../../adapters/pagerduty/pagerduty-errors.js';
import type { RefusedMessage } from '../../../../adapters/sqs/refused-message-queue.js';
import { createPagerDutyDelivery } from '../../../../functions/pagerduty-notifier/pagerduty-delivery.js';
import { lambdaContext } from '../../../support/lambda-context.js';
import {
  type PagerDutyEventsServer,
  startPagerDutyEventsServer,
} from '../../../support/pagerduty-events-server.js';
import { snsEventOf } from '../../../support/sns-lambda-event.js';
import { aLink, anEvent } from '../../../unit/core/render/notification-fixtures.js';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const critical = () => [
  anEvent({ severity: 'critical', from: 'ACTIVE', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) }),
];

describe('Function: pagerduty-notifier delivery', () => {
  let pd: PagerDutyEventsServer;
  beforeAll(async () => {
    pd = await startPagerDutyEventsServer();
  });
  afterAll(async () => {
    await pd.stop();
  });

  it('sends an event PagerDuty refuses (400) to the dead-letter sink and succeeds', async () => {
    // Prepare: a key PagerDuty does not accept
    const refused: RefusedMessage[] = [];
    const deliver = createPagerDutyDelivery({
      routingKey: async () => 'too-short-for-pagerduty-00',
      eventsUrl: new URL(pd.enqueueUrl),
      minSeverity: 'critical',
      logger: silentLogger,
      refused: { keep: async (message) => void refused.push(message) },
    });

    // Act
    await deliver(snsEventOf(critical()), lambdaContext('pd', 30_000));

    // Assess
    expect(pd.received.at(-1)?.httpStatus).toBe(400);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.error.message).toContain('HTTP 400');
    expect(JSON.stringify(refused[0])).not.toContain('too-short-for-pagerduty-00');
  });

  it('fails the invocation when PagerDuty stays unavailable, so Lambda retries it', async () => {
    // Prepare: 500s for longer than the invocation has
    pd.failNext(50, 500);
    let clock = 0;
    const deliver = createPagerDutyDelivery({
      routingKey: async () => 'a'.repeat(32),
      eventsUrl: new URL(pd.enqueueUrl),
      minSeverity: 'critical',
      logger: silentLogger,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });

    // Act / Assess
    await expect(
      deliver(
        snsEventOf(critical()),
        lambdaContext('pd', 10_000, () => clock),
      ),
    ).rejects.toThrow(PagerDutyDeliveryError);
    expect(pd.received.filter((e) => e.httpStatus === 500).length).toBeGreaterThan(1);
    pd.clearFaults();
  });
});
