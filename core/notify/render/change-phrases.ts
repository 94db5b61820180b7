/**
 * The words for each kind of event and for a link entry as a whole, shared by the subject, the
 * email, Slack and the JSON document so that all of them say the same thing.
 */
import {
  type EventPart,
  type HistoryEvent,
  type MirrorProgressFigures,
  topicChangeCounts,
} from '../../model/change-events.js';
import { conditionSeverity, type Severity } from '../../model/link-model.js';
import { syncOfConfig, syncOfTask } from '../../model/link-syncs.js';
import { openPartProblems, remindedPart } from '../../model/part-problems.js';
import { formatDuration, secondsBetween } from './durations.js';
import type { DocumentLink, DocumentReadiness } from './notification-document-schema.js';
import { shortenFreeText, truncate } from './plain-text.js';

/** How an absent `link_state` reads. */
export const STATE_NOT_REPORTED = 'not reported';
/** How "no error" reads: Confluent's own word for it. */
export const NO_ERROR = 'NO_ERROR';

export function stateText(state: string | null): string {
  return state ?? STATE_NOT_REPORTED;
}

export function errorText(error: string | null): string {
  return error ?? NO_ERROR;
}

/**
 * A state or error event of a link the monitor had no record of (a cluster's first listing, or
 * a link first seen already unhealthy): the link was seen in this condition for the first time,
 * it did not change into it. Such events have no previous value and no previous condition start.
 */
export function isFirstSighting(event: {
  readonly type: string;
  readonly from: string | null;
  readonly previousSince: string | null;
}): boolean {
  return (
    (event.type === 'LINK_STATE_CHANGED' || event.type === 'LINK_ERROR_CHANGED') &&
    event.from === null &&
    event.previousSince === null
  );
}

type PhraseEvent = Pick<
  HistoryEvent,
  | 'type'
  | 'severity'
  | 'from'
  | 'to'
  | 'topicsAdded'
  | 'topicsRemoved'
  | 'topicCounts'
  | 'previousSince'
  | 'observedAt'
  | 'link'
  | 'part'
> &
  Partial<Pick<HistoryEvent, 'detail'>>;

/**
 * ` (was silenced by s-123)` on the notice that a silence ended, else nothing. Only for a
 * reminder: other events use their detail in their own words.
 */
function silenceNote(reminder: PhraseEvent): string {
  return reminder.detail ? ` (${reminder.detail})` : '';
}

const PART_NOUNS: Readonly<Record<EventPart['kind'], string>> = {
  'mirror-topic': 'mirror topic',
  task: 'task',
  config: 'config',
};

/** How a part's kind reads: `mirror topic`, `task`, `config`. */
export function partNoun(kind: EventPart['kind']): string {
  return PART_NOUNS[kind];
}

/** `mirror topic orders`, `task AclSync` or `config acl.sync.enable`. */
function partName(event: PhraseEvent): string {
  const part = event.part;
  if (part === undefined) return 'part';
  return `${partNoun(part.kind)} ${part.name}`;
}

/** ` (SOURCE_TOPIC_MAY_BE_DELETED)` when the part reports an error. */
function partErrorSuffix(event: PhraseEvent): string {
  const code = event.part?.errorCode ?? null;
  return code === null ? '' : ` (${code})`;
}

/**
 * `ACTIVE -> FAILED`; a part not on record before was healthy, or not read yet, so its new
 * state is said alone.
 */
function partTransition(event: PhraseEvent, kind: EventPart['kind']): string {
  if (event.from === null) return partStateText(event.to, kind);
  return `${partStateText(event.from, kind)} -> ${partStateText(event.to, kind)}`;
}

/** `1,234,567`, the same on every machine. */
export function messageCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A lag event in a few words: `lagging 1,234,567 messages`, `lag back under 100,000`. */
function lagWords(event: PhraseEvent): string {
  const lag = event.part?.lag;
  if (lag === undefined) return 'no longer listed';
  if (event.severity === 'resolved') return `lag back under ${messageCount(lag.threshold)}`;
  return `lagging ${messageCount(lag.messagesBehind)} messages`;
}

