/**
 * The rules a config must meet to be deployed, beyond the schema (which every use of a config
 * applies). Synth refuses a config with an error finding; `link-monitor check` reports every
 * finding as a warning, since the same file may be meant for local runs, where these rules do
 * not apply. One list, so that check and synth can never disagree about what deploys.
 */
import { MAX_MAINTENANCE_WINDOWS_BYTES } from '../lambda/poller-environment.js';
import {
  receiverSubscriptions,
  SNS_MAX_FILTER_COMBINATIONS,
  unreachedReceivers,
} from '../sns/route-filter-policies.js';
import type { MonitorConfig } from './monitor-config.js';

/**
 * Distinct secrets the poller may be granted one by one. IAM holds about 750 secret ARNs in a
 * role's policies (10 managed policies of 6,144 characters each, plus the inline ones); past a few
 * hundred secrets, clusters should share one (`credentials: { secret, key }`), which also costs
 * $0.40 a month instead of $0.40 per cluster. (The number of clusters has no limit: the list ships
 * in the poller's bundle, and nothing else in the stack grows with it but the schedules.)
 */
export const MAX_DISTINCT_SECRETS = 500;

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
  const secrets = new Set(
    config.clusters.flatMap((c) => (c.credentials.kind === 'secret' ? [c.credentials.secretId] : [])),
  );
  if (secrets.size > MAX_DISTINCT_SECRETS) {
    findings.push({
      level: 'error',
      path: 'clusters',
      message: `${secrets.size} different secrets are more than IAM lets one function be granted one by one (${MAX_DISTINCT_SECRETS}); put several clusters' keys in one shared secret with credentials: { secret: NAME, key: KEY }`,
    });
  }
  for (const receiver of receiverSubscriptions(config)) {
    if (receiver.combinations > SNS_MAX_FILTER_COMBINATIONS) {
      findings.push({
        level: 'error',
        path: 'routes',
        message: `the ${receiver.kind} receiver of route(s) ${receiver.routes.join(', ')} needs a filter policy with ${receiver.combinations} combinations of values, more than SNS allows (${SNS_MAX_FILTER_COMBINATIONS}); name fewer clusters per route, or fewer routes per receiver`,
      });
    }
  }
  const unreached = unreachedReceivers(config);
  if (unreached.length > 0) {
    findings.push({
      level: 'warning',
      path: 'routes',
      message: `cover every cluster and severity, so the default route's receivers (${unreached.join(', ')}) receive nothing and are not subscribed`,
    });
  }
  const windowBytes = Buffer.byteLength(JSON.stringify(config.maintenanceWindows));
  if (windowBytes > MAX_MAINTENANCE_WINDOWS_BYTES) {
    findings.push({
      level: 'error',
      path: 'maintenanceWindows',
      message: `take ${windowBytes} bytes of the poller's environment, more than the ${MAX_MAINTENANCE_WINDOWS_BYTES} they may; use fewer or shorter windows`,
    });
  }
  if (config.alarmEmails.length === 0) {
    // Not an error (alarms can be routed by subscribing to the AlarmTopicArn output), but
    // a monitor whose own failures reach nobody should not deploy silently.
    findings.push({
      level: 'warning',
      path: 'alarmEmails',
      message:
        "is empty: the monitor's own alarms (polls failing, the poller not running, clusters unreachable, notifications not published or delivered) reach nobody until someone subscribes to the AlarmTopicArn output",
    });
  }
  return findings;
}
