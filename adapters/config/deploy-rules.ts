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
} from '../routing/route-filter-policies.js';
import type { DeployFinding, DeployTarget } from './deploy-finding.js';
import { pollerEnvironmentFindings } from './environment-rules.js';
import type { MonitorConfig } from './monitor-config.js';
import { secretFindings } from './secret-rules.js';

export type { DeployFinding, DeployTarget } from './deploy-finding.js';

/**
 * Every deploy rule the config breaks, in file order. Pure.
 * @param target where the stack deploys, as far as known: secrets elsewhere are refused
 */
export function deployFindings(config: MonitorConfig, target: DeployTarget = {}): DeployFinding[] {
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
  findings.push(...secretFindings(config, target));
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
  findings.push(...pollerEnvironmentFindings(config));
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
