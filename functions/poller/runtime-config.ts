/**
 * The poller's configuration as it reaches the Lambda: environment variables
 * set by the stack. The stack writes them with `pollerEnvironment`, the
 * function reads them once at cold start with `readPollerRuntimeConfig`, so
 * both sides share one definition. Secrets never travel this way: only the
 * secret's id, which the function resolves itself.
 */
import { z } from 'zod';
import type { PollSettings } from '../core/poll-settings.js';

/** Environment variable names. */
export const POLLER_ENV = {
  snapshotTableName: 'SNAPSHOT_TABLE_NAME',
  historyTableName: 'HISTORY_TABLE_NAME',
  topicArn: 'NOTIFICATION_TOPIC_ARN',
  /** JSON array of `{ id, label, url, secret }` (short keys: Lambda allows 4 KB of environment). */
  clusters: 'MONITOR_CLUSTERS',
  /** JSON object of `PollSettings`. */
  settings: 'POLL_SETTINGS',
} as const;

/** A cluster as the poller sees it: where to list and which secret holds the credentials. */
export interface PollerCluster {
  readonly clusterId: string;
  readonly label: string;
  readonly restEndpoint: string;
  /** Secrets Manager secret name or ARN. */
  readonly secretId: string;
}

export interface PollerRuntimeConfig {
  readonly snapshotTableName: string;
  readonly historyTableName: string;
  readonly topicArn: string;
  readonly clusters: readonly PollerCluster[];
  readonly settings: PollSettings;
}

/** The environment is missing or malformed; names the variable and the field, never a value. */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`environment variable ${variable}: ${problem}`);
    this.variable = variable;
  }
}

const nonEmpty = z.string().min(1);

const clustersSchema = z
  .array(z.strictObject({ id: nonEmpty, label: nonEmpty, url: z.url(), secret: nonEmpty }))
  .min(1)
  .refine(
    (clusters) => new Set(clusters.map((c) => c.id)).size === clusters.length,
    'cluster ids must be unique',
  );

const count = z.int().positive();
const settingsSchema = z.strictObject({
  concurrency: count,
  digestThreshold: count,
  reminderIntervalMs: z.int().nonnegative(),
  dampingPolls: count,
  unreachableAfterPolls: count,
  retentionDays: count,
  notifyTopicChanges: z.boolean(),
  notifyMessageChanges: z.boolean(),
  reserveMs: z.int().nonnegative(),
});

/**
 * The environment variables the stack sets on the poller. Values may be CDK
 * tokens (table names, topic ARN); they are resolved at deploy time.
 */
export function pollerEnvironment(config: PollerRuntimeConfig): Record<string, string> {
  return {
    [POLLER_ENV.snapshotTableName]: config.snapshotTableName,
    [POLLER_ENV.historyTableName]: config.historyTableName,
    [POLLER_ENV.topicArn]: config.topicArn,
    [POLLER_ENV.clusters]: JSON.stringify(
      config.clusters.map((c) => ({
        id: c.clusterId,
        label: c.label,
        url: c.restEndpoint,
        secret: c.secretId,
      })),
    ),
    [POLLER_ENV.settings]: JSON.stringify(settingsSchema.parse(config.settings)),
  };
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = env[variable];
  if (value === undefined || value.trim() === '') throw new RuntimeConfigError(variable, 'is not set');
  return value;
}

function json<T>(env: NodeJS.ProcessEnv, variable: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(required(env, variable));
  } catch (error) {
    if (error instanceof RuntimeConfigError) throw error;
    throw new RuntimeConfigError(variable, 'is not valid JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    throw new RuntimeConfigError(variable, `${where}${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}

/**
 * Reads and checks the poller's environment; call once at cold start so a
 * broken deployment fails on its first invocation with the variable named.
 * @throws RuntimeConfigError naming the missing or malformed variable
 */
export function readPollerRuntimeConfig(env: NodeJS.ProcessEnv): PollerRuntimeConfig {
  const clusters = json(env, POLLER_ENV.clusters, clustersSchema);
  return Object.freeze({
    snapshotTableName: required(env, POLLER_ENV.snapshotTableName),
    historyTableName: required(env, POLLER_ENV.historyTableName),
    topicArn: required(env, POLLER_ENV.topicArn),
    clusters: Object.freeze(
      clusters.map((c) =>
        Object.freeze({ clusterId: c.id, label: c.label, restEndpoint: c.url, secretId: c.secret }),
      ),
    ),
    settings: Object.freeze(json(env, POLLER_ENV.settings, settingsSchema)),
  });
}
