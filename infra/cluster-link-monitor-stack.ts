/**
 * The whole monitor in one stack: state (tables, topic, key), the scheduled
 * poller, notification subscriptions (email, Slack), dead-letter queues for
 * every asynchronous path, alarms and, opt-in, a dashboard. Everything it needs
 * comes from a validated `MonitorConfig`. Nothing in it grows with the number of
 * clusters but the bundled cluster list, the secret grants and one schedule per
 * `MAX_CLUSTERS_PER_INVOCATION` clusters.
 */

import { createHash } from 'node:crypto';
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type DeployTarget, deployFindings } from '../adapters/config/deploy-rules.js';
import type { MonitorConfig } from '../adapters/config/monitor-config.js';
import { POLLER_CREDENTIALS_SIDS, pollerCredentialsGrant } from '../adapters/config/secret-grants.js';
import { POLLER_PERMISSIONS } from '../adapters/lambda/function-permissions.js';
import {
  PAGERDUTY_ENV,
  PAGERDUTY_NOTIFIER_SERVICE_NAME,
} from '../adapters/lambda/pagerduty-notifier-environment.js';
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
import { QueueDestination } from './constructs/queue-destination.js';
import { addEmailReceiver, addReceiverFunction } from './constructs/receiver-function.js';
import { listedPublishersStatement } from './notification-publishers.js';
import { readSecretsStatements } from './secret-arn.js';

/**
 * From the benchmark (bench/RESULTS.md, run under the heap limits Lambda derives
 * from this size): the poller's peak RSS is 157 MB with 20,000 links (20 clusters
 * x 1,000), 146 MB with 100 x 100 and 107 MB with 10 links, most of it Node, V8
 * and the SDK before any link is held (the naive baseline peaks at 101 MB for 10);
 * the links in flight are bounded by `LinkBudget` (`adapters/poll-pipeline/poll-pipeline.ts`).
 * 1.5x the 20,000-link peak, rounded up to 64 MB, is 256 MB: headroom for the
 * runtime's own share and for larger clusters, since an out-of-memory kill loses
 * the whole poll. 128 MB would not hold that estate.
 */
export const POLLER_MEMORY_MB = 256;
/**
 * Clusters one invocation polls. Past this, the stack splits the clusters into shards, each
 * invoked by its own EventBridge Scheduler schedule with `{"shard": i, "shards": n}`, and the
 * shards run side by side. From the benchmark (bench/RESULTS.md): at the
 * default concurrency and 100 ms per listing, a warm steady poll of 1,000 clusters took 9 to 14 s
 * on a shared machine, so the limit keeps a shard at about a quarter of the default 50 s timeout,
 * room for slower endpoints, retries and Lambda's smaller CPU.
 */
export const MAX_CLUSTERS_PER_INVOCATION = 1_000;

/** How many shards (schedules, concurrent invocations) a number of clusters needs. */
export function pollShardCount(clusters: number): number {
  return Math.max(1, Math.ceil(clusters / MAX_CLUSTERS_PER_INVOCATION));
}

export interface ClusterLinkMonitorStackProps extends StackProps {
  /** Must be deployable: every cluster's credentials in Secrets Manager (see `assertDeployable`). */
  readonly config: MonitorConfig;
  /** The poller clusters, derived from the config by `assertDeployable`. */
  readonly clusters: readonly PollerCluster[];
  /** Where the stack deploys, as far as synth knows, for the deploy rules' warnings. @default unknown */
  readonly deployTarget?: DeployTarget;
}

