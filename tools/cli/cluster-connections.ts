/**
 * Turns the config's clusters into what the REST client needs, resolving each
 * cluster's credentials (environment variables, or Secrets Manager through the
 * standard AWS chain). A cluster whose credentials cannot be had is reported,
 * not thrown, so `check` can go on with the others.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ClusterConfig } from '../../adapters/config/monitor-config.js';
import type { ConfluentClusterConfig } from '../../adapters/confluent/cluster-endpoint.js';
import { resolveCredentials } from '../../adapters/secrets/resolve-credentials.js';
import { SecretsManagerCredentials } from '../../adapters/secrets/secrets-manager-credentials.js';
import { describeProblem, type Problem } from './listing-problems.js';

export type ClusterConnection =
  | { readonly cluster: ClusterConfig; readonly ok: true; readonly config: ConfluentClusterConfig }
  | { readonly cluster: ClusterConfig; readonly ok: false; readonly problem: Problem };

export interface ConnectionDeps {
  readonly env: NodeJS.ProcessEnv;
  /** Built only when a cluster's credentials are a secret. @default a client from the standard AWS chain */
  readonly secretsManager?: () => SecretsManagerClient;
}

/** Resolves every cluster's credentials; never throws for one cluster's problem. */
export async function resolveConnections(
  clusters: readonly ClusterConfig[],
  deps: ConnectionDeps,
): Promise<ClusterConnection[]> {
  let secrets: SecretsManagerCredentials | undefined;
  let client: SecretsManagerClient | undefined;
  try {
    return await Promise.all(
      clusters.map(async (cluster): Promise<ClusterConnection> => {
        try {
          if (cluster.credentials.kind === 'secret' && secrets === undefined) {
            client = deps.secretsManager?.() ?? new SecretsManagerClient({});
            secrets = new SecretsManagerCredentials({ client });
          }
          const credentials = await resolveCredentials(cluster.credentials, {
            env: deps.env,
            ...(secrets === undefined ? {} : { secrets }),
          });
          return {
            cluster,
            ok: true,
            config: { clusterId: cluster.clusterId, restEndpoint: cluster.restEndpoint, credentials },
          };
        } catch (error) {
          return { cluster, ok: false, problem: describeProblem(error, cluster) };
        }
      }),
    );
  } finally {
    client?.destroy();
  }
}
