/**
 * Runs DynamoDB Local (a real DynamoDB API on loopback) for the integration tests, and creates the
 * monitor's tables in it from the one design in `adapters/dynamodb/table-design.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  HISTORY_TABLE,
  SNAPSHOT_TABLE,
  toCreateTableInput,
  toTimeToLiveInput,
} from '../../adapters/dynamodb/table-design.js';
import { DYNAMODB_LOCAL_DIR, isDynamoDbLocalFetched } from './fetch-dynamodb-local.js';

export interface DynamoDbLocal {
  /** `http://127.0.0.1:{port}` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export class DynamoDbLocalStartError extends Error {
  override readonly name = 'DynamoDbLocalStartError';
}

const STARTUP_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** Resolves once the emulator answers HTTP; rejects when the process exits first or time runs out. */
async function waitUntilAnswering(
  child: ChildProcess,
  endpoint: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  child.once('error', (error: NodeJS.ErrnoException) => {
    exited =
      error.code === 'ENOENT'
        ? 'could not run `java` (is a Java 17+ runtime on the PATH?)'
        : `failed: ${error.message}`;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new DynamoDbLocalStartError(`DynamoDB Local ${exited}\n${output()}`);
    try {
      // Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is serving.
      await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new DynamoDbLocalStartError(
    `DynamoDB Local did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS / 1000}s\n${output()}`,
  );
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts an in-memory DynamoDB Local on a free loopback port (fetch it first with
 * `npm run dynamodb-local:fetch`). Retries with another port if the chosen one was taken meanwhile.
 */
export async function startDynamoDbLocal(dir: string = DYNAMODB_LOCAL_DIR): Promise<DynamoDbLocal> {
  if (!isDynamoDbLocalFetched(dir)) {
    throw new DynamoDbLocalStartError(
      `DynamoDB Local is not in ${dir}; run \`npm run dynamodb-local:fetch\``,
    );
  }
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(
      'java',
      [
        '-Djava.library.path=DynamoDBLocal_lib',
        '-jar',
        'DynamoDBLocal.jar',
        '-inMemory',
        '-port',
        String(port),
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    try {
      await waitUntilAnswering(child, endpoint, () => output);
      child.stdout?.off('data', collect);
      child.stderr?.off('data', collect);
      child.stdout?.resume();
      child.stderr?.resume();
      return { endpoint, stop: () => stopProcess(child) };
    } catch (error) {
      lastError = error;
      await stopProcess(child);
      if (!(error instanceof DynamoDbLocalStartError) || !/BindException|Address already in use/.test(output))
        break;
    }
  }
  throw lastError;
}

/** A client for DynamoDB Local with dummy credentials: tests never reach a real account. */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

export interface TestTables {
  readonly snapshotTableName: string;
  readonly historyTableName: string;
  /** Deletes both tables. */
  drop(): Promise<void>;
}

/**
 * Creates the snapshot and history tables under a unique name per call (`{prefix}-{random}-...`),
 * so test files sharing one DynamoDB Local never see each other's data.
 *
 * TTL stays off unless asked for: tests record history on fixed clocks months in the past, so
 * its expiry time has passed, and DynamoDB Local's TTL sweep would delete those events at a
 * moment of its choosing, while a test is reading them.
 */
export async function createTables(
  client: DynamoDBClient,
  prefix: string,
  options: { readonly timeToLive?: boolean } = {},
): Promise<TestTables> {
  const base = `${prefix}-${randomUUID().slice(0, 8)}`;
  const snapshotTableName = `${base}-snapshots`;
  const historyTableName = `${base}-history`;
  for (const [design, name] of [
    [SNAPSHOT_TABLE, snapshotTableName],
    [HISTORY_TABLE, historyTableName],
  ] as const) {
    await client.send(new CreateTableCommand(toCreateTableInput(design, name)));
    const ttl = toTimeToLiveInput(design, name);
    if (ttl !== undefined && options.timeToLive === true) await client.send(new UpdateTimeToLiveCommand(ttl));
  }
  return {
    snapshotTableName,
    historyTableName,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: snapshotTableName }));
      await client.send(new DeleteTableCommand({ TableName: historyTableName }));
    },
  };
}
