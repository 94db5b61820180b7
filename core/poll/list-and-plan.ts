/**
 * What one cluster's listing calls for: its recorded state and its links read side by side (the
 * links' details and mirror lag too, within the cluster's budget), diffed, and turned into the
 * writes that record the changes. The listing and the snapshots, the largest things a poll holds,
 * live only in here: what it returns holds the changed links alone.
 */

import { diffLinks } from '../diff/diff-links.js';
import { boundReason, countBy } from '../model/bounds.js';
import type { LinkChange, LinkChangeEvent } from '../model/change-events.js';
import type { ClusterLink, ClusterListing } from '../model/link-model.js';
import { planDetailReads, rotationReads, sameUnreadParts } from '../observe/detail-plan.js';
import { DetailRequests, RateLimitSignal } from '../observe/detail-requests.js';
import type { LinkLease } from '../observe/link-budget.js';
import { sameConfigState } from '../observe/link-configs.js';
import {
  type DetailReadings,
  type LinkDetailSource,
  type LinkReadinessSource,
  NO_READINGS,
  readLinkDetails,
  withDetails,
} from '../observe/link-details.js';
import {
  applyMirrorLag,
  type ClusterMirrorLags,
  isLagCheckDue,
  readClusterLags,
  sameLaggingTopics,
} from '../observe/mirror-lag.js';
import { sameProgress } from '../observe/mirror-progress.js';
import {
  applyReadiness,
  describeStuckTopics,
  isReadinessDue,
  leavingTasksToParts,
  NO_READINESS_READINGS,
  NO_READINESS_READS,
  planReadinessReads,
  type ReadinessPlan,
  type ReadinessReadings,
  readinessRequests as readinessRequestCount,
  readReadiness,
  withReadinessTasks,
} from '../observe/readiness-reads.js';
import type {
  ClusterCommit,
  ClusterState,
  LinkCommit,
  LinkSnapshot,
  LinkSource,
  LinkStateStore,
} from '../ports.js';
import { commitForFailedListing, commitForSuccessfulListing } from '../record/cluster-health.js';
import { commitForChange, commitForUnchanged } from '../record/record-changes.js';
import type { RecordContext } from '../record/record-context.js';
import { describeError } from './describe-error.js';
import type { PollBudget } from './poll-budget.js';
import type { PollSettings } from './poll-settings.js';
import { keepingRefusedEntries, setAsideRefused, withRefusedEntries } from './refused-entries.js';

/** What reading and planning one cluster needs. */
export interface ListAndPlanDependencies {
  readonly source: LinkSource;
  /** Reads links' mirror topics and tasks; without it, only the listing is read. */
  readonly details?: LinkDetailSource;
  /** Reads links' configs and failover dry runs; without it, readiness reads mirrors only. */
  readonly readiness?: LinkReadinessSource;
  readonly store: Pick<LinkStateStore, 'readClusterState'>;
  readonly now: () => Date;
  readonly budget: Pick<PollBudget, 'listingDeadline' | 'detailsDeadline'>;
}

/** A successful listing, reduced to what the rest of the poll needs. */
export interface ListedCluster {
  readonly kind: 'listed';
  readonly links: number;
  readonly linksByState: Readonly<Record<string, number>>;
  readonly plan: ListingPlan;
  readonly details: Pick<DetailReadings, 'requests' | 'failures'>;
  /** Entries of the listing the schema refused: set aside, their links kept as recorded. */
  readonly refused: number;
  /** The store said no event of the cluster was waiting to be published when the state was read. */
  readonly outboxEmpty: boolean;
}

/** A listing that failed: what the cluster's record says of it. */
export interface FailedListing {
  readonly kind: 'failed';
  /** Why, bounded and without credentials. */
  readonly error: string;
  readonly clusterCommit: ClusterCommit;
  readonly outboxEmpty: boolean;
}

/** What a listing calls for, in the order it is written. */
export interface ListingPlan {
  /** Changed links first, then unchanged links with something due (promotion, reminder). */
  readonly links: readonly { readonly commit: LinkCommit; readonly promote: readonly string[] }[];
  /** Goes last, so that a baseline is only marked done once its links are in. */
  readonly cluster: ClusterCommit | null;
}

