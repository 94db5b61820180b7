/**
 * The poller's environment contract: the variables the stack sets (`pollerEnvironment`) and the
 * function reads once at cold start (`readPollerRuntimeConfig`), so both sides share one
 * definition. The cluster list is not among them: it travels in a file of the bundle
 * (`poller-clusters-file.ts`). Secrets never travel this way: only the secret's id, which the
 * function resolves itself.
 */
import type { MaintenanceWindow } from '../../core/control/maintenance-window.js';
import type { PollSettings } from '../../core/poll/poll-settings.js';
import * as z from '../../core/zod-mini.js';
import {
  type ClustersFileOptions,
  POLLER_CLUSTERS_ENV,
  POLLER_CLUSTERS_FILE,
  type PollerCluster,
  readPollerClusters,
} from './poller-clusters-file.js';
import {
  optionalVariable,
  parseVariableJson,
  RuntimeConfigError,
  requiredVariable,
} from './runtime-config-error.js';

/** Environment variable names. */
export const POLLER_ENV = {
  snapshotTableName: 'SNAPSHOT_TABLE_NAME',
  historyTableName: 'HISTORY_TABLE_NAME',
  topicArn: 'NOTIFICATION_TOPIC_ARN',
  /** Where the cluster list is: a file beside the handler, or inline for local runs. */
  ...POLLER_CLUSTERS_ENV,
  /** JSON object of `PollSettings`. */
  settings: 'POLL_SETTINGS',
  /** JSON list of the config's maintenance windows (optional; none when unset). */
  maintenanceWindows: 'MAINTENANCE_WINDOWS',
  /** `monitor` or `cluster` (`MetricsLevel`); absent means `monitor`. */
  metricsLevel: 'METRICS_LEVEL',
} as const;

/** Most bytes the windows may take in the environment (Lambda allows 4 KB for all variables). */
export const MAX_MAINTENANCE_WINDOWS_BYTES = 2_048;

/** Which custom metrics the poller sends; the same choice as the config's `metricsLevel`. */
export type PollerMetricsLevel = 'monitor' | 'cluster';

export interface PollerRuntimeConfig {
  readonly snapshotTableName: string;
  readonly historyTableName: string;
  readonly topicArn: string;
  readonly clusters: readonly PollerCluster[];
  readonly settings: PollSettings;
  readonly maintenanceWindows: readonly MaintenanceWindow[];
  readonly metricsLevel: PollerMetricsLevel;
}

/** What the stack puts in the environment: everything but the clusters, which go in the bundled file. */
export type PollerEnvironmentInput = Omit<PollerRuntimeConfig, 'clusters'>;

const nonEmpty = z.string().check(z.minLength(1));

const count = z.int().check(z.positive());
const settingsSchema = z.strictObject({
  concurrency: count,
  digestThreshold: count,
  reminderIntervalMs: z.int().check(z.nonnegative()),
  dampingPolls: count,
  unreachableAfterPolls: count,
  retentionDays: count,
  notifyTopicChanges: z.boolean(),
  notifyMessageChanges: z.boolean(),
  reserveMs: z.int().check(z.nonnegative()),
  pollIntervalMs: z.int().check(z.positive()),
  detailRequestsPerCluster: z.int().check(z.nonnegative()),
  mirrorLag: z.nullable(
    z.strictObject({
      everyPolls: count,
      heldChecks: count,
      maxMessagesBehind: z.nullable(count),
      links: z.array(z.strictObject({ link: nonEmpty, maxMessagesBehind: z.int().check(z.nonnegative()) })),
    }),
  ),
  readiness: z.nullable(
    z.strictObject({
      everyPolls: count,
      stallReads: count,
      maxSecondsBehind: z.nullable(count),
      links: z.array(z.strictObject({ link: nonEmpty, maxSecondsBehind: z.int().check(z.nonnegative()) })),
      stuckAfterMs: count,
      configReadsPerPoll: z.int().check(z.nonnegative()),
      dryRunsPerPoll: z.int().check(z.nonnegative()),
    }),
  ),
});

