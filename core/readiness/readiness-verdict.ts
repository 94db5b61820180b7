/**
 * Failover readiness: "am I protected?" answered per link from what the poller recorded (its
 * condition, its unhealthy mirror topics and tasks, the progress of lagging topics, stuck
 * transitions, the syncs a failover relies on, the last dry run). Pure: a link in, a verdict with
 * its reasons out, so the CLI, the status table and any later message say the same thing.
 */
import { matchesGlob } from '../control/link-name-glob.js';
import {
  type ClusterLink,
  conditionSeverity,
  type LinkTaskError,
  type MirrorTopicState,
  type TopicProgress,
} from '../model/link-model.js';
import { topicSeverity } from '../model/link-parts.js';
import { isSwitchedOn, LINK_SYNCS, type LinkSync, syncOfConfig, syncOfTask } from '../model/link-syncs.js';
import { formatDuration } from '../notify/render/durations.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';

export type ReadinessVerdict = 'ready' | 'at risk' | 'not ready';

/** Verdicts from best to worst, for sorting and for machines that compare them. */
export const READINESS_VERDICTS: readonly ReadinessVerdict[] = Object.freeze([
  'ready',
  'at risk',
  'not ready',
]);

/**
 * Every reason's code, in the order reasons of one verdict are listed: the not-ready ones, then
 * those at risk. Machines read the JSON report by them; more may be added, none renamed.
 */
export const READINESS_REASON_CODES = Object.freeze([
  'LINK_UNHEALTHY',
  'TOPIC_FAILED',
  'TOPIC_STUCK',
  'TOPIC_STALLED',
  'DRY_RUN_FAILED',
  'BEHIND_TARGET',
  'LAG_OVER_THRESHOLD',
  'SYNC_FAILING',
  'SYNC_OFF',
  'TOPIC_NOT_ACTIVE',
  'PARTS_UNREAD',
] as const);

/** Why a link is not ready or at risk. */
export interface ReadinessReason {
  readonly verdict: 'at risk' | 'not ready';
  /** One of {@link READINESS_REASON_CODES}. */
  readonly code: string;
  /** One short sentence naming the topic, sync or figures. */
  readonly text: string;
}

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

/** A sync a failover relies on, as recorded. */
export interface ReadinessSync {
  /** What it keeps in step: `consumer offsets`. */
  readonly what: string;
  /** The config that switches it on; null when it cannot be switched off. */
  readonly config: string | null;
  /** Null when unknown: the link's configs were not read yet, or the value is sensitive. */
  readonly enabled: boolean | null;
  /** The state of its task when recorded (only unhealthy tasks are kept); null otherwise. */
  readonly taskState: string | null;
  /** Switched on, but its task cannot do its work. */
  readonly broken: boolean;
}

/** The last failover dry run, as recorded. */
export interface ReadinessDryRun {
  /** When this outcome was first seen (ISO). */
  readonly since: string;
  /** Topics it covered. */
  readonly topics: number;
  /** Topics that would not fail over, with Confluent's error. */
  readonly failures: readonly {
    readonly topicName: string;
    readonly errorCode: string;
    readonly errorMessage: string | null;
  }[];
}

export interface LinkReadiness {
  readonly linkName: string;
  readonly verdict: ReadinessVerdict;
  /** Not-ready reasons first; empty when ready. */
  readonly reasons: readonly ReadinessReason[];
  /** At most {@link MAX_WORST_TOPICS}, worst first. */
  readonly worstTopics: readonly ReadinessTopic[];
  /** Every sync of `LINK_SYNCS`, in its order. */
  readonly syncs: readonly ReadinessSync[];
  readonly dryRun: ReadinessDryRun | null;
  /**
   * `off` when no readiness settings were given: the verdict then judges only what was recorded,
   * which lacks time behind, stalls, stuck topics, configs and dry runs unless the poller reads them.
   */
  readonly checks: 'on' | 'off';
}

/** Topics shown per link: enough to act on, few enough to read. */
export const MAX_WORST_TOPICS = 5;
/** Topics a dry-run reason names; the rest are counted. */
const MAX_DRY_RUN_NAMES = 3;

/**
 * The time-behind target of a link: the first `links` rule whose glob matches its name (0 there
 * means no target), else `maxSecondsBehind`; null when there is none or checks are off.
 */
export function readinessTargetFor(linkName: string, settings: ReadinessSettings | null): number | null {
  if (settings === null) return null;
  const rule = settings.links.find((r) => matchesGlob(r.link, linkName));
  if (rule === undefined) return settings.maxSecondsBehind;
  return rule.maxSecondsBehind === 0 ? null : rule.maxSecondsBehind;
}

/**
 * Whether `link` could fail over now without losing more than its target, and why not.
 *
 * Not ready: the link's own condition is unhealthy; a mirror topic failed, is stuck in a
 * transition or stalled; the last dry run found topics that would not fail over. At risk: a topic
 * is behind its time target or over its lag threshold, a sync is failing or switched off, a topic
 * is not ACTIVE, or reads are owed (what is recorded may be stale). Each topic gives one reason,
 * its worst, so that one problem is not counted twice.
 *
 * @param settings - the readiness settings; null: checks off, judge what is recorded
 * @param targetSeconds - the link's time-behind target ({@link readinessTargetFor}); null: none
 */
