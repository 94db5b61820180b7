/**
 * The whole monitor in one stack: state (tables, topic, key), the scheduled
 * poller, notification subscriptions (email, Slack), dead-letter queues for
 * every asynchronous path, alarms and a dashboard. Everything it needs comes
 * from a validated `MonitorConfig`.
 */

import { createHash } from 'node:crypto';
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deployFindings } from '../adapters/config/deploy-rules.js';
import type { MonitorConfig } from '../adapters/config/monitor-config.js';
import { PAGERDUTY_ENV } from '../adapters/lambda/pagerduty-notifier-environment.js';
import {
  POLLER_CLUSTERS_FILE,
  type PollerCluster,
  pollerClustersJson,
  pollerEnvironment,
} from '../adapters/lambda/poller-environment.js';
import { SERVICE_NAME } from '../adapters/lambda/poller-metrics.js';
import { slackNotifierEnvironment } from '../adapters/lambda/slack-notifier-environment.js';
import { SLACK_NOTIFIER_SERVICE_NAME } from '../adapters/lambda/slack-notifier-metrics.js';
import { receiverSubscriptions } from '../adapters/sns/route-filter-policies.js';
import { deadLetterQueue } from './constructs/dead-letter-queue.js';
import { MonitorAlarms } from './constructs/monitor-alarms.js';
import { MonitorDashboard } from './constructs/monitor-dashboard.js';
import { MonitorFunction } from './constructs/monitor-function.js';
import { MonitorState } from './constructs/monitor-state.js';
import { addEmailReceiver, addReceiverFunction } from './constructs/receiver-function.js';
import { readSecretsStatements } from './secret-arn.js';

/**
 * From the benchmark (bench/RESULTS.md, run under the heap limits Lambda derives
 * from this size): the poller's peak RSS is 157 MB with 20,000 links (20 clusters
 * x 1,000), 146 MB with 100 x 100 and 107 MB with 10 links, most of it Node, V8
 * and the SDK before any link is held (the naive baseline peaks at 101 MB for 10);
 * the links in flight are bounded by `LinkBudget` (`functions/poller/poll-handler.ts`).
 * 1.5x the 20,000-link peak, rounded up to 64 MB, is 256 MB: headroom for the
 * runtime's own share and for larger clusters, since an out-of-memory kill loses
 * the whole poll. 128 MB would not hold that estate.
 */
export const POLLER_MEMORY_MB = 256;

export interface ClusterLinkMonitorStackProps extends StackProps {
  /** Must be deployable: every cluster's credentials in Secrets Manager (see `assertDeployable`). */
  readonly config: MonitorConfig;
  /** The poller clusters, derived from the config by `assertDeployable`. */
  readonly clusters: readonly PollerCluster[];
}

/** A short, stable id part for a receiver named by its secret: the same secret keeps its resources. */
function receiverIdSuffix(secretId: string): string {
  return createHash('sha256').update(secretId).digest('hex').slice(0, 8).toUpperCase();
}

export class ClusterLinkMonitorStack extends Stack {
  readonly state: MonitorState;
  readonly poller: lambda.Function;
  readonly slackNotifier: lambda.Function | undefined;
  readonly schedule: scheduler.Schedule;
  readonly scheduleRole: iam.Role;
  readonly deadLetterQueues: Record<string, sqs.Queue>;

