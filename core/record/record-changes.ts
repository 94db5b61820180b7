import { type Silence, silenceAfter, silenceFor, subjectOf } from '../control/silence.js';
import type {
  EventType,
  HistoryEvent,
  LinkChange,
  LinkChangeEvent,
  NotificationStatus,
} from '../model/change-events.js';
import { type ClusterLink, conditionSeverity, type Severity } from '../model/link-model.js';
import { unhealthyParts } from '../model/link-parts.js';
import { mostSevere } from '../notify/plan-notifications.js';
import type { PollSettings } from '../poll/poll-settings.js';
import type { LinkCommit, LinkSnapshot } from '../ports.js';

/** What one poll knows when it turns a diff into writes. */
export interface RecordContext {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly now: Date;
  readonly settings: Pick<
    PollSettings,
    'dampingPolls' | 'reminderIntervalMs' | 'retentionDays' | 'notifyTopicChanges' | 'notifyMessageChanges'
  >;
  /** Silences and open maintenance windows, read once per poll. @default none */
  readonly silences?: readonly Silence[];
  /** False when the stored silences could not be read this poll (only the windows are known). @default true */
  readonly silencesKnown?: boolean;
}

/** The events that make up a link's condition; only these are damped. */
const CONDITION_EVENTS: ReadonlySet<EventType> = new Set(['LINK_STATE_CHANGED', 'LINK_ERROR_CHANGED']);

/**
 * Turns one link's diff into the commit that records it: the next snapshot (or its deletion)
 * and the history events, each with its notification status, plus the held events to promote
 * when a damped condition has now held long enough. Pure.
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
  const flappedBack =
    change.current !== null && settledKey !== undefined && conditionKey(change.current) === settledKey;
  const damped = conditionChanged && context.settings.dampingPolls > 1;

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
  const events = recorded.map((event) => {
    const wouldNotify = event.notification === 'PENDING' || (damped && CONDITION_EVENTS.has(event.type));
    if (!wouldNotify) return event;
    const silence = silencing(event, priorSilence, context);
    return silence === null
      ? event
      : { ...event, notification: 'NOT_NOTIFIED' as const, silencedBy: silence };
  });

  if (change.current === null) {
    return {
      commit: {
        clusterId: context.clusterId,
        linkName: change.linkName,
        expectedVersion: snapshot?.version ?? null,
        next: null,
        events,
      },
      promote: [],
    };
  }

  // A poll that changed something else (a reworded message, mirror topics) still saw the
  // damped condition hold; not counting it would hold its events back for good on a busy link.
  const held = conditionChanged ? null : (snapshot?.pendingCondition ?? null);
  const heldPolls = (held?.polls ?? 0) + 1;
  const holds = held !== null && heldPolls >= context.settings.dampingPolls;

  const healthy = conditionSeverity(change.current) === null;
  const conditionSilence =
    events.find((e) => CONDITION_EVENTS.has(e.type) && e.silencedBy)?.silencedBy ?? null;
  const silencedBy = healthy ? null : conditionChanged ? conditionSilence : priorSilence;
  // The link's own reminders speak for its parts while its condition is unhealthy.
  const partsUnhealthy = healthy && unhealthyParts(change.current).length > 0;
  const partsSince = partsUnhealthy ? (snapshot?.partsUnhealthySince ?? observedAt) : null;
  const next: LinkSnapshot = {
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
            heldEventIds: events
              .filter((e) => CONDITION_EVENTS.has(e.type) && (e.silencedBy ?? null) === null)
              .map((e) => e.eventId),
            ...(settledKey !== undefined && { settledKey }),
          }
      : held === null || holds
        ? null
        : { ...held, polls: heldPolls },
    ...(silencedBy !== null && { silencedBy }),
    ...(partsSince !== null && { partsUnhealthySince: partsSince }),
  };
  return {
    commit: {
      clusterId: context.clusterId,
      linkName: change.linkName,
      expectedVersion: snapshot?.version ?? null,
      next,
      events,
    },
    promote: holds ? held.heldEventIds : [],
  };
}

/**
 * For a link whose listing did not change: a damped condition that has now held long enough
 * (its held events are to be promoted), and a reminder when the link has been unhealthy for
 * another interval. Null when nothing is due, which is the steady state: no write at all.
 */
