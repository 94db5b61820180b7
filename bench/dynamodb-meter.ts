/**
 * A metering proxy in front of DynamoDB Local: the benchmarked Lambda code is pointed at it with
 * `AWS_ENDPOINT_URL_DYNAMODB`, exactly as it would be at any endpoint, and the proxy records every
 * call's operation, table, index and the capacity DynamoDB reported. Measuring on the wire keeps the
 * poller's own wiring (`functions/poller/handler.ts`) untouched: it builds its clients itself.
 *
 * Capacity is only reported when the caller asks for it (`ReturnConsumedCapacity`); the store and
 * the naive poller both do.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { largestPutItemBytes } from './dynamodb-item-size.js';

/** DynamoDB APIs that consume read capacity; every other one consumes write capacity. */
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

export interface MeteredCall {
  /** e.g. `Query`, `TransactWriteItems`. */
  readonly operation: string;
  /** The table named in the request (the first one for a transaction). */
  readonly tableName: string | null;
  readonly indexName: string | null;
  /** A Query's partition key value (`:pk`), which tells the cluster state from the silences. */
  readonly partitionKey: string | null;
  readonly status: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Bytes of the response body (a Query's page size, roughly). */
  readonly responseBytes: number;
  /** Largest item the request puts, by DynamoDB's size rules (`dynamodb-item-size.ts`); 0 for none. */
  readonly largestItemBytes: number;
  /** `ConsumedCapacity` as DynamoDB returned it, per table. */
  readonly capacity: readonly ConsumedCapacity[];
}

export interface DynamoDbMeter {
  /** Base URL to use as the DynamoDB endpoint. */
  readonly endpoint: string;
  /** Calls since start or the last `reset`. */
  readonly calls: readonly MeteredCall[];
  reset(): void;
  stop(): Promise<void>;
}

export interface ConsumedCapacity {
  readonly TableName?: string;
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/** Starts the proxy on 127.0.0.1, forwarding to `target` (DynamoDB Local's endpoint). */
export async function startDynamoDbMeter(target: string): Promise<DynamoDbMeter> {
  const upstream = new URL(target);
  const calls: MeteredCall[] = [];

  const server = createServer((req, res) => {
    readAll(req)
      .then((body) => {
        const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
        const input = parseJson(body.toString('utf8'));
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host },
          },
          (answer) => {
            readAll(answer)
              .then((payload) => {
                const output = parseJson(payload.toString('utf8'));
                calls.push(meter(operation, input, output, answer.statusCode ?? 0, payload.length));
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                res.end(payload);
              })
              .catch((error: unknown) => res.destroy(error as Error));
          },
        );
        forward.on('error', (error) => res.destroy(error));
        forward.end(body);
      })
      .catch((error: unknown) => res.destroy(error as Error));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    reset: () => {
      calls.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function meter(
  operation: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
  status: number,
  bytes: number,
): MeteredCall {
  const consumed = output.ConsumedCapacity;
  const list = (
    Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]
  ) as ConsumedCapacity[];
  const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  const isRead = READ_OPERATIONS.has(operation);
  return {
    operation,
    tableName: tableOf(input),
    indexName: typeof input.IndexName === 'string' ? input.IndexName : null,
    partitionKey: partitionKeyOf(input),
    status,
    readUnits: isRead ? units : 0,
    writeUnits: isRead ? 0 : units,
    responseBytes: bytes,
    largestItemBytes: largestPutItemBytes(operation, input),
    capacity: list,
  };
}

function partitionKeyOf(input: Record<string, unknown>): string | null {
  const values = input.ExpressionAttributeValues as Record<string, { S?: unknown }> | undefined;
  const pk = values?.[':pk']?.S;
  return typeof pk === 'string' ? pk : null;
}

function tableOf(input: Record<string, unknown>): string | null {
  if (typeof input.TableName === 'string') return input.TableName;
  const items = input.TransactItems;
  if (!Array.isArray(items)) return null;
  const first = items[0] as Record<string, { TableName?: string }> | undefined;
  const action = first === undefined ? undefined : Object.values(first)[0];
  return action?.TableName ?? null;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
