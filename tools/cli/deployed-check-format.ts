/** `link-monitor check --deployed`: the report as text (one line a finding, its fix below) or JSON. Pure. */
import type { DeployedFinding, DeployedReport } from './deployed-findings.js';

const SYMBOLS: Record<DeployedFinding['status'], string> = { ok: '✔', warning: '⚠', failure: '✘' };

export function formatDeployedText(report: DeployedReport): string {
  const lines = [`Deployed stack ${report.stackName}:`];
  for (const f of report.findings) {
    lines.push(`${SYMBOLS[f.status]} ${f.status.padEnd(7)} ${f.area.padEnd(13)} ${f.message}`);
    if (f.fix !== null) lines.push(`  fix: ${f.fix}`);
  }
  const failures = report.findings.filter((f) => f.status === 'failure').length;
  const warnings = report.findings.filter((f) => f.status === 'warning').length;
  lines.push('');
  if (failures > 0) {
    lines.push(`${failures} failure(s), ${warnings} warning(s): the fixes are above.`);
  } else if (warnings > 0) {
    lines.push(`No failure; ${warnings} warning(s): the fixes are above.`);
  } else {
    lines.push(`All ${report.findings.length} checks ok.`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatDeployedJson(report: DeployedReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
