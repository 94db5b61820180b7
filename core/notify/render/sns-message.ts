/**
 * Everything one SNS Publish carries for a notification: subject, the
 * per-protocol JSON message and the message attributes, kept under the SNS
 * size limit by dropping the least severe digest entries.
 */

import { problemSeverity } from '../../control/problem-severity.js';
import { wellFormed } from '../../model/bounds.js';
import type { HistoryEvent } from '../../model/change-events.js';
import type { Notification } from '../../ports.js';
import { mostSevere } from '../plan-notifications.js';
import { renderEmailText } from './email-text.js';
import {
  buildNotificationDocument,
  linkEntries,
  type NotificationDocument,
} from './notification-document.js';
import { replaceControlCharacters, utf8Bytes } from './plain-text.js';

/** SNS's limit for one message, counting the body, subject and attributes. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** Headroom below the limit for anything SNS counts that we do not (it is not documented byte for byte). */
const DEFAULT_MAX_BYTES = SNS_MAX_MESSAGE_BYTES - 2_048;

/** Value of `link_name` on digests and cluster events, which concern more than one link. */
export const ALL_LINKS = '*';
/** Value of `event_type` on digests. */
export const DIGEST_EVENT_TYPE = 'DIGEST';

export interface StringAttribute {
  readonly DataType: 'String';
  readonly StringValue: string;
}

/** Names are snake_case so that they read the same in filter policies as in Confluent's API. */
export type AttributeName =
  | 'cluster_id'
  | 'cluster_label'
  | 'link_name'
  | 'event_type'
  | 'severity'
  | 'problem_severity'
  | 'kind';

export interface SnsMessage {
  /** Printable ASCII, at most 99 characters. */
  readonly subject: string;
  /** The JSON string for `MessageStructure: 'json'`: `{"default": <document JSON>, "email": <plain text>}`. */
  readonly message: string;
  readonly messageAttributes: Readonly<Record<AttributeName, StringAttribute>>;
  /** The document as sent (after any digest truncation). */
  readonly document: NotificationDocument;
  /** What the message counts against the SNS limit. */
  readonly bytes: number;
}

export interface SnsMessageOptions {
  /** Upper bound for body + subject + attributes in UTF-8 bytes. Default: 256 KiB less 2 KiB headroom. */
  readonly maxBytes?: number;
}

/** Thrown when even a digest without entries does not fit (cannot happen with sane labels). */
export class NotificationTooLargeError extends Error {
  override readonly name = 'NotificationTooLargeError';
  constructor(
    readonly clusterId: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`Notification for cluster ${clusterId} needs ${bytes} bytes, more than the ${maxBytes} allowed`);
  }
}

/** SNS rejects empty attribute values and control characters; this keeps every value sendable. */
function attributeValue(value: string): StringAttribute {
  // The SDK cannot encode a lone surrogate: history written before bounds existed may hold one.
  const clean = replaceControlCharacters(wellFormed(value), ' ').replace(/\s+/gu, ' ').trim();
  return { DataType: 'String', StringValue: clean === '' ? '-' : clean };
}

/**
 * The severity of the problem a message is about: its own severity, except that a recovery
 * carries the severity of the condition that ended. Subscriptions filter on it, so a recovery
 * reaches exactly those who were told of the problem.
 */
export function documentProblemSeverity(doc: NotificationDocument): NotificationDocument['severity'] {
  const severities = [
    ...doc.links.flatMap((link) =>
      link.changes.map((c) => problemSeverity({ type: c.type, severity: c.severity, from: c.from, link })),
    ),
    ...(doc.clusterEvent === null ? [] : [problemSeverity({ ...doc.clusterEvent, from: null })]),
  ];
  if (doc.severity !== 'resolved') severities.push(doc.severity);
  // A recovery whose entries were all left out of a digest still ended a problem.
  if (severities.length === 0) return 'warning';
  return mostSevere(severities);
}

/** The attribute set every publish carries, so SNS filter policies can route on it. */
export function messageAttributes(doc: NotificationDocument): Record<AttributeName, StringAttribute> {
  const singleLink = doc.kind === 'change' || doc.kind === 'reminder' ? doc.links[0] : undefined;
  let eventType: string;
  if (doc.kind === 'digest') eventType = DIGEST_EVENT_TYPE;
  else if (doc.clusterEvent !== null) eventType = doc.clusterEvent.type;
  else eventType = singleLink?.changes[0]?.type ?? DIGEST_EVENT_TYPE;
  return {
    cluster_id: attributeValue(doc.cluster.id),
    cluster_label: attributeValue(doc.cluster.label || doc.cluster.id),
    link_name: attributeValue(singleLink?.linkName ?? ALL_LINKS),
    event_type: attributeValue(eventType),
    severity: attributeValue(doc.severity),
    problem_severity: attributeValue(documentProblemSeverity(doc)),
    kind: attributeValue(doc.kind),
  };
}

