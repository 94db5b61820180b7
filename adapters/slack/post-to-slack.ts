/**
 * Posts one message to a Slack incoming webhook, retrying what can succeed
 * later (429, 5xx, network errors) for as long as the invocation has time.
 */
import { parseRetryAfter, planRetry, type RetryPolicy, sleepFor } from '../http/retry-policy.js';
import { PermanentSlackError, SlackDeliveryError } from './slack-errors.js';

export interface PostToSlackOptions {
  readonly url: URL;
  readonly payload: unknown;
  /** Epoch ms after which no attempt may start or wait end (the Lambda's remaining time, less a margin). */
  readonly deadline: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Called before each wait, for logging; gets no URL. */
  readonly onRetry?: (retry: { attempt: number; httpStatus: number | undefined; waitMs: number }) => void;
}

export interface PostToSlackResult {
  readonly attempts: number;
}

/** Longest single request; Slack answers webhooks in well under a second when healthy. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Slack allows about one message per second per webhook, so no wait is shorter
 * than that, even when it answers 429 with `Retry-After: 0`; and an attempt with
 * less than half a second left is not worth starting.
 */
export const SLACK_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  minDelayMs: 1_000,
  minAttemptMs: 500,
});

/** Slack's error bodies are short codes (`no_service`); anything else is cut down to a safe token. */
function slackErrorCode(body: string): string {
  const code = body
    .trim()
    .slice(0, 100)
    .replace(/[^\w .:-]/g, '');
  return code === '' ? 'no error code' : code;
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
 * - 429, 5xx, 408, network errors and timeouts: waits as {@link SLACK_RETRY_POLICY} says
 *   (Retry-After when valid, else jittered backoff; never under 1 s), then tries again.
 * - Any other 4xx: {@link PermanentSlackError} at once (a revoked webhook stays revoked).
 * - When the next wait would pass the deadline: {@link SlackDeliveryError}.
 *
 * Redirects are not followed, so the URL is sent to no host but its own.
 */
export async function postToSlack(options: PostToSlackOptions): Promise<PostToSlackResult> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const body = JSON.stringify(options.payload);

  for (let attempt = 1; ; attempt += 1) {
    const remaining = options.deadline - now();
    let status: number | undefined;
    let retryAfterMs: number | null = null;
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
      if (status !== 429 && status !== 408 && status < 500) {
        throw new PermanentSlackError(status, slackErrorCode(text), attempt);
      }
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    } catch (error) {
      if (error instanceof PermanentSlackError) throw error;
      reason = networkErrorCode(error);
    }

    const plan = planRetry(
      { attempt, retryAfterMs, now: now(), deadline: options.deadline },
      SLACK_RETRY_POLICY,
      random,
    );
    if (!plan.retry) {
      throw new SlackDeliveryError(
        `Slack webhook still failing after ${attempt} attempts and out of time: ${reason}`,
        status,
        attempt,
      );
    }
    options.onRetry?.({ attempt, httpStatus: status, waitMs: plan.delayMs });
    await sleep(plan.delayMs);
  }
}
