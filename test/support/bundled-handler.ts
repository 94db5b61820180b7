/**
 * Runs a synthesized function bundle once, as Lambda would, in a fresh `node`
 * process (a cold start) with exactly the environment given, and returns what
 * the handler returned and what it wrote.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUNDLE_REGION = 'us-east-1';
export const BUNDLE_ACCOUNT = '123456789012';

const RUNNER = `
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [, modulePath, exportName, eventJson, timeoutMs, memoryMb, resultPath] = process.argv;
// A later time than the host's, for polls a test places minutes apart (see clockShiftMs).
const shift = Number(process.env.BUNDLE_CLOCK_SHIFT_MS ?? 0);
if (shift !== 0) {
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) { if (args.length === 0) super(RealDate.now() + shift); else super(...args); }
    static now() { return RealDate.now() + shift; }
  };
}
const handler = (await import(pathToFileURL(modulePath).href))[exportName];
const deadline = Date.now() + Number(timeoutMs);
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:${BUNDLE_REGION}:${BUNDLE_ACCOUNT}:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: memoryMb,
  awsRequestId: crypto.randomUUID(),
  logGroupName: '/aws/lambda/' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  logStreamName: '2025/01/01/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => {}, fail: () => {}, succeed: () => {},
};
const result = await handler(JSON.parse(eventJson), context);
writeFileSync(resultPath, JSON.stringify(result ?? null));
`;

export interface BundleRun {
  readonly result: unknown;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunBundleOptions {
  /** The staged asset directory (see `functionAssetDir`). */
  readonly dir: string;
  /** The template's `Handler`, e.g. `index.handler`. */
  readonly handler: string;
  readonly event: unknown;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly functionName: string;
  /** On top of what the Lambda runtime sets (region, function name, task root). */
  readonly env: Readonly<Record<string, string>>;
  /** Runs the handler this far ahead of the host's clock, as if invoked later. @default 0 */
  readonly clockShiftMs?: number;
}

/** @throws when the handler throws or the process fails, with its output in the message. */
export async function runBundledHandler(options: RunBundleOptions): Promise<BundleRun> {
  const [moduleName, exportName] = options.handler.split('.') as [string, string];
  const modulePath = ['.mjs', '.js', '.cjs']
    .map((ext) => join(options.dir, moduleName + ext))
    .find(existsSync);
  if (modulePath === undefined) throw new Error(`no ${moduleName} module in ${options.dir}`);
  const work = mkdtempSync(join(tmpdir(), 'bundle-run-'));
  const resultPath = join(work, `result-${randomBytes(4).toString('hex')}.json`);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    AWS_REGION: BUNDLE_REGION,
    AWS_DEFAULT_REGION: BUNDLE_REGION,
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    LAMBDA_TASK_ROOT: options.dir,
    _HANDLER: options.handler,
    ...(options.clockShiftMs !== undefined && { BUNDLE_CLOCK_SHIFT_MS: String(options.clockShiftMs) }),
    ...options.env,
  };
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        RUNNER,
        modulePath,
        exportName,
        JSON.stringify(options.event),
        String(options.timeoutMs),
        String(options.memoryMb),
        resultPath,
      ],
      // Another directory than the bundle's: files must be found beside the handler.
      { env, cwd: work, maxBuffer: 32 * 1024 * 1024 },
      (error, out, err) => {
        if (error) reject(new Error(`handler failed (${error.message}):\n${err}\n${out}`));
        else resolve({ stdout: out, stderr: err });
      },
    );
  });
  return { result: JSON.parse(readFileSync(resultPath, 'utf8')), stdout, stderr };
}
