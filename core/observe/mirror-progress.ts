/**
 * Failover readiness of mirror topics, from the cluster-wide mirrors read made every
 * `readiness.everyPolls`-th poll: per link, the progress of its lagging topics (stalls and time
 * behind its target, `topic-progress.ts`) and its stuck transitions (`stuck-transitions.ts`), from
 * what the read says of each topic (`mirror-progress-readings.ts`). Each condition is raised once
 * and resolved once (`mirror-progress-events.ts`). Pure.
 *
 * The snapshot keeps the offsets of the last read, but only for lagging topics: a caught-up link
 * keeps nothing, so that a steady state writes nothing. A lagging topic whose figures did not
 * change since the last read (a lasting stall) keeps its record as it was and writes nothing either.
 */

import { isDeepStrictEqual } from 'node:util';
import { perLinkRuleValue } from '../control/per-link-rule.js';
import type { LinkChangeEvent } from '../model/change-events.js';
import type { ClusterLink, LinkTaskError, StuckTopic, TopicProgress } from '../model/link-model.js';
import { linkConditionSpeaksForParts } from '../model/link-parts.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import type { ClusterMirrorLags } from './mirror-lag.js';
import { byCodePoint, inEventOrder, type TopicEvent } from './mirror-progress-events.js';
import { readingsByLink, type TopicReading } from './mirror-progress-readings.js';
import {
  quotingTransitionError,
  stuckEnded,
  trackStuckTopics,
  withTransitionErrors,
} from './stuck-transitions.js';
import { endedTopicEvents, trackLaggingTopics } from './topic-progress.js';

export { MAX_PROGRESS_TOPICS } from './mirror-progress-readings.js';
export { STUCK_STATUSES } from './stuck-transitions.js';
export { MAX_PROGRESS_PARTITIONS } from './topic-progress.js';

export interface ProgressResult {
  /** Each link with `topicProgress` and `stuckTopics` set, or removed when empty. */
  readonly links: ClusterLink[];
  /** Readiness events per link name, by topic name then type. */
  readonly events: ReadonlyMap<string, readonly LinkChangeEvent[]>;
  /**
   * Stuck topics not yet described, the longest stuck first (then by link and topic name): their
   * transition errors are worth one describe call each.
   */
  readonly toDescribe: readonly { readonly linkName: string; readonly topicName: string }[];
}

/** The time-behind target of a link in seconds: the first matching rule's, else the default; null = none. */
export function secondsBehindTargetFor(linkName: string, settings: ReadinessSettings | null): number | null {
  if (settings === null) return null;
  return perLinkRuleValue(
    linkName,
    settings.links,
    (rule) => rule.maxSecondsBehind,
    settings.maxSecondsBehind,
  );
}

/**
 * Every link with its readiness after this poll, its events, and the topics to describe.
 * `links` are this poll's listing; what they carry of readiness is ignored, the recorded link
 * being the truth. `reading` is null when no read was due or it failed: the recorded fields
 * carry over and nothing is raised or resolved, so that a failure never looks like a recovery.
 * `settings` null (readiness turned off) drops the fields and ends what was notified.
 */
export function applyMirrorProgress(
  links: readonly ClusterLink[],
  recorded: ReadonlyMap<string, ClusterLink>,
  reading: ClusterMirrorLags | null,
  readAtMs: number,
  settings: ReadinessSettings | null,
): ProgressResult {
  const byLink = reading === null ? new Map<string, Map<string, TopicReading>>() : readingsByLink(reading);
  const events = new Map<string, readonly LinkChangeEvent[]>();
  const toDescribe: { linkName: string; topic: StuckTopic }[] = [];
  const out = links.map((link) => {
    const before = recorded.get(link.linkName);
    if (settings === null) {
      const ended = before === undefined ? [] : endedProgressEvents(before);
      if (ended.length > 0) events.set(link.linkName, ended);
      return withReadiness(link, [], []);
    }
    const progress = before?.topicProgress ?? [];
    const stuck = before?.stuckTopics ?? [];
    // While the link itself is unhealthy its topics lag and stay pending because of it, and its
    // own message says so: what was recorded stands until the link speaks for itself no more.
    if (reading === null || linkConditionSpeaksForParts(link)) return withReadiness(link, progress, stuck);
    const evaluation = evaluateLink(
      link,
      progress,
      stuck,
      byLink.get(link.linkName) ?? new Map(),
      reading.complete,
      readAtMs,
      settings,
    );
    if (evaluation.events.length > 0) events.set(link.linkName, evaluation.events);
    for (const topic of evaluation.toDescribe) toDescribe.push({ linkName: link.linkName, topic });
    return withReadiness(link, evaluation.progress, evaluation.stuck);
  });
  const queue = toDescribe
    .sort(
      (a, b) =>
        a.topic.sinceMs - b.topic.sinceMs ||
        byCodePoint(a.linkName, b.linkName) ||
        byCodePoint(a.topic.topicName, b.topic.topicName),
    )
    .map(({ linkName, topic }) => ({ linkName, topicName: topic.topicName }));
  return { links: out, events, toDescribe: queue };
}

