import { sampleTopicNames } from '../model/bounds.js';
import { type LinkChange, type LinkChangeEvent, linkChangeEvent } from '../model/change-events.js';
import { type ClusterLink, conditionSeverity, type Severity } from '../model/link-model.js';
import { partEvents, removedPartEvents } from './diff-link-parts.js';

/**
 * What changed between the recorded links of one cluster and its current complete listing.
 *
 * Pure and deterministic: links are visited in code-point order of their names, whatever order
 * the listing came in, and each link's events come in a fixed order (added/recreated, state,
 * error, message, topics, then its mirror topics' and tasks' own changes: see `diff-link-parts.ts`). `previous` is null on a cluster's first listing: every link becomes
 * part of the baseline, and only links that are already unhealthy get events.
 *
 * Only a complete listing may be passed as `current`: a link missing from it is reported removed.
 */
export function diffLinks(
  previous: readonly ClusterLink[] | null,
  current: readonly ClusterLink[],
  options: DiffOptions = {},
): LinkChange[] {
  const before = new Map((previous ?? []).map((link) => [link.linkName, link]));
  const after = new Map(current.map((link) => [link.linkName, link]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(byCodePoint);
  const baseline = previous === null || options.completingBaseline === true;

  const changes: LinkChange[] = [];
  for (const linkName of names) {
    const prev = before.get(linkName) ?? null;
    const curr = after.get(linkName) ?? null;
    const joinsBaseline = baseline && prev === null && curr !== null;
    const events = joinsBaseline ? baselineEvents(curr) : linkEvents(linkName, prev, curr);
    if (events.length > 0 || joinsBaseline) {
      changes.push({ linkName, previous: prev, current: curr, events });
    }
  }
  return changes;
}

export interface DiffOptions {
  /**
   * The cluster's baseline was interrupted part-way (some snapshots recorded, the baseline
   * not marked done): links without a snapshot join the baseline instead of being reported
   * added, since they were most likely there all along.
   */
  readonly completingBaseline?: boolean;
}

function linkEvents(linkName: string, prev: ClusterLink | null, curr: ClusterLink | null): LinkChangeEvent[] {
  if (curr === null) {
    if (prev === null) return [];
    return [linkChangeEvent('LINK_REMOVED', 'info', linkName, null, null, true), ...removedPartEvents(prev)];
  }
  if (prev === null) {
    return [
      linkChangeEvent('LINK_ADDED', conditionSeverity(curr) ?? 'info', linkName, null, null, true),
      ...partEvents(linkName, null, curr),
    ];
  }

  const events: LinkChangeEvent[] = [];
  if (prev.clusterLinkId !== curr.clusterLinkId) {
    events.push(
      linkChangeEvent('LINK_RECREATED', 'info', linkName, prev.clusterLinkId, curr.clusterLinkId, true),
    );
  }
  const transitionSeverity = severityOfTransition(prev, curr);
  if (prev.linkState !== curr.linkState) {
    events.push(
      linkChangeEvent(
        'LINK_STATE_CHANGED',
        transitionSeverity,
        linkName,
        prev.linkState,
        curr.linkState,
        true,
      ),
    );
  }
  if (prev.linkError !== curr.linkError) {
    events.push(
      linkChangeEvent(
        'LINK_ERROR_CHANGED',
        transitionSeverity,
        linkName,
        prev.linkError,
        curr.linkError,
        true,
      ),
    );
  } else if (prev.linkErrorMessage !== curr.linkErrorMessage) {
    // A reworded message under the same error code is history, not news.
    events.push(
      linkChangeEvent(
        'LINK_ERROR_MESSAGE_CHANGED',
        'info',
        linkName,
        prev.linkErrorMessage,
        curr.linkErrorMessage,
        false,
      ),
    );
  }
  const topics = topicDelta(prev.topicNames, curr.topicNames);
  if (topics.added.length > 0 || topics.removed.length > 0) {
    // Tens of thousands of topics in one poll are recorded as the first names and exact counts.
    const added = sampleTopicNames(topics.added);
    const removed = sampleTopicNames(topics.removed);
    const cut = added.length < topics.added.length || removed.length < topics.removed.length;
    events.push({
      ...linkChangeEvent('MIRROR_TOPICS_CHANGED', 'info', linkName, null, null, false),
      topicsAdded: added,
      topicsRemoved: removed,
      ...(cut && { topicCounts: { added: topics.added.length, removed: topics.removed.length } }),
    });
  }
  events.push(...partEvents(linkName, prev, curr));
  return events;
}

/** On a first listing, an unhealthy link is news; a healthy one is just the baseline. */
function baselineEvents(curr: ClusterLink): LinkChangeEvent[] {
  const severity = conditionSeverity(curr);
  if (severity === null) return partEvents(curr.linkName, null, curr);
  const events: LinkChangeEvent[] = [];
  if (curr.linkState !== null && curr.linkState !== 'ACTIVE') {
    events.push(linkChangeEvent('LINK_STATE_CHANGED', severity, curr.linkName, null, curr.linkState, true));
  }
  if (curr.linkError !== null) {
    events.push(linkChangeEvent('LINK_ERROR_CHANGED', severity, curr.linkName, null, curr.linkError, true));
  }
  return events;
}

/**
 * The severity of a state or error transition is that of the condition it leads to, except
 * that reaching health after being unhealthy is a recovery.
 */
function severityOfTransition(prev: ClusterLink, curr: ClusterLink): Severity {
  const now = conditionSeverity(curr);
  if (now !== null) return now;
  return conditionSeverity(prev) === null ? 'info' : 'resolved';
}

function topicDelta(
  before: readonly string[],
  after: readonly string[],
): { added: readonly string[]; removed: readonly string[] } {
  const was = new Set(before);
  const is = new Set(after);
  return {
    added: [...is].filter((topic) => !was.has(topic)).sort(byCodePoint),
    removed: [...was].filter((topic) => !is.has(topic)).sort(byCodePoint),
  };
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
