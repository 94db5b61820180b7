/**
 * The PagerDuty notifier's service name and CloudWatch metrics, in the scheme every receiver
 * shares (`../shared/receiver-metrics.ts`); one Events API event is one post.
 */
import { receiverMetricNames, receiverServiceName } from '../shared/receiver-metrics.js';

/** The `service` of every log line and metric of the PagerDuty notifier; the stack gives the function the same. */
export const PAGERDUTY_NOTIFIER_SERVICE_NAME = receiverServiceName('pagerduty');

/** `PagerDutyPosts`, `PagerDutyRetries`, `PagerDutyRefusals`, `PagerDutyDeliveryFailures`, `PagerDutyMalformedRecords`, `PagerDutyDeadLettered`. */
export const PAGERDUTY_METRIC = receiverMetricNames('PagerDuty');
