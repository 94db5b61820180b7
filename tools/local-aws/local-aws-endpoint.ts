/**
 * A local stand-in for the two AWS services the monitor talks to besides DynamoDB, speaking
 * their wire protocols so the real SDK v3 clients can be pointed at it through
 * `AWS_ENDPOINT_URL_SNS` / `AWS_ENDPOINT_URL_SECRETS_MANAGER` (or the `endpoint` option):
 *
 * - SNS `Publish` and `PublishBatch` in the awsQuery protocol the installed `@aws-sdk/client-sns`
 *   uses (form-encoded request, XML response). Every accepted message is recorded.
 * - Secrets Manager `GetSecretValue` in JSON 1.1 (`X-Amz-Target: secretsmanager.GetSecretValue`),
 *   serving a fixed map of secret id to string.
 * - SQS `SendMessage` in JSON 1.0 (`X-Amz-Target: AmazonSQS.SendMessage`), recording each message.
 *
 * Signatures are not checked: any credentials will do.
 *
 * @example
 * const aws = await startLocalAwsEndpoint({ secrets: { 'confluent/prod': '{"apiKey":"k","apiSecret":"s"}' } });
 * const sns = new SNSClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials });
 * aws.failNextPublishes(3, 'throttling'); // the SDK retries, so 3 failed attempts fail one call
 * // ...
 * expect(aws.published).toHaveLength(1);
 * await aws.stop();
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** SNS's limit on one message, attributes included (and on a whole batch). */
const MAX_PAYLOAD_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;
const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const ACCOUNT = '123456789012';

export interface PublishedAttribute {
  readonly dataType: string;
  readonly stringValue?: string;
  /** Base64, as sent. */
  readonly binaryValue?: string;
}

/** One message SNS accepted. */
export interface PublishedMessage {
  readonly action: 'Publish' | 'PublishBatch';
  readonly messageId: string;
  readonly topicArn: string;
  /** The entry id within a `PublishBatch`. */
  readonly batchEntryId?: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageStructure?: string;
  readonly messageAttributes: Readonly<Record<string, PublishedAttribute>>;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
}

/** `throttling`: HTTP 429 `Throttled`; `server-error`: HTTP 500 `InternalError`. Both are retryable. */
export type PublishFault = 'throttling' | 'server-error';

/** One message sent to a queue. */
export interface QueuedMessage {
  readonly queueUrl: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, { DataType: string; StringValue?: string }>>;
}

/** One request the endpoint answered, by operation, for counting calls. */
export interface AwsRequest {
  readonly service: 'sns' | 'secretsmanager' | 'sqs';
  readonly operation: string;
  readonly status: number;
}

export interface LocalAwsEndpointOptions {
  /** Secret id (name, or the ARN a caller will use) to its `SecretString`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Region used in the ARNs it returns. @default 'us-east-1' */
  readonly region?: string;
}

