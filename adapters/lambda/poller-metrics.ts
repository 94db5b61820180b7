/**
 * The poller's CloudWatch metrics (EMF, `emf-metrics.ts`). The names are
 * shared with the stack, whose alarms and dashboard read them.
 *
 * CloudWatch bills a custom metric ($0.30 a month) for each hour it receives data, and each
 * dimension value is a metric of its own. So by default (`monitor` level) the poller sends a few
 * counts across all clusters, each only when it is not zero: a quiet estate of any size sends no
 * metric at all, and the alarms treat the missing data as fine. The one exception is a shard's
 * `PollsCompleted`, sent every poll once the clusters are split into shards: its absence is what
 * its alarm watches for. The `cluster` level adds every cluster's links by state, poll duration
 * and failures, billed per cluster; without it those figures are in the history table and in the
 * poller's log lines for clusters that changed or failed. Dimensions are bounded: the cluster id
 * (from the config), a link state bucket from a fixed list, and the shard (at most one per
 * `MAX_CLUSTERS_PER_INVOCATION` clusters).
 */
import { KNOWN_LINK_STATES } from '../../core/model/link-model.js';
import type { ClusterPollResult, PollSummary } from '../../core/poll/poll-results.js';
import type { MetricsSink } from './emf-metrics.js';
import type { PollerMetricsLevel } from './poller-environment.js';

export const METRICS_NAMESPACE = 'ClusterLinkMonitor';
/** Every metric carries `service` = this (`EmfMetrics`); alarms must name it too. */
export const SERVICE_NAME = 'cluster-link-monitor';
export const SERVICE_DIMENSION = 'service';
export const CLUSTER_DIMENSION = 'ClusterId';
export const LINK_STATE_DIMENSION = 'LinkState';
/**
 * The shard an invocation polled (`{"shard": i}` of its schedule's input), on `PollsCompleted`
 * only: sent only when the clusters are split into shards, so that one shard's schedule that stops
 * is seen even while the others run.
 */
export const SHARD_DIMENSION = 'Shard';

export const POLLER_METRIC = {
  /**
   * Every level, no cluster dimension: clusters whose listing has failed, or that the poll's time
   * did not reach, `unreachableAfterPolls` times in a row or more (the "cluster unreachable"
   * alarm). Sent only when not zero.
   */
  clustersUnreachable: 'ClustersUnreachable',
  /** Every level, no cluster dimension: clusters whose poll failed at any step. */
  clustersFailed: 'ClustersFailed',
  /**
   * Every level, no cluster dimension: clusters the poll's time did not reach (the clusters ahead
   * held every slot, or too little of the invocation was left); each counts as a failed listing
   * towards `clustersUnreachable`.
   */
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
   * Every level, no cluster dimension: cluster steps that failed as a whole (reading or committing
   * a cluster's state, claiming its pending notifications, recording what was published, removing
   * its outbox marker); per cluster too at cluster level.
   */
  clusterStepFailures: 'ClusterStepFailures',
  /** Every level, no cluster dimension: detail reads (mirror topics, tasks, lag) that failed; per cluster too at cluster level. */
  detailReadFailures: 'DetailReadFailures',
  /** Every level, no dimension but `service`: 1 when the silences could not be read (the poll notified as if there were none). */
  silenceReadFailures: 'SilenceReadFailures',
  /**
   * Every level, no cluster dimension: listing entries the schema refused (an empty name, a field
   * of the wrong type, a name given twice), set aside while the rest of each listing was used;
   * per cluster too at cluster level. `link-monitor status` shows them.
   */
  refusedListingEntries: 'RefusedListingEntries',
  /**
   * Every level, no cluster dimension: whatever the poller could not do while the rest of the poll
   * went on, over every cluster: links it could not record, publish attempts that failed (their
   * events stay pending), notifications it gave up (quarantined), cluster steps that failed
   * (`clusterStepFailures`: a claim among them), detail reads that failed, silences it could not
   * read, listing entries it refused, and clusters the deadline left no time for. One metric, so
   * that one alarm watches them all: `isolatedFailureCount` is what it counts.
   */
  isolatedFailures: 'IsolatedFailures',
  /**
   * Sent only by a shard's invocation (the clusters are split into shards), with the `Shard`
   * dimension: 1 each time the shard's poll completed, so that an alarm per shard sees one that
   * stopped running. Not sent with a single shard: the function's own invocations tell that, and a
   * metric sent every poll is billed every hour ($0.30 a month).
   */
  pollsCompleted: 'PollsCompleted',
} as const;

/**
 * What `IsolatedFailures` counts for a poll: every failure that did not stop it, except a failed
 * listing (counted as `ClustersUnreachable` once it repeats `unreachableAfterPolls` times, since one
 * failed listing is often a blip of the network). A cluster not reached is counted here at once,
 * since no blip of its own explains it (the poll ran out of time), and in `ClustersUnreachable`
 * too once it repeats.
 */
export function isolatedFailureCount(summary: PollSummary): number {
  return (
    summary.linkFailures +
    summary.quarantined +
    summary.publishFailures +
    (summary.stepFailures ?? 0) +
    (summary.detailFailures ?? 0) +
    (summary.refusedEntries ?? 0) +
    (summary.silencesUnavailable === undefined ? 0 : 1) +
    summary.clustersSkipped
  );
}

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
    [POLLER_METRIC.clusterStepFailures, summary.stepFailures ?? 0],
    [POLLER_METRIC.detailReadFailures, summary.detailFailures ?? 0],
    [POLLER_METRIC.silenceReadFailures, summary.silencesUnavailable === undefined ? 0 : 1],
    [POLLER_METRIC.refusedListingEntries, summary.refusedEntries ?? 0],
    [POLLER_METRIC.isolatedFailures, isolatedFailureCount(summary)],
  ];
  let added = false;
  for (const [name, value] of counts) {
    if (value === 0) continue;
    metrics.addMetric(name, 'Count', value);
    added = true;
  }
  return added;
}

/**
 * A shard's invocation only: one `PollsCompleted` for its shard, published at once as a document of
 * its own, so that the `Shard` dimension is on this metric alone. Call before the poll's other
 * metrics are stored.
 */
export function emitShardCompleted(metrics: MetricsSink, shard: number): void {
  metrics.addDimension(SHARD_DIMENSION, String(shard));
  metrics.addMetric(POLLER_METRIC.pollsCompleted, 'Count', 1);
  metrics.publishStoredMetrics();
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
    [POLLER_METRIC.clusterStepFailures, result.stepFailures ?? 0],
    [POLLER_METRIC.detailReadFailures, result.detailFailures ?? 0],
    [POLLER_METRIC.refusedListingEntries, result.refusedEntries ?? 0],
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
