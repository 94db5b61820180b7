/**
 * The poller's environment against Lambda's 4 KB, checked at synth with every variable the stack
 * sets. Table names and the topic ARN are only known once deployed: they are counted at the
 * longest CloudFormation may make them. Pure.
 */
import {
  commonFunctionEnvironment,
  environmentSize,
  LAMBDA_ENVIRONMENT_MAX_BYTES,
} from '../lambda/function-environment.js';
import { POLLER_ENV, pollerEnvironment } from '../lambda/poller-environment.js';
import { SERVICE_NAME } from '../lambda/poller-metrics.js';
import type { DeployFinding } from './deploy-finding.js';
import type { MonitorConfig } from './monitor-config.js';
import { LONGEST_ARN_PARTS } from './secret-grants.js';

/** DynamoDB's longest table name. */
const MAX_TABLE_NAME = 255;
/** SNS's longest topic name, in the longest ARN. */
const MAX_TOPIC_ARN_LENGTH =
  `arn:${LONGEST_ARN_PARTS.partition}:sns:${LONGEST_ARN_PARTS.region}:${LONGEST_ARN_PARTS.account}:`.length +
  256;

/** The poller's environment as deployed, with every value the stack cannot know yet at its longest. */
export function longestPollerEnvironment(config: MonitorConfig): Record<string, string> {
  return {
    ...commonFunctionEnvironment(SERVICE_NAME, 'INFO'),
    ...pollerEnvironment({
      snapshotTableName: 'x'.repeat(MAX_TABLE_NAME),
      historyTableName: 'x'.repeat(MAX_TABLE_NAME),
      topicArn: 'x'.repeat(MAX_TOPIC_ARN_LENGTH),
      settings: config.settings,
      maintenanceWindows: config.maintenanceWindows,
      metricsLevel: config.metricsLevel,
    }),
  };
}

/** Which setting a variable comes from, for the finding's path. */
const SOURCE: Readonly<Record<string, string>> = {
  [POLLER_ENV.maintenanceWindows]: 'maintenanceWindows',
  [POLLER_ENV.settings]: 'mirrorLag',
};

export function pollerEnvironmentFindings(config: MonitorConfig): DeployFinding[] {
  const size = environmentSize(longestPollerEnvironment(config));
  if (size.bytes <= LAMBDA_ENVIRONMENT_MAX_BYTES) return [];
  const largest = size.byVariable.slice(0, 3);
  return [
    {
      level: 'error',
      path: SOURCE[largest[0]?.name ?? ''] ?? 'maintenanceWindows',
      message: `make the poller's environment up to ${size.bytes} bytes once deployed, more than the ${LAMBDA_ENVIRONMENT_MAX_BYTES} Lambda allows (largest: ${largest.map((v) => `${v.name} ${v.bytes}`).join(', ')}); use fewer or shorter maintenance windows or mirrorLag link rules`,
    },
  ];
}