  constructor(scope: Construct, id: string, props: ClusterLinkMonitorStackProps) {
    super(scope, id, props);
    const { config, clusters } = props;
    const interval = Duration.millis(config.schedule.intervalMs);

    this.state = new MonitorState(this, 'State');
    const { snapshotTable, historyTable, notificationTopic, topicKey } = this.state;

    const pollerFailures = deadLetterQueue(this, 'PollerFailuresDlq');
    const scheduleDelivery = deadLetterQueue(this, 'ScheduleDeliveryDlq');
    this.deadLetterQueues = { PollerFailures: pollerFailures, ScheduleDelivery: scheduleDelivery };

    // --- Poller -------------------------------------------------------------
    const poller = new MonitorFunction(this, 'Poller', {
      entry: 'functions/poller/handler.ts',
      description: 'Cluster link monitor poller: lists cluster links, records changes, notifies',
      serviceName: SERVICE_NAME,
      timeout: Duration.millis(config.pollTimeoutMs),
      memorySize: POLLER_MEMORY_MB,
      // One poll at a time: a late schedule tick must not race the running poll.
      reservedConcurrentExecutions: 1,
      environment: pollerEnvironment({
        snapshotTableName: snapshotTable.tableName,
        historyTableName: historyTable.tableName,
        topicArn: notificationTopic.topicArn,
        settings: config.settings,
        maintenanceWindows: config.maintenanceWindows,
      }),
      // The cluster list outgrows Lambda's 4 KB environment at about 15 clusters; in the bundle it has no limit.
      bundledFiles: { [POLLER_CLUSTERS_FILE]: pollerClustersJson(clusters) },
    });
    this.poller = poller.function;
    // A failed poll is not retried (the next tick polls again); an event that waited
    // longer than one interval is stale. Both end up in the dead-letter queue.
    this.poller.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.seconds(Math.max(60, interval.toSeconds())),
      onFailure: new SqsDestination(pollerFailures),
    });

    const tableArns = [snapshotTable.tableArn, historyTable.tableArn];
    const indexArns = this.state.indexArns();
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteMonitorTables',
        actions: [
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: tableArns,
      }),
    );
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'QueryMonitorIndexes',
        actions: ['dynamodb:Query'],
        resources: indexArns,
      }),
    );
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PublishNotifications',
        actions: ['sns:Publish'],
        resources: [notificationTopic.topicArn],
      }),
    );
    // Only the poller (and the principals the config names) may publish: any other principal of
    // the account, whatever its own policy allows, could otherwise send a forged alert.
    notificationTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyListedPublishers',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [notificationTopic.topicArn],
        conditions: {
          ArnNotEquals: { 'aws:PrincipalArn': [poller.role.roleArn, ...config.notificationPublishers] },
        },
      }),
    );
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptForTopic',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [topicKey.keyArn],
      }),
    );
    const credentialStatements = readSecretsStatements(
      this,
      'ReadClusterCredentials',
      clusters.map((c) => c.secretId),
    );
    for (const statement of credentialStatements) poller.role.addToPolicy(statement);

    this.scheduleRole = new iam.Role(this, 'PollScheduleRole', {
      description: 'Lets EventBridge Scheduler invoke the cluster link monitor poller',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    this.schedule = new scheduler.Schedule(this, 'PollSchedule', {
      description: `Runs the cluster link monitor poller ${config.schedule.expression}`,
      schedule: scheduler.ScheduleExpression.expression(config.schedule.expression),
      target: new targets.LambdaInvoke(this.poller, {
        role: this.scheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'cluster-link-monitor.schedule' }),
        deadLetterQueue: scheduleDelivery,
        // The next tick is the retry.
        retryAttempts: 0,
        maxEventAge: Duration.seconds(Math.max(60, interval.toSeconds())),
      }),
    });

    // --- Notifications ------------------------------------------------------
    // One subscription per receiver; SNS filter policies route by cluster and problem severity.
    const notifierFunctions: Record<string, lambda.IFunction> = {};
    let slackLogGroup: logs.ILogGroup | undefined;
    for (const receiver of receiverSubscriptions(config)) {
      if (receiver.kind === 'email') {
        addEmailReceiver(notificationTopic, receiver.endpoint, receiver.filterPolicy);
        continue;
      }
      if (receiver.kind === 'pagerDuty') {
        const name = `PagerDuty${receiverIdSuffix(receiver.endpoint)}`;
        const minSeverity = receiver.pagerDutyMinSeverity ?? 'critical';
        const pagerDuty = addReceiverFunction(
          this,
          {
            function: `${name}Notifier`,
            deliveryDlq: `${name}DeliveryDlq`,
            failuresDlq: `${name}FailuresDlq`,
            secretStatement: `Read${name}RoutingKey`,
          },
          {
            topic: notificationTopic,
            entry: 'functions/pagerduty-notifier/handler.ts',
            description: `Cluster link monitor: pages through PagerDuty (routes: ${receiver.routes.join(', ')})`,
            serviceName: `${SERVICE_NAME}-pagerduty`,
            secretId: receiver.endpoint,
            environment: (failuresQueueUrl) => ({
              [PAGERDUTY_ENV.routingKeySecret]: receiver.endpoint,
              [PAGERDUTY_ENV.minSeverity]: minSeverity,
              [PAGERDUTY_ENV.deadLetterQueueUrl]: failuresQueueUrl,
            }),
            filterPolicy: receiver.filterPolicy,
          },
        );
        this.deadLetterQueues[`${name}Delivery`] = pagerDuty.deliveryDlq;
        this.deadLetterQueues[`${name}Failures`] = pagerDuty.failuresDlq;
        notifierFunctions[`${name}Notifier`] = pagerDuty.function;
        continue;
      }
      // The default route's Slack notifier keeps the ids it had before routes existed.
      const isDefault = config.slack !== null && receiver.endpoint === config.slack.webhookSecret;
      const name = isDefault ? 'Slack' : `RoutedSlack${receiverIdSuffix(receiver.endpoint)}`;
      const slack = addReceiverFunction(
        this,
        {
          function: `${name}Notifier`,
          deliveryDlq: `${name}DeliveryDlq`,
          failuresDlq: `${name}FailuresDlq`,
          secretStatement: `Read${name}Webhook`,
        },
        {
          topic: notificationTopic,
          entry: 'functions/slack-notifier/handler.ts',
          description: `Cluster link monitor: posts notifications to Slack (routes: ${receiver.routes.join(', ')})`,
          serviceName: SLACK_NOTIFIER_SERVICE_NAME,
          secretId: receiver.endpoint,
          environment: (failuresQueueUrl) =>
            slackNotifierEnvironment({
              webhookSecretId: receiver.endpoint,
              // Messages Slack refuses for good go here directly instead of through Lambda's retries.
              deadLetterQueueUrl: failuresQueueUrl,
            }),
          filterPolicy: receiver.filterPolicy,
        },
      );
      this.deadLetterQueues[`${name}Delivery`] = slack.deliveryDlq;
      this.deadLetterQueues[`${name}Failures`] = slack.failuresDlq;
      notifierFunctions[`${name}Notifier`] = slack.function;
      if (isDefault) {
        this.slackNotifier = slack.function;
        slackLogGroup = slack.logGroup;
      }
    }

    // --- Operations ---------------------------------------------------------
    // Warnings of the deploy rules (errors stopped the app before this stack was built).
    for (const finding of deployFindings(config)) {
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
      scheduleInterval: interval,
      clusters,
      unreachableAfterPolls: config.settings.unreachableAfterPolls,
      deadLetterQueues: this.deadLetterQueues,
      notifierFunctions,
      notificationTopic,
    });
    const dashboard = new MonitorDashboard(this, 'Dashboard', {
      dashboardName: `${this.stackName}-links`,
      poller: this.poller,
      clusters,
      deadLetterQueues: this.deadLetterQueues,
      alarms: alarms.alarms,
    });

    new CfnOutput(this, 'SnapshotTableName', { value: snapshotTable.tableName });
    new CfnOutput(this, 'HistoryTableName', { value: historyTable.tableName });
    new CfnOutput(this, 'NotificationTopicArn', { value: notificationTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'PollerFunctionName', { value: this.poller.functionName });
    new CfnOutput(this, 'PollerLogGroupName', { value: poller.logGroup.logGroupName });
    if (this.slackNotifier !== undefined) {
      new CfnOutput(this, 'SlackNotifierFunctionName', { value: this.slackNotifier.functionName });
      new CfnOutput(this, 'SlackNotifierLogGroupName', { value: slackLogGroup?.logGroupName ?? '' });
    }
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboard.dashboard.dashboardName}`,
    });
  }
}
