/**
 * The machine-readable notification (schema version 1): what SNS delivers to
 * SQS, Lambda, HTTPS and email-json subscribers, and what the Slack notifier
 * renders from. Every human rendering (subject, email, Slack) is derived from
 * this document, so they cannot disagree. Documented in docs/notification-schema.md.
 */
import type { EventPart, HistoryEvent } from '../change-events.js';
import { SEVERITIES, type Severity } from '../link-model.js';
import { compareEvents, mostSevere } from '../plan-notifications.js';
import type { Notification } from '../ports.js';
import * as z from '../zod-mini.js';
import { describeEvent, durationNote, headlinePart } from './change-phrases.js';
import { formatDuration, secondsBetween } from './durations.js';
import { firstThingToCheck, firstThingToCheckForEvent, firstThingToCheckForPart } from './first-check.js';
import { shortenFreeText, toAsciiLine } from './plain-text.js';

export const NOTIFICATION_SCHEMA_VERSION = 1;

/** Longest error message or cluster failure reason carried, in characters. */
export const MAX_FREE_TEXT_CHARS = 1000;
/** Most topic names listed per change; the counts are always exact. */
export const MAX_TOPIC_NAMES = 50;

const severitySchema = z
  .enum(SEVERITIES as [Severity, ...Severity[]])
  .check(z.describe("critical > warning > resolved > info; a notification takes its worst event's severity"));
const nullableText = z.nullable(z.string());
const isoTime = z.string().check(z.describe('ISO-8601 UTC time'));
const count = z.int().check(z.nonnegative());
const seconds = z
  .nullable(count)
  .check(z.describe('Seconds from previousSince to observedAt; null when unknown'));

const partSchema = z.object({
  kind: z.enum(['mirror-topic', 'task']),
  name: z.string().check(z.describe('mirror_topic_name or task_name')),
  state: nullableText.check(
    z.describe(
      'mirror_status or task state now; null when the mirror topic is no longer listed; any string may arrive',
    ),
  ),
  errorCode: nullableText.check(
    z.describe("mirror_topic_error, or the task's first error_code; null = none; any string may arrive"),
  ),
  errorMessage: nullableText.check(
    z.describe(
      "The task's first error_message, or a failed mirror topic's first state-transition error message, shortened",
    ),
  ),
  stateSince: nullableText.check(z.describe("A mirror topic's state_time_ms as ISO time; null when unknown")),
  firstThingToCheck: nullableText.check(z.describe('One line on where to look first; null when healthy')),
});

const changeSchema = z.object({
  eventId: z
    .string()
    .check(z.describe('History event id, unique and stable: {clusterId}#{linkName or -}#{version}#{index}')),
  type: z
    .string()
    .check(
      z.describe(
        'LINK_ADDED, LINK_REMOVED, LINK_RECREATED, LINK_STATE_CHANGED, LINK_ERROR_CHANGED, LINK_ERROR_MESSAGE_CHANGED, MIRROR_TOPICS_CHANGED, MIRROR_STATE_COUNTS_CHANGED, MIRROR_TOPIC_STATE_CHANGED, MIRROR_TOPIC_ERROR_CHANGED, TASK_STATE_CHANGED, TASK_ERROR_CHANGED or LINK_STILL_UNHEALTHY; readers must accept types they do not know',
      ),
    ),
  severity: severitySchema,
  from: nullableText.check(
    z.describe(
      'Before: link_state (null = not reported), link_error (null = no error), link_error_message (shortened), or the old cluster_link_id; null for other types',
    ),
  ),
  to: nullableText.check(z.describe('After, same meaning as from')),
  topicsAdded: z
    .array(z.string())
    .check(z.describe('Mirror topics added (at most 50 names; see topicsAddedCount)')),
  topicsRemoved: z
    .array(z.string())
    .check(z.describe('Mirror topics removed (at most 50 names; see topicsRemovedCount)')),
  topicsAddedCount: count,
  topicsRemovedCount: count,
  previousSince: nullableText.check(
    z.describe(
      'When the previous condition began; for a recovery (severity resolved) or a reminder: when the link became unhealthy',
    ),
  ),
  previousDurationSeconds: seconds,
  description: z.string().check(z.describe('The change in words, e.g. "link_state ACTIVE -> UNAVAILABLE"')),
  durationNote: nullableText.check(z.describe('How long the previous condition lasted, in words')),
  part: z
    .optional(partSchema)
    .check(z.describe('The mirror topic or task, for MIRROR_TOPIC_* and TASK_* changes only')),
});

