/**
 * The PagerDuty receiver: a notification document becomes Events API v2 events
 * (trigger, resolve; none below the route's minimum severity), to which the
 * receiver's ledger of open alerts adds the resolves of alerts the document shows
 * are over without naming them (`reconcile-alerts.ts`). Each event is recorded in
 * the ledger just before it is sent with the routing key the secret holds, and
 * dropped instead when an event observed later was already sent for its alert: a
 * retried invocation never reopens a resolved incident. Text that is not a
 * notification document is not sent: it has no link or condition to key an alert
 * by. An event PagerDuty refuses for good sends the record to the dead-letter
 * queue; PagerDuty or the ledger staying unavailable fails the invocation, so
 * Lambda retries it (events are idempotent per `dedup_key`, and a retried event
 * keeps its time, so the ledger lets it through again).
 */
import type { MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import type { LambdaLog } from '../../adapters/lambda/json-logger.js';
import type { Receiver } from '../shared/receiver.js';
import {
  createReceiverHandler,
  createReceiverNotifier,
  type ReceiverDependencies,
} from '../shared/receiver-handler.js';
import type { AlertLedger } from './alert-ledger.js';
import { eventTime } from './event-time.js';
import { type AlertEvent, alertEvents, type PagerDutyPageSeverity } from './pagerduty-events.js';
import { PAGERDUTY_NOTIFIER_SERVICE_NAME, PAGERDUTY_RECEIVER_METRICS } from './pagerduty-notifier-metrics.js';
import { reconcileAlertEvents } from './reconcile-alerts.js';
import { sendPagerDutyEvent } from './send-event.js';

export interface PagerDutyTarget {
  /** Resolves the routing key (cached). */
  readonly routingKey: () => Promise<string>;
  readonly eventsUrl: URL;
  /** The lowest severity that pages. */
  readonly minSeverity: PagerDutyPageSeverity;
  /** This receiver's alerts: which it holds open, and the time of the last event sent for each. */
  readonly ledger: AlertLedger;
}

/** The receiver that sends events to `target.eventsUrl`. */
export function pagerDutyReceiver(target: PagerDutyTarget): Receiver<AlertEvent> {
  return {
    name: 'PagerDuty',
    serviceName: PAGERDUTY_NOTIFIER_SERVICE_NAME,
    metricNames: PAGERDUTY_RECEIVER_METRICS,
    render: (document) => alertEvents(document, target.minSeverity),
    // A document about the cluster alone ends no alert of a link: no read.
    prepare: async (document, rendered) =>
      document.links.length === 0
        ? rendered
        : reconcileAlertEvents(document, rendered, await target.ledger.openAlerts(document.cluster.id)),
    describe: (alert) => ({
      action: alert.event.event_action,
      dedupKey: alert.event.dedup_key,
      observedAt: alert.observedAt,
    }),
    send: async (alert, sendTarget) => {
      const routingKey = await target.routingKey();
      // Recorded just before the send: if the send then fails, the retry carries the same time and passes.
      const outcome = await target.ledger.record({
        clusterId: alert.clusterId,
        dedupKey: alert.event.dedup_key,
        linkName: alert.linkName,
        kind: alert.kind,
        action: alert.event.event_action,
        at: eventTime(alert, (sendTarget.now ?? Date.now)()),
      });
      if (outcome === 'stale') {
        return { dropped: 'stale, an event of this alert observed later was already sent' };
      }
      return sendPagerDutyEvent({ ...sendTarget, url: target.eventsUrl, routingKey, event: alert.event });
    },
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
