/**
 * Reads what the links listing does not say: one link's tasks (`include_tasks=true`), its mirror
 * topics, every mirror topic of the cluster, one mirror topic's state-transition errors, the link's
 * configs, and a failover dry run of its topics. Every request goes through `ConfluentLinksClient`
 * (`readBelowLinks`, `validateMirrorAction`), so auth, origin, timeouts, retries, body caps and
 * error reporting are the listing's own.
 */
import type { LinkConfigValue, LinkTask } from '../../core/model/link-model.js';
import type { FailoverCheck } from '../../core/observe/link-details.js';
import type { ConfluentClusterConfig } from './cluster-endpoint.js';
import type { ConfluentLinksClient } from './confluent-links-client.js';
import {
  type MirrorTopicReading,
  parseLinkDetail,
  parseMirrorTopic,
  parseMirrorTopicsPage,
} from './parse-link-detail.js';
import { parseLinkConfigs } from './parse-link-readiness.js';

/** Most mirror topics accepted from one link's mirrors call. */
export const MAX_LINK_MIRROR_TOPICS = 10_000;
/** Most mirror topics accepted from the cluster-wide mirrors call. */
export const MAX_CLUSTER_MIRROR_TOPICS = 100_000;

export interface DetailRequest {
  /** Epoch ms by which the read must be done. */
  readonly deadline: number;
  /** @default the links client's own */
  readonly maxAttempts?: number;
}

/** A read of mirror topics; `complete` is false when the server said more pages follow (not read). */
export interface MirrorTopicsRead {
  readonly topics: readonly MirrorTopicReading[];
  readonly complete: boolean;
}

export class ConfluentLinkDetailsClient {
  readonly #links: ConfluentLinksClient;

  constructor(links: ConfluentLinksClient) {
    this.#links = links;
  }

  /** `GET .../links/{link_name}?include_tasks=true`: the link's tasks, sorted by name. */
  async describeLinkTasks(
    cluster: ConfluentClusterConfig,
    linkName: string,
    request: DetailRequest,
  ): Promise<LinkTask[]> {
    const segments = [linkName];
    const body = await this.#links.readBelowLinks(cluster, {
      ...request,
      segments,
      query: { include_tasks: 'true' },
    });
    return parseLinkDetail(body, contextOf(cluster, segments));
  }

  /**
   * `GET .../links/{link_name}/mirrors`, optionally only those in one `mirror_status`.
   */
  async listLinkMirrorTopics(
    cluster: ConfluentClusterConfig,
    linkName: string,
    request: DetailRequest & { readonly mirrorStatus?: string },
  ): Promise<MirrorTopicsRead> {
    const segments = [linkName, 'mirrors'];
    const { mirrorStatus, ...rest } = request;
    const body = await this.#links.readBelowLinks(cluster, {
      ...rest,
      segments,
      ...(mirrorStatus !== undefined && { query: { mirror_status: mirrorStatus } }),
    });
    const page = parseMirrorTopicsPage(body, contextOf(cluster, segments), MAX_LINK_MIRROR_TOPICS);
    return { topics: page.topics, complete: page.next === null };
  }

  /** `GET .../links/-/mirrors`: every mirror topic of the cluster in one call (with lags). */
  async listClusterMirrorTopics(
    cluster: ConfluentClusterConfig,
    request: DetailRequest,
  ): Promise<MirrorTopicsRead> {
    const segments = ['-', 'mirrors'];
    const body = await this.#links.readBelowLinks(cluster, { ...request, segments });
    const page = parseMirrorTopicsPage(body, contextOf(cluster, segments), MAX_CLUSTER_MIRROR_TOPICS);
    return { topics: page.topics, complete: page.next === null };
  }

  /** `GET .../links/{link_name}/mirrors/{topic}?include_state_transition_errors=true`. */
  async describeMirrorTopic(
    cluster: ConfluentClusterConfig,
    linkName: string,
    topicName: string,
    request: DetailRequest,
  ): Promise<MirrorTopicReading> {
    const segments = [linkName, 'mirrors', topicName];
    const body = await this.#links.readBelowLinks(cluster, {
      ...request,
      segments,
      query: { include_state_transition_errors: 'true' },
    });
    return parseMirrorTopic(body, contextOf(cluster, segments));
  }

  /**
   * `GET .../links/{link_name}/configs`: the configs a failover depends on (`WATCHED_LINK_CONFIGS`),
   * in name order; a sensitive one without its value.
   */
  async listLinkConfigs(
    cluster: ConfluentClusterConfig,
    linkName: string,
    request: DetailRequest,
  ): Promise<LinkConfigValue[]> {
    const segments = [linkName, 'configs'];
    const body = await this.#links.readBelowLinks(cluster, { ...request, segments });
    return parseLinkConfigs(body, contextOf(cluster, segments));
  }

  /**
   * `POST .../links/{link_name}/mirrors:failover?validate_only=true`: per topic, in name order,
   * whether it would fail over. A dry run: nothing changes.
   *
   * @param request.topicNames - 1 to `MAX_DRY_RUN_TOPICS` names
   */
  async validateFailover(
    cluster: ConfluentClusterConfig,
    linkName: string,
    request: DetailRequest & { readonly topicNames: readonly string[] },
  ): Promise<FailoverCheck[]> {
    return this.#links.validateMirrorAction(cluster, { ...request, linkName, action: 'failover' });
  }
}

function contextOf(cluster: ConfluentClusterConfig, segments: readonly string[]) {
  return {
    clusterId: cluster.clusterId,
    path: `/kafka/v3/clusters/${encodeURIComponent(cluster.clusterId)}/links/${segments.map(encodeURIComponent).join('/')}`,
  };
}
