/**
 * Posts one JSON body to a receiver's HTTP endpoint under the project's one retry
 * mechanism (`adapters/http/post-json.ts`) and turns its outcome into the
 * receiver's own errors: delivered, refused for good, or still unavailable at the
 * deadline. Each receiver describes its endpoint once ({@link ReceiverEndpoint}).
 */
import { type PostTarget, postJson } from '../../adapters/http/post-json.js';
import type { RetryPolicy } from '../../adapters/http/retry-policy.js';
import type { ReceiverRefusedError, ReceiverUnavailableError } from './receiver-errors.js';

/** How a receiver's service is posted to and how its failures are named. */
export interface ReceiverEndpoint {
  /** How error messages name the service, e.g. `Slack webhook`. */
  readonly name: string;
  readonly policy: RetryPolicy;
  /** Safe, short text for an error response's body (it may echo anything). */
  readonly describeErrorBody: (body: string) => string;
  /** The receiver's own classes for a refusal and for giving up. */
  readonly errors: {
    readonly refused: new (
      message: string,
      httpStatus: number,
      detail: string,
      attempts: number,
    ) => ReceiverRefusedError;
    readonly unavailable: new (
      message: string,
      httpStatus: number | undefined,
      attempts: number,
    ) => ReceiverUnavailableError;
  };
}

/**
 * @returns how many attempts it took
 * @throws the endpoint's `refused` error when the service refused the body (a 4xx but 408 and 429)
 * @throws the endpoint's `unavailable` error when it stayed unavailable until the deadline
 */
export async function postToReceiver(
  endpoint: ReceiverEndpoint,
  options: PostTarget & { readonly body: string },
): Promise<{ readonly attempts: number }> {
  const outcome = await postJson({
    ...options,
    // Both services take JSON; UTF-8 is JSON's encoding, said outright for Slack's sake.
    contentType: 'application/json; charset=utf-8',
    policy: endpoint.policy,
    describeErrorBody: endpoint.describeErrorBody,
  });
  switch (outcome.kind) {
    case 'delivered':
      return { attempts: outcome.attempts };
    case 'refused':
      throw new endpoint.errors.refused(
        `${endpoint.name} refused the message for good: HTTP ${outcome.status} ${outcome.detail}`,
        outcome.status,
        outcome.detail,
        outcome.attempts,
      );
    case 'gave-up':
      throw new endpoint.errors.unavailable(
        `${endpoint.name} still failing after ${outcome.attempts} attempts and out of time: ${outcome.reason}`,
        outcome.status,
        outcome.attempts,
      );
  }
}
