/**
 * A CloudWatch dashboard: the poller's health on top, then one row per
 * cluster with its links by state, changes and notifications per hour, poll
 * duration and failures.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CLUSTER_DIMENSION,
  LINK_STATE_BUCKETS,
  LINK_STATE_DIMENSION,
  METRICS_NAMESPACE,
  POLLER_METRIC,
  SERVICE_DIMENSION,
  SERVICE_NAME,
} from '../../adapters/lambda/poller-metrics.js';
import { clusterMetric } from './monitor-alarms.js';

export interface MonitorDashboardProps {
  readonly dashboardName: string;
  readonly poller: lambda.IFunction;
  readonly clusters: readonly { readonly clusterId: string; readonly label: string }[];
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);
const ALARMS_PER_WIDGET = 100;

export class MonitorDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitorDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
    // An alarm status widget shows at most 100 alarms; a large estate gets several.
    for (let start = 0; start < props.alarms.length; start += ALARMS_PER_WIDGET) {
      const alarms = props.alarms.slice(start, start + ALARMS_PER_WIDGET);
      const title = start === 0 ? 'Alarms' : `Alarms (${start + 1}-${start + alarms.length})`;
      this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title, alarms, width: 24, height: 3 }));
    }
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Poller invocations and errors',
        left: [props.poller.metricInvocations(), props.poller.metricErrors(), props.poller.metricThrottles()],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Poll duration (ms)',
        left: [
          new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: POLLER_METRIC.pollDuration,
            dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME },
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          props.poller.metricDuration({ statistic: cloudwatch.Stats.MAXIMUM }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues',
        left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            label: name,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
        ),
        width: 8,
      }),
    );

    for (const cluster of props.clusters) {
      const title = (what: string) => `${cluster.label} (${cluster.clusterId}): ${what}`;
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: title('links by state'),
          stacked: true,
          left: LINK_STATE_BUCKETS.map(
            (state) =>
              new cloudwatch.Metric({
                namespace: METRICS_NAMESPACE,
                metricName: POLLER_METRIC.linksByState,
                dimensionsMap: {
                  [SERVICE_DIMENSION]: SERVICE_NAME,
                  [CLUSTER_DIMENSION]: cluster.clusterId,
                  [LINK_STATE_DIMENSION]: state,
                },
                statistic: cloudwatch.Stats.MAXIMUM,
                label: state,
              }),
          ),
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: title('changes and notifications per hour'),
          left: [
            clusterMetric(POLLER_METRIC.changeEvents, cluster.clusterId, {
              period: HOUR,
              statistic: cloudwatch.Stats.SUM,
              label: 'changes',
            }),
            clusterMetric(POLLER_METRIC.notificationsPublished, cluster.clusterId, {
              period: HOUR,
              statistic: cloudwatch.Stats.SUM,
              label: 'notifications',
            }),
            clusterMetric(POLLER_METRIC.publishFailures, cluster.clusterId, {
              period: HOUR,
              statistic: cloudwatch.Stats.SUM,
              label: 'publish failures',
            }),
          ],
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: title('poll duration (ms)'),
          left: [
            clusterMetric(POLLER_METRIC.clusterPollDuration, cluster.clusterId, {
              statistic: cloudwatch.Stats.AVERAGE,
              label: 'average',
            }),
            clusterMetric(POLLER_METRIC.clusterPollDuration, cluster.clusterId, {
              statistic: cloudwatch.Stats.MAXIMUM,
              label: 'max',
            }),
          ],
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: title('failed polls'),
          left: [
            clusterMetric(POLLER_METRIC.clusterListFailures, cluster.clusterId, {
              statistic: cloudwatch.Stats.SUM,
              label: 'listing failed',
            }),
            clusterMetric(POLLER_METRIC.clusterPollFailures, cluster.clusterId, {
              statistic: cloudwatch.Stats.SUM,
              label: 'any step failed',
            }),
            clusterMetric(POLLER_METRIC.clusterPollSkipped, cluster.clusterId, {
              statistic: cloudwatch.Stats.SUM,
              label: 'skipped (deadline)',
            }),
          ],
          width: 6,
        }),
      );
    }
  }
}
