/**
 * A scriptable HTTP server on 127.0.0.1 for testing HTTP clients against the
 * faults real endpoints produce: error statuses, HTML where JSON was expected,
 * truncated bodies, reset connections, stalls, endless bodies.
 *
 * Each request path gets a script: a list of steps served in order, one per
 * request; once the list is used up its last step repeats. Every request is
 * recorded (method, path with query, Authorization header).
 *
 * @example
 * const server = await startFaultServer();
 * server.script('/kafka/v3/clusters/lkc-1/links', [
 *   { kind: 'text', status: 429, body: '<html>...</html>', headers: { 'content-type': 'text/html' } },
 *   { kind: 'json', body: { kind: 'KafkaLinkDataList', metadata: { self: '', next: null }, data: [] } },
 * ]);
 * // ... point the client at server.url ...
 * expect(server.requestsFor('/kafka/v3/clusters/lkc-1/links')).toHaveLength(2);
 * await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Headers = Readonly<Record<string, string>>;

/** One scripted answer. */
export type FaultStep =
  /** A JSON body (`content-type: application/json`), status 200 unless given. */
  | { readonly kind: 'json'; readonly status?: number; readonly body: unknown; readonly headers?: Headers }
  /** Any text body, sent as is (set `content-type` in headers). */
  | { readonly kind: 'text'; readonly status: number; readonly body: string; readonly headers?: Headers }
  /** Declares `Content-Length` larger than what is sent, sends `body`, then destroys the socket. */
  | {
      readonly kind: 'truncate';
      readonly status?: number;
      readonly body: string;
      readonly declaredLength?: number;
    }
  /** Destroys the connection without any response (the client sees a reset/closed socket). */
  | { readonly kind: 'reset' }
  /** Accepts the request and never answers (until the client gives up or the server closes). */
  | { readonly kind: 'stall' }
  /** Sends status and headers, then never sends the body. */
  | { readonly kind: 'stall-body'; readonly status?: number; readonly headers?: Headers }
  /** Streams `chunk` (chunked encoding, no Content-Length) until the client disconnects. */
  | { readonly kind: 'endless'; readonly chunk: string }
  /** Full control, for anything the other steps do not cover. */
  | { readonly kind: 'custom'; readonly handle: (req: IncomingMessage, res: ServerResponse) => void };

/** What the server saw of one request. */
export interface RecordedRequest {
  readonly method: string;
  /** Path with query, as sent (e.g. `/kafka/v3/clusters/c/links?page_token=2`). */
  readonly path: string;
  /** Path without query. */
  readonly pathname: string;
  readonly authorization: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FaultServer {
  /** Base URL, e.g. `http://127.0.0.1:45123` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every request received so far, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Sets the steps for a path. `path` may include a query: a request is matched on its exact
   * path-with-query first, then on its path alone. Replaces any earlier script for that key.
   */
  script(path: string, steps: readonly FaultStep[]): void;
  /** Requests whose path-without-query is `pathname`. */
  requestsFor(pathname: string): readonly RecordedRequest[];
  /** Stops listening and destroys every open connection (stalled ones included). */
  close(): Promise<void>;
}

interface Script {
  readonly steps: readonly FaultStep[];
  next: number;
}

/** Starts a fault server on 127.0.0.1 on a free port. Requests to an unscripted path get 404 with a JSON body. */
export async function startFaultServer(): Promise<FaultServer> {
  const scripts = new Map<string, Script>();
  const requests: RecordedRequest[] = [];
  const stalled = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const pathname = path.split('?')[0] ?? path;
    requests.push({
      method: req.method ?? 'GET',
      path,
      pathname,
      authorization: req.headers.authorization,
      headers: { ...req.headers },
    });
    const script = scripts.get(path) ?? scripts.get(pathname);
    const step =
      script === undefined ? undefined : script.steps[Math.min(script.next, script.steps.length - 1)];
    if (script !== undefined) script.next += 1;
    if (step === undefined) {
      send(
        res,
        404,
        JSON.stringify({ error_code: 404, message: `fault server: nothing scripted for ${pathname}` }),
        {
          'content-type': 'application/json',
        },
      );
      return;
    }
    serve(step, req, res, stalled);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(path, steps) {
      if (steps.length === 0) throw new Error('a script needs at least one step');
      scripts.set(path, { steps, next: 0 });
    },
    requestsFor(pathname) {
      return requests.filter((r) => r.pathname === pathname);
    },
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Headers = {}): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function serve(
  step: FaultStep,
  req: IncomingMessage,
  res: ServerResponse,
  stalled: Set<ServerResponse>,
): void {
  switch (step.kind) {
    case 'json':
      send(res, step.status ?? 200, JSON.stringify(step.body), {
        'content-type': 'application/json',
        ...step.headers,
      });
      return;
    case 'text':
      send(res, step.status, step.body, step.headers);
      return;
    case 'truncate': {
      const length = step.declaredLength ?? Buffer.byteLength(step.body) + 100;
      res.writeHead(step.status ?? 200, { 'content-type': 'application/json', 'content-length': length });
      res.write(step.body, () => {
        // Give the bytes a moment to leave before the connection is cut.
        setTimeout(() => res.destroy(), 10);
      });
      return;
    }
    case 'reset':
      req.socket.destroy();
      return;
    case 'stall':
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    case 'stall-body':
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
      res.flushHeaders();
      return;
    case 'endless': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (!res.destroyed && res.write(step.chunk)) {
          // keep writing until the socket's buffer is full
        }
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    case 'custom':
      step.handle(req, res);
      return;
  }
}
