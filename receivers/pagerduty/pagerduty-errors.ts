/** Errors of the PagerDuty Events API v2 adapter. None carries the routing key. */

/** PagerDuty refused the event for good (400: invalid event; other 4xx); retrying cannot help. */
export class PermanentPagerDutyError extends Error {
  override readonly name = 'PermanentPagerDutyError';
  constructor(
    readonly httpStatus: number,
    /** PagerDuty's `message` and `errors`, cut down to safe text. */
    readonly pagerDutyError: string,
    readonly attempts: number,
  ) {
    super(`PagerDuty refused the event: HTTP ${httpStatus} ${pagerDutyError}`);
  }
}

/** PagerDuty stayed busy or unreachable (429, 5xx, network) until the deadline. */
export class PagerDutyDeliveryError extends Error {
  override readonly name = 'PagerDutyDeliveryError';
  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** The notifier's configuration or secret is unusable. */
export class PagerDutyConfigError extends Error {
  override readonly name = 'PagerDutyConfigError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