function assemble(doc: NotificationDocument): SnsMessage {
  const message = JSON.stringify({ default: JSON.stringify(doc), email: renderEmailText(doc) });
  const attributes = messageAttributes(doc);
  const attributeBytes = Object.entries(attributes).reduce(
    (sum, [name, attribute]) =>
      sum + utf8Bytes(name) + utf8Bytes(attribute.DataType) + utf8Bytes(attribute.StringValue),
    0,
  );
  return {
    subject: doc.subject,
    message,
    messageAttributes: attributes,
    document: doc,
    bytes: utf8Bytes(message) + utf8Bytes(doc.subject) + attributeBytes,
  };
}

/**
 * Renders a notification as the SNS messages that carry it: one when it fits. A digest too large
 * for one message is split by link into the fewest parts that fit with full entries, worst links
 * first, each saying which part it is: every link reaches every receiver (PagerDuty's triggers and
 * resolves included) instead of being counted as left out. Only an entry too large on its own is
 * shortened, as {@link renderSnsMessage} does.
 *
 * @throws NotificationTooLargeError when nothing can make a part fit.
 */
export function renderSnsMessages(
  notification: Notification,
  options: SnsMessageOptions = {},
): readonly SnsMessage[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const full = assemble(buildNotificationDocument(notification));
  if (full.bytes <= maxBytes) return [full];
  // All entries of one link stay in one part: parts are delivered apart, in any order, and a
  // link's recovery must not overtake its failure (PagerDuty would resolve, then trigger).
  const entries = byLink(linkEntries(notification.events));
  if (notification.kind !== 'digest' || entries.length <= 1) return [renderSnsMessage(notification, options)];

  const clusterEvents = notification.events.filter((event) => event.linkName === null);
  // The label's width is reserved up front: numbering the parts must not push one over the limit.
  const widest = { index: entries.length, count: entries.length };
  const partOf = (events: readonly HistoryEvent[], part: { index: number; count: number }): Notification => ({
    ...notification,
    severity: mostSevere(events.map((event) => event.severity)),
    events,
    part,
  });
  const parts: HistoryEvent[][] = [];
  let next = 0;
  while (next < entries.length) {
    const base = parts.length === 0 ? clusterEvents : [];
    const take = (n: number) => [...base, ...entries.slice(next, next + n).flat()];
    let low = 1;
    let high = entries.length - next;
    let fits = 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      if (assemble(buildNotificationDocument(partOf(take(middle), widest))).bytes <= maxBytes) {
        fits = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    parts.push(take(fits));
    next += fits;
  }
  return parts.map((events, i) =>
    renderSnsMessage(partOf(events, { index: i + 1, count: parts.length }), options),
  );
}

/** The entries of each link together, in the order of each link's first (worst) entry. */
function byLink(entries: readonly (readonly HistoryEvent[])[]): HistoryEvent[][] {
  const links = new Map<string, HistoryEvent[]>();
  for (const entry of entries) {
    const name = entry[0]?.linkName ?? '';
    const events = links.get(name);
    if (events === undefined) links.set(name, [...entry]);
    else events.push(...entry);
  }
  return [...links.values()];
}

/**
 * Renders a notification for SNS `Publish` with `MessageStructure: 'json'`.
 * The `default` key (the JSON document) goes to every protocol without its
 * own key (SQS, Lambda, HTTP/S, email-json, Firehose...); `email` gets the plain
 * text. When a digest is too large, the least severe entries are left out
 * (the most that fit, found by bisection) and both renderings say how many.
 *
 * @throws NotificationTooLargeError when nothing can make it fit.
 */
export function renderSnsMessage(notification: Notification, options: SnsMessageOptions = {}): SnsMessage {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const full = assemble(buildNotificationDocument(notification));
  if (full.bytes <= maxBytes) return full;

  // Shrink in steps, each keeping as many entries as fit: full entries, then compact ones (no
  // topic names, short texts), so that a single link keeps its entry whenever it can; an entry
  // is dropped only when even its compact form does not fit, and the message says so.
  const fits =
    largestThatFits(notification, full.document.linkCount, maxBytes, false) ??
    largestThatFits(notification, full.document.linkCount, maxBytes, true) ??
    fitting(assemble(buildNotificationDocument(notification, { maxLinks: 0, compact: true })), maxBytes);
  if (fits === null) throw new NotificationTooLargeError(notification.clusterId, full.bytes, maxBytes);
  return fits;
}

function fitting(message: SnsMessage, maxBytes: number): SnsMessage | null {
  return message.bytes <= maxBytes ? message : null;
}

/** The message with the most entries (at least one) that fits; more entries never make it smaller. */
function largestThatFits(
  notification: Notification,
  linkCount: number,
  maxBytes: number,
  compact: boolean,
): SnsMessage | null {
  let fits: SnsMessage | null = null;
  let low = 1;
  let high = compact ? linkCount : linkCount - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = assemble(buildNotificationDocument(notification, { maxLinks: middle, compact }));
    if (candidate.bytes <= maxBytes) {
      fits = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return fits;
}
