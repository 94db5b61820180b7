/**
 * Bounds on everything a Confluent server sends, in one place. A server (or anything between it
 * and the monitor) may send any code points and any sizes up to the body cap; what the monitor
 * stores, renders and hands to an SDK must stay within limits the monitor chose, so that one odd
 * link can never make a write, a render or a publish fail. Applied once, where a listing enters
 * the model (`adapters/confluent/parse-links-page.ts`), where a link's details do
 * (`adapters/confluent/parse-link-detail.ts`), and to the monitor's own texts that quote server
 * text (listing errors, refused listing entries). Pure.
 */
import { createHash } from 'node:crypto';
import type { CategoryCount, ClusterLink, LinkTask, LinkTaskError, MirrorTopicState } from './link-model.js';

export const BOUNDS = {
  /**
   * Link names, ids, states and error codes, in code points. Confluent's own names are far
   * shorter; at 4 UTF-8 bytes a code point this keeps a name within 1 KB, and keys that hold a
   * name are hashed by the store where they would still pass its own key limits.
   */
  identifierChars: 200,
  /** Kafka refuses topic names longer than 249 characters, so no real name is ever cut. */
  topicNameChars: 249,
  /** `link_error_message` and task error messages, in code points. */
  messageChars: 2_000,
  /** Tasks per link and errors per task. */
  tasks: 50,
  taskErrors: 10,
  categoryCounts: 50,
  /** The reason a listing failed, as recorded on the cluster and in CLUSTER_UNREACHABLE. */
  reasonChars: 1_000,
  /**
   * Topic names a topic change event keeps of each list (added, removed); the counts stay exact.
   * A link whose topics change by tens of thousands in one poll is recorded as a summary.
   */
  changedTopicNames: 1_000,
  /** ...and at most this many code points of names in all, so that a history item stays small. */
  changedTopicChars: 16_000,
  /**
   * Entries of one listing the schema may refuse while the rest is used: past this many, the
   * listing is refused as a whole (a server that changed its shape, not one odd link).
   */
  refusedEntries: 100,
  /** Refused entries the cluster record keeps, with their problems, for `link-monitor status`. */
  refusedEntriesRecorded: 10,
} as const;

/** ES2024 string methods (Node 20 has them; the project's TypeScript lib is ES2023). */
interface Es2024String {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * `text` as well-formed Unicode: every lone UTF-16 surrogate (which JavaScript strings may hold
 * but UTF-8 encoders and the SDKs may not) becomes U+FFFD, the replacement character.
 */
export function wellFormed(text: string): string {
  const es2024 = text as unknown as Es2024String;
  return es2024.isWellFormed() ? text : es2024.toWellFormed();
}

/** Number of code points of `text` (a lone surrogate counts as one). */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      count -= 1;
      i += 1;
    }
  }
  return count;
}

/** At most `max` code points fit in `2 * max` UTF-16 units: cut there before any other work. */
function headOf(text: string, max: number): string {
  return text.length > 2 * max ? text.slice(0, 2 * max) : text;
}

/** The first `max` code points of `text`. */
function firstCodePoints(text: string, max: number): string {
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count === max) break;
    out += char;
    count += 1;
  }
  return out;
}

/** Marks a shortened identifier: its start, then this, then a hash of the whole original. */
const SHORTENED_MARK = '~';
const HASH_HEX_CHARS = 16;

/**
 * An identifier (a link or topic name) made well-formed and at most `max` code points long.
 * A longer one keeps its start and ends in `~` and a hash of the whole original, so two names
 * that differ anywhere stay two names, and the same name always shortens the same way.
 */
export function boundIdentifier(text: string, max: number = BOUNDS.identifierChars): string {
  const fits = text.length <= max || (text.length <= 2 * max && codePoints(text) <= max);
  if (fits && wellFormed(text) === text) return text;
  // Changed (a surrogate replaced) or cut: the hash of the original keeps distinct names distinct.
  const hash = createHash('sha256').update(text, 'utf16le').digest('hex').slice(0, HASH_HEX_CHARS);
  const keep = Math.max(0, max - HASH_HEX_CHARS - SHORTENED_MARK.length);
  return `${firstCodePoints(wellFormed(headOf(text, keep)), keep)}${SHORTENED_MARK}${hash}`;
}

