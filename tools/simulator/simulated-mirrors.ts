/**
 * The simulator's mirror topics and tasks of one link, and how they appear on the wire
 * (`spec/link-detail-and-mirrors.openapi.yaml`). Pure. Topics are the link's `topicNames`; each is
 * ACTIVE and caught up unless the link says otherwise; where its partitions stand at the time of a
 * read comes from `mirror-offsets.ts`. A FAILED or PAUSED link shows its topics as LINK_FAILED or
 * LINK_PAUSED and its tasks as LINK_*, as Confluent does. A task whose sync a link config switches
 * off is NOT_CONFIGURED unless scripted otherwise.
 */
import { isSwitchedOn, syncOfTask } from '../../core/model/link-syncs.js';
import type { TopicReading } from './mirror-offsets.js';
import type { SimulatedLink } from './simulated-link.js';
import { linkConfigValue } from './simulated-link-configs.js';

/** A Confluent error as a scenario scripts it: a code and its message. */
export interface ScriptedError<Code extends string | number> {
  readonly code: Code;
  readonly message: string;
}

/** What differs from a healthy, caught-up mirror topic. */
export interface SimulatedMirrorTopic {
  /** @default 'ACTIVE' */
  readonly status?: string;
  /** `mirror_topic_error`. @default null (sent as NO_ERROR) */
  readonly error?: string | null;
  /** First state-transition error's message (returned when described). @default none */
  readonly message?: string | null;
  /**
   * Messages behind on partition 0 from the moment it is set; the rates move it from there.
   * @default 0
   */
  readonly lag?: number;
  /** Messages per second produced to each partition of the source topic. @default 10 */
  readonly produceRate?: number;
  /** Messages per second the link fetches per partition; 0 is a stall. @default `produceRate` */
  readonly fetchRate?: number;
  /**
   * The state-transition error a describe call returns (`include_state_transition_errors=true`),
   * e.g. why a PENDING_STOPPED topic does not stop; null clears it. @default none
   */
  readonly transitionError?: ScriptedError<string> | null;
  /** What a failover or promote dry run answers for this topic; null clears it. @default none */
  readonly dryRunError?: ScriptedError<number> | null;
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

/** The link's condition its topics and tasks echo, if any. */
export function linkWideCondition(link: SimulatedLink): 'FAILED' | 'PAUSED' | null {
  if (link.linkState === 'PAUSED') return 'PAUSED';
  if (link.linkState === 'ACTIVE' && link.linkError === null) return null;
  if (link.linkState === null) return null;
  return 'FAILED';
}

/** A topic's status as the server reports it, after the link's own condition. */
export function topicStatus(link: SimulatedLink, topicName: string): string {
  const wide = linkWideCondition(link);
  if (wide === 'FAILED') return 'LINK_FAILED';
  if (wide === 'PAUSED') return 'LINK_PAUSED';
  return link.mirrorTopics?.[topicName]?.status ?? 'ACTIVE';
}

function topicErrorOf(link: SimulatedLink, topicName: string): string | null {
  return linkWideCondition(link) === null ? (link.mirrorTopics?.[topicName]?.error ?? null) : null;
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

/**
 * One `KafkaMirrorData`; transition errors only when asked for, as the describe call does.
 *
 * @param reading - where its partitions stand at the time of the read (`readTopic`)
 */
export function toRestMirrorTopic(
  clusterId: string,
  link: SimulatedLink,
  topicName: string,
  baseUrl: string,
  withTransitionErrors: boolean,
  reading: TopicReading,
): Record<string, unknown> {
  const status = topicStatus(link, topicName);
  const error = topicErrorOf(link, topicName);
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
    num_partitions: reading.mirrorLags.length,
    mirror_lags: reading.mirrorLags.map((p) => ({ ...p })),
    mirror_status: status,
    mirror_topic_error: error ?? 'NO_ERROR',
    state_time_ms: reading.stateTimeMs,
    ...(withTransitionErrors && { mirror_state_transition_errors: transitionErrors(link, topicName) }),
  };
}

/** A topic's own transition errors; a link-wide condition speaks for its topics instead. */
function transitionErrors(link: SimulatedLink, topicName: string): Record<string, string>[] {
  const sim = link.mirrorTopics?.[topicName];
  if (sim === undefined || linkWideCondition(link) !== null) return [];
  if (sim.transitionError != null)
    return [{ error_code: sim.transitionError.code, error_message: sim.transitionError.message }];
  return sim.message != null
    ? [{ error_code: topicErrorOf(link, topicName) ?? 'UNKNOWN', error_message: sim.message }]
    : [];
}

/** A task's state when not scripted: a sync switched off by its link config is NOT_CONFIGURED. */
function unscriptedTaskState(link: SimulatedLink, taskName: string): string {
  const enableConfig = syncOfTask(taskName)?.enableConfig ?? null;
  if (enableConfig === null) return 'ACTIVE';
  return isSwitchedOn(linkConfigValue(link, enableConfig)) ? 'ACTIVE' : 'NOT_CONFIGURED';
}

/** The link's tasks as `include_tasks=true` returns them. */
export function restTasks(link: SimulatedLink): Record<string, unknown>[] {
  const wide =
    link.linkState === 'UNAVAILABLE'
      ? 'LINK_UNAVAILABLE'
      : linkWideCondition(link) === 'FAILED'
        ? 'LINK_FAILED'
        : linkWideCondition(link) === 'PAUSED'
          ? 'LINK_PAUSED'
          : null;
  return DEFAULT_TASK_NAMES.map((taskName) => {
    const task = link.tasks?.[taskName];
    const error = wide === null ? (task?.error ?? null) : null;
    return {
      task_name: taskName,
      state: wide ?? task?.state ?? unscriptedTaskState(link, taskName),
      errors: error === null ? [] : [{ error_code: error, error_message: task?.message ?? '' }],
    };
  });
}
