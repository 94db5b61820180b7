/**
 * Every place a poll can fail, the poller metrics that count it and the alarm that raises it: the
 * one list `docs/reliability.md` shows (written by `scripts/reliability-report.ts`), which the
 * tests hold to the poller's metrics and to the synthesized alarms, so that no step fails unseen.
 */
import {
  METRICS_NAMESPACE,
  POLLER_METRIC,
  SERVICE_DIMENSION,
  SHARD_DIMENSION,
} from '../../adapters/lambda/poller-metrics.js';
import { MONITOR_ALARM, shardNotRunningAlarmId } from './monitor-alarms.js';

export interface PollFailurePath {
  /** A stable name, for the tests that make this step fail. */
  readonly id: string;
  /** Where the poll fails, and the calls that fail there. */
  readonly step: string;
  /** What waits, and when it is tried again. */
  readonly leaves: string;
  /** The poller's metrics (`POLLER_METRIC`) that count it; none when only AWS measures it. */
  readonly metrics: readonly string[];
  /** The alarm (its construct id in `MonitorAlarms`) that raises it. */
  readonly alarm: string;
  /** The metric that alarm reads: its namespace, name and the names of its dimensions. */
  readonly alarmMetric: {
    readonly namespace: string;
    readonly name: string;
    readonly dimensions: readonly string[];
  };
}

const counted = (name: string, dimensions: readonly string[] = [SERVICE_DIMENSION]) => ({
  namespace: METRICS_NAMESPACE,
  name,
  dimensions,
});
const ISOLATED = {
  alarm: MONITOR_ALARM.isolatedFailures,
  alarmMetric: counted(POLLER_METRIC.isolatedFailures),
} as const;

