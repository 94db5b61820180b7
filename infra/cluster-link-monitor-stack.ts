/**
 * The whole monitor in one stack: state (tables, topic, key), the scheduled
 * poller, notification subscriptions (email, Slack), dead-letter queues for
 * every asynchronous path, alarms and, opt-in, a dashboard. Everything it needs
 * comes from a validated `MonitorConfig`. Nothing in it grows with the number of
 * clusters but the bundled cluster list, the secret grants and one schedule per
 * `MAX_CLUSTERS_PER_INVOCATION` clusters. The stack composes; each part owns its
 * resources and grants (`constructs/`).
 */

import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type DeployTarget, deployFindings } from '../adapters/config/deploy-rules.js';
import type { MonitorConfig } from '../adapters/config/monitor-config.js';
import { pollerCredentialsGrant } from '../adapters/config/secret-grants.js';
import type { PollerCluster } from '../adapters/lambda/poller-clusters-file.js';
import { MonitorAlarms } from './constructs/monitor-alarms.js';
import { MonitorDashboard } from './constructs/monitor-dashboard.js';
import { MonitorState } from './constructs/monitor-state.js';
import { addNotificationReceivers } from './constructs/notification-receivers.js';
import { addPoller } from './constructs/poller.js';

export interface ClusterLinkMonitorStackProps extends StackProps {
  /** Must be deployable: every cluster's credentials in Secrets Manager (see `assertDeployable`). */
  readonly config: MonitorConfig;
  /** The poller clusters, derived from the config by `assertDeployable`. */
  readonly clusters: readonly PollerCluster[];
  /** Where the stack deploys, as far as synth knows, for the deploy rules' warnings. @default unknown */
  readonly deployTarget?: DeployTarget;
}

export class ClusterLinkMonitorStack extends Stack {
  readonly state: MonitorState;
  readonly poller: lambda.Function;
  /** The poller's grant to read the clusters' credentials. */
  readonly credentialsPolicy: iam.Policy;
  readonly slackNotifier: lambda.Function | undefined;
  /** The first (often the only) schedule. */
  readonly schedule: scheduler.Schedule;
  /** One per shard of the clusters (`pollShardCount`). */
  readonly schedules: readonly scheduler.Schedule[];
  readonly scheduleRole: iam.Role;
  readonly deadLetterQueues: Record<string, sqs.Queue>;
  /** Where the monitor's own alarms go. */
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: ClusterLinkMonitorStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.state = new MonitorState(this, 'State', {
      customerManagedKey: config.topicEncryption === 'customer-managed',
    });
    const { snapshotTable, historyTable, notificationTopic, topicKey } = this.state;

    // Every function's handler module (relative to the project root) is named here.
    const poller = addPoller(this, {
      entry: 'functions/poller/handler.ts',
      state: this.state,
      clusters: props.clusters,
      schedule: config.schedule,
      timeout: Duration.millis(config.pollTimeoutMs),
      settings: config.settings,
      maintenanceWindows: config.maintenanceWindows,
      metricsLevel: config.metricsLevel,
      credentials: pollerCredentialsGrant(config),
      notificationPublishers: config.notificationPublishers,
      reserveConcurrency: config.reserveConcurrency,
    });
    const receivers = addNotificationReceivers(this, {
      topic: notificationTopic,
      routing: config,
      secretKmsKeys: config.secretKmsKeys,
      entries: { slack: 'receivers/slack/handler.ts', pagerDuty: 'receivers/pagerduty/handler.ts' },
    });
    this.poller = poller.function;
    this.credentialsPolicy = poller.credentialsPolicy;
    this.scheduleRole = poller.scheduleRole;
    this.schedules = poller.schedules;
    this.schedule = poller.schedules[0] as scheduler.Schedule;
    this.slackNotifier = receivers.defaultSlack?.function;
    this.deadLetterQueues = { PollerDeadLetters: poller.deadLetters, ...receivers.deadLetterQueues };

    // --- Operations ---------------------------------------------------------
    // Warnings of the deploy rules (errors stopped the app before this stack was built).
    for (const finding of deployFindings(config, props.deployTarget)) {
      if (finding.level === 'warning') {
        Annotations.of(this).addWarningV2(
          `cluster-link-monitor:${finding.path}`,
          `${config.fileName}: ${finding.path}: ${finding.message}.`,
        );
      }
    }
    const alarms = new MonitorAlarms(this, 'Alarms', {
      alarmEmails: config.alarmEmails,
      topicKey,
      poller: this.poller,
      scheduleInterval: Duration.millis(config.schedule.intervalMs),
      shards: poller.shards,
      unreachableAfterPolls: config.settings.unreachableAfterPolls,
      pollerDeadLetters: poller.deadLetters,
      deadLetterQueues: receivers.deadLetterQueues,
      notifierFunctions: receivers.functions,
      notificationTopic,
    });
    this.alarmTopic = alarms.topic;
    const dashboard = config.dashboard
      ? new MonitorDashboard(this, 'Dashboard', {
          dashboardName: `${this.stackName}-links`,
          poller: this.poller,
          deadLetterQueues: this.deadLetterQueues,
          alarms: alarms.alarms,
          perClusterMetrics: config.metricsLevel === 'cluster',
        })
      : null;

    new CfnOutput(this, 'SnapshotTableName', { value: snapshotTable.tableName });
    new CfnOutput(this, 'HistoryTableName', { value: historyTable.tableName });
    new CfnOutput(this, 'NotificationTopicArn', { value: notificationTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'PollerFunctionName', { value: this.poller.functionName });
    new CfnOutput(this, 'PollerLogGroupName', { value: poller.logGroup.logGroupName });
    if (receivers.defaultSlack !== undefined) {
      const slack = receivers.defaultSlack;
      new CfnOutput(this, 'SlackNotifierFunctionName', { value: slack.function.functionName });
      new CfnOutput(this, 'SlackNotifierLogGroupName', { value: slack.logGroup.logGroupName });
    }
    if (dashboard !== null) {
      new CfnOutput(this, 'DashboardUrl', {
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboard.dashboard.dashboardName}`,
      });
    }
  }
}
