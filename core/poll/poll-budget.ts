/**
 * One poll's time, shared out once. A poll must finish before its deadline (the Lambda's
 * remaining time); `PollSettings.reserveMs` is what it keeps back so that what it has read is
 * recorded and published in time. Every phase asks this object for its share, so the shares are
 * written down in one place and cannot disagree. Pure: the caller passes the time.
 */
import type { PollSettings } from './poll-settings.js';

/** Longest time a cluster's detail reads may take, so a slow detail endpoint cannot hold up the poll. */
export const DETAIL_PHASE_MS = 10_000;
/**
 * How long a claim on pending events outlives the poll's deadline. A claim only has to hold while
 * its poll may still publish, and no poll runs past its deadline: the poller's deadline is the
 * Lambda's remaining time, at whose end the invocation is stopped. The margin covers the rest: a
 * request sent just before the deadline (a publish, its `markSent`) landing a moment later, and
 * the clocks of two polls (two Lambda hosts, both synchronised) disagreeing. That holds however many polls run at once, so it needs no one-poll-per-shard
 * guarantee (the stack gives none: the concurrency reservation is opt-in, and a schedule delivers
 * at least once). Kept short so that a crashed poll's claims have expired when the next poll
 * starts: the default timeout (50 s) plus this is within the shortest interval (1 min).
 */
export const CLAIM_OUTLIVES_DEADLINE_MS = 5_000;

/** The shares of one poll's time, each an epoch-ms deadline or a length in ms. */
export class PollBudget {
  readonly #deadline: number;
  readonly #reserveMs: number;

  /**
   * @param deadline - epoch ms by which the poll must have finished
   * @param settings - `reserveMs`, the time kept back from the deadline for recording and publishing
   */
  constructor(deadline: number, settings: Pick<PollSettings, 'reserveMs'>) {
    this.#deadline = deadline;
    this.#reserveMs = settings.reserveMs;
  }

  /** Epoch ms by which the poll must have finished. */
  get deadline(): number {
    return this.#deadline;
  }

  /**
   * No cluster is started with less than the whole reserve left: what is not reached is picked
   * up by the next poll.
   */
  isTooLateToStartCluster(now: number): boolean {
    return this.#deadline - now < this.#reserveMs;
  }

  /** The listing's deadline: half the reserve is left for recording and publishing what it shows. */
  get listingDeadline(): number {
    return this.#deadline - this.#reserveMs / 2;
  }

  /** Detail reads share the listing's deadline, and take at most {@link DETAIL_PHASE_MS} from `now`. */
  detailsDeadline(now: number): number {
    return Math.min(this.listingDeadline, now + DETAIL_PHASE_MS);
  }

  /** What publishing what was recorded needs: a quarter of the reserve. */
  get publishingShareMs(): number {
    return this.#reserveMs / 4;
  }

  /** No new link is recorded from then on: what is left is publishing's share. */
  get recordingDeadline(): number {
    return this.#deadline - this.publishingShareMs;
  }

  /**
   * Until when this poll's claims on pending events hold: a little past the deadline (see
   * {@link CLAIM_OUTLIVES_DEADLINE_MS}), so a poll that crashes mid-publish delays its events
   * until the next poll, not longer.
   */
  claimUntil(now: number): number {
    return Math.max(this.#deadline, now) + CLAIM_OUTLIVES_DEADLINE_MS;
  }
}
