/**
 * A receiver's Lambda handler, built from its dependencies so that it runs
 * against real or local adapters alike: each record of the SNS event is delivered
 * in turn (`deliver-record.ts`), and a failure is thrown for Lambda to retry the
 * event. `lambdaReceiverHandler` wires the AWS adapters for a receiver's `handler.ts`.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { EmfMetrics, type MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import { type LambdaLog, lambdaLogger } from '../../adapters/lambda/json-logger.js';
import { addLambdaContext, publishMetrics } from '../../adapters/lambda/observability-middleware.js';
import { type DeliveryDeps, deliverRecord } from './deliver-record.js';
import type { Receiver } from './receiver.js';
import { METRICS_NAMESPACE, receiverMetricCounter } from './receiver-metrics.js';
import { SqsDeadLetterQueue } from './sqs-dead-letter-queue.js';

export interface ReceiverDependencies extends Omit<DeliveryDeps, 'count'> {
  /** @default EMF in the monitor's namespace (published by `createReceiverHandler`'s middleware) */
  readonly metrics?: MetricsSink;
  /** Time kept back from the Lambda timeout for logging and returning. @default 2000 */
  readonly safetyMarginMs?: number;
}

/** Records of an SNS-triggered invocation; anything else is one malformed record, for the dead-letter queue. */
function recordsOf(event: unknown): readonly unknown[] {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  return Array.isArray(records) ? records : [event];
}

/**
 * Builds the raw handler (no middleware), for tests and for {@link createReceiverHandler}.
 * @throws what {@link deliverRecord} throws, for Lambda to retry the event
 */
export function createReceiverNotifier<Message>(receiver: Receiver<Message>, deps: ReceiverDependencies) {
  const now = deps.now ?? Date.now;
  const margin = deps.safetyMarginMs ?? 2_000;
  const metrics =
    deps.metrics ?? new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: receiver.serviceName });
  const count = receiverMetricCounter(metrics, receiver.metricNames);
  return async function notify(event: unknown, context: Context): Promise<void> {
    const deadline = now() + context.getRemainingTimeInMillis() - margin;
    const invocation = {
      requestId: context.awsRequestId,
      functionArn: context.invokedFunctionArn,
      functionVersion: context.functionVersion,
    };
    for (const record of recordsOf(event)) {
      await deliverRecord(receiver, { record, deadline, invocation }, { ...deps, count });
    }
  };
}

/** The Middy-wrapped handler: Lambda context in every log line, metrics published after each invocation. */
export function createReceiverHandler<Message>(
  receiver: Receiver<Message>,
  deps: ReceiverDependencies & { readonly logger: LambdaLog; readonly metrics: MetricsSink },
) {
  return middy(createReceiverNotifier(receiver, deps))
    .use(addLambdaContext(deps.logger))
    .use(publishMetrics(deps.metrics));
}

/**
 * The deployed handler: JSON log lines and EMF metrics under the receiver's service, and the
 * dead-letter queue on SQS when the stack names one. Call once per cold start.
 */
export function lambdaReceiverHandler<Message>(
  receiver: Receiver<Message>,
  options: {
    readonly deadLetterQueueUrl: string | undefined;
    readonly env: Readonly<Record<string, string | undefined>>;
  },
) {
  return createReceiverHandler(receiver, {
    logger: lambdaLogger(receiver.serviceName, options.env),
    metrics: new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: receiver.serviceName }),
    ...(options.deadLetterQueueUrl === undefined
      ? {}
      : {
          deadLetter: new SqsDeadLetterQueue({
            client: new SQSClient({}),
            queueUrl: options.deadLetterQueueUrl,
          }),
        }),
  });
}
