/**
 * CloudWatch alarms about the monitor itself, sent to their own SNS topic
 * (subscribed by the config's `alarmEmails`): the poller failing or not
 * running, clusters that cannot be listed, any other step of a poll that
 * failed (notifications that could not be claimed or published among them),
 * notifications not delivered, and the notifiers failing. Which failure of a
 * poll each alarm watches is listed in `poll-failure-paths.ts` (and in
 * docs/reliability.md).
 *
 * Their number does not grow with the clusters ($0.10 a month each): one alarm
 * counts the unreachable clusters across the estate, and which ones they are is
 * in the CLUSTER_UNREACHABLE notification and the poller's log. Only shards
 * add alarms (one "not running" each), and shards exist only past
 * `MAX_CLUSTERS_PER_INVOCATION` clusters.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CLUSTER_DIMENSION,
  METRICS_NAMESPACE,
  POLLER_METRIC,
  SERVICE_DIMENSION,
  SERVICE_NAME,
  SHARD_DIMENSION,
} from '../../adapters/lambda/poller-metrics.js';

/** The construct ids of the alarms on the poll; a shard's "not running" alarm is `PollerNotRunning-Shard<i>`. */
export const MONITOR_ALARM = {
  pollerFailed: 'PollerFailed',
  pollerNotRunning: 'PollerNotRunning',
  clustersUnreachable: 'ClustersUnreachable',
  isolatedFailures: 'IsolatedFailures',
  notificationDeliveryFailures: 'NotificationDeliveryFailures',
} as const;

/** The construct id of shard `shard`'s "not running" alarm (0-based, as in its schedule's input). */
export function shardNotRunningAlarmId(shard: number | string): string {
  return `${MONITOR_ALARM.pollerNotRunning}-Shard${shard}`;
}

/**
 * The period of the IsolatedFailures alarm: 5 minutes, or two schedule intervals when that is
 * longer. A poll's datapoint is stamped when it ends, so its time drifts with the poll's duration:
 * a period of one interval may hold two polls or none, and an alarm reading one datapoint per
 * period would then go from ALARM to OK between two failing polls. Two intervals always hold one.
 */
export function isolatedFailuresPeriod(scheduleInterval: Duration): Duration {
  return Duration.minutes(Math.max(5, 2 * Math.ceil(scheduleInterval.toSeconds() / 60)));
}

export interface MonitorAlarmsProps {
  readonly alarmEmails: readonly string[];
  /** Encrypts the alarm topic; CloudWatch cannot publish to a topic under the AWS managed key. @default unencrypted */
  readonly topicKey?: kms.IKey;
  readonly poller: lambda.IFunction;
  readonly scheduleInterval: Duration;
  /**
   * The shards the clusters are split into, each run by its own schedule (`pollShardCount`). Past
   * one, each shard's completed polls (`PollsCompleted`) get their own "not running" alarm.
   * @default 1
   */
  readonly shards?: number;
  /** Consecutive failed polls before a cluster counts as unreachable (the poller counts them). */
  readonly unreachableAfterPolls: number;
  /**
   * Where failed, timed-out or dropped poller invocations and undeliverable schedule ticks go:
   * a message arriving there is a failed poll.
   */
  readonly pollerDeadLetters: sqs.IQueue;
  /** Other dead-letter queues (Slack), by a name used in the alarm's description. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Every notifier function (Slack, PagerDuty) by its construct id: each failure raises an alarm. */
  readonly notifierFunctions?: Readonly<Record<string, lambda.IFunction>>;
  /** The topic link notifications go out on: failed deliveries (e.g. to email) raise an alarm. */
  readonly notificationTopic?: sns.ITopic;
}

/** A metric the poller emits for the whole poll, with the dimension `EmfMetrics` writes. */
export function pollerMetric(metricName: string, props: cloudwatch.MetricOptions = {}) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME },
    ...props,
  });
}

/** The metric a shard's poll emits when it completes, with the dimensions `EmfMetrics` writes. */
export function shardMetric(shard: number, props: cloudwatch.MetricOptions = {}) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: POLLER_METRIC.pollsCompleted,
    dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, [SHARD_DIMENSION]: String(shard) },
    ...props,
  });
}

/** The metric the poller emits per cluster (`metricsLevel: cluster`), with the dimensions `EmfMetrics` writes. */
export function clusterMetric(metricName: string, clusterId: string, props: cloudwatch.MetricOptions = {}) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, [CLUSTER_DIMENSION]: clusterId },
    ...props,
  });
}