/** A short, stable id part for a receiver named by its secret: the same secret keeps its resources. */
function receiverIdSuffix(secretId: string): string {
  return createHash('sha256').update(secretId).digest('hex').slice(0, 8).toUpperCase();
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
    const { config, clusters } = props;
    const interval = Duration.millis(config.schedule.intervalMs);

    this.state = new MonitorState(this, 'State', {
      customerManagedKey: config.topicEncryption === 'customer-managed',
    });
    const { snapshotTable, historyTable, notificationTopic, topicKey } = this.state;

    // Failed invocations and undeliverable ticks share one queue, and so one alarm.
    const pollerDeadLetters = deadLetterQueue(this, 'PollerDeadLettersDlq');
    this.deadLetterQueues = { PollerDeadLetters: pollerDeadLetters };
    const shards = pollShardCount(clusters.length);

    // --- Poller -------------------------------------------------------------
    const poller = new MonitorFunction(this, 'Poller', {
      entry: 'functions/poller/handler.ts',
      description: 'Cluster link monitor poller: lists cluster links, records changes, notifies',
      serviceName: SERVICE_NAME,
      timeout: Duration.millis(config.pollTimeoutMs),
      memorySize: POLLER_MEMORY_MB,
      // Opt-in: a reservation fails the deploy on accounts whose quota leaves less than the
      // unreserved minimum beside it. Polls need none to stay apart: the timeout is shorter than
      // the interval, and overlapping polls are safe anyway (docs/decisions/001).
      ...(config.reserveConcurrency && { reservedConcurrentExecutions: shards }),
      environment: pollerEnvironment({
        snapshotTableName: snapshotTable.tableName,
        historyTableName: historyTable.tableName,
        topicArn: notificationTopic.topicArn,
        settings: config.settings,
        maintenanceWindows: config.maintenanceWindows,
        metricsLevel: config.metricsLevel,
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
      onFailure: new QueueDestination(pollerDeadLetters),
    });

    const tableArns = [snapshotTable.tableArn, historyTable.tableArn];
    const indexArns = this.state.indexArns();
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteMonitorTables',
        // The actions `link-monitor check --deployed` asks the policy simulator about.
        actions: [...POLLER_PERMISSIONS.tables],
        resources: tableArns,
      }),
    );
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'QueryMonitorIndexes',
        actions: [...POLLER_PERMISSIONS.indexes],
        resources: indexArns,
      }),
    );
    poller.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PublishNotifications',
        actions: [...POLLER_PERMISSIONS.notificationTopic],
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
    // A listed principal of another account also needs the topic's own Allow.
    const publishers = listedPublishersStatement(notificationTopic.topicArn, config.notificationPublishers);
    if (publishers !== null) notificationTopic.addToResourcePolicy(publishers);
    // The AWS managed key's own policy lets SNS use it for the account; a stack key needs a grant.
    if (topicKey !== undefined) {
      poller.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'EncryptForTopic',
          actions: [...POLLER_PERMISSIONS.topicKey],
          resources: [topicKey.keyArn],
        }),
      );
    }
    // An inline policy of its own, measured by the deploy rules (adapters/config/secret-rules.ts),
    // so that CDK never moves it into managed policies the account's quota may not allow.
    this.credentialsPolicy = new iam.Policy(this, 'PollerCredentialsPolicy', {
      roles: [poller.role],
      statements: readSecretsStatements(this, POLLER_CREDENTIALS_SIDS, pollerCredentialsGrant(config)),
    });
    // The first poll must find the grant in place.
    this.poller.node.addDependency(this.credentialsPolicy);

    this.scheduleRole = new iam.Role(this, 'PollScheduleRole', {
      description: 'Lets EventBridge Scheduler invoke the cluster link monitor poller',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    // Past what one invocation polls in time, EventBridge Scheduler runs one schedule per shard.
    this.schedules = Array.from(
      { length: shards },
      (_, shard) =>
        new scheduler.Schedule(this, shard === 0 ? 'PollSchedule' : `PollSchedule${shard + 1}`, {
          description:
            shards === 1
              ? `Runs the cluster link monitor poller ${config.schedule.expression}`
              : `Runs the cluster link monitor poller ${config.schedule.expression} for shard ${shard + 1} of ${shards}`,
          schedule: scheduler.ScheduleExpression.expression(config.schedule.expression),
          target: new targets.LambdaInvoke(this.poller, {
            role: this.scheduleRole,
            input: scheduler.ScheduleTargetInput.fromObject({
              source: 'cluster-link-monitor.schedule',
              ...(shards > 1 && { shard, shards }),
            }),
            deadLetterQueue: pollerDeadLetters,
            // The next tick is the retry.
            retryAttempts: 0,
            maxEventAge: Duration.seconds(Math.max(60, interval.toSeconds())),
          }),
        }),
    );
    this.schedule = this.schedules[0] as scheduler.Schedule;
    // A schedule created before its role may invoke the poller would lose its first ticks.
    const schedulePolicy = this.scheduleRole.node.tryFindChild('DefaultPolicy');
    if (schedulePolicy !== undefined) {
      for (const schedule of this.schedules) schedule.node.addDependency(schedulePolicy);
    }

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
            secretKeyStatement: `Decrypt${name}RoutingKey`,
          },
          {
            topic: notificationTopic,
            entry: 'functions/pagerduty-notifier/handler.ts',
            description: `Cluster link monitor: pages through PagerDuty (routes: ${receiver.routes.join(', ')})`,
            serviceName: PAGERDUTY_NOTIFIER_SERVICE_NAME,
            secretId: receiver.endpoint,
            secretKmsKeys: config.secretKmsKeys,
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
          secretKeyStatement: `Decrypt${name}Webhook`,
        },
        {
          topic: notificationTopic,
          entry: 'functions/slack-notifier/handler.ts',
          description: `Cluster link monitor: posts notifications to Slack (routes: ${receiver.routes.join(', ')})`,
          serviceName: SLACK_NOTIFIER_SERVICE_NAME,
          secretId: receiver.endpoint,
          secretKmsKeys: config.secretKmsKeys,
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
    for (const finding of deployFindings(config, props.deployTarget)) {
      if (finding.level === 'warning') {
        Annotations.of(this).addWarningV2(
          `cluster-link-monitor:${finding.path}`,
          `${config.fileName}: ${finding.path}: ${finding.message}.`,
        );
      }
    }
    const { PollerDeadLetters: _poller, ...otherDeadLetters } = this.deadLetterQueues;
    const alarms = new MonitorAlarms(this, 'Alarms', {
      alarmEmails: config.alarmEmails,
      topicKey,
      poller: this.poller,
      scheduleInterval: interval,
      shards,
      unreachableAfterPolls: config.settings.unreachableAfterPolls,
      pollerDeadLetters,
      deadLetterQueues: otherDeadLetters,
      notifierFunctions,
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
    if (this.slackNotifier !== undefined) {
      new CfnOutput(this, 'SlackNotifierFunctionName', { value: this.slackNotifier.functionName });
      new CfnOutput(this, 'SlackNotifierLogGroupName', { value: slackLogGroup?.logGroupName ?? '' });
    }
    if (dashboard !== null) {
      new CfnOutput(this, 'DashboardUrl', {
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboard.dashboard.dashboardName}`,
      });
    }
  }
}
