/**
 * What a poll reports: each cluster's result, the summary over them all, and how the one is
 * added up into the other. Handlers turn these into logs and metrics, the CLI into lines.
 */

export interface ClusterPollResult {
  readonly clusterId: string;
  readonly clusterLabel: string;
  /**
   * `skipped`: the poll's time ran out before the cluster's turn. It counts as a failed listing
   * towards `unreachable`, and `error` says what it waited behind.
   */
  readonly outcome: 'ok' | 'failed' | 'skipped';
  /** Why it failed or was skipped, without credentials. */
  readonly error?: string;
  /** Which step failed. */
  readonly failedStep?: 'list' | 'store' | 'publish';
  /**
   * The cluster's listing has now failed, or the poll's time has not reached it,
   * `settings.unreachableAfterPolls` times in a row or more: what the monitor's own "cluster
   * unreachable" alarm counts.
   */
  readonly unreachable: boolean;
  readonly links: number;
  /** Links per `link_state` (null state counted as `NONE`), for the dashboard. */
  readonly linksByState: Readonly<Record<string, number>>;
  readonly events: number;
  readonly published: number;
  readonly publishFailures: number;
  readonly conflicts: number;
  /**
   * Links (and notifications) whose recording or publishing failed on their own while the rest
   * of the cluster went on; at most {@link MAX_REPORTED_FAILURES} are listed, all are counted.
   */
  readonly linkFailures: number;
  readonly failedLinks: readonly LinkFailure[];
  /** Notifications given up this poll (kept with their reason; see `LinkStateStore.quarantine`). */
  readonly quarantined: number;
  /** Changed links left for the next poll because the deadline was near (nothing is lost). */
  readonly deferredLinks: number;
  readonly durationMs: number;
  /** Detail requests made (mirror topics, tasks), failed ones included. */
  readonly detailRequests?: number;
  /** Detail requests that failed; their links keep what was recorded. */
  readonly detailFailures?: number;
  /**
   * Entries of the listing the schema refused (an empty name, a field of the wrong type, a name
   * given twice): set aside while the rest of the listing went on, the links they may stand for
   * kept as recorded, never taken for removed.
   */
  readonly refusedEntries?: number;
  /**
   * Steps of this cluster's poll that failed as a whole, whatever failed first: reading its state
   * or committing it (its changes wait for the next poll), claiming its pending notifications,
   * recording what was published, or removing its outbox marker. Each is counted even when an
   * earlier failure (a failed listing) is the one `failedStep` names, so none goes unseen.
   */
  readonly stepFailures?: number;
}

/** One link's own failure in a poll that went on without it. */
export interface LinkFailure {
  /** Null for a cluster-level notification. */
  readonly linkName: string | null;
  readonly step: 'store' | 'publish';
  readonly error: string;
}

/** Failures listed per cluster result; the count is always exact. */
export const MAX_REPORTED_FAILURES = 10;

export interface PollSummary {
  readonly clustersPolled: number;
  readonly clustersFailed: number;
  /** Clusters the poll's time did not reach, each counted as a failed listing (`outcome: 'skipped'`). */
  readonly clustersSkipped: number;
  readonly events: number;
  readonly published: number;
  readonly publishFailures: number;
  readonly conflicts: number;
  readonly linkFailures: number;
  readonly quarantined: number;
  readonly deferredLinks: number;
  /** Detail reads that failed, over every cluster (`ClusterPollResult.detailFailures`). */
  readonly detailFailures?: number;
  /** Listing entries refused, over every cluster (`ClusterPollResult.refusedEntries`). */
  readonly refusedEntries?: number;
  /** Cluster steps that failed as a whole, over every cluster (`ClusterPollResult.stepFailures`). */
  readonly stepFailures?: number;
  readonly results: readonly ClusterPollResult[];
  /** Why the silences could not be read; the poll then notified as if there were none. */
  readonly silencesUnavailable?: string;
}

/** The result of a cluster the poll's time did not reach (see `ClusterPollResult.outcome`). */
export function skippedResult(
  cluster: { readonly clusterId: string; readonly label: string },
  error: string,
): ClusterPollResult {
  return {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.label,
    outcome: 'skipped',
    error,
    unreachable: false,
    links: 0,
    linksByState: {},
    events: 0,
    published: 0,
    publishFailures: 0,
    conflicts: 0,
    linkFailures: 0,
    failedLinks: [],
    quarantined: 0,
    deferredLinks: 0,
    durationMs: 0,
  };
}

export function summarise(results: readonly ClusterPollResult[]): PollSummary {
  const sum = (pick: (r: ClusterPollResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    clustersPolled: results.filter((r) => r.outcome !== 'skipped').length,
    clustersFailed: results.filter((r) => r.outcome === 'failed').length,
    clustersSkipped: results.filter((r) => r.outcome === 'skipped').length,
    events: sum((r) => r.events),
    published: sum((r) => r.published),
    publishFailures: sum((r) => r.publishFailures),
    conflicts: sum((r) => r.conflicts),
    linkFailures: sum((r) => r.linkFailures),
    quarantined: sum((r) => r.quarantined),
    deferredLinks: sum((r) => r.deferredLinks),
    detailFailures: sum((r) => r.detailFailures ?? 0),
    refusedEntries: sum((r) => r.refusedEntries ?? 0),
    stepFailures: sum((r) => r.stepFailures ?? 0),
    results,
  };
}
