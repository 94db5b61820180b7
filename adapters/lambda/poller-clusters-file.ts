/**
 * The poller's cluster list. The stack writes it as a JSON file inside the function's bundle
 * (`pollerClustersJson`, `POLLER_CLUSTERS_FILE`): Lambda allows only 4 KB of environment, about
 * 15 clusters' worth, and a bundled file needs no network call or permission at cold start. The
 * function reads it back once (`readPollerClusters`); a local run, which has no bundle directory,
 * passes the same JSON inline. Secret ids travel this way, never a secret value.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from '../../core/zod-mini.js';
import { optionalVariable, parseVariableJson, RuntimeConfigError } from './runtime-config-error.js';

/** The variables that say where the list is (part of `POLLER_ENV`). */
export const POLLER_CLUSTERS_ENV = {
  /** Name of the clusters JSON file beside the handler module (how the stack ships the list). */
  clustersFile: 'MONITOR_CLUSTERS_FILE',
  /**
   * The same JSON inline, for local runs that have no bundle directory to put a file in.
   * Exactly one of this and `clustersFile` must be set.
   */
  clusters: 'MONITOR_CLUSTERS',
} as const;

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

/** Where the clusters file is found. */
export interface ClustersFileOptions {
  /** Directory the clusters file name is resolved in: the handler module's own. */
  readonly baseDir: string;
  /** @default fs.readFileSync as UTF-8 */
  readonly readFile?: (path: string) => string;
}

function clustersText(
  env: NodeJS.ProcessEnv,
  options: ClustersFileOptions | undefined,
): {
  text: string;
  variable: string;
  what: string;
} {
  const inline = optionalVariable(env, POLLER_CLUSTERS_ENV.clusters);
  const file = optionalVariable(env, POLLER_CLUSTERS_ENV.clustersFile);
  if (inline !== undefined && file !== undefined) {
    throw new RuntimeConfigError(
      POLLER_CLUSTERS_ENV.clustersFile,
      `set only one of it and ${POLLER_CLUSTERS_ENV.clusters}`,
    );
  }
  if (inline !== undefined) return { text: inline, variable: POLLER_CLUSTERS_ENV.clusters, what: '' };
  if (file === undefined) {
    throw new RuntimeConfigError(
      POLLER_CLUSTERS_ENV.clustersFile,
      `is not set (nor is ${POLLER_CLUSTERS_ENV.clusters})`,
    );
  }
  // A bare file name: the list belongs to this bundle, never to some other path on the host.
  if (basename(file) !== file || file === '.' || file === '..') {
    throw new RuntimeConfigError(
      POLLER_CLUSTERS_ENV.clustersFile,
      'must be a file name beside the handler, not a path',
    );
  }
  if (options === undefined) {
    throw new RuntimeConfigError(
      POLLER_CLUSTERS_ENV.clustersFile,
      'is set but no handler directory was given',
    );
  }
  const path = join(options.baseDir, file);
  const what = `file ${file}: `;
  try {
    const text = (options.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
    return { text, variable: POLLER_CLUSTERS_ENV.clustersFile, what };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new RuntimeConfigError(
      POLLER_CLUSTERS_ENV.clustersFile,
      `${what}cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
}

/**
 * Reads and checks the cluster list from the file the environment names (or inline).
 * @param options where the clusters file lives; needed when `MONITOR_CLUSTERS_FILE` is set
 * @throws RuntimeConfigError naming the variable (and the file) when the list is missing or malformed
 */
export function readPollerClusters(
  env: NodeJS.ProcessEnv,
  options?: ClustersFileOptions,
): readonly PollerCluster[] {
  const source = clustersText(env, options);
  const clusters = parseVariableJson(source.text, source.variable, clustersSchema, source.what);
  return Object.freeze(
    clusters.map((c) =>
      Object.freeze({
        clusterId: c.id,
        label: c.label,
        restEndpoint: c.url,
        secretId: c.secret,
        ...(c.key !== undefined && { secretKey: c.key }),
      }),
    ),
  );
}
