/**
 * What a link owes the people who hear of it beyond its changes: the end of every problem they
 * heard begin, even under a silence that began later; a reminder while it stays unhealthy; and
 * one notice when the silence or maintenance window that hid it ends while it is still
 * unhealthy. Pure.
 *
 * Who heard what is the snapshot's `announced`: the link's problems (its own condition, `link`,
 * and each part problem by its key, `partProblemKey`: a mirror topic's state, lag, stall, time
 * behind target or stuck transition, a task's state or broken sync, a sync switched off by its
 * config) whose start was notified and whose end not yet; and `parts` while part problems heard
 * of only in a summary (PART_CHANGES_SUMMARISED, `summarise-parts.ts`) may still be going on.
 */
import { problemSeverity } from '../control/problem-severity.js';
import { silenceAfter, silenceFor, subjectOf } from '../control/silence.js';
import { type EventPart, type EventType, type HistoryEvent, partProblemKey } from '../model/change-events.js';
import { conditionSeverity, type Severity } from '../model/link-model.js';
import { openPartProblems, type PartProblemSources, remindedPart } from '../model/part-problems.js';
import { mostSevere } from '../notify/plan-notifications.js';
import type { LinkSnapshot } from '../ports.js';
import { eventId, historyEvent, type RecordContext } from './record-context.js';

/** Opens the `detail` of the notice sent when a silence ends on a still unhealthy link. */
export const SILENCE_ENDED = 'was silenced by';

/** The scope of the link's own condition in `announced`. */
const LINK_SCOPE = 'link';

/**
 * The scope of the part problems a summary told of, all as one: which of them were heard is not
 * kept (a summary names only the first), so the end of any part problem counts as heard while it
 * is announced. Not a part's scope: those all start with the part's kind and a colon.
 */
export const SUMMARISED_PARTS_SCOPE = 'parts';

const LINK_SCOPED: ReadonlySet<EventType> = new Set([
  'LINK_ADDED',
  'LINK_STATE_CHANGED',
  'LINK_ERROR_CHANGED',
  'LINK_STILL_UNHEALTHY',
]);

/**
 * The problem an event begins, ends or reminds of: `link` for the link's own condition, the
 * part's problem key for a part (`mirror-topic:NAME`, `mirror-topic:NAME:stall`, `task:NAME:sync`,
 * `config:NAME:config`...; for a reminder, that of the problem its part names), `parts` for a
 * summary of parts; null for news that is no problem's (topics added, a reworded message,
 * counts). A part event of severity info (a config changed without switching a sync off or on)
 * names its scope but neither opens nor ends it.
 */
export function problemScope(event: Pick<HistoryEvent, 'type' | 'part'>): string | null {
  if (event.part !== undefined) return partProblemKey(event.part, event.type);
  if (event.type === 'PART_CHANGES_SUMMARISED') return SUMMARISED_PARTS_SCOPE;
  return LINK_SCOPED.has(event.type) ? LINK_SCOPE : null;
}

/** True when the start of the link's own condition was told and its end not yet. */
export function heardOwnCondition(announced: readonly string[]): boolean {
  return announced.includes(LINK_SCOPE);
}

/** True for the scope of one mirror topic, lag breach or task. */
export function isPartScope(scope: string): boolean {
  return scope !== LINK_SCOPE && scope !== SUMMARISED_PARTS_SCOPE;
}

/**
 * What is heard after these events: a notified problem is, a notified end no longer is. A summary
 * of ends may leave other summarised problems going on: `parts` is settled apart
 * (`withoutSettledSummary`).
 */
export function announcedAfter(before: readonly string[], events: readonly HistoryEvent[]): string[] {
  const heard = new Set(before);
  for (const event of events) {
    const scope = problemScope(event);
    if (event.notification !== 'PENDING' || scope === null) continue;
    if (event.severity === 'critical' || event.severity === 'warning') heard.add(scope);
    else if (event.severity === 'resolved' && scope !== SUMMARISED_PARTS_SCOPE) heard.delete(scope);
  }
  return [...heard].sort();
}

