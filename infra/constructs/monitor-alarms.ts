/**
 * CloudWatch alarms about the monitor itself, sent to their own SNS topic
 * (subscribed by the config's `alarmEmails`): the poller failing or not
 * running, clusters that cannot be listed, notifications that could not be
 * published or delivered, and the Slack notifier failing.
 *
 * Their number is fixed, whatever the number of clusters ($0.10 a month each):
 * one alarm counts the unreachable clusters across the estate, and which ones
 * they are is in the CLUSTER_UNREACHABLE notification and the poller's log.
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
} from '../../adapters/lambda/poller-metrics.js';

export interface MonitorAlarmsProps {
  readonly alarmEmails: readonly string[];
  /** Encrypts the alarm topic; CloudWatch cannot publish to a topic under the AWS managed key. @default unencrypted */
  readonly topicKey?: kms.IKey;
  readonly poller: lambda.IFunction;
  readonly scheduleInterval: Duration;
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
      'PollerFailed',
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

    // Two intervals (at least 5 minutes) without a single invocation: the schedule or the function is broken.
    const silence = Duration.minutes(Math.max(5, 2 * intervalMinutes));
    this.add(
      'PollerNotRunning',
      props.poller.metricInvocations({ period: silence, statistic: cloudwatch.Stats.SUM }),
      {
        alarmDescription: `The poller has not run for ${silence.toMinutes()} minutes.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      },
    );

    // The poller counts the clusters whose listing failed unreachableAfterPolls times in a row and
    // sends the count only when it is not zero: no data is a healthy estate (or no poll, which
    // PollerNotRunning reports).
    this.add(
      'ClustersUnreachable',
      pollerMetric(POLLER_METRIC.clustersUnreachable, {
        period: props.scheduleInterval,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      {
        alarmDescription: `At least one cluster could not be listed in ${props.unreachableAfterPolls} consecutive polls; the CLUSTER_UNREACHABLE notification and the poller's "cluster poll failed" log lines name it.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    // What the poller could not do while the rest went on: a notification it could not publish
    // (its events stay pending and are retried every poll), a link it could not record, or a
    // notification it gave up (shown by `link-monitor status`). Quiet in the cluster's results,
    // so one alarm, on one metric that counts all three, watches them.
    this.add(
      'IsolatedFailures',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: POLLER_METRIC.isolatedFailures,
        dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME },
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      {
        alarmDescription:
          'The poller could not do part of its work while the rest went on: notifications it could not publish to SNS (they stay pending and are retried every poll), a link it could not record, or a notification it gave up (quarantined). The poller logs name the cluster; `link-monitor status` lists quarantined notifications.',
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
        'NotificationDeliveryFailures',
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
