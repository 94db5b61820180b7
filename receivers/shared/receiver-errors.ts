/**
 * The error classes every receiver's errors extend, so that the shared delivery
 * (`deliver-record.ts`) decides what to retry, what to dead-letter and what to count
 * from the class alone; a receiver's own subclasses only name the error after it
 * (`PermanentSlackError`), as the dead-letter records and Lambda's logs show it. None
 * carries a credential (webhook URL, routing key).
 */

/** The service refused a message for good (a 4xx but 408 and 429): sending it again cannot help. */
export abstract class ReceiverRefusedError extends Error {
  /** The key `detail` has in log lines and dead letters, e.g. `slackError`. */
  abstract readonly detailName: string;

  constructor(
    message: string,
    readonly httpStatus: number,
    /** What the service said about the refusal, cut down to safe text. */
    readonly detail: string,
    readonly attempts: number,
  ) {
    super(message);
  }

  /** What a person needs to act on the refusal, for log lines and dead letters; no credential. */
  details(): Readonly<Record<string, string | number>> {
    return { httpStatus: this.httpStatus, [this.detailName]: this.detail };
  }
}

/** The service stayed busy or unreachable (429, 5xx, network) until the deadline: worth retrying later. */
export abstract class ReceiverUnavailableError extends Error {
  constructor(
    message: string,
    /** Last HTTP status, undefined when the last attempt got no response. */
    readonly httpStatus: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** A receiver function's settings are unusable; names the setting, never its value. */
export class ReceiverConfigError extends Error {
  override readonly name = 'ReceiverConfigError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** A record without the SNS fields a receiver reads; it goes to the dead-letter queue, never retried. */
export class MalformedSnsRecordError extends Error {
  override readonly name = 'MalformedSnsRecordError';
}