/**
 * `announced` without `parts` once the link has no part problem left that a summary may have
 * told of: each of its part problems going on (`openPartProblems`: unhealthy mirror topics and
 * tasks, notified lag breaches, stalls and times behind target, stuck transitions, broken syncs, syncs switched off)
 * is then announced on its own (or there are none).
 */
export function withoutSettledSummary(announced: readonly string[], link: PartProblemSources): string[] {
  if (!announced.includes(SUMMARISED_PARTS_SCOPE)) return [...announced];
  const going = openPartProblems(link).map(({ part, type }) => partProblemKey(part, type));
  const settled = going.every((scope) => announced.includes(scope));
  return settled ? announced.filter((scope) => scope !== SUMMARISED_PARTS_SCOPE) : [...announced];
}

/**
 * What is heard once damped condition events that held are promoted: the condition they lead
 * to, or, when it is healthy, that the link's problem ended.
 */
export function announcedAfterPromotion(
  before: readonly string[],
  link: LinkSnapshot['link'],
  promoted: number,
): string[] {
  if (promoted === 0) return [...before];
  const heard = new Set(before);
  if (conditionSeverity(link) === null) heard.delete(LINK_SCOPE);
  else heard.add(LINK_SCOPE);
  return [...heard].sort();
}

/** The snapshot with `announced` set, or without it when nothing is heard (as it is written). */
export function withAnnounced(snapshot: LinkSnapshot, announced: readonly string[]): LinkSnapshot {
  const { announced: _before, ...rest } = snapshot;
  return announced.length === 0 ? rest : { ...rest, announced };
}

/**
 * The silence that keeps an event quiet, or null. The end of a problem whose start was
 * notified is never silenced, nor is the removal of a link with such a problem: whoever heard it
 * begin hears it end, even under a silence or window that began later. The end of a problem
 * that was never heard (it began under `priorSilence`) stays quiet with it.
 */
export function silencing(
  event: HistoryEvent,
  priorSilence: string | null,
  announced: readonly string[],
  context: RecordContext,
): string | null {
  if (endsHeardProblem(event, announced)) return null;
  if (event.severity === 'resolved' && priorSilence !== null) return priorSilence;
  return silenceFor(subjectOf(event), context.silences ?? [], context.now)?.id ?? null;
}

function endsHeardProblem(event: HistoryEvent, announced: readonly string[]): boolean {
  if (event.type === 'LINK_REMOVED') return announced.length > 0;
  const scope = problemScope(event);
  if (scope === null || !(event.severity === 'resolved' || leavesCritical(event))) return false;
  // A part problem told of in a summary may be this one: its end is told too.
  return (
    announced.includes(scope) || (event.part !== undefined && announced.includes(SUMMARISED_PARTS_SCOPE))
  );
}

/**
 * A change from a critical condition to a milder one (FAILED -> PAUSED): to whoever hears only
 * critical problems (a `minSeverity: critical` PagerDuty key), the end of the one they heard.
 * Silenced, it would never reach them: the milder condition's notices and recovery are warnings.
 */
function leavesCritical(event: HistoryEvent): boolean {
  return event.severity === 'warning' && problemSeverity(event) === 'critical';
}

/** A notice due at this poll, with the snapshot as it leaves the link. */
export interface DueNotice {
  readonly events: readonly HistoryEvent[];
  readonly next: LinkSnapshot;
}

/**
 * For a link whose condition did not change this poll and that holds no damped change: a
 * reminder when it (or, while it is healthy, some of its parts: `openPartProblems`) has been
 * unhealthy for another interval; or, when the silence that hid it has ended and it is still
 * unhealthy, one notice that says so and by which silence. What else changed on the link this
 * poll (a message reworded every poll, a topic) never puts these off. Null when nothing is due.
 * A healthy link's notice carries its worst part problem, which names its problem key.
 *
 * @param state - the snapshot as this poll leaves it before any notice, its version counted
 * @param index - the index of the notice among the poll's events of the link
 */
