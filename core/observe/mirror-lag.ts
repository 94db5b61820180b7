/**
 * Opt-in mirror lag thresholds: when a check is due, what one cluster-wide mirrors listing says
 * about each mirror topic's lag, and which topics have now been over their link's threshold for
 * long enough to be news (MIRROR_LAG_HIGH, warning) or are back under it (resolved). Pure, apart
 * from `readClusterLags`, which calls the port it is given.
 *
 * What the snapshot keeps is only how many checks each breach has held (`LaggingTopic`), never the
 * lag figures: these move on every check, and storing them would write on every check of a
 * lagging topic. A breach therefore writes while it builds up (once per check, at most
 * `heldChecks` times) and once when it ends; a steady state, with or without a notified breach,
 * writes nothing. The figures a message shows are those of the check that raised it.
 */

import { perLinkRuleValue } from '../control/per-link-rule.js';
import { BOUNDS, boundIdentifier } from '../model/bounds.js';
import type { EventPart, LinkChangeEvent, MirrorLagFigures } from '../model/change-events.js';
import type { ClusterLink, LaggingTopic } from '../model/link-model.js';
import { linkConditionSpeaksForParts } from '../model/link-parts.js';
import type { MirrorLagSettings } from '../poll/poll-settings.js';
import { isEveryNthSlot } from '../poll/time-slot.js';

/** Partitions named per topic in a message: the few furthest behind. */
export const MAX_WORST_PARTITIONS = 3;
/** Topics tracked per link, so that a link whose every topic lags still writes a bounded snapshot and commit. */
export const MAX_LAGGING_TOPICS = 20;
/** Kafka's partition ids are 32-bit; anything larger is not a partition. */
const MAX_PARTITION = 2 ** 31 - 1;

/** One mirror topic of the cluster-wide listing (`GET .../links/-/mirrors`), as the port returns it. */
export interface MirrorTopicLags {
  /** The link it belongs to; a topic without one cannot be placed and is left out. */
  readonly linkName: string | null;
  readonly topicName: string;
  /** `mirror_status`, verbatim. */
  readonly status: string;
  /**
   * Per partition, as sent: numbers are checked here, not trusted. `fetchOffset` is
   * `last_source_fetch_offset` (absent or null when not sent).
   */
  readonly lags: readonly {
    readonly partition: number;
    readonly lag: number;
    readonly fetchOffset?: number | null;
  }[];
  /** `state_time_ms`: when the topic entered its status; absent or null when not sent. */
  readonly stateTimeMs?: number | null;
}

/** The cluster-wide listing; `complete` is false when the server said more pages follow (not read). */
export interface ClusterMirrorLags {
  readonly topics: readonly MirrorTopicLags[];
  readonly complete: boolean;
}

/** A mirror topic's lag as one check found it, numbers validated. */
export interface TopicLag {
  readonly status: string;
  readonly messagesBehind: number;
  readonly worstPartitions: MirrorLagFigures['worstPartitions'];
}

/**
 * True when this poll checks lag: every `everyPolls`-th poll, placed by the poll time like the
 * task rotation, so that the cadence costs no write.
 */
export function isLagCheckDue(
  settings: MirrorLagSettings | null,
  now: Date,
  pollIntervalMs: number,
): boolean {
  return settings !== null && isEveryNthSlot(settings.everyPolls, now, pollIntervalMs);
}

/** The threshold a link is checked against: the first matching rule's, else the default; null = unchecked. */
export function lagThresholdFor(linkName: string, settings: MirrorLagSettings | null): number | null {
  if (settings === null) return null;
  return perLinkRuleValue(
    linkName,
    settings.links,
    (rule) => rule.maxMessagesBehind,
    settings.maxMessagesBehind,
  );
}

/**
 * Reads the cluster-wide listing once. Never throws: a failed read (a 429 included) returns null
 * and leaves every topic's breach as recorded, so a failure never looks like a recovery.
 */
export async function readClusterLags(
  read: () => Promise<ClusterMirrorLags>,
): Promise<{ readonly reading: ClusterMirrorLags | null; readonly failed: boolean }> {
  try {
    return { reading: await read(), failed: false };
  } catch {
    return { reading: null, failed: true };
  }
}

