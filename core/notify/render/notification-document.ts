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
import { describeEvent, durationNote, headlinePart, isFirstSighting, severityTag } from './change-phrases.js';
import { formatDuration, secondsBetween } from './durations.js';
import { documentReadiness } from './failover-readiness.js';
import { causeInWords } from './failure-cause.js';
import { firstThingToCheck, firstThingToCheckForEvent, firstThingToCheckForPart } from './first-check.js';
import type {
  DocumentChange,
  DocumentClusterEvent,
  DocumentLink,
  DocumentPart,
  NotificationDocument,
} from './notification-document-schema.js';
import { shortenFreeText } from './plain-text.js';
import { fitSubject, type SubjectFinding } from './subject-line.js';

export const NOTIFICATION_SCHEMA_VERSION = 1;

/** Longest error message or cluster failure reason carried, in characters. */
export const MAX_FREE_TEXT_CHARS = 1000;
/** Most topic names listed per change; the counts are always exact. */
export const MAX_TOPIC_NAMES = 50;
/** Most failover readiness reasons listed per link entry; the count of the rest is exact. */
export const MAX_READINESS_REASONS = 3;
/** Longest failure reason quoted in a title (the subject line, Slack's push text). */
export const MAX_TITLE_REASON_CHARS = 200;
/** Longest free text in a compact document (one that had to shrink to fit SNS). */
const COMPACT_FREE_TEXT_CHARS = 200;

export type {
  DocumentChange,
  DocumentClusterEvent,
  DocumentLink,
  DocumentPart,
  DocumentReadiness,
  NotificationDocument,
} from './notification-document-schema.js';

/**
 * A notification's document before it is cut to size: every link entry rendered once, in both
 * forms it may be sent in, worst first. A renderer that must fit a size limit (SNS) assembles
 * documents from it with fewer entries, compact entries or a digest's share of the entries, and
 * never renders an event twice.
 */
export interface DocumentDraft {
  readonly kind: Notification['kind'];
  readonly severity: Severity;
  readonly cluster: { readonly id: string; readonly label: string };
  readonly observedAt: string;
  readonly entries: readonly LinkEntry[];
  readonly clusterEvent: DocumentClusterEvent | null;
  /** What a notification about the cluster alone says it is about. */
  readonly clusterTitle: string | null;
  readonly part?: { readonly index: number; readonly count: number };
}

/** One link entry (one link and poll, reminders apart) as carried in full and in compact form. */
export interface LinkEntry {
  readonly full: DocumentLink;
  /**
   * Topic names left out (the counts stay) and free text cut to 200 characters: how a single
   * link that does not fit SNS keeps its entry instead of losing it.
   */
  readonly compact: DocumentLink;
  /** What it found, finding by finding: its `summary` is them joined, its subject may count the last. */
  readonly findings: readonly SubjectFinding[];
}

/** How a document is cut from its draft. */
export interface DocumentCut {
  /** Most link entries to include; the rest are counted in `omittedLinkCount`. Default: all. */
  readonly maxLinks?: number;
  /** Carry the entries' compact form. Default: false. */
  readonly compact?: boolean;
}

function clusterName(label: string, clusterId: string): string {
  return label === '' || label === clusterId ? clusterId : `${label} ${clusterId}`;
}

