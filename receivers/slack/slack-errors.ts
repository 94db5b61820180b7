/** Errors of the Slack notifier. None of them ever carries the webhook URL: it is a credential. */

/**
 * Slack answered with a 4xx that no retry can fix: the webhook was revoked or
 * its channel removed (403/404 `no_service`, `invalid_token`, 410 `channel_is_archived`)
 * or the payload is refused (400 `invalid_payload`).
 */
export class PermanentSlackError extends Error {
  override readonly name = 'PermanentSlackError';
  constructor(
    readonly httpStatus: number,
    /** Slack's short error code from the response body, e.g. `no_service`; never the URL. */
    readonly slackError: string,
    readonly attempts: number,
  ) {
    super(`Slack webhook rejected the message for good: HTTP ${httpStatus} ${slackError}`);
  }
}

/** Slack stayed unavailable (429, 5xx, network) until the invocation ran out of time; worth retrying later. */
export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  constructor(
    message: string,
    /** Last HTTP status, undefined when the last attempt got no response. */
    readonly httpStatus: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** The webhook secret or the function's settings are unusable; names the setting, never the secret's value. */
export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
