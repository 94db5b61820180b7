/**
 * Stuck transitions: a mirror topic left in a PENDING_* transition past the limit is stuck
 * (MIRROR_TRANSITION_STUCK, critical), raised once and resolved once; a stuck topic's transition
 * errors are worth a describe call, made again at later reads until one answers: the first of
 * them is quoted by the event that raised it when described in the same poll, kept on the stuck
 * topic either way, and quoted by the event that ends it. Pure.
 */
import type { LinkChangeEvent } from '../model/change-events.js';
import type { LinkTaskError, StuckTopic } from '../model/link-model.js';
import { MAX_TRANSITION_ERRORS } from '../model/link-parts.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import { byCodePoint, type TopicEvent, topicEvent } from './mirror-progress-events.js';
import { MAX_PROGRESS_TOPICS, type TopicReading } from './mirror-progress-readings.js';

/** Transitions a mirror topic is expected to leave on its own: staying in one is being stuck. */
export const STUCK_STATUSES: ReadonlySet<string> = new Set([
  'PENDING_STOPPED',
  'PENDING_MIRROR',
  'PENDING_SYNCHRONIZE',
  'PENDING_SETUP_FOR_RESTORE',
  'PENDING_RESTORE',
]);

/**
 * A link's stuck topics after a read that reached it, by name: those recorded stay while the
 * topic stays in that status (or the read cannot tell), and topics newly stuck are added, the
 * longest stuck first, up to {@link MAX_PROGRESS_TOPICS}. Also their events, and the stuck topics
 * not yet described (newly stuck, or whose describe failed or did not fit), oldest first.
 *
 * @param gone - whether a topic the read did not show is gone (its alert then ends)
 */
export function trackStuckTopics(
  linkName: string,
  stuck: readonly StuckTopic[],
  observed: ReadonlyMap<string, TopicReading>,
  gone: (name: string) => boolean,
  readAtMs: number,
  settings: ReadinessSettings,
): {
  readonly stuck: StuckTopic[];
  readonly events: TopicEvent[];
  readonly toDescribe: readonly StuckTopic[];
} {
  const isStuck = (r: TopicReading): r is TopicReading & { stateTimeMs: number } =>
    STUCK_STATUSES.has(r.status) &&
    r.stateTimeMs !== null &&
    readAtMs - r.stateTimeMs > settings.stuckAfterMs;
  const events: TopicEvent[] = [];
  const next: StuckTopic[] = [];
  const continuing = new Set<string>();
  for (const before of stuck) {
    const reading = observed.get(before.topicName);
    const stays =
      reading === undefined
        ? !gone(before.topicName)
        : reading.status === before.status && (reading.stateTimeMs === null || isStuck(reading));
    if (stays) {
      next.push(before);
      continuing.add(before.topicName);
    } else events.push(stuckEnded(linkName, before, reading ?? null));
  }
  const fresh = [...observed]
    .filter((entry): entry is [string, TopicReading & { stateTimeMs: number }] => isStuck(entry[1]))
    .filter(([name]) => !continuing.has(name))
    // Longest stuck first when there is no room for them all.
    .sort(([a, x], [b, y]) => x.stateTimeMs - y.stateTimeMs || byCodePoint(a, b))
    .slice(0, Math.max(0, MAX_PROGRESS_TOPICS - next.length));
  for (const [topicName, reading] of fresh) {
    next.push({ topicName, status: reading.status, sinceMs: reading.stateTimeMs, transitionErrors: [] });
    events.push(topicEvent(linkName, topicName, 'MIRROR_TRANSITION_STUCK', 'critical', reading, null));
  }
  return {
    stuck: next.sort((a, b) => byCodePoint(a.topicName, b.topicName)),
    events,
    toDescribe: next.filter((topic) => !isDescribed(topic)).sort(oldestFirst),
  };
}

/**
 * True once a describe of the stuck topic answered. A record from before `described` was kept
 * has errors only if one did.
 */
function isDescribed(topic: StuckTopic): boolean {
  return topic.described === true || topic.transitionErrors.length > 0;
}

/** The longest stuck first, then by name: the order stuck topics wait for a describe in. */
function oldestFirst(a: StuckTopic, b: StuckTopic): number {
  return a.sinceMs - b.sinceMs || byCodePoint(a.topicName, b.topicName);
}

/**
 * The stuck topic with the transition errors a describe of it found, the first
 * `MAX_TRANSITION_ERRORS`, and marked described; as it was when it was not described.
 */
export function withTransitionErrors(
  topic: StuckTopic,
  errors: readonly LinkTaskError[] | undefined,
): StuckTopic {
  return errors === undefined
    ? topic
    : { ...topic, transitionErrors: errors.slice(0, MAX_TRANSITION_ERRORS), described: true };
}

/**
 * The end of a stuck transition, quoting the first transition error it was described with: the
 * topic as read now (null when gone or no longer read).
 */
export function stuckEnded(linkName: string, topic: StuckTopic, reading: TopicReading | null): TopicEvent {
  const ended = topicEvent(linkName, topic.topicName, 'MIRROR_TRANSITION_STUCK', 'resolved', reading, null);
  const first = topic.transitionErrors[0];
  if (first === undefined || ended.event.part === undefined) return ended;
  const part = { ...ended.event.part, ...errorFields(first) };
  return { ...ended, event: { ...ended.event, part } };
}

/** A transition error as an event's part carries it: an empty message is none. */
function errorFields(error: LinkTaskError): { errorCode: string; errorMessage: string | null } {
  return { errorCode: error.errorCode, errorMessage: error.errorMessage === '' ? null : error.errorMessage };
}

/**
 * The event quoting the first transition error described for its topic, when it is one that
 * raised a stuck transition; any other event as it was.
 */
export function quotingTransitionError(
  event: LinkChangeEvent,
  errorsByTopic: ReadonlyMap<string, readonly LinkTaskError[]> | undefined,
): LinkChangeEvent {
  const { part } = event;
  if (event.type !== 'MIRROR_TRANSITION_STUCK' || event.severity === 'resolved' || part === undefined)
    return event;
  const first = errorsByTopic?.get(part.name)?.[0];
  if (first === undefined) return event;
  return { ...event, part: { ...part, ...errorFields(first) } };
}
