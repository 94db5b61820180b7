/**
 * One benchmark run: one poller (ours or the naive baseline) against one size of simulated estate,
 * through the scenarios in order, each poll measured from outside the poller's process.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { SILENCE_PARTITION } from '../adapters/dynamodb/dynamodb-silence-store.js';
import { POLLER_ENV } from '../adapters/lambda/poller-environment.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../core/poll/poll-settings.js';
import { createTables } from '../tools/local-aws/dynamodb-local.js';
import type { PublishedMessage } from '../tools/local-aws/local-aws-endpoint.js';
import { type ConfluentSimulator, startConfluentSimulator } from '../tools/simulator/confluent-simulator.js';
import { type BenchWorld, CONFLUENT_CREDENTIALS, CONFLUENT_SECRET_ID, TOPIC_ARN } from './bench-world.js';
import type { EstateSize } from './estate-size.js';
import { applyScenario, type ScenarioName } from './scenarios.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

export type PollerKind = 'ours' | 'naive';

export interface DynamoDbFigures {
  readonly calls: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Query pages read from the snapshot table's base (the cluster state), and their read units. */
  readonly snapshotQueries: number;
  readonly snapshotReadUnits: number;
  /** Query pages of the silences partition in the same table: one read per poll, not per cluster. */
  readonly silenceQueries: number;
}

export interface PollMeasurement {
  readonly scenario: ScenarioName;
  /** 1-based within the scenario. */
  readonly poll: number;
  /** Links whose state the scenario changed before this poll. */
  readonly changedLinks: number;
  readonly wallMs: number;
  readonly dynamodb: DynamoDbFigures;
  /** SNS messages published: what a subscriber receives (a split digest is several). */
  readonly publishes: number;
  /** Notifications those messages carry (the parts of a split digest are one). Absent in older runs. */
  readonly notifications?: number;
  /** Largest message published, in bytes (message, subject and attributes, as SNS counts them). */
  readonly largestPublishBytes?: number;
  /** Bytes of every message published, counted the same way. */
  readonly publishedBytes?: number;
  /** Largest item written (put) to DynamoDB, by DynamoDB's size rules. */
  readonly largestItemBytes?: number;
  readonly restRequests: number;
  /** Most detail requests (a link's tasks, its mirror topics, one topic) made to one cluster. */
  readonly detailRequestsMax?: number;
  readonly peakRssBytes: number;
  readonly logBytes: number;
  /** The poll's stdout, kept for the first poll of the first run and of steady state (their metrics are counted). */
  readonly log: string | null;
  readonly error: string | null;
  readonly summary: unknown;
}

/**
 * The lower bound, measured in the same run: warm steady-state polls alternating with the same
 * listing requests alone (`bench/listing-handler.ts`: same clusters, client and concurrency, no
 * state work), so both see the same machine load.
 */
export interface LowerBound {
  readonly steadyMs: readonly number[];
  readonly listingMs: readonly number[];
}

/** A warm steady-state poll with `metricsLevel: cluster`: what that opt-in sends and logs. */
export interface ClusterLevelPoll {
  readonly log: string;
  readonly logBytes: number;
}

export interface RunResult {
  readonly kind: PollerKind;
  readonly size: EstateSize;
  readonly concurrency: number;
  readonly importMs: number;
  readonly maxRssBytes: number;
  readonly polls: readonly PollMeasurement[];
  /** Ours only, when measured. */
  readonly lowerBound?: LowerBound;
  readonly clusterLevel?: ClusterLevelPoll;
}

export interface RunOptions {
  readonly world: BenchWorld;
  readonly kind: PollerKind;
  readonly size: EstateSize;
  /** Path of the bundled `lambda-worker`. */
  readonly workerBundle: string;
  /** Path of the bundled handler this run invokes. */
  readonly handlerBundle: string;
  readonly scenarios: readonly { readonly name: ScenarioName; readonly polls: number }[];
  readonly pageSize: number;
  readonly latencyMs: number;
  readonly settings?: Partial<PollSettings>;
  /** What `context.getRemainingTimeInMillis()` starts from. */
  readonly remainingMs: number;
  /** Function memory: sizes the worker's V8 heap the way Lambda's Node.js runtime does. */
  readonly memoryMb: number;
  /** Called after every poll (progress output). */
  readonly onPoll?: (poll: PollMeasurement) => void;
  /**
   * Path of the bundled listing-only handler: after the scenarios, this many warm steady-state
   * polls alternate with as many listing-only invocations (the lower bound), and one more poll
   * runs with `metricsLevel: cluster`. Ours only.
   */
  readonly lowerBound?: { readonly listingBundle: string; readonly pairs: number };
}

