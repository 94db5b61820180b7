/**
 * Every receiver's CloudWatch metrics (EMF, `adapters/lambda/emf-metrics.ts`): the same six
 * counts, named `<Receiver><Count>` (`SlackPosts`, `PagerDutyPosts`), in the monitor's namespace,
 * with no dimension beyond the service (one endpoint per function). Each receiver names its own
 * once with {@link receiverMetricNames}, for the function and for anything that alarms on them.
 */
import type { MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import { SERVICE_NAME } from '../../adapters/lambda/poller-metrics.js';

export { METRICS_NAMESPACE } from '../../adapters/lambda/poller-metrics.js';

/** The `service` of a receiver function's log lines and metrics, e.g. `cluster-link-monitor-slack`. */
export function receiverServiceName(receiver: string): string {
  return `${SERVICE_NAME}-${receiver}`;
}

/** The metrics of the receiver whose names start with `prefix`. */
export function receiverMetricNames<Prefix extends string>(prefix: Prefix) {
  return Object.freeze({
    /** Messages the service accepted. */
    posts: `${prefix}Posts`,
    /** Waits before another attempt at a message (429, 5xx, network). */
    retries: `${prefix}Retries`,
    /** Messages the service refused for good (revoked credential, refused payload). */
    refusals: `${prefix}Refusals`,
    /** Messages still failing when the invocation ran out of time, left to Lambda's retries. */
    deliveryFailures: `${prefix}DeliveryFailures`,
    /** Records that were not SNS notifications. */
    malformedRecords: `${prefix}MalformedRecords`,
    /** Records sent to the dead-letter queue without Lambda's retries. */
    deadLettered: `${prefix}DeadLettered`,
  } as const);
}

/**
 * The six counts, and for a receiver whose `send` may drop a message on purpose, the metric that
 * counts those (e.g. `PagerDutyStaleEvents`).
 */
export type ReceiverMetricNames = ReturnType<typeof receiverMetricNames> & { readonly dropped?: string };
export type ReceiverMetric = keyof ReceiverMetricNames;

/** Adds to one of the receiver's counts. */
export type CountReceiverMetric = (metric: ReceiverMetric, count?: number) => void;

/** Counts into `sink` under `names`; zeros are not sent (CloudWatch bills each metric that receives data). */
export function receiverMetricCounter(sink: MetricsSink, names: ReceiverMetricNames): CountReceiverMetric {
  return (metric, count = 1) => {
    const name = names[metric];
    if (name !== undefined && count > 0) sink.addMetric(name, 'Count', count);
  };
}
