/**
 * The poller's CloudWatch metrics (EMF through Powertools). The names are
 * shared with the stack, whose alarms and dashboard read them. Dimensions are
 * bounded: the cluster id (from the config) and a link state bucket from a fixed list.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { KNOWN_LINK_STATES } from '../../core/link-model.js';
import type { ClusterPollResult } from '../../core/poll-clusters.js';

export const METRICS_NAMESPACE = 'ClusterLinkMonitor';
/** Powertools adds `service` = this to every metric; alarms must name it too. */
export const SERVICE_NAME = 'cluster-link-monitor';
export const SERVICE_DIMENSION = 'service';
export const CLUSTER_DIMENSION = 'ClusterId';
export const LINK_STATE_DIMENSION = 'LinkState';

export const POLLER_METRIC = {
  /** Per cluster: links in the last complete listing. */
  links: 'Links',
  /** Per cluster and state bucket. */
  linksByState: 'LinksByState',
  /** Per cluster: changes recorded in history. */
  changeEvents: 'ChangeEvents',
  notificationsPublished: 'NotificationsPublished',
  publishFailures: 'PublishFailures',
  commitConflicts: 'CommitConflicts',
  /** Per cluster: 1 when this poll failed for the cluster at any step, else 0. */
  clusterPollFailures: 'ClusterPollFailures',
  /** Per cluster: 1 when the listing itself failed (the cluster was unreachable or refused), else 0. */
  clusterListFailures: 'ClusterListFailures',
  /** Per cluster: 1 when the deadline left no time to poll it. */
  clusterPollSkipped: 'ClusterPollSkipped',
  clusterPollDuration: 'ClusterPollDuration',
  /** Per cluster: links whose recording or publishing failed on their own this poll. */
  linkFailures: 'LinkFailures',
  /** Per cluster: notifications given up this poll (kept, see `link-monitor status`). */
  notificationsQuarantined: 'NotificationsQuarantined',
  /** Per cluster: changed links left for the next poll because the deadline was near. */
  deferredLinks: 'DeferredLinks',
  /** Whole poll, no cluster dimension. */
  pollDuration: 'PollDuration',
  /**
   * No cluster dimension: link failures and quarantined notifications of every cluster, so that
   * one alarm watches them all.
   */
  isolatedFailures: 'IsolatedFailures',
} as const;

/** `link_state` is an extensible enum; anything new is counted as OTHER to keep cardinality fixed. */
export const LINK_STATE_BUCKETS: readonly string[] = [...KNOWN_LINK_STATES, 'NONE', 'OTHER'];

export function linkStateBucket(state: string): string {
  return LINK_STATE_BUCKETS.includes(state) ? state : 'OTHER';
}

/**
 * Emits one cluster's metrics and flushes them right away, so each cluster's
 * metrics carry only its own dimension. Call synchronously: the shared
 * instance's dimensions are set and cleared within this call.
 *
 * CloudWatch bills a custom metric for each hour it receives data, so counters
 * and state buckets are sent only when they are not zero: a quiet cluster costs
 * four metrics (links, the ACTIVE bucket, poll duration, list failures), not
 * sixteen. `ClusterListFailures` is sent every poll because its alarm needs the
 * zeros of successful polls.
 */
export function emitClusterMetrics(metrics: Metrics, result: ClusterPollResult): void {
  const clusterId = result.clusterId;
  const listFailed = result.outcome === 'failed' && (result.failedStep ?? 'list') === 'list';
  const counters: readonly [string, number][] = [
    [POLLER_METRIC.clusterPollFailures, result.outcome === 'failed' ? 1 : 0],
    [POLLER_METRIC.clusterPollSkipped, result.outcome === 'skipped' ? 1 : 0],
    [POLLER_METRIC.changeEvents, result.events],
    [POLLER_METRIC.notificationsPublished, result.published],
    [POLLER_METRIC.publishFailures, result.publishFailures],
    [POLLER_METRIC.commitConflicts, result.conflicts],
    [POLLER_METRIC.linkFailures, result.linkFailures],
    [POLLER_METRIC.notificationsQuarantined, result.quarantined],
    [POLLER_METRIC.deferredLinks, result.deferredLinks],
  ];
  metrics.addDimension(CLUSTER_DIMENSION, clusterId);
  metrics.addMetric(POLLER_METRIC.clusterListFailures, MetricUnit.Count, listFailed ? 1 : 0);
  metrics.addMetric(POLLER_METRIC.clusterPollDuration, MetricUnit.Milliseconds, result.durationMs);
  for (const [name, value] of counters) {
    if (value !== 0) metrics.addMetric(name, MetricUnit.Count, value);
  }
  if (result.outcome === 'ok') metrics.addMetric(POLLER_METRIC.links, MetricUnit.Count, result.links);
  metrics.publishStoredMetrics();

  const isolated = result.linkFailures + result.quarantined;
  if (isolated > 0) {
    metrics.addMetric(POLLER_METRIC.isolatedFailures, MetricUnit.Count, isolated);
    metrics.publishStoredMetrics();
  }

  // Link counts are only meaningful after a complete listing.
  if (result.outcome !== 'ok') return;
  const byBucket = new Map<string, number>();
  for (const [state, count] of Object.entries(result.linksByState)) {
    const bucket = linkStateBucket(state);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + count);
  }
  for (const [bucket, count] of byBucket) {
    if (count === 0) continue;
    metrics.addDimension(CLUSTER_DIMENSION, clusterId);
    metrics.addDimension(LINK_STATE_DIMENSION, bucket);
    metrics.addMetric(POLLER_METRIC.linksByState, MetricUnit.Count, count);
    metrics.publishStoredMetrics();
  }
}
