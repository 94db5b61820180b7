/**
 * The poller's configuration as it reaches the Lambda. The stack sets a few
 * environment variables with `pollerEnvironment` and ships the cluster list as
 * a JSON file inside the function's bundle (`pollerClustersFile`): Lambda allows
 * only 4 KB of environment, about 15 clusters' worth, and a bundled file needs
 * no network call or permission at cold start. The function reads both once
 * with `readPollerRuntimeConfig`, so both sides share one definition. Secrets
 * never travel this way: only the secret's id, which the function resolves itself.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { MaintenanceWindow } from '../../core/control/maintenance-window.js';
import type { PollSettings } from '../../core/poll-settings.js';
import * as z from '../../core/zod-mini.js';

/** Environment variable names. */
export const POLLER_ENV = {
  snapshotTableName: 'SNAPSHOT_TABLE_NAME',
  historyTableName: 'HISTORY_TABLE_NAME',
  topicArn: 'NOTIFICATION_TOPIC_ARN',
  /** Name of the clusters JSON file beside the handler module (how the stack ships the list). */
  clustersFile: 'MONITOR_CLUSTERS_FILE',
  /**
   * The same JSON inline, for local runs that have no bundle directory to put a file in.
   * Exactly one of this and `clustersFile` must be set.
   */
  clusters: 'MONITOR_CLUSTERS',
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

/** The file name the stack writes the cluster list to, next to the bundled handler. */
export const POLLER_CLUSTERS_FILE = 'clusters.json';

/** A cluster as the poller sees it: where to list and which secret holds the credentials. */
export interface PollerCluster {
  readonly clusterId: string;
  readonly label: string;
  readonly restEndpoint: string;
  /** Secrets Manager secret name or ARN. */
  readonly secretId: string;
  /** This cluster's entry when the secret is shared by several clusters. */
  readonly secretKey?: string;
}

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

/** The environment or the clusters file is missing or malformed; names the variable and the field, never a value. */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`environment variable ${variable}: ${problem}`);
    this.variable = variable;
  }
}

const nonEmpty = z.string().check(z.minLength(1));

const clustersSchema = z
  .array(
    z.strictObject({
      id: nonEmpty,
      label: nonEmpty,
      url: z.url(),
      secret: nonEmpty,
      key: z.optional(nonEmpty),
    }),
  )
  .check(
    z.minLength(1),
    z.refine(
      (clusters) => new Set(clusters.map((c) => c.id)).size === clusters.length,
      'cluster ids must be unique',
    ),
  );

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

/**
 * The cluster list as JSON, for the bundled file (or `MONITOR_CLUSTERS` in a
 * local run). Short keys keep the inline form small; ids, labels, URLs and
 * secret ids only, never a secret value.
 */
export function pollerClustersJson(clusters: readonly PollerCluster[]): string {
  return JSON.stringify(
    clusters.map((c) => ({
      id: c.clusterId,
      label: c.label,
      url: c.restEndpoint,
      secret: c.secretId,
      ...(c.secretKey !== undefined && { key: c.secretKey }),
    })),
  );
}

/**
 * The environment variables the stack sets on the poller. Values may be CDK
 * tokens (table names, topic ARN); they are resolved at deploy time. The
 * clusters are not among them: the stack bundles `pollerClustersJson` as
 * `POLLER_CLUSTERS_FILE` and this points the function at it.
 */
export function pollerEnvironment(config: PollerEnvironmentInput): Record<string, string> {
  return {
    [POLLER_ENV.snapshotTableName]: config.snapshotTableName,
    [POLLER_ENV.historyTableName]: config.historyTableName,
    [POLLER_ENV.topicArn]: config.topicArn,
    [POLLER_ENV.clustersFile]: POLLER_CLUSTERS_FILE,
    [POLLER_ENV.settings]: JSON.stringify(settingsSchema.parse(config.settings)),
    ...(config.maintenanceWindows.length > 0 && {
      [POLLER_ENV.maintenanceWindows]: JSON.stringify(config.maintenanceWindows),
    }),
    [POLLER_ENV.metricsLevel]: config.metricsLevel,
  };
}

function optional(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = optional(env, variable);
  if (value === undefined) throw new RuntimeConfigError(variable, 'is not set');
  return value;
}