/**
 * Each link's topics with their lag, from the listing. A lag or partition that is not a
 * non-negative whole number in range is left out as hostile or broken data; a topic with no
 * usable partition lag is unknown (absent), never caught up. Names are bounded as the listing's are.
 */
export function lagsByLink(reading: ClusterMirrorLags): Map<string, Map<string, TopicLag>> {
  const byLink = new Map<string, Map<string, TopicLag>>();
  for (const topic of reading.topics) {
    if (topic.linkName === null) continue;
    const partitions = topic.lags
      .filter((l) => Number.isInteger(l.partition) && l.partition >= 0 && l.partition <= MAX_PARTITION)
      .filter((l) => Number.isFinite(l.lag) && l.lag >= 0)
      .map((l) => ({
        partition: l.partition,
        messagesBehind: Math.min(Math.floor(l.lag), Number.MAX_SAFE_INTEGER),
      }));
    if (partitions.length === 0) continue;
    partitions.sort((a, b) => b.messagesBehind - a.messagesBehind || a.partition - b.partition);
    const linkName = boundIdentifier(topic.linkName);
    const topicName = boundIdentifier(topic.topicName, BOUNDS.topicNameChars);
    const topics = byLink.get(linkName) ?? new Map<string, TopicLag>();
    byLink.set(linkName, topics);
    const lag: TopicLag = {
      status: boundIdentifier(topic.status),
      messagesBehind: (partitions[0] as { messagesBehind: number }).messagesBehind,
      worstPartitions: partitions.filter((p) => p.messagesBehind > 0).slice(0, MAX_WORST_PARTITIONS),
    };
    // A topic listed twice counts at its worst.
    const seen = topics.get(topicName);
    if (seen === undefined || seen.messagesBehind < lag.messagesBehind) topics.set(topicName, lag);
  }
  return byLink;
}

/**
 * One link's breaches after a check. `observed` is undefined when this check says nothing about
 * the link (no check due, the read failed, or a partial listing did not reach it): the recorded
 * breaches stand. A topic that is still mirrored but whose lag is unknown keeps its breach too.
 * While the link's own condition is unhealthy (FAILED, PAUSED...), its topics lag because of it
 * and its message says so: breaches are kept as they were, and nothing is raised or resolved.
 */
export function evaluateLinkLag(
  link: ClusterLink,
  recorded: readonly LaggingTopic[],
  observed: ReadonlyMap<string, TopicLag> | undefined,
  threshold: number | null,
  heldChecks: number,
): { readonly laggingTopics: readonly LaggingTopic[]; readonly events: readonly LinkChangeEvent[] } {
  // Thresholds turned off for this link: what was tracked is dropped, and the breaches that were
  // notified end, so that no alert opened for them stays open.
  if (threshold === null)
    return {
      laggingTopics: [],
      events: recorded
        .filter((entry) => entry.notified)
        .map((entry) => lagEvent(link.linkName, entry.topicName, 'resolved', null, 0)),
    };
  if (observed === undefined || linkConditionSpeaksForParts(link))
    return { laggingTopics: recorded, events: [] };

  const mirrored = new Set(link.topicNames);
  const next = new Map<string, LaggingTopic>();
  const events = new Map<string, LinkChangeEvent>();
  for (const entry of recorded) {
    const lag = observed.get(entry.topicName);
    if (lag === undefined) {
      if (mirrored.has(entry.topicName)) next.set(entry.topicName, entry);
      else if (entry.notified)
        events.set(entry.topicName, lagEvent(link.linkName, entry.topicName, 'resolved', null, threshold));
      continue;
    }
    if (lag.messagesBehind <= threshold) {
      if (entry.notified)
        events.set(entry.topicName, lagEvent(link.linkName, entry.topicName, 'resolved', lag, threshold));
      continue;
    }
    if (entry.notified) {
      next.set(entry.topicName, entry);
      continue;
    }
    const checks = Math.min(entry.checks + 1, heldChecks);
    const notified = checks >= heldChecks;
    next.set(entry.topicName, { topicName: entry.topicName, checks, notified });
    if (notified)
      events.set(entry.topicName, lagEvent(link.linkName, entry.topicName, 'warning', lag, threshold));
  }
  // New breaches, worst first, while the link has room to track them.
  const fresh = [...observed]
    .filter(([name, lag]) => lag.messagesBehind > threshold && !next.has(name) && !events.has(name))
    .sort(([a, x], [b, y]) => y.messagesBehind - x.messagesBehind || byCodePoint(a, b))
    .slice(0, Math.max(0, MAX_LAGGING_TOPICS - next.size));
  for (const [name, lag] of fresh) {
    const checks = Math.min(1, heldChecks);
    const notified = checks >= heldChecks;
    next.set(name, { topicName: name, checks, notified });
    if (notified) events.set(name, lagEvent(link.linkName, name, 'warning', lag, threshold));
  }
  return {
    laggingTopics: [...next.values()].sort((a, b) => byCodePoint(a.topicName, b.topicName)),
    events: [...events.entries()].sort(([a], [b]) => byCodePoint(a, b)).map(([, e]) => e),
  };
}

