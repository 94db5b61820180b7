/**
 * What changed in a link's mirror topics and tasks between two observations of one link, and in
 * its `category_counts`. Pure; `diffLinks` calls it for every link it compares. Each topic or task
 * yields at most one event per poll: its state change, or else its error change.
 */
import { type EventPart, type LinkChangeEvent, linkChangeEvent } from '../model/change-events.js';
import type { ClusterLink, LinkTask, MirrorTopicState, Severity } from '../model/link-model.js';
import {
  countsText,
  firstTaskError,
  isoOrNull,
  linkConditionSpeaksForParts,
  sameCounts,
  taskSeverity,
  topicSeverity,
  unhealthyParts,
} from '../model/link-parts.js';
import { endedSyncEvents } from '../observe/link-configs.js';
import { lagEvent } from '../observe/mirror-lag.js';
import { endedProgressEvents } from '../observe/mirror-progress.js';

/**
 * Events for the link's parts, in a fixed order: counts, then topics by name, then tasks by name.
 * `prev` null means the link was not known (first listing or new link): every kept topic or task
 * that is not healthy is news. Nothing is said about parts while the link's own condition speaks
 * for them (FAILED, UNAVAILABLE, PAUSED, an error): one message for the link, not one per topic.
 * Counts that moved with the link's own condition are not a separate event either.
 */
export function partEvents(linkName: string, prev: ClusterLink | null, curr: ClusterLink): LinkChangeEvent[] {
  const events: LinkChangeEvent[] = [];
  // A change of the link's own condition moves its counts too; its message shows them already.
  const conditionChanged =
    prev !== null && (prev.linkState !== curr.linkState || prev.linkError !== curr.linkError);
  if (prev !== null && !conditionChanged && !sameCounts(prev.categoryCounts, curr.categoryCounts)) {
    events.push(
      linkChangeEvent(
        'MIRROR_STATE_COUNTS_CHANGED',
        'info',
        linkName,
        countsText(prev.categoryCounts),
        countsText(curr.categoryCounts),
        false,
      ),
    );
  }
  if (linkConditionSpeaksForParts(curr)) return events;
  events.push(...topicEvents(linkName, prev?.mirrorTopics ?? [], curr.mirrorTopics ?? [], curr.topicNames));
  events.push(...taskEvents(linkName, prev?.tasks ?? [], curr.tasks));
  return events;
}

function topicEvents(
  linkName: string,
  before: readonly MirrorTopicState[],
  after: readonly MirrorTopicState[],
  topicNames: readonly string[],
): LinkChangeEvent[] {
  const was = new Map(before.map((t) => [t.topicName, t]));
  const is = new Map(after.map((t) => [t.topicName, t]));
  const mirrored = new Set(topicNames);
  const events: LinkChangeEvent[] = [];
  for (const name of sortedUnion(was.keys(), is.keys())) {
    const prev = was.get(name) ?? null;
    // Kept topics are the unhealthy ones: one no longer kept is ACTIVE again, or gone from the link.
    const curr = is.get(name) ?? null;
    const stateNow = curr?.status ?? (mirrored.has(name) ? 'ACTIVE' : null);
    const errorNow = curr?.error ?? null;
    const severity = transition(
      prev === null ? null : topicSeverity(prev),
      curr === null ? null : topicSeverity(curr),
    );
    const part: EventPart = {
      kind: 'mirror-topic',
      name,
      state: stateNow,
      errorCode: errorNow,
      errorMessage: curr?.transitionErrors[0]?.errorMessage ?? null,
      stateSince: curr?.stateTimeMs == null ? null : isoOrNull(curr.stateTimeMs),
    };
    if ((prev?.status ?? null) !== stateNow) {
      events.push({
        ...linkChangeEvent(
          'MIRROR_TOPIC_STATE_CHANGED',
          severity,
          linkName,
          prev?.status ?? null,
          stateNow,
          severity !== 'info',
        ),
        part,
      });
    } else if ((prev?.error ?? null) !== errorNow) {
      events.push({
        ...linkChangeEvent(
          'MIRROR_TOPIC_ERROR_CHANGED',
          severity,
          linkName,
          prev?.error ?? null,
          errorNow,
          severity !== 'info',
        ),
        part,
      });
    }
  }
  return events;
}

