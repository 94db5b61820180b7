/**
 * The parts of a link that can fail while the link itself says ACTIVE: its mirror topics and
 * its tasks. How bad each state is, which ones are worth keeping, and when the link's own
 * condition already says everything (inhibition). Pure.
 */
import type { EventPart } from './change-events.js';
import type { CategoryCount, ClusterLink, LinkTask, MirrorTopicState, Severity } from './link-model.js';
import { conditionSeverity } from './link-model.js';

/** Mirror topic states Confluent documents today; the monitor keeps any other string as sent. */
export const KNOWN_MIRROR_STATUSES = [
  'ACTIVE',
  'FAILED',
  'LINK_FAILED',
  'LINK_PAUSED',
  'PAUSED',
  'PENDING_STOPPED',
  'SOURCE_UNAVAILABLE',
  'STOPPED',
  'PENDING_MIRROR',
  'PENDING_SYNCHRONIZE',
  'PENDING_SETUP_FOR_RESTORE',
  'PENDING_RESTORE',
] as const;

/** Task states Confluent documents today; also extensible. */
export const KNOWN_TASK_STATES = [
  'UNKNOWN',
  'ACTIVE',
  'IN_ERROR',
  'NOT_CONFIGURED',
  'LINK_FAILED',
  'LINK_UNAVAILABLE',
  'LINK_PAUSED',
] as const;

/** Most mirror topics kept per link: enough to name them, bounded so a snapshot stays small. */
export const MAX_KEPT_MIRROR_TOPICS = 100;
/** Most tasks kept per link (Confluent has four kinds today). */
export const MAX_KEPT_TASKS = 20;
/** Most state-transition errors kept per mirror topic. */
export const MAX_TRANSITION_ERRORS = 5;

/** States that only echo the link's own condition: the link's message says it once for all. */
const INHERITED_TOPIC_STATES: ReadonlySet<string> = new Set(['LINK_FAILED', 'LINK_PAUSED']);
const INHERITED_TASK_STATES: ReadonlySet<string> = new Set([
  'LINK_FAILED',
  'LINK_UNAVAILABLE',
  'LINK_PAUSED',
]);
/** Topics on their way to ACTIVE (creation, restore): expected, not news. */
const TRANSIENT_TOPIC_STATES: ReadonlySet<string> = new Set([
  'PENDING_MIRROR',
  'PENDING_SYNCHRONIZE',
  'PENDING_SETUP_FOR_RESTORE',
  'PENDING_RESTORE',
]);
/** Ends of mirroring that someone chose (promote, failover): recorded, not alarming. */
const DELIBERATE_TOPIC_STATES: ReadonlySet<string> = new Set(['STOPPED', 'PENDING_STOPPED']);

/**
 * How bad a mirror topic's condition is: critical when it has an error or is FAILED or its source
 * is unavailable (no data flows), warning when PAUSED or in a state not known yet, info when
 * stopped on purpose, null when healthy, on its way to ACTIVE, or only echoing its link.
 */
export function topicSeverity(topic: Pick<MirrorTopicState, 'status' | 'error'>): Severity | null {
  if (topic.error !== null) return 'critical';
  if (topic.status === 'ACTIVE') return null;
  if (INHERITED_TOPIC_STATES.has(topic.status) || TRANSIENT_TOPIC_STATES.has(topic.status)) return null;
  if (topic.status === 'FAILED' || topic.status === 'SOURCE_UNAVAILABLE') return 'critical';
  if (DELIBERATE_TOPIC_STATES.has(topic.status)) return 'info';
  return 'warning';
}

/**
 * How bad a task's condition is. A task in error does not stop data from flowing (ACLs, offsets
 * or configs stop following the source), so it warns rather than pages; null when healthy, not
 * configured, or only echoing its link.
 */
export function taskSeverity(task: Pick<LinkTask, 'state' | 'errors'>): 'warning' | null {
  if (task.state === 'ACTIVE' || task.state === 'NOT_CONFIGURED')
    return task.errors.length > 0 ? 'warning' : null;
  if (INHERITED_TASK_STATES.has(task.state)) return null;
  return 'warning';
}

/** Kept in the snapshot: a topic whose condition is news when it begins or ends. */
export function isTopicWorthKeeping(topic: MirrorTopicState): boolean {
  return topicSeverity(topic) !== null;
}

export function isTaskWorthKeeping(task: LinkTask): boolean {
  return taskSeverity(task) !== null;
}

