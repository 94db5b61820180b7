import type { Notification, Notifier } from '../../core/ports.js';
import type { PublishAttempt } from './invariants.js';

/** One call of the notifier, with what it carried. */
export interface RecordedPublish extends PublishAttempt {
  readonly notification: Notification;
  readonly error?: string;
  /** Set by the harness when the poll's publish step failed after this delivery. */
  confirmed?: boolean;
}

/**
 * Wraps the notifier under test (the SNS one, or none: then delivery always succeeds) and records
 * every publish attempt and whether it was delivered, so invariants can count deliveries per event.
 * Can also fail publishes itself, before anything is sent (an outage of the topic).
 */
export class FaultNotifier implements Notifier {
  readonly attempts: RecordedPublish[] = [];
  #failures = 0;
  #failAll = false;

  constructor(private readonly inner: Notifier | null = null) {}

  /** The next `count` publishes fail without being delivered. */
  failNext(count: number): this {
    this.#failures = count;
    return this;
  }

  /** Every publish fails until `heal()`. */
  failAll(): this {
    this.#failAll = true;
    return this;
  }

  heal(): this {
    this.#failAll = false;
    this.#failures = 0;
    return this;
  }

  get delivered(): readonly RecordedPublish[] {
    return this.attempts.filter((a) => a.delivered);
  }

  async publish(notification: Notification): Promise<void> {
    const eventIds = notification.events.map((e) => e.eventId);
    if (this.#failAll || this.#failures > 0) {
      if (this.#failures > 0) this.#failures--;
      this.attempts.push({ notification, eventIds, delivered: false, error: 'topic unavailable (injected)' });
      throw new Error('SNS topic unavailable (injected)');
    }
    try {
      await this.inner?.publish(notification);
    } catch (error) {
      this.attempts.push({
        notification,
        eventIds,
        delivered: false,
        error: error instanceof Error ? error.name : String(error),
      });
      throw error;
    }
    this.attempts.push({ notification, eventIds, delivered: true });
  }
}
