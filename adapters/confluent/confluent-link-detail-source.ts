/**
 * The core's `LinkDetailSource` and `LinkReadinessSource` over Confluent Kafka REST v3: a link's
 * tasks, mirror topics and configs, and failover dry runs, through `ConfluentLinkDetailsClient`,
 * for clusters whose connection settings come from a lookup (configured clusters, or credentials
 * read from Secrets Manager per cluster).
 */

import type { LinkConfigValue, LinkTask, MirrorTopicState } from '../../core/model/link-model.js';
import type {
  DetailTarget,
  FailoverCheck,
  LinkDetailSource,
  LinkReadinessSource,
} from '../../core/observe/link-details.js';
import type { ClusterMirrorLags } from '../../core/observe/mirror-lag.js';
import type { ConfluentClusterConfig } from './cluster-endpoint.js';
import { ConfluentLinkDetailsClient } from './confluent-link-details.js';
import type { ConfluentLinksClient } from './confluent-links-client.js';

/**
 * Detail reads (and dry runs) are made once per poll and retried by the next one, so a failed
 * read does not spend the poll's time on backoff.
 */
export const DETAIL_MAX_ATTEMPTS = 1;

export interface ConfluentLinkDetailSourceProps {
  readonly details: ConfluentLinkDetailsClient;
  /** The connection settings (endpoint and credentials) of a cluster, or throws. */
  readonly cluster: (clusterId: string) => ConfluentClusterConfig | Promise<ConfluentClusterConfig>;
  /** @default DETAIL_MAX_ATTEMPTS */
  readonly maxAttempts?: number;
}

export class ConfluentLinkDetailSource implements LinkDetailSource, LinkReadinessSource {
  readonly #details: ConfluentLinkDetailsClient;
  readonly #cluster: ConfluentLinkDetailSourceProps['cluster'];
  readonly #maxAttempts: number;

  constructor(props: ConfluentLinkDetailSourceProps) {
    this.#details = props.details;
    this.#cluster = props.cluster;
    this.#maxAttempts = props.maxAttempts ?? DETAIL_MAX_ATTEMPTS;
  }

  async readLinkTasks(request: DetailTarget): Promise<readonly LinkTask[]> {
    const cluster = await this.#cluster(request.clusterId);
    return this.#details.describeLinkTasks(cluster, request.linkName, this.#request(request));
  }

  async readLinkMirrorTopics(
    request: DetailTarget,
  ): Promise<{ readonly topics: readonly MirrorTopicState[]; readonly complete: boolean }> {
    const cluster = await this.#cluster(request.clusterId);
    return this.#details.listLinkMirrorTopics(cluster, request.linkName, this.#request(request));
  }

  async readMirrorTopic(request: DetailTarget & { readonly topicName: string }): Promise<MirrorTopicState> {
    const cluster = await this.#cluster(request.clusterId);
    return this.#details.describeMirrorTopic(
      cluster,
      request.linkName,
      request.topicName,
      this.#request(request),
    );
  }

  async readClusterMirrorLags(request: Omit<DetailTarget, 'linkName'>): Promise<ClusterMirrorLags> {
    const cluster = await this.#cluster(request.clusterId);
    const read = await this.#details.listClusterMirrorTopics(cluster, this.#request(request));
    // Only what lag and readiness use: a page of thousands of topics need not carry their errors on.
    return {
      topics: read.topics.map((t) => ({
        linkName: t.linkName,
        topicName: t.topicName,
        status: t.status,
        stateTimeMs: t.stateTimeMs,
        lags: t.lags.map((l) => ({ partition: l.partition, lag: l.lag, fetchOffset: l.fetchOffset })),
      })),
      complete: read.complete,
    };
  }

  async readLinkConfigs(request: DetailTarget): Promise<readonly LinkConfigValue[]> {
    const cluster = await this.#cluster(request.clusterId);
    return this.#details.listLinkConfigs(cluster, request.linkName, this.#request(request));
  }

  /** A dry run only (`validate_only=true`): see `ConfluentLinksClient.validateMirrorAction`. */
  async validateFailover(
    request: DetailTarget & { readonly topicNames: readonly string[] },
  ): Promise<readonly FailoverCheck[]> {
    const cluster = await this.#cluster(request.clusterId);
    return this.#details.validateFailover(cluster, request.linkName, {
      ...this.#request(request),
      topicNames: request.topicNames,
    });
  }

  #request(request: Pick<DetailTarget, 'deadline'>) {
    return { deadline: request.deadline, maxAttempts: this.#maxAttempts };
  }
}

/** A detail source for clusters known up front with their credentials (local runs, the demo). */
export function detailSourceForClusters(
  links: ConfluentLinksClient,
  clusters: readonly ConfluentClusterConfig[],
): ConfluentLinkDetailSource {
  const byId = new Map(clusters.map((c) => [c.clusterId, c]));
  return new ConfluentLinkDetailSource({
    details: new ConfluentLinkDetailsClient(links),
    cluster: (clusterId) => {
      const cluster = byId.get(clusterId);
      if (cluster === undefined) throw new Error(`cluster ${clusterId} is not configured`);
      return cluster;
    },
  });
}
