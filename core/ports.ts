/**
 * The narrow ports through which the poller reaches the outside world. The core
 * receives implementations as arguments; adapters live in `adapters/` (Confluent,
 * DynamoDB, SNS) and `tools/` (SQLite, console).
 */

import type { Silence } from './control/silence.js';
import type { EventType, HistoryEvent, Quarantine } from './model/change-events.js';
import type { ClusterLink, ClusterListing, RefusedListingEntry, Severity } from './model/link-model.js';

/**
 * Reads the listing of one cluster, or throws; never returns a list cut short. An entry the schema
 * refuses is returned apart (`ClusterListing.refused`), not dropped: the poll then takes no link it
 * may stand for as removed.
 */
export interface LinkSource {
  listLinks(request: { readonly clusterId: string; readonly deadline: number }): Promise<ClusterListing>;
}

/** The recorded state of one link: what the next poll diffs against. */
export interface LinkSnapshot {
  readonly clusterId: string;
  readonly link: ClusterLink;
  /** Starts at 1 and increases by one with every committed change; guards concurrent polls. */
  readonly version: number;
  /** When the current `link_state`/`link_error` combination was first observed (ISO). */
  readonly stateSince: string;
  /** When the link last became unhealthy, null while healthy. */
  readonly unhealthySince: string | null;
  /** When a reminder for the current unhealthy condition was last sent, null if never. */
  readonly lastRemindedAt: string | null;
  /**
   * While the link's own condition is healthy: when some of its recorded mirror topics or tasks
   * last became unhealthy (the start of what their reminders count). Null or absent otherwise.
   * Set and cleared only by polls that write the link anyway, so a steady state writes nothing.
   */
  readonly partsUnhealthySince?: string | null;
  /**
   * Damping: a new condition that has not yet held for the configured number of polls.
   * Null when none is pending.
   */
  readonly pendingCondition: PendingCondition | null;
  /**
   * The silence that kept the link's current unhealthy condition from being notified: when it
   * ends and the link is still unhealthy, one notification says so. Null or absent when none.
   */
  readonly silencedBy?: string | null;
  /**
   * The link's problems whose start was notified and whose end not yet: `link` for its own
   * condition, `mirror-topic:NAME`, `mirror-topic:NAME:lag`, `task:NAME` for its parts. Their
   * ends are never silenced (`core/record/link-notices.ts`). Absent when none.
   */
  readonly announced?: readonly string[];
}

export interface PendingCondition {
  /** Condition key, `{link_state}/{link_error}`. */
  readonly key: string;
  readonly polls: number;
  /** Event ids recorded in history but held back from notification until the condition holds. */
  readonly heldEventIds: readonly string[];
  /**
   * Key of the condition notified (or baselined) before the damped changes began: a flap back
   * to it ends the damping with nothing to notify. Absent on records written before it existed.
   */
  readonly settledKey?: string;
}

/** Monitor-level state of one cluster. */
export interface ClusterRecord {
  readonly clusterId: string;
  readonly clusterLabel: string;
  /** Starts at 1 and increases with every committed change of this record. */
  readonly version: number;
  /**
   * When the first complete listing (the baseline) was recorded; null while the cluster has
   * never been listed successfully (its record then only counts failures).
   */
  readonly baselineAt: string | null;
  /** Consecutive polls whose listing failed; 0 when the last listing succeeded. */
  readonly consecutiveFailures: number;
  /** When the last failure run started, null when healthy. */
  readonly failingSince: string | null;
  /** The last listing error (no credentials), null when healthy. */
  readonly lastError: string | null;
  /** True once CLUSTER_UNREACHABLE was recorded for the current failure run. */
  readonly unreachableNotified: boolean;
  /**
   * The silence that kept the current CLUSTER_UNREACHABLE from being notified: when it ends and
   * the cluster is still unreachable, one notification says so. Null or absent when none.
   */
  readonly silencedBy?: string | null;
  /**
   * Entries the last listing had to refuse (for `link-monitor status`), kept while listings keep
   * refusing some; absent when the last listing refused none.
   */
  readonly refusedEntries?: RefusedEntriesRecord;
}

/** What a cluster record keeps of the entries its listings refuse. */
export interface RefusedEntriesRecord {
  /** Entries the last listing refused, all counted. */
  readonly count: number;
  /** When the listings began refusing entries (ISO). */
  readonly since: string;
  /** The first of them (at most `BOUNDS.refusedEntriesRecorded`), with what is wrong with each. */
  readonly entries: readonly RefusedListingEntry[];
}

export interface ClusterState {
  /** Null before the first complete listing of this cluster. */
  readonly cluster: ClusterRecord | null;
  readonly links: readonly LinkSnapshot[];
  /**
   * True when the store knows, from the same read, that none of the cluster's events waits to be
   * published: the poll then skips the outbox unless it records something itself. False or absent:
   * the outbox may hold events (a publish failed, a poll crashed mid-publish, or the store cannot say).
   */
  readonly outboxEmpty?: boolean;
}

/** Writes one link's new snapshot (or its deletion) and its history events in one atomic step. */
export interface LinkCommit {
  readonly clusterId: string;
  readonly linkName: string;
  /** The version the poll read; null when the poll saw no snapshot (the link is new). */
  readonly expectedVersion: number | null;
  /** The snapshot to store, or null to delete it (the link disappeared). */
  readonly next: LinkSnapshot | null;
  readonly events: readonly HistoryEvent[];
}

export interface ClusterCommit {
  readonly clusterId: string;
  readonly expectedVersion: number | null;
  readonly next: ClusterRecord;
  readonly events: readonly HistoryEvent[];
}

/** `conflict`: another poll changed the record first; this poll discards its result for it. */
export type CommitOutcome = 'committed' | 'conflict';

