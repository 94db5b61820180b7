/**
 * The IAM guard the deployed-bundle tests run under (test/support/iam/): real SDK clients pointed
 * at it get AWS's own answers to a denied call, and allowed calls reach the stand-ins.
 */
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../tools/local-aws/local-aws-endpoint.js';
import { dynamoDbEndpoint } from '../support/dynamodb-endpoint.js';
import { type IamGuard, startIamGuard } from '../support/iam/iam-guard.js';
import type { PolicyDocument, RoleAccess } from '../support/iam/synthesized-access.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/poller`;
const TABLE = 'guarded-table';
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
const LOCKED_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:locked`;
const ENCRYPTED_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:encrypted`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000001`;
const SECRET = 'guarded/secret';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

const role: RoleAccess = {
  roleLogicalId: 'PollerRole',
  roleArn: ROLE_ARN,
  sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/poller/function`,
  identityPolicies: [
    {
      name: 'PollerPolicy',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'dynamodb:Query', Resource: TABLE_ARN },
          { Effect: 'Allow', Action: 'sns:Publish', Resource: [TOPIC, LOCKED_TOPIC, ENCRYPTED_TOPIC] },
        ],
      },
    },
  ],
};
const onlyOthersMayPublish: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sns:Publish',
      Resource: LOCKED_TOPIC,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/other`] } },
    },
  ],
};
const keyForTheAccount: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
  ],
};

describe('IAM guard', () => {
  let aws: LocalAwsEndpoint;
  let guard: IamGuard;
  let config: { endpoint: string; region: string; credentials: typeof credentials };

  beforeAll(async () => {
    aws = await startLocalAwsEndpoint({ secrets: { [SECRET]: 'value' } });
    guard = await startIamGuard({
      role,
      resources: {
        resourcePolicies: new Map([
          [LOCKED_TOPIC, onlyOthersMayPublish],
          [KEY, keyForTheAccount],
        ]),
        topicKeys: new Map([[ENCRYPTED_TOPIC, KEY]]),
      },
      context: { region: REGION, account: ACCOUNT, topicKeys: new Map([[ENCRYPTED_TOPIC, KEY]]) },
      upstreams: {
        dynamodb: dynamoDbEndpoint(),
        sns: aws.endpoint,
        secretsmanager: aws.endpoint,
        sqs: aws.endpoint,
      },
    });
    config = { endpoint: guard.endpoint, region: REGION, credentials };
  });

  afterAll(async () => {
    await guard?.stop();
    await aws?.stop();
  });

  it('answers a DynamoDB call no identity policy allows with AccessDeniedException, naming action and resource', async () => {
    const dynamodb = new DynamoDBClient({ ...config, maxAttempts: 1 });
    const refused = await dynamodb
      .send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x' } } }))
      .catch((error: Error) => error);
    expect(refused).toMatchObject({ name: 'AccessDeniedException' });
    expect((refused as Error).message).toContain(`dynamodb:GetItem on resource: ${TABLE_ARN}`);
    expect(guard.denials().at(-1)).toMatchObject({
      action: 'dynamodb:GetItem',
      decision: 'ImplicitlyDenied',
    });
  });

  it('passes an allowed DynamoDB call on to DynamoDB Local, which answers it', async () => {
    const dynamodb = new DynamoDBClient({ ...config, maxAttempts: 1 });
    const answer = await dynamodb
      .send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'x' } },
        }),
      )
      .catch((error: Error) => error);
    // The table does not exist: only DynamoDB Local can have said so.
    expect(answer).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(guard.calls.at(-1)).toMatchObject({ action: 'dynamodb:Query', decision: 'Allowed' });
  });

  it("answers a publish the topic's policy denies with AuthorizationError, and passes an allowed one", async () => {
    const sns = new SNSClient({ ...config, maxAttempts: 1 });
    const refused = await sns
      .send(new PublishCommand({ TopicArn: LOCKED_TOPIC, Message: 'forged' }))
      .catch((error: Error) => error);
    expect(refused).toMatchObject({ name: 'AuthorizationErrorException' });
    expect(guard.denials().at(-1)).toMatchObject({ decision: 'ExplicitlyDenied' });

    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: 'allowed' }));
    expect(aws.published.map((m) => m.message)).toEqual(['allowed']);
  });

  it('answers a publish to a topic under a key the role may not use with KMSAccessDenied', async () => {
    const sns = new SNSClient({ ...config, maxAttempts: 1 });
    const refused = await sns
      .send(new PublishCommand({ TopicArn: ENCRYPTED_TOPIC, Message: 'x' }))
      .catch((error: Error) => error);
    expect(refused).toMatchObject({ name: 'KMSAccessDeniedException' });
    expect(
      guard
        .denials()
        .slice(-2)
        .map((d) => d.action),
    ).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(guard.denials().at(-1)).toMatchObject({
      resource: KEY,
      context: { 'kms:ViaService': `sns.${REGION}.amazonaws.com` },
    });
  });

  it('answers a secret and a queue the role may not use with their services’ access errors', async () => {
    const secrets = new SecretsManagerClient({ ...config, maxAttempts: 1 });
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: SECRET })).catch((e: Error) => e);
    expect(secret).toMatchObject({ name: 'AccessDeniedException' });
    expect(aws.secretRequests).toEqual([]);

    const sqs = new SQSClient({ ...config, maxAttempts: 1 });
    const queueUrl = `${guard.endpoint}/${ACCOUNT}/failures`;
    const sent = await sqs
      .send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }))
      .catch((e: Error) => e);
    expect(sent).toBeInstanceOf(Error);
    expect((sent as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    expect(aws.queued).toEqual([]);
  });

  it('fails a call it cannot judge instead of passing it on', async () => {
    const response = await fetch(guard.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.DeleteTable',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: JSON.stringify({ TableName: TABLE }),
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('dynamodb DeleteTable is not taught to the IAM guard');
  });
});
