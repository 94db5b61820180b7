/**
 * The readiness events of mirror topics (MIRROR_TOPIC_STALLED, MIRROR_BEHIND_TARGET,
 * MIRROR_TRANSITION_STUCK): how each is written, and the order a link's events are listed in. Pure.
 */
import type { EventPart, LinkChangeEvent, MirrorProgressFigures } from '../model/change-events.js';
import { isoOrNull } from '../model/link-parts.js';
import type { TopicReading } from './mirror-progress-readings.js';

export type ProgressEventType = 'MIRROR_TOPIC_STALLED' | 'MIRROR_BEHIND_TARGET' | 'MIRROR_TRANSITION_STUCK';

/** An event with the topic it is about, for ordering. */
export interface TopicEvent {
  readonly topicName: string;
  readonly type: ProgressEventType;
  readonly event: LinkChangeEvent;
}

/**
 * A readiness event. `to` is the figure that matters: messages behind for a stall, seconds
 * behind for a target breach, the status for a stuck transition; null when unknown (the topic
 * is gone, or no longer read). The part carries the topic's status as read, null when gone.
 */
export function topicEvent(
  linkName: string,
  topicName: string,
  type: ProgressEventType,
  severity: 'critical' | 'warning' | 'resolved',
  reading: TopicReading | null,
  figures: MirrorProgressFigures | null,
): TopicEvent {
  const part: EventPart = {
    kind: 'mirror-topic',
    name: topicName,
    state: reading?.status ?? null,
    errorCode: null,
    errorMessage: null,
    stateSince: reading?.stateTimeMs == null ? null : isoOrNull(reading.stateTimeMs),
    ...(figures !== null && { progress: figures }),
  };
  const to =
    type === 'MIRROR_TRANSITION_STUCK'
      ? (reading?.status ?? null)
      : type === 'MIRROR_TOPIC_STALLED'
        ? figures === null
          ? null
          : String(figures.messagesBehind)
        : figures?.secondsBehind == null
          ? null
          : String(figures.secondsBehind);
  return {
    topicName,
    type,
    event: {
      type,
      severity,
      linkName,
      from: null,
      to,
      topicsAdded: [],
      topicsRemoved: [],
      part,
      alertWorthy: true,
    },
  };
}

/** By topic name, then type; stable, so an end comes before a new start of the same condition. */
export function inEventOrder(events: readonly TopicEvent[]): LinkChangeEvent[] {
  return [...events]
    .sort((a, b) => byCodePoint(a.topicName, b.topicName) || byCodePoint(a.type, b.type))
    .map((e) => e.event);
}

/**
 * Locale-independent, so the order is the same on every machine: that of events, and of the
 * topics each readiness record lists.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
