/**
 * The PagerDuty receiver: a notification document becomes Events API v2 events
 * (trigger, resolve; none below the route's minimum severity), sent in order with
 * the routing key the secret holds. Text that is not a notification document is not
 * sent: it has no link or condition to key an alert by. An event PagerDuty refuses
 * for good sends the record to the dead-letter queue; PagerDuty staying unavailable
 * fails the invocation, so Lambda retries it (events are idempotent per `dedup_key`).
 */
import type { MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import type { LambdaLog } from '../../adapters/lambda/json-logger.js';
import type { Receiver } from '../shared/receiver.js';
import {
  createReceiverHandler,
  createReceiverNotifier,
  type ReceiverDependencies,
} from '../shared/receiver-handler.js';
import { type PagerDutyEvent, type PagerDutyPageSeverity, pagerDutyEvents } from './pagerduty-events.js';
import { PAGERDUTY_METRIC, PAGERDUTY_NOTIFIER_SERVICE_NAME } from './pagerduty-notifier-metrics.js';
import { sendPagerDutyEvent } from './send-event.js';

export interface PagerDutyTarget {
  /** Resolves the routing key (cached). */
  readonly routingKey: () => Promise<string>;
  readonly eventsUrl: URL;
  /** The lowest severity that pages. */
  readonly minSeverity: PagerDutyPageSeverity;
}

/** The receiver that sends events to `target.eventsUrl`. */
export function pagerDutyReceiver(target: PagerDutyTarget): Receiver<PagerDutyEvent> {
  return {
    name: 'PagerDuty',
    serviceName: PAGERDUTY_NOTIFIER_SERVICE_NAME,
    metricNames: PAGERDUTY_METRIC,
    render: (document) => pagerDutyEvents(document, target.minSeverity),
    describe: (event) => ({ action: event.event_action, dedupKey: event.dedup_key }),
    send: async (event, sendTarget) =>
      sendPagerDutyEvent({
        ...sendTarget,
        url: target.eventsUrl,
        routingKey: await target.routingKey(),
        event,
      }),
  };
}

export type PagerDutyNotifierDependencies = PagerDutyTarget & ReceiverDependencies;

/** The PagerDuty notifier's raw handler (no middleware), for tests. */
export function createPagerDutyNotifier(deps: PagerDutyNotifierDependencies) {
  return createReceiverNotifier(pagerDutyReceiver(deps), deps);
}

/** The PagerDuty notifier's Middy-wrapped handler, with its logger and metrics given. */
export function createPagerDutyHandler(
  deps: PagerDutyNotifierDependencies & { readonly logger: LambdaLog; readonly metrics: MetricsSink },
) {
  return createReceiverHandler(pagerDutyReceiver(deps), deps);
}