/**
 * Every link with its breaches after this poll, and the lag events per link. `reading` is null
 * when no check was made or it failed: the recorded breaches are carried over unchanged.
 */
export function applyMirrorLag(
  links: readonly ClusterLink[],
  recorded: ReadonlyMap<string, ClusterLink>,
  reading: ClusterMirrorLags | null,
  settings: MirrorLagSettings | null,
): { readonly links: ClusterLink[]; readonly events: ReadonlyMap<string, readonly LinkChangeEvent[]> } {
  const byLink = reading === null ? null : lagsByLink(reading);
  // A complete listing that shows none of a link's topics says they have no lag to report.
  const unlisted = reading?.complete ? new Map<string, TopicLag>() : undefined;
  const events = new Map<string, readonly LinkChangeEvent[]>();
  const out = links.map((link) => {
    const before = recorded.get(link.linkName)?.laggingTopics ?? [];
    const observed = byLink === null ? undefined : (byLink.get(link.linkName) ?? unlisted);
    const result = evaluateLinkLag(
      link,
      before,
      observed,
      lagThresholdFor(link.linkName, settings),
      settings?.heldChecks ?? 1,
    );
    if (result.events.length > 0) events.set(link.linkName, result.events);
    const { laggingTopics: _listed, ...rest } = link;
    return result.laggingTopics.length === 0 ? rest : { ...rest, laggingTopics: result.laggingTopics };
  });
  return { links: out, events };
}

/** True when two links' breaches are the same, so that no write is needed for them. */
export function sameLaggingTopics(a: ClusterLink, b: ClusterLink): boolean {
  const x = a.laggingTopics ?? [];
  const y = b.laggingTopics ?? [];
  return (
    x.length === y.length &&
    x.every((t, i) => {
      // The lengths are equal, so every breach of one has its counterpart at the same place.
      const u = y[i] as LaggingTopic;
      return u.topicName === t.topicName && u.checks === t.checks && u.notified === t.notified;
    })
  );
}

/** A MIRROR_LAG_HIGH event: a breach held long enough (warning), or its end (resolved). */
export function lagEvent(
  linkName: string,
  topicName: string,
  severity: 'warning' | 'resolved',
  lag: TopicLag | null,
  threshold: number,
): LinkChangeEvent {
  const part: EventPart = {
    kind: 'mirror-topic',
    name: topicName,
    state: lag?.status ?? null,
    errorCode: null,
    errorMessage: null,
    stateSince: null,
    ...(lag !== null && {
      lag: { messagesBehind: lag.messagesBehind, threshold, worstPartitions: lag.worstPartitions },
    }),
  };
  return {
    type: 'MIRROR_LAG_HIGH',
    severity,
    linkName,
    from: null,
    to: lag === null ? null : String(lag.messagesBehind),
    topicsAdded: [],
    topicsRemoved: [],
    part,
    alertWorthy: true,
  };
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
