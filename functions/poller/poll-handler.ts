/**
 * The poller's Lambda handler, built from its poll pipeline so that it can run against real or
 * local adapters alike. `handler.ts` wires the AWS ones.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import type { LambdaLog, Log } from '../../adapters/lambda/json-logger.js';
import { addLambdaContext, publishMetrics } from '../../adapters/lambda/observability-middleware.js';
import { shardOf } from '../../adapters/lambda/poll-shard.js';
import type { PollerMetricsLevel } from '../../adapters/lambda/poller-environment.js';
import {
  addPollMetrics,
  emitClusterMetrics,
  emitShardCompleted,
  POLLER_METRIC,
  sendsClusterMetrics,
} from '../../adapters/lambda/poller-metrics.js';
import type { PollPipeline } from '../../adapters/poll-pipeline/poll-pipeline.js';
import type { ClusterPollResult, PollSummary } from '../../core/poll/poll-results.js';

export interface PollHandlerDeps {
  /** Built once per container, so its credential cache and link budget outlive one invocation. */
  readonly pipeline: Pick<PollPipeline, 'poll'>;
  readonly logger: LambdaLog;
  readonly metrics: MetricsSink;
  /** Whether every cluster's own metrics are sent too (`cluster`), or only the counts across them. */
  readonly metricsLevel: PollerMetricsLevel;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * One scheduled poll of every configured cluster, or of the shard of them that the event names
 * (`shardOf`). Cluster failures are recorded and reported through metrics and log lines, not
 * thrown: the function fails only when the poll as a whole could not run, which is what the
 * errors alarm is for.
 *
 * What it writes to the log is bounded whatever the number of clusters when nothing happens: one
 * `poll finished` line with counts. A cluster gets a line of its own only when its poll failed,
 * some of its links or notifications failed, or it recorded or published something.
 */
export function createPollHandler(deps: PollHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const perCluster = sendsClusterMetrics(deps.metricsLevel);

  function onClusterResult(result: ClusterPollResult): void {
    if (perCluster) emitClusterMetrics(deps.metrics, result);
    logClusterResult(deps.logger, result);
  }

  async function poll(event: unknown, context: Context): Promise<PollSummary> {
    const started = now().getTime();
    const shard = shardOf(event);
    const summary = await deps.pipeline.poll({
      timeLeftMs: context.getRemainingTimeInMillis(),
      shard,
      onClusterResult,
    });
    if (summary.silencesUnavailable !== undefined) {
      deps.logger.warn('silences could not be read; this poll notified as if there were none', {
        reason: summary.silencesUnavailable,
      });
    }
    const durationMs = now().getTime() - started;
    // Before the poll's counts are stored: the shard's document carries the Shard dimension alone.
    if (shard !== null) emitShardCompleted(deps.metrics, shard.shard);
    addPollMetrics(deps.metrics, summary);
    if (perCluster) deps.metrics.addMetric(POLLER_METRIC.pollDuration, 'Milliseconds', durationMs);
    deps.logger.info('poll finished', { ...(shard !== null && { shard }), durationMs, ...counts(summary) });
    return summary;
  }

  // Nothing to send is the quiet steady state: `publishMetrics` then writes no document.
  return middy(poll).use(addLambdaContext(deps.logger)).use(publishMetrics(deps.metrics));
}

/** The summary without its per-cluster results: a line of constant size. */
function counts(
  summary: PollSummary,
): Omit<PollSummary, 'results' | 'silencesUnavailable'> & { clustersUnreachable: number } {
  // The reason silences were unavailable has its own warning line.
  const { results, silencesUnavailable: _reason, ...rest } = summary;
  return { ...rest, clustersUnreachable: results.filter((r) => r.unreachable).length };
}

function logClusterResult(logger: Log, result: ClusterPollResult): void {
  const { linksByState: _byState, ...fields } = result;
  if (result.outcome === 'failed') logger.warn('cluster poll failed', { cluster: fields });
  // The IsolatedFailures alarm sends readers here to find the cluster: whatever it counts has a line.
  else if (result.outcome === 'skipped') logger.warn('cluster not polled', { cluster: fields });
  else if (
    result.linkFailures > 0 ||
    result.quarantined > 0 ||
    result.publishFailures > 0 ||
    (result.detailFailures ?? 0) > 0 ||
    (result.refusedEntries ?? 0) > 0
  )
    logger.warn('cluster links failed', { cluster: fields });
  else if (result.events > 0 || result.published > 0 || result.conflicts > 0 || result.deferredLinks > 0)
    logger.info('cluster changed', { cluster: fields });
}
