import type { Notification, Notifier } from '../../core/ports.js';

/** Records what the poller publishes; can be told to fail the next publishes. */
export class RecordingNotifier implements Notifier {
  readonly published: Notification[] = [];
  #failures = 0;

  failNext(count: number): this {
    this.#failures = count;
    return this;
  }

  async publish(notification: Notification): Promise<void> {
    if (this.#failures > 0) {
      this.#failures--;
      throw new Error('SNS is unavailable');
    }
    this.published.push(notification);
  }

  /** One line per notification: kind, severity and the event types it covers. */
  summary(): string[] {
    return this.published.map(
      (n) =>
        `${n.kind} ${n.severity} ${n.clusterId} ${n.events.map((e) => `${e.linkName ?? '-'}:${e.type}`).join(',')}`,
    );
  }
}
