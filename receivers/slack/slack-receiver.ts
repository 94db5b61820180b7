/**
 * The Slack receiver: a notification document becomes one Block Kit message,
 * anything else published to the topic is posted as plain text (so nothing is
 * dropped), each posted to the incoming webhook whose URL the secret holds. After
 * Slack refused a message for good, the URL is read again on the next one: a revoked
 * webhook is often replaced in the secret. The rest is the shared delivery.
 */

import type { MetricsSink } from '../../adapters/lambda/emf-metrics.js';
import type { LambdaLog } from '../../adapters/lambda/json-logger.js';
import type { Receiver } from '../shared/receiver.js';
import {
  createReceiverHandler,
  createReceiverNotifier,
  type ReceiverDependencies,
} from '../shared/receiver-handler.js';
import { postToSlack } from './post-to-slack.js';
import { renderSlackFallback, renderSlackMessage, type SlackMessage } from './slack-message.js';
import { SLACK_METRIC, SLACK_NOTIFIER_SERVICE_NAME } from './slack-notifier-metrics.js';

/** Resolves the webhook URL (cached); `invalidate`, when present, is called after Slack refused it. */
export type WebhookUrl = (() => Promise<URL>) & { readonly invalidate?: () => void };

/** The receiver that posts to the webhook `webhookUrl` resolves. */
export function slackReceiver(webhookUrl: WebhookUrl): Receiver<SlackMessage> {
  return {
    name: 'Slack',
    serviceName: SLACK_NOTIFIER_SERVICE_NAME,
    metricNames: SLACK_METRIC,
    render: (document) => [renderSlackMessage(document)],
    renderText: renderSlackFallback,
    send: async (message, target) => postToSlack({ ...target, url: await webhookUrl(), payload: message }),
    refused: () => webhookUrl.invalidate?.(),
  };
}

export interface SlackNotifierDependencies extends ReceiverDependencies {
  readonly webhookUrl: WebhookUrl;
}

/** The Slack notifier's raw handler (no middleware), for tests. */
export function createSlackNotifier(deps: SlackNotifierDependencies) {
  return createReceiverNotifier(slackReceiver(deps.webhookUrl), deps);
}

/** The Slack notifier's Middy-wrapped handler, with its logger and metrics given. */
export function createSlackHandler(
  deps: SlackNotifierDependencies & { readonly logger: LambdaLog; readonly metrics: MetricsSink },
) {
  return createReceiverHandler(slackReceiver(deps.webhookUrl), deps);
}
