/**
 * A bound on how many links a poll holds in memory at once. A cluster being
 * listed and diffed holds its listing and its snapshots, a few KB per link, so
 * memory grows with the links in flight, not with the clusters: 32 clusters of
 * 100 links weigh less than 5 of 1,000. The budget admits clusters while the
 * links they are expected to hold fit, always at least one, and learns each
 * cluster's size from its listings, so a warm poller weighs every cluster
 * right. Pure bookkeeping: no clock, no I/O.
 */

/** One admitted cluster's share of the budget. */
export interface LinkLease {
  /** Links this cluster is counted for now. */
  readonly links: number;
  /**
   * The cluster turned out to hold `links` (its snapshot or its listing): it is
   * counted for that from now on, more or less than it was admitted with. Never
   * waits: a cluster already in flight must be able to finish.
   * @param options.learn - remember it as the cluster's size for later polls (a complete listing)
   */
  resize(links: number, options?: { readonly learn?: boolean }): void;
  /** The cluster no longer holds its links. Idempotent. */
  release(): void;
}

export class LinkBudget {
  readonly #maxLinks: number;
  readonly #unknownClusterLinks: number;
  readonly #sizes = new Map<string, number>();
  readonly #waiting: { readonly links: number; readonly admit: () => void }[] = [];
  #inFlight = 0;
  #leases = 0;

  /**
   * @param maxLinks - links in flight beyond which no further cluster is admitted
   * @param unknownClusterLinks - what a cluster whose size is not known yet is counted for
   */
  constructor(maxLinks: number, unknownClusterLinks: number) {
    if (!(maxLinks > 0)) throw new RangeError(`maxLinks must be positive, got ${maxLinks}`);
    this.#maxLinks = maxLinks;
    this.#unknownClusterLinks = Math.max(0, unknownClusterLinks);
  }

  /** Links currently counted as in flight. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The size learnt for a cluster, if any. */
  knownSize(clusterId: string): number | undefined {
    return this.#sizes.get(clusterId);
  }

  /**
   * Waits until the cluster's expected links fit (in arrival order), then
   * counts them. A cluster larger than the whole budget is admitted alone.
   */
  async acquire(clusterId: string): Promise<LinkLease> {
    const expected = this.#sizes.get(clusterId) ?? this.#unknownClusterLinks;
    if (this.#waiting.length > 0 || !this.#fits(expected)) {
      // Counted by #admitWaiting when admitted.
      await new Promise<void>((admit) => this.#waiting.push({ links: expected, admit }));
    } else {
      this.#inFlight += expected;
      this.#leases++;
    }
    let counted = expected;
    let released = false;
    const budget = this;
    return {
      get links() {
        return counted;
      },
      resize(links: number, options?: { readonly learn?: boolean }) {
        if (released) return;
        const size = Math.max(0, Math.floor(links));
        if (options?.learn === true) budget.#sizes.set(clusterId, size);
        budget.#inFlight += size - counted;
        counted = size;
        budget.#admitWaiting();
      },
      release() {
        if (released) return;
        released = true;
        budget.#inFlight -= counted;
        budget.#leases--;
        budget.#admitWaiting();
      },
    };
  }

  #fits(links: number): boolean {
    return this.#leases === 0 || this.#inFlight + links <= this.#maxLinks;
  }

  #admitWaiting(): void {
    for (;;) {
      const next = this.#waiting[0];
      if (next === undefined || !this.#fits(next.links)) return;
      this.#waiting.shift();
      // Counted here, synchronously, so that the next waiter sees this one's links.
      this.#inFlight += next.links;
      this.#leases++;
      next.admit();
    }
  }
}
