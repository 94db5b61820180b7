import type { ClusterLink, Severity } from './link-model.js';

/** What the diff of two listings of one cluster can find. */
export type LinkChangeType =
  | 'LINK_ADDED'
  | 'LINK_REMOVED'
  | 'LINK_RECREATED'
  | 'LINK_STATE_CHANGED'
  | 'LINK_ERROR_CHANGED'
  | 'LINK_ERROR_MESSAGE_CHANGED'
  | 'MIRROR_TOPICS_CHANGED'
  | 'MIRROR_STATE_COUNTS_CHANGED'
  | 'MIRROR_TOPIC_STATE_CHANGED'
  | 'MIRROR_TOPIC_ERROR_CHANGED'
  | 'TASK_STATE_CHANGED'
  | 'TASK_ERROR_CHANGED'
  | 'MIRROR_LAG_HIGH'
  | 'MIRROR_TOPIC_STALLED'
  | 'MIRROR_BEHIND_TARGET'
  | 'MIRROR_TRANSITION_STUCK'
  | 'LINK_CONFIG_CHANGED'
  | 'LINK_SYNC_BROKEN';

/**
 * Part events whose problem is a condition of its own beside the part's state: a mirror topic can
 * be ACTIVE and also lag, stall, fall behind its target or be stuck in a transition, each opened
 * and closed apart. The suffix of the problem's key (`mirror-topic:orders:stall`), shared by the
 * record of who heard what and by the on-call dedup keys.
 */
export const PART_CONDITION_SUFFIX: Readonly<Partial<Record<EventType, string>>> = {
  MIRROR_LAG_HIGH: 'lag',
  MIRROR_TOPIC_STALLED: 'stall',
  MIRROR_BEHIND_TARGET: 'behind',
  MIRROR_TRANSITION_STUCK: 'stuck',
  LINK_SYNC_BROKEN: 'sync',
  LINK_CONFIG_CHANGED: 'config',
};

/**
 * The key of the problem a part event opens, closes or reminds of: `{kind}:{name}` plus its
 * condition's suffix. A reminder's part names its problem (`problemType`), which wins over the
 * event's own type, so that a reminder of a stall keys the stall (`mirror-topic:orders:stall`).
 */
export function partProblemKey(
  part: Pick<EventPart, 'kind' | 'name'> & { readonly problemType?: string | undefined },
  type: string,
): string {
  const problem = part.problemType ?? type;
  const suffix = Object.hasOwn(PART_CONDITION_SUFFIX, problem)
    ? PART_CONDITION_SUFFIX[problem as EventType]
    : undefined;
  return `${part.kind}:${part.name}${suffix === undefined ? '' : `:${suffix}`}`;
}

/**
 * The mirror topic or task an event is about, as it is now (for one that is gone: as last seen).
 * Enum values are kept as Confluent sent them.
 */
export interface EventPart {
  /** `config` for LINK_CONFIG_CHANGED: the link config that changed. */
  readonly kind: 'mirror-topic' | 'task' | 'config';
  /** `mirror_topic_name`, `task_name`, or the config's name. */
  readonly name: string;
  /** `mirror_status` or the task's `state`; null when the topic is no longer listed. */
  readonly state: string | null;
  /** `mirror_topic_error`, or the task's first `error_code`; null when none. */
  readonly errorCode: string | null;
  /** The task's first `error_message`, or a failed topic's first state-transition error message. */
  readonly errorMessage: string | null;
  /** `state_time_ms` of a mirror topic, as ISO time; null when unknown. */
  readonly stateSince: string | null;
  /** For MIRROR_LAG_HIGH: the topic's lag when checked; absent when it is no longer listed. */
  readonly lag?: MirrorLagFigures;
  /** For MIRROR_TOPIC_STALLED and MIRROR_BEHIND_TARGET: the figures of the read that found it. */
  readonly progress?: MirrorProgressFigures;
  /** For LINK_SYNC_BROKEN: the config that switched the sync on. */
  readonly syncConfig?: string;
  /**
   * On a reminder (LINK_STILL_UNHEALTHY) only: the event type of the problem of its own the part
   * is reminded of (MIRROR_LAG_HIGH, MIRROR_TOPIC_STALLED, MIRROR_BEHIND_TARGET,
   * MIRROR_TRANSITION_STUCK, LINK_SYNC_BROKEN, LINK_CONFIG_CHANGED for a sync switched off), so
   * that the reminder's problem key is that problem's; absent when it is the part's state. `state`
   * then says the problem in words (`stalled`, `behind its target`), or is the stuck PENDING_*
   * status, the broken sync's task state or the switched-off config's value.
   */
  readonly problemType?: EventType;
}

