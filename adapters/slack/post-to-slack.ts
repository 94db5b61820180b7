/**
 * Posts one message to a Slack incoming webhook, retrying what can succeed
 * later (429, 5xx, network errors) for as long as the invocation has time.
 */
import { PermanentSlackError, SlackDeliveryError } from './slack-errors.js';

export interface PostToSlackOptions {
  readonly url: URL;
  readonly payload: unknown;
  /** Epoch ms after which no attempt may start or wait end (the Lambda's remaining time, less a margin). */
  readonly deadline: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Called before each wait, for logging; gets no URL. */
  readonly onRetry?: (retry: { attempt: number; httpStatus: number | undefined; waitMs: number }) => void;
}

export interface PostToSlackResult {
  readonly attempts: number;
}

/** Longest single request; Slack answers webhooks in well under a second when healthy. */
const REQUEST_TIMEOUT_MS = 10_000;
/** An attempt with less time than this left is not worth starting. */
const MIN_ATTEMPT_MS = 500;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Slack's error bodies are short codes (`no_service`); anything else is cut down to a safe token. */
function slackErrorCode(body: string): string {
  const code = body
    .trim()
    .slice(0, 100)
    .replace(/[^\w .:-]/g, '');
  return code === '' ? 'no error code' : code;
}

function backoff(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
}

/** Node's fetch wraps socket errors; only their code is kept (messages can name the address). */
function networkErrorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  return 'network error';
}

/**
 * Posts `payload` as JSON to the webhook.
 *
 * - 2xx: done.
 * - 429: waits for Retry-After (or a backoff when absent), then tries again.
 * - 5xx, 408, network errors and timeouts: exponential backoff from 250 ms up to 5 s.
 * - Any other 4xx: {@link PermanentSlackError} at once (a revoked webhook stays revoked).
 * - When the next wait would pass the deadline: {@link SlackDeliveryError}.
 *
 * Redirects are not followed, so the URL is sent to no host but its own.
 */
export async function postToSlack(options: PostToSlackOptions): Promise<PostToSlackResult> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const body = JSON.stringify(options.payload);

  for (let attempt = 1; ; attempt += 1) {
    const remaining = options.deadline - now();
    let status: number | undefined;
    let waitMs: number;
    let reason: string;
    try {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.min(REQUEST_TIMEOUT_MS, remaining))),
      });
      status = response.status;
      const text = await response.text().catch(() => '');
      if (status >= 200 && status < 300) return { attempts: attempt };
      reason = `HTTP ${status} ${slackErrorCode(text)}`;
      if (status === 429) {
        waitMs = retryAfterMs(response.headers.get('retry-after'), now()) ?? backoff(attempt);
      } else if (status >= 500 || status === 408) {
        waitMs = backoff(attempt);
      } else {
        throw new PermanentSlackError(status, slackErrorCode(text), attempt);
      }
    } catch (error) {
      if (error instanceof PermanentSlackError) throw error;
      reason = networkErrorCode(error);
      waitMs = backoff(attempt);
    }

    if (now() + waitMs + MIN_ATTEMPT_MS > options.deadline) {
      throw new SlackDeliveryError(
        `Slack webhook still failing after ${attempt} attempts and out of time: ${reason}`,
        status,
        attempt,
      );
    }
    options.onRetry?.({ attempt, httpStatus: status, waitMs });
    await sleep(waitMs);
  }
}
