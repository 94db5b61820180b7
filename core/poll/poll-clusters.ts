/**
 * The poll use case: every cluster once, each in three steps. Its listing is read and planned
 * (`list-and-plan.ts`), the plan recorded (`record-plan.ts`), and its pending events published by
 * the notification pipeline (`notify/notify-pipeline.ts`). Each step returns what it did; this
 * file adds the outcomes up into the cluster's result. One `PollBudget` shares out the time.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { type MaintenanceWindow, openWindows } from '../control/maintenance-window.js';
import type { Silence } from '../control/silence.js';
import { boundReason } from '../model/bounds.js';
import { type NotifyDependencies, notifyPending } from '../notify/notify-pipeline.js';
import type { LinkBudget, LinkLease } from '../observe/link-budget.js';
import type { LinkDetailSource, LinkReadinessSource } from '../observe/link-details.js';
import type { LinkSource, LinkStateStore, Notifier, SilenceStore } from '../ports.js';
import { commitForNotReached, notReachedReason } from '../record/cluster-health.js';
import type { RecordContext } from '../record/record-context.js';
import { NOTHING_RECORDED, type RecordDependencies, recordPlan } from '../record/record-plan.js';
import { describeError } from './describe-error.js';
import {
  type FailedListing,
  type ListAndPlanDependencies,
  type ListedCluster,
  listAndPlan,
} from './list-and-plan.js';
import { PollBudget } from './poll-budget.js';
import {
  type ClusterPollResult,
  type LinkFailure,
  MAX_REPORTED_FAILURES,
  type PollSummary,
  skippedResult,
  summarise,
} from './poll-results.js';
import type { PollSettings } from './poll-settings.js';
import { type StartOrder, shuffledPerSlot } from './start-order.js';
import { timeSlot } from './time-slot.js';

/** A cluster the monitor polls. */
export interface MonitoredCluster {
  readonly clusterId: string;
  /** Human name shown in alerts, e.g. `prod-eu`. */
  readonly label: string;
}

export interface PollDependencies {
  readonly source: LinkSource;
  /** Reads links' mirror topics and tasks; without it, only the listing is read. */
  readonly details?: LinkDetailSource;
  /** Reads links' configs and failover dry runs, for readiness; without it, readiness reads mirrors only. */
  readonly readiness?: LinkReadinessSource;
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
  /**
   * The order clusters start in, for the poll's time slot (`now` over `settings.pollIntervalMs`);
   * the results stay in the order given. @default `shuffledPerSlot`, another order every poll
   */
  readonly startOrder?: StartOrder;
}

/**
 * Polls every cluster once: lists its links, diffs them against the recorded snapshot,
 * commits each change with its history events, and publishes the cluster's pending events.
 *
 * Clusters run concurrently up to `settings.concurrency`, started in another order every poll
 * (`start-order.ts`); a failure in one (listing, store or publish) is contained to it and
 * reported in its result. No cluster is started when less than `settings.reserveMs` remains
 * before the deadline: one not reached is recorded as a failed listing, with the clusters that
 * still held the slots, and a later poll, in another order, reaches it.
 */
