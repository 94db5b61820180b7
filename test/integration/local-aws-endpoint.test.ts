import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  InternalErrorException,
  InvalidParameterException,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../tools/local-aws/local-aws-endpoint.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';
const topicArn = `arn:aws:sns:${region}:123456789012:link-alerts`;

describe('local AWS endpoint', () => {
  let aws: LocalAwsEndpoint;

  beforeEach(async () => {
    aws = await startLocalAwsEndpoint({ secrets: { 'confluent/prod': '{"apiKey":"k","apiSecret":"s"}' } });
  });

  afterEach(async () => {
    await aws.stop();
  });

  const sns = (maxAttempts?: number) =>
    new SNSClient({ endpoint: aws.endpoint, region, credentials, ...(maxAttempts && { maxAttempts }) });

  describe('SNS Publish', () => {
    it('records subject, message, structure and attributes, and returns a message id', async () => {
      // Act
      const output = await sns().send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: 'prod-eu: link-a FAILED',
          Message: JSON.stringify({ default: 'plain', email: 'for email' }),
          MessageStructure: 'json',
          MessageAttributes: {
            severity: { DataType: 'String', StringValue: 'critical' },
            links: { DataType: 'Number', StringValue: '2' },
            blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') },
          },
        }),
      );

      // Assess
      expect(aws.published).toHaveLength(1);
      const [message] = aws.published;
      expect(message).toMatchObject({
        action: 'Publish',
        topicArn,
        subject: 'prod-eu: link-a FAILED',
        message: '{"default":"plain","email":"for email"}',
        messageStructure: 'json',
        messageAttributes: {
          severity: { dataType: 'String', stringValue: 'critical' },
          links: { dataType: 'Number', stringValue: '2' },
          blob: { dataType: 'Binary', binaryValue: Buffer.from('hi').toString('base64') },
        },
      });
      expect(output.MessageId).toBe(message?.messageId);
    });

    it('keeps text with XML and non-ASCII characters intact', async () => {
      // Act
      await sns().send(
        new PublishCommand({ TopicArn: topicArn, Message: 'a < b & "c" — ünïcode ✓\nline 2' }),
      );

      // Assess
      expect(aws.published[0]?.message).toBe('a < b & "c" — ünïcode ✓\nline 2');
      expect(aws.published[0]?.subject).toBeUndefined();
    });

    it('rejects a message over 256 KB as SNS does', async () => {
      // Act
      const sending = sns().send(new PublishCommand({ TopicArn: topicArn, Message: 'x'.repeat(262_145) }));

      // Assess
      await expect(sending).rejects.toBeInstanceOf(InvalidParameterException);
      expect(aws.published).toHaveLength(0);
    });
  });

  describe('SNS PublishBatch', () => {
    it('records every entry in order and reports each as successful', async () => {
      // Act
      const output = await sns().send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [
            {
              Id: 'one',
              Message: 'first',
              Subject: 'S1',
              MessageAttributes: { kind: { DataType: 'String', StringValue: 'digest' } },
            },
            { Id: 'two', Message: 'second' },
          ],
        }),
      );

      // Assess
      expect(aws.published.map((m) => [m.action, m.batchEntryId, m.message, m.subject])).toEqual([
        ['PublishBatch', 'one', 'first', 'S1'],
        ['PublishBatch', 'two', 'second', undefined],
      ]);
      expect(aws.published[0]?.messageAttributes).toEqual({
        kind: { dataType: 'String', stringValue: 'digest' },
      });
      expect(output.Successful?.map((s) => s.Id)).toEqual(['one', 'two']);
      expect(output.Failed ?? []).toEqual([]);
    });
  });

  describe('publish faults', () => {
    it('fails the next publish with a throttling error', async () => {
      // Prepare
      aws.failNextPublishes(1, 'throttling');

      // Act
      const failed = sns(1).send(new PublishCommand({ TopicArn: topicArn, Message: 'm' }));

      // Assess
      await expect(failed).rejects.toBeInstanceOf(ThrottledException);
      await expect(failed).rejects.toMatchObject({ $metadata: { httpStatusCode: 429 } });
      expect(aws.published).toHaveLength(0);
      await sns(1).send(new PublishCommand({ TopicArn: topicArn, Message: 'after' }));
      expect(aws.published.map((m) => m.message)).toEqual(['after']);
    });

    it('fails with a 500 that the SDK retries through', async () => {
      // Prepare
      aws.failNextPublishes(2, 'server-error');

      // Act
      await sns(3).send(new PublishCommand({ TopicArn: topicArn, Message: 'third attempt' }));

      // Assess
      expect(aws.requests.filter((r) => r.service === 'sns').map((r) => r.status)).toEqual([500, 500, 200]);
      expect(aws.published.map((m) => m.message)).toEqual(['third attempt']);
    });

    it('surfaces a 500 as InternalErrorException once the attempts run out', async () => {
      // Prepare
      aws.failNextPublishes(2, 'server-error');

      // Act
      const failed = sns(2).send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [{ Id: '1', Message: 'm' }],
        }),
      );

      // Assess
      await expect(failed).rejects.toBeInstanceOf(InternalErrorException);
      expect(aws.published).toHaveLength(0);
    });
  });

  describe('Secrets Manager GetSecretValue', () => {
    it('serves a configured secret to a client configured by AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
      // Prepare
      const previous = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = aws.endpoint;
      try {
        const client = new SecretsManagerClient({ region, credentials });

        // Act
        const output = await client.send(new GetSecretValueCommand({ SecretId: 'confluent/prod' }));

        // Assess
        expect(output.SecretString).toBe('{"apiKey":"k","apiSecret":"s"}');
        expect(output.Name).toBe('confluent/prod');
        expect(aws.secretRequests).toEqual(['confluent/prod']);
      } finally {
        if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
        else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previous;
      }
    });

    it('finds a secret by the ARN it returned', async () => {
      // Prepare
      const client = new SecretsManagerClient({ endpoint: aws.endpoint, region, credentials });
      const { ARN } = await client.send(new GetSecretValueCommand({ SecretId: 'confluent/prod' }));

      // Act
      const output = await client.send(new GetSecretValueCommand({ SecretId: ARN }));

      // Assess
      expect(output.SecretString).toBe('{"apiKey":"k","apiSecret":"s"}');
    });

    it('answers ResourceNotFoundException for an unknown secret, and serves one added later', async () => {
      // Prepare
      const client = new SecretsManagerClient({ endpoint: aws.endpoint, region, credentials });

      // Act
      const missing = client.send(new GetSecretValueCommand({ SecretId: 'nope' }));

      // Assess
      await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
      aws.setSecret('nope', 'now here');
      await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).resolves.toMatchObject({
        SecretString: 'now here',
      });
    });
  });
});
