/**
 * The PagerDuty notifier's service name and CloudWatch metrics, in the scheme every receiver
 * shares (`../shared/receiver-metrics.ts`); one Events API event is one post. Besides those six,
 * the events it dropped as stale (`PagerDutyStaleEvents`).
 */
import { receiverMetricNames, receiverServiceName } from '../shared/receiver-metrics.js';

/** The `service` of every log line and metric of the PagerDuty notifier; the stack gives the function the same. */
export const PAGERDUTY_NOTIFIER_SERVICE_NAME = receiverServiceName('pagerduty');

/** `PagerDutyPosts`, `PagerDutyRetries`, `PagerDutyRefusals`, `PagerDutyDeliveryFailures`, `PagerDutyMalformedRecords`, `PagerDutyDeadLettered`. */
export const PAGERDUTY_METRIC = receiverMetricNames('PagerDuty');

/**
 * Events not sent because one observed later had already been sent for their alert (a retried
 * invocation delivering an old trigger after the resolve): the ordering at work, never an error.
 */
export const PAGERDUTY_STALE_EVENTS_METRIC = 'PagerDutyStaleEvents';

/** Every count the notifier sends, its stale events as the receiver's dropped messages. */
export const PAGERDUTY_RECEIVER_METRICS = Object.freeze({
  ...PAGERDUTY_METRIC,
  dropped: PAGERDUTY_STALE_EVENTS_METRIC,
});
