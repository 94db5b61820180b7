import type { HistoryEvent, Quarantine } from '../../core/model/change-events.js';
import type { LinkStateStore } from '../../core/ports.js';
import { aLink } from './link-fixtures.js';

/** The part of the state store the notification pipeline writes to. */
export type OutboxMethod =
  | 'claimPendingEvents'
  | 'markSent'
  | 'quarantine'
  | 'releaseClaim'
  | 'recordPublishFailure'
  | 'outboxDrained';

/** One call the pipeline made, with what it named. */
export interface OutboxCall {
  readonly method: OutboxMethod;
  /** The events it named, by id (for a claim: those it named as just committed). */
  readonly eventIds: readonly string[];
  readonly claimant?: string;
  /** A claim's `now` and `claimUntil`. */
  readonly now?: string;
  readonly claimUntil?: string;
  readonly quarantine?: Quarantine;
}

type Ids = readonly Pick<HistoryEvent, 'eventId'>[];

/**
 * The outbox of a state store, in memory, for the notification stages' unit tests: a claim hands
 * out the events it was given, and every call is recorded in order. Any method can be told to
 * fail, as a store that cannot be reached would.
 */
export class RecordingOutbox implements Pick<LinkStateStore, OutboxMethod> {
  readonly calls: OutboxCall[] = [];
  readonly #pending: readonly HistoryEvent[];
  readonly #failing = new Set<OutboxMethod>();

  constructor(pending: readonly HistoryEvent[] = []) {
    this.#pending = pending;
  }

  /** Makes every later call of `method` throw. */
  failOn(method: OutboxMethod): this {
    this.#failing.add(method);
    return this;
  }

  /** One line per call: the method and the ids it named, e.g. `markSent a#1,a#2`. */
  log(): string[] {
    return this.calls.map((c) => `${c.method} ${c.eventIds.join(',')}`.trim());
  }

  async claimPendingEvents(
    q: Parameters<LinkStateStore['claimPendingEvents']>[0],
  ): Promise<readonly HistoryEvent[]> {
    this.#record({
      method: 'claimPendingEvents',
      eventIds: (q.justCommitted ?? []).map((e) => e.eventId),
      claimant: q.claimant,
      now: q.now,
      claimUntil: q.claimUntil,
    });
    return this.#pending;
  }

  async markSent(events: Ids): Promise<void> {
    this.#record({ method: 'markSent', eventIds: ids(events) });
  }

  async quarantine(events: Ids, quarantine: Quarantine): Promise<void> {
    this.#record({ method: 'quarantine', eventIds: ids(events), quarantine });
  }

  async releaseClaim(events: Ids, claimant: string): Promise<void> {
    this.#record({ method: 'releaseClaim', eventIds: ids(events), claimant });
  }

  async recordPublishFailure(events: Ids, claimant: string): Promise<void> {
    this.#record({ method: 'recordPublishFailure', eventIds: ids(events), claimant });
  }

  async outboxDrained(q: { readonly clusterId: string; readonly claimant: string }): Promise<void> {
    this.#record({ method: 'outboxDrained', eventIds: [], claimant: q.claimant });
  }

  #record(call: OutboxCall): void {
    this.calls.push(call);
    if (this.#failing.has(call.method))
      throw new Error(`ProvisionedThroughputExceededException: ${call.method} failed`);
  }
}

function ids(events: Ids): string[] {
  return events.map((e) => e.eventId);
}

/** A pending event of cluster `lkc-prod1`; its id is `{linkName or -}#{n}`. */
export function aPendingEvent(n: number, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  const linkName = overrides.linkName === undefined ? 'orders-dr' : overrides.linkName;
  return {
    eventId: `${linkName ?? '-'}#${n}`,
    clusterId: 'lkc-prod1',
    clusterLabel: 'prod-eu',
    linkName,
    clusterLinkId: linkName === null ? null : `cl-${linkName}`,
    type: linkName === null ? 'CLUSTER_UNREACHABLE' : 'LINK_STATE_CHANGED',
    severity: 'critical',
    observedAt: '2026-11-26T08:00:00.000Z',
    from: linkName === null ? null : 'ACTIVE',
    to: linkName === null ? null : 'FAILED',
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link: linkName === null ? null : aLink({ linkName, linkState: 'FAILED' }),
    detail: linkName === null ? 'listing failed: HTTP 503' : null,
    notification: 'PENDING',
    expiresAt: 1_800_000_000,
    ...overrides,
  };
}
