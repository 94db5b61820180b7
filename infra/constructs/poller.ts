/**
 * The scheduled poller: its function, bundled with the cluster list; what it may touch, each grant
 * bound to the environment variable that names its resource; the dead-letter queue of its failed
 * invocations and undeliverable ticks; the notification topic's refusal of every other publisher;
 * its credentials policy; and one EventBridge Scheduler schedule per shard of the clusters.
 *
 * The resources are created in the caller's scope with the ids they have always had, as
 * `addReceiverFunction` does: under a construct of their own every logical id would change, and
 * CloudFormation would replace the queue, the roles and the schedules of a deployed monitor.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Schedule } from '../../adapters/config/durations.js';
import { POLLER_CREDENTIALS_SIDS, type SecretGrant } from '../../adapters/config/secret-grants.js';
import { POLLER_PERMISSIONS } from '../../adapters/lambda/function-permissions.js';
import {
  POLLER_CLUSTERS_FILE,
  type PollerCluster,
  pollerClustersJson,
} from '../../adapters/lambda/poller-clusters-file.js';
import {
  POLLER_ENV,
  type PollerRuntimeConfig,
  pollerSettingsEnvironment,
} from '../../adapters/lambda/poller-environment.js';
import { SERVICE_NAME } from '../../adapters/lambda/poller-metrics.js';
import { listedPublishersStatement } from '../notification-publishers.js';
import { readSecretsStatements } from '../secret-arn.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { bindTables, bindTopic } from './function-bindings.js';
import { MonitorFunction } from './monitor-function.js';
import type { MonitorState } from './monitor-state.js';
import { QueueDestination } from './queue-destination.js';

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
 * Clusters one invocation polls. Past this, the clusters are split into shards, each
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

export interface PollerProps {
  /** Path of the handler module, relative to the project root. */
  readonly entry: string;
  /** The tables it records in, the topic it publishes to and the topic's key, if the stack has one. */
  readonly state: MonitorState;
  /** The clusters it polls, bundled beside the handler. */
  readonly clusters: readonly PollerCluster[];
  /** When it polls: every shard on this schedule. */
  readonly schedule: Schedule;
  /** Its Lambda timeout; the config keeps it shorter than the schedule's interval. */
  readonly timeout: Duration;
  /** How each poll behaves: concurrency, digests, reminders, damping, mirror lag. */
  readonly settings: PollerRuntimeConfig['settings'];
  /** Weekly windows whose matching events are recorded but not notified. */
  readonly maintenanceWindows: PollerRuntimeConfig['maintenanceWindows'];
  /** Which custom metrics it sends. */
  readonly metricsLevel: PollerRuntimeConfig['metricsLevel'];
  /** The clusters' credentials secrets (and name paths, and keys) it may read. */
  readonly credentials: SecretGrant;
  /**
   * IAM principal ARNs that may publish to the notification topic besides the poller.
   * @default none
   */
  readonly notificationPublishers?: readonly string[];
  /**
   * Reserve one concurrent execution per shard. Opt-in: a reservation fails the deploy on accounts
   * whose quota leaves less than the unreserved minimum beside it. Polls need none to stay apart:
   * the timeout is shorter than the interval, and overlapping polls are safe anyway (docs/decisions/001).
   * @default false
   */
  readonly reserveConcurrency?: boolean;
}

export interface Poller {
  readonly function: lambda.Function;
  readonly logGroup: logs.ILogGroup;
  /** Its grant to read the clusters' credentials: an inline policy of its own. */
  readonly credentialsPolicy: iam.Policy;
  /** Failed invocations and undeliverable ticks share one queue, and so one alarm. */
  readonly deadLetters: sqs.Queue;
  /** The role EventBridge Scheduler assumes to invoke the function. */
  readonly scheduleRole: iam.Role;
  /** One per shard of the clusters (`pollShardCount`); the first is often the only one. */
  readonly schedules: readonly scheduler.Schedule[];
  readonly shards: number;
}