/** A mirror topic's progress as the reads found it: the basis of a stall or a time-behind estimate. */
export interface MirrorProgressFigures {
  /** The most messages behind of any partition. */
  readonly messagesBehind: number;
  /** Estimated seconds behind (lag / fetch rate); null when the rate is unknown or zero. */
  readonly secondsBehind: number | null;
  /**
   * Messages per second fetched between the last two reads by the topic's lagging partitions
   * together (not by its worst one alone); null when unknown.
   */
  readonly fetchRate: number | null;
  /** Seconds between the two reads the rate comes from; null when unknown. */
  readonly basisSeconds: number | null;
  /** The link's target (`maxSecondsBehind`); null when it has none. */
  readonly targetSeconds: number | null;
  /** For a stall: which rule found it, over how many reads. */
  readonly stall?: { readonly rule: 'fetch-stopped' | 'lag-rising'; readonly reads: number };
  /** The partitions furthest behind, worst first, a few at most, with their fetch offsets. */
  readonly worstPartitions: readonly {
    readonly partition: number;
    readonly messagesBehind: number;
    readonly fetchOffset: number;
  }[];
}

/** A mirror topic's lag as one check found it. */
export interface MirrorLagFigures {
  /** The most messages behind of any partition. */
  readonly messagesBehind: number;
  /** The threshold it is compared with: over it is a breach. */
  readonly threshold: number;
  /** The partitions furthest behind, worst first, a few at most. */
  readonly worstPartitions: readonly { readonly partition: number; readonly messagesBehind: number }[];
}

/**
 * Events the monitor raises about itself or over time, not from one diff. PART_CHANGES_SUMMARISED
 * stands for a link's mirror topic, lag and task events of one poll beyond what one commit
 * carries (`core/record/summarise-parts.ts`): `to` holds their counts by new condition, `detail`
 * the first names.
 */
export type MonitorEventType =
  | 'LINK_STILL_UNHEALTHY'
  | 'PART_CHANGES_SUMMARISED'
  | 'CLUSTER_UNREACHABLE'
  | 'CLUSTER_RECOVERED';

export type EventType = LinkChangeType | MonitorEventType;

/** One change the diff found on one link. */
export interface LinkChangeEvent {
  readonly type: LinkChangeType;
  readonly severity: Severity;
  readonly linkName: string;
  /**
   * Before and after, by type: state changes carry `link_state`; error changes `link_error`
   * (null = no error); message changes `link_error_message`; recreations the old and new
   * `cluster_link_id`; added/removed/topics carry null.
   */
  readonly from: string | null;
  readonly to: string | null;
  readonly topicsAdded: readonly string[];
  readonly topicsRemoved: readonly string[];
  /** Set for mirror-topic and task events. */
  readonly part?: EventPart;
  /** Exact counts when the name lists above were cut to their first names; absent when complete. */
  readonly topicCounts?: TopicCounts;
  /** Worth a notification by default (message-only and topic changes are not). */
  readonly alertWorthy: boolean;
}

/** A change event with no topic lists: the one builder the diff of links and of their parts share. */
export function linkChangeEvent(
  type: LinkChangeType,
  severity: Severity,
  linkName: string,
  from: string | null,
  to: string | null,
  alertWorthy: boolean,
): LinkChangeEvent {
  return { type, severity, linkName, from, to, topicsAdded: [], topicsRemoved: [], alertWorthy };
}

/** Everything that changed on one link: the unit the store commits atomically. */
export interface LinkChange {
  readonly linkName: string;
  /** The link as last recorded, null when it is new. */
  readonly previous: ClusterLink | null;
  /** The link as listed now, null when it disappeared from a complete listing. */
  readonly current: ClusterLink | null;
  /** In a fixed order; empty only for the baseline of a healthy link on a cluster's first listing. */
  readonly events: readonly LinkChangeEvent[];
}

export interface TopicCounts {
  readonly added: number;
  readonly removed: number;
}

/** How many topics a change added and removed, whether or not every name was kept. */
export function topicChangeCounts(
  event: Pick<LinkChangeEvent, 'topicsAdded' | 'topicsRemoved' | 'topicCounts'>,
): TopicCounts {
  return event.topicCounts ?? { added: event.topicsAdded.length, removed: event.topicsRemoved.length };
}