export async function pollClusters(
  clusters: readonly MonitoredCluster[],
  settings: PollSettings,
  deps: PollDependencies,
): Promise<PollSummary> {
  const pollId = deps.pollId ?? randomUUID();
  const budget = new PollBudget(deps.deadline, settings);
  const limit = pLimit(Math.max(1, settings.concurrency));
  const { silences, unavailable } = await readSilences(deps);
  const round: PollRound = {
    settings,
    steps: {
      source: deps.source,
      details: deps.details,
      readiness: deps.readiness,
      store: deps.store,
      notifier: deps.notifier,
      now: deps.now,
      budget,
      digestThreshold: settings.digestThreshold,
    },
    pollId,
    silences,
    silencesKnown: unavailable === undefined,
  };
  const order = (deps.startOrder ?? shuffledPerSlot)(clusters, timeSlot(deps.now(), settings.pollIntervalMs));
  const place = new Map(clusters.map((cluster, index) => [cluster, index]));
  const holders = slotHolders(budget, deps.now);
  const results: ClusterPollResult[] = [];
  await Promise.all(
    order.map((cluster) =>
      limit(async () => {
        const lease = await deps.linkBudget?.acquire(cluster.clusterId);
        let result: ClusterPollResult;
        try {
          result = budget.isTooLateToStartCluster(deps.now().getTime())
            ? await notReached(cluster, round, lease, holders.ahead())
            : await holders.hold(cluster, () => pollCluster(cluster, round, lease));
        } finally {
          lease?.release();
        }
        deps.onClusterResult?.(result);
        results[place.get(cluster) ?? results.length] = result;
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
    return { silences: windows, unavailable: describeError(error) };
  }
}

/**
 * Who holds the poll's slots: the clusters started, and which of them were done before the last
 * moment a cluster may start. A cluster not reached waited behind the others.
 */
function slotHolders(budget: PollBudget, now: () => Date) {
  const started: MonitoredCluster[] = [];
  const doneInTime = new Set<MonitoredCluster>();
  return {
    async hold<T>(cluster: MonitoredCluster, poll: () => Promise<T>): Promise<T> {
      started.push(cluster);
      try {
        return await poll();
      } finally {
        if (!budget.isTooLateToStartCluster(now().getTime())) doneInTime.add(cluster);
      }
    },
    /** Labels of the clusters still polled, or polled until, when no more could start. */
    ahead: (): string[] => started.filter((c) => !doneInTime.has(c)).map((c) => c.label),
  };
}

/**
 * A cluster the poll's time did not reach: recorded as a failed listing and its pending events
 * published, as after a listing that failed, within the time kept for that. Past the recording
 * deadline, what is left is publishing's share, and the cluster is only reported.
 */
async function notReached(
  cluster: MonitoredCluster,
  round: PollRound,
  lease: LinkLease | undefined,
  ahead: readonly string[],
): Promise<ClusterPollResult> {
  if (round.steps.now().getTime() < round.steps.budget.recordingDeadline)
    return pollCluster(cluster, round, lease, ahead);
  return skippedResult(cluster, `${notReachedReason(ahead)}; too little time was left to record it`);
}

/** What every cluster of one poll shares. */
interface PollRound {
  readonly settings: PollSettings;
  /** The ports, the clock and the time budget, as the steps take them. */
  readonly steps: ListAndPlanDependencies & RecordDependencies & NotifyDependencies;
  readonly pollId: string;
  readonly silences: readonly Silence[];
  readonly silencesKnown: boolean;
}

/**
 * Polls one cluster: reads and plans, records, publishes, and adds up what each step did. A step
 * that fails as a whole is counted in `stepFailures`; the first failure is the result's error.
 * @param notReachedBehind - when the poll's time ran out before the cluster's turn: the clusters
 *   that held the slots. Its listing is not made; the cluster record counts it as failed.
 */
async function pollCluster(
  cluster: MonitoredCluster,
  round: PollRound,
  lease: LinkLease | undefined,
  notReachedBehind?: readonly string[],
): Promise<ClusterPollResult> {
  const { settings, steps } = round;
  const started = steps.now();
  const context: RecordContext = {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.label,
    now: started,
    settings,
    silences: round.silences,
    silencesKnown: round.silencesKnown,
  };
  // A cluster not reached has failed before any step: its result says why whatever comes next.
  let failure: Pick<ClusterPollResult, 'error' | 'failedStep'> | null =
    notReachedBehind === undefined ? null : { error: boundReason(notReachedReason(notReachedBehind)) };
  let listed: Pick<ListedCluster, 'links' | 'linksByState' | 'details' | 'refused'> | null = null;
  let recorded = NOTHING_RECORDED;
  let unreachable = false;
  let stepFailures = 0;
  // Unknown until the state is read: the outbox is then read as if it held events.
  let outboxEmpty = false;

  try {
    const outcome =
      notReachedBehind === undefined
        ? await listAndPlan(settings, steps, context, lease)
        : await planNotReached(notReachedBehind, settings, steps, context);
    outboxEmpty = outcome.outboxEmpty;
    if (outcome.kind === 'failed') {
      failure ??= { failedStep: 'list', error: outcome.error };
      unreachable = outcome.clusterCommit.next.consecutiveFailures >= settings.unreachableAfterPolls;
      // The snapshots stay as they are: only the cluster record counts the failed listing.
      recorded = await recordPlan({ links: [], cluster: outcome.clusterCommit }, context, steps);
    } else {
      listed = {
        links: outcome.links,
        linksByState: outcome.linksByState,
        details: outcome.details,
        refused: outcome.refused,
      };
      // The listing and the snapshots are dropped by now: only the planned writes are held.
      lease?.resize(0);
      recorded = await recordPlan(outcome.plan, context, steps);
    }
  } catch (error) {
    stepFailures++;
    failure ??= { failedStep: 'store', error: describeError(error) };
  }
  if (recorded.failure !== undefined) {
    stepFailures++;
    failure ??= { failedStep: 'store', error: recorded.failure };
  }
  const firstLinkFailure = recorded.failedLinks[0];
  if (firstLinkFailure !== undefined)
    failure ??= {
      failedStep: 'store',
      error: `link ${firstLinkFailure.linkName}: ${firstLinkFailure.error}`,
    };

  // Publishing also runs after a failed listing: events left pending by earlier polls still go out.
  const notified = await notifyPending(
    { clusterId: cluster.clusterId, claimant: round.pollId, justCommitted: recorded.committed, outboxEmpty },
    steps,
  );
  if (notified.failure !== undefined) {
    stepFailures++;
    failure ??= { failedStep: 'publish', error: notified.failure };
  }
  const quarantined = notified.givenUp.length;
  if (notified.publishFailures > 0)
    failure ??= {
      failedStep: 'publish',
      error:
        quarantined > 0
          ? `publishing failed; ${quarantined} notification(s) given up and quarantined, the rest stay pending`
          : 'publishing failed; events stay pending',
    };

  const failedLinks: LinkFailure[] = [
    ...recorded.failedLinks.map(({ linkName, error }) => ({ linkName, step: 'store' as const, error })),
    ...notified.givenUp.map(({ linkName, error }) => ({ linkName, step: 'publish' as const, error })),
  ];
  return {
    clusterId: cluster.clusterId,
    clusterLabel: cluster.label,
    outcome: notReachedBehind !== undefined ? 'skipped' : failure === null ? 'ok' : 'failed',
    ...(failure ?? {}),
    unreachable,
    links: listed?.links ?? 0,
    linksByState: listed?.linksByState ?? {},
    events: recorded.events,
    published: notified.published,
    publishFailures: notified.publishFailures,
    conflicts: recorded.conflicts,
    linkFailures: failedLinks.length,
    failedLinks: failedLinks.slice(0, MAX_REPORTED_FAILURES),
    quarantined,
    deferredLinks: recorded.deferredLinks,
    durationMs: steps.now().getTime() - started.getTime(),
    detailRequests: listed?.details.requests ?? 0,
    detailFailures: listed?.details.failures ?? 0,
    refusedEntries: listed?.refused ?? 0,
    stepFailures,
  };
}

/**
 * The plan for a cluster the poll's time did not reach: its record read, and one more failed
 * listing counted on it (no snapshot changes), as a listing that failed would be.
 * @throws what the store throws when the state cannot be read.
 */
async function planNotReached(
  ahead: readonly string[],
  settings: PollSettings,
  steps: PollRound['steps'],
  context: RecordContext,
): Promise<FailedListing> {
  const state = await steps.store.readClusterState(context.clusterId);
  const clusterCommit = commitForNotReached(state.cluster, ahead, settings.unreachableAfterPolls, context);
  return {
    kind: 'failed',
    error: boundReason(notReachedReason(ahead)),
    clusterCommit,
    outboxEmpty: state.outboxEmpty === true,
  };
}