export interface LocalAwsEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:45123`. */
  readonly endpoint: string;
  /** Every message accepted, in order; a batch adds one item per successful entry. */
  readonly published: PublishedMessage[];
  /** Every request answered (failed ones included), in order of arrival. */
  readonly requests: readonly AwsRequest[];
  /** Secret ids asked for, in order (to check caching). */
  readonly secretRequests: readonly string[];
  /** Every message sent to a queue, in order. */
  readonly queued: QueuedMessage[];
  /**
   * Makes the next `count` Publish/PublishBatch HTTP requests fail with `kind`. The SDK retries
   * these (3 attempts by default), so failing one SDK call takes as many faults as it makes attempts.
   */
  failNextPublishes(count: number, kind: PublishFault): void;
  /** Adds or replaces a secret (e.g. a rotation). */
  setSecret(secretId: string, value: string): void;
  /** Forgets recorded messages and requests, and clears pending faults. */
  reset(): void;
  stop(): Promise<void>;
}

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Starts the endpoint on an ephemeral port of 127.0.0.1. */
export async function startLocalAwsEndpoint(
  options: LocalAwsEndpointOptions = {},
): Promise<LocalAwsEndpoint> {
  const region = options.region ?? 'us-east-1';
  const secrets = new Map<string, string>(Object.entries(options.secrets ?? {}));
  const published: PublishedMessage[] = [];
  const requests: AwsRequest[] = [];
  const secretRequests: string[] = [];
  const queued: QueuedMessage[] = [];
  const faults: PublishFault[] = [];

  const sns = (params: URLSearchParams): { operation: string; xml: string } => {
    const operation = params.get('Action') ?? '';
    if (operation !== 'Publish' && operation !== 'PublishBatch') {
      throw new ServiceError(
        400,
        'InvalidAction',
        `The action ${operation || '(none)'} is not valid for this endpoint.`,
      );
    }
    const fault = faults.shift();
    if (fault === 'throttling') throw new ServiceError(429, 'Throttled', 'Rate exceeded');
    if (fault === 'server-error') throw new ServiceError(500, 'InternalError', 'Internal error', 'Receiver');
    const tree = parseQueryTree(params);
    return { operation, xml: operation === 'Publish' ? publish(tree) : publishBatch(tree) };
  };

  const publish = (tree: QueryTree): string => {
    const topicArn = str(tree, 'TopicArn') ?? str(tree, 'TargetArn');
    if (topicArn === undefined)
      throw new ServiceError(
        400,
        'InvalidParameter',
        'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
      );
    const message = toMessage('Publish', topicArn, tree, undefined);
    if (payloadBytes(message) > MAX_PAYLOAD_BYTES)
      throw new ServiceError(400, 'InvalidParameter', 'Invalid parameter: Message too long');
    published.push(message);
    return xmlResponse('Publish', `<MessageId>${message.messageId}</MessageId>`);
  };

  const publishBatch = (tree: QueryTree): string => {
    const topicArn = str(tree, 'TopicArn');
    if (topicArn === undefined)
      throw new ServiceError(
        400,
        'InvalidParameter',
        'Invalid parameter: TopicArn Reason: no value for required parameter',
      );
    const entries = list(tree, 'PublishBatchRequestEntries');
    if (entries.length === 0)
      throw new ServiceError(400, 'EmptyBatchRequest', 'The batch request does not contain any entries.');
    if (entries.length > MAX_BATCH_ENTRIES)
      throw new ServiceError(
        400,
        'TooManyEntriesInBatchRequest',
        'The batch request contains more entries than permissible.',
      );
    const ids = entries.map((e) => str(e, 'Id') ?? '');
    if (new Set(ids).size !== ids.length)
      throw new ServiceError(
        400,
        'BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    const messages = entries.map((entry, index) => toMessage('PublishBatch', topicArn, entry, ids[index]));
    if (messages.reduce((total, m) => total + payloadBytes(m), 0) > MAX_PAYLOAD_BYTES) {
      throw new ServiceError(
        400,
        'BatchRequestTooLong',
        'The length of all the messages put together is more than the limit.',
      );
    }
    published.push(...messages);
    const members = messages.map(
      (m) =>
        `<member><Id>${escapeXml(m.batchEntryId ?? '')}</Id><MessageId>${m.messageId}</MessageId></member>`,
    );
    return xmlResponse('PublishBatch', `<Successful>${members.join('')}</Successful><Failed/>`);
  };

  const secretsManager = (target: string, body: string): { operation: string; json: unknown } => {
    const operation = target.slice('secretsmanager.'.length);
    if (operation !== 'GetSecretValue')
      throw new ServiceError(400, 'UnknownOperationException', `Unknown operation ${operation}`);
    const input = parseJsonObject(body);
    const secretId = typeof input.SecretId === 'string' ? input.SecretId : '';
    secretRequests.push(secretId);
    const found = findSecret(secrets, secretId);
    if (found === undefined)
      throw new ServiceError(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    const [name, value] = found;
    return {
      operation,
      json: {
        ARN: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbCdEf`,
        Name: name,
        VersionId: '00000000-0000-4000-8000-000000000001',
        SecretString: value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_700_000_000,
      },
    };
  };

  const sqs = (target: string, body: string): unknown => {
    const operation = target.slice('AmazonSQS.'.length);
    if (operation !== 'SendMessage')
      throw new ServiceError(400, 'UnsupportedOperation', `Unknown operation ${operation}`);
    const input = parseJsonObject(body);
    if (typeof input.QueueUrl !== 'string' || typeof input.MessageBody !== 'string')
      throw new ServiceError(400, 'MissingParameter', 'QueueUrl and MessageBody are required.');
    queued.push({
      queueUrl: input.QueueUrl,
      body: input.MessageBody,
      attributes: (input.MessageAttributes ?? {}) as QueuedMessage['attributes'],
    });
    return {
      MessageId: randomUUID(),
      MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex'),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const target = header(req, 'x-amz-target');
    if (target?.startsWith('AmazonSQS.')) {
      const operation = target.slice('AmazonSQS.'.length);
      try {
        const json = sqs(target, body);
        requests.push({ service: 'sqs', operation, status: 200 });
        send(res, 200, 'application/x-amz-json-1.0', JSON.stringify(json));
      } catch (error) {
        const e = asServiceError(error);
        requests.push({ service: 'sqs', operation, status: e.status });
        send(
          res,
          e.status,
          'application/x-amz-json-1.0',
          JSON.stringify({ __type: e.code, message: e.message }),
        );
      }
      return;
    }
    if (target?.startsWith('secretsmanager.')) {
      try {
        const { operation, json } = secretsManager(target, body);
        requests.push({ service: 'secretsmanager', operation, status: 200 });
        send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(json));
      } catch (error) {
        const e = asServiceError(error);
        requests.push({
          service: 'secretsmanager',
          operation: target.slice('secretsmanager.'.length),
          status: e.status,
        });
        send(
          res,
          e.status,
          'application/x-amz-json-1.1',
          JSON.stringify({ __type: e.code, message: e.message }),
          {
            'x-amzn-errortype': e.code,
          },
        );
      }
      return;
    }
    const params = new URLSearchParams(body);
    try {
      const { operation, xml } = sns(params);
      requests.push({ service: 'sns', operation, status: 200 });
      send(res, 200, 'text/xml', xml);
    } catch (error) {
      const e = asServiceError(error);
      requests.push({ service: 'sns', operation: params.get('Action') ?? '', status: e.status });
      send(res, e.status, 'text/xml', xmlError(e));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(error));
    });
  });
  // Keep-alive sockets from the SDK would otherwise hold `close()` open.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    published,
    requests,
    secretRequests,
    queued,
    failNextPublishes(count, kind) {
      for (let i = 0; i < count; i++) faults.push(kind);
    },
    setSecret(secretId, value) {
      secrets.set(secretId, value);
    },
    reset() {
      published.length = 0;
      requests.length = 0;
      secretRequests.length = 0;
      queued.length = 0;
      faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A form-encoded awsQuery request as nested maps: `A.member.1.B=x` becomes `{A: {member: {1: {B: 'x'}}}}`. */
interface QueryTree {
  [key: string]: string | QueryTree;
}

function parseQueryTree(params: URLSearchParams): QueryTree {
  const root: QueryTree = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1) {
        node[part] = value;
      } else {
        const child = node[part];
        if (typeof child === 'object') {
          node = child;
        } else {
          const created: QueryTree = {};
          node[part] = created;
          node = created;
        }
      }
    }
  }
  return root;
}

