/**
 * The monitor's own model of a Confluent cluster link, after the REST response
 * has been validated and normalised (see `adapters/confluent/parse-links-page.ts`).
 * Nothing here knows about HTTP or AWS.
 */

/** States Confluent documents today. The API marks the enum extensible, so any string may arrive. */
export const KNOWN_LINK_STATES = ['ACTIVE', 'FAILED', 'UNAVAILABLE', 'PAUSED', 'UNKNOWN'] as const;

/** Errors Confluent documents today; also extensible. `NO_ERROR` never reaches the model (normalised to null). */
export const KNOWN_LINK_ERRORS = [
  'UNKNOWN',
  'AUTHENTICATION_ERROR',
  'UNRESOLVABLE_BOOTSTRAP_ERROR',
  'INVALID_BOOTSTRAP_INTERNAL_ENDPOINT_ERROR',
  'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR',
  'TIMEOUT_ERROR',
] as const;

export interface LinkTaskError {
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface LinkTask {
  readonly taskName: string;
  /** Extensible enum, kept verbatim. */
  readonly state: string;
  readonly errors: readonly LinkTaskError[];
}

export interface CategoryCount {
  /** Extensible enum, kept verbatim. */
  readonly stateCategory: string;
  readonly count: number;
}

export interface ClusterLink {
  /** The key of a link within its cluster (`link_id` is deprecated and not used). */
  readonly linkName: string;
  readonly clusterLinkId: string;
  /** Verbatim `link_state`; null when Confluent omitted it or sent null. */
  readonly linkState: string | null;
  /** Verbatim `link_error`; null means "no error" (absent, null and `NO_ERROR` all become null). */
  readonly linkError: string | null;
  /** Null when absent, null or empty. */
  readonly linkErrorMessage: string | null;
  readonly sourceClusterId: string | null;
  readonly destinationClusterId: string | null;
  readonly remoteClusterId: string | null;
  /** Mirror topic names, sorted and de-duplicated so that listings compare by value. */
  readonly topicNames: readonly string[];
  /**
   * Tasks as last read. The listing normally sends none; the poll fills in what a detail read
   * found (`include_tasks=true`), keeping only tasks that are not healthy (see `core/model/link-parts.ts`).
   */
  readonly tasks: readonly LinkTask[];
  /** Mirror topics per state category, as the listing reports them. */
  readonly categoryCounts: readonly CategoryCount[];
  /**
   * Mirror topics known to be in a state worth reporting, as last read from the link's mirrors.
   * Healthy ones are not kept, so a steady state has nothing here to rewrite. Absent = none known.
   */
  readonly mirrorTopics?: readonly MirrorTopicState[];
  /**
   * Mirror topics over their lag threshold at the last lag checks (opt-in, `core/observe/mirror-lag.ts`).
   * Absent = none. Holds no lag figures, only how long each breach has held, so that a breach
   * that lasts, like a steady state, has nothing here to rewrite.
   */
  readonly laggingTopics?: readonly LaggingTopic[];
  /**
   * Reads of this link's mirror topics or tasks that a change of its listing called for and the
   * poll's detail budget left for later (`core/observe/detail-plan.ts`): until they are made, the
   * parts above may be older than the listing. Absent when none is owed, as on almost every link,
   * so that it is written only with the change that makes it and once when it is paid.
   */
  readonly unreadParts?: UnreadParts;
}

/** Detail reads owed to one link, as the snapshot keeps them. */
export interface UnreadParts {
  /** When the oldest of them was called for (ISO): older debts are paid first. */
  readonly since: string;
  readonly mirrorTopics: boolean;
  readonly tasks: boolean;
}

/** A mirror topic over its lag threshold, as the snapshot keeps it. */
export interface LaggingTopic {
  readonly topicName: string;
  /** Consecutive checks over the threshold, counted up to the checks it must hold for. */
  readonly checks: number;
  /** True once the breach held long enough and was recorded as MIRROR_LAG_HIGH. */
  readonly notified: boolean;
}

/** One mirror topic as the monitor keeps it (from `GET .../links/{link}/mirrors`). */
export interface MirrorTopicState {
  readonly topicName: string;
  /** `mirror_status` verbatim: the enum may grow. */
  readonly status: string;
  /** `mirror_topic_error`; null for absent, `NO_ERROR` and `NOT_SET`. */
  readonly error: string | null;
  /** `state_time_ms`: when the topic entered its status; null when not sent. */
  readonly stateTimeMs: number | null;
  /** `mirror_state_transition_errors`, when described (failed topics only), bounded. */
  readonly transitionErrors: readonly LinkTaskError[];
}

/**
 * An entry of a listing that the schema refused (an empty `link_name`, a field of the wrong type,
 * a name listed twice): the rest of the listing is used without it.
 */
export interface RefusedListingEntry {
  /**
   * The link the entry names (bounded like every link name), or null when it gives no usable
   * name: any link the listing does not show might then be this one (as it might be one of two
   * entries that give the same name).
   */
  readonly linkName: string | null;
  /** What is wrong with it, e.g. `data[3].cluster_link_id: Required`; bounded, without credentials. */
  readonly problem: string;
}

/**
 * Every link of one cluster: a listing that failed part-way never becomes one. An entry the
 * schema refused is not among the links but in `refused`, so that what it may stand for is never
 * taken for removed.
 */
export interface ClusterListing {
  readonly clusterId: string;
  /** The links whose entries were accepted, one per name. */
  readonly links: readonly ClusterLink[];
  /** Entries refused, at most `BOUNDS.refusedEntries` (more fail the listing). Absent = none. */
  readonly refused?: readonly RefusedListingEntry[];
  /** Number of REST pages read, for metrics. */
  readonly pages: number;
}

export type Severity = 'critical' | 'warning' | 'info' | 'resolved';

export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'resolved', 'info'];

/** States that mean the link is not replicating. */
const CRITICAL_STATES = new Set(['FAILED', 'UNAVAILABLE']);

/**
 * How bad a link's condition is on its own: critical when it is FAILED or
 * UNAVAILABLE or reports an error, warning when PAUSED, UNKNOWN or in a state
 * this code does not know yet, null when healthy (ACTIVE, or no state given, and no error).
 */
export function conditionSeverity(link: Pick<ClusterLink, 'linkState' | 'linkError'>): Severity | null {
  if (link.linkError !== null) return 'critical';
  if (link.linkState === null || link.linkState === 'ACTIVE') return null;
  if (CRITICAL_STATES.has(link.linkState)) return 'critical';
  return 'warning';
}

export function isHealthy(link: Pick<ClusterLink, 'linkState' | 'linkError'>): boolean {
  return conditionSeverity(link) === null;
}