/**
 * Reads the snapshots and lists the links of `context.clusterId`, at the same time, and plans the
 * writes. A failed listing is planned as the cluster record that counts it.
 * @param lease - the cluster's share of the poll's link budget, resized to what it turns out to hold
 * @throws what the store throws when the state cannot be read.
 */
export async function listAndPlan(
  settings: PollSettings,
  deps: ListAndPlanDependencies,
  context: RecordContext,
  lease: LinkLease | undefined,
): Promise<ListedCluster | FailedListing> {
  // The state read and the listing do not depend on each other: a poll takes as long as the
  // slower of the two, not their sum. A failed listing is kept as a value until the state is in.
  // Both settle before either is used, so nothing of this cluster runs on once its lease is released.
  const [read, listed] = await Promise.all([
    deps.store.readClusterState(context.clusterId).then(
      (state) => ({ state }),
      (error: unknown) => ({ error }),
    ),
    deps.source.listLinks({ clusterId: context.clusterId, deadline: deps.budget.listingDeadline }).then(
      (listing) => ({ listing }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if ('error' in read) throw read.error;
  const { state } = read;
  // A recorded baseline says how many links to expect; before one, the admitted estimate stands.
  if (state.cluster?.baselineAt != null) lease?.resize(state.links.length);
  const outboxEmpty = state.outboxEmpty === true;
  if ('error' in listed) {
    const reason = boundReason(describeError(listed.error));
    // The snapshots stay as they are: a failed listing never looks like removed links.
    const clusterCommit = keepingRefusedEntries(
      commitForFailedListing(state.cluster, reason, settings.unreachableAfterPolls, context),
      state.cluster,
    );
    return { kind: 'failed', error: reason, clusterCommit, outboxEmpty };
  }
  // A refused entry leaves what it may stand for as recorded; the rest of the listing goes on.
  const { state: comparable, listing } = setAsideRefused(state, listed.listing);
  const refused = listed.listing.refused ?? [];
  // A recorded baseline says how many links to expect; before one, the listing alone tells.
  lease?.resize(Math.max(listing.links.length, state.links.length), { learn: true });
  const detailed = await withLinkDetails(listing, comparable, settings, deps);
  const plan = planListing(comparable, detailed.listing, context, detailed.observedEvents);
  return {
    kind: 'listed',
    links: listing.links.length,
    linksByState: countByState(listing),
    plan: { ...plan, cluster: withRefusedEntries(plan.cluster, state.cluster, refused, context) },
    details: { requests: detailed.requests, failures: detailed.failures },
    refused: refused.length,
    outboxEmpty,
  };
}

/**
 * The listing with each link's mirror topics, tasks, lag breaches and readiness: read this poll
 * within the cluster's budget, or as recorded. Runs after the listing succeeded, so it can neither
 * fail nor delay it. A due lag check or readiness check takes one request of the budget for the
 * cluster's mirrors listing (one serves both), and readiness its reserved share
 * (`readiness-reads.ts`), never what the parts' task rotation needs; the parts have the rest.
 * Readiness reads the tasks of its config turn's links only where the parts' plan does not, and
 * both readings make one task list per link.
 */
async function withLinkDetails(
  listing: ClusterListing,
  state: ClusterState,
  settings: PollSettings,
  deps: ListAndPlanDependencies,
): Promise<{
  listing: ClusterListing;
  observedEvents: ReadonlyMap<string, readonly LinkChangeEvent[]>;
  requests: number;
  failures: number;
}> {
  const recorded = new Map(state.links.map((s) => [s.link.linkName, s.link]));
  const now = deps.now();
  let readings = NO_READINGS;
  let mirrors: { reading: ClusterMirrorLags | null; failed: boolean } = { reading: null, failed: false };
  let readiness: ReadinessReadings = NO_READINESS_READINGS;
  // Set once detail reads are made: describing stuck topics takes what readiness's share leaves.
  let readinessReads: { readonly requests: DetailRequests; readonly source: LinkDetailSource } | null = null;
  const budget = settings.detailRequestsPerCluster;
  const details = deps.details;
  const lagDue = isLagCheckDue(settings.mirrorLag, now, settings.pollIntervalMs);
  const readinessDue = isReadinessDue(settings.readiness, now, settings.pollIntervalMs);
  const deadline = deps.budget.detailsDeadline(now.getTime());
  if (details !== undefined && budget > 0) {
    const mirrorsDue = lagDue || readinessDue;
    // The rotation is planned first and its turn moves on whatever it reads: cut by readiness in
    // every due poll, it would skip the same link at every due poll when the cadences line up.
    const rotation = rotationReads(listing.links, budget);
    const readinessShare =
      readinessDue && settings.readiness !== null
        ? withinShare(
            planReadinessReads(listing.links, settings.readiness, now, settings.pollIntervalMs),
            deps.readiness !== undefined,
            budget - 1 - rotation,
          )
        : NO_READINESS_READS;
    const reserved = readinessRequestCount(readinessShare);
    const detailBudget = budget - (mirrorsDue ? 1 : 0) - reserved;
    const plan = planDetailReads(listing.links, recorded, {
      budget: detailBudget,
      usualBudget: budget,
      pollIntervalMs: settings.pollIntervalMs,
      now,
    });
    const readinessPlan = leavingTasksToParts(readinessShare, plan);
    const clock = () => deps.now().getTime();
    // A 429 to any read of the cluster stops the rest: the parts', readiness's and the listing's.
    const rateLimit = new RateLimitSignal();
    const gate = new DetailRequests({ budget: reserved, deadline, now: clock, rateLimit });
    readinessReads = { requests: gate, source: details };
    [readings, mirrors, readiness] = await Promise.all([
      readLinkDetails(listing.clusterId, plan, recorded, details, {
        budget: detailBudget,
        deadline,
        now: clock,
        rateLimit,
      }),
      mirrorsDue
        ? readClusterLags(() =>
            details
              .readClusterMirrorLags({ clusterId: listing.clusterId, deadline })
              .catch((error: unknown) => {
                rateLimit.noteFailure(error);
                throw error;
              }),
          )
        : mirrors,
      deps.readiness === undefined
        ? readiness
        : readReadiness(
            listing.clusterId,
            readinessPlan,
            { readiness: deps.readiness, details },
            gate,
            deadline,
          ),
    ]);
    readings = withReadinessTasks(readings, readiness.tasks);
  }
  const detailed = listing.links.map((link) =>
    withDetails(link, recorded.get(link.linkName) ?? null, readings),
  );
  const lagged = applyMirrorLag(detailed, recorded, lagDue ? mirrors.reading : null, settings.mirrorLag);
  let ready = applyReadiness(
    lagged.links,
    recorded,
    { mirrors: readinessDue ? mirrors.reading : null, readings: readiness, tasksRead: readings.tasks },
    settings.readiness,
    now,
  );
  if (readinessReads !== null)
    ready = await describeStuckTopics(
      listing.clusterId,
      ready,
      readinessReads.source,
      readinessReads.requests,
      deadline,
    );
  const mirrorsRequests = mirrors.reading !== null || mirrors.failed ? 1 : 0;
  return {
    listing: { ...listing, links: ready.links },
    observedEvents: mergeEvents(lagged.events, ready.events),
    requests: readings.requests + mirrorsRequests + (readinessReads?.requests.requests ?? 0),
    failures: readings.failures + (mirrors.failed ? 1 : 0) + (readinessReads?.requests.failures ?? 0),
  };
}

/**
 * The readiness plan cut to what this poll can make: without a readiness source only the
 * describes (made through the details source) remain, and the whole never takes more than `room`.
 * Configs first, then dry runs: a turn of them cut short would skip the same links at every due
 * poll. Then the tasks read with the configs kept: without them a task NOT_CONFIGURED waits for a
 * later turn, while IN_ERROR is still found by the parts' rotation. The describes give way first:
 * one not made is made at a later due poll.
 */
function withinShare(plan: ReadinessPlan, canReadConfigs: boolean, room: number): ReadinessPlan {
  // Without configs read, no task is read with them either (see below).
  const reads = canReadConfigs ? plan : { ...plan, configs: [], dryRuns: [] };
  let left = Math.max(0, room);
  const configs = reads.configs.slice(0, left);
  left -= configs.length;
  const dryRuns = reads.dryRuns.slice(0, left);
  left -= dryRuns.length;
  const kept = new Set(configs);
  const tasks = reads.tasks.filter((linkName) => kept.has(linkName)).slice(0, left);
  left -= tasks.length;
  return { configs, tasks, dryRuns, describes: Math.min(reads.describes, left) };
}

/** Each link's events of the lag check, then those of readiness. */
function mergeEvents(
  ...maps: readonly ReadonlyMap<string, readonly LinkChangeEvent[]>[]
): Map<string, readonly LinkChangeEvent[]> {
  const out = new Map<string, readonly LinkChangeEvent[]>();
  for (const map of maps)
    for (const [linkName, events] of map) out.set(linkName, [...(out.get(linkName) ?? []), ...events]);
  return out;
}

function planListing(
  state: ClusterState,
  listing: ClusterListing,
  context: RecordContext,
  observedEvents: ReadonlyMap<string, readonly LinkChangeEvent[]>,
): ListingPlan {
  const snapshots = new Map<string, LinkSnapshot>(state.links.map((s) => [s.link.linkName, s]));
  // Until the baseline is marked done, links without a snapshot join it silently (unless
  // unhealthy), also when an earlier baseline was interrupted after some of its links.
  const baselineDone = (state.cluster?.baselineAt ?? null) !== null;
  const changes = withObservedChanges(
    diffLinks(
      state.links.map((s) => s.link),
      listing.links,
      { completingBaseline: !baselineDone },
    ),
    snapshots,
    listing.links,
    observedEvents,
  );
  const changed = new Set(changes.map((c) => c.linkName));
  const links: { commit: LinkCommit; promote: readonly string[] }[] = changes.map((change) =>
    commitForChange(change, snapshots.get(change.linkName) ?? null, context),
  );
  for (const link of listing.links) {
    const snapshot = snapshots.get(link.linkName);
    if (snapshot === undefined || changed.has(link.linkName)) continue;
    const due = commitForUnchanged(snapshot, link, context);
    if (due !== null) links.push(due);
  }
  return { links, cluster: commitForSuccessfulListing(state.cluster, context) };
}

/**
 * The diff's changes with each link's observed events (lag, readiness) after its own, plus a change
 * for every link whose only news is what the poll observed of it: such an event, a breach that held
 * one more check or a lagging topic's progress (written, with no event, so that the next poll
 * counts on from it), or detail reads it now owes or has been paid (written, with no event, so
 * that the next poll reads on from there).
 */
function withObservedChanges(
  changes: readonly LinkChange[],
  snapshots: ReadonlyMap<string, LinkSnapshot>,
  links: readonly ClusterLink[],
  observedEvents: ReadonlyMap<string, readonly LinkChangeEvent[]>,
): LinkChange[] {
  const out = changes.map((change) => {
    const events = observedEvents.get(change.linkName);
    return events === undefined ? change : { ...change, events: [...change.events, ...events] };
  });
  const changed = new Set(changes.map((c) => c.linkName));
  for (const link of links) {
    const snapshot = snapshots.get(link.linkName);
    if (snapshot === undefined || changed.has(link.linkName)) continue;
    const events = observedEvents.get(link.linkName) ?? [];
    if (events.length > 0 || !sameObservations(snapshot.link, link))
      out.push({ linkName: link.linkName, previous: snapshot.link, current: link, events });
  }
  return out.sort((a, b) => (a.linkName < b.linkName ? -1 : a.linkName > b.linkName ? 1 : 0));
}

/** True when nothing the poll observes beyond the listing changed: no write is needed for it. */
function sameObservations(recorded: ClusterLink, now: ClusterLink): boolean {
  return (
    sameLaggingTopics(recorded, now) &&
    sameUnreadParts(recorded, now) &&
    sameProgress(recorded, now) &&
    sameConfigState(recorded, now)
  );
}

function countByState(listing: ClusterListing): Record<string, number> {
  // No prototype: a state named `constructor` or `toString` is counted like any other.
  return countBy(listing.links, (link) => link.linkState ?? 'NONE');
}
