/**
 * A `LinkSource` that reads each cluster's credentials when it lists the cluster, from wherever
 * the config says they live: a Secrets Manager secret (cached by `SecretsManagerCredentials`,
 * re-read after its maximum age) or environment variables. A missing or unreadable secret
 * therefore fails that cluster's listing only, which the poll records like any other failed
 * listing (and retries on the next poll), instead of failing the whole poll up front.
 */

import type { ClusterListing } from '../../core/model/link-model.js';
import type { LinkSource } from '../../core/ports.js';
import type { ClusterConfig } from '../config/monitor-config.js';
import type { ConfluentClusterConfig } from '../confluent/cluster-endpoint.js';
import type { ConfluentLinksClient } from '../confluent/confluent-links-client.js';
import { authorizationHeader, type ConfluentCredentials } from '../confluent/credentials.js';
import { resolveCredentials } from '../secrets/resolve-credentials.js';
import type { SecretsManagerCredentials } from '../secrets/secrets-manager-credentials.js';

export interface CredentialedLinkSourceProps {
  readonly clusters: readonly ClusterConfig[];
  readonly client: ConfluentLinksClient;
  /** Needed only when a cluster's credentials are a secret. */
  readonly secrets?: SecretsManagerCredentials;
  /** Where environment-variable credentials are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export class CredentialedLinkSource implements LinkSource {
  readonly #clusters: ReadonlyMap<string, ClusterConfig>;
  readonly #client: ConfluentLinksClient;
  readonly #secrets: SecretsManagerCredentials | undefined;
  readonly #env: NodeJS.ProcessEnv;

  constructor(props: CredentialedLinkSourceProps) {
    this.#clusters = new Map(props.clusters.map((c) => [c.clusterId, c]));
    this.#client = props.client;
    this.#secrets = props.secrets;
    this.#env = props.env ?? process.env;
  }

  /**
   * The cluster's endpoint with its credentials (a secret from the cache), for the detail reads
   * of a poll.
   *
   * @throws CredentialsError when the credentials cannot be had
   */
  async clusterConfig(clusterId: string): Promise<ConfluentClusterConfig> {
    const cluster = this.#cluster(clusterId);
    return { clusterId, restEndpoint: cluster.restEndpoint, credentials: await this.#credentials(cluster) };
  }

  /**
   * When the cluster rejects a secret's credentials (HTTP 401), the secret is read again at once:
   * a key rotated since it was cached is tried in the same listing, and an unchanged one is not
   * sent twice.
   *
   * @throws CredentialsError when the credentials cannot be had; ConfluentApiError for listing failures
   */
  async listLinks(request: {
    readonly clusterId: string;
    readonly deadline: number;
  }): Promise<ClusterListing> {
    const cluster = this.#cluster(request.clusterId);
    const source = cluster.credentials;
    const credentials = await this.#credentials(cluster);
    try {
      return await this.#list(cluster, credentials, request.deadline);
    } catch (error) {
      if (source.kind !== 'secret' || !isAuthFailure(error) || this.#secrets === undefined) throw error;
      this.#secrets.invalidate(source.secretId);
      const fresh = await this.#secrets.get(source.secretId, source.secretKey).catch(() => null);
      // Unreadable now, or the same key: the 401 stands; the next poll reads the secret again.
      if (fresh === null || authorizationHeader(fresh) === authorizationHeader(credentials)) throw error;
      return this.#list(cluster, fresh, request.deadline);
    }
  }

  #cluster(clusterId: string): ClusterConfig {
    const cluster = this.#clusters.get(clusterId);
    if (cluster === undefined) throw new Error(`cluster ${clusterId} is not configured`);
    return cluster;
  }

  #credentials(cluster: ClusterConfig): Promise<ConfluentCredentials> {
    return resolveCredentials(cluster.credentials, {
      env: this.#env,
      ...(this.#secrets === undefined ? {} : { secrets: this.#secrets }),
    });
  }

  #list(
    cluster: ClusterConfig,
    credentials: ConfluentCredentials,
    deadline: number,
  ): Promise<ClusterListing> {
    return this.#client.listClusterLinks(
      { clusterId: cluster.clusterId, restEndpoint: cluster.restEndpoint, credentials },
      { deadline },
    );
  }
}

function isAuthFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'auth';
}
