import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { boundReason, countBy } from './bounds.js';
import type { HistoryEvent, LinkChange, LinkChangeEvent } from './change-events.js';
import { commitForFailedListing, commitForSuccessfulListing } from './cluster-health.js';
import { type MaintenanceWindow, openWindows } from './control/maintenance-window.js';
import type { Silence } from './control/silence.js';
import { diffLinks } from './diff-links.js';
import type { LinkBudget, LinkLease } from './link-budget.js';
import {
  type DetailReadings,
  type LinkDetailSource,
  NO_READINGS,
  planDetailReads,
  readLinkDetails,
  withDetails,
} from './link-details.js';
import type { ClusterLink, ClusterListing } from './link-model.js';
import {
  applyMirrorLag,
  type ClusterMirrorLags,
  isLagCheckDue,
  readClusterLags,
  sameLaggingTopics,
} from './mirror-lag.js';
import { mostSevere, planNotifications } from './plan-notifications.js';
import type { PollSettings } from './poll-settings.js';
import type {
  ClusterCommit,
  ClusterState,
  CommitOutcome,
  LinkCommit,
  LinkSnapshot,
  LinkSource,
  LinkStateStore,
  Notification,
  Notifier,
  SilenceStore,
} from './ports.js';
import { isPermanentFailure } from './ports.js';
import { commitForChange, commitForUnchanged, type RecordContext } from './record-changes.js';

/** A cluster the monitor polls. */
export interface MonitoredCluster {
  readonly clusterId: string;
  /** Human name shown in alerts, e.g. `prod-eu`. */
  readonly label: string;
}

/** Longest time a cluster's detail reads may take, so a slow detail endpoint cannot hold up the poll. */
export const DETAIL_PHASE_MS = 10_000;

export interface PollDependencies {
  readonly source: LinkSource;
  /** Reads links' mirror topics and tasks; without it, only the listing is read. */
  readonly details?: LinkDetailSource;
  readonly store: LinkStateStore;
  readonly notifier: Notifier;
  readonly now: () => Date;
  /** Epoch ms by which the poll must have finished (the Lambda's remaining time). */
  readonly deadline: number;
  /** Identifies this poll's claims on pending events. @default a random UUID */
  readonly pollId?: string;
  /** Receives one record per cluster outcome; the handler logs them and emits metrics. */
  readonly onClusterResult?: (result: ClusterPollResult) => void;
  /**
   * Bounds the links held in memory at once (listings and snapshots being diffed), on top of
   * `settings.concurrency`. @default no bound
   */
  readonly linkBudget?: LinkBudget;
  /** Where silences added from the CLI are kept; read once per poll. @default none */
  readonly silences?: Pick<SilenceStore, 'listSilences'>;
  /** Maintenance windows from the config; they act as silences while open. @default none */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
}

export interface ClusterPollResult {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly outcome: 'ok' | 'failed' | 'skipped';
  /** Why it failed, without credentials. */
  readonly error?: string;
  /** Which step failed. */
  readonly failedStep?: 'list' | 'store' | 'publish';
  /**
   * The cluster's listing has now failed `settings.unreachableAfterPolls` times in a row or more:
   * what the monitor's own "cluster unreachable" alarm counts.
   */
  readonly unreachable: boolean;
  readonly links: number;
  /** Links per `link_state` (null state counted as `NONE`), for the dashboard. */
  readonly linksByState: Readonly<Record<string, number>>;
  readonly events: number;
  readonly published: number;
  readonly publishFailures: number;
  readonly conflicts: number;
  /**
   * Links (and notifications) whose recording or publishing failed on their own while the rest
   * of the cluster went on; at most {@link MAX_REPORTED_FAILURES} are listed, all are counted.
   */
  readonly linkFailures: number;
  readonly failedLinks: readonly LinkFailure[];
  /** Notifications given up this poll (kept with their reason; see `LinkStateStore.quarantine`). */
  readonly quarantined: number;
  /** Changed links left for the next poll because the deadline was near (nothing is lost). */
  readonly deferredLinks: number;
  readonly durationMs: number;
  /** Detail requests made (mirror topics, tasks), failed ones included. */
  readonly detailRequests?: number;
  /** Detail requests that failed; their links keep what was recorded. */
  readonly detailFailures?: number;
  /**
   * Steps of this cluster's poll that failed as a whole, whatever failed first: reading its state
   * or committing it (its changes wait for the next poll), claiming its pending notifications,
   * recording what was published, or removing its outbox marker. Each is counted even when an
   * earlier failure (a failed listing) is the one `failedStep` names, so none goes unseen.
   */
  readonly stepFailures?: number;
}

