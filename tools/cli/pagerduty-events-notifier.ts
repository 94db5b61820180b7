/**
 * `link-monitor run --notify pagerduty`: sends each notification's Events API v2
 * events (built by the deployed PagerDuty receiver's `pagerDutyEvents`) to PagerDuty,
 * or to a local stand-in, and shows each event on the terminal as PagerDuty receives it.
 * The routing key is a credential: it is sent, never shown.
 */
import type { Severity } from '../../core/model/link-model.js';
import { buildNotificationDocument } from '../../core/notify/render/notification-document.js';
import type { Notification, Notifier } from '../../core/ports.js';
import {
  type PagerDutyEvent,
  type PagerDutyPageSeverity,
  pagerDutyEvents,
} from '../../receivers/pagerduty/pagerduty-events.js';
import { sendPagerDutyEvent } from '../../receivers/pagerduty/send-event.js';
import { printable } from './text-table.js';

export interface PagerDutyEventsNotifierOptions {
  readonly routingKey: string;
  readonly eventsUrl: URL;
  /** The lowest severity that pages, as a receiver's `minSeverity`. */
  readonly minSeverity: PagerDutyPageSeverity;
  /** Severities this receiver is sent; others are skipped, as the deployed subscription filters them. */
  readonly severities: readonly Severity[];
  /** Receives each event as text, one line at a time, before it is sent. */
  readonly show: (line: string) => void;
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

/**
 * The events of one notification as PagerDuty receives them, without the routing key
 * (each is sent with it): what `--notify pagerduty` prints and `docs/alerts.md` shows.
 */
export function pagerDutyEventsPreview(
  notification: Notification,
  minSeverity: PagerDutyPageSeverity,
): PagerDutyEvent[] {
  return pagerDutyEvents(buildNotificationDocument(notification), minSeverity);
}

export class PagerDutyEventsNotifier implements Notifier {
  readonly #options: PagerDutyEventsNotifierOptions;

  constructor(options: PagerDutyEventsNotifierOptions) {
    this.#options = options;
  }

  /**
   * @throws PagerDutyDeliveryError or PermanentPagerDutyError when PagerDuty did not take an
   * event (the notification's events stay pending, and are sent again with the next poll)
   */
  async publish(notification: Notification): Promise<void> {
    const options = this.#options;
    if (!options.severities.includes(notification.severity)) return;
    const deadline = Math.min(
      Date.now() + (options.timeoutMs ?? 30_000),
      options.deadline?.() ?? Number.POSITIVE_INFINITY,
    );
    for (const event of pagerDutyEventsPreview(notification, options.minSeverity)) {
      const shown = [`PagerDuty ${event.event_action} ${event.dedup_key}`, JSON.stringify(event, null, 2)];
      // Events quote server text: shown without terminal escapes.
      for (const line of printable(shown.join('\n')).split('\n')) options.show(line);
      await sendPagerDutyEvent({
        url: options.eventsUrl,
        routingKey: options.routingKey,
        event,
        deadline,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      });
    }
  }
}
