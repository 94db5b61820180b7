/**
 * Dry runs of mirror actions, and the rule that keeps the Confluent adapter from changing a
 * cluster: a request that is not a GET, or that names an action, leaves only with
 * `validate_only=true`. The links client builds each dry run here and applies the rule to every
 * attempt of its one send loop, just before the network, so that no caller can get around it.
 */
import { BOUNDS } from '../../core/model/bounds.js';
import type { ResolvedCluster } from './cluster-endpoint.js';
import { ConfluentConfigError } from './confluent-errors.js';
import { scrubSecrets } from './credentials.js';
import { MAX_DRY_RUN_TOPICS, type MirrorAction } from './parse-link-readiness.js';

/** The actions a dry run may name; checked at run time too, since a caller need not be typed. */
const MIRROR_ACTIONS: ReadonlySet<string> = new Set<MirrorAction>(['failover', 'promote']);
/** Decodings of a path segment tried: more layers than any proxy in front of Confluent undoes. */
const MAX_DECODINGS = 4;

/** What a dry run checks: whether `action` would succeed for each topic of the link. */
export interface MirrorActionDryRun {
  readonly linkName: string;
  readonly action: MirrorAction;
  /** 1 to {@link MAX_DRY_RUN_TOPICS} names (duplicates sent once). */
  readonly topicNames: readonly string[];
}

/** A request about to leave the client, as far as the rule needs to know it. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
}

/**
 * The request of a dry run: `POST .../links/{link_name}/mirrors:{action}?validate_only=true` with
 * `{"mirror_topic_names": [...]}`. Confluent checks, per topic, whether the action would succeed,
 * and changes nothing.
 *
 * @throws ConfluentConfigError for an unusable request, which is then sent nowhere
 */
export function dryRunRequest(
  cluster: ResolvedCluster,
  dryRun: MirrorActionDryRun,
): { readonly method: 'POST'; readonly url: URL; readonly body: string } {
  const { linkName, action } = dryRun;
  if (!MIRROR_ACTIONS.has(action))
    throw new ConfluentConfigError(cluster.clusterId, 'a dry run is of failover or promote only');
  // `.` and `..` would resolve to another path once the URL is built.
  if (typeof linkName !== 'string' || linkName === '' || linkName === '.' || linkName === '..')
    throw new ConfluentConfigError(cluster.clusterId, 'a dry run needs the name of a link');
  const topicNames = dryRunTopicNames(cluster.clusterId, dryRun.topicNames);
  const url = new URL(
    `${cluster.linksUrl.pathname}/${encodeURIComponent(linkName)}/mirrors:${action}`,
    cluster.linksUrl,
  );
  url.searchParams.set('validate_only', 'true');
  return { method: 'POST', url, body: JSON.stringify({ mirror_topic_names: topicNames }) };
}

/**
 * Refuses, before anything is sent, a request that could change the cluster: one that is not a GET,
 * or whose last path segment names an action (`mirrors:failover`, `mirrors:promote`, any `:verb`,
 * however encoded), unless its only `validate_only` is `true`.
 *
 * @throws ConfluentConfigError
 */
export function assertDryRunOnly(cluster: ResolvedCluster, request: OutgoingRequest): void {
  const { pathname, searchParams } = request.url;
  if (request.method === 'GET' && !namesAction(pathname.slice(pathname.lastIndexOf('/') + 1))) return;
  const flags = searchParams.getAll('validate_only');
  if (flags.length === 1 && flags[0] === 'true') return;
  throw new ConfluentConfigError(
    cluster.clusterId,
    `refused to send ${request.method} ${scrubSecrets(pathname, cluster.secrets)} without validate_only=true: this client only sends dry runs`,
  );
}

/**
 * True when a path segment names an action (`collection:verb`) however many times it was
 * percent-encoded, since a proxy may decode more than once; one that cannot be decoded counts as one.
 * Link and topic names cannot hold a colon, so no read is taken for an action.
 */
function namesAction(segment: string): boolean {
  let text = segment;
  for (let i = 0; i < MAX_DECODINGS; i += 1) {
    if (text.includes(':')) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return true;
    }
    if (decoded === text) return false;
    text = decoded;
  }
  return true;
}

/**
 * The topics a dry run names: each a non-empty string within Kafka's length, duplicates once.
 * The error says what is wrong without quoting a name.
 *
 * @throws ConfluentConfigError
 */
function dryRunTopicNames(clusterId: string, given: readonly string[]): string[] {
  if (!Array.isArray(given))
    throw new ConfluentConfigError(clusterId, 'a dry run needs topicNames, an array of topic names');
  const bad = given.findIndex(
    (name) => typeof name !== 'string' || name === '' || [...name].length > BOUNDS.topicNameChars,
  );
  if (bad !== -1) {
    throw new ConfluentConfigError(
      clusterId,
      `topicNames[${bad}] of a dry run is not a topic name (a string of 1 to ${BOUNDS.topicNameChars} characters)`,
    );
  }
  const names = [...new Set(given)];
  if (names.length === 0 || names.length > MAX_DRY_RUN_TOPICS) {
    throw new ConfluentConfigError(
      clusterId,
      `a dry run names 1 to ${MAX_DRY_RUN_TOPICS} topics, not ${names.length}`,
    );
  }
  return names;
}
