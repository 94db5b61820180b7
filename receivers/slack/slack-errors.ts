/** Errors of the Slack receiver. None of them ever carries the webhook URL: it is a credential. */
import { ReceiverRefusedError, ReceiverUnavailableError } from '../shared/receiver-errors.js';

/**
 * Slack answered with a 4xx that no retry can fix: the webhook was revoked or
 * its channel removed (403/404 `no_service`, `invalid_token`, 410 `channel_is_archived`)
 * or the payload is refused (400 `invalid_payload`). `detail` is Slack's short error
 * code from the response body (`slackError` in log lines and dead letters).
 */
export class PermanentSlackError extends ReceiverRefusedError {
  override readonly name = 'PermanentSlackError';
  override readonly detailName = 'slackError';
}

/** Slack stayed unavailable (429, 5xx, network) until the invocation ran out of time; worth retrying later. */
export class SlackDeliveryError extends ReceiverUnavailableError {
  override readonly name = 'SlackDeliveryError';
}
