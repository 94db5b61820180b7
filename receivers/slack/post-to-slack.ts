/**
 * Posts one message to a Slack incoming webhook, retrying what can succeed
 * later (429, 5xx, network errors) for as long as the invocation has time.
 */
import { type PostTarget, postJson } from '../http/post-json.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import { PermanentSlackError, SlackDeliveryError } from './slack-errors.js';

/** `deadline`: the Lambda's remaining time, less a margin. */
export interface PostToSlackOptions extends PostTarget {
  readonly payload: unknown;
}

export interface PostToSlackResult {
  readonly attempts: number;
}

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
  const outcome = await postJson({
    ...options,
    body: JSON.stringify(options.payload),
    contentType: 'application/json; charset=utf-8',
    policy: SLACK_RETRY_POLICY,
    describeErrorBody: slackErrorCode,
  });
  switch (outcome.kind) {
    case 'delivered':
      return { attempts: outcome.attempts };
    case 'refused':
      throw new PermanentSlackError(outcome.status, outcome.detail, outcome.attempts);
    case 'gave-up':
      throw new SlackDeliveryError(
        `Slack webhook still failing after ${outcome.attempts} attempts and out of time: ${outcome.reason}`,
        outcome.status,
        outcome.attempts,
      );
  }
}
