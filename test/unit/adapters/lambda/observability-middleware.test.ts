import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../../adapters/lambda/emf-metrics.js';
import { JsonLogger } from '../../../../adapters/lambda/json-logger.js';
import { addLambdaContext, publishMetrics } from '../../../../adapters/lambda/observability-middleware.js';
import { lambdaContext } from '../../../support/lambda-context.js';

function recording() {
  const lines: Record<string, unknown>[] = [];
  const write = (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>);
  const logger = new JsonLogger({ serviceName: 'svc', write: (_level, line) => write(line) });
  const metrics = new EmfMetrics({ namespace: 'Ns', serviceName: 'svc', write });
  return { logger, metrics, lines };
}

describe('Function: addLambdaContext and publishMetrics', () => {
  it('gives every line of the invocation its Lambda context and publishes its metrics when it ends', async () => {
    // Prepare
    const { logger, metrics, lines } = recording();
    const handler = middy(async () => {
      logger.info('delivered');
      metrics.addMetric('Posts', 'Count', 1);
    })
      .use(addLambdaContext(logger))
      .use(publishMetrics(metrics));

    // Act
    await handler({}, lambdaContext('notifier', 30_000));

    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      message: 'delivered',
      service: 'svc',
      cold_start: true,
      function_name: 'notifier',
      function_request_id: 'req-notifier',
      function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:notifier',
      function_memory_size: 256,
    });
    expect(lines[1]).toMatchObject({ service: 'svc', Posts: 1 });
  });

  it('publishes the metrics of a failed invocation and rethrows its error', async () => {
    // Prepare
    const { logger, metrics, lines } = recording();
    const handler = middy(async () => {
      metrics.addMetric('DeliveryFailures', 'Count', 1);
      throw new Error('Slack unavailable');
    })
      .use(addLambdaContext(logger))
      .use(publishMetrics(metrics));

    // Act
    const outcome = handler({}, lambdaContext('notifier', 30_000));

    // Assess
    await expect(outcome).rejects.toThrow('Slack unavailable');
    expect(lines).toEqual([expect.objectContaining({ DeliveryFailures: 1 })]);
  });

  it('writes no metrics document when the invocation stored none', async () => {
    // Prepare
    const { metrics, lines } = recording();
    const handler = middy(async () => undefined).use(publishMetrics(metrics));

    // Act
    await handler({}, lambdaContext('notifier', 30_000));

    // Assess
    expect(lines).toEqual([]);
  });
});
