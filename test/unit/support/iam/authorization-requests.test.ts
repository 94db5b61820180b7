import { describe, expect, it } from 'vitest';
import { authorizationRequests, UnknownOperationError } from '../../../support/iam/authorization-requests.js';

const context = { region: 'eu-west-1', account: '111122223333' };
const table = (name: string) => `arn:aws:dynamodb:eu-west-1:111122223333:table/${name}`;
const dynamodb = (operation: string, body: unknown) => ({
  target: `DynamoDB_20120810.${operation}`,
  body: JSON.stringify(body),
});

describe('authorizationRequests', () => {
  it('authorizes a transaction item by item, each as its own action on its own table', () => {
    const requests = authorizationRequests(
      dynamodb('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 'snapshots' } },
          { Delete: { TableName: 'snapshots' } },
          { Update: { TableName: 'history' } },
          { ConditionCheck: { TableName: 'history' } },
        ],
      }),
      context,
    );
    expect(requests.map((r) => [r.action, r.resource])).toEqual([
      ['dynamodb:PutItem', table('snapshots')],
      ['dynamodb:DeleteItem', table('snapshots')],
      ['dynamodb:UpdateItem', table('history')],
      ['dynamodb:ConditionCheckItem', table('history')],
    ]);
  });

  it("checks a query of an index on the index's ARN, and of the table on the table's", () => {
    const index = authorizationRequests(
      dynamodb('Query', { TableName: 'history', IndexName: 'pending' }),
      context,
    );
    const plain = authorizationRequests(dynamodb('Query', { TableName: 'history' }), context);
    expect(index.map((r) => r.resource)).toEqual([`${table('history')}/index/pending`]);
    expect(plain.map((r) => r.resource)).toEqual([table('history')]);
  });

  it('authorizes a batch publish as sns:Publish, with the KMS actions SNS asks for when the topic has a key', () => {
    const topic = 'arn:aws:sns:eu-west-1:111122223333:alerts';
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/k';
    const body = new URLSearchParams({
      Action: 'PublishBatch',
      Version: '2010-03-31',
      TopicArn: topic,
    }).toString();
    const plain = authorizationRequests({ target: undefined, body }, context);
    const keyed = authorizationRequests(
      { target: undefined, body },
      { ...context, topicKeys: new Map([[topic, key]]) },
    );
    expect(plain.map((r) => [r.action, r.resource])).toEqual([['sns:Publish', topic]]);
    expect(keyed.map((r) => [r.action, r.resource, r.context])).toEqual([
      ['sns:Publish', topic, undefined],
      ['kms:GenerateDataKey', key, { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' }],
      ['kms:Decrypt', key, { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' }],
    ]);
  });

  it('checks a secret asked for by name on the ARN Secrets Manager gives it, and one asked for by ARN on that ARN', () => {
    const ask = (secretId: string) =>
      authorizationRequests(
        { target: 'secretsmanager.GetSecretValue', body: JSON.stringify({ SecretId: secretId }) },
        context,
      )[0]?.resource;
    expect(ask('confluent/prod')).toBe(
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:confluent/prod-AbCdEf',
    );
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-Zz9Zz9';
    expect(ask(arn)).toBe(arn);
  });

  it("checks a message sent to a queue URL on the queue's ARN", () => {
    const [request] = authorizationRequests(
      {
        target: 'AmazonSQS.SendMessage',
        body: JSON.stringify({ QueueUrl: 'http://127.0.0.1:4566/111122223333/failures', MessageBody: 'x' }),
      },
      context,
    );
    expect(request).toMatchObject({
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:eu-west-1:111122223333:failures',
    });
  });

  it('refuses an operation it was not taught, naming it, rather than letting it through unchecked', () => {
    expect(() => authorizationRequests(dynamodb('DeleteTable', { TableName: 't' }), context)).toThrow(
      UnknownOperationError,
    );
    expect(() =>
      authorizationRequests(
        dynamodb('TransactWriteItems', { TransactItems: [{ Drop: { TableName: 't' } }] }),
        context,
      ),
    ).toThrow('dynamodb TransactWriteItems Drop');
  });
});
