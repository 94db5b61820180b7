/**
 * The CloudWatch dashboard (opt-in: `dashboard: true`, $3 a month). Its size is fixed whatever the
 * number of clusters: the poller's health and the estate's counts on top, and with
 * `metricsLevel: cluster` one widget per per-cluster metric, each showing every cluster through a
 * metric SEARCH expression instead of one widget per cluster.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CLUSTER_DIMENSION,
  LINK_STATE_DIMENSION,
  METRICS_NAMESPACE,
  POLLER_METRIC,
  SERVICE_DIMENSION,
} from '../../adapters/lambda/poller-metrics.js';
import { pollerMetric } from './monitor-alarms.js';

export interface MonitorDashboardProps {
  readonly dashboardName: string;
  readonly poller: lambda.IFunction;
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Adds the per-cluster widgets, which read the metrics only that level sends. */
  readonly perClusterMetrics: boolean;
}

const HOUR = Duration.hours(1);
/** An alarm status widget shows at most 100 alarms; the stack creates far fewer. */
const ALARMS_PER_WIDGET = 100;

/** Every cluster's series of one per-cluster metric, found by dimension names rather than listed. */
function everyCluster(metricName: string, statistic: string, label: string, extraDimension?: string) {
  const dimensions = [SERVICE_DIMENSION, CLUSTER_DIMENSION, ...(extraDimension ? [extraDimension] : [])];
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},${dimensions.join(',')}} MetricName="${metricName}"', '${statistic}', 300)`,
    label,
    usingMetrics: {},
    period: Duration.minutes(5),
  });
}

export class MonitorDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitorDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
    for (let start = 0; start < props.alarms.length; start += ALARMS_PER_WIDGET) {
      const alarms = props.alarms.slice(start, start + ALARMS_PER_WIDGET);
      const title = start === 0 ? 'Alarms' : `Alarms (${start + 1}-${start + alarms.length})`;
      this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title, alarms, width: 24, height: 3 }));
    }
    const perHour = (metricName: string, label: string) =>
      pollerMetric(metricName, { period: HOUR, statistic: cloudwatch.Stats.SUM, label });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Poller invocations and errors',
        left: [props.poller.metricInvocations(), props.poller.metricErrors(), props.poller.metricThrottles()],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Poll duration (ms)',
        left: [props.poller.metricDuration({ statistic: cloudwatch.Stats.MAXIMUM })],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Clusters failing',
        left: [
          pollerMetric(POLLER_METRIC.clustersUnreachable, {
            statistic: cloudwatch.Stats.MAXIMUM,
            label: 'unreachable',
          }),
          pollerMetric(POLLER_METRIC.clustersFailed, {
            statistic: cloudwatch.Stats.MAXIMUM,
            label: 'poll failed',
          }),
          pollerMetric(POLLER_METRIC.clustersSkipped, {
            statistic: cloudwatch.Stats.MAXIMUM,
            label: 'skipped (deadline)',
          }),
        ],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Changes and notifications per hour',
        left: [
          perHour(POLLER_METRIC.changeEvents, 'changes'),
          perHour(POLLER_METRIC.notificationsPublished, 'notifications'),
          perHour(POLLER_METRIC.publishFailures, 'publish failures'),
        ],
        width: 6,
      }),
      // What the IsolatedFailures alarm counts, by kind: which step to look at when it fires.
      new cloudwatch.GraphWidget({
        title: 'Failures while the poll went on, per hour',
        left: [
          perHour(POLLER_METRIC.clusterStepFailures, 'cluster steps (state, claim, marker)'),
          perHour(POLLER_METRIC.publishFailures, 'publish attempts'),
          perHour(POLLER_METRIC.linkFailures, 'links'),
          perHour(POLLER_METRIC.notificationsQuarantined, 'quarantined'),
          perHour(POLLER_METRIC.detailReadFailures, 'detail reads'),
          perHour(POLLER_METRIC.silenceReadFailures, 'silence reads'),
          perHour(POLLER_METRIC.clustersSkipped, 'clusters not polled'),
        ],
        width: 24,
        height: 4,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues',
        left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            label: name,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
        ),
        width: 24,
        height: 4,
      }),
    );
    if (!props.perClusterMetrics) return;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Links by cluster',
        left: [everyCluster(POLLER_METRIC.links, 'Maximum', '')],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Links by cluster and state',
        left: [everyCluster(POLLER_METRIC.linksByState, 'Maximum', '', LINK_STATE_DIMENSION)],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Poll duration by cluster (ms)',
        left: [everyCluster(POLLER_METRIC.clusterPollDuration, 'Maximum', '')],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed listings by cluster',
        left: [everyCluster(POLLER_METRIC.clusterListFailures, 'Sum', '')],
        width: 6,
      }),
    );
  }
}