interface LinkGroup {
  readonly kind: 'change' | 'reminder';
  readonly events: readonly HistoryEvent[];
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

/** How long the condition that this event ended lasted, e.g. `2h 14m`; null when its start is unknown. */
function spanOf(event: HistoryEvent): string | null {
  // An unknown span is no number, for which formatDuration gives null.
  return formatDuration(secondsBetween(event.previousSince, event.observedAt) ?? Number.NaN);
}

function shortText(
  text: string | null,
  max: number = MAX_FREE_TEXT_CHARS,
): { text: string | null; truncated: boolean } {
  if (text === null) return { text: null, truncated: false };
  return shortenFreeText(text, max);
}

/** Changes whose before and after are free text the server chose: a message, a config's value (filters are JSON). */
const FREE_TEXT_CHANGES: ReadonlySet<string> = new Set(['LINK_ERROR_MESSAGE_CHANGED', 'LINK_CONFIG_CHANGED']);

function toChange(event: HistoryEvent, compact: boolean): DocumentChange {
  const isFreeText = FREE_TEXT_CHANGES.has(event.type);
  const max = compact ? COMPACT_FREE_TEXT_CHARS : MAX_FREE_TEXT_CHARS;
  const names = compact ? 0 : MAX_TOPIC_NAMES;
  return {
    eventId: event.eventId,
    type: event.type,
    severity: event.severity,
    from: isFreeText ? shortText(event.from, max).text : event.from,
    to: isFreeText ? shortText(event.to, max).text : event.to,
    topicsAdded: event.topicsAdded.slice(0, names),
    topicsRemoved: event.topicsRemoved.slice(0, names),
    topicsAddedCount: topicChangeCounts(event).added,
    topicsRemovedCount: topicChangeCounts(event).removed,
    previousSince: event.previousSince,
    previousDurationSeconds: secondsBetween(event.previousSince, event.observedAt),
    firstSeen: isFirstSighting(event),
    description: describeEvent(event),
    durationNote: durationNote(event),
    ...(event.part !== undefined && { part: toPart(event.part, event) }),
  };
}

function toPart(part: EventPart, event: HistoryEvent): DocumentPart {
  const progress = part.progress;
  return {
    kind: part.kind,
    name: part.name,
    // A config's state is its new value: free text like the change's `to`.
    state: part.kind === 'config' ? shortText(part.state).text : part.state,
    errorCode: part.errorCode,
    errorMessage: shortText(part.errorMessage).text,
    stateSince: part.stateSince,
    firstThingToCheck: firstThingToCheckForPart(part, event),
    ...(part.lag !== undefined && {
      lag: {
        messagesBehind: part.lag.messagesBehind,
        threshold: part.lag.threshold,
        worstPartitions: part.lag.worstPartitions.map((p) => ({ ...p })),
      },
    }),
    ...(progress !== undefined && {
      progress: {
        messagesBehind: progress.messagesBehind,
        secondsBehind: progress.secondsBehind,
        fetchRate: progress.fetchRate,
        basisSeconds: progress.basisSeconds,
        targetSeconds: progress.targetSeconds,
        ...(progress.stall !== undefined && { stall: { ...progress.stall } }),
        worstPartitions: progress.worstPartitions.map((p) => ({ ...p })),
      },
    }),
    ...(part.syncConfig !== undefined && { syncConfig: part.syncConfig }),
    ...(part.problemType !== undefined && { problemType: part.problemType }),
  };
}

/**
 * What one link entry found, each in a few words: `ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)`,
 * `task AclSync IN_ERROR (MISCONFIGURATION_ERROR)`. Its headline is them joined by `; `; a
 * subject too short for all of them keeps the first ones and counts the rest.
 */
function linkFindings(events: readonly HistoryEvent[]): SubjectFinding[] {
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
    return [finding(took === null ? 'recovered' : `recovered after ${took} unhealthy`)];
  }
  // Topic, message and plain config changes ride along with bigger news; only name them when they are the news.
  const major = events.filter(
    (event) =>
      event.type !== 'LINK_ERROR_MESSAGE_CHANGED' &&
      event.type !== 'MIRROR_TOPICS_CHANGED' &&
      event.type !== 'MIRROR_STATE_COUNTS_CHANGED' &&
      !(event.type === 'LINK_CONFIG_CHANGED' && event.severity === 'info'),
  );
  const state = major.find((event) => event.type === 'LINK_STATE_CHANGED');
  const error = major.find((event) => event.type === 'LINK_ERROR_CHANGED');
  if (state !== undefined && error !== undefined) {
    // Subjects are short: `ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)` says both changes.
    const rest = major.filter((event) => event !== state && event !== error).map(eventFinding);
    const stateAndError = `${headlinePart(state)} (${error.to === null ? 'error cleared' : error.to})`;
    return [finding(stateAndError), ...rest];
  }
  return (major.length > 0 ? major : events).map(eventFinding);
}

function finding(text: string): SubjectFinding {
  return { text };
}

/** A summary of parts stands for an unknown number of findings: left out, it is `and more`. */
function eventFinding(event: HistoryEvent): SubjectFinding {
  const text = headlinePart(event);
  return event.type === 'PART_CHANGES_SUMMARISED' ? { text, many: true } : { text };
}

/** The headline of one link entry: `ACTIVE -> UNAVAILABLE; error NO_ERROR -> AUTHENTICATION_ERROR`. */
function summaryOf(findings: readonly SubjectFinding[]): string {
  return findings.map((f) => f.text).join('; ');
}

function toLink(group: LinkGroup, findings: readonly SubjectFinding[], compact: boolean): DocumentLink {
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
  // A removed link cannot fail over: what was recorded of it before says nothing of now.
  const readiness =
    latest === null || removedOrRecreated?.type === 'LINK_REMOVED'
      ? undefined
      : documentReadiness(latest, {
          maxReasons: MAX_READINESS_REASONS,
          maxChars: compact ? COMPACT_FREE_TEXT_CHARS : MAX_FREE_TEXT_CHARS,
        });
  return {
    kind: group.kind,
    severity: mostSevere(events.map((event) => event.severity)),
    observedAt: first.observedAt,
    linkName: first.linkName ?? '',
    clusterLinkId: latest?.clusterLinkId ?? first.clusterLinkId,
    summary: summaryOf(findings),
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
    ...(readiness !== undefined && { readiness }),
    changes: events.map((event) => toChange(event, compact)),
  };
}

