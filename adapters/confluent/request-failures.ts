/**
 * What one failed request to Confluent was, before the client turns it into a `ConfluentApiError`
 * (which also needs the attempt count and why it gave up): a deadline, a timeout, a network error
 * or an error response, each with a summary that names the cluster and carries no secret.
 */
import * as z from '../../core/zod-mini.js';
import { parseRetryAfter } from '../http/retry-policy.js';
import type { ResolvedCluster } from './cluster-endpoint.js';
import { type ConfluentErrorKind, InvalidLinksResponseError } from './confluent-errors.js';
import { scrubSecrets } from './credentials.js';
import { readCappedBody } from './read-capped-body.js';

/** Error bodies are only read for their `error_code` and `message`; a bigger one is not worth holding. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Keeps a server message readable in a notification. */
const MAX_CONFLUENT_MESSAGE_CHARS = 300;

const errorBodySchema = z.object({
  error_code: z.nullish(z.number()),
  message: z.nullish(z.string()),
});

/** One failed attempt, before it becomes an error (which also needs the attempt count and give-up reason). */
export interface Failure {
  readonly kind: ConfluentErrorKind;
  readonly summary: string;
  readonly status: number | null;
  readonly errorCode: number | null;
  readonly confluentMessage: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly cause?: unknown;
}

export type AttemptResult =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly failure: Failure };

/**
 * An invalid page is reported with text the server chose (a next page's path, its
 * content-type, a link name), which may echo a credential: scrubbed before it leaves the client.
 */
export function withoutSecrets(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof InvalidLinksResponseError)) return error;
  const path = error.path === null ? null : scrubSecrets(error.path, secrets);
  const problem = scrubSecrets(error.problem, secrets);
  if (path === error.path && problem === error.problem) return error;
  return new InvalidLinksResponseError({ clusterId: error.clusterId, path, problem, status: error.status });
}

export function deadlineFailure(cluster: ResolvedCluster): Failure {
  return {
    kind: 'deadline',
    summary: `The deadline passed before the links of cluster ${cluster.clusterId} were listed`,
    status: null,
    errorCode: null,
    confluentMessage: null,
    retryable: false,
    retryAfterMs: null,
  };
}

export function timeoutFailure(cluster: ResolvedCluster, timeoutMs: number): Failure {
  return {
    kind: 'timeout',
    summary: `No complete response from Confluent for cluster ${cluster.clusterId} within ${timeoutMs} ms`,
    status: null,
    errorCode: null,
    confluentMessage: null,
    retryable: true,
    retryAfterMs: null,
  };
}

export function networkFailure(cluster: ResolvedCluster, error: unknown, phase: 'connect' | 'body'): Failure {
  const reason = describeNetworkError(error, cluster.secrets);
  const summary =
    phase === 'connect'
      ? `Could not reach the Confluent REST endpoint of cluster ${cluster.clusterId} (${reason})`
      : `The response from Confluent for cluster ${cluster.clusterId} was cut off before the body was complete (${reason})`;
  return {
    kind: 'network',
    summary,
    status: null,
    errorCode: null,
    confluentMessage: null,
    retryable: true,
    retryAfterMs: null,
    // No cause: the raw error (and undici's chain under it) is not scrubbed; `reason` says what it said.
  };
}

/** Undici wraps the useful part (`ECONNRESET`, `other side closed`) in `cause`. */
function describeNetworkError(error: unknown, secrets: readonly string[]): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
    current = current.cause;
  }
  const text = parts.length === 0 ? String(error) : parts.join(' <- ');
  // Scrubbed before it is cut: a cut through a secret would leave a fragment no scrub matches.
  return scrubSecrets(text, secrets).slice(0, 300);
}

/** Best effort: an error body may be JSON (`error_code`, `message`), HTML (429) or nothing. */
export async function readErrorBody(
  response: Response,
  secrets: readonly string[],
): Promise<{ errorCode: number | null; confluentMessage: string | null }> {
  const none = { errorCode: null, confluentMessage: null };
  try {
    const body = await readCappedBody(response.body, MAX_ERROR_BODY_BYTES);
    if (body.kind === 'too-large') return none;
    const parsed = errorBodySchema.safeParse(JSON.parse(Buffer.from(body.bytes).toString('utf8')));
    if (!parsed.success) return none;
    const message = parsed.data.message ?? null;
    return {
      errorCode: parsed.data.error_code ?? null,
      confluentMessage:
        message === null || message === ''
          ? null
          : scrubSecrets(message, secrets).slice(0, MAX_CONFLUENT_MESSAGE_CHARS),
    };
  } catch {
    return none;
  }
}

/** What an error response means: its kind, whether a retry may help, and a summary naming the cluster. */
export async function httpFailure(
  cluster: ResolvedCluster,
  response: Response,
  now: number,
): Promise<Failure> {
  const status = response.status;
  const { errorCode, confluentMessage } = await readErrorBody(response, cluster.secrets);
  const base = { status, errorCode, confluentMessage, retryAfterMs: null };
  const id = cluster.clusterId;
  if (status === 401) {
    const what = cluster.credentialKind === 'basic' ? 'the API key' : 'the access token';
    const check = cluster.credentialKind === 'basic' ? 'check the API key and secret' : 'check the token';
    const code = errorCode === null ? '' : ` (error_code ${errorCode}: Kafka authentication failed)`;
    return {
      ...base,
      kind: 'auth',
      retryable: false,
      summary: `Confluent rejected ${what} for cluster ${id}${code}; ${check}`,
    };
  }
  if (status === 403) {
    return {
      ...base,
      kind: 'auth',
      retryable: false,
      summary: `Confluent refused access to the links of cluster ${id}: the credentials lack permission to list cluster links`,
    };
  }
  if (status === 404) {
    return {
      ...base,
      kind: 'client',
      retryable: false,
      summary: `Confluent found no links resource for cluster ${id}: check the cluster id and the REST endpoint`,
    };
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  if (status === 429) {
    return {
      ...base,
      retryAfterMs,
      kind: 'rate-limited',
      retryable: true,
      summary: `Confluent rate-limited the requests for cluster ${id}`,
    };
  }
  if (status >= 500) {
    return {
      ...base,
      retryAfterMs,
      kind: 'server',
      retryable: true,
      summary: `Confluent had a server error listing the links of cluster ${id}`,
    };
  }
  if (status === 408) {
    return {
      ...base,
      retryAfterMs,
      kind: 'timeout',
      retryable: true,
      summary: `Confluent timed out the request for cluster ${id}`,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      ...base,
      kind: 'client',
      retryable: false,
      summary: `Confluent answered the request for cluster ${id} with a redirect, which is not followed so that credentials stay on the configured host`,
    };
  }
  return {
    ...base,
    kind: 'client',
    retryable: false,
    summary: `Confluent refused the request for cluster ${id}`,
  };
}
