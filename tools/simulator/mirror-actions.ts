/**
 * The mirror actions a client may send (`POST .../links/{link}/mirrors:failover` and the like), of
 * which the simulator answers only failover and promote dry runs (`validate_only=true`,
 * `spec/link-configs-and-failover.openapi.yaml`): per topic, whether the action would succeed.
 * Pure. Anything else is refused and kept on record, so that a test can show the monitor never
 * asked for a change.
 */
import type { TopicReading } from './mirror-offsets.js';
import type { SimulatedLink } from './simulated-link.js';

/** The actions answered as dry runs. */
export const DRY_RUN_ACTIONS = ['mirrors:failover', 'mirrors:promote'] as const;
export type DryRunAction = (typeof DRY_RUN_ACTIONS)[number];

/** Longest request body read: a dry run names topics, and a thousand names fit well within it. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;

/** One action request as the simulator received it, whatever it answered. */
export interface MirrorActionRequest {
  readonly clusterId: string;
  readonly linkName: string;
  /** `mirrors:failover`, `mirrors:promote`, or whatever else was asked (`mirrors:pause`, `configs:alter`). */
  readonly action: string;
  readonly method: string;
  /** The query string as sent, without `?`. */
  readonly query: string;
  /** True only when `validate_only` is given and every value of it is `true`: a dry run. */
  readonly validateOnly: boolean;
  /** `mirror_topic_names` as the body gave them; empty when absent or unreadable. */
  readonly topicNames: readonly string[];
  /** When it arrived, on the simulator's clock. */
  readonly atMs: number;
}

/** What a dry run answers for one topic: `error_code` null when the action would succeed. */
export interface DryRunVerdict {
  readonly error_code: number | null;
  readonly error_message: string | null;
}

/** The topics a request body names, or what is wrong with it (a 400's message). */
export type ActionTopics = { readonly topicNames: readonly string[] } | { readonly problem: string };

/** True when the query asks for a dry run and nothing else: `validate_only=true`, every time it is given. */
export function isValidateOnly(query: URLSearchParams): boolean {
  const values = query.getAll('validate_only');
  return values.length > 0 && values.every((value) => value === 'true');
}

/** `mirror_topic_names` of a body, for the record; nothing when it is not one. */
export function namedTopics(body: string | null): string[] {
  try {
    const names = (JSON.parse(body ?? '') as { mirror_topic_names?: unknown }).mirror_topic_names;
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The topics an `AlterMirrorsRequestData` body names: the listed ones, or the link's topics a
 * `mirror_topic_name_pattern` matches whole (as Java's `matches` does).
 *
 * @param body - the body as text; null when it was too long to read
 */
export function actionTopics(body: string | null, link: SimulatedLink): ActionTopics {
  if (body === null) return { problem: `Request body is longer than ${MAX_ACTION_BODY_BYTES} bytes` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { problem: 'Request body is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: 'Request body must be an object with mirror_topic_names or mirror_topic_name_pattern' };
  const { mirror_topic_names: names, mirror_topic_name_pattern: pattern } = parsed as Record<string, unknown>;
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
      return { problem: 'mirror_topic_names must be a list of topic names' };
    return { topicNames: [...new Set(names as string[])] };
  }
  if (typeof pattern === 'string') {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      return { problem: `mirror_topic_name_pattern is not a valid pattern: ${pattern}` };
    }
    return { topicNames: link.topicNames.filter((name) => regex.test(name)) };
  }
  return { problem: 'One of mirror_topic_names or mirror_topic_name_pattern is required' };
}

/**
 * Whether `action` would succeed for one topic, from what the scenario scripted and where the
 * topic stands: a scripted `dryRunError` first, then a topic STOPPED, being stopped or FAILED, a
 * promote under a link that cannot reach its source (failover is what works without one), and a
 * stalled topic.
 *
 * @param reading - the topic now; null when the link has no such mirror topic
 */
export function dryRunVerdict(
  action: DryRunAction,
  link: SimulatedLink,
  topicName: string,
  reading: TopicReading | null,
): DryRunVerdict {
  const refuse = (error_code: number, error_message: string): DryRunVerdict => ({
    error_code,
    error_message,
  });
  if (reading === null)
    return refuse(404, `Topic '${topicName}' is not a mirror topic of cluster link '${link.linkName}'`);
  const scripted = link.mirrorTopics?.[topicName];
  if (scripted?.dryRunError != null) return refuse(scripted.dryRunError.code, scripted.dryRunError.message);
  const verb = action === 'mirrors:failover' ? 'failed over' : 'promoted';
  switch (scripted?.status) {
    case 'STOPPED':
      return refuse(400, `Topic '${topicName}' has already stopped its mirror from '${link.linkName}'`);
    case 'PENDING_STOPPED':
      return refuse(400, `Topic '${topicName}' is already stopping its mirror from '${link.linkName}'`);
    case 'FAILED':
      return refuse(
        400,
        `Topic '${topicName}' cannot be ${verb}: its mirror is FAILED${scripted.error == null ? '' : ` (${scripted.error})`}`,
      );
  }
  const linkHealthy = link.linkState === 'ACTIVE' && link.linkError === null;
  if (action === 'mirrors:promote' && !linkHealthy)
    return refuse(
      400,
      `Cluster link '${link.linkName}' is ${link.linkState ?? 'in an unknown state'}: promote needs its source cluster, failover does not`,
    );
  if (reading.stalled) {
    const behind = Math.max(...reading.mirrorLags.map((p) => p.lag));
    return refuse(
      400,
      `Topic '${topicName}' cannot be ${verb}: its mirror fetches nothing from the source and is ${behind} messages behind`,
    );
  }
  return { error_code: null, error_message: null };
}

/**
 * The dry run's answer (`AlterMirrorStatusResponseDataList`), a verdict per named topic in the
 * order named. `kind` is what the contract's examples show for both actions.
 *
 * @param read - a topic now, or null when the link has no such mirror topic
 */
export function dryRunBody(
  action: DryRunAction,
  clusterId: string,
  link: SimulatedLink,
  topicNames: readonly string[],
  linksUrl: string,
  read: (topicName: string) => TopicReading | null,
): Record<string, unknown> {
  const mirrorsUrl = `${linksUrl}/${encodeURIComponent(link.linkName)}/mirrors`;
  return {
    kind: 'KafkaPromoteMirror',
    metadata: { self: mirrorsUrl, resource_name: `crn:///kafka=${clusterId}` },
    data: topicNames.map((topicName) => {
      const reading = read(topicName);
      return {
        kind: 'AlterMirrorsData',
        metadata: {
          self: `${mirrorsUrl}/${encodeURIComponent(topicName)}`,
          resource_name: `crn:///kafka=${clusterId}/cluster-link=${link.linkName}/topic=${topicName}`,
        },
        mirror_topic_name: topicName,
        ...dryRunVerdict(action, link, topicName, reading),
        mirror_lags: reading?.mirrorLags.map((p) => ({ ...p })) ?? [],
        messages_truncated: null,
        partition_level_truncation_data: [],
      };
    }),
  };
}
