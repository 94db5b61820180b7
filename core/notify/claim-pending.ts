/**
 * The claim stage: takes this poll's hold on a cluster's pending events, so that two polls
 * running at once never both publish one event.
 */
import type { HistoryEvent } from '../model/change-events.js';
import type { PollBudget } from '../poll/poll-budget.js';
import type { LinkStateStore } from '../ports.js';

/** Which cluster's events to claim, for whom, and what the poll knows of its outbox. */
export interface ClaimRequest {
  readonly clusterId: string;
  /** Identifies this poll's claims (`claimedBy`). */
  readonly claimant: string;
  /** Events this poll recorded (or promoted) for publishing. */
  readonly justCommitted: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[];
  /** The store said, when the poll read the cluster's state, that no event was waiting. */
  readonly outboxEmpty: boolean;
}

export interface ClaimDependencies {
  readonly store: Pick<LinkStateStore, 'claimPendingEvents'>;
  readonly now: () => Date;
  readonly budget: Pick<PollBudget, 'claimUntil'>;
}

/**
 * The events claimed, oldest first (none: the outbox is drained), or null when nothing can be
 * waiting and the store was not asked.
 * @throws what the store throws; nothing is claimed then.
 */
export async function claimPending(
  request: ClaimRequest,
  deps: ClaimDependencies,
): Promise<readonly HistoryEvent[] | null> {
  // The steady state: nothing was waiting and nothing was recorded, so there is nothing to read.
  if (request.outboxEmpty && request.justCommitted.length === 0) return null;
  const now = deps.now();
  return deps.store.claimPendingEvents({
    clusterId: request.clusterId,
    claimant: request.claimant,
    now: now.toISOString(),
    claimUntil: new Date(deps.budget.claimUntil(now.getTime())).toISOString(),
    // The store's outbox index may not show these yet: name them so they go out in this poll.
    justCommitted: request.justCommitted,
  });
}
