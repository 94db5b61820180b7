/**
 * The machine-readable notification (schema version 1): what SNS delivers to
 * SQS, Lambda, HTTPS and email-json subscribers, and what the Slack notifier
 * renders from. Every human rendering (subject, email, Slack) is derived from
 * this document, so they cannot disagree. Documented in docs/notification-schema.md; its schema,
 * which only readers of the document need, is in `notification-document-schema.ts`.
 */
import { type EventPart, type HistoryEvent, topicChangeCounts } from '../../model/change-events.js';
import { SEVERITIES, type Severity } from '../../model/link-model.js';
import type { Notification } from '../../ports.js';
import { compareEvents, mostSevere } from '../plan-notifications.js';
import { describeEvent, durationNote, headlinePart, isFirstSighting } from './change-phrases.js';
import { formatDuration, secondsBetween } from './durations.js';
import { firstThingToCheck, firstThingToCheckForEvent, firstThingToCheckForPart } from './first-check.js';
import type {
  DocumentChange,
  DocumentClusterEvent,
  DocumentLink,
  DocumentPart,
  NotificationDocument,
} from './notification-document-schema.js';
import { shortenFreeText } from './plain-text.js';
import { fitSubject } from './subject-line.js';

export const NOTIFICATION_SCHEMA_VERSION = 1;

/** Longest error message or cluster failure reason carried, in characters. */
export const MAX_FREE_TEXT_CHARS = 1000;
/** Most topic names listed per change; the counts are always exact. */
export const MAX_TOPIC_NAMES = 50;
/** Longest failure reason quoted in a title (the subject line, Slack's push text). */
export const MAX_TITLE_REASON_CHARS = 200;
/** Longest free text in a compact document (one that had to shrink to fit SNS). */
const COMPACT_FREE_TEXT_CHARS = 200;

export type {
  DocumentChange,
  DocumentClusterEvent,
  DocumentLink,
  DocumentPart,
  NotificationDocument,
} from './notification-document-schema.js';