/** For a link that is itself healthy: the hint of its worst mirror topic or task, if any. */
function worstPartHint(events: readonly HistoryEvent[]): string | null {
  const parts = events.filter(
    (event) => event.part !== undefined && event.severity !== 'resolved' && event.severity !== 'info',
  );
  const worst = parts.find((event) => event.severity === mostSevere(parts.map((e) => e.severity)));
  return worst?.part === undefined ? null : firstThingToCheckForPart(worst.part, worst);
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

function digestNoun(links: readonly DocumentLink[], counts: Readonly<Record<Severity, number>>): string {
  const count = links.length;
  let noun: string;
  if (links.every((link) => link.kind === 'reminder'))
    noun = `${count} ${count === 1 ? 'link' : 'links'} still unhealthy`;
  else if (links.every((link) => link.kind === 'change'))
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
    // The reason may quote a server at length; the title needs the cause in words (the body has all).
    const reason = shortText(event.detail, MAX_TITLE_REASON_CHARS).text;
    return reason === null ? 'cluster unreachable' : `cluster unreachable: ${causeInWords(reason)}`;
  }
  return describeEvent(event);
}

/**
 * Builds the version 1 document for a planned notification: the worst link
 * entries first, each with its changes, the link as last observed, how long
 * the previous condition lasted, and the first thing to check.
 */
export function buildNotificationDocument(notification: Notification): NotificationDocument {
  return documentOf(draftDocument(notification));
}

/** Renders every event of the notification once: its link entries in both forms, its cluster event. */
export function draftDocument(notification: Notification): DocumentDraft {
  const entries = linkGroups(notification.events).map((group) => {
    const findings = linkFindings(group.events);
    return { full: toLink(group, findings, false), compact: toLink(group, findings, true), findings };
  });
  const clusterEvent = notification.events.find((event) => event.linkName === null);
  return {
    kind: notification.kind,
    severity: notification.severity,
    cluster: { id: notification.clusterId, label: notification.clusterLabel },
    observedAt: latestObservedAt(notification.events),
    entries,
    clusterEvent: clusterEvent === undefined ? null : toClusterEvent(clusterEvent),
    clusterTitle: clusterEvent === undefined ? null : clusterTitle(clusterEvent),
    ...(notification.part !== undefined && { part: notification.part }),
  };
}

/**
 * The draft of one part of a digest split into several messages: the given entries, the cluster
 * event only in the first part, and the severity and time of what the part carries.
 */
export function draftPart(
  draft: DocumentDraft,
  entries: readonly LinkEntry[],
  part: { readonly index: number; readonly count: number },
): DocumentDraft {
  const clusterEvent = part.index === 1 ? draft.clusterEvent : null;
  const carried = [...entries.map((entry) => entry.full), ...(clusterEvent === null ? [] : [clusterEvent])];
  return {
    ...draft,
    severity: mostSevere(carried.map((item) => item.severity)),
    observedAt: latestObservedAt(carried),
    entries,
    clusterEvent,
    clusterTitle: clusterEvent === null ? null : draft.clusterTitle,
    part,
  };
}

/** The latest of the times; ISO strings of one format order like the times they name. */
function latestObservedAt(items: readonly { readonly observedAt: string }[]): string {
  return (
    items
      .map((item) => item.observedAt)
      .sort()
      .at(-1) ?? ''
  );
}

/** Assembles the document from its draft, cut as asked. */
export function documentOf(draft: DocumentDraft, cut: DocumentCut = {}): NotificationDocument {
  const { kind, cluster, severity, entries, clusterEvent, clusterTitle } = draft;
  const kept = entries.slice(0, Math.max(0, cut.maxLinks ?? entries.length));
  const links = kept.map((entry) => (cut.compact === true ? entry.compact : entry.full));
  const all = entries.map((entry) => entry.full);

  const severityCounts = { critical: 0, warning: 0, resolved: 0, info: 0 };
  for (const link of all) severityCounts[link.severity] += 1;

  const name = clusterName(cluster.label, cluster.id);
  let linkName: string | null = null;
  let summary: string;
  let findings: readonly SubjectFinding[] | undefined;
  if (kind === 'digest')
    summary = `${digestNoun(all, severityCounts)}${draft.part === undefined ? '' : `, part ${draft.part.index} of ${draft.part.count}`}`;
  else if (clusterTitle !== null && all.length === 0) summary = clusterTitle;
  else {
    linkName = all[0]?.linkName ?? '?';
    summary = links[0]?.summary ?? '';
    findings = kept[0]?.findings;
  }
  const title = `${name}: ${linkName === null ? summary : `link ${linkName} ${summary}`.trim()}`;

  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    kind,
    severity,
    subject: fitSubject({
      tag: severityTag(severity),
      clusterLabel: cluster.label,
      clusterId: cluster.id,
      linkName,
      summary,
      ...(findings !== undefined && { findings }),
    }),
    title,
    cluster: { id: cluster.id, label: cluster.label },
    observedAt: draft.observedAt,
    linkCount: all.length,
    omittedLinkCount: all.length - kept.length,
    ...(draft.part !== undefined && { messagePart: draft.part }),
    severityCounts,
    links,
    clusterEvent,
  };
}
