/**
 * The dead-letter port: where a message goes that no retry can deliver (the
 * receiver refused it for good, or it is not a message at all), kept whole for
 * a person to look at and redrive instead of being retried in vain.
 */

/** The invocation that gave up on a message. */
export interface FailedInvocation {
  readonly requestId: string;
  readonly functionArn: string;
  readonly functionVersion: string;
}

/** A message given up on, with why and by which invocation. */
export interface DeadLetter {
  /** The event exactly as it arrived, so that a redrive can send it again. */
  readonly payload: unknown;
  /** Why retries were skipped, e.g. `PermanentFailure` or `MalformedRecord`. */
  readonly condition: string;
  readonly errorType: string;
  /** Never carries a secret. */
  readonly errorMessage: string;
  /** What the reader needs to act, e.g. the HTTP status; no secret. */
  readonly details: Readonly<Record<string, string | number | null>>;
  readonly invocation: FailedInvocation;
  /** Epoch ms when it was given up on. */
  readonly at: number;
}

/** Where a receiver keeps what no retry can deliver; on Lambda, `sqs-dead-letter-queue.ts`. */
export interface DeadLetterQueue {
  /** @throws when the letter could not be stored; the caller then leaves the message to the platform's retries */
  send(letter: DeadLetter): Promise<void>;
}
