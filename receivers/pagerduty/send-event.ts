/**
 * Sends one event to the PagerDuty Events API v2 (`POST /v2/enqueue`),
 * retrying what PagerDuty says to retry (429, 5xx, network errors) while the
 * invocation has time: 202 is success, 400 and other 4xx are final.
 */
import type { PostTarget } from '../../adapters/http/post-json.js';
import type { RetryPolicy } from '../../adapters/http/retry-policy.js';
import { postToReceiver, type ReceiverEndpoint } from '../shared/post-to-receiver.js';
import { PagerDutyDeliveryError, PermanentPagerDutyError } from './pagerduty-errors.js';
import type { PagerDutyEvent } from './pagerduty-events.js';

export interface SendEventOptions extends PostTarget {
  readonly routingKey: string;
  readonly event: PagerDutyEvent;
}

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

const EVENTS_API: ReceiverEndpoint = {
  name: 'PagerDuty',
  policy: PAGERDUTY_RETRY_POLICY,
  describeErrorBody,
  errors: { refused: PermanentPagerDutyError, unavailable: PagerDutyDeliveryError },
};

/**
 * @throws PermanentPagerDutyError when PagerDuty refused the event (400 and other 4xx but 408/429)
 * @throws PagerDutyDeliveryError when it stayed unavailable until the deadline
 */
export async function sendPagerDutyEvent(options: SendEventOptions): Promise<{ readonly attempts: number }> {
  const body = JSON.stringify({ routing_key: options.routingKey, ...options.event });
  return postToReceiver(EVENTS_API, { ...options, body });
}