/**
 * The result with the transition errors that describing the stuck topics found: kept on the
 * stuck topics (the first `MAX_TRANSITION_ERRORS`), each marked described, and the first one
 * quoted by the event that raised it when that was this poll (a topic notified before gets no
 * second event).
 */
export function withDescribedTransitions(
  result: ProgressResult,
  described: ReadonlyMap<string, ReadonlyMap<string, readonly LinkTaskError[]>>,
): ProgressResult {
  const links = result.links.map((link) => {
    const byTopic = described.get(link.linkName);
    if (byTopic === undefined || link.stuckTopics === undefined) return link;
    const stuckTopics = link.stuckTopics.map((topic) =>
      withTransitionErrors(topic, byTopic.get(topic.topicName)),
    );
    return { ...link, stuckTopics };
  });
  const events = new Map<string, readonly LinkChangeEvent[]>();
  for (const [linkName, linkEvents] of result.events) {
    const byTopic = described.get(linkName);
    events.set(
      linkName,
      linkEvents.map((event) => quotingTransitionError(event, byTopic)),
    );
  }
  return { links, events, toDescribe: result.toDescribe };
}

/** True when two links' readiness records are the same, so that no write is needed for them. */
export function sameProgress(a: ClusterLink, b: ClusterLink): boolean {
  return (
    isDeepStrictEqual(a.topicProgress ?? [], b.topicProgress ?? []) &&
    isDeepStrictEqual(a.stuckTopics ?? [], b.stuckTopics ?? [])
  );
}

/**
 * `resolved` events for every stall, time behind target and stuck transition a link had
 * notified: when the link is removed or readiness is turned off, so that no alert stays open.
 */
export function endedProgressEvents(link: ClusterLink): LinkChangeEvent[] {
  const events: TopicEvent[] = [];
  for (const topic of link.topicProgress ?? [])
    events.push(...endedTopicEvents(link.linkName, topic, null, null));
  for (const topic of link.stuckTopics ?? []) events.push(stuckEnded(link.linkName, topic, null));
  return inEventOrder(events);
}

/** One link's readiness after a read that reached it (`observed` may be empty). */
function evaluateLink(
  link: ClusterLink,
  progress: readonly TopicProgress[],
  stuck: readonly StuckTopic[],
  observed: ReadonlyMap<string, TopicReading>,
  complete: boolean,
  readAtMs: number,
  settings: ReadinessSettings,
): {
  readonly progress: TopicProgress[];
  readonly stuck: StuckTopic[];
  readonly events: LinkChangeEvent[];
  readonly toDescribe: readonly StuckTopic[];
} {
  const mirrored = new Set(link.topicNames);
  // Unknown is never healthy: only a complete read, or the listing itself, says a topic is gone.
  const gone = (name: string): boolean => complete || !mirrored.has(name);
  const target = secondsBehindTargetFor(link.linkName, settings);
  const lagging = trackLaggingTopics(link.linkName, progress, observed, gone, readAtMs, settings, target);
  const pending = trackStuckTopics(link.linkName, stuck, observed, gone, readAtMs, settings);
  return {
    progress: lagging.progress,
    stuck: pending.stuck,
    events: inEventOrder([...lagging.events, ...pending.events]),
    toDescribe: pending.toDescribe,
  };
}

function withReadiness(
  link: ClusterLink,
  progress: readonly TopicProgress[],
  stuck: readonly StuckTopic[],
): ClusterLink {
  const { topicProgress: _progress, stuckTopics: _stuck, ...rest } = link;
  return {
    ...rest,
    ...(progress.length > 0 && { topicProgress: progress }),
    ...(stuck.length > 0 && { stuckTopics: stuck }),
  };
}
