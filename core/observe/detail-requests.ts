/**
 * The one place a cluster's detail requests are counted against a budget, a deadline and the
 * server's rate limit: the parts reads and the readiness reads of a poll each hold one, over
 * shares of the cluster's budget that add up to it.
 */

/** Counts and gates the detail requests of one cluster in one poll. */
export class DetailRequests {
  readonly #budget: number;
  readonly #deadline: number;
  readonly #now: () => number;
  #requests = 0;
  #failures = 0;
  #rateLimited = false;

  /**
   * @param options.budget - most requests; @param options.deadline - epoch ms after which none starts
   */
  constructor(options: { readonly budget: number; readonly deadline: number; readonly now: () => number }) {
    this.#budget = Math.max(0, options.budget);
    this.#deadline = options.deadline;
    this.#now = options.now;
  }

  /** Requests made, including failed ones. */
  get requests(): number {
    return this.#requests;
  }

  get failures(): number {
    return this.#failures;
  }

  /** True once the server rate-limited a request: no further one is made this poll. */
  get rateLimited(): boolean {
    return this.#rateLimited;
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
    if (this.#rateLimited || this.#requests >= this.#budget || this.#now() >= this.#deadline)
      return undefined;
    this.#requests++;
    try {
      return await read();
    } catch (error) {
      this.#failures++;
      if ((error as { kind?: unknown } | null)?.kind === 'rate-limited') this.#rateLimited = true;
      return undefined;
    }
  }
}
