/**
 * Posts one message to a Slack incoming webhook, retrying what can succeed
 * later (429, 5xx, network errors) for as long as the invocation has time.
 */
import type { PostTarget } from '../../adapters/http/post-json.js';
import type { RetryPolicy } from '../../adapters/http/retry-policy.js';
import { postToReceiver, type ReceiverEndpoint } from '../shared/post-to-receiver.js';
import { PermanentSlackError, SlackDeliveryError } from './slack-errors.js';

/** `deadline`: the Lambda's remaining time, less a margin. */
export interface PostToSlackOptions extends PostTarget {
  readonly payload: unknown;
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

const SLACK_WEBHOOK: ReceiverEndpoint = {
  name: 'Slack webhook',
  policy: SLACK_RETRY_POLICY,
  describeErrorBody: slackErrorCode,
  errors: { refused: PermanentSlackError, unavailable: SlackDeliveryError },
};

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
export async function postToSlack(options: PostToSlackOptions): Promise<{ readonly attempts: number }> {
  return postToReceiver(SLACK_WEBHOOK, { ...options, body: JSON.stringify(options.payload) });
}
