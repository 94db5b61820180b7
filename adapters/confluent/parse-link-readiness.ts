/**
 * Validates the bodies of what failover readiness reads (`spec/link-configs-and-failover.openapi.yaml`)
 * and turns them into the monitor's model. Pure.
 *
 * - A link's configs (`GET .../links/{link_name}/configs`): only the configs a failover depends on
 *   (`WATCHED_LINK_CONFIGS`) are kept. A config Confluent marks `is_sensitive` never keeps its
 *   value: the value is not even read, so it can reach neither the result nor an error. Entries the
 *   monitor does not watch are checked only for a name, so that a harmless change to another config
 *   never stops the reads.
 * - A failover or promote dry run (`POST .../mirrors:failover?validate_only=true`): per topic, its
 *   `error_code` and `error_message`; lags and truncation figures are ignored.
 *
 * Problems are described by where they are and the JSON type found, never by a value; only names the
 * monitor chose (watched configs) or bounded ones (topics) are quoted. Names and texts are bounded
 * like the listing's, so a hostile server cannot make the monitor hold or send more than a known amount.
 */
import { BOUNDS, boundIdentifier, boundText } from '../../core/model/bounds.js';
import type { LinkConfigValue } from '../../core/model/link-model.js';
import { WATCHED_LINK_CONFIGS } from '../../core/model/link-syncs.js';
import type { FailoverCheck } from '../../core/observe/link-details.js';
/** Shared with the poll's planner, which never asks for more: one bound for both. */
import { MAX_DRY_RUN_TOPICS } from '../../core/observe/readiness-reads.js';
import { InvalidLinksResponseError } from './confluent-errors.js';
import type { PageContext } from './parse-links-page.js';

/** Most entries accepted from one configs call: a link has about a hundred. */
export const MAX_LINK_CONFIGS = 1_000;
/**
 * Longest config value kept, in code points. Filters (`acl.filters`, `consumer.offset.group.filters`)
 * are JSON and can be long; a longer value keeps its start and a hash of the whole, so that a change
 * past the cut still reads as a change.
 */
export const MAX_CONFIG_VALUE_CHARS = 4_000;

/** The actions whose dry run the monitor may ask for. */
export type MirrorAction = 'failover' | 'promote';

/** One topic's answer to a dry run of either action. */
export type MirrorActionCheck = FailoverCheck;

export { MAX_DRY_RUN_TOPICS };

const WATCHED = new Set(WATCHED_LINK_CONFIGS);

function fail(context: PageContext, problem: string): never {
  throw new InvalidLinksResponseError({ clusterId: context.clusterId, path: context.path, problem });
}

/** The JSON type of a value, never the value itself. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'non-integer number';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data` of a collection body, at most `max` entries long. */
function dataOf(body: unknown, context: PageContext, max: number, what: string): unknown[] {
  if (!isRecord(body)) fail(context, `(body): expected object, got ${typeOf(body)}`);
  const data = body.data;
  if (!Array.isArray(data)) fail(context, `(body).data: expected array, got ${typeOf(data)}`);
  if (data.length > max) fail(context, `more than ${max} ${what} in one response`);
  return data;
}

/** Orders by a name, by UTF-16 code units like the listing, so that every run sorts alike. */
function byName<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/**
 * The watched configs of a link, in name order; a sensitive one as `{ value: null, sensitive: true }`.
 *
 * @throws InvalidLinksResponseError naming the first problem (never a config's value): not an
 *   object, `data` not an array or longer than {@link MAX_LINK_CONFIGS}, an entry without a string
 *   `name`, a watched config without a boolean `is_sensitive` or given twice, a non-sensitive watched
 *   value that is neither a string nor null, or a `metadata.next` (a page that would be left unread)
 */
export function parseLinkConfigs(body: unknown, context: PageContext): LinkConfigValue[] {
  const data = dataOf(body, context, MAX_LINK_CONFIGS, 'configs');
  const metadata = isRecord(body) ? body.metadata : undefined;
  const next = isRecord(metadata) ? metadata.next : undefined;
  // A watched config on a page not read would look removed: unknown must not pass for absent.
  if (typeof next === 'string' && next !== '')
    fail(context, 'metadata.next is set, but link configs are read in one response');

  const kept = new Map<string, LinkConfigValue>();
  data.forEach((entry, index) => {
    const where = `data[${index}]`;
    if (!isRecord(entry)) fail(context, `${where}: expected object, got ${typeOf(entry)}`);
    const name = entry.name;
    if (typeof name !== 'string') fail(context, `${where}.name: expected string, got ${typeOf(name)}`);
    if (!WATCHED.has(name)) return;
    if (kept.has(name)) fail(context, `${where}: config ${name} is given twice`);
    const sensitive = entry.is_sensitive;
    if (typeof sensitive !== 'boolean') {
      // Without it there is no telling whether the value may be kept.
      fail(context, `${where}.is_sensitive (${name}): expected boolean, got ${typeOf(sensitive)}`);
    }
    if (sensitive) {
      kept.set(name, { name, value: null, sensitive: true });
      return;
    }
    const value = entry.value;
    if (value !== null && value !== undefined && typeof value !== 'string') {
      fail(context, `${where}.value (${name}): expected string or null, got ${typeOf(value)}`);
    }
    kept.set(name, {
      name,
      value: typeof value === 'string' ? boundIdentifier(value, MAX_CONFIG_VALUE_CHARS) : null,
      sensitive: false,
    });
  });
  return [...kept.values()].sort(byName((config) => config.name));
}

/**
 * The per-topic answers of a dry run, in topic name order. A topic name is bounded as the listing
 * bounds topic names, so that answers match the topics asked about; a message as other error texts.
 *
 * @throws InvalidLinksResponseError naming the first problem: not an object with a `data` array,
 *   more than {@link MAX_DRY_RUN_TOPICS} answers, an answer without a topic name, an `error_code`
 *   that is not a safe integer or null, an `error_message` that is not a string or null, or one
 *   topic answered twice
 */
export function parseMirrorActionResults(body: unknown, context: PageContext): MirrorActionCheck[] {
  const data = dataOf(body, context, MAX_DRY_RUN_TOPICS, 'topics');
  const checks = new Map<string, MirrorActionCheck>();
  data.forEach((entry, index) => {
    const where = `data[${index}]`;
    if (!isRecord(entry)) fail(context, `${where}: expected object, got ${typeOf(entry)}`);
    const name = entry.mirror_topic_name;
    if (typeof name !== 'string' || name === '')
      fail(context, `${where}.mirror_topic_name: expected a non-empty string, got ${typeOf(name)}`);
    const code = entry.error_code;
    // Kafka error codes are small integers; a fraction or a number past 2^53 is not one.
    if (code !== null && code !== undefined && !Number.isSafeInteger(code))
      fail(context, `${where}.error_code: expected integer or null, got ${typeOf(code)}`);
    const message = entry.error_message;
    if (message !== null && message !== undefined && typeof message !== 'string')
      fail(context, `${where}.error_message: expected string or null, got ${typeOf(message)}`);
    const topicName = boundIdentifier(name, BOUNDS.topicNameChars);
    if (checks.has(topicName)) fail(context, `${where}: topic ${topicName} is answered twice`);
    checks.set(topicName, {
      topicName,
      errorCode: typeof code === 'number' ? code : null,
      errorMessage: typeof message === 'string' && message !== '' ? boundText(message) : null,
    });
  });
  return [...checks.values()].sort(byName((check) => check.topicName));
}
