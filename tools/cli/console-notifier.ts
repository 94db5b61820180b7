/**
 * The local-mode `Notifier`: shows each notification on the terminal as the
 * email and the Slack channel would show it, instead of publishing anything.
 */

import { renderEmailText } from '../../core/notify/render/email-text.js';
import { buildNotificationDocument } from '../../core/notify/render/notification-document.js';
import type { Notification, Notifier } from '../../core/ports.js';
import { renderSlackMessage } from '../../receivers/slack/slack-message.js';
import { slackMessageAsText } from '../../receivers/slack/slack-text-preview.js';
import { printable } from './text-table.js';

export interface ConsoleNotifierOptions {
  /** Receives one line at a time, without a trailing newline (e.g. `(line) => console.log(line)`). */
  readonly write: (line: string) => void;
  /** Leave out the Slack preview (for a shorter demo output). Default: shown. */
  readonly slack?: boolean;
}

const RULE = '-'.repeat(72);

export class ConsoleNotifier implements Notifier {
  readonly #write: (line: string) => void;
  readonly #slack: boolean;

  constructor(options: ConsoleNotifierOptions) {
    this.#write = options.write;
    this.#slack = options.slack ?? true;
  }

  /** Writes the subject, the email body and (unless disabled) the Slack preview. */
  async publish(notification: Notification): Promise<void> {
    const doc = buildNotificationDocument(notification);
    const lines = [RULE, `Subject: ${doc.subject}`, RULE, ...renderEmailText(doc).trimEnd().split('\n')];
    if (this.#slack) {
      lines.push(RULE, 'Slack:', ...slackMessageAsText(renderSlackMessage(doc)));
    }
    lines.push(RULE, '');
    // Notifications quote server text: shown without terminal escapes.
    for (const line of lines) for (const part of printable(line).split('\n')) this.#write(part);
  }
}