/** Runs the scenarios in order on fresh tables and a fresh simulator, in a fresh worker process. */
export async function runPoller(options: RunOptions): Promise<RunResult> {
  const { world, size } = options;
  const simulator = await startConfluentSimulator({
    auth: { kind: 'basic', ...CONFLUENT_CREDENTIALS },
    clusters: clusterIds(size).map((clusterId) => ({
      clusterId,
      links: size.links,
      ...(size.topicsPerLink !== undefined && { topicsPerLink: size.topicsPerLink }),
    })),
    pageSize: options.pageSize,
    latencyMs: options.latencyMs,
  });
  const tables = options.kind === 'ours' ? await createTablesFor(world) : await createNaiveTable(world);
  const settings: PollSettings = { ...DEFAULT_POLL_SETTINGS, ...options.settings };
  const worker = await startWorker(
    options.workerBundle,
    options.handlerBundle,
    lambdaNodeFlags(options.memoryMb),
    {
      ...workerEnvironment(world, simulator, size, settings),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
      ...tables.env,
    },
  );
  try {
    const polls: PollMeasurement[] = [];
    for (const scenario of options.scenarios) {
      for (let poll = 1; poll <= scenario.polls; poll++) {
        const changedLinks = applyScenario(scenario.name, simulator, poll, size.topicsPerLink);
        // The first poll (a cold start) and a warm one: together they show every metric a month defines.
        const captureLog = poll === 1 && (scenario.name === 'first-run' || scenario.name === 'steady');
        const measured = await measurePoll(world, simulator, worker, options.remainingMs, captureLog);
        const result: PollMeasurement = { scenario: scenario.name, poll, changedLinks, ...measured };
        polls.push(result);
        options.onPoll?.(result);
      }
    }
    let lowerBound: LowerBound | undefined;
    let clusterLevel: ClusterLevelPoll | undefined;
    if (options.lowerBound !== undefined) {
      const env = {
        ...workerEnvironment(world, simulator, size, settings),
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
        ...tables.env,
      };
      lowerBound = await measureLowerBound(world, simulator, worker, options, env);
      clusterLevel = await measureClusterLevel(world, simulator, options, env);
    }
    const maxRssBytes = await worker.stop();
    return {
      kind: options.kind,
      size,
      concurrency: settings.concurrency,
      importMs: worker.importMs,
      maxRssBytes,
      polls,
      ...(lowerBound !== undefined && { lowerBound }),
      ...(clusterLevel !== undefined && { clusterLevel }),
    };
  } finally {
    worker.kill();
    await simulator.close();
    await tables.drop();
  }
}

/** Alternates warm polls of the real poller with listing-only invocations, in separate processes. */
async function measureLowerBound(
  world: BenchWorld,
  simulator: ConfluentSimulator,
  poller: Worker,
  options: RunOptions,
  env: NodeJS.ProcessEnv,
): Promise<LowerBound> {
  const bound = options.lowerBound;
  if (bound === undefined) throw new Error('no listing bundle');
  const listing = await startWorker(
    options.workerBundle,
    bound.listingBundle,
    lambdaNodeFlags(options.memoryMb),
    env,
  );
  try {
    // One of each first: the listing worker's cold start and first secret read are not the bound.
    await listing.invoke(options.remainingMs, false);
    await measurePoll(world, simulator, poller, options.remainingMs, false);
    const steadyMs: number[] = [];
    const listingMs: number[] = [];
    for (let pair = 0; pair < bound.pairs; pair++) {
      const polled = await measurePoll(world, simulator, poller, options.remainingMs, false);
      if (polled.error !== null) throw new Error(`steady poll failed: ${polled.error}`);
      steadyMs.push(polled.wallMs);
      const listed = await listing.invoke(options.remainingMs, false);
      if (listed.error !== null) throw new Error(`listing-only invocation failed: ${listed.error}`);
      listingMs.push(listed.durationMs);
    }
    return { steadyMs, listingMs };
  } finally {
    await listing.stop().catch(() => 0);
    listing.kill();
  }
}

