/**
 * The settle stage: what is left of a poll's claim after publishing. Sent and quarantined events
 * left the outbox as they went; the rest is handed back, and when nothing is left the store may
 * record the cluster's outbox as empty.
 */
import type { LinkStateStore, Notification } from '../ports.js';

/** Whose claim to settle. */
export interface SettleRequest {
  readonly clusterId: string;
  readonly claimant: string;
}

/** What the publish stage left (see `PublishOutcome`). */
export interface PublishedRound {
  readonly published: number;
  readonly toRetry: readonly Notification[];
  readonly untried?: readonly Notification[];
}

/**
 * Hands back the claims of the notifications not tried, then of those that failed: counting the
 * attempt only when other notifications went out in the same poll (the failure was then the
 * notification's own; when nothing went out the service looked down, and an outage must not use
 * up the attempts of every notification waiting for it). With nothing failed, the outbox may be
 * empty now.
 * @throws what the store throws.
 */
export async function settleClaims(
  request: SettleRequest,
  round: PublishedRound,
  store: Pick<LinkStateStore, 'releaseClaim' | 'recordPublishFailure' | 'outboxDrained'>,
): Promise<void> {
  // The service looked down: the next poll retries these at once.
  if (round.untried !== undefined)
    await store.releaseClaim(
      round.untried.flatMap((n) => n.events),
      request.claimant,
    );
  const failedEvents = round.toRetry.flatMap((n) => n.events);
  if (failedEvents.length === 0) {
    await store.outboxDrained({ clusterId: request.clusterId, claimant: request.claimant });
    return;
  }
  if (round.published > 0) await store.recordPublishFailure(failedEvents, request.claimant);
  else await store.releaseClaim(failedEvents, request.claimant);
}
