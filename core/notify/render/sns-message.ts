/**
 * Everything one SNS Publish carries for a notification: subject, the
 * per-protocol JSON message and the message attributes, kept under the SNS
 * size limit: a digest split by link into parts, an entry too large made compact, and only
 * then the least severe entries left out.
 */

import type { Notification } from '../../ports.js';
import { renderEmailText } from './email-text.js';
import { type AttributeName, messageAttributes, type StringAttribute } from './message-attributes.js';
import {
  type DocumentCut,
  type DocumentDraft,
  documentOf,
  draftDocument,
  draftPart,
  type LinkEntry,
  type NotificationDocument,
} from './notification-document.js';
import { utf8Bytes } from './plain-text.js';

/** SNS's limit for one message, counting the body, subject and attributes. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** Headroom below the limit for anything SNS counts that we do not (it is not documented byte for byte). */
const DEFAULT_MAX_BYTES = SNS_MAX_MESSAGE_BYTES - 2_048;

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
  const draft = draftDocument(notification);
  const full = messageOf(draft);
  if (full.bytes <= maxBytes) return [full];
  // All entries of one link stay in one part: parts are delivered apart, in any order, and a
  // link's recovery must not overtake its failure (PagerDuty would resolve, then trigger).
  const links = byLink(draft.entries);
  if (draft.kind !== 'digest' || links.length <= 1) return [shrunkToFit(draft, full, maxBytes)];

  // The label's width is reserved up front: numbering the parts must not push one over the limit.
  const widest = { index: links.length, count: links.length };
  const parts: LinkEntry[][] = [];
  let next = 0;
  while (next < links.length) {
    const take = (n: number) => links.slice(next, next + n).flat();
    const first = { ...widest, index: parts.length === 0 ? 1 : widest.index };
    const most = largestThatFits(links.length - next, maxBytes, (n) =>
      messageOf(draftPart(draft, take(n), first)),
    );
    parts.push(take(most?.count ?? 1));
    next += most?.count ?? 1;
  }
  return parts.map((entries, i) => {
    const part = draftPart(draft, entries, { index: i + 1, count: parts.length });
    return shrunkToFit(part, messageOf(part), maxBytes);
  });
}

/** The entries of each link together, in the order of each link's first (worst) entry. */
function byLink(entries: readonly LinkEntry[]): LinkEntry[][] {
  const links = new Map<string, LinkEntry[]>();
  for (const entry of entries) {
    const same = links.get(entry.full.linkName);
    if (same === undefined) links.set(entry.full.linkName, [entry]);
    else same.push(entry);
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
  const draft = draftDocument(notification);
  return shrunkToFit(draft, messageOf(draft), options.maxBytes ?? DEFAULT_MAX_BYTES);
}

function messageOf(draft: DocumentDraft, cut: DocumentCut = {}): SnsMessage {
  return assemble(documentOf(draft, cut));
}

/**
 * The full message when it fits; otherwise shrunk in steps, each keeping as many entries as fit:
 * full entries, then compact ones (no topic names, short texts), so that a single link keeps its
 * entry whenever it can; an entry is dropped only when even its compact form does not fit, and
 * the message says so.
 */
function shrunkToFit(draft: DocumentDraft, full: SnsMessage, maxBytes: number): SnsMessage {
  if (full.bytes <= maxBytes) return full;
  const count = draft.entries.length;
  const fits =
    largestThatFits(count - 1, maxBytes, (n) => messageOf(draft, { maxLinks: n }))?.message ??
    largestThatFits(count, maxBytes, (n) => messageOf(draft, { maxLinks: n, compact: true }))?.message;
  if (fits !== undefined) return fits;
  const withoutEntries = messageOf(draft, { maxLinks: 0 });
  if (withoutEntries.bytes > maxBytes)
    throw new NotificationTooLargeError(draft.cluster.id, full.bytes, maxBytes);
  return withoutEntries;
}

/**
 * The message of the most entries, from 1 to `most`, that fits, found by bisection: more entries
 * never make a message smaller. Null when not even one fits.
 */
function largestThatFits(
  most: number,
  maxBytes: number,
  messageWith: (entries: number) => SnsMessage,
): { count: number; message: SnsMessage } | null {
  let fits: { count: number; message: SnsMessage } | null = null;
  let low = 1;
  let high = most;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const message = messageWith(middle);
    if (message.bytes <= maxBytes) {
      fits = { count: middle, message };
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return fits;
}
