/**
 * Decides which messages a cluster's pending history events become. Pure: the
 * poller publishes what this returns and marks each notification's events sent.
 */
import type { EventType, HistoryEvent } from '../model/change-events.js';
import type { Severity } from '../model/link-model.js';
import type { Notification } from '../ports.js';

export interface PlanOptions {
  /**
   * When a cluster has more than this many link notifications (changes and
   * reminders) pending, they go out as one digest instead. 0 digests
   * everything; `Infinity` never digests.
   */
  readonly digestThreshold: number;
}

/** Most severe first: a notification takes the severity of its worst event. */
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, resolved: 2, info: 3 };

/** The order events of one link and poll are listed in, and which one heads a message. */
const EVENT_TYPE_RANK: Readonly<Record<EventType, number>> = {
  CLUSTER_UNREACHABLE: 0,
  CLUSTER_RECOVERED: 1,
  LINK_REMOVED: 2,
  LINK_ADDED: 3,
  LINK_RECREATED: 4,
  LINK_STATE_CHANGED: 5,
  LINK_ERROR_CHANGED: 6,
  LINK_ERROR_MESSAGE_CHANGED: 7,
  MIRROR_TOPICS_CHANGED: 8,
  MIRROR_STATE_COUNTS_CHANGED: 9,
  MIRROR_TOPIC_STATE_CHANGED: 10,
  MIRROR_TOPIC_ERROR_CHANGED: 11,
  TASK_STATE_CHANGED: 12,
  TASK_ERROR_CHANGED: 13,
  MIRROR_LAG_HIGH: 14,
  MIRROR_TOPIC_STALLED: 15,
  MIRROR_TRANSITION_STUCK: 16,
  MIRROR_BEHIND_TARGET: 17,
  LINK_SYNC_BROKEN: 18,
  LINK_CONFIG_CHANGED: 19,
  PART_CHANGES_SUMMARISED: 20,
  LINK_STILL_UNHEALTHY: 21,
};

const KIND_RANK: Readonly<Record<Notification['kind'], number>> = {
  cluster: 0,
  change: 1,
  reminder: 2,
  digest: 3,
};

/** Unknown types (a newer writer) sort after the known ones instead of breaking the order. */
function typeRank(type: string): number {
  return Object.hasOwn(EVENT_TYPE_RANK, type) ? EVENT_TYPE_RANK[type as EventType] : 99;
}

function severityRank(severity: string): number {
  return Object.hasOwn(SEVERITY_RANK, severity) ? SEVERITY_RANK[severity as Severity] : 99;
}

/** The most severe of the given severities (critical > warning > resolved > info). */
export function mostSevere(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'info';
  for (const severity of severities) {
    if (severityRank(severity) < severityRank(worst)) worst = severity;
  }
  return worst;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order on events: poll time, link, then the fixed type order; the id breaks any tie. */
export function compareEvents(a: HistoryEvent, b: HistoryEvent): number {
  return (
    compareText(a.observedAt, b.observedAt) ||
    compareText(a.linkName ?? '', b.linkName ?? '') ||
    typeRank(a.type) - typeRank(b.type) ||
    compareText(a.eventId, b.eventId)
  );
}

function isClusterEvent(event: HistoryEvent): boolean {
  return (
    event.type === 'CLUSTER_UNREACHABLE' || event.type === 'CLUSTER_RECOVERED' || event.linkName === null
  );
}

/** The label of the newest event: a relabelled cluster shows its current name. */
function latestLabel(events: readonly HistoryEvent[]): string {
  return events.reduce((latest, event) => (event.observedAt >= latest.observedAt ? event : latest))
    .clusterLabel;
}

function notificationOf(kind: Notification['kind'], events: readonly HistoryEvent[]): Notification {
  const first = events[0];
  if (first === undefined) throw new Error('A notification needs at least one event');
  return {
    kind,
    clusterId: first.clusterId,
    clusterLabel: latestLabel(events),
    severity: mostSevere(events.map((event) => event.severity)),
    events,
  };
}

function compareNotifications(a: Notification, b: Notification): number {
  const [firstA, firstB] = [a.events[0], b.events[0]];
  if (firstA === undefined || firstB === undefined) return 0;
  return (
    compareText(a.clusterId, b.clusterId) ||
    compareText(firstA.observedAt, firstB.observedAt) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    compareEvents(firstA, firstB)
  );
}

/**
 * Plans the notifications for pending history events.
 *
 * - Only events with status PENDING are planned (SENT and NOT_NOTIFIED never are);
 *   an event id seen twice counts once.
 * - A link's events of one poll (same cluster, link and `observedAt`) become one
 *   'change' notification; `LINK_STILL_UNHEALTHY` becomes a 'reminder';
 *   `CLUSTER_UNREACHABLE`/`CLUSTER_RECOVERED` become 'cluster' notifications.
 * - A cluster with more than `digestThreshold` link notifications gets one
 *   'digest' holding all of their events instead.
 * - Severity is the most severe event's. Output is sorted by cluster, poll
 *   time, kind (cluster, change, reminder, digest), then link, whatever the input order.
 *
 * @throws RangeError when `digestThreshold` is negative or not a number.
 */
export function planNotifications(events: readonly HistoryEvent[], options: PlanOptions): Notification[] {
  const { digestThreshold } = options;
  if (Number.isNaN(digestThreshold) || digestThreshold < 0) {
    throw new RangeError(`digestThreshold must be 0 or more, got ${digestThreshold}`);
  }

  const unique = new Map<string, HistoryEvent>();
  for (const event of events) {
    if (event.notification === 'PENDING' && !unique.has(event.eventId)) unique.set(event.eventId, event);
  }
  const sorted = [...unique.values()].sort(compareEvents);

  const clusterNotifications: Notification[] = [];
  // Link notifications per cluster, keyed by cluster, then by link+poll (or by event for reminders).
  const linkGroups = new Map<string, Map<string, { kind: 'change' | 'reminder'; events: HistoryEvent[] }>>();
  for (const event of sorted) {
    if (isClusterEvent(event)) {
      clusterNotifications.push(notificationOf('cluster', [event]));
      continue;
    }
    const kind = event.type === 'LINK_STILL_UNHEALTHY' ? 'reminder' : 'change';
    const key =
      kind === 'reminder'
        ? `reminder\u0000${event.eventId}`
        : `change\u0000${event.linkName}\u0000${event.observedAt}`;
    let groups = linkGroups.get(event.clusterId);
    if (groups === undefined) {
      groups = new Map();
      linkGroups.set(event.clusterId, groups);
    }
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { kind, events: [event] });
    else group.events.push(event);
  }

  const linkNotifications: Notification[] = [];
  for (const groups of linkGroups.values()) {
    const planned = [...groups.values()].map((group) => notificationOf(group.kind, group.events));
    if (planned.length > digestThreshold) {
      linkNotifications.push(notificationOf('digest', planned.flatMap((n) => n.events).sort(compareEvents)));
    } else {
      linkNotifications.push(...planned);
    }
  }

  return [...clusterNotifications, ...linkNotifications].sort(compareNotifications);
}