function taskEvents(
  linkName: string,
  before: readonly LinkTask[],
  after: readonly LinkTask[],
): LinkChangeEvent[] {
  const was = new Map(before.map((t) => [t.taskName, t]));
  const is = new Map(after.map((t) => [t.taskName, t]));
  const events: LinkChangeEvent[] = [];
  for (const name of sortedUnion(was.keys(), is.keys())) {
    const prev = was.get(name) ?? null;
    const curr = is.get(name) ?? null;
    const prevSeverity = prev === null ? null : taskSeverity(prev);
    const currSeverity = curr === null ? null : taskSeverity(curr);
    // A healthy task seen for the first time is the baseline, not news.
    if (prevSeverity === null && currSeverity === null) continue;
    const severity = transition(prevSeverity, currSeverity);
    // Kept tasks are the unhealthy ones: one no longer kept is healthy again.
    const stateBefore = prev?.state ?? null;
    const stateNow = curr?.state ?? 'ACTIVE';
    const errorBefore = prev === null ? null : (firstTaskError(prev)?.code ?? null);
    const errorNow = curr === null ? null : firstTaskError(curr);
    const part: EventPart = {
      kind: 'task',
      name,
      state: stateNow,
      errorCode: errorNow?.code ?? null,
      errorMessage: errorNow?.message ?? null,
      stateSince: null,
    };
    if (stateBefore !== stateNow || prev === null) {
      events.push({
        ...linkChangeEvent('TASK_STATE_CHANGED', severity, linkName, stateBefore, stateNow, true),
        part,
      });
    } else if (errorBefore !== (errorNow?.code ?? null)) {
      events.push({
        ...linkChangeEvent(
          'TASK_ERROR_CHANGED',
          severity,
          linkName,
          errorBefore,
          errorNow?.code ?? null,
          true,
        ),
        part,
      });
    }
  }
  return events;
}

/**
 * Like the link's own transitions: the new condition's severity when it is a problem, resolved
 * when it ends one (a FAILED topic stopped by a promote or failover ends the topic's problem
 * too: whoever heard of the failure hears that it is over), else info.
 */
function transition(before: Severity | null, after: Severity | null): Severity {
  if (isProblem(after)) return after;
  return isProblem(before) ? 'resolved' : (after ?? 'info');
}

function isProblem(severity: Severity | null): severity is 'critical' | 'warning' {
  return severity === 'critical' || severity === 'warning';
}

/**
 * The ends of a removed link's part problems: each recorded mirror topic or task that was a
 * problem, each lag breach, stall and time behind target that was notified, each stuck transition
 * and each broken sync is resolved with the link, so that nothing opened for a part stays open
 * once the link is gone. Also while the link's own condition speaks for its parts: what is on
 * record was found before (the parts are not read meanwhile), and may have been told to receivers
 * the removal does not reach, e.g. a critical topic paged by a critical-only PagerDuty key on a
 * link now PAUSED, whose removal is a warning's.
 */
export function removedPartEvents(prev: ClusterLink): LinkChangeEvent[] {
  const ended = unhealthyParts(prev).map(
    ({ part }): LinkChangeEvent => ({
      ...linkChangeEvent(
        part.kind === 'mirror-topic' ? 'MIRROR_TOPIC_STATE_CHANGED' : 'TASK_STATE_CHANGED',
        'resolved',
        prev.linkName,
        part.state,
        null,
        true,
      ),
      part: { ...part, state: null },
    }),
  );
  const lags = (prev.laggingTopics ?? [])
    .filter((breach) => breach.notified)
    .map((breach) => lagEvent(prev.linkName, breach.topicName, 'resolved', null, 0));
  return [...ended, ...lags, ...endedProgressEvents(prev), ...endedSyncEvents(prev)];
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
