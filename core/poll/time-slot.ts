/**
 * Where a poll stands in time: its slot, one per schedule interval. Everything that takes turns
 * or runs every few polls (the clusters' start order, the task rotation, lag checks, readiness
 * reads) is placed by it, so that a cadence needs no state and costs no write. Pure.
 */

/** The time slot of a poll at `now`: one per schedule interval. */
export function timeSlot(now: Date, pollIntervalMs: number): number {
  return Math.floor(now.getTime() / Math.max(1, pollIntervalMs));
}

/** True for every `everyPolls`-th slot (every slot when it is below 1). */
export function isEveryNthSlot(everyPolls: number, now: Date, pollIntervalMs: number): boolean {
  return timeSlot(now, pollIntervalMs) % Math.max(1, everyPolls) === 0;
}
