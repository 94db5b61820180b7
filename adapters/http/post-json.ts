/**
 * POSTs one JSON body to a webhook-style endpoint, retrying what can succeed later (408, 429,
 * 5xx, network errors and timeouts) as the given policy says, for as long as the deadline
 * allows. Any other 4xx is final at once. Redirects are not followed: the URL or the body may
 * hold a secret, and no host but the URL's own may see it. The one mechanism behind the Slack
 * and PagerDuty senders, which give its outcome their own typed errors.
 */
import { parseRetryAfter, planRetry, type RetryPolicy, sleepFor } from './retry-policy.js';

export interface PostJsonOptions {
  readonly url: URL;
  /** The serialized body. */
  readonly body: string;
  readonly contentType: string;
  readonly policy: RetryPolicy;
  /** Epoch ms after which no attempt may start or wait end. */
  readonly deadline: number;
  /** Safe, short text for an error response's body (it may echo anything). */
  readonly describeErrorBody: (body: string) => string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Called before each wait, for logging; gets no URL. */
  readonly onRetry?: (retry: { attempt: number; httpStatus: number | undefined; waitMs: number }) => void;
}

/** Where and how long to post, and the seams tests replace: what every sender passes through. */
export type PostTarget = Pick<
  PostJsonOptions,
  'url' | 'deadline' | 'fetch' | 'sleep' | 'now' | 'random' | 'onRetry'
>;

export type PostJsonOutcome =
  | { readonly kind: 'delivered'; readonly attempts: number }
  /** The endpoint refused the request for good: sending it again cannot work. */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string; readonly attempts: number }
  /** Still failing when the deadline left no room for another attempt. */
  | {
      readonly kind: 'gave-up';
      readonly status: number | undefined;
      readonly reason: string;
      readonly attempts: number;
    };

/** Longest single request; webhooks answer in well under a second when healthy. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Node's fetch wraps socket errors; only their code is kept (messages can name the address). */
function networkErrorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  return 'network error';
}

export async function postJson(options: PostJsonOptions): Promise<PostJsonOutcome> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt += 1) {
    const remaining = options.deadline - now();
    let status: number | undefined;
    let retryAfterMs: number | null = null;
    let reason: string;
    try {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': options.contentType },
        body: options.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.min(REQUEST_TIMEOUT_MS, remaining))),
      });
      status = response.status;
      const text = await response.text().catch(() => '');
      if (status >= 200 && status < 300) return { kind: 'delivered', attempts: attempt };
      const detail = options.describeErrorBody(text);
      if (status !== 429 && status !== 408 && status < 500)
        return { kind: 'refused', status, detail, attempts: attempt };
      reason = `HTTP ${status} ${detail}`;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    } catch (error) {
      reason = networkErrorCode(error);
    }
    const plan = planRetry(
      { attempt, retryAfterMs, now: now(), deadline: options.deadline },
      options.policy,
      random,
    );
    if (!plan.retry) return { kind: 'gave-up', status, reason, attempts: attempt };
    options.onRetry?.({ attempt, httpStatus: status, waitMs: plan.delayMs });
    await sleep(plan.delayMs);
  }
}
