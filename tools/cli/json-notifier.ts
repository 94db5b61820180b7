/**
 * `run --notify console --log-format json`: each notification as one line holding its
 * notification document (the JSON every receiver renders from), for a log pipeline to index.
 */
import { buildNotificationDocument } from '../../core/notify/render/notification-document.js';
import type { Notification, Notifier } from '../../core/ports.js';

export class JsonNotifier implements Notifier {
  readonly #write: (line: string) => void;

  /** @param write - receives one line, without a trailing newline */
  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  async publish(notification: Notification): Promise<void> {
    // JSON.stringify escapes control characters: server text cannot reach the terminal raw.
    this.#write(JSON.stringify({ notification: buildNotificationDocument(notification) }));
  }
}
