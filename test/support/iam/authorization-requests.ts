/**
 * What AWS authorizes for one SDK request, read off the wire: the IAM actions and the resource ARNs
 * each is checked on, as the Service Authorization Reference describes them. A DynamoDB
 * `TransactWriteItems` is authorized item by item (`dynamodb:PutItem` on the item's table, ...);
 * an SNS `PublishBatch` is `sns:Publish`; a publish to a topic under a customer-managed key also
 * needs `kms:GenerateDataKey` and `kms:Decrypt` on the key, asked through SNS.
 *
 * An operation this module does not know is an error that names it: a new AWS call must be
 * taught here (and so checked) before any test can make it.
 */

/** The wire protocols the monitor's SDK clients speak. */
export type AwsService = 'dynamodb' | 'sns' | 'secretsmanager' | 'sqs' | 'kms' | 'cloudformation';

export interface WireRequest {
  /** `X-Amz-Target`, for the JSON protocols. */
  readonly target: string | undefined;
  readonly body: string;
}

export interface AuthorizationRequest {
  /** Who asks: a function's SDK client, or Lambda or EventBridge Scheduler for the stack (`platform-calls.ts`). */
  readonly service: AwsService | 'logs' | 'lambda';
  /** The API operation, e.g. `TransactWriteItems`. */
  readonly operation: string;
  /** The IAM action, e.g. `dynamodb:PutItem`. */
  readonly action: string;
  readonly resource: string;
  /** Context keys the service sets (e.g. `kms:ViaService`). */
  readonly context?: Readonly<Record<string, string>>;
}

export interface AuthorizationContext {
  readonly region: string;
  readonly account: string;
  /** Topics under a customer-managed key: topic ARN to key ARN. */
  readonly topicKeys?: ReadonlyMap<string, string>;
  /** The ARN a secret's name resolves to (Secrets Manager adds a random 6-character suffix). */
  readonly secretArn?: (secretId: string) => string;
  /** The customer-managed key a secret is encrypted with (by secret ARN), if any. */
  readonly secretKey?: (secretArn: string) => string | undefined;
}

export class UnknownOperationError extends Error {
  constructor(service: string, operation: string) {
    super(
      `${service} ${operation} is not taught to the IAM guard (test/support/iam/authorization-requests.ts)`,
    );
    this.name = 'UnknownOperationError';
  }
}

/** The service a request is for, from its target header or its form `Action`. */
export function serviceOf(request: WireRequest): AwsService {
  const target = request.target ?? '';
  if (target.startsWith('DynamoDB_')) return 'dynamodb';
  if (target.startsWith('secretsmanager.')) return 'secretsmanager';
  if (target.startsWith('AmazonSQS.')) return 'sqs';
  if (target.startsWith('TrentService.')) return 'kms';
  // The awsQuery services share a wire format; each sends its own API version.
  const version = new URLSearchParams(request.body).get('Version');
  if (version === '2010-05-15') return 'cloudformation';
  if (version === '2010-03-31') return 'sns';
  throw new UnknownOperationError('(unknown service)', target || request.body.slice(0, 60));
}

/** Every authorization AWS makes for the request, in the order it would check them. */
export function authorizationRequests(
  request: WireRequest,
  context: AuthorizationContext,
): AuthorizationRequest[] {
  const service = serviceOf(request);
  switch (service) {
    case 'dynamodb':
      return dynamodb(operationOf(request), parseJson(request.body), context);
    case 'sns':
      return sns(new URLSearchParams(request.body), context);
    case 'secretsmanager':
      return secretsManager(operationOf(request), parseJson(request.body), context);
    case 'sqs':
      return sqs(operationOf(request), parseJson(request.body), context);
    case 'cloudformation':
      return cloudFormation(new URLSearchParams(request.body), context);
    case 'kms':
      throw new UnknownOperationError('kms', operationOf(request));
  }
}

const operationOf = (request: WireRequest): string => (request.target ?? '').split('.').pop() ?? '';

type Json = Record<string, unknown>;

function parseJson(body: string): Json {
  const parsed: unknown = body === '' ? {} : JSON.parse(body);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
}

/** Operations on one table (or one of its indexes), authorized as the action of the same name. */
const TABLE_OPERATIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'DescribeTable',
  'DescribeTimeToLive',
]);
/** A transaction's item kinds and the action each is authorized as. */
const TRANSACT_ITEM_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

