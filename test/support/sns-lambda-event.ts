/** The SNS event Lambda receives for notifications the core plans and renders, as a Lambda subscriber gets them. */
import { randomBytes } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import type { HistoryEvent } from '../../core/model/change-events.js';
import { planNotifications } from '../../core/notify/plan-notifications.js';
import { renderSnsMessage } from '../../core/notify/render/sns-message.js';

export function snsEventOf(events: readonly HistoryEvent[]): SNSEvent {
  const records = planNotifications(events, { digestThreshold: 10 }).map((notification) => {
    const message = renderSnsMessage(notification);
    return {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:alerts:sub',
      Sns: {
        Type: 'Notification',
        MessageId: randomBytes(8).toString('hex'),
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        Subject: message.subject,
        // A Lambda subscriber gets the `default` rendering: the JSON document.
        Message: JSON.stringify(message.document),
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: Object.fromEntries(
          Object.entries(message.messageAttributes).map(([k, v]) => [
            k,
            { Type: 'String', Value: v.StringValue },
          ]),
        ),
      },
    };
  });
  return { Records: records } as SNSEvent;
}

/**
 * The SNS event a Lambda subscriber receives for a message the poller published: SNS hands a
 * `MessageStructure: json` publish's `default` rendering to Lambda, with its attributes.
 */
export function snsEventOfPublished(message: {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageAttributes: Readonly<Record<string, { readonly stringValue?: string }>>;
}): SNSEvent {
  const body = JSON.parse(message.message) as { default: string };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${message.topicArn}:sub`,
        Sns: {
          Type: 'Notification',
          MessageId: randomBytes(8).toString('hex'),
          TopicArn: message.topicArn,
          Subject: message.subject ?? '',
          Message: body.default,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: Object.fromEntries(
            Object.entries(message.messageAttributes).map(([k, v]) => [
              k,
              { Type: 'String', Value: v.stringValue ?? '' },
            ]),
          ),
        },
      },
    ],
  } as SNSEvent;
}
