/**
 * The invariants every fault case and the soak check once the faults are over: whatever went
 * wrong on the way, the monitor's history, its notifications and its final state must agree with
 * what really happened to the links.
 *
 * The checker is pure: it takes the truth (what the simulated clusters held at each poll), the
 * poll results, the history and final state read back from the store, and every publish attempt,
 * and returns one verdict per invariant with readable violations.
 *
 * How "really happened" is judged, per link and per dimension (presence with `cluster_link_id`,
 * `link_state`, `link_error`):
 * - T: the values the link had at the start of each poll (truth samples), consecutive repeats merged.
 * - H: the values history recorded, from its events in order.
 * - S: the values at polls that listed and stored the cluster completely (no list or store failure).
 * Then: H chains (each event starts where the previous one ended: no duplicate, no gap);
 * H is a time-ordered subsequence of T (nothing invented, no removal that did not happen);
 * S is a subsequence of H (every change a complete poll saw is recorded); in strict mode H equals T.
 */
import type { HistoryEvent } from '../../core/model/change-events.js';
import type { ClusterPollResult } from '../../core/poll/poll-results.js';
import type { ClusterState } from '../../core/ports.js';
import { INVARIANT_DESCRIPTIONS, type InvariantName } from '../../scripts/invariant-catalog.js';

/** What a link really was at one moment. */
export interface TruthLink {
  readonly clusterLinkId: string;
  readonly linkState: string | null;
  readonly linkError: string | null;
}

/** Truth of every cluster at one poll: cluster id to link name to condition (absent = no link). */
export type TruthSample = ReadonlyMap<string, ReadonlyMap<string, TruthLink>>;

/** One poll as the harness saw it. */
export interface PollRecord {
  /** ISO time the poll started (the poller's clock). */
  readonly at: string;
  readonly truth: TruthSample;
  /** Results of every poll that ran at this moment (two when polls overlap). */
  readonly results: readonly ClusterPollResult[];
  /** Clusters the test deliberately made fail in this poll; every other cluster must come out `ok`. */
  readonly faulty: ReadonlySet<string>;
}

/** One call of the notifier. */
export interface PublishAttempt {
  readonly eventIds: readonly string[];
  /** True when the notification reached its destination. */
  readonly delivered: boolean;
  /**
   * False when the poll could not record the delivery afterwards (its publish step failed after
   * the message went out, e.g. marking it sent failed): a later poll may then deliver it again.
   * @default true
   */
  readonly confirmed?: boolean;
}

export interface InvariantInput {
  readonly clusterIds: readonly string[];
  readonly polls: readonly PollRecord[];
  /** Every history event of every cluster, in any order. */
  readonly history: readonly HistoryEvent[];
  /** The store's state of each cluster after the clean polls. */
  readonly finalState: ReadonlyMap<string, ClusterState>;
  /** Events still pending per cluster after the clean polls. */
  readonly pending: ReadonlyMap<string, readonly HistoryEvent[]>;
  readonly publishAttempts: readonly PublishAttempt[];
  /**
   * Every change in the truth was held long enough for a complete poll to see it, so history must
   * hold every transition of the timeline, not only a faithful subset.
   */
  readonly strict?: boolean;
}

export interface InvariantVerdict {
  readonly name: InvariantName;
  readonly passed: boolean;
  /** At most a handful of examples per invariant. */
  readonly violations: readonly string[];
}

export interface InvariantReport {
  readonly verdicts: readonly InvariantVerdict[];
  /** All violations, prefixed with the invariant's name. */
  readonly violations: readonly string[];
  /** Counts for the report: events, transitions checked, publishes. */
  readonly stats: {
    readonly events: number;
    readonly transitionsChecked: number;
    readonly publishAttempts: number;
    readonly deliveredEvents: number;
  };
}

const ABSENT = '(absent)';
const MAX_EXAMPLES = 5;
/** Types a poll does not notify by default (recorded as NOT_NOTIFIED). */
// Recorded for history, notified only on request (or never: counts are told by the link's message).
const QUIET_TYPES = new Set([
  'LINK_ERROR_MESSAGE_CHANGED',
  'MIRROR_TOPICS_CHANGED',
  'MIRROR_STATE_COUNTS_CHANGED',
]);

type Dimension = 'presence' | 'state' | 'error';
const DIMENSIONS: readonly Dimension[] = ['presence', 'state', 'error'];

interface Transition {
  readonly from: string | null;
  readonly to: string | null;
  readonly at: string;
  readonly eventId: string;
  /** A first-listing event: its `from` is not a value the link had. */
  readonly baseline: boolean;
}