function dynamodb(operation: string, body: Json, context: AuthorizationContext): AuthorizationRequest[] {
  const table = (name: unknown, index?: unknown) =>
    `arn:aws:dynamodb:${context.region}:${context.account}:table/${String(name)}` +
    (typeof index === 'string' ? `/index/${index}` : '');
  const request = (action: string, resource: string): AuthorizationRequest => ({
    service: 'dynamodb',
    operation,
    action: `dynamodb:${action}`,
    resource,
  });
  if (TABLE_OPERATIONS.has(operation)) return [request(operation, table(body.TableName, body.IndexName))];
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    return ((body.TransactItems ?? []) as Json[]).flatMap((item) =>
      Object.entries(item).map(([kind, detail]) => {
        const action = TRANSACT_ITEM_ACTIONS[kind];
        if (action === undefined) throw new UnknownOperationError('dynamodb', `${operation} ${kind}`);
        return request(action, table((detail as Json).TableName));
      }),
    );
  }
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    return Object.keys((body.RequestItems ?? {}) as Json).map((name) => request(operation, table(name)));
  }
  throw new UnknownOperationError('dynamodb', operation);
}

function sns(form: URLSearchParams, context: AuthorizationContext): AuthorizationRequest[] {
  const operation = form.get('Action') ?? '';
  const topicArn = form.get('TopicArn') ?? form.get('TargetArn') ?? '';
  const request = (action: string): AuthorizationRequest => ({
    service: 'sns',
    operation,
    action: `sns:${action}`,
    resource: topicArn,
  });
  if (operation === 'Publish' || operation === 'PublishBatch') {
    const key = context.topicKeys?.get(topicArn);
    const viaSns = { 'kms:ViaService': `sns.${context.region}.amazonaws.com` };
    return [
      request('Publish'),
      ...(key === undefined
        ? []
        : ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({
            service: 'kms' as const,
            operation,
            action,
            resource: key,
            context: viaSns,
          }))),
    ];
  }
  if (operation === 'ListSubscriptionsByTopic' || operation === 'GetTopicAttributes')
    return [request(operation)];
  throw new UnknownOperationError('sns', operation);
}

function secretsManager(
  operation: string,
  body: Json,
  context: AuthorizationContext,
): AuthorizationRequest[] {
  if (operation !== 'GetSecretValue' && operation !== 'DescribeSecret') {
    throw new UnknownOperationError('secretsmanager', operation);
  }
  const secretId = String(body.SecretId ?? '');
  const resource =
    context.secretArn?.(secretId) ??
    (secretId.startsWith('arn:')
      ? secretId
      : `arn:aws:secretsmanager:${context.region}:${context.account}:secret:${secretId}-AbCdEf`);
  const key = operation === 'GetSecretValue' ? context.secretKey?.(resource) : undefined;
  return [
    { service: 'secretsmanager', operation, action: `secretsmanager:${operation}`, resource },
    // Under a key of the account's own, Secrets Manager decrypts the value as the caller.
    ...(key === undefined
      ? []
      : [
          {
            service: 'kms' as const,
            operation,
            action: 'kms:Decrypt',
            resource: key,
            context: { 'kms:ViaService': `secretsmanager.${context.region}.amazonaws.com` },
          },
        ]),
  ];
}

function sqs(operation: string, body: Json, context: AuthorizationContext): AuthorizationRequest[] {
  if (operation !== 'SendMessage' && operation !== 'SendMessageBatch' && operation !== 'GetQueueAttributes') {
    throw new UnknownOperationError('sqs', operation);
  }
  // A queue URL ends in `/{account}/{name}`; IAM checks the queue's ARN.
  const [name, account] = String(body.QueueUrl ?? '')
    .split('/')
    .reverse();
  const resource = `arn:aws:sqs:${context.region}:${account ?? context.account}:${name ?? ''}`;
  // SendMessageBatch is authorized as sqs:SendMessage.
  const action = operation === 'SendMessageBatch' ? 'SendMessage' : operation;
  return [{ service: 'sqs', operation, action: `sqs:${action}`, resource }];
}

function cloudFormation(form: URLSearchParams, context: AuthorizationContext): AuthorizationRequest[] {
  const operation = form.get('Action') ?? '';
  if (operation !== 'DescribeStacks' && operation !== 'ListStackResources') {
    throw new UnknownOperationError('cloudformation', operation);
  }
  const name = form.get('StackName') ?? '';
  // A stack's ARN ends in its id; policies name it `stack/{name}/*`.
  const resource = name.startsWith('arn:')
    ? name
    : `arn:aws:cloudformation:${context.region}:${context.account}:stack/${name}/00000000-0000-4000-8000-000000000000`;
  return [{ service: 'cloudformation', operation, action: `cloudformation:${operation}`, resource }];
}
