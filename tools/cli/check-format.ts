/** `link-monitor check`: the report of a config check, as text or JSON. Pure. */
import type { DeployFinding } from '../../adapters/config/deploy-rules.js';
import type { ClusterLink } from '../../core/model/link-model.js';
import type { Problem } from './listing-problems.js';
import { renderTable } from './text-table.js';

export interface ClusterCheck {
  readonly clusterId: string;
  readonly label: string;
  readonly restEndpoint: string;
  /** Where the config says the credentials come from. */
  readonly credentials: 'secret' | 'env-basic' | 'env-bearer';
  readonly links: readonly ClusterLink[] | null;
  readonly problem: Problem | null;
}

export interface CheckReport {
  readonly configFile: string;
  /** Empty when the config itself is invalid. */
  readonly clusters: readonly ClusterCheck[];
  /** Config problems, one line per bad field. */
  readonly configProblems: readonly string[];
  /**
   * Deploy rules the config breaks (`deployFindings`): warnings here, since the file may be meant
   * for local runs; synth refuses those of level `error`.
   */
  readonly deployFindings: readonly DeployFinding[];
  readonly ok: boolean;
}

export function formatCheckText(report: CheckReport): string {
  const lines: string[] = [];
  if (report.configProblems.length > 0) {
    lines.push(`✘ ${report.configFile}: the config is not valid`);
    for (const problem of report.configProblems) lines.push(`  ${problem}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`✔ ${report.configFile}: valid, ${report.clusters.length} cluster(s)`);
  for (const finding of report.deployFindings) {
    const consequence =
      finding.level === 'error' ? 'synth refuses this; fine for local runs' : 'synth warns too';
    lines.push(`⚠ ${report.configFile}: ${finding.path}: ${finding.message} (${consequence})`);
  }
  for (const c of report.clusters) {
    lines.push('');
    const name = `${c.label} (${c.clusterId}) at ${c.restEndpoint}`;
    if (c.problem !== null) {
      lines.push(`✘ ${name}: ${c.problem.kind}`);
      lines.push(`  ${c.problem.message}`);
      lines.push(`  hint: ${c.problem.hint}`);
      continue;
    }
    const links = c.links ?? [];
    lines.push(`✔ ${name}: ${links.length} link(s)`);
    if (links.length > 0) {
      lines.push(
        renderTable(
          ['LINK', 'STATE', 'ERROR', 'REMOTE CLUSTER', 'TOPICS'],
          links.map((l) => [
            l.linkName,
            l.linkState ?? 'not reported',
            l.linkError ?? '-',
            l.remoteClusterId ?? l.sourceClusterId ?? '-',
            String(l.topicNames.length),
          ]),
        ),
      );
    }
  }
  const failed = report.clusters.filter((c) => c.problem !== null).length;
  lines.push('');
  lines.push(
    failed === 0
      ? 'All clusters reachable.'
      : `${failed} of ${report.clusters.length} cluster(s) have a problem.`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatCheckJson(report: CheckReport): string {
  return `${JSON.stringify(
    {
      configFile: report.configFile,
      ok: report.ok,
      configProblems: report.configProblems,
      deployFindings: report.deployFindings,
      clusters: report.clusters.map((c) => ({
        clusterId: c.clusterId,
        label: c.label,
        restEndpoint: c.restEndpoint,
        credentials: c.credentials,
        ok: c.problem === null,
        problem: c.problem,
        links: c.links,
      })),
    },
    null,
    2,
  )}\n`;
}
