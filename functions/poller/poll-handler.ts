/**
 * The poller's Lambda handler, built from its poll pipeline so that it can run against real or
 * local adapters alike. `handler.ts` wires the AWS ones.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { emitClusterMetrics, POLLER_METRIC } from '../../adapters/lambda/poller-metrics.js';
import type { PollPipeline } from '../../adapters/poll-pipeline/poll-pipeline.js';
import type { PollSummary } from '../../core/poll-clusters.js';

export interface PollHandlerDeps {
  /** Built once per container, so its credential cache and link budget outlive one invocation. */
  readonly pipeline: Pick<PollPipeline, 'poll'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * One scheduled poll of every configured cluster, finishing within the invocation's remaining
 * time. Cluster failures are recorded and reported through metrics, not thrown: the function fails
 * only when the poll as a whole could not run, which is what the errors alarm is for.
 */
export function createPollHandler(deps: PollHandlerDeps) {
  const now = deps.now ?? (() => new Date());

  async function poll(_event: unknown, context: Context): Promise<PollSummary> {
    const started = now().getTime();
    const summary = await deps.pipeline.poll({
      timeLeftMs: context.getRemainingTimeInMillis(),
      onClusterResult: (result) => emitClusterMetrics(deps.metrics, result),
    });
    if (summary.silencesUnavailable !== undefined) {
      deps.logger.warn('silences could not be read; this poll notified as if there were none', {
        reason: summary.silencesUnavailable,
      });
    }
    deps.metrics.addMetric(POLLER_METRIC.pollDuration, MetricUnit.Milliseconds, now().getTime() - started);
    deps.logger.info('poll finished', { summary });
    return summary;
  }

  return middy(poll)
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