function str(tree: QueryTree, key: string): string | undefined {
  const value = tree[key];
  return typeof value === 'string' ? value : undefined;
}

/** The items of an awsQuery list (`member.N`) or map (`entry.N`), in index order. */
function list(tree: QueryTree, key: string): QueryTree[] {
  const container = tree[key];
  if (typeof container !== 'object') return [];
  const items = container.member ?? container.entry;
  if (typeof items !== 'object') return [];
  return Object.keys(items)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => items[k])
    .filter((item): item is QueryTree => typeof item === 'object');
}

function toMessage(
  action: PublishedMessage['action'],
  topicArn: string,
  tree: QueryTree,
  batchEntryId: string | undefined,
): PublishedMessage {
  const message = str(tree, 'Message');
  if (message === undefined)
    throw new ServiceError(
      400,
      'InvalidParameter',
      'Invalid parameter: Message Reason: no value for required parameter',
    );
  const subject = str(tree, 'Subject');
  if (subject !== undefined && (subject.length > 100 || /[\r\n]/.test(subject))) {
    throw new ServiceError(400, 'InvalidParameter', 'Invalid parameter: Subject');
  }
  const attributes: Record<string, PublishedAttribute> = {};
  for (const entry of list(tree, 'MessageAttributes')) {
    const name = str(entry, 'Name');
    const value = entry.Value;
    if (name === undefined || typeof value !== 'object') continue;
    const dataType = str(value, 'DataType');
    if (dataType === undefined)
      throw new ServiceError(
        400,
        'ParameterValueInvalid',
        `The message attribute '${name}' must contain non-empty message attribute type.`,
      );
    const stringValue = str(value, 'StringValue');
    const binaryValue = str(value, 'BinaryValue');
    attributes[name] = {
      dataType,
      ...(stringValue !== undefined && { stringValue }),
      ...(binaryValue !== undefined && { binaryValue }),
    };
  }
  const optional = (field: string, key: keyof PublishedMessage) => {
    const value = str(tree, field);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    action,
    messageId: randomUUID(),
    topicArn,
    ...(batchEntryId !== undefined && { batchEntryId }),
    ...(subject !== undefined && { subject }),
    message,
    ...optional('MessageStructure', 'messageStructure'),
    messageAttributes: attributes,
    ...optional('MessageGroupId', 'messageGroupId'),
    ...optional('MessageDeduplicationId', 'messageDeduplicationId'),
  };
}

