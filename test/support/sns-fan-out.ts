/**
 * The alerts topic and its receivers' subscriptions in-process: the `Notifier` the poller
 * publishes to renders each notification as SNS messages, as the SNS notifier does, and hands
 * each message to every subscription whose filter policy matches its attributes, as SNS does.
 * What a receiver then does with it is the caller's.
 */
import type { SNSEvent } from 'aws-lambda';
import type { ReceiverSubscription } from '../../adapters/routing/route-filter-policies.js';
import { renderSnsMessages, type SnsMessage } from '../../core/notify/render/sns-message.js';
import type { Notification, Notifier } from '../../core/ports.js';
import { filterPolicyMatches } from './sns-filter-policy.js';

/** One message as one subscription receives it. */
export interface SnsDelivery {
  readonly subscription: ReceiverSubscription;
  readonly message: SnsMessage;
  /** The event a Lambda subscriber is invoked with: the message's `default` rendering. */
  readonly lambdaEvent: SNSEvent;
}

export class SnsFanOut implements Notifier {
  #messages = 0;

  constructor(
    private readonly subscriptions: readonly ReceiverSubscription[],
    private readonly deliver: (delivery: SnsDelivery) => Promise<void>,
    /** Called with every message before it is handed to the subscriptions, matched or not. */
    private readonly published: (message: SnsMessage) => void = () => undefined,
  ) {}

  async publish(notification: Notification): Promise<void> {
    for (const message of renderSnsMessages(notification)) {
      const messageId = `message-${++this.#messages}`;
      this.published(message);
      for (const subscription of this.subscriptions) {
        if (!filterPolicyMatches(subscription.filterPolicy, message.messageAttributes)) continue;
        await this.deliver({ subscription, message, lambdaEvent: lambdaEventOf(message, messageId) });
      }
    }
  }
}

/** The SNS event a Lambda subscriber gets for a message published with `MessageStructure: json`. */
export function lambdaEventOf(message: SnsMessage, messageId: string): SNSEvent {
  const body = JSON.parse(message.message) as { default: string };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:alerts:sub',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
          Subject: message.subject,
          Message: body.default,
          Timestamp: message.document.observedAt,
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: Object.fromEntries(
            Object.entries(message.messageAttributes).map(([name, value]) => [
              name,
              { Type: value.DataType, Value: value.StringValue },
            ]),
          ),
        },
      },
    ],
  };
}
