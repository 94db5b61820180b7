/**
 * A stand-in for the Lambda runtime, run as a child process of the benchmark with the bundled
 * handler's path as its argument: it imports the bundle once (the cold start), then invokes its
 * `handler` each time the parent asks over IPC, reporting wall time, resident memory and the bytes
 * the invocation wrote to stdout (what CloudWatch Logs would ingest). Running each poller in its own
 * process makes `maxRSS` the poller's alone, not the simulator's or DynamoDB Local's.
 */
import { pathToFileURL } from 'node:url';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const modulePath = process.argv[2];
if (modulePath === undefined) throw new Error('usage: lambda-worker <handler-module>');

/** Enough of one invocation's output to count its metrics; a poll of 100 clusters writes about 200 KB. */
const MAX_CAPTURED_BYTES = 4 * 1024 * 1024;
let stdoutBytes = 0;
let captured: string[] | null = null;
let capturedBytes = 0;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  stdoutBytes += bytes;
  if (captured !== null && capturedBytes + bytes <= MAX_CAPTURED_BYTES) {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    capturedBytes += bytes;
  }
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

const importStarted = performance.now();
const { handler } = (await import(pathToFileURL(modulePath).href)) as { handler: Handler };
const importMs = performance.now() - importStarted;

const send = (reply: WorkerReply) => process.send?.(reply);

process.on('message', (request: WorkerRequest) => {
  if (request.type === 'stop') {
    send({ type: 'usage', maxRssBytes: process.resourceUsage().maxRSS * 1024 });
    process.disconnect();
    return;
  }
  void invoke(request.remainingMs, request.captureLog);
});

async function invoke(remainingMs: number, captureLog: boolean): Promise<void> {
  captured = captureLog ? [] : null;
  capturedBytes = 0;
  const deadline = Date.now() + remainingMs;
  const context = {
    functionName: 'bench-poller',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-poller',
    // Set by the benchmark from the stack's POLLER_MEMORY_MB, as Lambda sets it from the function's memory.
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: `bench-${Date.now()}`,
    logGroupName: '/aws/lambda/bench-poller',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const logBefore = stdoutBytes;
  const started = performance.now();
  try {
    const summary = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context);
    const durationMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    send({
      type: 'result',
      durationMs,
      peakRssBytes: peakRss,
      logBytes: stdoutBytes - logBefore,
      log: takeLog(),
      importMs,
      summary,
      error: null,
    });
  } catch (error) {
    clearInterval(sampler);
    const durationMs = performance.now() - started;
    send({
      type: 'result',
      durationMs,
      peakRssBytes: peakRss,
      logBytes: stdoutBytes - logBefore,
      log: takeLog(),
      importMs,
      summary: null,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

function takeLog(): string | null {
  const text = captured === null ? null : captured.join('');
  captured = null;
  return text;
}

send({ type: 'ready', importMs });