function parseJson<T>(text: string, variable: string, schema: z.ZodMiniType<T>, what = ''): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RuntimeConfigError(variable, `${what}is not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    throw new RuntimeConfigError(variable, `${what}${where}${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}

export interface ReadRuntimeConfigOptions {
  /** Directory the clusters file name is resolved in: the handler module's own. */
  readonly baseDir: string;
  /** @default fs.readFileSync as UTF-8 */
  readonly readFile?: (path: string) => string;
}

function clustersText(
  env: NodeJS.ProcessEnv,
  options: ReadRuntimeConfigOptions | undefined,
): {
  text: string;
  variable: string;
  what: string;
} {
  const inline = optional(env, POLLER_ENV.clusters);
  const file = optional(env, POLLER_ENV.clustersFile);
  if (inline !== undefined && file !== undefined) {
    throw new RuntimeConfigError(POLLER_ENV.clustersFile, `set only one of it and ${POLLER_ENV.clusters}`);
  }
  if (inline !== undefined) return { text: inline, variable: POLLER_ENV.clusters, what: '' };
  if (file === undefined) {
    throw new RuntimeConfigError(POLLER_ENV.clustersFile, `is not set (nor is ${POLLER_ENV.clusters})`);
  }
  // A bare file name: the list belongs to this bundle, never to some other path on the host.
  if (basename(file) !== file || file === '.' || file === '..') {
    throw new RuntimeConfigError(
      POLLER_ENV.clustersFile,
      'must be a file name beside the handler, not a path',
    );
  }
  if (options === undefined) {
    throw new RuntimeConfigError(POLLER_ENV.clustersFile, 'is set but no handler directory was given');
  }
  const path = join(options.baseDir, file);
  const what = `file ${file}: `;
  try {
    const text = (options.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
    return { text, variable: POLLER_ENV.clustersFile, what };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new RuntimeConfigError(
      POLLER_ENV.clustersFile,
      `${what}cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
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
  options?: ReadRuntimeConfigOptions,
): PollerRuntimeConfig {
  const source = clustersText(env, options);
  const clusters = parseJson(source.text, source.variable, clustersSchema, source.what);
  return Object.freeze({
    snapshotTableName: required(env, POLLER_ENV.snapshotTableName),
    historyTableName: required(env, POLLER_ENV.historyTableName),
    topicArn: required(env, POLLER_ENV.topicArn),
    clusters: Object.freeze(
      clusters.map((c) =>
        Object.freeze({
          clusterId: c.id,
          label: c.label,
          restEndpoint: c.url,
          secretId: c.secret,
          ...(c.key !== undefined && { secretKey: c.key }),
        }),
      ),
    ),
    settings: Object.freeze(
      parseJson(required(env, POLLER_ENV.settings), POLLER_ENV.settings, settingsSchema),
    ),
    maintenanceWindows: Object.freeze(
      // The config schema validated them at synth; here only their shape is checked.
      parseJson(
        optional(env, POLLER_ENV.maintenanceWindows) ?? '[]',
        POLLER_ENV.maintenanceWindows,
        windowsSchema,
      ) as MaintenanceWindow[],
    ),
    metricsLevel: metricsLevel(env),
  });
}

function metricsLevel(env: NodeJS.ProcessEnv): PollerMetricsLevel {
  const value = optional(env, POLLER_ENV.metricsLevel) ?? 'monitor';
  if (value !== 'monitor' && value !== 'cluster') {
    throw new RuntimeConfigError(POLLER_ENV.metricsLevel, 'must be monitor or cluster');
  }
  return value;
}

/** The invocation's event asks for something the poller cannot do; the stack never sends such an event. */
export class InvalidPollEventError extends Error {
  override readonly name = 'InvalidPollEventError';
}

/** The part of the clusters one scheduled invocation polls: every `shards`-th, starting at `shard`. */
export interface PollShard {
  readonly shard: number;
  readonly shards: number;
}

/**
 * The shard an invocation's event names (`{"shard": 0, "shards": 4}`, set by the stack's schedules
 * when one invocation cannot poll every cluster in time), or null for an event without one: all clusters.
 * @throws InvalidPollEventError when the event names a shard that does not exist
 */
export function shardOf(event: unknown): PollShard | null {
  if (typeof event !== 'object' || event === null || !('shards' in event)) return null;
  const { shard, shards } = event as { shard?: unknown; shards?: unknown };
  if (
    typeof shards !== 'number' ||
    typeof shard !== 'number' ||
    !Number.isInteger(shards) ||
    !Number.isInteger(shard) ||
    shards < 1 ||
    shard < 0 ||
    shard >= shards
  ) {
    throw new InvalidPollEventError('shard must be a whole number from 0 to shards - 1, shards at least 1');
  }
  return { shard, shards };
}

/** The clusters of one shard, in config order; a stable split as long as the bundled list is the same. */
export function clustersOfShard<T>(clusters: readonly T[], shard: PollShard | null): T[] {
  if (shard === null) return [...clusters];
  return clusters.filter((_, index) => index % shard.shards === shard.shard);
}