/** Adds the poller's resources to `scope` (the stack), with the ids they have always had. */
export function addPoller(scope: Construct, props: PollerProps): Poller {
  const { state } = props;
  const shards = pollShardCount(props.clusters.length);
  // An event that waited longer than one interval is stale: the next tick polls again.
  const maxEventAge = Duration.seconds(Math.max(60, Duration.millis(props.schedule.intervalMs).toSeconds()));
  const deadLetters = deadLetterQueue(scope, 'PollerDeadLettersDlq');

  const poller = new MonitorFunction(scope, 'Poller', {
    entry: props.entry,
    description: 'Cluster link monitor poller: lists cluster links, records changes, notifies',
    serviceName: SERVICE_NAME,
    timeout: props.timeout,
    memorySize: POLLER_MEMORY_MB,
    ...(props.reserveConcurrency === true && { reservedConcurrentExecutions: shards }),
    // The cluster list outgrows Lambda's 4 KB environment at about 15 clusters; in the bundle it has no limit.
    bundledFiles: { [POLLER_CLUSTERS_FILE]: pollerClustersJson(props.clusters) },
  });
  // A failed poll is not retried (the next tick polls again); it ends up in the dead-letter queue, as a stale event does.
  poller.function.configureAsyncInvoke({
    retryAttempts: 0,
    maxEventAge,
    onFailure: new QueueDestination(deadLetters),
  });

  // Each resource the poller is told about, with what it may do there.
  bindTables(poller, {
    tables: {
      [POLLER_ENV.snapshotTableName]: state.snapshotTable,
      [POLLER_ENV.historyTableName]: state.historyTable,
    },
    actions: { sid: 'ReadWriteMonitorTables', actions: POLLER_PERMISSIONS.tables },
    indexes: { sid: 'QueryMonitorIndexes', actions: POLLER_PERMISSIONS.indexes, arns: state.indexArns() },
  });
  bindTopic(poller, {
    variable: POLLER_ENV.topicArn,
    topic: state.notificationTopic,
    actions: { sid: 'PublishNotifications', actions: POLLER_PERMISSIONS.notificationTopic },
    ...(state.topicKey !== undefined && {
      key: { key: state.topicKey, actions: { sid: 'EncryptForTopic', actions: POLLER_PERMISSIONS.topicKey } },
    }),
  });
  // The rest names no resource: how to poll, and where the bundled cluster list is.
  for (const [variable, value] of Object.entries(pollerSettingsEnvironment(props))) {
    poller.function.addEnvironment(variable, value);
  }

  denyOtherPublishers(state, poller.role, props.notificationPublishers ?? []);

  // An inline policy of its own, measured by the deploy rules (adapters/config/secret-rules.ts),
  // so that CDK never moves it into managed policies the account's quota may not allow.
  const credentialsPolicy = new iam.Policy(scope, 'PollerCredentialsPolicy', {
    roles: [poller.role],
    statements: readSecretsStatements(scope, POLLER_CREDENTIALS_SIDS, props.credentials),
  });
  // The first poll must find the grant in place.
  poller.function.node.addDependency(credentialsPolicy);

  const { scheduleRole, schedules } = addSchedules(scope, {
    poller: poller.function,
    expression: props.schedule.expression,
    shards,
    deadLetters,
    maxEventAge,
  });
  return {
    function: poller.function,
    logGroup: poller.logGroup,
    credentialsPolicy,
    deadLetters,
    scheduleRole,
    schedules,
    shards,
  };
}

/**
 * Only the poller (and the principals the config names) may publish: any other principal of the
 * account, whatever its own policy allows, could otherwise send a forged alert.
 */
function denyOtherPublishers(
  state: MonitorState,
  pollerRole: iam.IRole,
  publishers: readonly string[],
): void {
  const topic = state.notificationTopic;
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OnlyListedPublishers',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        ArnNotEquals: { 'aws:PrincipalArn': [pollerRole.roleArn, ...publishers] },
      },
    }),
  );
  // A listed principal of another account also needs the topic's own Allow.
  const listed = listedPublishersStatement(topic.topicArn, publishers);
  if (listed !== null) topic.addToResourcePolicy(listed);
}

/** Past what one invocation polls in time, EventBridge Scheduler runs one schedule per shard. */
function addSchedules(
  scope: Construct,
  props: {
    readonly poller: lambda.IFunction;
    readonly expression: string;
    readonly shards: number;
    readonly deadLetters: sqs.IQueue;
    readonly maxEventAge: Duration;
  },
): { scheduleRole: iam.Role; schedules: scheduler.Schedule[] } {
  const { shards } = props;
  const scheduleRole = new iam.Role(scope, 'PollScheduleRole', {
    description: 'Lets EventBridge Scheduler invoke the cluster link monitor poller',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  });
  const schedules = Array.from(
    { length: shards },
    (_, shard) =>
      new scheduler.Schedule(scope, shard === 0 ? 'PollSchedule' : `PollSchedule${shard + 1}`, {
        description:
          shards === 1
            ? `Runs the cluster link monitor poller ${props.expression}`
            : `Runs the cluster link monitor poller ${props.expression} for shard ${shard + 1} of ${shards}`,
        schedule: scheduler.ScheduleExpression.expression(props.expression),
        target: new targets.LambdaInvoke(props.poller, {
          role: scheduleRole,
          input: scheduler.ScheduleTargetInput.fromObject({
            source: 'cluster-link-monitor.schedule',
            ...(shards > 1 && { shard, shards }),
          }),
          deadLetterQueue: props.deadLetters,
          // The next tick is the retry.
          retryAttempts: 0,
          maxEventAge: props.maxEventAge,
        }),
      }),
  );
  // A schedule created before its role may invoke the poller would lose its first ticks.
  const schedulePolicy = scheduleRole.node.tryFindChild('DefaultPolicy');
  if (schedulePolicy !== undefined) {
    for (const schedule of schedules) schedule.node.addDependency(schedulePolicy);
  }
  return { scheduleRole, schedules };
}
