/**
 * The simulator's own record of one cluster link and how it appears on the
 * wire. Pure: no HTTP, no clock. Ids are derived from a hash so that the same
 * cluster, link and generation always produce the same ids (tests and golden
 * output stay stable), while a recreated link gets a new `cluster_link_id`.
 */
import { createHash } from 'node:crypto';
import { wellFormed } from '../../core/model/bounds.js';
import { categoryCounts, type SimulatedMirrorTopic, type SimulatedTask } from './simulated-mirrors.js';

/** One link as the simulator holds it. Mutable only through `ConfluentSimulator`. */
export interface SimulatedLink {
  readonly linkName: string;
  /** Bumped by `recreateLink`; feeds the ids so that a recreated link gets new ones. */
  readonly generation: number;
  readonly clusterLinkId: string;
  /** Deprecated `link_id` (UUID-shaped), still sent because Confluent still sends it. */
  readonly linkId: string;
  /** Sent verbatim; null or undefined sends `null`. Any string is allowed (the API enum is extensible). */
  readonly linkState: string | null;
  /** Sent verbatim; null sends `NO_ERROR`. */
  readonly linkError: string | null;
  readonly linkErrorMessage: string | null;
  readonly sourceClusterId: string;
  readonly topicNames: readonly string[];
  /** Mirror topics that are not simply ACTIVE and caught up, by name. */
  readonly mirrorTopics?: Readonly<Record<string, SimulatedMirrorTopic>>;
  /** Tasks that are not simply ACTIVE, by name (see `DEFAULT_TASK_NAMES`). */
  readonly tasks?: Readonly<Record<string, SimulatedTask>>;
  /** Configs set on the link, by name; any other has its default (`simulated-link-configs.ts`). */
  readonly configs?: Readonly<Record<string, string>>;
}

/** What a caller may say about a link when adding it; everything else is generated. */
export interface LinkInit {
  readonly linkName: string;
  /** @default 3 topics named `{linkName}.topic-{n}` */
  readonly topicNames?: readonly string[];
  /** @default 'ACTIVE' */
  readonly linkState?: string | null;
  /** @default null (sent as `NO_ERROR`) */
  readonly linkError?: string | null;
  /** @default null */
  readonly linkErrorMessage?: string | null;
  /** The cluster the link mirrors from. @default `lkc-src-{linkName}` shortened */
  readonly sourceClusterId?: string;
  /** @default every topic ACTIVE, no lag */
  readonly mirrorTopics?: Readonly<Record<string, SimulatedMirrorTopic>>;
  /** @default every task ACTIVE, or NOT_CONFIGURED when its sync is switched off */
  readonly tasks?: Readonly<Record<string, SimulatedTask>>;
  /** @default every config at its default (`SIMULATED_LINK_CONFIG_NAMES`) */
  readonly configs?: Readonly<Record<string, string>>;
}

/** A change to a link's condition; omitted fields keep their value. */
export interface LinkPatch {
  readonly linkState?: string | null;
  readonly linkError?: string | null;
  readonly linkErrorMessage?: string | null;
  readonly topicNames?: readonly string[];
  readonly sourceClusterId?: string;
  /**
   * Merged field by field into what the link has for each topic; `status: 'ACTIVE'` without
   * `error` also clears the topic's error, message and transition error (a recovered topic).
   */
  readonly mirrorTopics?: Readonly<Record<string, SimulatedMirrorTopic>>;
  /** Merged by task name over what the link has. */
  readonly tasks?: Readonly<Record<string, SimulatedTask>>;
  /** Merged by name over what the link has; null puts a config back to its default. */
  readonly configs?: Readonly<Record<string, string | null>>;
}

const DEFAULT_TOPICS_PER_LINK = 3;