const linkSchema = z.object({
  kind: z.enum(['change', 'reminder']),
  severity: severitySchema,
  observedAt: isoTime.check(z.describe('When the poll that saw it ran')),
  linkName: z.string(),
  clusterLinkId: nullableText.check(z.describe('cluster_link_id as last observed')),
  summary: z
    .string()
    .check(z.describe('Headline for this link, e.g. "ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)"')),
  linkState: nullableText.check(
    z.describe('link_state now (for LINK_REMOVED: as last seen); null = not reported; any string may arrive'),
  ),
  linkError: nullableText.check(
    z.describe('link_error now; null = no error (NO_ERROR); any string may arrive'),
  ),
  linkErrorMessage: nullableText.check(
    z.describe('link_error_message, whitespace collapsed, at most 1000 characters plus a note'),
  ),
  linkErrorMessageTruncated: z.boolean(),
  sourceClusterId: nullableText,
  destinationClusterId: nullableText,
  remoteClusterId: nullableText,
  mirrorTopicCount: z.nullable(count),
  mirrorTopicsByState: z
    .optional(z.record(z.string(), count))
    .check(
      z.describe(
        "The link's category_counts (mirror topics per state category) when it reports them; a FAILED or PAUSED link counts its topics here instead of one message per topic",
      ),
    ),
  firstThingToCheck: nullableText.check(z.describe('One line on where to look first; null when healthy')),
  changes: z.array(changeSchema).check(z.describe('The events of this link and poll, in a fixed order')),
});

const clusterEventSchema = z.object({
  eventId: z.string(),
  type: z.string().check(z.describe('CLUSTER_UNREACHABLE or CLUSTER_RECOVERED')),
  severity: severitySchema,
  observedAt: isoTime,
  detail: nullableText.check(z.describe('Why the cluster could not be listed (no credentials), shortened')),
  previousSince: nullableText.check(z.describe('When the failures began')),
  previousDurationSeconds: seconds,
  description: z.string(),
  durationNote: nullableText,
  firstThingToCheck: nullableText,
});

export const notificationDocumentSchema = z
  .object({
    schemaVersion: z
      .literal(NOTIFICATION_SCHEMA_VERSION)
      .check(
        z.describe(
          'Changes only when a field changes meaning or disappears; new fields may appear without it',
        ),
      ),
    kind: z
      .enum(['change', 'digest', 'reminder', 'cluster'])
      .check(
        z.describe(
          'change: one link, one poll; digest: many links of one cluster; reminder: still unhealthy; cluster: cluster-level event',
        ),
      ),
    severity: severitySchema,
    subject: z.string().check(z.describe('The SNS subject: printable ASCII, at most 99 characters')),
    title: z.string().check(z.describe('The subject without the severity tag and without ASCII folding')),
    cluster: z.object({ id: z.string(), label: z.string() }),
    observedAt: isoTime.check(z.describe('The newest observation among the events')),
    linkCount: count.check(z.describe('Link entries this notification covers')),
    omittedLinkCount: count.check(
      z.describe('Entries left out of links to stay under the SNS size limit (least severe first)'),
    ),
    severityCounts: z
      .object({ critical: count, warning: count, resolved: count, info: count })
      .check(z.describe('Link entries per severity, over all linkCount entries')),
    links: z.array(linkSchema).check(z.describe('Worst first; empty for cluster notifications')),
    clusterEvent: z.nullable(clusterEventSchema).check(z.describe('Set for kind cluster, else null')),
  })
  .check(z.describe('cluster-link-monitor notification document'));

