/**
 * The poller's Lambda handler, built from its dependencies so that it can run
 * against real or local adapters alike. `handler.ts` wires the AWS ones.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type PollSummary, pollClusters } from '../core/poll-clusters.js';
import type { LinkSource, LinkStateStore, Notifier } from '../core/ports.js';
import { emitClusterMetrics, POLLER_METRIC } from './poller-metrics.js';
import type { PollerRuntimeConfig } from './runtime-config.js';

export interface PollHandlerDeps {
  readonly runtime: PollerRuntimeConfig;
  readonly source: LinkSource;
  readonly store: LinkStateStore;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * One scheduled poll of every configured cluster. Cluster failures are
 * recorded and reported through metrics, not thrown: the function fails only
 * when the poll as a whole could not run, which is what the errors alarm is for.
 */
export function createPollHandler(deps: PollHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const clusters = deps.runtime.clusters.map((c) => ({ clusterId: c.clusterId, label: c.label }));

  async function poll(_event: unknown, context: Context): Promise<PollSummary> {
    const started = now().getTime();
    const summary = await pollClusters(clusters, deps.runtime.settings, {
      source: deps.source,
      store: deps.store,
      notifier: deps.notifier,
      now,
      deadline: started + context.getRemainingTimeInMillis(),
      onClusterResult: (result) => emitClusterMetrics(deps.metrics, result),
    });
    deps.metrics.addMetric(POLLER_METRIC.pollDuration, MetricUnit.Milliseconds, now().getTime() - started);
    deps.logger.info('poll finished', { summary });
    return summary;
  }

  return middy(poll)
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