/**
 * The worst partitions of a lag or progress event: `partition 3: 1,234,567; partition 0: 900,000`;
 * a progress read adds each one's fetch offset (`partition 3: 1,234,567 at fetch offset 88120`),
 * the figure a stall is judged by.
 */
export function worstPartitionsText(part: {
  readonly lag?: { readonly worstPartitions: readonly { partition: number; messagesBehind: number }[] };
  readonly progress?: {
    readonly worstPartitions: readonly { partition: number; messagesBehind: number; fetchOffset: number }[];
  };
}): string | null {
  const behind = (p: { partition: number; messagesBehind: number }) =>
    `partition ${p.partition}: ${messageCount(p.messagesBehind)}`;
  const texts = [
    ...(part.lag?.worstPartitions ?? []).map(behind),
    ...(part.progress?.worstPartitions ?? []).map((p) => `${behind(p)} at fetch offset ${p.fetchOffset}`),
  ];
  return texts.length === 0 ? null : texts.join('; ');
}

/**
 * What a part reports as its error, for the line under its change: `CODE: message`. None for a
 * config: its `errorMessage` is what switching a sync off loses, which its change already says.
 */
export function partErrorText(part: {
  readonly kind: EventPart['kind'];
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}): string | null {
  if (part.kind === 'config') return null;
  const text = [part.errorCode, part.errorMessage].filter((t) => t !== null).join(': ');
  return text === '' ? null : text;
}

/** A part's state, or what its absence means. */
function partStateText(state: string | null, kind: EventPart['kind'] | undefined): string {
  if (state !== null) return state;
  return kind === 'mirror-topic' ? 'not listed' : 'not reported';
}

/** Most parts a reminder names; the others are counted. */
export const MAX_NAMED_PARTS = 3;

/**
 * The part problems a reminder is about, worst first (`openPartProblems`: unhealthy mirror topics
 * and tasks, lag breaches, stalls, times behind target, stuck transitions, broken syncs, syncs switched off): none
 * when the link's own condition is the problem (its reminder speaks for its parts).
 */
export function remindedParts(event: PhraseEvent): EventPart[] {
  if (event.type !== 'LINK_STILL_UNHEALTHY' || event.part === undefined) return [];
  if (event.link !== null && conditionSeverity(event.link) !== null) return [];
  const parts = event.link === null ? [] : openPartProblems(event.link).map(remindedPart);
  return parts.length > 0 ? parts : [event.part];
}

/**
 * `mirror topic refunds FAILED (SOURCE_TOPIC_MAY_BE_DELETED)`, or `... refunds still FAILED (...)`;
 * a problem of its own beside the part's state in its words: `mirror topic orders still stalled`,
 * `mirror topic payments stuck in PENDING_STOPPED (...)`, `sync of ACLs broken (task AclSync IN_ERROR, ...)`,
 * or `sync of ACLs broken (task AclSync)` when the task's state is named beside it (`named`).
 */
function partCondition(part: EventPart, still: boolean, named: readonly EventPart[]): string {
  const stillWord = still ? 'still ' : '';
  const state = partStateText(part.state, part.kind);
  if (part.problemType === 'LINK_SYNC_BROKEN') {
    const sync = syncOfTask(part.name);
    const taskNamed = named.some(
      (p) => p.kind === 'task' && p.name === part.name && p.problemType === undefined,
    );
    const code = part.errorCode === null ? '' : `, ${part.errorCode}`;
    const task = taskNamed ? `task ${part.name}` : `task ${part.name} ${state}${code}`;
    return `${sync === undefined ? `sync of task ${part.name}` : `sync of ${sync.what}`} ${stillWord}broken (${task})`;
  }
  if (part.problemType === 'LINK_CONFIG_CHANGED') {
    // A sync switched off: what is off matters, not the raw value (which may be hidden).
    const sync = syncOfConfig(part.name);
    const value = part.state === null ? '' : ` ${part.state}`;
    return `${sync === undefined ? `config ${part.name}` : `sync of ${sync.what}`} ${stillWord}switched off (${part.name}${value})`;
  }
  const error = part.errorCode === null ? '' : ` (${part.errorCode})`;
  const how = part.problemType === 'MIRROR_TRANSITION_STUCK' ? `stuck in ${state}` : state;
  return `${partNoun(part.kind)} ${part.name} ${stillWord}${how}${error}`;
}