export interface Quarantine {
  /** Why the notification could not be sent (no credentials, bounded). */
  readonly reason: string;
  /** ISO time it was given up. */
  readonly at: string;
}

/** Notification status of a recorded event: the outbox. */
export type NotificationStatus = 'PENDING' | 'SENT' | 'NOT_NOTIFIED';

/** One change as recorded in history. */
export interface HistoryEvent {
  /** Unique and deterministic: `{clusterId}#{linkName or -}#{version}#{index}`, so a retried commit cannot duplicate it. */
  readonly eventId: string;
  readonly clusterId: string;
  readonly clusterLabel: string;
  /** Null for cluster-level events (CLUSTER_UNREACHABLE, CLUSTER_RECOVERED). */
  readonly linkName: string | null;
  readonly clusterLinkId: string | null;
  readonly type: EventType;
  readonly severity: Severity;
  /** ISO-8601 UTC time of the poll that observed it. */
  readonly observedAt: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly topicsAdded: readonly string[];
  readonly topicsRemoved: readonly string[];
  /**
   * Exact counts when `topicsAdded`/`topicsRemoved` hold only the first names (a change of
   * thousands of topics is recorded as a summary, so that it always fits one history item);
   * absent when the lists are complete.
   */
  readonly topicCounts?: TopicCounts;
  /**
   * When the condition that this event ends began: for a change, when the previous
   * `link_state`/`link_error` began ("had been ACTIVE for 3 d"); for a `resolved` change and
   * for LINK_STILL_UNHEALTHY, when the link became unhealthy; for CLUSTER_RECOVERED, when the
   * failures began. Null when unknown (first listing).
   */
  readonly previousSince: string | null;
  /** The link as observed by this poll (for LINK_REMOVED: as last seen). Null for cluster events. */
  readonly link: ClusterLink | null;
  /**
   * Reason text for cluster events (the listing error, without credentials); for
   * PART_CHANGES_SUMMARISED, the first names of the parts it stands for.
   */
  readonly detail: string | null;
  /** The mirror topic or task, for mirror-topic and task events; absent otherwise. */
  readonly part?: EventPart;
  readonly notification: NotificationStatus;
  /** Publish attempts of this event that failed so far; absent when none did. */
  readonly publishAttempts?: number;
  /**
   * Set when its notification was given up (a permanent failure, or too many attempts): the
   * event is then NOT_NOTIFIED, kept with the reason, and shown by `link-monitor status`.
   */
  readonly quarantine?: Quarantine;
  /**
   * The silence (or maintenance window, `window:{name}`) that kept this event from being notified;
   * null or absent when none did. A silenced event has status NOT_NOTIFIED.
   */
  readonly silencedBy?: string | null;
  /** Epoch seconds after which DynamoDB TTL may delete it. */
  readonly expiresAt: number;
}

/**
 * Every event type, in a fixed order; a Record so the compiler refuses a type left out. Only its
 * keys, in their order, are read: the values say nothing.
 */
const EVENT_TYPE_ORDER: Readonly<Record<EventType, null>> = {
  LINK_ADDED: null,
  LINK_REMOVED: null,
  LINK_RECREATED: null,
  LINK_STATE_CHANGED: null,
  LINK_ERROR_CHANGED: null,
  LINK_ERROR_MESSAGE_CHANGED: null,
  MIRROR_TOPICS_CHANGED: null,
  MIRROR_STATE_COUNTS_CHANGED: null,
  MIRROR_TOPIC_STATE_CHANGED: null,
  MIRROR_TOPIC_ERROR_CHANGED: null,
  TASK_STATE_CHANGED: null,
  TASK_ERROR_CHANGED: null,
  MIRROR_LAG_HIGH: null,
  MIRROR_TOPIC_STALLED: null,
  MIRROR_BEHIND_TARGET: null,
  MIRROR_TRANSITION_STUCK: null,
  LINK_CONFIG_CHANGED: null,
  LINK_SYNC_BROKEN: null,
  PART_CHANGES_SUMMARISED: null,
  LINK_STILL_UNHEALTHY: null,
  CLUSTER_UNREACHABLE: null,
  CLUSTER_RECOVERED: null,
};

export const EVENT_TYPES: readonly EventType[] = Object.keys(EVENT_TYPE_ORDER) as EventType[];
