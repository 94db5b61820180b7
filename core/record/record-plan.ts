/**
 * Writes what a listing calls for (`list-and-plan.ts`), each link on its own: a link whose commit
 * fails is reported against it and the others go on (its snapshot stays as it was, so the next
 * poll tries it again).
 */
import pLimit from 'p-limit';
import { boundReason } from '../model/bounds.js';
import type { HistoryEvent } from '../model/change-events.js';
import { describeError } from '../poll/describe-error.js';
import type { ListingPlan } from '../poll/list-and-plan.js';
import type { PollBudget } from '../poll/poll-budget.js';
import type { LinkStateStore } from '../ports.js';
import type { RecordContext } from './record-context.js';

/** Link commits of one cluster written at once: 1,500 changed links record in seconds, not a minute. */
export const LINK_WRITE_CONCURRENCY = 8;

export interface RecordDependencies {
  readonly store: Pick<LinkStateStore, 'markPending' | 'commitLink' | 'commitCluster'>;
  readonly now: () => Date;
  readonly budget: Pick<PollBudget, 'recordingDeadline'>;
}

/** A link whose commit failed; the poll went on without it. */
export interface UnrecordedLink {
  readonly linkName: string;
  /** Why, bounded. */
  readonly error: string;
}

/** What recording a plan did. */
export interface RecordOutcome {
  /** History events written. */
  readonly events: number;
  /** Commits another poll got to first; their results were discarded. */
  readonly conflicts: number;
  /** Events recorded (or promoted) for publishing, for the claim to name. */
  readonly committed: readonly Pick<HistoryEvent, 'clusterId' | 'eventId'>[];
  /** Every link whose commit failed. */
  readonly failedLinks: readonly UnrecordedLink[];
  /** Changed links left for the next poll because the deadline was near (nothing is lost). */
  readonly deferredLinks: number;
  /** The cluster record could not be written; the links' commits before it stand. */
  readonly failure?: string;
}

/** What a cluster whose state could not be read recorded. */
export const NOTHING_RECORDED: RecordOutcome = Object.freeze({
  events: 0,
  conflicts: 0,
  committed: [],
  failedLinks: [],
  deferredLinks: 0,
});

/**
 * Writes the plan's links, then its cluster record. No new link is started once the time left is
 * only publishing's share: the links left are written by the next poll, which sees the same
 * changes against the same snapshots. Never throws: a cluster record that cannot be written is the
 * outcome's `failure`.
 */
export async function recordPlan(
  plan: ListingPlan,
  context: RecordContext,
  deps: RecordDependencies,
): Promise<RecordOutcome> {
  const { store } = deps;
  const limit = pLimit(LINK_WRITE_CONCURRENCY);
  const stopAt = deps.budget.recordingDeadline;
  const committed: Pick<HistoryEvent, 'clusterId' | 'eventId'>[] = [];
  const failedLinks: UnrecordedLink[] = [];
  let events = 0;
  let conflicts = 0;
  let deferredLinks = 0;
  const outcome = (failure?: string): RecordOutcome => ({
    events,
    conflicts,
    committed,
    failedLinks,
    deferredLinks,
    ...(failure === undefined ? {} : { failure }),
  });
  const record = (written: readonly HistoryEvent[], result: 'committed' | 'conflict'): void => {
    if (result === 'conflict') {
      conflicts++;
      return;
    }
    events += written.length;
    committed.push(...written.filter((e) => e.notification === 'PENDING'));
  };

  await Promise.all(
    plan.links.map(({ commit, promote }) =>
      limit(async () => {
        if (deps.now().getTime() >= stopAt) {
          deferredLinks++;
          return;
        }
        try {
          if (promote.length > 0) {
            // Promote first: if the commit below is lost, the next poll promotes again (idempotent).
            const promoted = promote.map((eventId) => ({ clusterId: context.clusterId, eventId }));
            await store.markPending(promoted);
            committed.push(...promoted);
          }
          record(commit.events, await store.commitLink(commit));
        } catch (error) {
          failedLinks.push({ linkName: commit.linkName, error: boundReason(describeError(error)) });
        }
      }),
    ),
  );
  if (plan.cluster === null) return outcome();
  // A baseline is marked done only once every link is in: a link deferred or failed joins it
  // silently next poll instead of being reported added.
  const baselining = plan.cluster.next.baselineAt === context.now.toISOString();
  if (baselining && (deferredLinks > 0 || failedLinks.length > 0)) return outcome();
  try {
    record(plan.cluster.events, await store.commitCluster(plan.cluster));
  } catch (error) {
    return outcome(describeError(error));
  }
  return outcome();
}
