/**
 * Publishes notifications to the alerts SNS topic. Email subscribers get the
 * plain text, every other protocol the versioned JSON document.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  renderSnsMessages,
  type SnsMessage,
  type SnsMessageOptions,
} from '../../core/notify/render/sns-message.js';
import type { Notification, Notifier } from '../../core/ports.js';

export interface SnsNotifierOptions {
  /** Configured by the caller; the SDK's standard retry mode already retries throttling and 5xx. */
  readonly client: SNSClient;
  readonly topicArn: string;
  readonly render?: SnsMessageOptions;
}

/** Publishing failed after the SDK's own retries; carries what was being sent, never message content. */
export class NotificationPublishError extends Error {
  override readonly name = 'NotificationPublishError';
  constructor(
    message: string,
    readonly clusterId: string,
    readonly kind: Notification['kind'],
    readonly eventCount: number,
    /** The SNS error name, e.g. `AuthorizationErrorException`, `ThrottledException`. */
    readonly errorCode: string | undefined,
    /** HTTP status of the SNS response, when there was one. */
    readonly httpStatus: number | undefined,
    /**
     * Sending this notification again cannot work: it could not be rendered, or SNS refused
     * its content. The poller then gives it up (quarantines it) instead of retrying it.
     */
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** SNS errors about the request's content: the same message would be refused again. */
const REFUSED_CONTENT = new Set(['InvalidParameterException', 'InvalidParameterValueException']);

/** The SNS `Notifier`: one `Publish` per notification, or per part of a digest too large for one. */
export class SnsNotifier implements Notifier {
  readonly #client: SNSClient;
  readonly #topicArn: string;
  readonly #render: SnsMessageOptions;

  constructor(options: SnsNotifierOptions) {
    if (!options.topicArn.startsWith('arn:')) {
      throw new TypeError(`topicArn must be an SNS topic ARN, got "${options.topicArn}"`);
    }
    this.#client = options.client;
    this.#topicArn = options.topicArn;
    this.#render = options.render ?? {};
  }

  /**
   * Renders and publishes one notification (a digest too large for one message, as several).
   * @throws NotificationPublishError when SNS refused it or could not be reached.
   */
  async publish(notification: Notification): Promise<void> {
    let messages: readonly SnsMessage[];
    try {
      messages = renderSnsMessages(notification, this.#render);
    } catch (error) {
      // Rendering is pure: what fails once fails every time.
      throw new NotificationPublishError(
        `Notification for cluster ${notification.clusterId} could not be rendered: ${error instanceof Error ? error.name : 'unknown error'}`,
        notification.clusterId,
        notification.kind,
        notification.events.length,
        undefined,
        undefined,
        true,
      );
    }
    // The parts of a split digest go out in order. Should one fail, the notification is retried
    // whole: the parts already sent are sent again (receivers see them twice; PagerDuty's dedup
    // keys make that harmless), which is better than a part never sent.
    for (const message of messages) await this.#publishOne(notification, message);
  }

  async #publishOne(notification: Notification, message: SnsMessage): Promise<void> {
    try {
      await this.#client.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          MessageStructure: 'json',
          Subject: message.subject,
          Message: message.message,
          MessageAttributes: message.messageAttributes,
        }),
      );
    } catch (error) {
      const code = error instanceof Error ? error.name : undefined;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new NotificationPublishError(
        `SNS publish failed for ${notification.kind} notification of cluster ${notification.clusterId}` +
          ` (${notification.events.length} events): ${code ?? 'unknown error'}${status === undefined ? '' : ` (HTTP ${status})`}`,
        notification.clusterId,
        notification.kind,
        notification.events.length,
        code,
        status,
        code !== undefined && REFUSED_CONTENT.has(code),
        { cause: error },
      );
    }
  }
}
