/**
 * `link-monitor status`: one row per recorded link across clusters. Pure:
 * recorded state in, text out.
 */
import type { HistoryEvent } from '../../core/model/change-events.js';
import { conditionSeverity, type Severity } from '../../core/model/link-model.js';
import { firstTaskError, taskSeverity, topicSeverity } from '../../core/model/link-parts.js';
import { formatDuration, secondsBetween } from '../../core/notify/render/durations.js';
import type { ReadinessSettings } from '../../core/poll/poll-settings.js';
import type { ClusterRecord, LinkSnapshot, RefusedEntriesRecord } from '../../core/ports.js';
import {
  linkReadiness,
  type ReadinessVerdict,
  readinessTargetFor,
} from '../../core/readiness/readiness-verdict.js';
import { formatTimestamp, printable, renderTable } from './text-table.js';

/** One cluster as recorded, with its links. */
export interface RecordedCluster {
  readonly cluster: ClusterRecord;
  readonly links: readonly LinkSnapshot[];
  /** Events whose notification was given up (`LinkStateStore.quarantinedEvents`). @default none */
  readonly quarantined?: readonly HistoryEvent[];
  /** Events still to be notified (`LinkStateStore.pendingEvents`). @default none */
  readonly pending?: readonly HistoryEvent[];
}

/** A notification that was given up: kept, with why, until its history expires. */
export interface QuarantinedRow {
  readonly clusterId: string;
  readonly linkName: string | null;
  readonly eventId: string;
  readonly type: string;
  readonly observedAt: string;
  readonly reason: string;
  readonly quarantinedAt: string;
}

export interface StatusRow {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly linkName: string;
  readonly clusterLinkId: string;
  readonly linkState: string | null;
  readonly linkError: string | null;
  readonly linkErrorMessage: string | null;
  /** Null when healthy. */
  readonly severity: Severity | null;
  /** When the current state/error combination was first observed. */
  readonly since: string;
  readonly unhealthySince: string | null;
  readonly mirrorTopics: number;
  /** Could it fail over now (`link-monitor readiness` says why). */
  readonly readiness: ReadinessVerdict;
}

/** A mirror topic or task that is not healthy, as last read (healthy ones are not recorded). */
export interface PartRow {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly linkName: string;
  readonly kind: 'mirror-topic' | 'task';
  readonly name: string;
  readonly state: string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly severity: Severity | null;
}

export interface ClusterStatus {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly links: number;
  readonly unhealthyLinks: number;
  /** Consecutive failed listings; 0 when the last one succeeded. */
  readonly consecutiveFailures: number;
  readonly failingSince: string | null;
  readonly lastError: string | null;
  /**
   * Entries the last listing refused (set aside; the links they may stand for show their last
   * known state), the first of them with their problems; null when it refused none.
   */
  readonly refusedEntries: RefusedEntriesRecord | null;
  /** Events recorded but not notified yet: nobody was told of them (the notifier failing, or a poll in flight). */
  readonly pendingNotifications: number;
  /** When the oldest of them was observed; null when none is pending. */
  readonly oldestPendingAt: string | null;
}

export interface StatusReport {
  readonly generatedAt: string;
  readonly clusters: readonly ClusterStatus[];
  readonly links: readonly StatusRow[];
  /** Mirror topics and tasks in error, paused or otherwise not healthy, by cluster, link and name. */
  readonly parts: readonly PartRow[];
  readonly quarantined: readonly QuarantinedRow[];
}

/**
 * Builds the report, clusters and links sorted by id and name so output is stable.
 *
 * @param readiness - the config's readiness settings, for the links' time-behind targets; null
 *   judges readiness on what the poller recorded alone. @default null
 */
