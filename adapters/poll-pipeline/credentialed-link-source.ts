/**
 * A `LinkSource` that fetches each cluster's credentials from Secrets Manager
 * when the cluster is first listed (cached by `SecretsManagerCredentials`), so a
 * missing or malformed secret fails that cluster's poll only, and is retried on
 * the next poll, instead of failing the whole function at cold start.
 */

import type { ClusterListing } from '../../core/link-model.js';
import type { LinkSource } from '../../core/ports.js';
import type { ConfluentClusterConfig } from '../confluent/cluster-endpoint.js';
import type { ConfluentLinksClient } from '../confluent/confluent-links-client.js';
import type { PollerCluster } from '../lambda/poller-environment.js';
import type { SecretsManagerCredentials } from '../secrets/secrets-manager-credentials.js';

export interface SecretBackedLinkSourceProps {
  readonly clusters: readonly PollerCluster[];
  readonly credentials: SecretsManagerCredentials;
  readonly client: ConfluentLinksClient;
}

export class SecretBackedLinkSource implements LinkSource {
  readonly #clusters: ReadonlyMap<string, PollerCluster>;
  readonly #credentials: SecretsManagerCredentials;
  readonly #client: ConfluentLinksClient;

  constructor(props: SecretBackedLinkSourceProps) {
    this.#clusters = new Map(props.clusters.map((c) => [c.clusterId, c]));
    this.#credentials = props.credentials;
    this.#client = props.client;
  }

  /**
   * The cluster's endpoint with its credentials (cached), for the detail reads of a poll.
   *
   * @throws CredentialsError when the secret cannot be used
   */
  async clusterConfig(clusterId: string): Promise<ConfluentClusterConfig> {
    const cluster = this.#clusters.get(clusterId);
    if (cluster === undefined) throw new Error(`cluster ${clusterId} is not configured`);
    const credentials = await this.#credentials.get(cluster.secretId);
    return { clusterId: cluster.clusterId, restEndpoint: cluster.restEndpoint, credentials };
  }

  /**
   * @throws CredentialsError when the secret cannot be used; ConfluentApiError for listing failures
   */
  async listLinks(request: {
    readonly clusterId: string;
    readonly deadline: number;
  }): Promise<ClusterListing> {
    const cluster = this.#clusters.get(request.clusterId);
    if (cluster === undefined) throw new Error(`cluster ${request.clusterId} is not configured`);
    const credentials = await this.#credentials.get(cluster.secretId);
    try {
      return await this.#client.listClusterLinks(
        { clusterId: cluster.clusterId, restEndpoint: cluster.restEndpoint, credentials },
        { deadline: request.deadline },
      );
    } catch (error) {
      // A rejected key may have been rotated: read the secret again next time.
      if (isAuthFailure(error)) this.#credentials.invalidate(cluster.secretId);
      throw error;
    }
  }
}

function isAuthFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'auth';
}