/** One link's own failure in a poll that went on without it. */
export interface LinkFailure {
  /** Null for a cluster-level notification. */
  readonly linkName: string | null;
  readonly step: 'store' | 'publish';
  readonly error: string;
}

/** Failures listed per cluster result; the count is always exact. */
export const MAX_REPORTED_FAILURES = 10;
/** Link commits of one cluster written at once: 1,500 changed links record in seconds, not a minute. */
export const LINK_WRITE_CONCURRENCY = 8;
/**
 * Publish attempts before a notification that keeps failing is given up and quarantined (at the
 * default 1-minute schedule: a few minutes of an outage of the notification service).
 */
export const MAX_PUBLISH_ATTEMPTS = 5;
/** Transient publish failures in a row after which a poll stops trying: the service is down. */
const FAILURES_BEFORE_STOPPING = 2;

export interface PollSummary {
  readonly clustersPolled: number;
  readonly clustersFailed: number;
  readonly clustersSkipped: number;
  readonly events: number;
  readonly published: number;
  readonly publishFailures: number;
  readonly conflicts: number;
  readonly linkFailures: number;
  readonly quarantined: number;
  readonly deferredLinks: number;
  /** Detail reads that failed, over every cluster (`ClusterPollResult.detailFailures`). */
  readonly detailFailures?: number;
  /** Cluster steps that failed as a whole, over every cluster (`ClusterPollResult.stepFailures`). */
  readonly stepFailures?: number;
  readonly results: readonly ClusterPollResult[];
  /** Why the silences could not be read; the poll then notified as if there were none. */
  readonly silencesUnavailable?: string;
}

/**
 * Polls every cluster once: lists its links, diffs them against the recorded snapshot,
 * commits each change with its history events, and publishes the cluster's pending events.
 *
 * Clusters run concurrently up to `settings.concurrency`; a failure in one (listing, store or
 * publish) is contained to it and reported in its result. No cluster is started when less than
 * `settings.reserveMs` remains before the deadline: what is not reached is picked up next poll.
 */
export async function pollClusters(
  clusters: readonly MonitoredCluster[],
  settings: PollSettings,
  deps: PollDependencies,
): Promise<PollSummary> {
  const pollId = deps.pollId ?? randomUUID();
  const limit = pLimit(Math.max(1, settings.concurrency));
  const { silences, unavailable } = await readSilences(deps);
  const results = await Promise.all(
    clusters.map((cluster) =>
      limit(async () => {
        const lease = await deps.linkBudget?.acquire(cluster.clusterId);
        let result: ClusterPollResult;
        try {
          result =
            deps.deadline - deps.now().getTime() < settings.reserveMs
              ? skipped(cluster)
              : await pollCluster(
                  cluster,
                  settings,
                  deps,
                  pollId,
                  lease,
                  silences,
                  unavailable === undefined,
                );
        } finally {
          lease?.release();
        }
        deps.onClusterResult?.(result);
        return result;
      }),
    ),
  );
  const summary = summarise(results);
  return unavailable === undefined ? summary : { ...summary, silencesUnavailable: unavailable };
}

/**
 * The silences in force for this poll: one read of the store for every cluster, plus the open
 * maintenance windows. A store that cannot be read silences nothing: better a message too many
 * than an outage nobody hears about.
 */
