/**
 * Builds the CDK app from a config: checks that the config can be deployed,
 * creates the stack and attaches the cdk-nag AWS Solutions checks. Shared by
 * `infra/app.ts` (the CLI entry point) and the infrastructure tests.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeployTarget, deployFindings } from '../adapters/config/deploy-rules.js';
import { InvalidConfigError } from '../adapters/config/invalid-config-error.js';
import type { MonitorConfig } from '../adapters/config/monitor-config.js';
import type { PollerCluster } from '../adapters/lambda/poller-clusters-file.js';
import { ClusterLinkMonitorStack } from './cluster-link-monitor-stack.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';

/**
 * The clusters as the deployed poller needs them.
 * @param target where the stack deploys, as far as known (secrets elsewhere are refused)
 * @throws InvalidConfigError for every deploy rule the config breaks (see `deployFindings`),
 *   e.g. credentials that only work locally, a secret in another account or more secrets than IAM can grant
 */
export function assertDeployable(config: MonitorConfig, target: DeployTarget = {}): PollerCluster[] {
  const errors = deployFindings(config, target).filter((finding) => finding.level === 'error');
  if (errors.length > 0) throw new InvalidConfigError(config.fileName, errors);
  const clusters = config.clusters.map((cluster) => ({
    clusterId: cluster.clusterId,
    label: cluster.label,
    restEndpoint: cluster.restEndpoint,
    secretId: cluster.credentials.kind === 'secret' ? cluster.credentials.secretId : '',
    ...(cluster.credentials.kind === 'secret' &&
      cluster.credentials.secretKey !== undefined && { secretKey: cluster.credentials.secretKey }),
  }));
  return clusters;
}

export interface MonitorApp {
  readonly app: App;
  readonly stack: ClusterLinkMonitorStack;
}

/**
 * Adds the monitor stack for `config` to `app` (a new one by default) and attaches the cdk-nag checks.
 * @param target the account and region `cdk deploy` deploys to, when known
 * @throws InvalidConfigError when the config cannot be deployed
 */
export function buildMonitorApp(
  config: MonitorConfig,
  app: App = new App(),
  target: DeployTarget = {},
): MonitorApp {
  const clusters = assertDeployable(config, target);
  const stack = new ClusterLinkMonitorStack(app, config.stackName, {
    config,
    clusters,
    deployTarget: target,
    description:
      'Cluster link monitor: polls Confluent cluster links, records changes, alerts by email and Slack',
  });
  acknowledgeNagFindings({
    deadLetterQueues: Object.values(stack.deadLetterQueues),
    scheduleRole: stack.scheduleRole,
    poller: stack.poller,
    credentialsPolicy: stack.credentialsPolicy,
    clusterSecretPrefixes: config.clusterSecretPrefixes,
    ...(stack.state.topicKey === undefined && { unencryptedAlarmTopic: stack.alarmTopic }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