const text = z.string();
const windowsSchema = z.array(
  z.object({
    name: text,
    days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])),
    start: z.object({ hour: z.int(), minute: z.int() }),
    durationMs: z.int().check(z.positive()),
    timeZone: text,
    matchers: z.object({
      clusters: z.optional(z.array(text)),
      linkName: z.optional(text),
      eventTypes: z.optional(z.array(text)),
      severities: z.optional(z.array(text)),
    }),
    reason: text,
  }),
);

/** What the stack tells the poller besides the resources it binds: how to poll, no resource names. */
export type PollerSettingsInput = Pick<
  PollerRuntimeConfig,
  'settings' | 'maintenanceWindows' | 'metricsLevel'
>;

/**
 * The variables that name no resource: the stack sets these as they are, and binds each of the
 * others (tables, topic) with the grant that lets the poller use what it names
 * (`infra/constructs/poller.ts`). The clusters are not among them: the stack bundles
 * `pollerClustersJson` as `POLLER_CLUSTERS_FILE` and this points the function at it.
 */
export function pollerSettingsEnvironment(config: PollerSettingsInput): Record<string, string> {
  return {
    [POLLER_ENV.clustersFile]: POLLER_CLUSTERS_FILE,
    [POLLER_ENV.settings]: JSON.stringify(settingsSchema.parse(config.settings)),
    ...(config.maintenanceWindows.length > 0 && {
      [POLLER_ENV.maintenanceWindows]: JSON.stringify(config.maintenanceWindows),
    }),
    [POLLER_ENV.metricsLevel]: config.metricsLevel,
  };
}

/**
 * Every environment variable the poller is deployed with (what the deploy rules measure against
 * Lambda's 4 KB, and what a local run sets). Values may be CDK tokens (table names, topic ARN);
 * they are resolved at deploy time.
 */
export function pollerEnvironment(config: PollerEnvironmentInput): Record<string, string> {
  return {
    [POLLER_ENV.snapshotTableName]: config.snapshotTableName,
    [POLLER_ENV.historyTableName]: config.historyTableName,
    [POLLER_ENV.topicArn]: config.topicArn,
    ...pollerSettingsEnvironment(config),
  };
}

/**
 * Reads and checks the poller's environment and clusters file; call once at
 * cold start so a broken deployment fails on its first invocation with the
 * variable (and file) named.
 * @param options where the clusters file lives; needed when `MONITOR_CLUSTERS_FILE` is set
 * @throws RuntimeConfigError naming the missing or malformed variable
 */
export function readPollerRuntimeConfig(
  env: NodeJS.ProcessEnv,
  options?: ClustersFileOptions,
): PollerRuntimeConfig {
  const clusters = readPollerClusters(env, options);
  return Object.freeze({
    snapshotTableName: requiredVariable(env, POLLER_ENV.snapshotTableName),
    historyTableName: requiredVariable(env, POLLER_ENV.historyTableName),
    topicArn: requiredVariable(env, POLLER_ENV.topicArn),
    clusters,
    settings: Object.freeze(
      parseVariableJson(requiredVariable(env, POLLER_ENV.settings), POLLER_ENV.settings, settingsSchema),
    ),
    maintenanceWindows: Object.freeze(
      // The config schema validated them at synth; here only their shape is checked.
      parseVariableJson(
        optionalVariable(env, POLLER_ENV.maintenanceWindows) ?? '[]',
        POLLER_ENV.maintenanceWindows,
        windowsSchema,
      ) as MaintenanceWindow[],
    ),
    metricsLevel: metricsLevel(env),
  });
}

function metricsLevel(env: NodeJS.ProcessEnv): PollerMetricsLevel {
  const value = optionalVariable(env, POLLER_ENV.metricsLevel) ?? 'monitor';
  if (value !== 'monitor' && value !== 'cluster') {
    throw new RuntimeConfigError(POLLER_ENV.metricsLevel, 'must be monitor or cluster');
  }
  return value;
}
