/**
 * The words for each kind of event and for a link entry as a whole, shared by the subject, the
 * email, Slack and the JSON document so that all of them say the same thing.
 */
import { type EventPart, type HistoryEvent, topicChangeCounts } from '../../model/change-events.js';
import { conditionSeverity, type Severity } from '../../model/link-model.js';
import { unhealthyParts } from '../../model/link-parts.js';
import { formatDuration, secondsBetween } from './durations.js';
import type { DocumentLink } from './notification-document-schema.js';

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

/** ` (was silenced by s-123)` on the notice that a silence ended, else nothing. */
function silenceNote(event: PhraseEvent): string {
  return event.type === 'LINK_STILL_UNHEALTHY' && event.detail ? ` (${event.detail})` : '';
}

/** `mirror topic orders` or `task AclSync`. */
function partName(event: PhraseEvent): string {
  const part = event.part;
  if (part === undefined) return 'part';
  return `${part.kind === 'mirror-topic' ? 'mirror topic' : 'task'} ${part.name}`;
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
function partTransition(event: PhraseEvent, kind: 'mirror-topic' | 'task'): string {
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

/** The worst partitions of a lag event: `partition 3: 1,234,567; partition 0: 900,000`. */
export function worstPartitionsText(part: {
  readonly lag?: { readonly worstPartitions: readonly { partition: number; messagesBehind: number }[] };
}): string | null {
  const worst = part.lag?.worstPartitions ?? [];
  if (worst.length === 0) return null;
  return worst.map((p) => `partition ${p.partition}: ${messageCount(p.messagesBehind)}`).join('; ');
}

/** A part's state, or what its absence means. */
function partStateText(state: string | null, kind: 'mirror-topic' | 'task' | undefined): string {
  if (state !== null) return state;
  return kind === 'mirror-topic' ? 'not listed' : 'not reported';
}

/** Most parts a reminder names; the others are counted. */
export const MAX_NAMED_PARTS = 3;

/**
 * The unhealthy mirror topics and tasks a reminder is about, worst first: none when the link's
 * own condition is the problem (its reminder speaks for its parts).
 */
export function remindedParts(event: PhraseEvent): EventPart[] {
  if (event.type !== 'LINK_STILL_UNHEALTHY' || event.part === undefined) return [];
  if (event.link !== null && conditionSeverity(event.link) !== null) return [];
  const parts = event.link === null ? [] : unhealthyParts(event.link).map((p) => p.part);
  return parts.length > 0 ? parts : [event.part];
}

/** `mirror topic refunds FAILED (SOURCE_TOPIC_MAY_BE_DELETED)`, or `... refunds still FAILED (...)`. */
function partCondition(part: EventPart, still = false): string {
  const kind = part.kind === 'mirror-topic' ? 'mirror topic' : 'task';
  const error = part.errorCode === null ? '' : ` (${part.errorCode})`;
  return `${kind} ${part.name} ${still ? 'still ' : ''}${partStateText(part.state, part.kind)}${error}`;
}

/** `3 mirror topics and 1 task`. */
function partCounts(parts: readonly EventPart[]): string {
  const topics = parts.filter((p) => p.kind === 'mirror-topic').length;
  const tasks = parts.length - topics;
  return [
    topics > 0 ? `${topics} mirror ${topics === 1 ? 'topic' : 'topics'}` : null,
    tasks > 0 ? `${tasks} ${tasks === 1 ? 'task' : 'tasks'}` : null,
  ]
    .filter((text) => text !== null)
    .join(' and ');
}

/** `still unhealthy: mirror topic a FAILED (X), task AclSync IN_ERROR (Y) and 2 more`. */
function partsReminderSentence(parts: readonly EventPart[]): string {
  const named = parts
    .slice(0, MAX_NAMED_PARTS)
    .map((part) => partCondition(part))
    .join(', ');
  const more = parts.length - MAX_NAMED_PARTS;
  return `still unhealthy: ${named}${more > 0 ? ` and ${more} more` : ''}`;
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
    case 'PART_CHANGES_SUMMARISED':
      return `and more: ${event.to ?? '-'}`;
    case 'LINK_STILL_UNHEALTHY': {
      const parts = remindedParts(event);
      const error = event.link?.linkError ?? null;
      const how =
        parts.length === 1 && parts[0] !== undefined
          ? partCondition(parts[0], true)
          : parts.length > 1
            ? `${partCounts(parts)} still unhealthy`
            : `still ${stateText(event.link?.linkState ?? null)}${error === null ? '' : ` (${error})`}`;
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