export function buildStatusReport(
  recorded: readonly RecordedCluster[],
  now: Date,
  readiness: ReadinessSettings | null = null,
): StatusReport {
  const sorted = [...recorded].sort((a, b) => compare(a.cluster.clusterId, b.cluster.clusterId));
  const links: StatusRow[] = [];
  const clusters: ClusterStatus[] = [];
  const parts: PartRow[] = [];
  const quarantined: QuarantinedRow[] = [];
  for (const { cluster, links: snapshots, quarantined: given = [], pending = [] } of sorted) {
    for (const event of given) {
      if (event.quarantine === undefined) continue;
      quarantined.push({
        clusterId: cluster.clusterId,
        linkName: event.linkName,
        eventId: event.eventId,
        type: event.type,
        observedAt: event.observedAt,
        reason: event.quarantine.reason,
        quarantinedAt: event.quarantine.at,
      });
    }
    const rows = [...snapshots]
      .sort((a, b) => compare(a.link.linkName, b.link.linkName))
      .map((s) => ({
        clusterId: cluster.clusterId,
        clusterLabel: cluster.clusterLabel,
        linkName: s.link.linkName,
        clusterLinkId: s.link.clusterLinkId,
        linkState: s.link.linkState,
        linkError: s.link.linkError,
        linkErrorMessage: s.link.linkErrorMessage,
        severity: conditionSeverity(s.link),
        since: s.stateSince,
        unhealthySince: s.unhealthySince,
        mirrorTopics: s.link.topicNames.length,
        readiness: linkReadiness(s.link, readiness, readinessTargetFor(s.link.linkName, readiness)).verdict,
      }));
    links.push(...rows);
    for (const s of [...snapshots].sort((a, b) => compare(a.link.linkName, b.link.linkName))) {
      parts.push(...partRows(cluster, s));
    }
    clusters.push({
      clusterId: cluster.clusterId,
      clusterLabel: cluster.clusterLabel,
      links: rows.length,
      unhealthyLinks: rows.filter((r) => r.severity !== null).length,
      consecutiveFailures: cluster.consecutiveFailures,
      failingSince: cluster.failingSince,
      lastError: cluster.lastError,
      refusedEntries: cluster.refusedEntries ?? null,
      pendingNotifications: pending.length,
      oldestPendingAt: pending.reduce<string | null>(
        (oldest, e) => (oldest === null || e.observedAt < oldest ? e.observedAt : oldest),
        null,
      ),
    });
  }
  return { generatedAt: now.toISOString(), clusters, links, parts, quarantined };
}