export const POLL_FAILURE_PATHS: readonly PollFailurePath[] = [
  {
    id: 'listing',
    step: "Listing a cluster's links (`listLinks`)",
    leaves:
      'The snapshots stay as they are (a failed listing never looks like removed links); after `unreachableAfterPolls` failures in a row the cluster is unreachable and `CLUSTER_UNREACHABLE` is notified.',
    metrics: [POLLER_METRIC.clustersFailed, POLLER_METRIC.clustersUnreachable],
    alarm: MONITOR_ALARM.clustersUnreachable,
    alarmMetric: counted(POLLER_METRIC.clustersUnreachable),
  },
  {
    id: 'detail-read',
    step: 'Reading link details: mirror topics, tasks, a failed topic, mirror lag (`LinkDetailSource`)',
    leaves: 'The link keeps what was recorded; the next poll reads it again.',
    metrics: [POLLER_METRIC.detailReadFailures, POLLER_METRIC.isolatedFailures],
    ...ISOLATED,
  },
  {
    id: 'refused-entry',
    step: "An entry of a cluster's listing that the schema refuses: an empty `link_name`, a field of the wrong type, a name given twice (`parseLinksPage`)",
    leaves:
      'The rest of the listing is recorded and notified as usual. The link the entry names keeps its last recorded state; while an entry names none, or a name is given twice, no link missing from the listing is taken for removed. `link-monitor status` shows the entries; a listing that refuses all of its entries, or more than `BOUNDS.refusedEntries`, fails as a whole.',
    metrics: [POLLER_METRIC.refusedListingEntries, POLLER_METRIC.isolatedFailures],
    ...ISOLATED,
  },
  {
    id: 'silence-read',
    step: 'Reading the silences (`listSilences`)',
    leaves: 'The poll notifies as if no silence were set (open maintenance windows still apply).',
    metrics: [POLLER_METRIC.silenceReadFailures, POLLER_METRIC.isolatedFailures],
    ...ISOLATED,
  },
  {
    id: 'state-read',
    step: "Reading a cluster's state (`readClusterState`)",
    leaves: 'Nothing of the cluster is recorded this poll; its pending notifications are still claimed.',
    metrics: [
      POLLER_METRIC.clusterStepFailures,
      POLLER_METRIC.clustersFailed,
      POLLER_METRIC.isolatedFailures,
    ],
    ...ISOLATED,
  },
  {
    id: 'link-commit',
    step: 'Committing a link: its snapshot and events, or a promotion (`commitLink`, `markPending`)',
    leaves: "The link's snapshot stays as it was: the next poll sees the change again.",
    metrics: [POLLER_METRIC.linkFailures, POLLER_METRIC.clustersFailed, POLLER_METRIC.isolatedFailures],
    ...ISOLATED,
  },
  {
    id: 'cluster-commit',
    step: "Committing a cluster's record: health, baseline, unreachable or recovered (`commitCluster`)",
    leaves: "The cluster's record stays as it was: the next poll writes it again.",
    metrics: [
      POLLER_METRIC.clusterStepFailures,
      POLLER_METRIC.clustersFailed,
      POLLER_METRIC.isolatedFailures,
    ],
    ...ISOLATED,
  },
  {
    id: 'claim',
    step: "Claiming a cluster's pending notifications, outbox marker read included (`claimPendingEvents`)",
    leaves: 'The notifications stay pending; every poll tries to claim them again.',
    metrics: [
      POLLER_METRIC.clusterStepFailures,
      POLLER_METRIC.clustersFailed,
      POLLER_METRIC.isolatedFailures,
    ],
    ...ISOLATED,
  },
  {
    id: 'publish',
    step: 'Publishing a notification (`Notifier.publish`)',
    leaves:
      'It stays pending and is retried every poll; it is given up (quarantined, see `link-monitor status`) when it can never be sent or after `MAX_PUBLISH_ATTEMPTS` attempts.',
    metrics: [POLLER_METRIC.publishFailures, POLLER_METRIC.clustersFailed, POLLER_METRIC.isolatedFailures],
    ...ISOLATED,
  },
  {
    id: 'publish-record',
    step: 'Recording a publish: sent, quarantined, claim handed back, attempt counted (`markSent`, `quarantine`, `releaseClaim`, `recordPublishFailure`)',
    leaves:
      'The notification stays claimed until its claim expires, then pending: a notification that went out may go out once more.',
    metrics: [
      POLLER_METRIC.clusterStepFailures,
      POLLER_METRIC.clustersFailed,
      POLLER_METRIC.isolatedFailures,
    ],
    ...ISOLATED,
  },
  {
    id: 'marker-removal',
    step: "Removing a cluster's outbox marker once nothing waits (`outboxDrained`)",
    leaves: 'The next poll reads the outbox once more; nothing is lost.',
    metrics: [
      POLLER_METRIC.clusterStepFailures,
      POLLER_METRIC.clustersFailed,
      POLLER_METRIC.isolatedFailures,
    ],
    ...ISOLATED,
  },
  {
    id: 'deadline',
    step: "A cluster not reached within the poll's time: the clusters ahead of it held every slot (listings that hang hold theirs until the listing deadline), or too little of the invocation was left",
    leaves:
      'Its listing is not made; it counts as a failed listing, with the clusters it waited behind named. Every poll starts the clusters in another order (`core/poll/start-order.ts`), so the same ones are not left out poll after poll.',
    metrics: [POLLER_METRIC.clustersSkipped, POLLER_METRIC.isolatedFailures],
    ...ISOLATED,
  },
  {
    id: 'not-reached',
    step: 'A cluster not reached in `unreachableAfterPolls` polls in a row: twice `concurrency` clusters or more hang, or the invocation has too little time for the clusters',
    leaves:
      '`CLUSTER_UNREACHABLE` is notified, saying which clusters held the slots; `CLUSTER_RECOVERED` once a poll lists it.',
    metrics: [POLLER_METRIC.clustersSkipped, POLLER_METRIC.clustersUnreachable],
    alarm: MONITOR_ALARM.clustersUnreachable,
    alarmMetric: counted(POLLER_METRIC.clustersUnreachable),
  },
  {
    id: 'invocation',
    step: 'The whole poll: an error thrown, a timeout, an event too old, a tick the schedule could not deliver',
    leaves: "The event is kept in the poller's dead-letter queue; the next tick polls again.",
    metrics: [],
    alarm: MONITOR_ALARM.pollerFailed,
    alarmMetric: { namespace: 'AWS/SQS', name: 'NumberOfMessagesSent', dimensions: ['QueueName'] },
  },
  {
    id: 'not-running',
    step: 'No poll at all, with one schedule: schedule disabled or deleted, function missing',
    leaves: 'Nothing is polled until the schedule runs again.',
    metrics: [],
    alarm: MONITOR_ALARM.pollerNotRunning,
    alarmMetric: { namespace: 'AWS/Lambda', name: 'Invocations', dimensions: ['FunctionName'] },
  },
  {
    id: 'shard-not-running',
    step: 'No poll of one shard, with the clusters split into shards: its schedule disabled or deleted, or its polls failing',
    leaves: "The shard's clusters are not polled until its schedule runs again; the other shards go on.",
    metrics: [POLLER_METRIC.pollsCompleted],
    // One alarm per shard, i from 0: the `shard` of its schedule's input.
    alarm: shardNotRunningAlarmId('<i>'),
    alarmMetric: counted(POLLER_METRIC.pollsCompleted, [SERVICE_DIMENSION, SHARD_DIMENSION]),
  },
];
