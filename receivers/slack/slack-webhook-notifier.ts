/**
 * `link-monitor run --notify slack`: posts each notification straight to a
 * Slack incoming webhook, rendered exactly as the deployed Slack notifier
 * renders it. The webhook URL is a credential: it is never printed.
 */

import type { Severity } from '../../core/model/link-model.js';
import { buildNotificationDocument } from '../../core/notify/render/notification-document.js';
import type { Notification, Notifier } from '../../core/ports.js';
import { postToSlack } from './post-to-slack.js';
import { renderSlackMessage } from './slack-message.js';

export interface SlackWebhookNotifierOptions {
  /** Resolves the webhook URL (from an environment variable or a secret). */
  readonly webhookUrl: () => Promise<URL>;
  /** Severities this channel receives; others are skipped, as the deployed subscription filters them. */
  readonly severities: readonly Severity[];
  /** How long one notification may take, retries included. @default 30000 */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class SlackWebhookNotifier implements Notifier {
  readonly #options: SlackWebhookNotifierOptions;

  constructor(options: SlackWebhookNotifierOptions) {
    this.#options = options;
  }

  /** @throws SlackDeliveryError or PermanentSlackError when Slack did not take it (the events stay pending). */
  async publish(notification: Notification): Promise<void> {
    if (!this.#options.severities.includes(notification.severity)) return;
    const url = await this.#options.webhookUrl();
    await postToSlack({
      url,
      payload: renderSlackMessage(buildNotificationDocument(notification)),
      deadline: Date.now() + (this.#options.timeoutMs ?? 30_000),
      ...(this.#options.fetch === undefined ? {} : { fetch: this.#options.fetch }),
    });
  }
}
