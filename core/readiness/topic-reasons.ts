/**
 * What a link's mirror topics say against a failover, from what the poller recorded: topics that
 * failed, are stuck in a transition or stalled (not ready); topics behind their time target, over
 * their lag threshold or not mirroring, and topics the listing counts but no read named (at risk).
 * Each topic gives one reason, its worst, so that one problem is not counted twice. Also the
 * topics worth a look, worst first. Pure.
 */
import {
  type ClusterLink,
  conditionSeverity,
  type LinkTaskError,
  type MirrorTopicState,
  type TopicProgress,
} from '../model/link-model.js';
import { topicSeverity } from '../model/link-parts.js';
import { formatDuration } from '../notify/render/durations.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import { groupDigits } from './group-digits.js';
import { atRisk, notReady, type ReadinessReason, verdictRank } from './readiness-reasons.js';

/** A mirror topic among the worst of a link, as recorded. */
export interface ReadinessTopic {
  readonly topicName: string;
  /** `mirror_status` when recorded (unhealthy or stuck topics only); null otherwise. */
  readonly status: string | null;
  /** The most messages behind of its partitions at the last progress read; null when not lagging. */
  readonly messagesBehind: number | null;
  /** Estimated seconds behind; null until two reads have shown the fetch rate. */
  readonly secondsBehind: number | null;
  /** Messages per second fetched between the last two reads; null when unknown. */
  readonly fetchRate: number | null;
  readonly stalled: boolean;
}

/** Topics shown per link: enough to act on, few enough to read. */
export const MAX_WORST_TOPICS = 5;

/**
 * The reasons a link's topics give, each topic its worst only, and the topics worth a look.
 *
 * @param settings - the readiness settings; null: checks off
 * @param target - the link's time-behind target in seconds, above 0; null: none
 * @returns `worstTopics`: at most {@link MAX_WORST_TOPICS}, worst first
 */
export function topicReadiness(
  link: ClusterLink,
  settings: ReadinessSettings | null,
  target: number | null,
): { readonly reasons: ReadinessReason[]; readonly worstTopics: ReadinessTopic[] } {
  const reasons: ReadinessReason[] = [];
  const topicsWithReason = new Map<string, ReadinessReason['verdict']>();
  const add = (reason: ReadinessReason, topicName?: string): void => {
    if (topicName !== undefined) {
      if (topicsWithReason.has(topicName)) return;
      topicsWithReason.set(topicName, reason.verdict);
    }
    reasons.push(reason);
  };
  const progress = new Map((link.topicProgress ?? []).map((p) => [p.topicName, p]));

  for (const topic of byName(link.mirrorTopics ?? [])) {
    if (topicSeverity(topic) === 'critical')
      add(notReady('TOPIC_FAILED', failedTopicText(topic)), topic.topicName);
  }
  for (const stuck of byName(link.stuckTopics ?? [])) {
    const error = errorText(stuck.transitionErrors);
    const limit = settings === null ? '' : ` past ${formatDuration(settings.stuckAfterMs / 1000) ?? ''}`;
    add(
      notReady(
        'TOPIC_STUCK',
        `${stuck.topicName} stuck in ${stuck.status}${limit}: ${error ?? 'no transition error reported'}`,
      ),
      stuck.topicName,
    );
  }
  for (const topic of worstFirst(link.topicProgress ?? [])) {
    if (topic.stallNotified) add(notReady('TOPIC_STALLED', stallText(topic, settings)), topic.topicName);
  }
  for (const topic of worstFirst(link.topicProgress ?? [])) {
    const over = topic.secondsBehind !== null && target !== null && topic.secondsBehind > target;
    if (topic.behindNotified || over)
      add(atRisk('BEHIND_TARGET', behindText(topic, target)), topic.topicName);
  }
  for (const lagging of byName(link.laggingTopics ?? [])) {
    if (!lagging.notified) continue;
    const behind = messagesBehind(progress.get(lagging.topicName));
    const figures = behind === null ? '' : `: ${groupDigits(behind)} messages behind`;
    add(
      atRisk('LAG_OVER_THRESHOLD', `${lagging.topicName} over its lag threshold${figures}`),
      lagging.topicName,
    );
  }
  for (const topic of byName(link.mirrorTopics ?? [])) {
    const severity = topicSeverity(topic);
    if (severity === 'warning' || severity === 'info')
      add(
        atRisk('TOPIC_NOT_ACTIVE', `${topic.topicName} ${topic.status}: it is not mirroring`),
        topic.topicName,
      );
  }
  // The listing counts every topic; what the reads named is accounted for above. While the link
  // itself is unhealthy its topics only echo it (LINK_PAUSED counts as PAUSED).
  if (conditionSeverity(link) === null) {
    for (const unexplained of unexplainedCounts(link)) add(atRisk('TOPIC_NOT_ACTIVE', unexplained));
  }
  return { reasons, worstTopics: worstTopics(link, topicsWithReason) };
}

function failedTopicText(topic: MirrorTopicState): string {
  const error = topic.error === null ? '' : ` (${topic.error})`;
  const message = topic.transitionErrors[0]?.errorMessage;
  return `${topic.topicName} ${topic.status}${error}${message === undefined ? '' : `: ${message}`}`;
}

function errorText(errors: readonly LinkTaskError[]): string | null {
  const first = errors[0];
  if (first === undefined) return null;
  return first.errorMessage === '' ? first.errorCode : `${first.errorCode}: ${first.errorMessage}`;
}