export interface TimeRange {
  /** Inclusive, ISO-8601. */
  readonly from: string;
  /** Inclusive, ISO-8601. */
  readonly to: string;
}

export interface PageRequest {
  /** Page size; the store may return fewer. */
  readonly limit?: number;
  /** Opaque cursor from the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when there is more. */
  readonly cursor?: string;
}

export interface LinkStateStore {
  /** Access pattern 1: every snapshot of one cluster, plus its cluster record. */
  readClusterState(clusterId: string): Promise<ClusterState>;
  commitLink(commit: LinkCommit): Promise<CommitOutcome>;
  commitCluster(commit: ClusterCommit): Promise<CommitOutcome>;
  /** Events of one cluster still waiting to be published (status PENDING, claimed or not), oldest first. */
  pendingEvents(clusterId: string): Promise<readonly HistoryEvent[]>;
  /**
   * Claims the cluster's PENDING events for publishing, oldest first: each event is claimed
   * with a conditional write that succeeds only when it is PENDING and unclaimed, or its
   * claim expired (`claimedUntil` < `now`). Two polls running at once therefore never both
   * publish one event. The claim is stored on the event (attributes `claimedBy`, `claimedUntil`),
   * not in its `notification` status, which stays PENDING until `markSent`.
   */
  claimPendingEvents(q: {
    readonly clusterId: string;
    /** Unique per poll. */
    readonly claimant: string;
    /** ISO time of the claim. */
    readonly now: string;
    /** ISO time after which another poll may claim the events (a crashed poll's claim expires). */
    readonly claimUntil: string;
    /**
     * Events this poll has just committed. They are claimed too even when the store's outbox
     * index has not caught up yet (DynamoDB global secondary indexes are eventually
     * consistent), so a change goes out in the poll that found it, not one poll later.
     */
    readonly justCommitted?: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[];
  }): Promise<readonly HistoryEvent[]>;
  /**
   * Every event this claimant took in its last `claimPendingEvents` of the cluster was published
   * or quarantined: the store may now record the cluster's outbox as empty (`ClusterState.outboxEmpty`), unless an
   * event became pending, or another claimant held one, since that claim.
   */
  outboxDrained(q: { readonly clusterId: string; readonly claimant: string }): Promise<void>;
  /** Gives up this claimant's claim so the next poll retries at once (after a failed publish). */
  releaseClaim(
    events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[],
    claimant: string,
  ): Promise<void>;
  /**
   * Gives up this claimant's claim after a publish that failed and may work next time, counting
   * the attempt (`publishAttempts`) so that a notification that keeps failing is given up.
   */
  recordPublishFailure(
    events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[],
    claimant: string,
  ): Promise<void>;
  /**
   * Gives up publishing events for good: they leave the outbox (status NOT_NOTIFIED, claim
   * removed) and keep `quarantine` with the reason, so that one notification that can never be
   * sent does not hold back the cluster's others. Idempotent; a SENT event stays SENT.
   */
  quarantine(
    events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[],
    quarantine: Quarantine,
  ): Promise<void>;
  /** Events of one cluster whose notification was given up, oldest first (for `link-monitor status`). */
  quarantinedEvents(clusterId: string): Promise<readonly HistoryEvent[]>;
  /** Marks events published (status SENT, claim and outbox index entry removed); idempotent. */
  markSent(events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[]): Promise<void>;
  /** Promotes held (damped) events to PENDING so they get published; quarantined ones stay given up. */
  markPending(events: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[]): Promise<void>;
  /** Access pattern 2: one link's history, newest first. */
  linkHistory(
    q: { clusterId: string; linkName: string } & TimeRange & PageRequest,
  ): Promise<Page<HistoryEvent>>;
  /** Access pattern 3: one cluster's history, newest first. */
  clusterHistory(q: { clusterId: string } & TimeRange & PageRequest): Promise<Page<HistoryEvent>>;
  /** Access pattern 4: one severity across clusters, newest first. */
  severityHistory(q: { severity: Severity } & TimeRange & PageRequest): Promise<Page<HistoryEvent>>;
  /** Every cluster the monitor has a record of (for `link-monitor status`). */
  listClusters(): Promise<readonly ClusterRecord[]>;
}

/** Silences added from the CLI, kept in the state store. */
export interface SilenceStore {
  /** Adds a silence. @throws DuplicateSilenceError when one with this id is stored already. */
  addSilence(silence: Silence): Promise<void>;
  /**
   * Ends a silence early; returns it as stored after the change, or null when there is none with
   * that id. Expiring an already ended silence changes nothing.
   */
  expireSilence(id: string, at: string): Promise<Silence | null>;
  /**
   * Every silence still in force at `endedAfter` or later (active and future ones included), in
   * one read: the poller calls it once per poll, `silence list` with a look-back.
   */
  listSilences(q: { readonly endedAfter: string }): Promise<readonly Silence[]>;
}

/** One message to publish: a single change, a digest of a cluster's changes, a reminder or a cluster event. */
export interface Notification {
  readonly kind: 'change' | 'digest' | 'reminder' | 'cluster';
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly severity: Severity;
  /** The history events this notification covers; all are marked sent once it is published. */
  readonly events: readonly HistoryEvent[];
  /** Set on the messages of a digest split to fit the notification service's size limit. */
  readonly part?: { readonly index: number; readonly count: number };
}

/**
 * Delivers notifications (SNS in AWS, the console locally). Throws when delivery failed; an
 * error with `permanent: true` says that sending this same notification again can never
 * work (it cannot be rendered, or the service refused its content), so it is given up at once.
 */
export interface Notifier {
  publish(notification: Notification): Promise<void>;
}

/** True when a notifier's error says that retrying the same notification cannot succeed. */
export function isPermanentFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

export type { EventType };
