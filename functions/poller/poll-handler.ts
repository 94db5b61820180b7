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
import type { PollerRuntimeConfig } from '../../adapters/lambda/poller-environment.js';
import { emitClusterMetrics, POLLER_METRIC } from '../../adapters/lambda/poller-metrics.js';
import { LinkBudget } from '../../core/link-budget.js';
import type { LinkDetailSource } from '../../core/link-details.js';
import { type PollSummary, pollClusters } from '../../core/poll-clusters.js';
import type { LinkSource, LinkStateStore, Notifier } from '../../core/ports.js';

/**
 * Links a poll holds in memory at once, listings and snapshots being diffed (`LinkBudget`).
 * From the benchmark (bench/RESULTS.md): a link held costs about 2.5 KB of heap; 20 clusters of
 * 1,000 links all at once peaked at 208-216 MB of RSS, 5,000 at a time at 157 MB (2,000 saved
 * another 10 MB but took a warm poll of that estate from 4.5 to 11 s), while 100 clusters of
 * 100 links still poll 32 at once.
 */
export const MAX_LINKS_IN_FLIGHT = 5_000;
/** A cluster this container has not listed yet counts as this many links until its snapshots say. */
export const UNKNOWN_CLUSTER_LINKS = 1_000;

export interface PollHandlerDeps {
  readonly runtime: PollerRuntimeConfig;
  readonly source: LinkSource;
  /** Reads links' mirror topics and tasks; without it only the listing is read. */
  readonly details?: LinkDetailSource;
  readonly store: LinkStateStore;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Kept for the life of the container, so that it learns each cluster's size. @default MAX_LINKS_IN_FLIGHT */
  readonly linkBudget?: LinkBudget;
}

/**
 * One scheduled poll of every configured cluster. Cluster failures are
 * recorded and reported through metrics, not thrown: the function fails only
 * when the poll as a whole could not run, which is what the errors alarm is for.
 */
export function createPollHandler(deps: PollHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const clusters = deps.runtime.clusters.map((c) => ({ clusterId: c.clusterId, label: c.label }));
  const linkBudget = deps.linkBudget ?? new LinkBudget(MAX_LINKS_IN_FLIGHT, UNKNOWN_CLUSTER_LINKS);

  async function poll(_event: unknown, context: Context): Promise<PollSummary> {
    const started = now().getTime();
    const summary = await pollClusters(clusters, deps.runtime.settings, {
      source: deps.source,
      ...(deps.details !== undefined && { details: deps.details }),
      store: deps.store,
      notifier: deps.notifier,
      now,
      deadline: started + context.getRemainingTimeInMillis(),
      onClusterResult: (result) => emitClusterMetrics(deps.metrics, result),
      linkBudget,
    });
    deps.metrics.addMetric(POLLER_METRIC.pollDuration, MetricUnit.Milliseconds, now().getTime() - started);
    deps.logger.info('poll finished', { summary });
    return summary;
  }

  return middy(poll)
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
