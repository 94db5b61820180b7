/**
 * Builds the CDK app from a config: checks that the config can be deployed,
 * creates the stack and attaches the cdk-nag AWS Solutions checks. Shared by
 * `infra/app.ts` (the CLI entry point) and the infrastructure tests.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InvalidConfigError } from '../adapters/config/invalid-config-error.js';
import type { MonitorConfig } from '../adapters/config/monitor-config.js';
import type { PollerCluster } from '../adapters/lambda/poller-environment.js';
import { ClusterLinkMonitorStack } from './cluster-link-monitor-stack.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';

/**
 * Clusters one stack can hold. The dashboard is the limit: four widgets per
 * cluster, and CloudWatch allows 500 widgets per dashboard. (The cluster list
 * itself has no limit: it ships in the poller's bundle, not its environment.)
 */
export const MAX_CLUSTERS_PER_STACK = 120;

/**
 * The clusters as the deployed poller needs them.
 * @throws InvalidConfigError for credentials that only work locally (environment variables) or more clusters than one stack holds
 */
export function assertDeployable(config: MonitorConfig): PollerCluster[] {
  const issues = config.clusters.flatMap((cluster, index) =>
    cluster.credentials.kind === 'secret'
      ? []
      : [
          {
            path: `clusters[${index}].credentials`,
            message:
              'env credentials are for local runs only; a deployment needs secret (a Secrets Manager secret)',
          },
        ],
  );
  if (config.clusters.length > MAX_CLUSTERS_PER_STACK) {
    issues.push({
      path: 'clusters',
      message: `${config.clusters.length} clusters are more than one stack holds (${MAX_CLUSTERS_PER_STACK}, the dashboard's limit); split them over several configs, each with its own stackName`,
    });
  }
  if (issues.length > 0) throw new InvalidConfigError(config.fileName, issues);
  const clusters = config.clusters.map((cluster) => ({
    clusterId: cluster.clusterId,
    label: cluster.label,
    restEndpoint: cluster.restEndpoint,
    secretId: cluster.credentials.kind === 'secret' ? cluster.credentials.secretId : '',
  }));
  return clusters;
}

export interface MonitorApp {
  readonly app: App;
  readonly stack: ClusterLinkMonitorStack;
}

/**
 * Adds the monitor stack for `config` to `app` (a new one by default) and attaches the cdk-nag checks.
 * @throws InvalidConfigError when the config cannot be deployed
 */
export function buildMonitorApp(config: MonitorConfig, app: App = new App()): MonitorApp {
  const clusters = assertDeployable(config);
  const stack = new ClusterLinkMonitorStack(app, config.stackName, {
    config,
    clusters,
    description:
      'Cluster link monitor: polls Confluent cluster links, records changes, alerts by email and Slack',
  });
  acknowledgeNagFindings({
    deadLetterQueues: Object.values(stack.deadLetterQueues),
    scheduleRole: stack.scheduleRole,
    poller: stack.poller,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
