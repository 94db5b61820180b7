/** Errors of the PagerDuty receiver. None carries the routing key. */
import { ReceiverRefusedError, ReceiverUnavailableError } from '../shared/receiver-errors.js';

/**
 * PagerDuty refused the event for good (400: invalid event; other 4xx); retrying cannot help.
 * `detail` is PagerDuty's `message` and `errors`, cut down to safe text (`pagerDutyError` in log
 * lines and dead letters).
 */
export class PermanentPagerDutyError extends ReceiverRefusedError {
  override readonly name = 'PermanentPagerDutyError';
  override readonly detailName = 'pagerDutyError';
}

/** PagerDuty stayed busy or unreachable (429, 5xx, network) until the deadline. */
export class PagerDutyDeliveryError extends ReceiverUnavailableError {
  override readonly name = 'PagerDutyDeliveryError';
}
