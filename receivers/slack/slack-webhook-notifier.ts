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
  /**
   * Epoch ms no post may outlast, whatever `timeoutMs` says: the end of the poll in flight, so
   * that one slow receiver cannot stretch a poll past its own deadline. @default none
   */
  readonly deadline?: () => number;
  readonly fetch?: typeof fetch;
  /** A retry's wait (one that a stop ends early). @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
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
      deadline: Math.min(
        Date.now() + (this.#options.timeoutMs ?? 30_000),
        this.#options.deadline?.() ?? Number.POSITIVE_INFINITY,
      ),
      ...(this.#options.fetch === undefined ? {} : { fetch: this.#options.fetch }),
      ...(this.#options.sleep === undefined ? {} : { sleep: this.#options.sleep }),
    });
  }
}
