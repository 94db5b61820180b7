/**
 * The notification pipeline: how a cluster's pending history events become messages. Its stages
 * run in this order, each in a module of its own, each returning what it did:
 *
 * 1. claim (`claim-pending.ts`): this poll's hold on the cluster's pending events;
 * 2. group (`../plan-notifications.ts`): the events as notifications, a digest when many;
 * 3. publish (`publish-notifications.ts`): each notification sent and recorded as sent, those
 *    that fail for good split by link (`split-by-link.ts`) and quarantined, the rest kept to retry;
 * 4. settle (`settle-claims.ts`): the claims not used handed back, or the outbox marked drained.
 *
 * Silencing happened before: a silenced event is recorded as not to be notified and never
 * pending. Rendering and splitting a message to fit its receiver is the notifier's (SNS splits a
 * digest too large for one message, `render/sns-message.ts`).
 */
import { describeError } from '../poll/describe-error.js';
import type { PollBudget } from '../poll/poll-budget.js';
import type { LinkStateStore, Notification, Notifier } from '../ports.js';
import { type ClaimRequest, claimPending } from './claim-pending.js';
import { planNotifications } from './plan-notifications.js';
import { type GivenUpNotification, publishNotifications } from './publish-notifications.js';
import { settleClaims } from './settle-claims.js';

/** The narrow dependencies of the stages together. */
export interface NotifyDependencies {
  readonly store: Pick<
    LinkStateStore,
    | 'claimPendingEvents'
    | 'markSent'
    | 'quarantine'
    | 'releaseClaim'
    | 'recordPublishFailure'
    | 'outboxDrained'
  >;
  readonly notifier: Notifier;
  readonly now: () => Date;
  readonly budget: Pick<PollBudget, 'claimUntil'>;
  /** More link notifications than this in one cluster go out as one digest (`PollSettings`). */
  readonly digestThreshold: number;
}

/** What the pipeline did for one cluster, for the poll to add to its result. */
export interface NotifyOutcome {
  /** Notifications published and recorded as sent. */
  readonly published: number;
  /** Publish calls that failed; their events stay pending unless given up. */
  readonly publishFailures: number;
  /** Notifications given up (quarantined) this poll. */
  readonly givenUp: readonly GivenUpNotification[];
  /**
   * A stage that failed as a whole (claiming, grouping, recording a send or a quarantine, handing
   * claims back, marking the outbox drained): it stopped the pipeline; what it held stays pending.
   */
  readonly failure?: string;
}

const NOTHING_NOTIFIED: NotifyOutcome = { published: 0, publishFailures: 0, givenUp: [] };

/**
 * Publishes a cluster's pending events: claim, group, publish, settle. Never throws: a stage that
 * fails is the outcome's `failure`, and what the stages before it did is counted.
 */
export async function notifyPending(request: ClaimRequest, deps: NotifyDependencies): Promise<NotifyOutcome> {
  let notifications: readonly Notification[];
  try {
    const claimed = await claimPending(request, deps);
    if (claimed === null) return NOTHING_NOTIFIED;
    // Nothing claimed groups into nothing to publish, and the outbox is then marked drained.
    notifications = planNotifications(claimed, { digestThreshold: deps.digestThreshold });
  } catch (error) {
    return { ...NOTHING_NOTIFIED, failure: describeError(error) };
  }
  const round = await publishNotifications(notifications, deps);
  const outcome: NotifyOutcome = {
    published: round.published,
    publishFailures: round.publishFailures,
    givenUp: round.givenUp,
  };
  if (round.failure !== undefined) return { ...outcome, failure: round.failure };
  try {
    await settleClaims(request, round, deps.store);
  } catch (error) {
    return { ...outcome, failure: describeError(error) };
  }
  return outcome;
}