export function dueNotice(state: LinkSnapshot, context: RecordContext, index: number): DueNotice | null {
  const problem = problemOf(state);
  if (problem === null) return null;
  const prior = state.silencedBy ?? null;
  if (prior !== null) return silenceEnd(state, context, problem, prior, index);
  return reminder(state, context, problem, index);
}

interface Problem {
  readonly severity: Severity;
  readonly since: string | null;
  readonly part?: EventPart;
}

/**
 * What the link's notices tell of: its own condition, which speaks for its parts; while it is
 * healthy, its part problems, named by the worst. Null when it has no problem.
 */
function problemOf(state: LinkSnapshot): Problem | null {
  const condition = conditionSeverity(state.link);
  if (condition !== null) return { severity: condition, since: state.unhealthySince };
  const parts = openPartProblems(state.link);
  const worst = parts[0];
  if (worst === undefined) return null;
  return {
    severity: mostSevere(parts.map((p) => p.severity)),
    since: state.partsUnhealthySince ?? null,
    part: remindedPart(worst),
  };
}

function reminder(
  state: LinkSnapshot,
  context: RecordContext,
  problem: Problem,
  index: number,
): DueNotice | null {
  const interval = context.settings.reminderIntervalMs;
  if (interval <= 0 || problem.since === null) return null;
  // A change of condition while unhealthy was itself an alert (and reset `lastRemindedAt`):
  // the next reminder is an interval after it, not after the link first became unhealthy.
  const lastAlert = Math.max(
    Date.parse(problem.since),
    problem.part === undefined ? Date.parse(state.stateSince) : 0,
    Date.parse(state.lastRemindedAt ?? '1970-01-01T00:00:00Z'),
  );
  if (context.now.getTime() - lastAlert < interval) return null;
  const notice = stillUnhealthy(state, context, problem, null, index);
  // A silence added while the link was already unhealthy keeps its reminders quiet, and its end speaks.
  const silence = silenceFor(subjectOf(notice), context.silences ?? [], context.now)?.id ?? null;
  const observedAt = context.now.toISOString();
  return silence === null
    ? { events: [notice], next: { ...state, lastRemindedAt: observedAt } }
    : {
        events: [{ ...notice, notification: 'NOT_NOTIFIED', silencedBy: silence }],
        next: { ...state, lastRemindedAt: observedAt, silencedBy: silence },
      };
}

/**
 * A link whose problem a silence hid: nothing while a silence still covers it (another that
 * took over is remembered, so that its end is the one that speaks); once none does, the notice.
 */
function silenceEnd(
  state: LinkSnapshot,
  context: RecordContext,
  problem: Problem,
  prior: string,
  index: number,
): DueNotice | null {
  const subject = {
    clusterId: context.clusterId,
    clusterLabel: context.clusterLabel,
    linkName: state.link.linkName,
    type: 'LINK_STILL_UNHEALTHY' as const,
    severity: problem.severity,
  };
  const after = silenceAfter(prior, subject, context.silences ?? [], context.now, context.silencesKnown);
  const { silencedBy: _ended, ...unsilenced } = state;
  if (after.kind === 'kept')
    return after.id === prior ? null : { events: [], next: { ...unsilenced, silencedBy: after.id } };
  const notice = stillUnhealthy(state, context, problem, `${SILENCE_ENDED} ${prior}`, index);
  return { events: [notice], next: { ...unsilenced, lastRemindedAt: context.now.toISOString() } };
}

/** A `LINK_STILL_UNHEALTHY` event of this poll for the link (a reminder or a silence's end). */
function stillUnhealthy(
  state: LinkSnapshot,
  context: RecordContext,
  problem: Problem,
  detail: string | null,
  index: number,
): HistoryEvent {
  const observedAt = context.now.toISOString();
  return historyEvent(context, {
    eventId: eventId(context.clusterId, state.link.linkName, observedAt, state.version, index),
    linkName: state.link.linkName,
    link: state.link,
    type: 'LINK_STILL_UNHEALTHY',
    severity: problem.severity,
    from: null,
    to: state.link.linkState,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: problem.since,
    detail,
    notification: 'PENDING',
    ...(problem.part !== undefined && { part: problem.part }),
  });
}
