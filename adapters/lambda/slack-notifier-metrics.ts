/**
 * The Slack notifier's CloudWatch metrics (EMF, `emf-metrics.ts`), named once
 * for the function and for anything that alarms on them. No dimension beyond
 * the service: one webhook per deployment.
 */
import type { MetricsSink } from './emf-metrics.js';
import { SERVICE_NAME } from './poller-metrics.js';

export { METRICS_NAMESPACE } from './poller-metrics.js';

/** Every metric and log line of the Slack notifier carries `service` = this. */
export const SLACK_NOTIFIER_SERVICE_NAME = `${SERVICE_NAME}-slack`;

export const SLACK_METRIC = {
  /** Messages Slack accepted. */
  posts: 'SlackPosts',
  /** Waits before another attempt at a message (429, 5xx, network). */
  retries: 'SlackRetries',
  /** Messages Slack refused for good (revoked webhook, deleted channel, refused payload). */
  refusals: 'SlackRefusals',
  /** Messages still failing when the invocation ran out of time, left to Lambda's retries. */
  deliveryFailures: 'SlackDeliveryFailures',
  /** Records that were not SNS notifications. */
  malformedRecords: 'SlackMalformedRecords',
  /** Records sent to the dead-letter queue without Lambda's retries. */
  deadLettered: 'SlackDeadLettered',
} as const;

export type SlackMetricName = (typeof SLACK_METRIC)[keyof typeof SLACK_METRIC];

/** Adds `count` to a Slack metric; zeros are not sent (CloudWatch bills each metric that receives data). */
export function countSlackMetric(metrics: MetricsSink, name: SlackMetricName, count = 1): void {
  if (count > 0) metrics.addMetric(name, 'Count', count);
}