/** One warm steady-state poll with `metricsLevel: cluster`, its log kept to count its metrics. */
async function measureClusterLevel(
  world: BenchWorld,
  simulator: ConfluentSimulator,
  options: RunOptions,
  env: NodeJS.ProcessEnv,
): Promise<ClusterLevelPoll> {
  const worker = await startWorker(
    options.workerBundle,
    options.handlerBundle,
    lambdaNodeFlags(options.memoryMb),
    {
      ...env,
      [POLLER_ENV.metricsLevel]: 'cluster',
    },
  );
  try {
    await measurePoll(world, simulator, worker, options.remainingMs, false);
    const warm = await measurePoll(world, simulator, worker, options.remainingMs, true);
    return { log: warm.log ?? '', logBytes: warm.logBytes };
  } finally {
    await worker.stop().catch(() => 0);
    worker.kill();
  }
}

export function clusterIds(size: EstateSize): string[] {
  return Array.from({ length: size.clusters }, (_, i) => `lkc-bench${String(i).padStart(4, '0')}`);
}

async function measurePoll(
  world: BenchWorld,
  simulator: ConfluentSimulator,
  worker: Worker,
  remainingMs: number,
  captureLog: boolean,
): Promise<Omit<PollMeasurement, 'scenario' | 'poll' | 'changedLinks'>> {
  world.meter.reset();
  simulator.resetRequestCounts();
  const publishedBefore = world.aws.published.length;
  const reply = await worker.invoke(remainingMs, captureLog);
  const calls = world.meter.calls;
  const byOperation: Record<string, number> = {};
  for (const call of calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
  const snapshotTableQueries = calls.filter(
    (c) => c.operation === 'Query' && c.indexName === null && (c.tableName ?? '').endsWith('-snapshots'),
  );
  const snapshotCalls = snapshotTableQueries.filter((c) => c.partitionKey !== SILENCE_PARTITION);
  return {
    wallMs: reply.durationMs,
    dynamodb: {
      calls: calls.length,
      byOperation,
      readUnits: sum(calls.map((c) => c.readUnits)),
      writeUnits: sum(calls.map((c) => c.writeUnits)),
      snapshotQueries: snapshotCalls.length,
      snapshotReadUnits: sum(snapshotCalls.map((c) => c.readUnits)),
      silenceQueries: snapshotTableQueries.length - snapshotCalls.length,
    },
    ...publishedFigures(world.aws.published.slice(publishedBefore)),
    largestItemBytes: Math.max(0, ...calls.map((c) => c.largestItemBytes)),
    restRequests: simulator.requestCount,
    detailRequestsMax: Math.max(
      0,
      ...simulator.clusterIds().map((id) => simulator.detailRequestCountFor(id)),
    ),
    peakRssBytes: reply.peakRssBytes,
    logBytes: reply.logBytes,
    log: reply.log,
    error: reply.error,
    summary: reply.summary,
  };
}

function workerEnvironment(
  world: BenchWorld,
  simulator: ConfluentSimulator,
  size: EstateSize,
  settings: PollSettings,
): NodeJS.ProcessEnv {
  const clusters = clusterIds(size).map((id, i) => ({
    id,
    label: `bench-${i}`,
    url: simulator.baseUrl,
    secret: CONFLUENT_SECRET_ID,
  }));
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: world.meter.endpoint,
    AWS_ENDPOINT_URL_SNS: world.aws.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: world.aws.endpoint,
    // As the stack sets them (infra/constructs/monitor-function.ts).
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'cluster-link-monitor',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    [POLLER_ENV.topicArn]: TOPIC_ARN,
    [POLLER_ENV.clusters]: JSON.stringify(clusters),
    [POLLER_ENV.settings]: JSON.stringify(settings),
  };
}