/** JSON Schema (draft 2020-12) of the document, as published in docs/notification-schema.md. */
export function notificationDocumentJsonSchema(): unknown {
  // Input mode leaves additionalProperties open: readers must ignore fields they do not know.
  return z.toJSONSchema(notificationDocumentSchema, { io: 'input' });
}

export type NotificationDocument = z.infer<typeof notificationDocumentSchema>;
export type DocumentLink = z.infer<typeof linkSchema>;
export type DocumentChange = z.infer<typeof changeSchema>;
export type DocumentPart = z.infer<typeof partSchema>;
export type DocumentClusterEvent = z.infer<typeof clusterEventSchema>;

/** Thrown by {@link parseNotificationDocument}; names the first bad field. */
export class InvalidNotificationDocumentError extends Error {
  override readonly name = 'InvalidNotificationDocumentError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * Validates an untrusted value (a parsed SNS message) as a version 1 document.
 * @throws InvalidNotificationDocumentError naming the first bad field.
 */
export function parseNotificationDocument(value: unknown): NotificationDocument {
  const result = notificationDocumentSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || '(root)';
  throw new InvalidNotificationDocumentError(
    `Not a notification document: ${field}: ${issue?.message ?? 'invalid'}`,
    field,
  );
}

export interface DocumentOptions {
  /**
   * Most link entries to include; the rest are counted in `omittedLinkCount`.
   * Used to keep digests under the SNS size limit. Default: all.
   */
  readonly maxLinks?: number;
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

function shortText(text: string | null): { text: string | null; truncated: boolean } {
  if (text === null) return { text: null, truncated: false };
  return shortenFreeText(text, MAX_FREE_TEXT_CHARS);
}

function toChange(event: HistoryEvent): DocumentChange {
  const isMessage = event.type === 'LINK_ERROR_MESSAGE_CHANGED';
  return {
    eventId: event.eventId,
    type: event.type,
    severity: event.severity,
    from: isMessage ? shortText(event.from).text : event.from,
    to: isMessage ? shortText(event.to).text : event.to,
    topicsAdded: event.topicsAdded.slice(0, MAX_TOPIC_NAMES),
    topicsRemoved: event.topicsRemoved.slice(0, MAX_TOPIC_NAMES),
    topicsAddedCount: event.topicsAdded.length,
    topicsRemovedCount: event.topicsRemoved.length,
    previousSince: event.previousSince,
    previousDurationSeconds: secondsBetween(event.previousSince, event.observedAt),
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

function toLink(group: LinkGroup): DocumentLink {
  const events = group.events;
  const first = events[0] as HistoryEvent;
  const latest = events.find((event) => event.link !== null)?.link ?? null;
  const message = shortText(latest?.linkErrorMessage ?? null);
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
    changes: events.map(toChange),
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
    return event.detail === null ? 'cluster unreachable' : `cluster unreachable: ${event.detail}`;
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
  const links = kept.map(toLink);
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
  let headline: string;
  if (kind === 'digest') headline = digestNoun(groups, severityCounts);
  else if (clusterEvent !== null && groups.length === 0) headline = clusterTitle(clusterEvent);
  else
    headline =
      `link ${links[0]?.linkName ?? groups[0]?.events[0]?.linkName ?? '?'} ${links[0]?.summary ?? ''}`.trim();
  const title = `${name}: ${headline}`;

  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    kind,
    severity,
    subject: toAsciiLine(`${severityTag(severity)} ${title}`),
    title,
    cluster: { id: clusterId, label: clusterLabel },
    observedAt,
    linkCount: groups.length,
    omittedLinkCount: groups.length - kept.length,
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