export interface DocumentOptions {
  /**
   * Most link entries to include; the rest are counted in `omittedLinkCount`.
   * Used to keep digests under the SNS size limit. Default: all.
   */
  readonly maxLinks?: number;
  /**
   * Leave topic names out (the counts stay) and cut free text to 200 characters: how a
   * single link that does not fit SNS keeps its entry instead of losing it. Default: false.
   */
  readonly compact?: boolean;
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

function clusterName(label: string, clusterId: string): string {
  return label === '' || label === clusterId ? clusterId : `${label} ${clusterId}`;
}

interface LinkGroup {
  readonly kind: 'change' | 'reminder';
  readonly events: readonly HistoryEvent[];
}

/**
 * The notification's link events by entry (one per link and poll, reminders apart), worst entry
 * first, the order a digest lists them in. Whoever splits a digest splits along these.
 */
export function linkEntries(events: readonly HistoryEvent[]): readonly (readonly HistoryEvent[])[] {
  return linkGroups(events).map((group) => group.events);
}

/** Splits a notification's link events back into one entry per link and poll, reminders apart. */
function linkGroups(events: readonly HistoryEvent[]): LinkGroup[] {
  const groups = new Map<string, { kind: 'change' | 'reminder'; events: HistoryEvent[] }>();
  for (const event of [...events].sort(compareEvents)) {
    if (event.linkName === null) continue;
    const kind = event.type === 'LINK_STILL_UNHEALTHY' ? 'reminder' : 'change';
    const key = `${kind}\u0000${event.linkName}\u0000${event.observedAt}${kind === 'reminder' ? `\u0000${event.eventId}` : ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { kind, events: [event] });
    else group.events.push(event);
  }
  // Worst first, so a truncated digest drops the least important entries.
  const severityOrder = (group: LinkGroup): number =>
    SEVERITIES.indexOf(mostSevere(group.events.map((event) => event.severity)));
  return [...groups.values()].sort(
    (a, b) =>
      severityOrder(a) - severityOrder(b) ||
      compareEvents(a.events[0] as HistoryEvent, b.events[0] as HistoryEvent),
  );
}

/** How long the condition that this event ended lasted, e.g. `2h 14m`. */
function spanOf(event: HistoryEvent): string | null {
  const seconds = secondsBetween(event.previousSince, event.observedAt);
  return seconds === null ? null : formatDuration(seconds);
}

function shortText(
  text: string | null,
  max: number = MAX_FREE_TEXT_CHARS,
): { text: string | null; truncated: boolean } {
  if (text === null) return { text: null, truncated: false };
  return shortenFreeText(text, max);
}

function toChange(event: HistoryEvent, compact: boolean): DocumentChange {
  const isMessage = event.type === 'LINK_ERROR_MESSAGE_CHANGED';
  const max = compact ? COMPACT_FREE_TEXT_CHARS : MAX_FREE_TEXT_CHARS;
  const names = compact ? 0 : MAX_TOPIC_NAMES;
  return {
    eventId: event.eventId,
    type: event.type,
    severity: event.severity,
    from: isMessage ? shortText(event.from, max).text : event.from,
    to: isMessage ? shortText(event.to, max).text : event.to,
    topicsAdded: event.topicsAdded.slice(0, names),
    topicsRemoved: event.topicsRemoved.slice(0, names),
    topicsAddedCount: topicChangeCounts(event).added,
    topicsRemovedCount: topicChangeCounts(event).removed,
    previousSince: event.previousSince,
    previousDurationSeconds: secondsBetween(event.previousSince, event.observedAt),
    firstSeen: isFirstSighting(event),
    description: describeEvent(event),
    durationNote: durationNote(event),
    ...(event.part !== undefined && { part: toPart(event.part) }),
  };
}

function toPart(part: EventPart): DocumentPart {
  return {
    kind: part.kind,
    name: part.name,
    state: part.state,
    errorCode: part.errorCode,
    errorMessage: shortText(part.errorMessage).text,
    stateSince: part.stateSince,
    firstThingToCheck: firstThingToCheckForPart(part),
    ...(part.lag !== undefined && {
      lag: {
        messagesBehind: part.lag.messagesBehind,
        threshold: part.lag.threshold,
        worstPartitions: part.lag.worstPartitions.map((p) => ({ ...p })),
      },
    }),
  };
}

/** The headline of one link entry: `ACTIVE -> UNAVAILABLE; error NO_ERROR -> AUTHENTICATION_ERROR`. */
function linkSummary(events: readonly HistoryEvent[]): string {
  const resolving = events.find(
    (event) =>
      event.severity === 'resolved' &&
      (event.type === 'LINK_STATE_CHANGED' || event.type === 'LINK_ERROR_CHANGED'),
  );
  if (
    resolving !== undefined &&
    events.every((event) => event.severity === 'resolved' || event.severity === 'info')
  ) {
    const took = spanOf(resolving);
    return took === null ? 'recovered' : `recovered after ${took} unhealthy`;
  }
  // Topic and message changes ride along with bigger news; only name them when they are the news.
  const major = events.filter(
    (event) =>
      event.type !== 'LINK_ERROR_MESSAGE_CHANGED' &&
      event.type !== 'MIRROR_TOPICS_CHANGED' &&
      event.type !== 'MIRROR_STATE_COUNTS_CHANGED',
  );
  const state = major.find((event) => event.type === 'LINK_STATE_CHANGED');
  const error = major.find((event) => event.type === 'LINK_ERROR_CHANGED');
  if (state !== undefined && error !== undefined) {
    // Subjects are short: `ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)` says both changes.
    const rest = major.filter((event) => event !== state && event !== error).map(headlinePart);
    const stateAndError = `${headlinePart(state)} (${error.to === null ? 'error cleared' : error.to})`;
    return [stateAndError, ...rest].join('; ');
  }
  return (major.length > 0 ? major : events).map(headlinePart).join('; ');
}

function toLink(group: LinkGroup, compact: boolean): DocumentLink {
  const events = group.events;
  const first = events[0] as HistoryEvent;
  const latest = events.find((event) => event.link !== null)?.link ?? null;
  const message = shortText(
    latest?.linkErrorMessage ?? null,
    compact ? COMPACT_FREE_TEXT_CHARS : MAX_FREE_TEXT_CHARS,
  );
  const removedOrRecreated = events.find(
    (event) => event.type === 'LINK_REMOVED' || event.type === 'LINK_RECREATED',
  );
  const condition = { linkState: latest?.linkState ?? null, linkError: latest?.linkError ?? null };
  return {
    kind: group.kind,
    severity: mostSevere(events.map((event) => event.severity)),
    observedAt: first.observedAt,
    linkName: first.linkName ?? '',
    clusterLinkId: latest?.clusterLinkId ?? first.clusterLinkId,
    summary: linkSummary(events),
    linkState: condition.linkState,
    linkError: condition.linkError,
    linkErrorMessage: message.text,
    linkErrorMessageTruncated: message.truncated,
    sourceClusterId: latest?.sourceClusterId ?? null,
    destinationClusterId: latest?.destinationClusterId ?? null,
    remoteClusterId: latest?.remoteClusterId ?? null,
    mirrorTopicCount: latest === null ? null : latest.topicNames.length,
    ...(latest !== null &&
      latest.categoryCounts.length > 0 && {
        mirrorTopicsByState: Object.fromEntries(latest.categoryCounts.map((c) => [c.stateCategory, c.count])),
      }),
    firstThingToCheck:
      (removedOrRecreated && firstThingToCheckForEvent(removedOrRecreated.type)) ||
      (first.severity === 'resolved' ? null : firstThingToCheck(condition)) ||
      worstPartHint(events),
    changes: events.map((event) => toChange(event, compact)),
  };
}

/** For a link that is itself healthy: the hint of its worst mirror topic or task, if any. */
function worstPartHint(events: readonly HistoryEvent[]): string | null {
  const parts = events.filter(
    (event) => event.part !== undefined && event.severity !== 'resolved' && event.severity !== 'info',
  );
  const worst = parts.find((event) => event.severity === mostSevere(parts.map((e) => e.severity)));
  return worst?.part === undefined ? null : firstThingToCheckForPart(worst.part);
}

function toClusterEvent(event: HistoryEvent): DocumentClusterEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    severity: event.severity,
    observedAt: event.observedAt,
    detail: shortText(event.detail).text,
    previousSince: event.previousSince,
    previousDurationSeconds: secondsBetween(event.previousSince, event.observedAt),
    description: describeEvent(event),
    durationNote: durationNote(event),
    firstThingToCheck: firstThingToCheckForEvent(event.type),
  };
}

function digestNoun(links: readonly LinkGroup[], counts: Readonly<Record<Severity, number>>): string {
  const count = links.length;
  let noun: string;
  if (links.every((group) => group.kind === 'reminder'))
    noun = `${count} ${count === 1 ? 'link' : 'links'} still unhealthy`;
  else if (links.every((group) => group.kind === 'change'))
    noun = `${count} link ${count === 1 ? 'change' : 'changes'}`;
  else noun = `${count} link changes and reminders`;
  const mix = SEVERITIES.filter((severity) => counts[severity] > 0).map(
    (severity) => `${counts[severity]} ${severity}`,
  );
  return mix.length > 1 ? `${noun} (${mix.join(', ')})` : noun;
}

function clusterTitle(event: HistoryEvent): string {
  if (event.type === 'CLUSTER_RECOVERED') {
    const took = spanOf(event);
    return took === null ? 'cluster reachable again' : `cluster reachable again after ${took}`;
  }
  if (event.type === 'CLUSTER_UNREACHABLE') {
    // The reason may quote a server at length; the title only needs its start (the body has more).
    const reason = shortText(event.detail, MAX_TITLE_REASON_CHARS).text;
    return reason === null ? 'cluster unreachable' : `cluster unreachable: ${reason}`;
  }
  return describeEvent(event);
}

/**
 * Builds the version 1 document for a planned notification: the worst link
 * entries first, each with its changes, the link as last observed, how long
 * the previous condition lasted, and the first thing to check.
 */
export function buildNotificationDocument(
  notification: Notification,
  options: DocumentOptions = {},
): NotificationDocument {
  const { kind, clusterId, clusterLabel, severity } = notification;
  const groups = linkGroups(notification.events);
  const clusterEvents = notification.events.filter((event) => event.linkName === null);
  const kept = groups.slice(0, Math.max(0, options.maxLinks ?? groups.length));
  const links = kept.map((group) => toLink(group, options.compact ?? false));
  // ISO strings of one format order like the times they name.
  const observedAt =
    notification.events
      .map((event) => event.observedAt)
      .sort()
      .at(-1) ?? '';

  const severityCounts = { critical: 0, warning: 0, resolved: 0, info: 0 };
  for (const group of groups) severityCounts[mostSevere(group.events.map((event) => event.severity))] += 1;

  const name = clusterName(clusterLabel, clusterId);
  const clusterEvent = clusterEvents[0] ?? null;
  let linkName: string | null = null;
  let summary: string;
  if (kind === 'digest')
    summary = `${digestNoun(groups, severityCounts)}${notification.part === undefined ? '' : `, part ${notification.part.index} of ${notification.part.count}`}`;
  else if (clusterEvent !== null && groups.length === 0) summary = clusterTitle(clusterEvent);
  else {
    linkName = links[0]?.linkName ?? groups[0]?.events[0]?.linkName ?? '?';
    summary = links[0]?.summary ?? '';
  }
  const title = `${name}: ${linkName === null ? summary : `link ${linkName} ${summary}`.trim()}`;

  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    kind,
    severity,
    subject: fitSubject({ tag: severityTag(severity), clusterLabel, clusterId, linkName, summary }),
    title,
    cluster: { id: clusterId, label: clusterLabel },
    observedAt,
    linkCount: groups.length,
    omittedLinkCount: groups.length - kept.length,
    ...(notification.part !== undefined && { messagePart: notification.part }),
    severityCounts,
    links,
    clusterEvent: clusterEvent === null ? null : toClusterEvent(clusterEvent),
  };
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
