/**
 * Runs Stoplight Prism as a mock of the Confluent links API, generated from
 * `spec/list-links.openapi.yaml` (or another contract of `spec/`), so that a
 * client can be tested against the contract's own examples over real HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRISM_BIN = `${ROOT}node_modules/.bin/prism`;
/** The links listing's contract; `startPrism` can serve another file of `spec/`. */
export const LIST_LINKS_SPEC = `${ROOT}spec/list-links.openapi.yaml`;
/** A link's detail and its mirror topics. */
export const LINK_DETAIL_SPEC = `${ROOT}spec/link-detail-and-mirrors.openapi.yaml`;

export interface PrismMock {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops the Prism process and waits for it to exit. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (Prism takes a port number, not 0). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`prism exited with code ${child.exitCode}:\n${output()}`);
    try {
      // Any HTTP answer (Prism replies 401 without credentials) means it is serving.
      await fetch(`${url}/kafka/v3/clusters/ready/links`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`prism did not start within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts `prism mock SPEC` on 127.0.0.1 and a free port, and resolves once it answers.
 *
 * @param timeoutMs - how long to wait for it to serve
 * @param spec - the contract to serve @default LIST_LINKS_SPEC
 */
export async function startPrism(timeoutMs = 60_000, spec = LIST_LINKS_SPEC): Promise<PrismMock> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(PRISM_BIN, ['mock', spec, '-h', '127.0.0.1', '-p', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilReady(url, child, () => log, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
