/**
 * Clusters of links held in memory, answering the poll as Confluent would: the listing (with its
 * `category_counts`), each link's tasks and mirror topics, and the cluster-wide mirror lags. A
 * link that is FAILED, UNAVAILABLE, PAUSED or in error shows its topics and tasks as `LINK_*`, as
 * Confluent does (and as `tools/simulator/simulated-mirrors.ts` does over HTTP). For property tests
 * that run hundreds of polls: no server, no parsing, a poll in a few milliseconds.
 */

import type {
  CategoryCount,
  ClusterLink,
  ClusterListing,
  LinkTask,
  MirrorTopicState,
} from '../../core/model/link-model.js';
import type { DetailTarget, LinkDetailSource } from '../../core/observe/link-details.js';
import type { ClusterMirrorLags } from '../../core/observe/mirror-lag.js';
import type { LinkSource } from '../../core/ports.js';

/** A mirror topic as the world holds it. */
export interface WorldTopic {
  readonly status: string;
  readonly error: string | null;
  /** Messages behind on its one partition. */
  readonly lag: number;
}

/** A task as the world holds it. */
export interface WorldTask {
  readonly state: string;
  readonly error: string | null;
}

/** A link's own condition. */
export interface WorldCondition {
  readonly linkState: string | null;
  readonly linkError: string | null;
}

interface WorldLink {
  readonly linkName: string;
  /** Bumped when a link of the same name is added again: a new `cluster_link_id`. */
  readonly generation: number;
  condition: WorldCondition;
  readonly topics: Map<string, WorldTopic>;
  readonly tasks: Map<string, WorldTask>;
}

const HEALTHY_TOPIC: WorldTopic = { status: 'ACTIVE', error: null, lag: 0 };
const HEALTHY_TASK: WorldTask = { state: 'ACTIVE', error: null };
const STATE_TIME_MS = Date.parse('2026-01-01T00:00:00.000Z');

export class InProcessLinkWorld implements LinkSource, LinkDetailSource {
  readonly #clusters = new Map<string, Map<string, WorldLink>>();
  readonly #generations = new Map<string, number>();

  /** Adds (or adds again) a healthy link with these topics and tasks. */
  addLink(
    clusterId: string,
    linkName: string,
    topicNames: readonly string[],
    taskNames: readonly string[],
  ): void {
    const key = `${clusterId}/${linkName}`;
    const generation = (this.#generations.get(key) ?? 0) + 1;
    this.#generations.set(key, generation);
    this.#cluster(clusterId).set(linkName, {
      linkName,
      generation,
      condition: { linkState: 'ACTIVE', linkError: null },
      topics: new Map(topicNames.map((name) => [name, HEALTHY_TOPIC])),
      tasks: new Map(taskNames.map((name) => [name, HEALTHY_TASK])),
    });
  }

  removeLink(clusterId: string, linkName: string): void {
    this.#cluster(clusterId).delete(linkName);
  }

  hasLink(clusterId: string, linkName: string): boolean {
    return this.#cluster(clusterId).has(linkName);
  }

  /** Sets a link's own condition; nothing when the link is not there. */
  setCondition(clusterId: string, linkName: string, condition: WorldCondition): void {
    const link = this.#cluster(clusterId).get(linkName);
    if (link !== undefined) link.condition = condition;
  }

  /** Changes what is given of one of a link's topics; nothing when the link or topic is not there. */
  setTopic(clusterId: string, linkName: string, topicName: string, change: Partial<WorldTopic>): void {
    const topics = this.#cluster(clusterId).get(linkName)?.topics;
    const topic = topics?.get(topicName);
    if (topics !== undefined && topic !== undefined) topics.set(topicName, { ...topic, ...change });
  }

  /** Sets one of a link's tasks; nothing when the link or task is not there. */
  setTask(clusterId: string, linkName: string, taskName: string, task: WorldTask): void {
    const tasks = this.#cluster(clusterId).get(linkName)?.tasks;
    if (tasks?.has(taskName)) tasks.set(taskName, task);
  }

  /** Makes a link, its topics and its tasks healthy and caught up. */
  heal(clusterId: string, linkName: string): void {
    const link = this.#cluster(clusterId).get(linkName);
    if (link === undefined) return;
    link.condition = { linkState: 'ACTIVE', linkError: null };
    for (const name of link.topics.keys()) link.topics.set(name, HEALTHY_TOPIC);
    for (const name of link.tasks.keys()) link.tasks.set(name, HEALTHY_TASK);
  }

  linkNames(clusterId: string): string[] {
    return [...this.#cluster(clusterId).keys()];
  }

  async listLinks(request: { readonly clusterId: string }): Promise<ClusterListing> {
    const links = [...this.#cluster(request.clusterId).values()].map(
      (link): ClusterLink => ({
        linkName: link.linkName,
        clusterLinkId: `${request.clusterId}-${link.linkName}-g${link.generation}`,
        linkState: link.condition.linkState,
        linkError: link.condition.linkError,
        linkErrorMessage:
          link.condition.linkError === null ? null : `${link.condition.linkError} from the source`,
        sourceClusterId: 'lkc-source',
        destinationClusterId: null,
        remoteClusterId: null,
        topicNames: [...link.topics.keys()].sort(),
        tasks: [],
        categoryCounts: categoryCounts(link),
      }),
    );
    return { clusterId: request.clusterId, links, pages: 1 };
  }

  async readLinkTasks(request: DetailTarget): Promise<readonly LinkTask[]> {
    const link = this.#link(request);
    const wide = linkWideTaskState(link.condition);
    return [...link.tasks].map(([taskName, task]) => {
      const error = wide === null ? task.error : null;
      return {
        taskName,
        state: wide ?? task.state,
        errors: error === null ? [] : [{ errorCode: error, errorMessage: `${taskName} cannot proceed` }],
      };
    });
  }

  async readLinkMirrorTopics(
    request: DetailTarget,
  ): Promise<{ readonly topics: readonly MirrorTopicState[]; readonly complete: boolean }> {
    const link = this.#link(request);
    return { topics: [...link.topics.keys()].map((name) => mirrorTopicState(link, name)), complete: true };
  }

  async readMirrorTopic(request: DetailTarget & { readonly topicName: string }): Promise<MirrorTopicState> {
    const link = this.#link(request);
    if (!link.topics.has(request.topicName)) throw new Error(`no mirror topic ${request.topicName}`);
    return mirrorTopicState(link, request.topicName);
  }

  async readClusterMirrorLags(request: Omit<DetailTarget, 'linkName'>): Promise<ClusterMirrorLags> {
    const topics = [...this.#cluster(request.clusterId).values()].flatMap((link) =>
      [...link.topics].map(([topicName, topic]) => ({
        linkName: link.linkName,
        topicName,
        status: topicStatus(link, topicName),
        lags: [{ partition: 0, lag: topic.lag }],
      })),
    );
    return { topics, complete: true };
  }

  #cluster(clusterId: string): Map<string, WorldLink> {
    let links = this.#clusters.get(clusterId);
    if (links === undefined) {
      links = new Map();
      this.#clusters.set(clusterId, links);
    }
    return links;
  }

  #link(target: Pick<DetailTarget, 'clusterId' | 'linkName'>): WorldLink {
    const link = this.#cluster(target.clusterId).get(target.linkName);
    if (link === undefined) throw new Error(`no link ${target.linkName} on ${target.clusterId}`);
    return link;
  }
}