interface Tables {
  readonly env: Record<string, string>;
  drop(): Promise<void>;
}

async function createNaiveTable(world: BenchWorld): Promise<Tables> {
  const name = `bench-naive-${Math.random().toString(36).slice(2, 10)}`;
  await world.admin.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'clusterId', AttributeType: 'S' },
        { AttributeName: 'linkName', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'clusterId', KeyType: 'HASH' },
        { AttributeName: 'linkName', KeyType: 'RANGE' },
      ],
    }),
  );
  return {
    // The naive handler reads the same runtime config, which requires these two names.
    env: {
      NAIVE_TABLE_NAME: name,
      [POLLER_ENV.snapshotTableName]: name,
      [POLLER_ENV.historyTableName]: name,
    },
    drop: async () => {
      await world.admin.send(new DeleteTableCommand({ TableName: name }));
    },
  };
}

async function createTablesFor(world: BenchWorld): Promise<Tables> {
  const tables = await createTables(world.admin, 'bench');
  return {
    env: {
      [POLLER_ENV.snapshotTableName]: tables.snapshotTableName,
      [POLLER_ENV.historyTableName]: tables.historyTableName,
    },
    drop: tables.drop,
  };
}

interface Worker {
  readonly importMs: number;
  invoke(remainingMs: number, captureLog: boolean): Promise<Extract<WorkerReply, { type: 'result' }>>;
  /** Ends the worker and returns its peak resident memory over its whole life. */
  stop(): Promise<number>;
  kill(): void;
}

/**
 * The heap limits the Lambda Node.js runtime's bootstrap derives from the function memory
 * (new space a tenth of it, half of that per semi-space, the rest old space), so that the
 * measured resident memory is the one the function would have.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

async function startWorker(
  workerBundle: string,
  handlerBundle: string,
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Worker> {
  const child: ChildProcess = fork(workerBundle, [handlerBundle], {
    env,
    execArgv: [...execArgv],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const next = <T extends WorkerReply['type']>(type: T) =>
    new Promise<Extract<WorkerReply, { type: T }>>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.type !== type) return;
        cleanup();
        resolve(reply as Extract<WorkerReply, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the poller worker exited (${code}) while waiting for '${type}':\n${stderr}`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const send = (request: WorkerRequest) => child.send(request);
  const ready = await next('ready');
  return {
    importMs: ready.importMs,
    invoke: async (remainingMs, captureLog) => {
      const reply = next('result');
      send({ type: 'invoke', remainingMs, captureLog });
      return reply;
    },
    stop: async () => {
      const usage = next('usage');
      send({ type: 'stop' });
      return (await usage).maxRssBytes;
    },
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

/**
 * What a poll published: messages, the notifications they carry (a message without a part, or the
 * first part of a split digest, starts one) and the largest message as SNS counts its size.
 */
export function publishedFigures(
  messages: readonly PublishedMessage[],
): Pick<PollMeasurement, 'publishes' | 'notifications' | 'largestPublishBytes' | 'publishedBytes'> {
  const bytes = (m: PublishedMessage) =>
    Buffer.byteLength(m.message) +
    Buffer.byteLength(m.subject ?? '') +
    sum(
      Object.entries(m.messageAttributes).map(
        ([name, a]) =>
          Buffer.byteLength(name) + Buffer.byteLength(a.dataType) + Buffer.byteLength(a.stringValue ?? ''),
      ),
    );
  return {
    publishes: messages.length,
    notifications: messages.filter((m) => (messagePartOf(m)?.index ?? 1) === 1).length,
    largestPublishBytes: Math.max(0, ...messages.map(bytes)),
    publishedBytes: sum(messages.map(bytes)),
  };
}

/** The `messagePart` of the JSON document a message carries for every protocol (`default`). */
function messagePartOf(message: PublishedMessage): { index: number } | null {
  try {
    const structure = JSON.parse(message.message) as { default?: unknown };
    const doc =
      typeof structure.default === 'string' ? (JSON.parse(structure.default) as unknown) : structure;
    const part = (doc as { messagePart?: { index?: unknown } } | null)?.messagePart;
    return typeof part?.index === 'number' ? { index: part.index } : null;
  } catch {
    return null;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