function dimensionValue(link: TruthLink | undefined, dimension: Dimension): string | null {
  if (dimension === 'presence') return link?.clusterLinkId ?? null;
  if (link === undefined) return ABSENT;
  return dimension === 'state' ? link.linkState : link.linkError;
}

function show(value: string | null): string {
  return value === null ? 'null' : value;
}

/** The transitions one event records, per dimension. */
function transitionsOf(event: HistoryEvent): Partial<Record<Dimension, Transition>> {
  const base = { at: event.observedAt, eventId: event.eventId, baseline: false };
  const link = event.link;
  switch (event.type) {
    case 'LINK_ADDED':
      return {
        presence: { ...base, from: null, to: event.clusterLinkId },
        state: { ...base, from: ABSENT, to: link?.linkState ?? null },
        error: { ...base, from: ABSENT, to: link?.linkError ?? null },
      };
    case 'LINK_REMOVED':
      return {
        presence: { ...base, from: event.clusterLinkId, to: null },
        state: { ...base, from: link?.linkState ?? null, to: ABSENT },
        error: { ...base, from: link?.linkError ?? null, to: ABSENT },
      };
    case 'LINK_RECREATED':
      return { presence: { ...base, from: event.from, to: event.to } };
    case 'LINK_STATE_CHANGED':
    case 'LINK_ERROR_CHANGED': {
      const dimension = event.type === 'LINK_STATE_CHANGED' ? 'state' : 'error';
      const baseline = event.previousSince === null && event.from === null;
      return { [dimension]: { ...base, from: event.from, to: event.to, baseline } };
    }
    default:
      return {};
  }
}

