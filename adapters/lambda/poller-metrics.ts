/**
 * The poller's CloudWatch metrics (EMF, `emf-metrics.ts`). The names are
 * shared with the stack, whose alarms and dashboard read them.
 *
 * CloudWatch bills a custom metric ($0.30 a month) for each hour it receives data, and each
 * dimension value is a metric of its own. So by default (`monitor` level) the poller sends a few
 * counts across all clusters, each only when it is not zero: a quiet estate of any size sends no
 * metric at all, and the alarms treat the missing data as fine. The `cluster` level adds every
 * cluster's links by state, poll duration and failures, billed per cluster; without it those
 * figures are in the history table and in the poller's log lines for clusters that changed or failed.
 * Dimensions are bounded: the cluster id (from the config) and a link state bucket from a fixed list.
 */
import { KNOWN_LINK_STATES } from '../../core/link-model.js';
import type { ClusterPollResult, PollSummary } from '../../core/poll-clusters.js';
import type { MetricsSink } from './emf-metrics.js';
import type { PollerMetricsLevel } from './poller-environment.js';

export const METRICS_NAMESPACE = 'ClusterLinkMonitor';
/** Every metric carries `service` = this (`EmfMetrics`); alarms must name it too. */
export const SERVICE_NAME = 'cluster-link-monitor';
export const SERVICE_DIMENSION = 'service';
export const CLUSTER_DIMENSION = 'ClusterId';
export const LINK_STATE_DIMENSION = 'LinkState';

export const POLLER_METRIC = {
  /**
   * Every level, no cluster dimension: clusters whose listing has failed `unreachableAfterPolls`
   * times in a row or more (the "cluster unreachable" alarm). Sent only when not zero.
   */
  clustersUnreachable: 'ClustersUnreachable',
  /** Every level, no cluster dimension: clusters whose poll failed at any step. */
  clustersFailed: 'ClustersFailed',
  /** Every level, no cluster dimension: clusters the deadline left no time for. */
  clustersSkipped: 'ClustersSkipped',
  /** Cluster level: links in the last complete listing. */
  links: 'Links',
  /** Per cluster and state bucket. */
  linksByState: 'LinksByState',
  /** Changes recorded in history: across clusters at every level, per cluster too at cluster level. */
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
  /**
   * Links whose recording or publishing failed on their own this poll: across clusters at every
   * level, per cluster too at cluster level.
   */
  linkFailures: 'LinkFailures',
  /** Notifications given up this poll (kept, see `link-monitor status`); across clusters and per cluster as above. */
  notificationsQuarantined: 'NotificationsQuarantined',
  /** Changed links left for the next poll because the deadline was near; across clusters and per cluster as above. */
  deferredLinks: 'DeferredLinks',
  /** Cluster level: the whole poll, no cluster dimension (Lambda's own Duration metric is free). */
  pollDuration: 'PollDuration',
  /**
   * Every level, no cluster dimension: what the poller could not do while the rest went on, over
   * every cluster: links it could not record, notifications it gave up (quarantined), and publish
   * attempts that failed (their events stay pending). One metric, so that one alarm watches them all.
   */
  isolatedFailures: 'IsolatedFailures',
} as const;

/** `link_state` is an extensible enum; anything new is counted as OTHER to keep cardinality fixed. */
export const LINK_STATE_BUCKETS: readonly string[] = [...KNOWN_LINK_STATES, 'NONE', 'OTHER'];

export function linkStateBucket(state: string): string {
  return LINK_STATE_BUCKETS.includes(state) ? state : 'OTHER';
}

/**
 * The whole poll's counts, without a cluster dimension, each only when it is not zero; stored on
 * `metrics` for the caller to publish. Returns whether anything was stored.
 */
export function addPollMetrics(metrics: MetricsSink, summary: PollSummary): boolean {
  const counts: readonly [string, number][] = [
    [POLLER_METRIC.clustersUnreachable, summary.results.filter((r) => r.unreachable).length],
    [POLLER_METRIC.clustersFailed, summary.clustersFailed],
    [POLLER_METRIC.clustersSkipped, summary.clustersSkipped],
    [POLLER_METRIC.changeEvents, summary.events],
    [POLLER_METRIC.notificationsPublished, summary.published],
    [POLLER_METRIC.publishFailures, summary.publishFailures],
    [POLLER_METRIC.commitConflicts, summary.conflicts],
    [POLLER_METRIC.linkFailures, summary.linkFailures],
    [POLLER_METRIC.notificationsQuarantined, summary.quarantined],
    [POLLER_METRIC.deferredLinks, summary.deferredLinks],
    [POLLER_METRIC.isolatedFailures, summary.linkFailures + summary.quarantined + summary.publishFailures],
  ];
  let added = false;
  for (const [name, value] of counts) {
    if (value === 0) continue;
    metrics.addMetric(name, 'Count', value);
    added = true;
  }
  return added;
}

/** Whether this level sends each cluster's own metrics (`emitClusterMetrics`). */
export function sendsClusterMetrics(level: PollerMetricsLevel): boolean {
  return level === 'cluster';
}

/**
 * Cluster level only: emits one cluster's metrics and flushes them right away,
 * so each cluster's metrics carry only its own dimension. Call synchronously:
 * the shared instance's dimensions are set and cleared within this call.
 *
 * Counters and state buckets are sent only when they are not zero: a quiet
 * cluster costs four metrics (links, the ACTIVE bucket, poll duration, list
 * failures), not sixteen.
 */
export function emitClusterMetrics(metrics: MetricsSink, result: ClusterPollResult): void {
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
  metrics.addMetric(POLLER_METRIC.clusterListFailures, 'Count', listFailed ? 1 : 0);
  metrics.addMetric(POLLER_METRIC.clusterPollDuration, 'Milliseconds', result.durationMs);
  for (const [name, value] of counters) {
    if (value !== 0) metrics.addMetric(name, 'Count', value);
  }
  if (result.outcome === 'ok') metrics.addMetric(POLLER_METRIC.links, 'Count', result.links);
  metrics.publishStoredMetrics();

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
    metrics.addMetric(POLLER_METRIC.linksByState, 'Count', count);
    metrics.publishStoredMetrics();
  }
}
