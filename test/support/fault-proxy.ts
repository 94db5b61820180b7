/**
 * Steps for the fault server (`fault-server.ts`) that forward a request to a real upstream (the
 * Confluent simulator) and answer with its response, optionally altered. Put the fault server in
 * front of the simulator and script a cluster's path as `[...faults, forwardTo(sim)]`: the faults
 * come first, then the cluster behaves again, and the simulator stays the single source of truth.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultStep } from './fault-server.js';

/** Changes a successful page before it is sent on (the parsed JSON body; return the new body). */
export type PageRewrite = (page: Record<string, unknown>) => unknown;

export interface ForwardOptions {
  /** Base URL of the upstream, e.g. the simulator's `baseUrl`. */
  readonly upstream: string;
  /** Base URL the client talks to (the fault server): upstream URLs in bodies are rewritten to it. */
  readonly front: string;
  readonly rewrite?: PageRewrite;
}

/** A step answering with the upstream's response to the same request. */
export function forwardTo(options: ForwardOptions): FaultStep {
  return {
    kind: 'custom',
    handle: (req, res) => {
      void forward(req, res, options);
    },
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.headers.authorization !== undefined) headers.authorization = req.headers.authorization;
    const upstream = await fetch(`${options.upstream}${req.url ?? '/'}`, {
      headers,
      signal: controller.signal,
    });
    let text = (await upstream.text()).split(options.upstream).join(options.front);
    if (options.rewrite !== undefined && upstream.status === 200) {
      text = JSON.stringify(options.rewrite(JSON.parse(text) as Record<string, unknown>));
    }
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  } catch {
    // The upstream reset, stalled until the client left, or the test is closing: cut this one too.
    res.destroy();
  }
}