export function commitForUnchanged(
  snapshot: LinkSnapshot,
  current: ClusterLink,
  context: RecordContext,
): { commit: LinkCommit; promote: readonly string[] } | null {
  const observedAt = context.now.toISOString();
  const version = snapshot.version + 1;
  const pending = snapshot.pendingCondition;

  if (pending !== null) {
    const polls = pending.polls + 1;
    const holds = polls >= context.settings.dampingPolls;
    return {
      commit: {
        clusterId: context.clusterId,
        linkName: snapshot.link.linkName,
        expectedVersion: snapshot.version,
        next: { ...snapshot, link: current, version, pendingCondition: holds ? null : { ...pending, polls } },
        events: [],
      },
      promote: holds ? pending.heldEventIds : [],
    };
  }

  const severity = conditionSeverity(current);
  if (severity === null) return partsReminder(snapshot, current, context);
  const priorSilence = snapshot.silencedBy ?? null;
  if (priorSilence !== null) return silenceCheck(snapshot, current, severity, priorSilence, context);

  const interval = context.settings.reminderIntervalMs;
  if (interval <= 0 || snapshot.unhealthySince === null) return null;
  // A change of condition while unhealthy was itself an alert (and reset `lastRemindedAt`):
  // the next reminder is an interval after it, not after the link first became unhealthy.
  const lastAlert = Math.max(
    Date.parse(snapshot.unhealthySince),
    Date.parse(snapshot.stateSince),
    Date.parse(snapshot.lastRemindedAt ?? '1970-01-01T00:00:00Z'),
  );
  if (context.now.getTime() - lastAlert < interval) return null;

  const reminder = stillUnhealthy(snapshot, current, context, {
    severity,
    since: snapshot.unhealthySince,
    detail: null,
  });
  // A silence added while the link was already unhealthy keeps its reminders quiet too.
  const silence = silencing(reminder, null, context);
  return {
    commit: {
      clusterId: context.clusterId,
      linkName: snapshot.link.linkName,
      expectedVersion: snapshot.version,
      next: {
        ...snapshot,
        link: current,
        version,
        lastRemindedAt: observedAt,
        ...(silence !== null && { silencedBy: silence }),
      },
      events: [
        silence === null ? reminder : { ...reminder, notification: 'NOT_NOTIFIED', silencedBy: silence },
      ],
    },
    promote: [],
  };
}

/**
 * For a link whose own condition is healthy: one reminder per interval while some of its recorded
 * mirror topics or tasks stay unhealthy, naming the worst of them in `part` (the link it carries
 * holds the others). A silenced reminder is recorded, not notified. Null when none is due.
 */
function partsReminder(
  snapshot: LinkSnapshot,
  current: ClusterLink,
  context: RecordContext,
): { commit: LinkCommit; promote: readonly string[] } | null {
  const interval = context.settings.reminderIntervalMs;
  const since = snapshot.partsUnhealthySince ?? null;
  if (interval <= 0 || since === null) return null;
  const parts = unhealthyParts(current);
  const worst = parts[0];
  if (worst === undefined) return null;
  const lastAlert = Math.max(
    Date.parse(since),
    Date.parse(snapshot.lastRemindedAt ?? '1970-01-01T00:00:00Z'),
  );
  if (context.now.getTime() - lastAlert < interval) return null;

  const observedAt = context.now.toISOString();
  const version = snapshot.version + 1;
  const reminder = stillUnhealthy(snapshot, current, context, {
    severity: mostSevere(parts.map((p) => p.severity)),
    since,
    detail: null,
    part: worst.part,
  });
  const silence = silencing(reminder, null, context);
  return {
    commit: {
      clusterId: context.clusterId,
      linkName: snapshot.link.linkName,
      expectedVersion: snapshot.version,
      next: { ...snapshot, link: current, version, lastRemindedAt: observedAt },
      events: [
        silence === null ? reminder : { ...reminder, notification: 'NOT_NOTIFIED', silencedBy: silence },
      ],
    },
    promote: [],
  };
}

