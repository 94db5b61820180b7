/**
 * `link-monitor readiness`: one verdict per recorded link, with why. Pure: recorded state in, text
 * out. The JSON shape is documented in `docs/readiness.md` ("The report"); change both together.
 */
import { formatDuration } from '../../core/notify/render/durations.js';
import type { ReadinessSettings } from '../../core/poll/poll-settings.js';
import {
  groupDigits,
  type LinkReadiness,
  linkReadiness,
  type ReadinessTopic,
  type ReadinessVerdict,
  readinessTargetFor,
} from '../../core/readiness/readiness-verdict.js';
import type { RecordedCluster } from './status-format.js';
import { formatTimestamp, printable, renderTable } from './text-table.js';

/** One link's readiness, where it is, and the target it was judged against. */
export interface ReadinessRow extends Omit<LinkReadiness, 'checks'> {
  readonly clusterId: string;
  readonly clusterLabel: string;
  /** The link's time-behind target in seconds; null when it has none (or checks are off). */
  readonly targetSeconds: number | null;
}

/** A cluster of the report: whether the links' recorded state is current. */
export interface ReadinessCluster {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly links: number;
  /** Consecutive failed listings: while above 0, its links show the last known state. */
  readonly consecutiveFailures: number;
  readonly failingSince: string | null;
}

export interface ReadinessReport {
  readonly generatedAt: string;
  /** `off` when no readiness settings were given: the verdicts judge what was recorded alone. */
  readonly checks: 'on' | 'off';
  readonly clusters: readonly ReadinessCluster[];
  /** By cluster id, then link name. */
  readonly links: readonly ReadinessRow[];
}

/** Reasons a table row shows; the JSON has all of them. */
const REASONS_SHOWN = 2;

/**
 * Judges every recorded link of the given clusters, sorted by cluster id and link name so output
 * is stable.
 *
 * @param settings - the config's readiness settings; null: checks off
 */
export function buildReadinessReport(
  recorded: readonly Pick<RecordedCluster, 'cluster' | 'links'>[],
  settings: ReadinessSettings | null,
  now: Date,
): ReadinessReport {
  const sorted = [...recorded].sort((a, b) => compare(a.cluster.clusterId, b.cluster.clusterId));
  const links: ReadinessRow[] = [];
  for (const { cluster, links: snapshots } of sorted) {
    for (const snapshot of [...snapshots].sort((a, b) => compare(a.link.linkName, b.link.linkName))) {
      const targetSeconds = readinessTargetFor(snapshot.link.linkName, settings);
      // `checks` is the same for every link: the report says it once.
      const readiness = linkReadiness(snapshot.link, settings, targetSeconds);
      links.push({
        clusterId: cluster.clusterId,
        clusterLabel: cluster.clusterLabel,
        linkName: readiness.linkName,
        verdict: readiness.verdict,
        targetSeconds,
        reasons: readiness.reasons,
        worstTopics: readiness.worstTopics,
        syncs: readiness.syncs,
        dryRun: readiness.dryRun,
      });
    }
  }
  return {
    generatedAt: now.toISOString(),
    checks: settings === null ? 'off' : 'on',
    clusters: sorted.map(({ cluster, links: snapshots }) => ({
      clusterId: cluster.clusterId,
      clusterLabel: cluster.clusterLabel,
      links: snapshots.length,
      consecutiveFailures: cluster.consecutiveFailures,
      failingSince: cluster.failingSince,
    })),
    links,
  };
}

/**
 * The table: CLUSTER, LINK, VERDICT, REASONS (the first two and how many more), WORST TOPIC (with
 * its time behind); then the count of each verdict, a line per cluster whose listing fails, and
 * whether the checks were on.
 *
 * @param width - the terminal's width; the reasons wrap to fit it. Undefined (a pipe): no wrapping.
 */
export function formatReadinessTable(report: ReadinessReport, width?: number): string {
  if (report.clusters.length === 0) {
    return 'No clusters recorded yet. Run a poll first (link-monitor run --once, or wait for the schedule).\n';
  }
  const head = ['CLUSTER', 'LINK', 'VERDICT', 'REASONS', 'WORST TOPIC'];
  const rows = report.links.map((r) => [
    `${r.clusterLabel} (${r.clusterId})`,
    r.linkName,
    r.verdict,
    reasonsCell(r),
    worstTopicCell(r.worstTopics[0]),
  ]);
  const lines: string[] = [];
  if (rows.length > 0) lines.push(renderTable(head, rows, { width, flexible: head.indexOf('REASONS') }));
  lines.push(verdictCounts(report.links));
  for (const c of report.clusters) {
    if (c.consecutiveFailures === 0) continue;
    lines.push(
      printable(
        `${c.clusterLabel} (${c.clusterId}): listing FAILING for ${c.consecutiveFailures} poll(s) since ${formatTimestamp(c.failingSince)}: its verdicts judge the last known state`,
      ),
    );
  }
  if (report.checks === 'off') {
    lines.push(
      'Readiness checks: off here (no --config with a readiness block): verdicts judge what the poller recorded, without time-behind targets.',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function formatReadinessJson(report: ReadinessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function reasonsCell(row: ReadinessRow): string {
  if (row.reasons.length === 0) return '-';
  const shown = row.reasons.slice(0, REASONS_SHOWN).map((r) => r.text);
  const more = row.reasons.length - shown.length;
  return [...shown, ...(more > 0 ? [`and ${more} more`] : [])].join('\n');
}

/** `orders ~5m behind`, `payments 1,200 messages behind, stalled`, `refunds FAILED`. */
function worstTopicCell(topic: ReadinessTopic | undefined): string {
  if (topic === undefined) return '-';
  const behind =
    topic.secondsBehind !== null
      ? `~${formatDuration(topic.secondsBehind) ?? `${topic.secondsBehind}s`} behind`
      : topic.messagesBehind !== null
        ? `${groupDigits(topic.messagesBehind)} messages behind`
        : null;
  const facts = [topic.status, behind, topic.stalled ? 'stalled' : null].filter((f) => f !== null);
  return facts.length === 0 ? topic.topicName : `${topic.topicName} ${facts.join(', ')}`;
}

function verdictCounts(links: readonly ReadinessRow[]): string {
  const count = (verdict: ReadinessVerdict) => links.filter((l) => l.verdict === verdict).length;
  return `${links.length} link(s): ${count('ready')} ready, ${count('at risk')} at risk, ${count('not ready')} not ready`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