/**
 * Free text (an error message) made well-formed and at most about `max` code points long; a
 * longer one keeps its start and says how much was left out.
 */
export function boundText(text: string, max: number = BOUNDS.messageChars): string {
  if (text.length <= max) return wellFormed(text);
  const total = codePoints(text);
  if (total <= max) return wellFormed(text);
  return `${firstCodePoints(wellFormed(headOf(text, max)), max)}... [${total - max} more characters]`;
}

function boundOptionalIdentifier(text: string | null): string | null {
  return text === null ? null : boundIdentifier(text);
}

/** At most {@link BOUNDS.taskErrors} errors, codes as identifiers, messages as text. */
function boundTaskErrors(errors: readonly LinkTaskError[]): LinkTaskError[] {
  return errors.slice(0, BOUNDS.taskErrors).map((error) => ({
    errorCode: boundIdentifier(error.errorCode),
    errorMessage: boundText(error.errorMessage),
  }));
}

/**
 * A link's tasks as the monitor keeps them, whether the listing or the link's detail sent them:
 * the first {@link BOUNDS.tasks}, names, states and error codes as identifiers, messages as text.
 */
export function boundTasks(tasks: readonly LinkTask[]): LinkTask[] {
  return tasks.slice(0, BOUNDS.tasks).map((task) => ({
    taskName: boundIdentifier(task.taskName),
    state: boundIdentifier(task.state),
    errors: boundTaskErrors(task.errors),
  }));
}

/**
 * A mirror topic as the monitor keeps it (from a link's mirrors or one topic's description): its
 * name bounded like the listing's topic names, so the two compare equal, its status and error as
 * identifiers, its state-transition errors like a task's.
 */
export function boundMirrorTopic(topic: MirrorTopicState): MirrorTopicState {
  return {
    topicName: boundIdentifier(topic.topicName, BOUNDS.topicNameChars),
    status: boundIdentifier(topic.status),
    error: boundOptionalIdentifier(topic.error),
    stateTimeMs: topic.stateTimeMs,
    transitionErrors: boundTaskErrors(topic.transitionErrors),
  };
}

function boundCounts(counts: readonly CategoryCount[]): CategoryCount[] {
  return counts
    .slice(0, BOUNDS.categoryCounts)
    .map((count) => ({ stateCategory: boundIdentifier(count.stateCategory), count: count.count }));
}

/**
 * A link as the monitor keeps it: every text well-formed, identifiers and messages within
 * {@link BOUNDS}, task and category lists cut. Mirror topic names are bounded one by one but all
 * kept (the diff needs them all; the store compresses large lists).
 */
export function boundLink(link: ClusterLink): ClusterLink {
  return {
    linkName: boundIdentifier(link.linkName),
    clusterLinkId: boundIdentifier(link.clusterLinkId),
    linkState: boundOptionalIdentifier(link.linkState),
    linkError: boundOptionalIdentifier(link.linkError),
    linkErrorMessage: link.linkErrorMessage === null ? null : boundText(link.linkErrorMessage),
    sourceClusterId: boundOptionalIdentifier(link.sourceClusterId),
    destinationClusterId: boundOptionalIdentifier(link.destinationClusterId),
    remoteClusterId: boundOptionalIdentifier(link.remoteClusterId),
    topicNames: link.topicNames.map((name) => boundIdentifier(name, BOUNDS.topicNameChars)),
    tasks: boundTasks(link.tasks),
    categoryCounts: boundCounts(link.categoryCounts),
  };
}

/**
 * The names a topic change keeps of one list (added or removed): the first ones, up to
 * {@link BOUNDS.changedTopicNames} names and {@link BOUNDS.changedTopicChars} UTF-16 units.
 */
export function sampleTopicNames(names: readonly string[]): readonly string[] {
  let chars = 0;
  let kept = 0;
  for (const name of names) {
    if (kept === BOUNDS.changedTopicNames || chars + name.length > BOUNDS.changedTopicChars) break;
    chars += name.length;
    kept += 1;
  }
  return kept === names.length ? names : names.slice(0, kept);
}

/** The reason a listing failed, bounded before it is stored or rendered. */
export function boundReason(reason: string): string {
  return boundText(reason, BOUNDS.reasonChars);
}

/**
 * A count per key with no prototype: a key named like an `Object.prototype` property
 * (`constructor`, `toString`, `__proto__`) is counted like any other.
 */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