/** A `LINK_STILL_UNHEALTHY` event of this poll for the link (a reminder or a silence's end). */
function stillUnhealthy(
  snapshot: LinkSnapshot,
  current: ClusterLink,
  context: RecordContext,
  what: {
    readonly severity: Severity;
    readonly since: string | null;
    readonly detail: string | null;
    readonly part?: HistoryEvent['part'];
  },
): HistoryEvent {
  const observedAt = context.now.toISOString();
  return historyEvent(context, {
    eventId: eventId(context.clusterId, snapshot.link.linkName, observedAt, snapshot.version + 1, 0),
    linkName: snapshot.link.linkName,
    link: current,
    type: 'LINK_STILL_UNHEALTHY',
    severity: what.severity,
    from: null,
    to: current.linkState,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: what.since,
    detail: what.detail,
    notification: 'PENDING',
    ...(what.part !== undefined && { part: what.part }),
  });
}

/**
 * The silence that keeps an event quiet, or null. A recovery of a link whose condition was
 * silenced stays quiet too: whoever was spared the problem is spared its end.
 */
function silencing(event: HistoryEvent, priorSilence: string | null, context: RecordContext): string | null {
  if (event.severity === 'resolved' && priorSilence !== null) return priorSilence;
  return silenceFor(subjectOf(event), context.silences ?? [], context.now)?.id ?? null;
}

/**
 * A link whose unhealthy condition was silenced and that has not changed since: nothing while
 * a silence still covers it; once none does, one notification that it is still unhealthy and
 * that it was silenced.
 */
function silenceCheck(
  snapshot: LinkSnapshot,
  current: ClusterLink,
  severity: Severity,
  priorSilence: string,
  context: RecordContext,
): { commit: LinkCommit; promote: readonly string[] } | null {
  const observedAt = context.now.toISOString();
  const version = snapshot.version + 1;
  const subject = {
    clusterId: context.clusterId,
    clusterLabel: context.clusterLabel,
    linkName: snapshot.link.linkName,
    type: 'LINK_STILL_UNHEALTHY' as const,
    severity,
  };
  const after = silenceAfter(
    priorSilence,
    subject,
    context.silences ?? [],
    context.now,
    context.silencesKnown ?? true,
  );
  const { silencedBy: _ended, ...unsilenced } = snapshot;
  if (after.kind === 'kept') {
    if (after.id === priorSilence) return null;
    // Another silence took over: remember it, so that its end is the one that speaks.
    return {
      commit: {
        clusterId: context.clusterId,
        linkName: snapshot.link.linkName,
        expectedVersion: snapshot.version,
        next: { ...unsilenced, link: current, version, silencedBy: after.id },
        events: [],
      },
      promote: [],
    };
  }
  const notice = stillUnhealthy(snapshot, current, context, {
    severity,
    since: snapshot.unhealthySince,
    detail: `${SILENCE_ENDED} ${priorSilence}`,
  });
  return {
    commit: {
      clusterId: context.clusterId,
      linkName: snapshot.link.linkName,
      expectedVersion: snapshot.version,
      next: { ...unsilenced, link: current, version, lastRemindedAt: observedAt },
      events: [notice],
    },
    promote: [],
  };
}

/** Opens the `detail` of the notice sent when a silence ends on a still unhealthy link. */
export const SILENCE_ENDED = 'was silenced by';

/** `{link_state}/{link_error}`: what damping compares from poll to poll. */
export function conditionKey(link: Pick<ClusterLink, 'linkState' | 'linkError'>): string {
  return `${link.linkState ?? '-'}/${link.linkError ?? '-'}`;
}

/**
 * Unique and the same for every attempt of one poll: the observation time keeps a link that is
 * removed and later added again (versions restart) from reusing an id.
 */
export function eventId(
  clusterId: string,
  linkName: string | null,
  observedAt: string,
  version: number,
  index: number,
): string {
  return `${clusterId}#${linkName ?? '-'}#${observedAt}#v${version}#${index}`;
}

export function expiresAt(now: Date, retentionDays: number): number {
  return Math.floor(now.getTime() / 1000) + retentionDays * 86_400;
}

type EventFields = Omit<
  HistoryEvent,
  'clusterId' | 'clusterLabel' | 'observedAt' | 'expiresAt' | 'clusterLinkId'
> & {
  readonly link: ClusterLink | null;
};

/** Builds a history event with the fields every event of this poll shares. */
export function historyEvent(context: RecordContext, fields: EventFields): HistoryEvent {
  return {
    ...fields,
    clusterId: context.clusterId,
    clusterLabel: context.clusterLabel,
    clusterLinkId: fields.link?.clusterLinkId ?? null,
    observedAt: context.now.toISOString(),
    expiresAt: expiresAt(context.now, context.settings.retentionDays),
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
