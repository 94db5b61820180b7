import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationPublishError, SnsNotifier } from '../../../../adapters/sns/sns-notifier.js';
import type { NotificationDocument } from '../../../../core/notify/render/notification-document.js';
import { SNS_MAX_MESSAGE_BYTES } from '../../../../core/notify/render/sns-message.js';
import { digestOf, scenarios } from '../../core/notify/render/notification-fixtures.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:cluster-link-alerts';

const snsMock = mockClient(SNSClient);

afterEach(() => {
  snsMock.reset();
});

function scenario(name: string) {
  const found = scenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found.notification;
}

function utf8(text: string | undefined): number {
  return Buffer.byteLength(text ?? '', 'utf8');
}

describe('SnsNotifier', () => {
  it('publishes one message with MessageStructure json, the subject and the routing attributes', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: TOPIC_ARN });

    // Act
    await notifier.publish(scenario('state-and-error-change'));

    // Assess
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC_ARN,
      MessageStructure: 'json',
      Subject: '[CRITICAL] prod-eu lkc-abc12: link orders-dr ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)',
      MessageAttributes: {
        cluster_id: { DataType: 'String', StringValue: 'lkc-abc12' },
        cluster_label: { DataType: 'String', StringValue: 'prod-eu' },
        link_name: { DataType: 'String', StringValue: 'orders-dr' },
        event_type: { DataType: 'String', StringValue: 'LINK_STATE_CHANGED' },
        severity: { DataType: 'String', StringValue: 'critical' },
        kind: { DataType: 'String', StringValue: 'change' },
      },
    });
    const message = JSON.parse(input?.Message ?? '{}') as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['default', 'email']);
    expect(JSON.parse(message.default ?? '')).toMatchObject({ schemaVersion: 1, kind: 'change' });
    expect(message.email).toContain('First thing to check');
  });

  it("marks digests and cluster events with link_name '*' and event_type DIGEST or the cluster event", async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: TOPIC_ARN });

    await notifier.publish(scenario('digest-40-links'));
    await notifier.publish(scenario('cluster-unreachable'));

    const [digest, cluster] = snsMock
      .commandCalls(PublishCommand)
      .map((call) => call.args[0].input.MessageAttributes);
    expect(digest?.link_name?.StringValue).toBe('*');
    expect(digest?.event_type?.StringValue).toBe('DIGEST');
    expect(cluster?.link_name?.StringValue).toBe('*');
    expect(cluster?.event_type?.StringValue).toBe('CLUSTER_UNREACHABLE');
  });

  it('publishes a 1000-link digest as parts under 256 KB each, every link in one of them, worst first', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: TOPIC_ARN });

    await notifier.publish(digestOf(1000));

    const inputs = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs.length).toBeGreaterThan(1);
    const docs = inputs.map((input) => {
      const attributeBytes = Object.entries(input.MessageAttributes ?? {}).reduce(
        (sum, [name, value]) => sum + utf8(name) + utf8(value.DataType) + utf8(value.StringValue),
        0,
      );
      expect(utf8(input.Message) + utf8(input.Subject) + attributeBytes).toBeLessThanOrEqual(
        SNS_MAX_MESSAGE_BYTES,
      );
      const message = JSON.parse(input.Message ?? '{}') as { default: string; email: string };
      return JSON.parse(message.default) as NotificationDocument;
    });
    expect(docs.map((doc) => doc.omittedLinkCount)).toEqual(docs.map(() => 0));
    expect(docs.map((doc) => doc.messagePart)).toEqual(
      docs.map((_, i) => ({ index: i + 1, count: docs.length })),
    );
    expect(docs.reduce((sum, doc) => sum + doc.links.length, 0)).toBe(1000);
    expect(inputs[0]?.Subject).toMatch(/, part 1 of \d+$/);
    // Worst first: the critical entries open the first part, the resolved ones close the last.
    expect(docs[0]?.links[0]?.severity).toBe('critical');
    expect(docs.at(-1)?.links.at(-1)?.severity).toBe('resolved');
    expect(inputs.at(-1)?.MessageAttributes?.severity?.StringValue).toBe('resolved');
  });

  it('sends the whole split digest again when one of its parts fails, so no part is lost', async () => {
    snsMock
      .on(PublishCommand)
      .resolvesOnce({ MessageId: 'm-1' })
      .rejectsOnce(
        new SNSServiceException({
          name: 'InternalError',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
          message: 'x',
        }),
      )
      .resolves({ MessageId: 'm-2' });
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: TOPIC_ARN });

    await expect(notifier.publish(digestOf(1000))).rejects.toBeInstanceOf(NotificationPublishError);
    const failedAfter = snsMock.commandCalls(PublishCommand).length;
    await notifier.publish(digestOf(1000));

    expect(failedAfter).toBe(2);
    const subjects = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject ?? '');
    expect(subjects.slice(failedAfter).filter((subject) => subject.includes('part 1 of'))).toHaveLength(1);
  });

  it('throws a NotificationPublishError naming the cluster and the SNS error, not the message', async () => {
    snsMock.on(PublishCommand).rejects(
      new SNSServiceException({
        name: 'AuthorizationErrorException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'User is not authorized to perform SNS:Publish',
      }),
    );
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: TOPIC_ARN });

    const failure = notifier.publish(scenario('reminder'));

    await expect(failure).rejects.toBeInstanceOf(NotificationPublishError);
    await expect(failure).rejects.toMatchObject({
      clusterId: 'lkc-abc12',
      kind: 'reminder',
      errorCode: 'AuthorizationErrorException',
      httpStatus: 403,
    });
    await expect(failure).rejects.toThrow(/AuthorizationErrorException \(HTTP 403\)/);
  });

  it('refuses a topic that is not an ARN', () => {
    expect(
      () => new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: 'alerts' }),
    ).toThrow(/topicArn/);
  });
});
