/**
 * The Middy middlewares every function's handler uses for its log lines and metrics
 * (`json-logger.ts`, `emf-metrics.ts`), so that the use cases neither see the Lambda context
 * nor flush anything: `middy(fn).use(addLambdaContext(logger)).use(publishMetrics(metrics))`.
 */
import type { MiddlewareObj } from '@middy/core';
import type { MetricsSink } from './emf-metrics.js';
import type { LambdaLog } from './json-logger.js';

/** Every line the invocation logs carries its request id, function and cold start. */
export function addLambdaContext(logger: Pick<LambdaLog, 'addContext'>): MiddlewareObj {
  return {
    name: 'addLambdaContext',
    before: (request) => logger.addContext(request.context),
  };
}

/**
 * Writes the metrics the invocation stored as one EMF document when it ends, failed or not (a
 * failed delivery is counted too). Nothing stored, nothing written: CloudWatch bills each metric
 * that receives data, so a quiet invocation sends none.
 */
export function publishMetrics(metrics: MetricsSink): MiddlewareObj {
  const publish = (): void => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { name: 'publishMetrics', after: publish, onError: publish };
}
