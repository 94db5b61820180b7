/**
 * The shape every receiver implements. A receiver is one place a notification
 * reaches a person through a service of its own (Slack, PagerDuty); email stays a
 * plain SNS subscription, rendered by the poller. Each receiver is one folder under
 * `receivers/`, as Alertmanager keeps each of its receivers in one package behind one
 * `Notifier` interface: its Lambda entry point (`handler.ts`), what it renders, how it
 * posts, its errors, its environment and metrics, and what the CLI uses to send to it
 * directly. They sit neither in `functions/` (Lambda entry points only: the CLI sender
 * and the renderer run outside Lambda) nor in `core/` and `adapters/` (a receiver is
 * one vertical slice; split across those, Slack was eleven files in five folders).
 * Within a folder the layers still hold: the renderers import nothing from AWS or HTTP.
 *
 * `receivers/shared/` holds what every receiver does alike, written once: the delivery
 * of each SNS record (`deliver-record.ts`), the Lambda handler around it
 * (`receiver-handler.ts`), the HTTP outcome switch (`post-to-receiver.ts`), the error
 * classes, the dead-letter port and its SQS adapter, the environment readers and the metrics.
 */
import type { PostTarget } from '../../adapters/http/post-json.js';
import type { NotificationDocument } from '../../core/notify/render/notification-document.js';
import type { ReceiverMetricNames } from './receiver-metrics.js';

/** What a receiver's `send` may wait for and the seams tests replace; no URL, no credential. */
export type SendTarget = Omit<PostTarget, 'url'>;

/** What `send` did with one message. */
export type SendOutcome =
  /** The service accepted it, after this many attempts. */
  | { readonly attempts: number }
  /**
   * Left unsent on purpose, neither sent nor failed: e.g. a PagerDuty event older than one already
   * sent for its alert. Why, in words for the log line (no credential).
   */
  | { readonly dropped: string };

/**
 * One receiver: how a notification becomes its messages and how one message is sent.
 * The shared delivery does the rest (record checks, logging, retry decisions,
 * dead-lettering, metrics) from the error classes of `receiver-errors.ts`.
 */
export interface Receiver<Message> {
  /** How log lines name the service, e.g. `Slack`. */
  readonly name: string;
  /** The `service` of the function's log lines and metrics. */
  readonly serviceName: string;
  readonly metricNames: ReceiverMetricNames;
  /** The messages a notification document becomes, in sending order; none when nothing is due. */
  render(document: NotificationDocument): readonly Message[];
  /**
   * What a receiver that keeps state of its own makes of the rendered messages before any is sent
   * (PagerDuty adds the resolves of the alerts its ledger holds open that the document shows are
   * over); absent: the rendered messages are sent as they are.
   * @throws when its state could not be read: the record is left to Lambda's retries
   */
  prepare?(document: NotificationDocument, rendered: readonly Message[]): Promise<readonly Message[]>;
  /**
   * What SNS text that is not a notification document becomes (a message published by hand);
   * absent: such text is not sent, only logged.
   */
  renderText?(subject: string | null, text: string): Message;
  /** Log fields that tell a notification's messages apart, e.g. PagerDuty's dedup key. */
  describe?(message: Message): Readonly<Record<string, unknown>>;
  /**
   * Sends one message by `target.deadline`, retrying what can succeed later, or drops it on
   * purpose (counted as `metricNames.dropped`).
   * @throws a ReceiverRefusedError when the service refused it for good
   * @throws a ReceiverUnavailableError when the service stayed unavailable until the deadline
   */
  send(message: Message, target: SendTarget): Promise<SendOutcome>;
  /** Called after a refusal, e.g. to read a replaced credential on the next message. */
  refused?(): void;
}