export class MonitorAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitorAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Cluster link monitor alarms',
      ...(props.topicKey !== undefined && { masterKey: props.topicKey }),
      enforceSSL: true,
    });
    // The TLS-only policy replaces SNS's default access policy, and CloudWatch publishes as a
    // service principal: without this statement every alarm action is refused.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    for (const address of props.alarmEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(address));
    }
    const intervalMinutes = props.scheduleInterval.toMinutes();

    // Every failed, timed-out or dropped invocation ends in this queue (no retries), and so does a
    // tick the schedule could not deliver: one alarm for all of them, and the message says why.
    this.add(
      MONITOR_ALARM.pollerFailed,
      props.pollerDeadLetters.metric('NumberOfMessagesSent', {
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      {
        alarmDescription:
          'A poll failed, timed out or was dropped, or the schedule could not invoke the poller: the PollerDeadLetters queue holds the failed events (not a cluster that could not be listed).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    // Two intervals (at least 5 minutes) without a single poll: the schedule or the function is broken.
    const silence = Duration.minutes(Math.max(5, 2 * intervalMinutes));
    const notRunning: Omit<cloudwatch.CreateAlarmOptions, 'alarmName' | 'alarmDescription'> = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    };
    const shards = props.shards ?? 1;
    if (shards === 1) {
      // One schedule: the function's own invocations (a free metric) say whether it runs.
      this.add(
        MONITOR_ALARM.pollerNotRunning,
        props.poller.metricInvocations({ period: silence, statistic: cloudwatch.Stats.SUM }),
        { alarmDescription: `The poller has not run for ${silence.toMinutes()} minutes.`, ...notRunning },
      );
    } else {
      // The invocations of all shards add up: one shard whose schedule stopped would go unseen
      // while the others run. Each shard's completed polls are counted on their own instead.
      for (let shard = 0; shard < shards; shard++) {
        this.add(
          shardNotRunningAlarmId(shard),
          shardMetric(shard, { period: silence, statistic: cloudwatch.Stats.SUM }),
          {
            alarmDescription: `The poller has not completed a poll of shard ${shard} of ${shards} (schedule input {"shard": ${shard}}) for ${silence.toMinutes()} minutes: its schedule is disabled or missing, or its polls fail (see PollerFailed).`,
            ...notRunning,
          },
        );
      }
    }

    // The poller counts the clusters whose listing failed unreachableAfterPolls times in a row and
    // sends the count only when it is not zero: no data is a healthy estate (or no poll, which
    // PollerNotRunning reports). One datapoint per interval, stamped when the poll ends, drifts
    // with the poll's duration: one period may hold none while a cluster is still unreachable, and
    // with one period evaluated the alarm would go ALARM, OK, ALARM. One breaching period out of
    // the last two keeps it in ALARM across such a gap; it returns to OK after two quiet periods.
    // (Missing data cannot be ignored instead: once the cluster is back, no datapoint comes at all.)
    this.add(
      MONITOR_ALARM.clustersUnreachable,
      pollerMetric(POLLER_METRIC.clustersUnreachable, {
        period: props.scheduleInterval,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      {
        alarmDescription: `At least one cluster could not be listed, or was not reached within the poll's time, in ${props.unreachableAfterPolls} consecutive polls; the CLUSTER_UNREACHABLE notification and the poller's "cluster poll failed" and "cluster not polled" log lines name it (and, for one not reached, the clusters that held the poll's slots).`,
        threshold: 1,
        evaluationPeriods: 2,
        datapointsToAlarm: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    // Whatever the poller could not do while the rest of the poll went on, but a failed listing
    // (above): a cluster's pending notifications it could not claim or publish (they stay pending
    // and are retried every poll), a link or a cluster state it could not record, a notification
    // it gave up, a detail read, the silences, a cluster the deadline left no time for. One metric
    // counts them all, so one alarm watches them: a step that fails on every poll raises it within
    // one period, 5 minutes or two schedule intervals when that is longer (`isolatedFailuresPeriod`).
    const isolatedPeriod = isolatedFailuresPeriod(props.scheduleInterval);
    this.add(
      MONITOR_ALARM.isolatedFailures,
      pollerMetric(POLLER_METRIC.isolatedFailures, {
        period: isolatedPeriod,
        statistic: cloudwatch.Stats.SUM,
      }),
      {
        alarmDescription: `Part of a poll failed while the rest went on, in the last ${isolatedPeriod.toMinutes()} minutes: a cluster's pending notifications could not be claimed or published (they stay pending and are retried every poll), a link or a cluster's state could not be recorded, a notification was given up (quarantined), a detail read or the silences could not be read, or a cluster was not polled before the deadline. The poller's "cluster poll failed", "cluster links failed" and "cluster not polled" log lines name the cluster; \`link-monitor status\` lists quarantined notifications.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(
        `DeadLetters-${name}`,
        queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        {
          alarmDescription: `Messages are waiting in the ${name} dead-letter queue: something failed to be delivered.`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    }

    if (props.notificationTopic !== undefined) {
      this.add(
        MONITOR_ALARM.notificationDeliveryFailures,
        props.notificationTopic.metricNumberOfNotificationsFailed({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.SUM,
        }),
        {
          alarmDescription:
            'SNS could not deliver link notifications to a subscriber (an email address, or the Slack notifier) after its retries.',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    }

    for (const [name, notifier] of Object.entries(props.notifierFunctions ?? {})) {
      this.add(
        `${name}Errors`,
        notifier.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        {
          alarmDescription: `${name} failed to deliver a notification (Lambda retries it; what still fails lands in its dead-letter queue).`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    }
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    props: Omit<cloudwatch.CreateAlarmOptions, 'alarmName'>,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, { metric, ...props });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