/** Orders a link's events: by poll time, then by the version in the event id. */
function byObservation(a: HistoryEvent, b: HistoryEvent): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? -1 : 1;
  const version = (e: HistoryEvent) => Number(/#v(\d+)#/.exec(e.eventId)?.[1] ?? 0);
  return version(a) - version(b) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

function collapse<T>(values: readonly T[]): T[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

function isSubsequence(needle: readonly (string | null)[], haystack: readonly (string | null)[]): boolean {
  let j = 0;
  for (const value of haystack) if (j < needle.length && needle[j] === value) j++;
  return j === needle.length;
}

/** A poll listed and stored this cluster completely: its snapshot now equals that poll's truth. */
function completelyRecorded(result: ClusterPollResult): boolean {
  return result.outcome === 'ok' || (result.outcome === 'failed' && result.failedStep === 'publish');
}

class Collector {
  readonly #violations = new Map<InvariantName, string[]>();

  add(name: InvariantName, message: string): void {
    const list = this.#violations.get(name) ?? [];
    list.push(message);
    this.#violations.set(name, list);
  }

  verdicts(): InvariantVerdict[] {
    return (Object.keys(INVARIANT_DESCRIPTIONS) as InvariantName[]).map((name) => {
      const all = this.#violations.get(name) ?? [];
      const shown = all.slice(0, MAX_EXAMPLES);
      if (all.length > MAX_EXAMPLES) shown.push(`... and ${all.length - MAX_EXAMPLES} more`);
      return { name, passed: all.length === 0, violations: shown };
    });
  }
}

/**
 * Checks every invariant. Never throws for a violation: the caller asserts on `violations`
 * (and can print the whole report first).
 */
export function checkInvariants(input: InvariantInput): InvariantReport {
  const out = new Collector();
  let transitionsChecked = 0;

  const ids = new Set<string>();
  for (const event of input.history) {
    if (ids.has(event.eventId))
      out.add('history-exactly-once', `event id ${event.eventId} appears twice in history`);
    ids.add(event.eventId);
  }

  const polls = [...input.polls].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const clusterId of input.clusterIds) {
    const events = input.history.filter((e) => e.clusterId === clusterId).sort(byObservation);
    const samples = polls
      .map((poll) => ({ poll, links: poll.truth.get(clusterId) }))
      .filter((s): s is { poll: PollRecord; links: ReadonlyMap<string, TruthLink> } => s.links !== undefined);
    const finalState = input.finalState.get(clusterId);
    const finalTruth = samples.at(-1)?.links ?? new Map<string, TruthLink>();
    const snapshots = new Map((finalState?.links ?? []).map((s) => [s.link.linkName, s.link]));

    const names = new Set<string>([...snapshots.keys()]);
    for (const s of samples) for (const name of s.links.keys()) names.add(name);
    for (const e of events) if (e.linkName !== null) names.add(e.linkName);

    for (const linkName of [...names].sort()) {
      const linkEvents = events.filter((e) => e.linkName === linkName);
      for (const dimension of DIMENSIONS) {
        transitionsChecked += checkDimension({
          out,
          where: `${clusterId}/${linkName} ${dimension}`,
          dimension,
          transitions: linkEvents.flatMap((e) => transitionsOf(e)[dimension] ?? []),
          samples: samples.map((s) => ({
            at: s.poll.at,
            value: dimensionValue(s.links.get(linkName), dimension),
            poll: s.poll,
          })),
          finalRecorded: dimensionValue(snapshots.get(linkName), dimension),
          clusterId,
          strict: input.strict ?? false,
        });
      }

      for (const removal of linkEvents.filter((e) => e.type === 'LINK_REMOVED')) {
        const absentBefore = samples.some((s) => s.poll.at <= removal.observedAt && !s.links.has(linkName));
        if (!absentBefore) {
          out.add(
            'no-phantom-removal',
            `${clusterId}/${linkName}: LINK_REMOVED at ${removal.observedAt} but no poll up to then found it absent`,
          );
        }
      }
    }

    checkRecovery(
      out,
      clusterId,
      events,
      finalState,
      finalTruth,
      snapshots,
      input.pending.get(clusterId) ?? [],
    );
    checkContainment(out, clusterId, polls);
  }

  const delivered = checkPublishing(out, input.history, input.publishAttempts);

  const verdicts = out.verdicts();
  return {
    verdicts,
    violations: verdicts.flatMap((v) => v.violations.map((m) => `${v.name}: ${m}`)),
    stats: {
      events: input.history.length,
      transitionsChecked,
      publishAttempts: input.publishAttempts.length,
      deliveredEvents: delivered,
    },
  };
}

function checkDimension(c: {
  out: Collector;
  where: string;
  dimension: Dimension;
  transitions: readonly Transition[];
  samples: readonly { at: string; value: string | null; poll: PollRecord }[];
  finalRecorded: string | null;
  clusterId: string;
  strict: boolean;
}): number {
  const { out, where, transitions, samples } = c;

  // Chain: each event starts where the previous one ended.
  for (let i = 1; i < transitions.length; i++) {
    const previous = transitions[i - 1] as Transition;
    const current = transitions[i] as Transition;
    if (current.from !== previous.to) {
      out.add(
        'history-exactly-once',
        `${where}: ${current.eventId} goes ${show(current.from)} -> ${show(current.to)} but the previous event ended at ${show(previous.to)}`,
      );
    }
  }

  // H with times: the starting value (unless it was a first listing's), then every `to`.
  const first = transitions[0];
  const recorded: { value: string | null; at: string }[] =
    first === undefined
      ? [{ value: c.finalRecorded, at: samples.at(-1)?.at ?? '' }]
      : [
          ...(first.baseline ? [] : [{ value: first.from, at: first.at }]),
          ...transitions.map((t) => ({ value: t.to, at: t.at })),
        ];

  // H is a time-ordered subsequence of the truth samples.
  let j = 0;
  for (const entry of recorded) {
    while (j < samples.length && samples[j]?.value !== entry.value) j++;
    const match = samples[j];
    if (match === undefined || match.at > entry.at) {
      out.add(
        'history-matches-timeline',
        `${where}: history records ${show(entry.value)} at ${entry.at}, which the link did not have at any poll in that order (truth ${collapse(
          samples.map((s) => s.value),
        )
          .map(show)
          .join(' > ')})`,
      );
      break;
    }
  }

  // Every value a complete poll saw is in H.
  const values = recorded.map((r) => r.value);
  const seen = collapse(
    samples
      .filter((s) => s.poll.results.some((r) => r.clusterId === c.clusterId && completelyRecorded(r)))
      .map((s) => s.value),
  );
  if (!isSubsequence(seen, values)) {
    out.add(
      'history-matches-timeline',
      `${where}: complete polls saw ${seen.map(show).join(' > ')} but history records ${values.map(show).join(' > ')}`,
    );
  }
  if (c.strict) {
    const truth = collapse(samples.map((s) => s.value));
    // A link created after the first poll starts absent; its creation is the LINK_ADDED event.
    if (truth.join('\u0000') !== collapse(values).join('\u0000')) {
      out.add(
        'history-matches-timeline',
        `${where}: the timeline was ${truth.map(show).join(' > ')} but history records ${values.map(show).join(' > ')}`,
      );
    }
  }
  return transitions.length;
}

function checkRecovery(
  out: Collector,
  clusterId: string,
  events: readonly HistoryEvent[],
  finalState: ClusterState | undefined,
  finalTruth: ReadonlyMap<string, TruthLink>,
  snapshots: ReadonlyMap<
    string,
    { clusterLinkId: string; linkState: string | null; linkError: string | null }
  >,
  pending: readonly HistoryEvent[],
): void {
  const name = 'nothing-pending-after-recovery';
  for (const event of pending)
    out.add(name, `${clusterId}: ${event.eventId} (${event.type}) is still pending`);
  for (const event of events) {
    if (event.notification === 'PENDING')
      out.add(name, `${clusterId}: ${event.eventId} (${event.type}) is still PENDING in history`);
    if (event.notification === 'NOT_NOTIFIED' && !QUIET_TYPES.has(event.type)) {
      out.add(name, `${clusterId}: ${event.eventId} (${event.type}) was never notified`);
    }
  }
  const record = finalState?.cluster ?? null;
  if (record === null) out.add(name, `${clusterId}: no cluster record`);
  else if (record.consecutiveFailures !== 0 || record.baselineAt === null) {
    out.add(
      name,
      `${clusterId}: cluster record not healthy (failures ${record.consecutiveFailures}, baseline ${record.baselineAt})`,
    );
  }
  for (const [linkName, truth] of finalTruth) {
    const snapshot = snapshots.get(linkName);
    if (
      snapshot === undefined ||
      snapshot.clusterLinkId !== truth.clusterLinkId ||
      snapshot.linkState !== truth.linkState ||
      snapshot.linkError !== truth.linkError
    ) {
      out.add(
        name,
        `${clusterId}/${linkName}: snapshot ${JSON.stringify(snapshot ?? null)} differs from the truth ${JSON.stringify(truth)}`,
      );
    }
  }
  for (const linkName of snapshots.keys()) {
    if (!finalTruth.has(linkName))
      out.add(name, `${clusterId}/${linkName}: snapshot of a link that no longer exists`);
  }
  let open = false;
  for (const event of events) {
    if (event.type === 'CLUSTER_UNREACHABLE') {
      if (open) out.add(name, `${clusterId}: CLUSTER_UNREACHABLE twice without CLUSTER_RECOVERED in between`);
      open = true;
    } else if (event.type === 'CLUSTER_RECOVERED') {
      if (!open) out.add(name, `${clusterId}: CLUSTER_RECOVERED without CLUSTER_UNREACHABLE before it`);
      open = false;
    }
  }
  if (open) out.add(name, `${clusterId}: CLUSTER_UNREACHABLE never followed by CLUSTER_RECOVERED`);
}

function checkContainment(out: Collector, clusterId: string, polls: readonly PollRecord[]): void {
  for (const poll of polls) {
    if (poll.faulty.has(clusterId)) continue;
    for (const result of poll.results.filter((r) => r.clusterId === clusterId)) {
      if (result.outcome !== 'ok') {
        out.add(
          'failures-contained',
          `${clusterId} at ${poll.at}: ${result.outcome} (${result.failedStep ?? '-'}: ${result.error ?? ''}) without a fault of its own`,
        );
      }
    }
  }
}

function checkPublishing(
  out: Collector,
  history: readonly HistoryEvent[],
  attempts: readonly PublishAttempt[],
): number {
  const delivered = new Map<string, number>();
  const failed = new Set<string>();
  for (const attempt of attempts) {
    for (const id of attempt.eventIds) {
      if (attempt.delivered) delivered.set(id, (delivered.get(id) ?? 0) + 1);
      if (!attempt.delivered || attempt.confirmed === false) failed.add(id);
    }
  }
  const byId = new Map(history.map((e) => [e.eventId, e]));
  for (const event of history) {
    const count = delivered.get(event.eventId) ?? 0;
    if (event.notification === 'SENT' && count === 0) {
      out.add(
        'published-at-least-once',
        `${event.eventId} (${event.type}) is marked SENT but was never delivered`,
      );
    }
    if (event.notification === 'NOT_NOTIFIED' && count > 0) {
      out.add(
        'published-at-least-once',
        `${event.eventId} (${event.type}) is NOT_NOTIFIED but was delivered`,
      );
    }
    if (count > 1 && !failed.has(event.eventId)) {
      out.add(
        'published-exactly-once-unless-failed',
        `${event.eventId} (${event.type}) was delivered ${count} times without any failed publish`,
      );
    }
  }
  for (const id of delivered.keys()) {
    if (!byId.has(id)) out.add('published-at-least-once', `delivered ${id}, which is not in history`);
  }
  return [...delivered.values()].reduce((a, b) => a + b, 0);
}

/** One line per invariant, for assertion messages and logs. */
export function formatReport(report: InvariantReport): string {
  return report.verdicts
    .map(
      (v) => `${v.passed ? 'PASS' : 'FAIL'} ${v.name}${v.passed ? '' : `\n  ${v.violations.join('\n  ')}`}`,
    )
    .join('\n');
}