/** The topics to keep from a complete read of a link's mirrors, in name order, bounded. */
export function keptTopics(topics: readonly MirrorTopicState[]): MirrorTopicState[] {
  return topics
    .filter(isTopicWorthKeeping)
    .sort((a, b) => byCodePoint(a.topicName, b.topicName))
    .slice(0, MAX_KEPT_MIRROR_TOPICS)
    .map((t) => ({ ...t, transitionErrors: t.transitionErrors.slice(0, MAX_TRANSITION_ERRORS) }));
}

/** The tasks to keep from a read of a link's tasks, in name order, bounded. */
export function keptTasks(tasks: readonly LinkTask[]): LinkTask[] {
  return tasks
    .filter(isTaskWorthKeeping)
    .sort((a, b) => byCodePoint(a.taskName, b.taskName))
    .slice(0, MAX_KEPT_TASKS);
}

/**
 * True when the link's own condition (FAILED, UNAVAILABLE, PAUSED, an error) is the news: its
 * topics and tasks then only echo it, so they are neither read nor notified one by one.
 */
export function linkConditionSpeaksForParts(link: Pick<ClusterLink, 'linkState' | 'linkError'>): boolean {
  return conditionSeverity(link) !== null;
}

/** A recorded mirror topic or task whose condition is a problem (critical or warning). */
export interface UnhealthyPart {
  readonly part: EventPart;
  readonly severity: 'critical' | 'warning';
}

/**
 * The link's recorded mirror topics and tasks that are a problem, worst first, topics before
 * tasks, then by name. Topics stopped on purpose (info) are not a problem to remind of.
 */
export function unhealthyParts(link: Pick<ClusterLink, 'mirrorTopics' | 'tasks'>): UnhealthyPart[] {
  const parts: UnhealthyPart[] = [];
  for (const topic of link.mirrorTopics ?? []) {
    const severity = topicSeverity(topic);
    if (severity === 'critical' || severity === 'warning')
      parts.push({
        severity,
        part: {
          kind: 'mirror-topic',
          name: topic.topicName,
          state: topic.status,
          errorCode: topic.error,
          errorMessage: topic.transitionErrors[0]?.errorMessage ?? null,
          stateSince: topic.stateTimeMs === null ? null : isoOrNull(topic.stateTimeMs),
        },
      });
  }
  for (const task of link.tasks) {
    const severity = taskSeverity(task);
    const error = firstTaskError(task);
    if (severity !== null)
      parts.push({
        severity,
        part: {
          kind: 'task',
          name: task.taskName,
          state: task.state,
          errorCode: error?.code ?? null,
          errorMessage: error?.message ?? null,
          stateSince: null,
        },
      });
  }
  const rank = (p: UnhealthyPart): number => (p.severity === 'critical' ? 0 : 1);
  const kind = (p: UnhealthyPart): number => (p.part.kind === 'mirror-topic' ? 0 : 1);
  return parts.sort(
    (a, b) => rank(a) - rank(b) || kind(a) - kind(b) || byCodePoint(a.part.name, b.part.name),
  );
}

/**
 * True when the listing's counts show topics in error, paused or pending, or a category not known yet:
 * any category with topics in it but ACTIVE and NOT_APPLICABLE.
 */
export function countsNeedAttention(counts: readonly CategoryCount[]): boolean {
  return counts.some(
    (c) => c.count > 0 && c.stateCategory !== 'ACTIVE' && c.stateCategory !== 'NOT_APPLICABLE',
  );
}

/** `ACTIVE 48, IN_ERROR 2`: the counts as one comparable, readable text; `none` when empty. */
export function countsText(counts: readonly CategoryCount[]): string {
  const shown = counts.filter((c) => c.count > 0);
  if (shown.length === 0) return 'none';
  return [...shown]
    .sort((a, b) => byCodePoint(a.stateCategory, b.stateCategory))
    .map((c) => `${c.stateCategory} ${c.count}`)
    .join(', ');
}

export function sameCounts(a: readonly CategoryCount[], b: readonly CategoryCount[]): boolean {
  return countsText(a) === countsText(b);
}

/** The error a task reports first, its code and message; null when none. */
export function firstTaskError(task: Pick<LinkTask, 'errors'>): { code: string; message: string } | null {
  const first = task.errors[0];
  return first === undefined ? null : { code: first.errorCode, message: first.errorMessage };
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `state_time_ms` as ISO time; null when it is no time at all. */
export function isoOrNull(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
