/**
 * How one link's diff, or a poll that found it unchanged, becomes the commit that records it:
 * the next snapshot, the history events with their notification status, damping of a flapping
 * condition, the notices a link owes beyond its changes (`link-notices.ts`), and summaries of the
 * part events one commit cannot carry (`summarise-parts.ts`). Pure.
 */
import type {
  EventType,
  HistoryEvent,
  LinkChange,
  LinkChangeEvent,
  NotificationStatus,
} from '../model/change-events.js';
import { type ClusterLink, conditionSeverity, type Severity } from '../model/link-model.js';
import { openPartProblems } from '../model/part-problems.js';
import type { LinkCommit, LinkSnapshot } from '../ports.js';
import {
  announcedAfter,
  announcedAfterPromotion,
  dueNotice,
  heardOwnCondition,
  silencing,
  withAnnounced,
  withoutSettledSummary,
} from './link-notices.js';
import { conditionKey, eventId, historyEvent, type RecordContext } from './record-context.js';
import { summariseParts } from './summarise-parts.js';

/** The events that make up a link's condition; only these are damped. */
const CONDITION_EVENTS: ReadonlySet<EventType> = new Set(['LINK_STATE_CHANGED', 'LINK_ERROR_CHANGED']);

/**
 * Turns one link's diff into the commit that records it: the next snapshot (or its deletion)
 * and the history events, each with its notification status, plus the held events to promote
 * when a damped condition has now held long enough.
 */
export function commitForChange(
  change: LinkChange,
  snapshot: LinkSnapshot | null,
  context: RecordContext,
): { commit: LinkCommit; promote: readonly string[] } {
  const observedAt = context.now.toISOString();
  const version = (snapshot?.version ?? 0) + 1;
  const link = change.current ?? change.previous;
  const conditionChanged = change.events.some((e) => CONDITION_EVENTS.has(e.type));
  // The condition last notified: while a damped one is pending, the one before it.
  const settledKey =
    snapshot === null
      ? undefined
      : snapshot.pendingCondition !== null
        ? snapshot.pendingCondition.settledKey
        : conditionKey(snapshot.link);
  // Back to the condition last notified before the new one held: a flap, recorded but not news.
  const flappedBack = change.current !== null && conditionKey(change.current) === settledKey;
  const damped = conditionChanged && context.settings.dampingPolls > 1;
  const heard = snapshot?.announced ?? [];
  // A heard condition left for one that did not hold, then for another: the change away from the
  // heard one is still held with the latest (when damped), so that whoever heard it hears that it
  // ended (FAILED, then ACTIVE, then PAUSED: a critical-only receiver hears nothing of PAUSED).
  const leavingHeard =
    snapshot?.pendingCondition != null && heardOwnCondition(heard)
      ? firstHeldChange(snapshot.pendingCondition.heldEventIds)
      : [];

  const recorded = change.events.map((e, index) =>
    historyEvent(context, {
      eventId: eventId(context.clusterId, change.linkName, observedAt, version, index),
      linkName: change.linkName,
      link,
      type: e.type,
      severity: e.severity,
      from: e.from,
      to: e.to,
      topicsAdded: e.topicsAdded,
      topicsRemoved: e.topicsRemoved,
      ...(e.topicCounts !== undefined && { topicCounts: e.topicCounts }),
      previousSince: previousSinceOf(e, snapshot),
      detail: null,
      notification: damped && CONDITION_EVENTS.has(e.type) ? 'NOT_NOTIFIED' : notificationStatus(e, context),
      ...(e.part !== undefined && { part: e.part }),
    }),
  );
  const priorSilence = snapshot?.silencedBy ?? null;
  // Silenced: what would have been notified (or held by damping) is recorded with the silence instead.
  const withSilences = recorded.map((event) => {
    const wouldNotify = event.notification === 'PENDING' || (damped && CONDITION_EVENTS.has(event.type));
    if (!wouldNotify) return event;
    const silence = silencing(event, priorSilence, heard, context);
    return silence === null
      ? event
      : { ...event, notification: 'NOT_NOTIFIED' as const, silencedBy: silence };
  });
  // Summarised after the silences: each part's event is silenced (or not) as if it stood alone.
  const fitted = summariseParts(withSilences, heard, (index) =>
    eventId(context.clusterId, change.linkName, observedAt, version, index),
  );
  const events = fitted.events;

  if (change.current === null) {
    return {
      commit: {
        clusterId: context.clusterId,
        linkName: change.linkName,
        expectedVersion: snapshot?.version ?? null,
        next: null,
        events,
      },
      // A damped change of a heard problem (its recovery, say) goes out with the removal: the
      // removal of a link last seen healthy reaches only those who take info, not those who
      // heard the problem begin.
      promote: heardOwnCondition(heard) ? (snapshot?.pendingCondition?.heldEventIds ?? []) : [],
    };
  }

  // A poll that changed something else (a reworded message, mirror topics) still saw the
  // damped condition hold; not counting it would hold its events back for good on a busy link.
  const held = conditionChanged ? null : (snapshot?.pendingCondition ?? null);
  const heldPolls = (held?.polls ?? 0) + 1;
  const holds = held !== null && heldPolls >= context.settings.dampingPolls;

  const healthy = conditionSeverity(change.current) === null;
  // Readiness problems and notified lag breaches count as much as unhealthy states: they are
  // reminded of, and a silence that hid one speaks when it ends.
  const partsUnhealthy = healthy && openPartProblems(change.current).length > 0;
  // A silence hid the problem whether its event was kept or summarised.
  const silencedBy = healthy
    ? partsUnhealthy
      ? (silenceOfProblem(withSilences, (e) => e.part !== undefined) ??
        (conditionChanged ? null : priorSilence))
      : null
    : conditionChanged
      ? silenceOfProblem(withSilences, (e) => CONDITION_EVENTS.has(e.type))
      : priorSilence;
  // The link's own reminders speak for its parts while its condition is unhealthy.
  const partsSince = partsUnhealthy ? (snapshot?.partsUnhealthySince ?? observedAt) : null;
  const recordedNext: LinkSnapshot = {
    clusterId: context.clusterId,
    link: change.current,
    version,
    stateSince: conditionChanged || snapshot === null ? observedAt : snapshot.stateSince,
    unhealthySince: healthy ? null : (snapshot?.unhealthySince ?? observedAt),
    lastRemindedAt: conditionChanged ? null : (snapshot?.lastRemindedAt ?? null),
    pendingCondition: damped
      ? flappedBack
        ? null
        : {
            key: conditionKey(change.current),
            polls: 1,
            heldEventIds: [
              ...leavingHeard,
              ...events
                .filter((e) => CONDITION_EVENTS.has(e.type) && (e.silencedBy ?? null) === null)
                .map((e) => e.eventId),
            ],
            ...(settledKey !== undefined && { settledKey }),
          }
      : held === null || holds
        ? null
        : { ...held, polls: heldPolls },
    ...(silencedBy !== null && { silencedBy }),
    ...(partsSince !== null && { partsUnhealthySince: partsSince }),
  };
  // Reminders and the end of a silence are due whatever else changed on the link.
  const due =
    conditionChanged || recordedNext.pendingCondition !== null
      ? null
      : dueNotice(recordedNext, context, events.length);
  const all = due === null ? events : [...events, ...due.events];
  const promoted = holds ? held.heldEventIds : [];
  const announced = withoutSettledSummary(
    announcedAfter(announcedAfterPromotion(heard, change.current, promoted.length), all).filter(
      (scope) => !fitted.endedInSummary.includes(scope),
    ),
    change.current,
  );
  return {
    commit: {
      clusterId: context.clusterId,
      linkName: change.linkName,
      expectedVersion: snapshot?.version ?? null,
      next: withAnnounced(due?.next ?? recordedNext, announced),
      events: all,
    },
    promote: promoted,
  };
}

