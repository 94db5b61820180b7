/**
 * The Slack notifier's service name and CloudWatch metrics, named once for the function and for
 * anything that alarms on them; the scheme every receiver shares is `../shared/receiver-metrics.ts`.
 */
import { receiverMetricNames, receiverServiceName } from '../shared/receiver-metrics.js';

/** Every metric and log line of the Slack notifier carries `service` = this. */
export const SLACK_NOTIFIER_SERVICE_NAME = receiverServiceName('slack');

/** `SlackPosts`, `SlackRetries`, `SlackRefusals`, `SlackDeliveryFailures`, `SlackMalformedRecords`, `SlackDeadLettered`. */
export const SLACK_METRIC = receiverMetricNames('Slack');
