/**
 * Opt-in mirror lag thresholds (see `core/observe/mirror-lag.ts`). A link is checked against the first
 * rule whose pattern matches its name, else against `maxMessagesBehind`; neither means unchecked.
 */
export interface MirrorLagSettings {
  /** One cluster-wide mirrors listing every this many polls. */
  readonly everyPolls: number;
  /** Consecutive checks a topic must stay over its threshold before it is notified. */
  readonly heldChecks: number;
  /** Threshold for every link no rule matches; null leaves those links unchecked. */
  readonly maxMessagesBehind: number | null;
  /** Per link name or glob (`*`, `?`), first match wins; a threshold of 0 leaves the link unchecked. */
  readonly links: readonly MirrorLagRule[];
}

export interface MirrorLagRule {
  readonly link: string;
  readonly maxMessagesBehind: number;
}

/**
 * Failover readiness checks (opt-in, `core/observe/mirror-progress.ts`, `link-configs.ts`): every
 * `everyPolls`-th poll reads the cluster's mirror topics once (shared with the lag thresholds),
 * a turn of links' configs, and, when asked, failover dry runs; all within the cluster's detail budget.
 */
export interface ReadinessSettings {
  /** Readiness reads every this many polls, placed by the poll time. */
  readonly everyPolls: number;
  /** N: a stall is lag above zero with a fetch offset unmoved for N reads, or lag rising N reads in a row. */
  readonly stallReads: number;
  /** RPO target in seconds behind for links no rule matches; null: no target. */
  readonly maxSecondsBehind: number | null;
  /** Per link name or glob, first match wins; 0 leaves the link without a target. */
  readonly links: readonly { readonly link: string; readonly maxSecondsBehind: number }[];
  /** A mirror topic in a PENDING_* state longer than this is stuck. */
  readonly stuckAfterMs: number;
  /** Links whose configs are read in one due poll, in turn. */
  readonly configReadsPerPoll: number;
  /** Failover dry runs (`validate_only=true`) of links in turn, this many per due poll; 0 = off. */
  readonly dryRunsPerPoll: number;
}

/** How the poller behaves; parsed from the config file (see `adapters/config`). */
export interface PollSettings {
  /** Clusters polled at once; the bench shows 100 clusters at 100 ms latency need about 32 to finish in 1.5 s. @default 32 */
  readonly concurrency: number;
  /** More pending events than this in one cluster go out as one digest. @default 3 */
  readonly digestThreshold: number;
  /** Remind about a link still unhealthy after this long; 0 turns reminders off. @default 4 h */
  readonly reminderIntervalMs: number;
  /** Consecutive polls a new condition must hold before it is notified. @default 1 (at once) */
  readonly dampingPolls: number;
  /** Consecutive failed listings before CLUSTER_UNREACHABLE is notified. @default 3 */
  readonly unreachableAfterPolls: number;
  /** Days history is kept before DynamoDB TTL removes it. @default 90 */
  readonly retentionDays: number;
  /** Notify mirror-topic list changes (always recorded). @default false */
  readonly notifyTopicChanges: boolean;
  /** Notify changes of `link_error_message` alone (always recorded). @default false */
  readonly notifyMessageChanges: boolean;
  /** No new cluster is started when less than this remains before the deadline. @default 10 s */
  readonly reserveMs: number;
  /** Time between scheduled polls; places each poll in the task-read rotation. @default 1 min */
  readonly pollIntervalMs: number;
  /**
   * Most detail requests (a link's tasks, its mirror topics, one mirror topic) per cluster and
   * poll, whatever the cluster's size; 0 reads no detail. @default 20
   */
  readonly detailRequestsPerCluster: number;
  /** Mirror lag thresholds; one of the cluster's detail requests when a check is due. @default null (off) */
  readonly mirrorLag: MirrorLagSettings | null;
  /** Failover readiness checks; their reads are part of the cluster's detail budget. @default null (off) */
  readonly readiness: ReadinessSettings | null;
}

export const DEFAULT_POLL_SETTINGS: PollSettings = Object.freeze({
  concurrency: 32,
  digestThreshold: 3,
  reminderIntervalMs: 4 * 60 * 60 * 1000,
  dampingPolls: 1,
  unreachableAfterPolls: 3,
  retentionDays: 90,
  notifyTopicChanges: false,
  notifyMessageChanges: false,
  reserveMs: 10_000,
  pollIntervalMs: 60_000,
  detailRequestsPerCluster: 20,
  mirrorLag: null,
  readiness: null,
});