async function readSilences(
  deps: PollDependencies,
): Promise<{ silences: readonly Silence[]; unavailable?: string }> {
  const now = deps.now();
  const windows = openWindows(deps.maintenanceWindows ?? [], now);
  if (deps.silences === undefined) return { silences: windows };
  try {
    const stored = await deps.silences.listSilences({ endedAfter: now.toISOString() });
    return { silences: [...windows, ...stored] };
  } catch (error) {
    return { silences: windows, unavailable: describe(error) };
  }
}

async function pollCluster(
  cluster: MonitoredCluster,
  settings: PollSettings,
  deps: PollDependencies,
  pollId: string,
  lease: LinkLease | undefined,
  silences: readonly Silence[],
  silencesKnown: boolean,
): Promise<ClusterPollResult> {
  const started = deps.now();
  const context: RecordContext = {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.label,
    now: started,
    settings,
    silences,
    silencesKnown,
  };
  const tally: Tally = {
    events: 0,
    conflicts: 0,
    published: 0,
    publishFailures: 0,
    committed: [],
    linkFailures: 0,
    failedLinks: [],
    quarantined: 0,
    deferredLinks: 0,
  };
  let failure: Pick<ClusterPollResult, 'error' | 'failedStep'> | null = null;
  let listed: Pick<ListedCluster, 'links' | 'linksByState' | 'details'> | null = null;
  let unreachable = false;
  let stepFailures = 0;
  // Unknown until the state is read: the outbox is then read as if it held events.
  let outboxEmpty = false;

  try {
    const outcome = await listAndPlan(cluster, settings, deps, context, lease);
    outboxEmpty = outcome.outboxEmpty;
    if (outcome.kind === 'failed') {
      failure = { failedStep: 'list', error: outcome.error };
      unreachable = outcome.clusterCommit.next.consecutiveFailures >= settings.unreachableAfterPolls;
      record(tally, outcome.clusterCommit.events, await deps.store.commitCluster(outcome.clusterCommit));
    } else {
      listed = { links: outcome.links, linksByState: outcome.linksByState, details: outcome.details };
      // The listing and the snapshots are dropped by now: only the planned writes are held.
      lease?.resize(0);
      await recordPlan(outcome.plan, context, settings, deps, tally);
    }
  } catch (error) {
    stepFailures++;
    failure ??= { failedStep: 'store', error: describe(error) };
  }
  const firstLinkFailure = tally.failedLinks.find((f) => f.step === 'store');
  if (firstLinkFailure !== undefined)
    failure ??= {
      failedStep: 'store',
      error: `link ${firstLinkFailure.linkName}: ${firstLinkFailure.error}`,
    };

  // Publishing also runs after a failed listing: events left pending by earlier polls still go out.
  try {
    await publishPending(cluster.clusterId, settings, deps, pollId, tally, outboxEmpty);
  } catch (error) {
    stepFailures++;
    failure ??= { failedStep: 'publish', error: describe(error) };
  }
  if (tally.publishFailures > 0)
    failure ??= {
      failedStep: 'publish',
      error:
        tally.quarantined > 0
          ? `publishing failed; ${tally.quarantined} notification(s) given up and quarantined, the rest stay pending`
          : 'publishing failed; events stay pending',
    };

  return {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.label,
    outcome: failure === null ? 'ok' : 'failed',
    ...(failure ?? {}),
    unreachable,
    links: listed?.links ?? 0,
    linksByState: listed?.linksByState ?? {},
    events: tally.events,
    published: tally.published,
    publishFailures: tally.publishFailures,
    conflicts: tally.conflicts,
    linkFailures: tally.linkFailures,
    failedLinks: tally.failedLinks,
    quarantined: tally.quarantined,
    deferredLinks: tally.deferredLinks,
    durationMs: deps.now().getTime() - started.getTime(),
    detailRequests: listed?.details.requests ?? 0,
    detailFailures: listed?.details.failures ?? 0,
    stepFailures,
  };
}

/** A successful listing, reduced to what the rest of the poll needs. */
interface ListedCluster {
  readonly kind: 'listed';
  readonly links: number;
  readonly linksByState: Readonly<Record<string, number>>;
  readonly plan: ListingPlan;
  readonly details: Pick<DetailReadings, 'requests' | 'failures'>;
  /** The store said no event of the cluster was waiting to be published when the state was read. */
  readonly outboxEmpty: boolean;
}

