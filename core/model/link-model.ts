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
  /**
   * Failover readiness (opt-in, `readiness` settings): the progress of the mirror topics that
   * were lagging at the last cluster-wide mirrors read (`core/observe/mirror-progress.ts`).
   * Absent = none lagging: a caught-up link keeps nothing, so a steady state writes nothing.
   */
  readonly topicProgress?: readonly TopicProgress[];
  /** Mirror topics in a PENDING_* state past the configured limit, as last read. Absent = none. */
  readonly stuckTopics?: readonly StuckTopic[];
  /**
   * The link's configs a failover depends on, as last read (`GET .../links/{link}/configs`),
   * sensitive values never kept. Absent until first read.
   */
  readonly configs?: LinkConfigsRecord;
  /** Syncs switched on whose task cannot do its work (IN_ERROR, NOT_CONFIGURED). Absent = none. */
  readonly brokenSyncs?: readonly BrokenSync[];
  /** The last failover dry run's outcome (opt-in, `validate_only=true`). Absent until one ran. */
  readonly dryRun?: DryRunRecord;
}

/** One partition of a lagging mirror topic, as one read found it. */
export interface PartitionProgress {
  readonly partition: number;
  /** `last_source_fetch_offset`. */
  readonly fetchOffset: number;
  /** `lag`, in messages. */
  readonly lag: number;
}

/** A lagging mirror topic between cluster-wide mirrors reads, as the snapshot keeps it. */
export interface TopicProgress {
  readonly topicName: string;
  /** Epoch ms of the read the figures below come from. */
  readonly readAtMs: number;
  /** Its lagging partitions at that read, worst first, bounded (`MAX_PROGRESS_PARTITIONS`). */
  readonly partitions: readonly PartitionProgress[];
  /** Consecutive reads, counted up to the stall rule's, in which a lagging partition's fetch offset did not move. */
  readonly unmovedReads: number;
  /** Consecutive reads, counted up to the stall rule's, in which the topic's lag rose. */
  readonly risingReads: number;
  /** Estimated seconds behind at that read; null until two reads have shown the fetch rate. */
  readonly secondsBehind: number | null;
  /** Messages per second fetched between the last two reads: the estimate's basis. */
  readonly fetchRate: number | null;
  /** True once a stall was recorded (MIRROR_TOPIC_STALLED) and its end not yet. */
  readonly stallNotified: boolean;
  /** True once time behind over the link's target was recorded (MIRROR_BEHIND_TARGET) and its end not yet. */
  readonly behindNotified: boolean;
}

/** A mirror topic stuck in a transition (`PENDING_STOPPED` and the like) past its limit. */
export interface StuckTopic {
  readonly topicName: string;
  /** The PENDING_* `mirror_status`. */
  readonly status: string;
  /** `state_time_ms`: when it entered that state. */
  readonly sinceMs: number;
  /** `mirror_state_transition_errors`, when described, bounded. */
  readonly transitionErrors: readonly LinkTaskError[];
  /**
   * True once a describe of the topic answered (with or without errors), written once then; absent
   * until then, so that a topic whose describe failed or did not fit is described at a later due
   * poll. A record without it whose `transitionErrors` are not empty was described all the same.
   */
  readonly described?: boolean;
}

/** One link config a failover depends on. */
export interface LinkConfigValue {
  readonly name: string;
  /** As sent, bounded; null when the config is sensitive (never kept) or has no value. */
  readonly value: string | null;
  /** True when Confluent marks it `is_sensitive`: its value is never stored or shown. */
  readonly sensitive: boolean;
}

/** The link's failover-relevant configs as last read. */
export interface LinkConfigsRecord {
  /** In name order, only the names the monitor watches (`core/model/link-syncs.ts`). */
  readonly values: readonly LinkConfigValue[];
  /**
   * The enable configs whose switch-off was notified (LINK_CONFIG_CHANGED, warning) and not yet
   * ended, in name order: what a removal or turning readiness off must end. Absent = none, so
   * that it is written only with the change that sets or clears it; a baseline that finds a sync
   * off notified nothing, and so holds nothing here.
   */
  readonly switchedOff?: readonly string[];
}

/** A sync switched on whose task cannot do its work: what a failover would lose. */
export interface BrokenSync {
  /** The config that switches it on, e.g. `consumer.offset.sync.enable`; null for a sync always on. */
  readonly config: string | null;
  /** The task that does it, e.g. `ConsumerOffsetSync`. */
  readonly taskName: string;
  /** The task's state: IN_ERROR or NOT_CONFIGURED. */
  readonly taskState: string;
  /** The task's first error, if any. */
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

/** One topic a failover dry run says would not fail over. */
export interface DryRunFailure {
  readonly topicName: string;
  /** `error_code` as sent (a number) in text, bounded. */
  readonly errorCode: string;
  readonly errorMessage: string | null;
}

/** The outcome of the last failover dry run of a link. */
export interface DryRunRecord {
  /** When this outcome was first seen (ISO): written when it changes, not on every run. */
  readonly since: string;
  /** Topics the dry run covered. */
  readonly topics: number;
  /**
   * Topics that would not fail over, all of them: `failures` keeps only the first few. Absent in a
   * record written before the count was kept; `failures.length` then.
   */
  readonly failed?: number;
  /** The link's topics beyond those a dry run may name, left out of it. Absent = none. */
  readonly notChecked?: number;
  /** Topics that would not fail over, the first by name, bounded; empty = every topic would. */
  readonly failures: readonly DryRunFailure[];
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
