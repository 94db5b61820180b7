/**
 * What `run` puts around its notifier so that a long-running process stays within its polls:
 * every post ends by the poll's deadline (not 30 s after it started), a stop aborts the posts in
 * flight (their events stay pending and go out after a restart), a refusal by Slack or PagerDuty
 * is marked permanent so that the poll quarantines it instead of retrying a revoked webhook
 * forever, and each failure's reason is kept for the poll line, which would otherwise say only
 * that publishing failed.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { describeError } from '../../core/poll/describe-error.js';
import type { Notification, Notifier } from '../../core/ports.js';
import { ReceiverRefusedError } from '../../receivers/shared/receiver-errors.js';

/** The deadline and the stop a notifier's posts obey, as the notifiers take them. */
export interface PublishBounds {
  /** Epoch ms no post may outlast: the end of the poll in flight. */
  readonly deadline: () => number;
  /** Fetch that gives up when the process is asked to stop. */
  readonly fetch: typeof fetch;
  /** A retry's wait that ends when the process is asked to stop. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** The poll's time window and the stop signal, shared by the notifier and its wrapper. */
export class PublishWindow implements PublishBounds {
  readonly #stop: AbortSignal;
  #deadline = Number.POSITIVE_INFINITY;

  /** @param stop - aborted when the process is asked to stop */
  constructor(stop: AbortSignal = new AbortController().signal) {
    this.#stop = stop;
  }

  /** Starts a poll that must be over at `deadlineMs` (epoch ms). */
  open(deadlineMs: number): void {
    this.#deadline = deadlineMs;
  }

  readonly deadline = (): number => this.#deadline;

  get stopped(): boolean {
    return this.#stop.aborted;
  }

  readonly fetch: typeof fetch = (input, init) =>
    fetch(input, {
      ...init,
      signal: init?.signal == null ? this.#stop : AbortSignal.any([init.signal, this.#stop]),
    });

  readonly sleep = async (ms: number): Promise<void> => {
    await sleepFor(ms, undefined, { signal: this.#stop });
  };
}

/** The process was asked to stop before the notification went out: it stays pending. */
export class PublishStoppedError extends Error {
  override readonly name = 'PublishStoppedError';

  constructor() {
    super('not sent: the monitor is stopping; it goes out after the restart');
  }
}

/** The notifier `run` polls with; see the file's comment. */
export class PollPublishing implements Notifier {
  readonly #inner: Notifier;
  readonly #window: PublishWindow;
  readonly #reasons = new Map<string, string>();

  constructor(inner: Notifier, window: PublishWindow) {
    this.#inner = inner;
    this.#window = window;
  }

  /** Starts a poll: forgets the last poll's failures. */
  open(deadlineMs: number): void {
    this.#reasons.clear();
    this.#window.open(deadlineMs);
  }

  /** Why the last failed publish of a cluster failed this poll, or undefined. */
  failureOf(clusterId: string): string | undefined {
    return this.#reasons.get(clusterId);
  }

  async publish(notification: Notification): Promise<void> {
    try {
      if (this.#window.stopped) throw new PublishStoppedError();
      await this.#inner.publish(notification);
    } catch (error) {
      const failure =
        this.#window.stopped && !(error instanceof ReceiverRefusedError) ? new PublishStoppedError() : error;
      // The receivers' refusal (a 4xx but 408/429: a revoked webhook, a bad routing key) cannot
      // succeed on a retry; the poll's rule for that is `permanent: true` (`isPermanentFailure`).
      if (failure instanceof ReceiverRefusedError)
        Object.defineProperty(failure, 'permanent', { value: true });
      this.#reasons.set(notification.clusterId, describeError(failure));
      throw failure;
    }
  }
}
