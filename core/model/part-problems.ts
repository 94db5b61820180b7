/**
 * The problems of a link's parts that are going on, as its record holds them: each mirror topic's
 * or task's unhealthy state, and each problem of its own beside it (a notified lag breach, stall
 * or time behind target, a stuck transition, a broken sync), and each sync its config switched
 * off. What reminders, the end of a silence and the record of who heard what all count from. Pure.
 */
import { EVENT_TYPES, type EventPart, type EventType, PART_CONDITION_SUFFIX } from './change-events.js';
import type { ClusterLink, LinkConfigsRecord } from './link-model.js';
import { isoOrNull, unhealthyParts } from './link-parts.js';
import { syncOfConfig } from './link-syncs.js';

/** One problem of a part that is going on. */
export interface PartProblem {
  readonly part: EventPart;
  readonly severity: 'critical' | 'warning';
  /**
   * The event type that opens and ends it: MIRROR_TOPIC_STATE_CHANGED or TASK_STATE_CHANGED for
   * the part's state, else the problem's own (MIRROR_LAG_HIGH, MIRROR_TOPIC_STALLED...,
   * LINK_CONFIG_CHANGED for a sync switched off). Its key
   * is `partProblemKey(part, type)`.
   */
  readonly type: EventType;
}

/** What a link's record must hold for its part problems to be listed. */
export type PartProblemSources = Pick<
  ClusterLink,
  'mirrorTopics' | 'tasks' | 'laggingTopics' | 'topicProgress' | 'stuckTopics' | 'brokenSyncs' | 'configs'
>;

/**
 * The severity each problem of its own opens with (docs/alerts.md): the same as its event's,
 * decided where the event is raised (`core/observe`).
 */
const OWN_PROBLEM_SEVERITY = {
  MIRROR_LAG_HIGH: 'warning',
  MIRROR_TOPIC_STALLED: 'critical',
  MIRROR_BEHIND_TARGET: 'warning',
  MIRROR_TRANSITION_STUCK: 'critical',
  LINK_SYNC_BROKEN: 'warning',
  LINK_CONFIG_CHANGED: 'warning',
} as const satisfies Partial<Record<EventType, 'critical' | 'warning'>>;

type OwnProblemType = keyof typeof OWN_PROBLEM_SEVERITY;

/** A mirror topic's part for a problem that says in `state` what it is. */
function topicPart(name: string, state: string): EventPart {
  return { kind: 'mirror-topic', name, state, errorCode: null, errorMessage: null, stateSince: null };
}

/**
 * A sync switched off, as its LINK_CONFIG_CHANGED warning named it: the config's value as recorded
 * (none when sensitive or not read) and what a failover loses without the sync.
 */
function configPart(configs: LinkConfigsRecord, name: string): EventPart {
  const recorded = configs.values.find((config) => config.name === name);
  return {
    kind: 'config',
    name,
    state: recorded === undefined || recorded.sensitive ? null : recorded.value,
    errorCode: null,
    errorMessage: syncOfConfig(name)?.loss ?? null,
    stateSince: null,
  };
}

function ownProblem(type: OwnProblemType, part: EventPart): PartProblem {
  return { part, severity: OWN_PROBLEM_SEVERITY[type], type };
}

/**
 * The link's part problems going on, worst first, then mirror topics, tasks and configs, by name,
 * and a part's state before its other problems (in the order of `EVENT_TYPES`): for a link with
 * only unhealthy states, the order of `unhealthyParts`. A part of a problem of its own reads after
 * "mirror topic orders still ...": `lagging`, `stalled`, `behind its target`; a stuck topic's is
 * its PENDING_* status, with when it began and its first state-transition error; a broken sync's is
 * its task's, with its first error and the config that switched the sync on; a sync switched off
 * is its config, with its value as last read.
 */
export function openPartProblems(link: PartProblemSources): PartProblem[] {
  const problems: PartProblem[] = unhealthyParts(link).map(({ part, severity }) => ({
    part,
    severity,
    type: part.kind === 'mirror-topic' ? 'MIRROR_TOPIC_STATE_CHANGED' : 'TASK_STATE_CHANGED',
  }));
  for (const breach of link.laggingTopics ?? [])
    if (breach.notified) problems.push(ownProblem('MIRROR_LAG_HIGH', topicPart(breach.topicName, 'lagging')));
  for (const progress of link.topicProgress ?? []) {
    if (progress.stallNotified)
      problems.push(ownProblem('MIRROR_TOPIC_STALLED', topicPart(progress.topicName, 'stalled')));
    if (progress.behindNotified)
      problems.push(ownProblem('MIRROR_BEHIND_TARGET', topicPart(progress.topicName, 'behind its target')));
  }
  for (const stuck of link.stuckTopics ?? []) {
    const first = stuck.transitionErrors[0];
    problems.push(
      ownProblem('MIRROR_TRANSITION_STUCK', {
        ...topicPart(stuck.topicName, stuck.status),
        errorCode: first?.errorCode ?? null,
        errorMessage: first === undefined || first.errorMessage === '' ? null : first.errorMessage,
        stateSince: isoOrNull(stuck.sinceMs),
      }),
    );
  }
  for (const sync of link.brokenSyncs ?? [])
    problems.push(
      ownProblem('LINK_SYNC_BROKEN', {
        kind: 'task',
        name: sync.taskName,
        state: sync.taskState,
        errorCode: sync.errorCode,
        errorMessage: sync.errorMessage,
        stateSince: null,
        ...(sync.config !== null && { syncConfig: sync.config }),
      }),
    );
  const configs = link.configs;
  if (configs !== undefined)
    for (const name of configs.switchedOff ?? [])
      problems.push(ownProblem('LINK_CONFIG_CHANGED', configPart(configs, name)));
  const rank = (p: PartProblem): number => (p.severity === 'critical' ? 0 : 1);
  const kind = (p: PartProblem): number => PART_KIND_ORDER[p.part.kind];
  return problems.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      kind(a) - kind(b) ||
      byCodePoint(a.part.name, b.part.name) ||
      EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type),
  );
}

/**
 * The part a reminder carries for a problem: a problem of its own beside the part's state names
 * its type (`problemType`), so that the reminder is keyed, told and hinted as that problem.
 */
export function remindedPart(problem: PartProblem): EventPart {
  return Object.hasOwn(PART_CONDITION_SUFFIX, problem.type)
    ? { ...problem.part, problemType: problem.type }
    : problem.part;
}

const PART_KIND_ORDER: Readonly<Record<EventPart['kind'], number>> = {
  'mirror-topic': 0,
  task: 1,
  config: 2,
};

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