/**
 * The held events of the first change of a damped run, the one that left the settled condition:
 * those of its commit (`eventId` ends with the commit's version and the event's index).
 */
function firstHeldChange(heldEventIds: readonly string[]): string[] {
  const commitOf = (id: string) => id.slice(0, id.lastIndexOf('#'));
  const first = heldEventIds[0];
  return first === undefined ? [] : heldEventIds.filter((id) => commitOf(id) === commitOf(first));
}

/** The silence that hid a problem event of this poll (one that begins or changes a problem). */
function silenceOfProblem(
  events: readonly HistoryEvent[],
  about: (event: HistoryEvent) => boolean,
): string | null {
  const hidden = events.find((e) => about(e) && e.severity !== 'resolved' && (e.silencedBy ?? null) !== null);
  return hidden?.silencedBy ?? null;
}

/**
 * For a link whose listing did not change: a damped condition that has now held long enough
 * (its held events are to be promoted), or a notice the link owes (`dueNotice`). Null when
 * nothing is due, which is the steady state: no write at all.
 */
export function commitForUnchanged(
  snapshot: LinkSnapshot,
  current: ClusterLink,
  context: RecordContext,
): { commit: LinkCommit; promote: readonly string[] } | null {
  const version = snapshot.version + 1;
  const pending = snapshot.pendingCondition;
  const heard = snapshot.announced ?? [];

  if (pending !== null) {
    const polls = pending.polls + 1;
    const holds = polls >= context.settings.dampingPolls;
    const promoted = holds ? pending.heldEventIds : [];
    const next = {
      ...snapshot,
      link: current,
      version,
      pendingCondition: holds ? null : { ...pending, polls },
    };
    return {
      commit: {
        clusterId: context.clusterId,
        linkName: snapshot.link.linkName,
        expectedVersion: snapshot.version,
        next: withAnnounced(next, announcedAfterPromotion(heard, current, promoted.length)),
        events: [],
      },
      promote: promoted,
    };
  }

  const due = dueNotice({ ...snapshot, link: current, version }, context, 0);
  if (due === null) return null;
  return {
    commit: {
      clusterId: context.clusterId,
      linkName: snapshot.link.linkName,
      expectedVersion: snapshot.version,
      next: withAnnounced(due.next, announcedAfter(heard, due.events)),
      events: due.events,
    },
    promote: [],
  };
}

function notificationStatus(e: LinkChangeEvent, context: RecordContext): NotificationStatus {
  if (e.alertWorthy) return 'PENDING';
  if (e.type === 'MIRROR_TOPICS_CHANGED' && context.settings.notifyTopicChanges) return 'PENDING';
  if (e.type === 'LINK_ERROR_MESSAGE_CHANGED' && context.settings.notifyMessageChanges) return 'PENDING';
  return 'NOT_NOTIFIED';
}

function previousSinceOf(e: LinkChangeEvent, snapshot: LinkSnapshot | null): string | null {
  // The link's times say nothing about when one of its topics or tasks changed.
  if (snapshot === null || e.part !== undefined) return null;
  return isResolved(e.severity) ? snapshot.unhealthySince : snapshot.stateSince;
}

function isResolved(severity: Severity): boolean {
  return severity === 'resolved';
}
