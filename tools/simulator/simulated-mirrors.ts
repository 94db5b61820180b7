/**
 * The simulator's mirror topics and tasks of one link, and how they appear on the wire
 * (`spec/link-detail-and-mirrors.openapi.yaml`). Pure. Topics are the link's `topicNames`; each is
 * ACTIVE with no lag unless the link says otherwise. A FAILED or PAUSED link shows its topics as
 * LINK_FAILED or LINK_PAUSED and its tasks as LINK_*, as Confluent does.
 */
import type { SimulatedLink } from './simulated-link.js';

/** What differs from a healthy, caught-up mirror topic. */
export interface SimulatedMirrorTopic {
  /** @default 'ACTIVE' */
  readonly status?: string;
  /** `mirror_topic_error`. @default null (sent as NO_ERROR) */
  readonly error?: string | null;
  /** First state-transition error's message (returned when described). @default none */
  readonly message?: string | null;
  /** Messages behind on partition 0. @default 0 */
  readonly lag?: number;
}

/** A task as the simulator holds it. */
export interface SimulatedTask {
  readonly state: string;
  readonly error?: string | null;
  readonly message?: string | null;
}

/** The tasks Confluent's CLI shows for a link. */
export const DEFAULT_TASK_NAMES = [
  'AclSync',
  'AutoCreateMirror',
  'ConsumerOffsetSync',
  'TopicConfigsSync',
] as const;

/** Fixed so that the same scenario always shows the same times. */
const STATE_TIME_MS = Date.parse('2025-06-01T00:00:00.000Z');
const PARTITIONS = 3;

function linkWide(link: SimulatedLink): 'FAILED' | 'PAUSED' | null {
  if (link.linkState === 'PAUSED') return 'PAUSED';
  if (link.linkState === 'ACTIVE' && link.linkError === null) return null;
  if (link.linkState === null) return null;
  return 'FAILED';
}

/** A topic's status as the server reports it, after the link's own condition. */
export function topicStatus(link: SimulatedLink, topicName: string): string {
  const wide = linkWide(link);
  if (wide === 'FAILED') return 'LINK_FAILED';
  if (wide === 'PAUSED') return 'LINK_PAUSED';
  return link.mirrorTopics?.[topicName]?.status ?? 'ACTIVE';
}

function topicErrorOf(link: SimulatedLink, topicName: string): string | null {
  return linkWide(link) === null ? (link.mirrorTopics?.[topicName]?.error ?? null) : null;
}

/** Confluent's state categories for a mirror topic status. */
function categoryOf(status: string, error: string | null): string {
  if (error !== null) return 'IN_ERROR';
  if (status === 'ACTIVE') return 'ACTIVE';
  if (status === 'PAUSED' || status === 'LINK_PAUSED') return 'PAUSED';
  if (status.startsWith('PENDING_') && status !== 'PENDING_STOPPED') return 'PENDING';
  if (status === 'STOPPED' || status === 'PENDING_STOPPED') return 'NOT_APPLICABLE';
  return 'IN_ERROR';
}

/** Mirror topics per state category, as the listing's `category_counts` reports them. */
export function categoryCounts(link: SimulatedLink): { state_category: string; count: number }[] {
  // A link whose state Confluent cannot tell cannot tell its topics' either.
  if (link.linkState === 'UNKNOWN' && link.topicNames.length > 0)
    return [{ state_category: 'PENDING', count: link.topicNames.length }];
  const counts = new Map<string, number>();
  for (const name of link.topicNames) {
    const category = categoryOf(topicStatus(link, name), topicErrorOf(link, name));
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([state_category, count]) => ({ state_category, count }));
}

/** One `KafkaMirrorData`; transition errors only when asked for, as the describe call does. */
export function toRestMirrorTopic(
  clusterId: string,
  link: SimulatedLink,
  topicName: string,
  baseUrl: string,
  withTransitionErrors: boolean,
): Record<string, unknown> {
  const sim = link.mirrorTopics?.[topicName];
  const status = topicStatus(link, topicName);
  const error = topicErrorOf(link, topicName);
  const lag = sim?.lag ?? 0;
  const self = `${baseUrl}/kafka/v3/clusters/${encodeURIComponent(clusterId)}/links/${encodeURIComponent(link.linkName)}/mirrors/${encodeURIComponent(topicName)}`;
  return {
    kind: 'KafkaMirrorData',
    metadata: {
      self,
      resource_name: `crn:///kafka=${clusterId}/cluster-link=${link.linkName}/topic=${topicName}`,
    },
    link_name: link.linkName,
    mirror_topic_name: topicName,
    source_topic_name: topicName,
    num_partitions: PARTITIONS,
    mirror_lags: Array.from({ length: PARTITIONS }, (_, partition) => ({
      partition,
      lag: partition === 0 ? lag : 0,
      last_source_fetch_offset: 1000 + partition,
    })),
    mirror_status: status,
    mirror_topic_error: error ?? 'NO_ERROR',
    state_time_ms: STATE_TIME_MS,
    ...(withTransitionErrors && {
      mirror_state_transition_errors:
        sim?.message != null && linkWide(link) === null
          ? [{ error_code: error ?? 'UNKNOWN', error_message: sim.message }]
          : [],
    }),
  };
}

/** The link's tasks as `include_tasks=true` returns them. */
export function restTasks(link: SimulatedLink): Record<string, unknown>[] {
  const wide =
    link.linkState === 'UNAVAILABLE'
      ? 'LINK_UNAVAILABLE'
      : linkWide(link) === 'FAILED'
        ? 'LINK_FAILED'
        : linkWide(link) === 'PAUSED'
          ? 'LINK_PAUSED'
          : null;
  return DEFAULT_TASK_NAMES.map((taskName) => {
    const task = link.tasks?.[taskName];
    const error = wide === null ? (task?.error ?? null) : null;
    return {
      task_name: taskName,
      state: wide ?? task?.state ?? 'ACTIVE',
      errors: error === null ? [] : [{ error_code: error, error_message: task?.message ?? '' }],
    };
  });
}
