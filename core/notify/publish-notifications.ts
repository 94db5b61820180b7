/**
 * The publish stage: sends each planned notification and records it as sent at once, so that a
 * poll that stops halfway sends again only what it had not recorded. A notification that fails
 * for good is given up (quarantined) on its own, split by link first so that it takes only the
 * link that cannot be sent; one that may work next time is left for the settle stage to hand back.
 */
import { boundReason } from '../model/bounds.js';
import { describeError } from '../poll/describe-error.js';
import type { LinkStateStore, Notification, Notifier } from '../ports.js';
import { isPermanentFailure } from '../ports.js';
import { splitByLink } from './split-by-link.js';

/**
 * Publish attempts before a notification that keeps failing is given up and quarantined (at the
 * default 1-minute schedule: a few minutes of an outage of the notification service).
 */
export const MAX_PUBLISH_ATTEMPTS = 5;
/** Transient publish failures in a row after which a poll stops trying: the service is down. */
export const FAILURES_BEFORE_STOPPING = 2;

export interface PublishDependencies {
  readonly store: Pick<LinkStateStore, 'markSent' | 'quarantine'>;
  readonly notifier: Notifier;
  readonly now: () => Date;
}

/** A notification given up this poll: the link it was about (null for the cluster's own) and why. */
export interface GivenUpNotification {
  readonly linkName: string | null;
  /** The publish error, bounded. */
  readonly error: string;
}

/** What publishing a list of notifications came to. */
export interface PublishOutcome {
  /** Notifications published and recorded as sent; each part of a split one counts. */
  readonly published: number;
  /** Publish calls that failed, those of notifications given up included. */
  readonly publishFailures: number;
  /** Failed, and may work next time: their claim is to be handed back. */
  readonly toRetry: readonly Notification[];
  /** Quarantined: they will not be tried again. */
  readonly givenUp: readonly GivenUpNotification[];
  /**
   * Present when publishing stopped because the service looked down, or held back notifications
   * behind an earlier one about the same link that failed: the notifications not tried (possibly
   * none), whose claim is to be handed back so that the next poll tries them at once.
   */
  readonly untried?: readonly Notification[];
  /** The store could not record a send or a quarantine: publishing stopped there, claims held. */
  readonly failure?: string;
}

const NOTHING_PUBLISHED: PublishOutcome = { published: 0, publishFailures: 0, toRetry: [], givenUp: [] };

/**
 * Publishes the notifications in order, each so that its failure stays its own. Stops after
 * {@link FAILURES_BEFORE_STOPPING} notifications in a row failed and may work later (the service
 * looks down), and at the first store write that fails. Never throws: a store failure is the
 * outcome's `failure`, with what was done before it counted.
 *
 * A notification left to retry holds back the later ones about the same link (or about the
 * cluster, for a cluster notification): they are handed back untried, so that a recovery never
 * goes out before the problem it ends, which would then arrive as the last word.
 */
export async function publishNotifications(
  notifications: readonly Notification[],
  deps: PublishDependencies,
): Promise<PublishOutcome> {
  let outcome = NOTHING_PUBLISHED;
  let failuresInARow = 0;
  const heldBack: Notification[] = [];
  const waiting = new Set<string | null>();
  for (const [index, notification] of notifications.entries()) {
    if (subjectsOf(notification).some((subject) => waiting.has(subject))) {
      heldBack.push(notification);
      for (const subject of subjectsOf(notification)) waiting.add(subject);
      continue;
    }
    const delivery = await publishIsolated(notification, deps);
    outcome = plus(outcome, delivery);
    if (delivery.failure !== undefined) return outcome;
    for (const retry of delivery.toRetry) for (const subject of subjectsOf(retry)) waiting.add(subject);
    failuresInARow = delivery.toRetry.length > 0 ? failuresInARow + 1 : 0;
    if (failuresInARow >= FAILURES_BEFORE_STOPPING)
      return { ...outcome, untried: [...heldBack, ...notifications.slice(index + 1)] };
  }
  return heldBack.length === 0 ? outcome : { ...outcome, untried: heldBack };
}

/** The links a notification is about; null stands for the cluster itself. */
function subjectsOf(notification: Notification): (string | null)[] {
  return [...new Set(notification.events.map((e) => e.linkName))];
}

/**
 * Publishes one notification. A failure that cannot go away (`isPermanentFailure`), or one that
 * has now happened {@link MAX_PUBLISH_ATTEMPTS} times, gives the notification up: a notification
 * about several links is first split into one per link, each published on its own.
 */
async function publishIsolated(
  notification: Notification,
  deps: PublishDependencies,
): Promise<PublishOutcome> {
  try {
    await deps.notifier.publish(notification);
  } catch (error) {
    return afterFailure(notification, error, deps);
  }
  try {
    await deps.store.markSent(notification.events);
  } catch (error) {
    return { ...NOTHING_PUBLISHED, failure: describeError(error) };
  }
  return { ...NOTHING_PUBLISHED, published: 1 };
}

async function afterFailure(
  notification: Notification,
  error: unknown,
  deps: PublishDependencies,
): Promise<PublishOutcome> {
  const failed: PublishOutcome = { ...NOTHING_PUBLISHED, publishFailures: 1 };
  const permanent = isPermanentFailure(error);
  const attempts = 1 + Math.max(0, ...notification.events.map((e) => e.publishAttempts ?? 0));
  if (!permanent && attempts < MAX_PUBLISH_ATTEMPTS) return { ...failed, toRetry: [notification] };
  const parts = splitByLink(notification);
  if (parts.length > 1) {
    let outcome = failed;
    for (const part of parts) {
      outcome = plus(outcome, await publishIsolated(part, deps));
      if (outcome.failure !== undefined) break;
    }
    return outcome;
  }
  const reason = boundReason(`${describeError(error)}${permanent ? '' : ` (after ${attempts} attempts)`}`);
  try {
    await deps.store.quarantine(notification.events, { reason, at: deps.now().toISOString() });
  } catch (storeError) {
    return { ...failed, failure: describeError(storeError) };
  }
  const linkName = notification.events.find((e) => e.linkName !== null)?.linkName ?? null;
  return { ...failed, givenUp: [{ linkName, error: boundReason(describeError(error)) }] };
}

/** Two outcomes as one; the second's failure, if any, is the sum's. */
function plus(a: PublishOutcome, b: PublishOutcome): PublishOutcome {
  return {
    published: a.published + b.published,
    publishFailures: a.publishFailures + b.publishFailures,
    toRetry: [...a.toRetry, ...b.toRetry],
    givenUp: [...a.givenUp, ...b.givenUp],
    ...(b.failure === undefined ? {} : { failure: b.failure }),
  };
}
