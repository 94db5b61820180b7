/**
 * CloudWatch alarms about the monitor itself, sent to their own encrypted SNS
 * topic (subscribed by the config's `alarmEmails`): the poller failing or not
 * running, clusters that cannot be listed, messages stuck in dead-letter
 * queues, and the Slack notifier failing.
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
  readonly topicKey: kms.IKey;
  readonly poller: lambda.IFunction;
  readonly scheduleInterval: Duration;
  readonly clusters: readonly { readonly clusterId: string; readonly label: string }[];
  /** Consecutive failed polls before a cluster counts as unreachable. */
  readonly unreachableAfterPolls: number;
  /** Every dead-letter queue, by a name used in the alarm's description. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Every notifier function (Slack, PagerDuty) by its construct id: each failure raises an alarm. */
  readonly notifierFunctions?: Readonly<Record<string, lambda.IFunction>>;
  /** The topic link notifications go out on: failed deliveries (e.g. to email) raise an alarm. */
  readonly notificationTopic?: sns.ITopic;
}

/** The metric the poller emits per cluster, with the dimensions Powertools writes. */
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
      masterKey: props.topicKey,
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

    this.add(
      'PollerErrors',
      props.poller.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      {
        alarmDescription:
          'The poller function failed (an error or timeout, not a cluster that could not be listed).',
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

    for (const cluster of props.clusters) {
      // Minimum: every poll in the period failed, so one late poll in a period cannot hide or fake it.
      this.add(
        `ClusterUnreachable-${cluster.clusterId}`,
        clusterMetric(POLLER_METRIC.clusterListFailures, cluster.clusterId, {
          period: props.scheduleInterval,
          statistic: cloudwatch.Stats.MINIMUM,
        }),
        {
          alarmDescription: `Cluster ${cluster.label} (${cluster.clusterId}) could not be listed in ${props.unreachableAfterPolls} consecutive polls.`,
          threshold: 1,
          evaluationPeriods: props.unreachableAfterPolls,
          datapointsToAlarm: props.unreachableAfterPolls,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          // No data means no poll; PollerNotRunning reports that.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    }

    // One link or notification that failed on its own while the rest went on: quiet in the
    // cluster's results, so it gets an alarm of its own (quarantined notifications are shown by
    // `link-monitor status`).
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
          'A link could not be recorded, or a notification could not be sent and was quarantined; the other links went on. See the poller logs and `link-monitor status`.',
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