/** What SNS counts against its size limit: the message plus every attribute's name, type and value. */
function payloadBytes(message: PublishedMessage): number {
  let bytes = Buffer.byteLength(message.message);
  for (const [name, attribute] of Object.entries(message.messageAttributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(attribute.dataType);
    bytes += Buffer.byteLength(attribute.stringValue ?? '') + Buffer.byteLength(attribute.binaryValue ?? '');
  }
  return bytes;
}

function findSecret(secrets: ReadonlyMap<string, string>, secretId: string): [string, string] | undefined {
  const exact = secrets.get(secretId);
  if (exact !== undefined) return [secretId, exact];
  // An ARN ends in `:secret:{name}-{6 random characters}`.
  const match = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(secretId);
  const name = match?.[1];
  const byName = name === undefined ? undefined : secrets.get(name);
  return name !== undefined && byName !== undefined ? [name, byName] : undefined;
}

function xmlResponse(operation: string, result: string, xmlns = SNS_XMLNS): string {
  return (
    `<${operation}Response xmlns="${xmlns}"><${operation}Result>${result}</${operation}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

function xmlError(error: ServiceError, xmlns = SNS_XMLNS): string {
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.fault}</Type><Code>${error.code}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function asServiceError(error: unknown): ServiceError {
  return error instanceof ServiceError
    ? error
    : new ServiceError(500, 'InternalFailure', String(error), 'Receiver');
}

function parseJsonObject(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the error below.
  }
  throw new ServiceError(400, 'SerializationException', 'The request body is not a JSON object.');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * The wire-protocol helpers, for other stand-ins speaking awsQuery (form-encoded request, XML
 * response; `xmlns` names the service's namespace) or JSON: `test/support/deployed-stack-stand-in.ts`.
 */
export {
  asServiceError,
  escapeXml,
  header,
  parseQueryTree,
  type QueryTree,
  readBody,
  ServiceError,
  send as sendResponse,
  str as queryValue,
  xmlError,
  xmlResponse,
};
