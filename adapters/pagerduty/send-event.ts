/**
 * Sends one event to the PagerDuty Events API v2 (`POST /v2/enqueue`),
 * retrying what PagerDuty says to retry (429, 5xx, network errors) while the
 * invocation has time: 202 is success, 400 and other 4xx are final.
 */
import type { PagerDutyEvent } from '../../core/render/pagerduty-events.js';
import { parseRetryAfter, planRetry, type RetryPolicy, sleepFor } from '../http/retry-policy.js';
import { PagerDutyDeliveryError, PermanentPagerDutyError } from './pagerduty-errors.js';

export interface SendEventOptions {
  readonly url: URL;
  readonly routingKey: string;
  readonly event: PagerDutyEvent;
  /** Epoch ms after which no attempt may start or wait end. */
  readonly deadline: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** @default Math.random (the policy's jitter) */
  readonly random?: () => number;
  readonly onRetry?: (retry: { attempt: number; httpStatus: number | undefined; waitMs: number }) => void;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** PagerDuty asks for a backoff on 429 and 5xx; an attempt with less than half a second left is not worth starting. */
export const PAGERDUTY_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  minDelayMs: 250,
  minAttemptMs: 500,
});
/** PagerDuty's error bodies are small JSON; more is not read. */
const MAX_ERROR_BODY_CHARS = 2_000;

/** `message` and `errors` of an error body, as safe printable text. */
function describeErrorBody(body: string): string {
  let detail = body;
  try {
    const parsed = JSON.parse(body.slice(0, MAX_ERROR_BODY_CHARS)) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e) => typeof e === 'string') : [];
    detail = [typeof parsed.message === 'string' ? parsed.message : '', ...errors].filter(Boolean).join('; ');
  } catch {
    // Not JSON: the text itself, cut down below.
  }
  const clean = detail.slice(0, 300).replace(/[^\w .,:;'"()/=-]/g, '');
  return clean === '' ? 'no error detail' : clean;
}

function networkErrorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  return 'network error';
}

/**
 * @throws PermanentPagerDutyError when PagerDuty refused the event (400 and other 4xx but 408/429)
 * @throws PagerDutyDeliveryError when it stayed unavailable until the deadline
 */
export async function sendPagerDutyEvent(options: SendEventOptions): Promise<{ attempts: number }> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const body = JSON.stringify({ routing_key: options.routingKey, ...options.event });

  for (let attempt = 1; ; attempt += 1) {
    const remaining = options.deadline - now();
    let status: number | undefined;
    let retryAfterMs: number | null = null;
    let reason: string;
    try {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        // Redirects are not followed: the body holds the routing key.
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.min(REQUEST_TIMEOUT_MS, remaining))),
      });
      status = response.status;
      const text = await response.text().catch(() => '');
      if (status >= 200 && status < 300) return { attempts: attempt };
      reason = `HTTP ${status} ${describeErrorBody(text)}`;
      if (status !== 429 && status !== 408 && status < 500) {
        throw new PermanentPagerDutyError(status, describeErrorBody(text), attempt);
      }
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    } catch (error) {
      if (error instanceof PermanentPagerDutyError) throw error;
      reason = networkErrorCode(error);
    }
    const plan = planRetry(
      { attempt, retryAfterMs, now: now(), deadline: options.deadline },
      PAGERDUTY_RETRY_POLICY,
      random,
    );
    if (!plan.retry) {
      throw new PagerDutyDeliveryError(
        `PagerDuty still failing after ${attempt} attempts and out of time: ${reason}`,
        status,
        attempt,
      );
    }
    options.onRetry?.({ attempt, httpStatus: status, waitMs: plan.delayMs });
    await sleep(plan.delayMs);
  }
}
