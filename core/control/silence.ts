/**
 * Silences: who asked not to be told about what, until when. A silenced event
 * is still recorded in history (with the silence's id) but not notified. Pure.
 */
import type { EventType, HistoryEvent } from '../model/change-events.js';
import type { Severity } from '../model/link-model.js';
import { matchesGlob } from './link-name-glob.js';
import { problemSeverity } from './problem-severity.js';

/** What a silence covers; every matcher given must match, an absent matcher matches anything. */
export interface SilenceMatchers {
  /** Cluster ids or labels (either may be given). */
  readonly clusters?: readonly string[];
  /** A link-name glob (`*`, `?`); cluster-level events have no link and never match one. */
  readonly linkName?: string;
  readonly eventTypes?: readonly EventType[];
  /**
   * Severities of the condition: a recovery (severity `resolved`) is matched by the severity of
   * the condition that ended, so silencing `critical` also keeps the recovery of a critical quiet.
   */
  readonly severities?: readonly Severity[];
}

export interface Silence {
  /** `s-...` for silences added from the CLI, `window:{name}` for maintenance windows. */
  readonly id: string;
  readonly matchers: SilenceMatchers;
  /** ISO-8601 UTC, inclusive. */
  readonly startsAt: string;
  /** ISO-8601 UTC, exclusive: the silence no longer applies at this instant. */
  readonly endsAt: string;
  readonly reason: string;
  readonly createdBy: string;
  readonly createdAt: string;
  /** Set when the silence was ended early with `silence expire`. */
  readonly expiredAt: string | null;
}

/** Cluster-level events that a silence hides only when it names them. */
const EXPLICIT_ONLY: ReadonlySet<EventType> = new Set(['CLUSTER_UNREACHABLE', 'CLUSTER_RECOVERED']);

/** When the silence stops applying: its end, or when it was expired if earlier. */
export function effectiveEnd(silence: Silence): string {
  return silence.expiredAt !== null && silence.expiredAt < silence.endsAt
    ? silence.expiredAt
    : silence.endsAt;
}

/** Whether the silence applies at `now` (ISO strings from `toISOString` compare as times). */
export function isActive(silence: Silence, now: Date): boolean {
  const at = now.toISOString();
  return silence.startsAt <= at && at < effectiveEnd(silence);
}

/** The facts a silence matches on, for an event or a link's current condition. */
export interface SilenceSubject {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly linkName: string | null;
  readonly type: EventType;
  /** The condition's severity (for a recovery: the one that ended). */
  readonly severity: Severity;
}

export function subjectOf(event: HistoryEvent): SilenceSubject {
  return {
    clusterId: event.clusterId,
    clusterLabel: event.clusterLabel,
    linkName: event.linkName,
    type: event.type,
    severity: problemSeverity(event),
  };
}

/**
 * Whether the matchers cover the subject. CLUSTER_UNREACHABLE (and its recovery) is covered only
 * when `eventTypes` names it: a silence on a link never hides that the whole cluster is gone.
 */
export function matches(matchers: SilenceMatchers, subject: SilenceSubject): boolean {
  if (matchers.eventTypes === undefined && EXPLICIT_ONLY.has(subject.type)) return false;
  if (matchers.eventTypes !== undefined && !matchers.eventTypes.includes(subject.type)) {
    // A recovery belongs to the unreachable it ends.
    const recoveryOfNamed =
      subject.type === 'CLUSTER_RECOVERED' && matchers.eventTypes.includes('CLUSTER_UNREACHABLE');
    if (!recoveryOfNamed) return false;
  }
  if (
    matchers.clusters !== undefined &&
    !matchers.clusters.some((c) => c === subject.clusterId || c === subject.clusterLabel)
  ) {
    return false;
  }
  if (matchers.linkName !== undefined) {
    if (subject.linkName === null || !matchesGlob(matchers.linkName, subject.linkName)) return false;
  }
  if (matchers.severities !== undefined && !matchers.severities.includes(subject.severity)) return false;
  return true;
}

/** The first active silence covering the subject (oldest first, for a stable answer), or null. */
export function silenceFor(subject: SilenceSubject, silences: readonly Silence[], now: Date): Silence | null {
  let found: Silence | null = null;
  for (const silence of silences) {
    if (!isActive(silence, now) || !matches(silence.matchers, subject)) continue;
    if (found === null || silence.startsAt < found.startsAt) found = silence;
  }
  return found;
}

/** What became of the silence that kept a condition quiet, at this poll. */
export type SilenceOutcome = { readonly kind: 'kept'; readonly id: string } | { readonly kind: 'ended' };

/**
 * Whether the silence `prior` (or another that now covers `subject`) still keeps a condition
 * quiet. `known: false` (the silences could not be read this poll) keeps it: an unreadable store
 * must not announce the end of every silence.
 */
export function silenceAfter(
  prior: string,
  subject: SilenceSubject,
  silences: readonly Silence[],
  now: Date,
  known = true,
): SilenceOutcome {
  if (!known || silences.some((s) => s.id === prior && isActive(s, now))) return { kind: 'kept', id: prior };
  const successor = silenceFor(subject, silences, now);
  return successor === null ? { kind: 'ended' } : { kind: 'kept', id: successor.id };
}