interface FailedListing {
  readonly kind: 'failed';
  readonly error: string;
  readonly clusterCommit: ClusterCommit;
  readonly outboxEmpty: boolean;
}

/** What a listing calls for, in the order it is written. */
interface ListingPlan {
  /** Changed links first, then unchanged links with something due (promotion, reminder). */
  readonly links: readonly { readonly commit: LinkCommit; readonly promote: readonly string[] }[];
  /** Goes last, so that a baseline is only marked done once its links are in. */
  readonly cluster: ClusterCommit | null;
}

/**
 * Reads the snapshots and lists the links, at the same time, and plans the writes. The listing and the snapshots,
 * the largest things a poll holds, live only in here: what it returns holds the changed links alone.
 */
async function listAndPlan(
  cluster: MonitoredCluster,
  settings: PollSettings,
  deps: PollDependencies,
  context: RecordContext,
  lease: LinkLease | undefined,
): Promise<ListedCluster | FailedListing> {
  // The state read and the listing do not depend on each other: a poll takes as long as the
  // slower of the two, not their sum. A failed listing is kept as a value until the state is in.
  // Both settle before either is used, so nothing of this cluster runs on once its lease is released.
  const [read, listed] = await Promise.all([
    deps.store.readClusterState(cluster.clusterId).then(
      (state) => ({ state }),
      (error: unknown) => ({ error }),
    ),
    deps.source
      .listLinks({
        clusterId: cluster.clusterId,
        // Leave half the reserve for recording and publishing what the listing shows.
        deadline: deps.deadline - settings.reserveMs / 2,
      })
      .then(
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
    const reason = boundReason(describe(listed.error));
    // The snapshots stay as they are: a failed listing never looks like removed links.
    const clusterCommit = commitForFailedListing(
      state.cluster,
      reason,
      settings.unreachableAfterPolls,
      context,
    );
    return { kind: 'failed', error: reason, clusterCommit, outboxEmpty };
  }
  const { listing } = listed;
  // A recorded baseline says how many links to expect; before one, the listing alone tells.
  lease?.resize(Math.max(listing.links.length, state.links.length), { learn: true });
  const detailed = await withLinkDetails(listing, state, settings, deps);
  return {
    kind: 'listed',
    links: listing.links.length,
    linksByState: countByState(listing),
    plan: planListing(state, detailed.listing, context, detailed.lagEvents),
    details: { requests: detailed.requests, failures: detailed.failures },
    outboxEmpty,
  };
}

/**
 * The listing with each link's mirror topics, tasks and lag breaches: read this poll within the
 * cluster's budget, or as recorded. Runs after the listing succeeded, so it can neither fail nor
 * delay it. A due lag check takes one request of the budget, made alongside the other reads.
 */
async function withLinkDetails(
  listing: ClusterListing,
  state: ClusterState,
  settings: PollSettings,
  deps: PollDependencies,
): Promise<{
  listing: ClusterListing;
  lagEvents: ReadonlyMap<string, readonly LinkChangeEvent[]>;
  requests: number;
  failures: number;
}> {
  const recorded = new Map(state.links.map((s) => [s.link.linkName, s.link]));
  let readings = NO_READINGS;
  let lags: { reading: ClusterMirrorLags | null; failed: boolean } = { reading: null, failed: false };
  const budget = settings.detailRequestsPerCluster;
  const details = deps.details;
  if (details !== undefined && budget > 0) {
    const now = deps.now();
    const lagDue = isLagCheckDue(settings.mirrorLag, now, settings.pollIntervalMs);
    const detailBudget = lagDue ? budget - 1 : budget;
    const plan = planDetailReads(listing.links, recorded, {
      budget: detailBudget,
      pollIntervalMs: settings.pollIntervalMs,
      now,
    });
    const deadline = Math.min(deps.deadline - settings.reserveMs / 2, now.getTime() + DETAIL_PHASE_MS);
    [readings, lags] = await Promise.all([
      readLinkDetails(listing.clusterId, plan, recorded, details, {
        budget: detailBudget,
        deadline,
        now: () => deps.now().getTime(),
      }),
      lagDue
        ? readClusterLags(() => details.readClusterMirrorLags({ clusterId: listing.clusterId, deadline }))
        : lags,
    ]);
  }
  const detailed = listing.links.map((link) =>
    withDetails(link, recorded.get(link.linkName) ?? null, readings),
  );
  const lagged = applyMirrorLag(detailed, recorded, lags.reading, settings.mirrorLag);
  const lagRequests = lags.reading !== null || lags.failed ? 1 : 0;
  return {
    listing: { ...listing, links: lagged.links },
    lagEvents: lagged.events,
    requests: readings.requests + lagRequests,
    failures: readings.failures + (lags.failed ? 1 : 0),
  };
}

function planListing(
  state: ClusterState,
  listing: ClusterListing,
  context: RecordContext,
  lagEvents: ReadonlyMap<string, readonly LinkChangeEvent[]>,
): ListingPlan {
  const snapshots = new Map<string, LinkSnapshot>(state.links.map((s) => [s.link.linkName, s]));
  // Until the baseline is marked done, links without a snapshot join it silently (unless
  // unhealthy), also when an earlier baseline was interrupted after some of its links.
  const baselineDone = (state.cluster?.baselineAt ?? null) !== null;
  const changes = withLagChanges(
    diffLinks(
      state.links.map((s) => s.link),
      listing.links,
      { completingBaseline: !baselineDone },
    ),
    snapshots,
    listing.links,
    lagEvents,
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
 * The diff's changes with each link's lag events after its own, plus a change for every link whose
 * only news is its lag: an event, or a breach that held one more check (its count is written, with
 * no event, so that the next poll counts on from it).
 */
function withLagChanges(
  changes: readonly LinkChange[],
  snapshots: ReadonlyMap<string, LinkSnapshot>,
  links: readonly ClusterLink[],
  lagEvents: ReadonlyMap<string, readonly LinkChangeEvent[]>,
): LinkChange[] {
  const out = changes.map((change) => {
    const events = lagEvents.get(change.linkName);
    return events === undefined ? change : { ...change, events: [...change.events, ...events] };
  });
  const changed = new Set(changes.map((c) => c.linkName));
  for (const link of links) {
    const snapshot = snapshots.get(link.linkName);
    if (snapshot === undefined || changed.has(link.linkName)) continue;
    const events = lagEvents.get(link.linkName) ?? [];
    if (events.length > 0 || !sameLaggingTopics(snapshot.link, link))
      out.push({ linkName: link.linkName, previous: snapshot.link, current: link, events });
  }
  return out.sort((a, b) => (a.linkName < b.linkName ? -1 : a.linkName > b.linkName ? 1 : 0));
}

/**
 * Writes the plan, each link on its own: a link whose commit fails is recorded against it and
 * the others go on (its snapshot stays as it was, so the next poll tries it again). No new link
 * is started once the time left is only what publishing needs: the links left are written by
 * the next poll, which sees the same changes against the same snapshots.
 */
async function recordPlan(
  plan: ListingPlan,
  context: RecordContext,
  settings: PollSettings,
  deps: PollDependencies,
  tally: Tally,
): Promise<void> {
  const store = deps.store;
  const limit = pLimit(LINK_WRITE_CONCURRENCY);
  // What publishing what was recorded needs: a quarter of the reserve.
  const stopAt = deps.deadline - settings.reserveMs / 4;
  await Promise.all(
    plan.links.map(({ commit, promote }) =>
      limit(async () => {
        if (deps.now().getTime() >= stopAt) {
          tally.deferredLinks++;
          return;
        }
        try {
          if (promote.length > 0) {
            // Promote first: if the commit below is lost, the next poll promotes again (idempotent).
            const promoted = promote.map((eventId) => ({ clusterId: context.clusterId, eventId }));
            await store.markPending(promoted);
            tally.committed.push(...promoted);
          }
          record(tally, commit.events, await store.commitLink(commit));
        } catch (error) {
          failLink(tally, commit.linkName, 'store', error);
        }
      }),
    ),
  );
  if (plan.cluster === null) return;
  // A baseline is marked done only once every link is in: a link deferred or failed joins it
  // silently next poll instead of being reported added.
  const baselining = plan.cluster.next.baselineAt === context.now.toISOString();
  if (baselining && (tally.deferredLinks > 0 || tally.linkFailures > 0)) return;
  record(tally, plan.cluster.events, await store.commitCluster(plan.cluster));
}

/** What one cluster's poll did, counted as it goes. */
interface Tally {
  events: number;
  conflicts: number;
  published: number;
  publishFailures: number;
  /** Events this poll recorded (or promoted) for publishing. */
  committed: Pick<HistoryEvent, 'clusterId' | 'eventId'>[];
  linkFailures: number;
  failedLinks: LinkFailure[];
  quarantined: number;
  deferredLinks: number;
}

function failLink(tally: Tally, linkName: string | null, step: LinkFailure['step'], error: unknown): void {
  tally.linkFailures++;
  if (tally.failedLinks.length < MAX_REPORTED_FAILURES)
    tally.failedLinks.push({ linkName, step, error: boundReason(describe(error)) });
}

function record(tally: Tally, events: readonly HistoryEvent[], outcome: CommitOutcome): void {
  if (outcome === 'conflict') {
    tally.conflicts++;
    return;
  }
  tally.events += events.length;
  tally.committed.push(...events.filter((e) => e.notification === 'PENDING'));
}

async function publishPending(
  clusterId: string,
  settings: PollSettings,
  deps: PollDependencies,
  pollId: string,
  tally: Tally,
  outboxEmpty: boolean,
): Promise<void> {
  // The steady state: nothing was waiting and nothing was recorded, so there is nothing to read.
  if (outboxEmpty && tally.committed.length === 0) return;
  const now = deps.now();
  // The claim outlives this poll's deadline, so a poll that crashes mid-publish only delays its events.
  const claimUntil = new Date(Math.max(deps.deadline, now.getTime()) + 60_000).toISOString();
  const claimed = await deps.store.claimPendingEvents({
    clusterId,
    claimant: pollId,
    now: now.toISOString(),
    claimUntil,
    // The store's outbox index may not show these yet: name them so they go out in this poll.
    justCommitted: tally.committed,
  });
  if (claimed.length === 0) {
    await deps.store.outboxDrained({ clusterId, claimant: pollId });
    return;
  }

  const notifications = planNotifications(claimed, { digestThreshold: settings.digestThreshold });
  const round: PublishRound = { sent: 0, failed: [] };
  let failuresInARow = 0;
  for (const [index, notification] of notifications.entries()) {
    const failedBefore = round.failed.length;
    await publishIsolated(notification, deps, pollId, tally, round);
    failuresInARow = round.failed.length > failedBefore ? failuresInARow + 1 : 0;
    if (failuresInARow >= FAILURES_BEFORE_STOPPING) {
      // The notification service itself looks down: hand back every later claim, so the next
      // poll retries them at once.
      await deps.store.releaseClaim(
        notifications.slice(index + 1).flatMap((n) => n.events),
        pollId,
      );
      break;
    }
  }
  const failedEvents = round.failed.flatMap((n) => n.events);
  // A failure counts as an attempt only when other notifications went out in the same poll: it
  // was this notification's own. When nothing went out, the service looked down, and an outage
  // must not use up the attempts of every notification waiting for it.
  if (failedEvents.length === 0) {
    // Everything claimed went out or was quarantined: the outbox may be empty now.
    await deps.store.outboxDrained({ clusterId, claimant: pollId });
    return;
  }
  if (round.sent > 0) await deps.store.recordPublishFailure(failedEvents, pollId);
  else await deps.store.releaseClaim(failedEvents, pollId);
}

/** What one poll's publishing did so far. */
interface PublishRound {
  sent: number;
  /** Notifications that failed and may work next time. */
  failed: Notification[];
}

/**
 * Publishes one notification so that its failure stays its own. A failure that cannot go away
 * (`isPermanentFailure`), or one that has now happened {@link MAX_PUBLISH_ATTEMPTS} times, gives
 * the notification up: a notification about several links is first split into one per link, so
 * that only the link that cannot be sent is quarantined. Any other failure is left in `round`
 * for the caller, which hands the claim back for the next poll.
 */
async function publishIsolated(
  notification: Notification,
  deps: PollDependencies,
  pollId: string,
  tally: Tally,
  round: PublishRound,
): Promise<void> {
  try {
    await deps.notifier.publish(notification);
  } catch (error) {
    tally.publishFailures++;
    const permanent = isPermanentFailure(error);
    const attempts = 1 + Math.max(0, ...notification.events.map((e) => e.publishAttempts ?? 0));
    if (!permanent && attempts < MAX_PUBLISH_ATTEMPTS) {
      round.failed.push(notification);
      return;
    }
    const parts = splitByLink(notification);
    if (parts.length > 1) {
      for (const part of parts) await publishIsolated(part, deps, pollId, tally, round);
      return;
    }
    const reason = boundReason(`${describe(error)}${permanent ? '' : ` (after ${attempts} attempts)`}`);
    await deps.store.quarantine(notification.events, { reason, at: deps.now().toISOString() });
    tally.quarantined++;
    const linkName = notification.events.find((e) => e.linkName !== null)?.linkName ?? null;
    failLink(tally, linkName, 'publish', error);
    return;
  }
  await deps.store.markSent(notification.events);
  tally.published++;
  round.sent++;
}

/** One notification per link (and one for cluster events), each on its own. */
function splitByLink(notification: Notification): Notification[] {
  const byLink = new Map<string | null, HistoryEvent[]>();
  for (const event of notification.events) {
    const events = byLink.get(event.linkName);
    if (events === undefined) byLink.set(event.linkName, [event]);
    else events.push(event);
  }
  if (byLink.size <= 1) return [notification];
  return [...byLink.entries()].map(([linkName, events]) => ({
    kind:
      linkName === null
        ? 'cluster'
        : events.every((e) => e.type === 'LINK_STILL_UNHEALTHY')
          ? 'reminder'
          : 'change',
    clusterId: notification.clusterId,
    clusterLabel: notification.clusterLabel,
    severity: mostSevere(events.map((e) => e.severity)),
    events,
  }));
}

function countByState(listing: ClusterListing): Record<string, number> {
  // No prototype: a state named `constructor` or `toString` is counted like any other.
  return countBy(listing.links, (link) => link.linkState ?? 'NONE');
}

function skipped(cluster: MonitoredCluster): ClusterPollResult {
  return {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.label,
    outcome: 'skipped',
    error: 'not started: too little time left before the deadline',
    unreachable: false,
    links: 0,
    linksByState: {},
    events: 0,
    published: 0,
    publishFailures: 0,
    conflicts: 0,
    linkFailures: 0,
    failedLinks: [],
    quarantined: 0,
    deferredLinks: 0,
    durationMs: 0,
  };
}

function summarise(results: readonly ClusterPollResult[]): PollSummary {
  const sum = (pick: (r: ClusterPollResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    clustersPolled: results.filter((r) => r.outcome !== 'skipped').length,
    clustersFailed: results.filter((r) => r.outcome === 'failed').length,
    clustersSkipped: results.filter((r) => r.outcome === 'skipped').length,
    events: sum((r) => r.events),
    published: sum((r) => r.published),
    publishFailures: sum((r) => r.publishFailures),
    conflicts: sum((r) => r.conflicts),
    linkFailures: sum((r) => r.linkFailures),
    quarantined: sum((r) => r.quarantined),
    deferredLinks: sum((r) => r.deferredLinks),
    detailFailures: sum((r) => r.detailFailures ?? 0),
    stepFailures: sum((r) => r.stepFailures ?? 0),
    results,
  };
}

/** Error text for results and logs; the adapters' errors never carry credentials. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