/** `3 mirror topics and 1 task`: the parts, each counted once however many problems it has. */
function partCounts(parts: readonly EventPart[]): string {
  return (Object.keys(PART_NOUNS) as EventPart['kind'][])
    .map((kind) => {
      const count = new Set(parts.filter((p) => p.kind === kind).map((p) => p.name)).size;
      return count > 0 ? `${count} ${partNoun(kind)}${count === 1 ? '' : 's'}` : null;
    })
    .filter((text) => text !== null)
    .join(' and ');
}

/** `still unhealthy: mirror topic a FAILED (X), task AclSync IN_ERROR (Y) and 2 more`. */
function partsReminderSentence(parts: readonly EventPart[]): string {
  const shown = parts.slice(0, MAX_NAMED_PARTS);
  const named = shown.map((part) => partCondition(part, false, shown)).join(', ');
  const more = parts.length - MAX_NAMED_PARTS;
  return `still unhealthy: ${named}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * Longest server text (a config value, a transition error) quoted inside a sentence: the lines
 * under a change and the document carry the whole of it.
 */
const QUOTED_TEXT_CHARS = 200;

/** Server text as a sentence may quote it: one line, without control characters, bounded. */
function quoted(text: string): string {
  return shortenFreeText(text, QUOTED_TEXT_CHARS).text;
}

/** `830 msg/s`, or `0.4 msg/s` for a rate too slow for whole numbers to tell apart. */
function rateText(rate: number): string {
  return `${rate < 10 ? rate.toFixed(1) : messageCount(Math.round(rate))} msg/s`;
}

/** `about 25m behind`, or null while the fetch rate that estimate needs is unknown. */
function timeBehindText(progress: MirrorProgressFigures): string | null {
  const behind = formatDuration(progress.secondsBehind ?? Number.NaN);
  return behind === null ? null : `about ${behind} behind`;
}

/** `its target of 5m`, or `its target` for a link whose target is unknown. */
function targetText(progress: MirrorProgressFigures): string {
  const target = formatDuration(progress.targetSeconds ?? Number.NaN);
  return target === null ? 'its target' : `its target of ${target}`;
}

/**
 * `worst partition 1,250,000 messages behind; lagging partitions fetching 830 msg/s over 1m`: what
 * an estimate rests on, each figure saying what it counts (the messages behind are the worst
 * partition's, the rate is that of all the lagging partitions together); a topic that fetched
 * nothing between the reads says so rather than a rate of zero.
 */
function progressFigures(progress: MirrorProgressFigures): string {
  const behind = `worst partition ${messageCount(progress.messagesBehind)} messages behind`;
  if (progress.fetchRate === null) return behind;
  const basis = formatDuration(progress.basisSeconds ?? Number.NaN);
  const over = basis === null ? '' : ` over ${basis}`;
  return progress.fetchRate === 0
    ? `${behind}; nothing fetched${over}`
    : `${behind}; lagging partitions fetching ${rateText(progress.fetchRate)}${over}`;
}

/** `fetch offsets unmoved over 3 reads` or `lag rising over 3 reads`: the rule that found a stall. */
function stallRuleText(progress: MirrorProgressFigures): string | null {
  const stall = progress.stall;
  if (stall === undefined) return null;
  const how = stall.rule === 'fetch-stopped' ? 'fetch offsets unmoved' : 'lag rising';
  return `${how} over ${stall.reads} ${stall.reads === 1 ? 'read' : 'reads'}`;
}

function stalledSentence(event: PhraseEvent): string {
  const progress = event.part?.progress;
  if (progress === undefined) return `${partName(event)}: no longer listed, progress no longer checked`;
  const figures = progressFigures(progress);
  if (event.severity === 'resolved') return `${partName(event)}: fetching again (${figures})`;
  const rule = stallRuleText(progress);
  return `${partName(event)}: stalled${rule === null ? '' : `, ${rule}`} (${figures})`;
}

function stalledWords(event: PhraseEvent): string {
  const progress = event.part?.progress;
  if (progress === undefined) return 'no longer listed';
  if (event.severity === 'resolved') return 'fetching again';
  return `stalled (${messageCount(progress.messagesBehind)} messages behind)`;
}

function behindSentence(event: PhraseEvent): string {
  const progress = event.part?.progress;
  if (progress === undefined) return `${partName(event)}: no longer listed, progress no longer checked`;
  const behind = timeBehindText(progress);
  const figures = progressFigures(progress);
  if (event.severity === 'resolved')
    return `${partName(event)}: back within ${targetText(progress)}${behind === null ? '' : `, ${behind}`} (${figures})`;
  return `${partName(event)}: ${behind ?? 'behind'}, over ${targetText(progress)} (${figures})`;
}

function behindWords(event: PhraseEvent): string {
  const progress = event.part?.progress;
  if (progress === undefined) return 'no longer listed';
  if (event.severity === 'resolved') return 'back within target';
  // Subjects are short: the target in brackets, as lag's threshold is.
  const target = formatDuration(progress.targetSeconds ?? Number.NaN);
  return `${timeBehindText(progress) ?? 'behind'}${target === null ? '' : ` (target ${target})`}`;
}

/**
 * What a mirror topic in a PENDING_* state is on its way through: a promote or failover stops
 * the mirror; the restore states belong to a reverse or a truncate-and-restore.
 */
const TRANSITION_BY_STATE: Readonly<Record<string, string>> = {
  PENDING_STOPPED: 'failover',
  PENDING_SETUP_FOR_RESTORE: 'restore',
  PENDING_RESTORE: 'restore',
  PENDING_MIRROR: 'mirror setup',
  PENDING_SYNCHRONIZE: 'synchronisation',
};

/** `stuck in PENDING_STOPPED for 12m`: how long the topic has held its state, when known. */
function stuckWords(event: PhraseEvent): string {
  const part = event.part;
  const took = formatDuration(secondsBetween(part?.stateSince ?? null, event.observedAt) ?? Number.NaN);
  return `stuck in ${partStateText(part?.state ?? null, 'mirror-topic')}${took === null ? '' : ` for ${took}`}`;
}

function stuckSentence(event: PhraseEvent): string {
  const part = event.part;
  if (event.severity === 'resolved') return `${partName(event)}: no longer stuck in a transition`;
  const state = part?.state ?? '';
  const transition = Object.hasOwn(TRANSITION_BY_STATE, state) ? TRANSITION_BY_STATE[state] : 'transition';
  // The error's code only, as for a topic's state: its message is on the line of the part's error
  // (and after the sentence in history), said once there.
  return `${transition} of ${partName(event)} ${stuckWords(event)}${partErrorSuffix(event)}`;
}

/** A config value as a sentence may show it; a sensitive config's value was never kept. */
function configValueText(value: string | null): string {
  return value === null ? '(not shown)' : quoted(value);
}

function configSentence(event: PhraseEvent): string {
  const name = partName(event);
  // A switch-off ended with no new value: the link is gone, or readiness is no longer checked.
  if (endsUnwatched(event)) return `${name}: no longer watched (link removed or readiness checks off)`;
  if (event.from === null && event.to === null) return `${name} changed (value not shown)`;
  const change = `${name} ${configValueText(event.from)} -> ${configValueText(event.to)}`;
  const sync = syncOfConfig(event.part?.name ?? '');
  const loss = event.part?.errorMessage ?? null;
  if (event.severity === 'warning')
    return loss === null ? `${change}: sync switched off` : `${change}: ${quoted(loss)}`;
  if (event.severity === 'resolved')
    return `${change}: ${sync === undefined ? 'sync' : `sync of ${sync.what}`} switched on again`;
  return change;
}

/** A resolved config event with no new value: its switch-off ends because nobody watches it now. */
function endsUnwatched(event: PhraseEvent): boolean {
  return event.severity === 'resolved' && event.to === null;
}

function configWords(event: PhraseEvent): string {
  if (endsUnwatched(event)) return 'no longer watched';
  if (event.severity === 'warning') return 'switched off';
  if (event.severity === 'resolved') return 'switched on';
  return 'changed';
}

/** `sync of consumer offsets`, or the task for one the monitor does not know. */
function syncName(event: PhraseEvent): string {
  const sync = syncOfTask(event.part?.name ?? '');
  return sync === undefined ? `sync of ${partName(event)}` : `sync of ${sync.what}`;
}

function syncSentence(event: PhraseEvent): string {
  const part = event.part;
  if (event.severity === 'resolved') return `${partName(event)}: ${syncName(event)} no longer broken`;
  const state = `${partName(event)} ${partStateText(part?.state ?? null, 'task')}${partErrorSuffix(event)}`;
  const switchedOn = part?.syncConfig === undefined ? '' : ` although ${part.syncConfig} is on`;
  const loss = syncOfTask(part?.name ?? '')?.loss;
  return `${state}${switchedOn}${loss === undefined ? '' : `: ${loss}`}`;
}

function syncWords(event: PhraseEvent): string {
  if (event.severity === 'resolved') return `${syncName(event)} no longer broken`;
  // The task is named in the body: a subject keeps the sync and the task's state.
  return `${syncName(event)} broken (${partStateText(event.part?.state ?? null, 'task')})`;
}

/** A full sentence for one event: `link_state ACTIVE -> UNAVAILABLE`, `link_state first seen FAILED`. */
export function describeEvent(event: PhraseEvent): string {
  switch (event.type) {
    case 'LINK_ADDED':
      return `link added (link_state ${stateText(event.link?.linkState ?? null)})`;
    case 'LINK_REMOVED':
      return `link removed (last seen ${stateText(event.link?.linkState ?? null)})`;
    case 'LINK_RECREATED':
      return `link recreated: cluster_link_id ${event.from ?? '?'} -> ${event.to ?? '?'}`;
    case 'LINK_STATE_CHANGED':
      return isFirstSighting(event)
        ? `link_state first seen ${stateText(event.to)}`
        : `link_state ${stateText(event.from)} -> ${stateText(event.to)}`;
    case 'LINK_ERROR_CHANGED':
      return isFirstSighting(event)
        ? `link_error first seen ${errorText(event.to)}`
        : `link_error ${errorText(event.from)} -> ${errorText(event.to)}`;
    case 'LINK_ERROR_MESSAGE_CHANGED':
      return 'link_error_message changed';
    case 'MIRROR_TOPICS_CHANGED': {
      const counts = topicChangeCounts(event);
      return `mirror topics: ${counts.added} added, ${counts.removed} removed`;
    }
    case 'MIRROR_STATE_COUNTS_CHANGED':
      return `mirror topics by state: ${event.from ?? 'none'} -> ${event.to ?? 'none'}`;
    case 'MIRROR_TOPIC_STATE_CHANGED':
      return `${partName(event)}: mirror_status ${partTransition(event, 'mirror-topic')}${partErrorSuffix(event)}`;
    case 'MIRROR_TOPIC_ERROR_CHANGED':
      return `${partName(event)}: mirror_topic_error ${errorText(event.from)} -> ${errorText(event.to)}`;
    case 'TASK_STATE_CHANGED':
      return `${partName(event)}: state ${partTransition(event, 'task')}${partErrorSuffix(event)}`;
    case 'TASK_ERROR_CHANGED':
      return `${partName(event)}: error ${errorText(event.from)} -> ${errorText(event.to)}`;
    case 'MIRROR_LAG_HIGH': {
      const lag = event.part?.lag;
      if (lag === undefined) return `${partName(event)}: no longer listed, lag no longer checked`;
      const figures = `${messageCount(lag.messagesBehind)} messages behind, threshold ${messageCount(lag.threshold)}`;
      return event.severity === 'resolved'
        ? `${partName(event)}: lag back under threshold (${figures})`
        : `${partName(event)}: lag over threshold (${figures})`;
    }
    case 'MIRROR_TOPIC_STALLED':
      return stalledSentence(event);
    case 'MIRROR_BEHIND_TARGET':
      return behindSentence(event);
    case 'MIRROR_TRANSITION_STUCK':
      return stuckSentence(event);
    case 'LINK_CONFIG_CHANGED':
      return configSentence(event);
    case 'LINK_SYNC_BROKEN':
      return syncSentence(event);
    case 'PART_CHANGES_SUMMARISED':
      return `more mirror topics and tasks, not listed one by one: ${event.to ?? '-'}${event.detail ? ` (${event.detail})` : ''}`;
    case 'LINK_STILL_UNHEALTHY': {
      const parts = remindedParts(event);
      if (parts.length > 0) return partsReminderSentence(parts);
      return `still unhealthy: link_state ${stateText(event.link?.linkState ?? null)}, link_error ${errorText(event.link?.linkError ?? null)}${silenceNote(event)}`;
    }
    case 'CLUSTER_UNREACHABLE':
      return "The monitor cannot list this cluster's links";
    case 'CLUSTER_RECOVERED':
      return "The monitor can list this cluster's links again";
    default:
      return `${String(event.type)}${event.from !== null || event.to !== null ? `: ${event.from ?? '-'} -> ${event.to ?? '-'}` : ''}`;
  }
}

/**
 * A few words for one event as part of a headline: `ACTIVE -> UNAVAILABLE`,
 * `error NO_ERROR -> TIMEOUT_ERROR`, `first seen UNAVAILABLE`.
 */
export function headlinePart(event: PhraseEvent): string {
  switch (event.type) {
    case 'LINK_ADDED':
      return 'added';
    case 'LINK_REMOVED':
      return 'removed';
    case 'LINK_RECREATED':
      return 'recreated';
    case 'LINK_STATE_CHANGED':
      return isFirstSighting(event)
        ? `first seen ${stateText(event.to)}`
        : `${stateText(event.from)} -> ${stateText(event.to)}`;
    case 'LINK_ERROR_CHANGED':
      return isFirstSighting(event)
        ? `first seen with error ${errorText(event.to)}`
        : `error ${errorText(event.from)} -> ${errorText(event.to)}`;
    case 'LINK_ERROR_MESSAGE_CHANGED':
      return 'error message changed';
    case 'MIRROR_TOPICS_CHANGED': {
      const counts = topicChangeCounts(event);
      return `mirror topics +${counts.added} -${counts.removed}`;
    }
    case 'MIRROR_STATE_COUNTS_CHANGED':
      return `mirror topics ${event.to ?? 'none'}`;
    case 'MIRROR_TOPIC_STATE_CHANGED':
    case 'TASK_STATE_CHANGED':
      return `${partName(event)} ${partStateText(event.to, event.part?.kind)}${partErrorSuffix(event)}`;
    case 'MIRROR_TOPIC_ERROR_CHANGED':
    case 'TASK_ERROR_CHANGED':
      return event.to === null ? `${partName(event)} error cleared` : `${partName(event)} error ${event.to}`;
    case 'MIRROR_LAG_HIGH':
      return `${partName(event)} ${lagWords(event)}`;
    case 'MIRROR_TOPIC_STALLED':
      return `${partName(event)} ${stalledWords(event)}`;
    case 'MIRROR_BEHIND_TARGET':
      return `${partName(event)} ${behindWords(event)}`;
    case 'MIRROR_TRANSITION_STUCK':
      return event.severity === 'resolved'
        ? `${partName(event)} no longer stuck`
        : `${partName(event)} ${stuckWords(event)}`;
    case 'LINK_CONFIG_CHANGED':
      return `${partName(event)} ${configWords(event)}`;
    case 'LINK_SYNC_BROKEN':
      return syncWords(event);
    case 'PART_CHANGES_SUMMARISED':
      return `and more: ${event.to ?? '-'}`;
    case 'LINK_STILL_UNHEALTHY': {
      const parts = remindedParts(event);
      const [first, ...others] = parts;
      const error = event.link?.linkError ?? null;
      const how =
        first === undefined
          ? `still ${stateText(event.link?.linkState ?? null)}${error === null ? '' : ` (${error})`}`
          : others.length === 0
            ? partCondition(first, true, parts)
            : `${partCounts(parts)} still unhealthy`;
      const took = formatDuration(secondsBetween(event.previousSince, event.observedAt) ?? Number.NaN);
      return `${took === null ? how : `${how} for ${took}`}${silenceNote(event)}`;
    }
    default:
      return describeEvent(event);
  }
}

/**
 * How long the previous condition lasted, as a clause: `had been ACTIVE for
 * 3d 2h (since ...)`, or for a recovery `unhealthy for 2h 14m (since ...)`.
 * Null when the event carries no start time.
 */
export function durationNote(event: PhraseEvent): string | null {
  if (event.previousSince === null) return null;
  const took = formatDuration(secondsBetween(event.previousSince, event.observedAt) ?? Number.NaN);
  const since = `since ${event.previousSince}`;
  const span = (words: string): string =>
    took === null ? `${words} (${since})` : `${words} for ${took} (${since})`;
  if (event.type === 'CLUSTER_RECOVERED') return span('unreachable');
  if (event.type === 'CLUSTER_UNREACHABLE')
    return took === null ? `failing ${since}` : `failing for ${took} (${since})`;
  if (event.severity === 'resolved' || event.type === 'LINK_STILL_UNHEALTHY') return span('unhealthy');
  if (event.type === 'LINK_STATE_CHANGED') return span(`had been ${stateText(event.from)}`);
  if (event.type === 'LINK_ERROR_CHANGED') return span(`had been ${errorText(event.from)}`);
  if (event.type === 'LINK_ERROR_MESSAGE_CHANGED') return span('previous message seen');
  if (event.type === 'LINK_RECREATED') return span('old link had existed');
  return span('previous condition held');
}

const SEVERITY_TAG: Readonly<Record<Severity, string>> = {
  critical: 'CRITICAL',
  warning: 'WARNING',
  resolved: 'RESOLVED',
  info: 'INFO',
};

/** `[CRITICAL]`, the tag that starts every subject. */
export function severityTag(severity: Severity): string {
  return `[${SEVERITY_TAG[severity]}]`;
}

/** The same hint for many links is said once, with how many links it concerns. */
export function groupedHints(links: readonly DocumentLink[]): [hint: string, links: number][] {
  const hints = new Map<string, number>();
  for (const link of links) {
    if (link.firstThingToCheck !== null)
      hints.set(link.firstThingToCheck, (hints.get(link.firstThingToCheck) ?? 0) + 1);
  }
  return [...hints];
}

/** `50 (ACTIVE 2, IN_ERROR 48)`: how many, and by state when the link reports it. */
export function mirrorTopicsText(link: DocumentLink): string | number | null {
  const byState = link.mirrorTopicsByState;
  if (byState === undefined) return link.mirrorTopicCount;
  const states = Object.entries(byState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  return states === '' ? link.mirrorTopicCount : `${link.mirrorTopicCount ?? '-'} (${states})`;
}

/** How a chat message says failover readiness in one short line: the first reason, the rest counted. */
export const SHORT_READINESS = Object.freeze({ maxReasons: 1, maxReasonChars: 200 });

/**
 * A link entry's failover readiness in one line: `at risk (consumer offsets are not synced:
 * consumers would reprocess after failover)`, `not ready (orders stalled: ... | payments stuck in
 * PENDING_STOPPED: ...), and 2 more reasons`, or `ready`. Reasons are set apart by ` | `, as one may
 * hold a `;` of its own.
 *
 * @param limits.maxReasons - reasons named (default: all the document lists); the rest are counted
 * @param limits.maxReasonChars - longest reason named, cut with `...` (default: as the document has it)
 */
export function readinessText(
  readiness: DocumentReadiness,
  limits: { readonly maxReasons?: number; readonly maxReasonChars?: number } = {},
): string {
  const named = readiness.reasons.slice(0, limits.maxReasons ?? readiness.reasons.length);
  const texts = named.map((reason) =>
    limits.maxReasonChars === undefined ? reason.text : truncate(reason.text, limits.maxReasonChars),
  );
  const more = readiness.reasons.length - named.length + readiness.omittedReasonCount;
  const reasons = texts.length === 0 ? '' : ` (${texts.join(' | ')})`;
  return `${readiness.verdict}${reasons}${more > 0 ? `, and ${more} more ${more === 1 ? 'reason' : 'reasons'}` : ''}`;
}