/** Which rule found the stall: the one that has held for the rule's reads, else the longer run. */
function stallText(topic: TopicProgress, settings: ReadinessSettings | null): string {
  const fetchStopped =
    settings === null ? topic.unmovedReads >= topic.risingReads : topic.unmovedReads >= settings.stallReads;
  const how = fetchStopped
    ? `fetch offset unmoved for ${topic.unmovedReads} reads`
    : `lag rising for ${topic.risingReads} reads`;
  const behind = messagesBehind(topic);
  return `${topic.topicName} stalled: ${behind === null ? '' : `${groupDigits(behind)} messages behind, `}${how}`;
}

function behindText(topic: TopicProgress, target: number | null): string {
  const behind = topic.secondsBehind === null ? null : formatDuration(topic.secondsBehind);
  const targetText = target === null ? 'over its target' : `target ${formatDuration(target) ?? `${target}s`}`;
  if (behind === null) return `${topic.topicName} behind its target`;
  const basis = topic.fetchRate === null ? '' : ` (estimate from ${rateText(topic.fetchRate)} msg/s)`;
  return `${topic.topicName} ~${behind} behind, ${targetText}${basis}`;
}

/** Confluent's categories for a mirror status, as `category_counts` groups them. */
function categoryOf(status: string, error: string | null): string {
  if (error !== null) return 'IN_ERROR';
  if (status === 'ACTIVE') return 'ACTIVE';
  if (status === 'PAUSED' || status === 'LINK_PAUSED') return 'PAUSED';
  if (status === 'STOPPED' || status === 'PENDING_STOPPED') return 'NOT_APPLICABLE';
  if (status.startsWith('PENDING_')) return 'PENDING';
  return 'IN_ERROR';
}

/**
 * Topics the listing counts as paused, pending, in error or in a category not known yet, beyond
 * those the recorded topics account for: the reads may not have named them yet.
 */
function unexplainedCounts(link: ClusterLink): string[] {
  const named = new Map<string, number>();
  const seen = new Set<string>();
  const recorded: { topicName: string; status: string; error: string | null }[] = [
    ...(link.mirrorTopics ?? []),
    ...(link.stuckTopics ?? []).map((s) => ({ topicName: s.topicName, status: s.status, error: null })),
  ];
  for (const topic of recorded) {
    if (seen.has(topic.topicName)) continue;
    seen.add(topic.topicName);
    const category = categoryOf(topic.status, topic.error);
    named.set(category, (named.get(category) ?? 0) + 1);
  }
  return [...link.categoryCounts]
    .filter((c) => c.stateCategory !== 'ACTIVE' && c.stateCategory !== 'NOT_APPLICABLE')
    .sort((a, b) => byCodePoint(a.stateCategory, b.stateCategory))
    .flatMap((c) => {
      const unexplained = c.count - (named.get(c.stateCategory) ?? 0);
      if (unexplained <= 0) return [];
      const topics = unexplained === 1 ? '1 mirror topic' : `${groupDigits(unexplained)} mirror topics`;
      return [`${topics} ${c.stateCategory} by the listing's counts, not named by the last read`];
    });
}

/**
 * The topics worth a look, worst first: those with a not-ready reason, then at risk, then the
 * rest that are lagging; within each, furthest behind in time, then in messages, then by name.
 */
function worstTopics(
  link: ClusterLink,
  reasons: ReadonlyMap<string, ReadinessReason['verdict']>,
): ReadinessTopic[] {
  const topics = new Map<string, ReadinessTopic>();
  const entry = (topicName: string): ReadinessTopic =>
    topics.get(topicName) ?? {
      topicName,
      status: null,
      messagesBehind: null,
      secondsBehind: null,
      fetchRate: null,
      stalled: false,
    };
  for (const t of link.mirrorTopics ?? [])
    topics.set(t.topicName, { ...entry(t.topicName), status: t.status });
  for (const t of link.stuckTopics ?? [])
    topics.set(t.topicName, { ...entry(t.topicName), status: t.status });
  for (const t of link.laggingTopics ?? []) if (t.notified) topics.set(t.topicName, entry(t.topicName));
  for (const p of link.topicProgress ?? [])
    topics.set(p.topicName, {
      ...entry(p.topicName),
      messagesBehind: messagesBehind(p),
      secondsBehind: p.secondsBehind,
      fetchRate: p.fetchRate,
      stalled: p.stallNotified,
    });
  const rank = (t: ReadinessTopic): number => {
    const verdict = reasons.get(t.topicName);
    return verdict === undefined ? 0 : verdictRank(verdict);
  };
  return [...topics.values()]
    .sort(
      (a, b) =>
        rank(b) - rank(a) ||
        (b.secondsBehind ?? -1) - (a.secondsBehind ?? -1) ||
        (b.messagesBehind ?? -1) - (a.messagesBehind ?? -1) ||
        byCodePoint(a.topicName, b.topicName),
    )
    .slice(0, MAX_WORST_TOPICS);
}

/** The most messages behind of a topic's recorded partitions; null when none is recorded. */
function messagesBehind(progress: TopicProgress | undefined): number | null {
  if (progress === undefined || progress.partitions.length === 0) return null;
  return Math.max(...progress.partitions.map((p) => p.lag));
}

/** Furthest behind first, so the reasons of one code read worst first. */
function worstFirst(progress: readonly TopicProgress[]): TopicProgress[] {
  return [...progress].sort(
    (a, b) =>
      (b.secondsBehind ?? -1) - (a.secondsBehind ?? -1) ||
      (messagesBehind(b) ?? -1) - (messagesBehind(a) ?? -1) ||
      byCodePoint(a.topicName, b.topicName),
  );
}

function byName<T extends { readonly topicName: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => byCodePoint(a.topicName, b.topicName));
}

/** `40`, `2.5`, `0.25`: whole above 10, otherwise two significant figures. */
function rateText(rate: number): string {
  if (rate >= 10) return groupDigits(Math.round(rate));
  return String(Number(rate.toPrecision(2)));
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
