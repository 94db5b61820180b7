/**
 * The rules a config must meet to be deployed, beyond the schema (which every use of a config
 * applies). Synth refuses a config with an error finding; `link-monitor check` reports every
 * finding as a warning, since the same file may be meant for local runs, where these rules do
 * not apply. One list, so that check and synth can never disagree about what deploys.
 */
import type { MonitorConfig } from './monitor-config.js';

/**
 * Clusters one stack can hold. The dashboard is the limit: four widgets per
 * cluster, and CloudWatch allows 500 widgets per dashboard. (The cluster list
 * itself has no limit: it ships in the poller's bundle, not its environment.)
 */
export const MAX_CLUSTERS_PER_STACK = 120;

export interface DeployFinding {
  /** `error`: synth refuses the config; `warning`: synth goes on and says so. */
  readonly level: 'error' | 'warning';
  /** Field path, e.g. `clusters[0].credentials`. */
  readonly path: string;
  readonly message: string;
}

/** Every deploy rule the config breaks, in file order. Pure. */
export function deployFindings(config: MonitorConfig): DeployFinding[] {
  const findings: DeployFinding[] = config.clusters.flatMap((cluster, index) =>
    cluster.credentials.kind === 'secret'
      ? []
      : [
          {
            level: 'error' as const,
            path: `clusters[${index}].credentials`,
            message:
              'env credentials are for local runs only; a deployment needs secret (a Secrets Manager secret)',
          },
        ],
  );
  if (config.clusters.length > MAX_CLUSTERS_PER_STACK) {
    findings.push({
      level: 'error',
      path: 'clusters',
      message: `${config.clusters.length} clusters are more than one stack holds (${MAX_CLUSTERS_PER_STACK}, the dashboard's limit); split them over several configs, each with its own stackName`,
    });
  }
  if (config.alarmEmails.length === 0) {
    // Not an error (alarms can be routed by subscribing to the AlarmTopicArn output), but
    // a monitor whose own failures reach nobody should not deploy silently.
    findings.push({
      level: 'warning',
      path: 'alarmEmails',
      message:
        "is empty: the monitor's own alarms (poller failing or not running, clusters unreachable, dead letters) reach nobody until someone subscribes to the AlarmTopicArn output",
    });
  }
  return findings;
}