function digest(...parts: readonly (string | number)[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/** 22 characters of base64url, the shape of Confluent's `cluster_link_id`. */
export function clusterLinkIdFor(clusterId: string, linkName: string, generation: number): string {
  return digest('cluster-link-id', clusterId, linkName, generation).subarray(0, 16).toString('base64url');
}

function uuidFor(clusterId: string, linkName: string, generation: number): string {
  const hex = digest('link-id', clusterId, linkName, generation).subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Builds a link from what the caller said, filling in the rest. */
export function createSimulatedLink(clusterId: string, init: LinkInit, generation = 0): SimulatedLink {
  return {
    linkName: init.linkName,
    generation,
    clusterLinkId: clusterLinkIdFor(clusterId, init.linkName, generation),
    linkId: uuidFor(clusterId, init.linkName, generation),
    linkState: init.linkState === undefined ? 'ACTIVE' : init.linkState,
    linkError: init.linkError ?? null,
    linkErrorMessage: init.linkErrorMessage ?? null,
    sourceClusterId:
      init.sourceClusterId ?? `lkc-src${digest('src', init.linkName).toString('hex').slice(0, 5)}`,
    topicNames:
      init.topicNames ??
      Array.from({ length: DEFAULT_TOPICS_PER_LINK }, (_, n) => `${init.linkName}.topic-${n}`),
    ...(init.mirrorTopics !== undefined && { mirrorTopics: init.mirrorTopics }),
    ...(init.tasks !== undefined && { tasks: init.tasks }),
    ...(init.configs !== undefined && { configs: init.configs }),
  };
}

/** Applies a patch; a state back to ACTIVE without an explicit error clears the error too. */
export function patchSimulatedLink(link: SimulatedLink, patch: LinkPatch): SimulatedLink {
  const recovering = patch.linkState === 'ACTIVE' && patch.linkError === undefined;
  const linkError = patch.linkError !== undefined ? patch.linkError : recovering ? null : link.linkError;
  const linkErrorMessage =
    patch.linkErrorMessage !== undefined
      ? patch.linkErrorMessage
      : linkError === null
        ? null
        : link.linkErrorMessage;
  return {
    ...link,
    linkState: patch.linkState !== undefined ? patch.linkState : link.linkState,
    linkError,
    linkErrorMessage,
    topicNames: patch.topicNames ?? link.topicNames,
    sourceClusterId: patch.sourceClusterId ?? link.sourceClusterId,
    ...((link.mirrorTopics !== undefined || patch.mirrorTopics !== undefined) && {
      mirrorTopics: mergeMirrorTopics(link.mirrorTopics ?? {}, patch.mirrorTopics ?? {}),
    }),
    ...((link.tasks !== undefined || patch.tasks !== undefined) && {
      tasks: { ...link.tasks, ...patch.tasks },
    }),
    ...((link.configs !== undefined || patch.configs !== undefined) && {
      configs: mergeConfigs(link.configs ?? {}, patch.configs ?? {}),
    }),
  };
}

/** Field by field, so that a step can change one rate and keep the rest of what earlier ones set. */
function mergeMirrorTopics(
  topics: Readonly<Record<string, SimulatedMirrorTopic>>,
  patch: Readonly<Record<string, SimulatedMirrorTopic>>,
): Record<string, SimulatedMirrorTopic> {
  const merged: Record<string, SimulatedMirrorTopic> = { ...topics };
  for (const [name, change] of Object.entries(patch)) {
    const recovering = change.status === 'ACTIVE' && change.error === undefined;
    merged[name] = {
      ...merged[name],
      ...(recovering && { error: null, message: null, transitionError: null }),
      // A field given as undefined is a field not given, not one cleared.
      ...Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)),
    };
  }
  return merged;
}

function mergeConfigs(
  configs: Readonly<Record<string, string>>,
  patch: Readonly<Record<string, string | null>>,
): Record<string, string> {
  const merged: Record<string, string> = { ...configs };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/**
 * Same name, next generation: new `cluster_link_id` and `link_id`, condition back to healthy;
 * created with the same topics, source and configs.
 */
export function recreateSimulatedLink(clusterId: string, link: SimulatedLink): SimulatedLink {
  return createSimulatedLink(
    clusterId,
    {
      linkName: link.linkName,
      topicNames: link.topicNames,
      sourceClusterId: link.sourceClusterId,
      ...(link.configs !== undefined && { configs: link.configs }),
    },
    link.generation + 1,
  );
}

/**
 * `count` links named `{prefix}-0000`... all ACTIVE, each with `topicsPerLink` mirror topics
 * (the default 3 when absent). The benchmark uses up to 1000 per cluster, and 50 topics each.
 */
export function generateLinks(
  clusterId: string,
  count: number,
  prefix = 'link',
  topicsPerLink?: number,
): SimulatedLink[] {
  const width = Math.max(4, String(count - 1).length);
  return Array.from({ length: count }, (_, n) => {
    const linkName = `${prefix}-${String(n).padStart(width, '0')}`;
    return createSimulatedLink(clusterId, {
      linkName,
      ...(topicsPerLink !== undefined && {
        topicNames: Array.from({ length: topicsPerLink }, (_, t) => `${linkName}.topic-${t}`),
      }),
    });
  });
}

/**
 * One `data[]` item of the links listing, exactly as the spec shapes it.
 *
 * @param baseUrl - `http://127.0.0.1:PORT`, for `metadata.self`
 */
export function toRestLink(clusterId: string, link: SimulatedLink, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'KafkaLinkData',
    metadata: {
      // A name may hold a lone surrogate (scenarios rehearse hostile servers); a URL cannot.
      self: `${baseUrl}/kafka/v3/clusters/${encodeURIComponent(clusterId)}/links/${encodeURIComponent(wellFormed(link.linkName))}`,
      resource_name: `crn:///kafka=${clusterId}/cluster-link=${link.linkName}`,
    },
    source_cluster_id: link.sourceClusterId,
    destination_cluster_id: clusterId,
    remote_cluster_id: link.sourceClusterId,
    link_name: link.linkName,
    link_id: link.linkId,
    cluster_link_id: link.clusterLinkId,
    topic_names: [...link.topicNames],
    link_state: link.linkState,
    link_error: link.linkError ?? 'NO_ERROR',
    link_error_message: link.linkErrorMessage,
    // The list call leaves tasks empty; details come only from the single-link call with include_tasks.
    tasks: [],
    category_counts: categoryCounts(link),
  };
}