export function linkReadiness(
  link: ClusterLink,
  settings: ReadinessSettings | null,
  targetSeconds: number | null,
): LinkReadiness {
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
  const target = targetSeconds !== null && targetSeconds > 0 ? targetSeconds : null;

  const linkSeverity = conditionSeverity(link);
  if (linkSeverity !== null) add(notReady('LINK_UNHEALTHY', linkText(link)));

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
  const dryRun = link.dryRun ?? null;
  if (dryRun !== null && dryRun.failures.length > 0) add(notReady('DRY_RUN_FAILED', dryRunText(dryRun)));

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
  const syncs = syncStates(link);
  for (const broken of link.brokenSyncs ?? []) {
    const sync =
      syncOfTask(broken.taskName) ?? (broken.config === null ? undefined : syncOfConfig(broken.config));
    const error =
      broken.errorCode === null
        ? ''
        : ` (${broken.errorCode}${broken.errorMessage === null ? '' : `: ${broken.errorMessage}`})`;
    const loss =
      sync?.loss ??
      `${broken.config ?? `the sync of ${broken.taskName}`} is on but its task cannot do its work`;
    add(atRisk('SYNC_FAILING', `${loss}; task ${broken.taskName} ${broken.taskState}${error}`));
  }
  for (const [index, sync] of syncs.entries()) {
    const known = LINK_SYNCS[index];
    if (sync.enabled === false && known !== undefined) add(atRisk('SYNC_OFF', switchedOffText(known, link)));
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
  if (linkSeverity === null) {
    for (const unexplained of unexplainedCounts(link)) add(atRisk('TOPIC_NOT_ACTIVE', unexplained));
  }
  if (link.unreadParts !== undefined) add(atRisk('PARTS_UNREAD', unreadText(link)));

  const sorted = reasons
    .map((reason, order) => ({ reason, order }))
    .sort((a, b) => verdictRank(b.reason.verdict) - verdictRank(a.reason.verdict) || a.order - b.order)
    .map((r) => r.reason);
  return {
    linkName: link.linkName,
    verdict: sorted.some((r) => r.verdict === 'not ready')
      ? 'not ready'
      : sorted.length > 0
        ? 'at risk'
        : 'ready',
    reasons: sorted,
    worstTopics: worstTopics(link, topicsWithReason),
    syncs,
    dryRun:
      dryRun === null
        ? null
        : {
            since: dryRun.since,
            topics: dryRun.topics,
            failures: dryRun.failures.map((f) => ({ ...f })),
          },
    checks: settings === null ? 'off' : 'on',
  };
}

type ReasonCode = (typeof READINESS_REASON_CODES)[number];

function notReady(code: ReasonCode, text: string): ReadinessReason {
  return { verdict: 'not ready', code, text };
}

function atRisk(code: ReasonCode, text: string): ReadinessReason {
  return { verdict: 'at risk', code, text };
}

function verdictRank(verdict: ReadinessVerdict): number {
  return READINESS_VERDICTS.indexOf(verdict);
}

function linkText(link: ClusterLink): string {
  const state = link.linkState ?? 'state not reported';
  if (link.linkError === null) return `link ${state}`;
  const message = link.linkErrorMessage === null ? '' : `: ${link.linkErrorMessage}`;
  return `link ${state} (${link.linkError}${message})`;
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

function dryRunText(dryRun: NonNullable<ClusterLink['dryRun']>): string {
  const named = dryRun.failures.slice(0, MAX_DRY_RUN_NAMES).map((f) => f.topicName);
  const more =
    dryRun.failures.length > named.length ? ` and ${dryRun.failures.length - named.length} more` : '';
  const first = dryRun.failures[0];
  const error =
    first === undefined
      ? ''
      : `; ${first.topicName}: error ${first.errorCode}${first.errorMessage === null ? '' : `, ${first.errorMessage}`}`;
  return `failover dry run: ${dryRun.failures.length} of ${dryRun.topics} topics would not fail over (${named.join(', ')}${more})${error}`;
}

function switchedOffText(sync: LinkSync, link: ClusterLink): string {
  const value = link.configs?.values.find((v) => v.name === sync.enableConfig)?.value ?? null;
  return `${sync.loss} (${sync.enableConfig} is ${value ?? 'not set'})`;
}

function unreadText(link: ClusterLink): string {
  const unread = link.unreadParts;
  const parts = [unread?.mirrorTopics ? 'mirror topics' : null, unread?.tasks ? 'tasks' : null]
    .filter((p) => p !== null)
    .join(' and ');
  return `${parts === '' ? 'details' : parts} owed a read since ${unread?.since ?? 'unknown'}: what is recorded may be stale`;
}

/** Each sync of `LINK_SYNCS`: on, off or unknown by the configs; broken by the recorded tasks. */
function syncStates(link: ClusterLink): ReadinessSync[] {
  return LINK_SYNCS.map((sync) => {
    const broken = (link.brokenSyncs ?? []).find(
      (b) => b.taskName === sync.taskName || (sync.enableConfig !== null && b.config === sync.enableConfig),
    );
    const task = link.tasks.find((t) => t.taskName === sync.taskName);
    return {
      what: sync.what,
      config: sync.enableConfig,
      enabled: enabledByConfig(sync, link),
      taskState: broken?.taskState ?? task?.state ?? null,
      broken: broken !== undefined,
    };
  });
}

function enabledByConfig(sync: LinkSync, link: ClusterLink): boolean | null {
  if (sync.enableConfig === null) return true;
  if (link.configs === undefined) return null;
  const entry = link.configs.values.find((v) => v.name === sync.enableConfig);
  if (entry?.sensitive === true) return null;
  // Read but not listed: Confluent's default for every switch is off.
  return isSwitchedOn(entry?.value);
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

/** `1,200`: the same on every machine, whatever its locale. */
export function groupDigits(value: number): string {
  const [whole = '', fraction] = String(Math.abs(value)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
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
