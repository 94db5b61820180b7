/**
 * Fault injection for the real DynamoDB client: a middleware placed innermost in the SDK's stack
 * (inside its retry loop, right before the HTTP request to DynamoDB Local) that fails chosen calls
 * with the exceptions DynamoDB really returns, or runs a hook first (e.g. a competing poll). Every
 * attempt the SDK makes passes through it, so a throttle that lasts fewer attempts than the
 * client's `maxAttempts` is absorbed by the SDK's own retries, as in AWS.
 */
import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

/** What a failing call answers. */
export type DynamoFaultKind =
  /** 400 ProvisionedThroughputExceededException: the SDK retries it as throttling. */
  | 'throttling'
  /** 400 TransactionCanceledException with reason TransactionConflict (another transaction on the item). */
  | 'transaction-conflict'
  /** 500 InternalServerError: retried by the SDK. */
  | 'internal-error';

export interface DynamoFaultRule {
  /** DynamoDB API, e.g. `TransactWriteItems`, `Query`, `UpdateItem`. */
  readonly operation: string;
  /** Only calls whose input this accepts (e.g. one cluster's writes). @default every call */
  readonly match?: (input: unknown) => boolean;
  /** How many attempts it fails (each SDK retry counts). @default 1 */
  readonly times?: number;
  /** Fails the call with this; absent when the rule only runs `before`. */
  readonly fault?: DynamoFaultKind;
  /** Runs before the attempt goes on (or fails): a competing write, a delay. */
  readonly before?: () => Promise<void>;
}

export interface DynamoFaults {
  add(rule: DynamoFaultRule): void;
  clear(): void;
  /** Attempts failed so far, per operation, e.g. `TransactWriteItems:throttling`. */
  readonly injected: readonly string[];
}

interface ActiveRule extends DynamoFaultRule {
  remaining: number;
}

function exception(kind: DynamoFaultKind): Error {
  const $metadata = { httpStatusCode: kind === 'internal-error' ? 500 : 400, requestId: 'fault-injected' };
  switch (kind) {
    case 'throttling':
      return new ProvisionedThroughputExceededException({
        $metadata,
        message: 'The level of configured provisioned throughput for the table was exceeded.',
      });
    case 'transaction-conflict':
      return new TransactionCanceledException({
        $metadata,
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
        ],
      });
    case 'internal-error':
      return new InternalServerError({ $metadata, message: 'Internal server error' });
  }
}

/**
 * A DynamoDB client for `endpoint` whose calls can be made to fail. `maxAttempts` is the SDK's
 * (3 by default, as in production).
 */
export function faultyDynamoDbClient(
  endpoint: string,
  options: { maxAttempts?: number } = {},
): { client: DynamoDBClient; faults: DynamoFaults } {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  const rules: ActiveRule[] = [];
  const injected: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const input = (args as { input?: unknown }).input;
      const rule = rules.find(
        (r) => r.operation === operation && r.remaining > 0 && (r.match?.(input) ?? true),
      );
      if (rule !== undefined) {
        rule.remaining -= 1;
        await rule.before?.();
        if (rule.fault !== undefined) {
          injected.push(`${operation}:${rule.fault}`);
          throw exception(rule.fault);
        }
      }
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'faultInjection' },
  );
  return {
    client,
    faults: {
      add: (rule) => rules.push({ ...rule, remaining: rule.times ?? 1 }),
      clear: () => {
        rules.length = 0;
      },
      injected,
    },
  };
}

/** Matches calls whose input mentions `text` anywhere (a cluster id, a table name). */
export function mentioning(text: string): (input: unknown) => boolean {
  return (input) => JSON.stringify(input).includes(`"${text}`);
}

/** A client for a port nothing listens on: every call fails to connect. */
export function unreachableDynamoDbClient(port: number): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
}