function partRows(cluster: ClusterRecord, snapshot: LinkSnapshot): PartRow[] {
  const where = {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.clusterLabel,
    linkName: snapshot.link.linkName,
  };
  const topics = (snapshot.link.mirrorTopics ?? []).map(
    (t): PartRow => ({
      ...where,
      kind: 'mirror-topic',
      name: t.topicName,
      state: t.status,
      errorCode: t.error,
      errorMessage: t.transitionErrors[0]?.errorMessage ?? null,
      severity: topicSeverity(t),
    }),
  );
  const tasks = snapshot.link.tasks.map((t): PartRow => {
    const error = firstTaskError(t);
    return {
      ...where,
      kind: 'task',
      name: t.taskName,
      state: t.state,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      severity: taskSeverity(t),
    };
  });
  // A breach keeps no figures in the snapshot (they move on every check): the row says it is over
  // its threshold, and `history` has the messages behind and the worst partitions.
  const lagging = (snapshot.link.laggingTopics ?? [])
    .filter((t) => t.notified)
    .map(
      (t): PartRow => ({
        ...where,
        kind: 'mirror-topic',
        name: t.topicName,
        state: 'LAG_OVER_THRESHOLD',
        errorCode: null,
        errorMessage: 'see history for the messages behind',
        severity: 'warning',
      }),
    );
  return [...topics, ...lagging, ...tasks];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function age(since: string | null, now: string): string {
  const span = formatDuration(secondsBetween(since, now) ?? Number.NaN);
  return span === null ? '' : ` (${span})`;
}

/**
 * The table: CLUSTER, LINK, STATE, ERROR, SINCE, TOPICS, READINESS, then one line per
 * cluster whose listing is failing (its links show the last known state).
 */
export function formatStatusTable(report: StatusReport): string {
  if (report.clusters.length === 0) {
    return 'No clusters recorded yet. Run a poll first (link-monitor run --once, or wait for the schedule).\n';
  }
  const rows = report.links.map((r) => [
    `${r.clusterLabel} (${r.clusterId})`,
    r.linkName,
    `${r.severity === null ? 'ok' : r.severity === 'critical' ? '!!' : '!'} ${r.linkState ?? 'not reported'}`,
    r.linkError ?? '-',
    `${formatTimestamp(r.since)}${age(r.since, report.generatedAt)}`,
    String(r.mirrorTopics),
    r.readiness,
  ]);
  const lines = [renderTable(['CLUSTER', 'LINK', 'STATE', 'ERROR', 'SINCE', 'TOPICS', 'READINESS'], rows)];
  if (report.parts.length > 0) {
    const partRows = report.parts.map((p) => [
      `${p.clusterLabel} (${p.clusterId})`,
      p.linkName,
      `${p.kind === 'mirror-topic' ? 'topic' : 'task'} ${p.name}`,
      `${p.severity === 'critical' ? '!!' : p.severity === null ? 'ok' : '!'} ${p.state}`,
      p.errorCode ?? '-',
      p.errorMessage ?? '-',
    ]);
    lines.push(
      'Mirror topics and tasks not healthy (as last read):',
      renderTable(['CLUSTER', 'LINK', 'TOPIC OR TASK', 'STATE', 'ERROR', 'MESSAGE'], partRows),
    );
  }
  for (const c of report.clusters) {
    const unhealthy = `${c.unhealthyLinks} of ${c.links} link(s) unhealthy`;
    const listing =
      c.consecutiveFailures === 0
        ? 'listing ok'
        : `listing FAILING for ${c.consecutiveFailures} poll(s) since ${formatTimestamp(c.failingSince)}: ${c.lastError ?? 'unknown error'} (links show the last known state)`;
    lines.push(
      printable(
        `${c.clusterLabel} (${c.clusterId}): ${unhealthy}; ${listing}${refusedSummary(c)}${pendingSummary(c)}`,
      ),
    );
  }
  const refused = report.clusters.flatMap((c) =>
    (c.refusedEntries?.entries ?? []).map((e) => [c.clusterId, e.linkName ?? '(no name)', e.problem]),
  );
  if (refused.length > 0) {
    lines.push(
      '',
      'Listing entries refused and set aside, the first of each cluster (the rest of the listing is used; the link an entry names keeps its last known state, and while an entry names none, or a name is given twice, no link missing from the listing is taken for removed):',
      renderTable(['CLUSTER', 'LINK', 'PROBLEM'], refused),
    );
  }
  if (report.quarantined.length > 0) {
    lines.push(
      '',
      `${report.quarantined.length} notification(s) could not be sent and were given up (quarantined)${report.clusters.some((c) => c.pendingNotifications > 0) ? '' : '; the rest went out'}:`,
      renderTable(
        ['CLUSTER', 'LINK', 'EVENT', 'OBSERVED', 'REASON'],
        report.quarantined.map((q) => [
          q.clusterId,
          q.linkName ?? '-',
          q.type,
          formatTimestamp(q.observedAt),
          q.reason,
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Notifications waiting: a status that says all is well while nobody was told would mislead. */
function pendingSummary(c: ClusterStatus): string {
  if (c.pendingNotifications === 0) return '';
  return `; ${c.pendingNotifications} notification(s) NOT SENT yet, the oldest observed ${formatTimestamp(c.oldestPendingAt)}`;
}

function refusedSummary(c: ClusterStatus): string {
  const refused = c.refusedEntries;
  if (refused === null) return '';
  const entries = refused.count === 1 ? '1 listing entry' : `${refused.count} listing entries`;
  return `; ${entries} refused since ${formatTimestamp(refused.since)}`;
}

export function formatStatusJson(report: StatusReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
