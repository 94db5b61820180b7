/**
 * The one place a cluster's detail requests are counted against a budget, a deadline and the
 * server's rate limit: the parts reads and the readiness reads of a poll each hold one, over
 * shares of the cluster's budget that add up to it.
 */

/**
 * What one cluster's reads of a poll learn of the server's rate limit: a 429 to any of them (the
 * parts, readiness, the mirrors listing) stops the others too, since the server asked the monitor,
 * not one of its reads, to slow down.
 */
export class RateLimitSignal {
  #limited = false;

  get limited(): boolean {
    return this.#limited;
  }

  /** Marks the cluster rate limited when `error` is a 429; returns whether it was. */
  noteFailure(error: unknown): boolean {
    if ((error as { kind?: unknown } | null)?.kind !== 'rate-limited') return false;
    this.#limited = true;
    return true;
  }
}

/** Counts and gates the detail requests of one cluster in one poll. */
export class DetailRequests {
  readonly #budget: number;
  readonly #deadline: number;
  readonly #now: () => number;
  readonly #rateLimit: RateLimitSignal;
  #requests = 0;
  #failures = 0;

  /**
   * @param options.budget - most requests; @param options.deadline - epoch ms after which none starts
   * @param options.rateLimit - shared with the cluster's other reads of the poll. @default its own
   */
  constructor(options: {
    readonly budget: number;
    readonly deadline: number;
    readonly now: () => number;
    readonly rateLimit?: RateLimitSignal;
  }) {
    this.#budget = Math.max(0, options.budget);
    this.#deadline = options.deadline;
    this.#now = options.now;
    this.#rateLimit = options.rateLimit ?? new RateLimitSignal();
  }

  /** Requests made, including failed ones. */
  get requests(): number {
    return this.#requests;
  }

  get failures(): number {
    return this.#failures;
  }

  /** True once the server rate-limited a request of the cluster: no further one is made this poll. */
  get rateLimited(): boolean {
    return this.#rateLimit.limited;
  }

  /** Requests still allowed by the budget. */
  get left(): number {
    return this.#budget - this.#requests;
  }

  /**
   * Makes the request when the budget, the deadline and the rate limit allow. Never throws: a
   * failure is counted and returns undefined, like a request not made; an error whose `kind` is
   * `rate-limited` stops the rest.
   */
  async attempt<T>(read: () => Promise<T>): Promise<T | undefined> {
    if (this.#rateLimit.limited || this.#requests >= this.#budget || this.#now() >= this.#deadline)
      return undefined;
    this.#requests++;
    try {
      return await read();
    } catch (error) {
      this.#failures++;
      this.#rateLimit.noteFailure(error);
      return undefined;
    }
  }
}