/** What a link's own condition makes of all its topics: null when they speak for themselves. */
function linkWide(condition: WorldCondition): 'FAILED' | 'PAUSED' | null {
  if (condition.linkState === 'PAUSED') return 'PAUSED';
  if (condition.linkState === 'ACTIVE' && condition.linkError === null) return null;
  if (condition.linkState === null) return null;
  return 'FAILED';
}

function linkWideTaskState(condition: WorldCondition): string | null {
  if (condition.linkState === 'UNAVAILABLE') return 'LINK_UNAVAILABLE';
  const wide = linkWide(condition);
  return wide === null ? null : `LINK_${wide}`;
}

function topicStatus(link: WorldLink, topicName: string): string {
  const wide = linkWide(link.condition);
  return wide === null ? (link.topics.get(topicName)?.status ?? 'ACTIVE') : `LINK_${wide}`;
}

function mirrorTopicState(link: WorldLink, topicName: string): MirrorTopicState {
  return {
    topicName,
    status: topicStatus(link, topicName),
    error: linkWide(link.condition) === null ? (link.topics.get(topicName)?.error ?? null) : null,
    stateTimeMs: STATE_TIME_MS,
    transitionErrors: [],
  };
}

/** Confluent's state category of a mirror topic. */
function categoryOf(status: string, error: string | null): string {
  if (error !== null) return 'IN_ERROR';
  if (status === 'ACTIVE') return 'ACTIVE';
  if (status === 'PAUSED' || status === 'LINK_PAUSED') return 'PAUSED';
  if (status.startsWith('PENDING_') && status !== 'PENDING_STOPPED') return 'PENDING';
  if (status === 'STOPPED' || status === 'PENDING_STOPPED') return 'NOT_APPLICABLE';
  return 'IN_ERROR';
}

function categoryCounts(link: WorldLink): CategoryCount[] {
  if (link.condition.linkState === 'UNKNOWN' && link.topics.size > 0)
    return [{ stateCategory: 'PENDING', count: link.topics.size }];
  const counts = new Map<string, number>();
  for (const name of link.topics.keys()) {
    const state = mirrorTopicState(link, name);
    const category = categoryOf(state.status, state.error);
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([stateCategory, count]) => ({ stateCategory, count }));
}
