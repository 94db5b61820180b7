/**
 * A clock that moves only when told, so that the demo can show a four-hour
 * reminder in a second. Everything time-dependent (the poller, the store's
 * expiry, the REST client's deadlines) reads this one clock.
 */
export class SimulatedClock {
  #ms: number;

  constructor(start: Date) {
    this.#ms = start.getTime();
  }

  /** The simulated time now. */
  readonly now = (): Date => new Date(this.#ms);

  /** The simulated time as epoch ms. */
  readonly nowMs = (): number => this.#ms;

  /** Moves the clock forward. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.#ms += ms;
  }
}
