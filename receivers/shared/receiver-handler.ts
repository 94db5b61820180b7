/**
 * The Slack notifier's Lambda handler, built from its dependencies so that it
 * runs against real or local adapters alike. `handler.ts` wires the AWS ones.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { EmfMetrics, type MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import type { LambdaLog } from '../../adapters/lambda/json-logger.js';
import { addLambdaContext, publishMetrics } from '../../adapters/lambda/observability-middleware.js';
import {
  countSlackMetric,
  METRICS_NAMESPACE,
  SLACK_METRIC,
  SLACK_NOTIFIER_SERVICE_NAME,
} from '../../adapters/lambda/slack-notifier-metrics.js';
import { PermanentSlackError, SlackDeliveryError } from '../../adapters/slack/slack-errors.js';
import { type DeliveryDeps, deliverNotification, MalformedSnsRecordError } from './deliver-notification.js';

export interface SlackNotifierDependencies extends DeliveryDeps {
  /** @default EMF in the monitor's namespace (published by `createSlackHandler`'s middleware) */
  readonly metrics?: MetricsSink;
  /** Time kept back from the Lambda timeout for logging and returning. @default 2000 */
  readonly safetyMarginMs?: number;
}

/** Records of an SNS-triggered invocation; anything else is one malformed record, for the dead-letter queue. */
function recordsOf(event: unknown): readonly unknown[] {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  return Array.isArray(records) ? records : [event];
}

function countFailure(metrics: MetricsSink, error: unknown): void {
  if (error instanceof PermanentSlackError) {
    countSlackMetric(metrics, SLACK_METRIC.refusals);
    countSlackMetric(metrics, SLACK_METRIC.retries, error.attempts - 1);
  } else if (error instanceof SlackDeliveryError) {
    countSlackMetric(metrics, SLACK_METRIC.deliveryFailures);
    countSlackMetric(metrics, SLACK_METRIC.retries, error.attempts - 1);
  } else if (error instanceof MalformedSnsRecordError) {
    countSlackMetric(metrics, SLACK_METRIC.malformedRecords);
  }
}

/**
 * Builds the raw handler (no middleware), for tests and for {@link createSlackHandler}.
 * @throws what {@link deliverNotification} throws, for Lambda to retry the event
 */
export function createSlackNotifier(deps: SlackNotifierDependencies) {
  const now = deps.now ?? Date.now;
  const margin = deps.safetyMarginMs ?? 2_000;
  const metrics =
    deps.metrics ??
    new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SLACK_NOTIFIER_SERVICE_NAME });
  return async function notifySlack(event: unknown, context: Context): Promise<void> {
    const deadline = now() + context.getRemainingTimeInMillis() - margin;
    const invocation = {
      requestId: context.awsRequestId,
      functionArn: context.invokedFunctionArn,
      functionVersion: context.functionVersion,
    };
    for (const record of recordsOf(event)) {
      try {
        const outcome = await deliverNotification({ record, deadline, invocation }, deps);
        if (outcome.kind === 'posted') countSlackMetric(metrics, SLACK_METRIC.posts);
        if (outcome.kind === 'refused') countSlackMetric(metrics, SLACK_METRIC.refusals);
        if (outcome.kind === 'malformed') countSlackMetric(metrics, SLACK_METRIC.malformedRecords);
        if (outcome.kind !== 'posted') countSlackMetric(metrics, SLACK_METRIC.deadLettered);
        if (outcome.kind !== 'malformed')
          countSlackMetric(metrics, SLACK_METRIC.retries, outcome.attempts - 1);
      } catch (error) {
        countFailure(metrics, error);
        throw error;
      }
    }
  };
}

/** The Middy-wrapped handler: Lambda context in every log line, metrics published after each invocation. */
export function createSlackHandler(
  deps: SlackNotifierDependencies & { readonly logger: LambdaLog; readonly metrics: MetricsSink },
) {
  return middy(createSlackNotifier(deps))
    .use(addLambdaContext(deps.logger))
    .use(publishMetrics(deps.metrics));
}
