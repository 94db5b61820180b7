/**
 * Which links' mirror topics and tasks one poll reads, within the cluster's request budget, so
 * that no link waits for ever, wherever and however widely things fail. In this order:
 *
 * 1. the rotation reads every link's tasks in turn, the only way to see a task in error under a
 *    link whose listing never changes: a cluster of up to 50 links within 5 polls, at most 10 a
 *    poll, half the budget at most;
 * 2. what is owed: the reads a change of the listing called for (its counts, its condition), made
 *    at once when the budget allows, else kept on the link (`ClusterLink.unreadParts`) and made
 *    before any newer one, oldest first; a mirror-topic read keeps room for describing the topics
 *    it is likely to find newly failed;
 * 3. the watch re-reads, in turn, the links with unhealthy parts on record (then those whose
 *    counts alone show topics in error, paused or pending) with what is left, up to half of what
 *    the rotation leaves: each every poll or two while they fit.
 *
 * The rotation and the watch are placed by the poll time, so re-reading a steady link costs no
 * write. A per-link "last read" time would not do: moved on every read it writes every poll, and
 * written only with changes it goes stale on exactly the links read without news, which then look
 * oldest for ever. A debt, by contrast, is written with the change that makes it and once when paid.
 * Pure: no clock, no I/O.
 */
import type { ClusterLink, UnreadParts } from '../model/link-model.js';
import { countsNeedAttention, linkConditionSpeaksForParts, sameCounts } from '../model/link-parts.js';
import { timeSlot } from '../poll/time-slot.js';

/** The rotation covers a cluster in this many polls while its share allows (clusters of up to 50 links). */
export const TASK_ROTATION_POLLS = 5;
/** Most rotation reads per poll: a 1,000-link cluster is covered in 100 polls. */
export const MAX_ROTATION_PER_POLL = 10;

export interface DetailPlan {
  /** Links whose mirror topics to read: what is owed, oldest first, then the watch's turn. */
  readonly topics: readonly string[];
  /** Links whose tasks to read: the rotation's turn and the watch's. */
  readonly tasks: readonly string[];
  /**
   * Links whose tasks are owed, oldest first: read after newly failed topics are described, since
   * a description can only be had in the poll that finds the failure and a debt waits. @default none
   */
  readonly owedTasks?: readonly string[];
  /**
   * The reads owed per link before any of this poll's is made: what its readings pay off. A link
   * not in it keeps what it has recorded. @default none
   */
  readonly owed?: ReadonlyMap<string, UnreadParts>;
}

export interface DetailPlanOptions {
  /** Most requests for the cluster this poll. */
  readonly budget: number;
  /**
   * The cluster's budget in an ordinary poll, which sizes the rotation and the watch: a poll that
   * spends part of its budget elsewhere (a lag check) takes it from what is owed, so neither turn
   * shifts. @default budget
   */
  readonly usualBudget?: number;
  /** Time between polls, which places this poll in the rotation and the watch. */
  readonly pollIntervalMs: number;
  readonly now: Date;
}

/**
 * Task reads of the rotation this poll for a cluster's links: those whose parts may be read. Other
 * reads of the poll (readiness) plan around it, so that they never cut its turn.
 */
export function rotationReads(links: readonly ClusterLink[], budget: number): number {
  return rotationShare(partsReadable(links).length, budget);
}

/** Links whose parts are read: not those whose own condition speaks for them. */
function partsReadable(links: readonly ClusterLink[]): ClusterLink[] {
  return links.filter((link) => !linkConditionSpeaksForParts(link));
}

/** Task reads of the rotation per poll, for a cluster of `links` links whose parts may be read. */
export function rotationShare(links: number, budget: number): number {
  return Math.max(
    0,
    Math.min(MAX_ROTATION_PER_POLL, Math.ceil(links / TASK_ROTATION_POLLS), Math.floor(budget / 2)),
  );
}

/**
 * Re-reads of the watch per poll, and how far its turn moves on each poll: half of what the
 * rotation leaves, so that owed reads always have the other half.
 */
export function watchShare(budget: number, rotation: number): number {
  return Math.max(0, Math.ceil((budget - rotation) / 2));
}

type Part = 'mirrorTopics' | 'tasks';

interface Read {
  readonly linkName: string;
  readonly part: Part;
}

interface OwedRead extends Read {
  readonly since: string;
  /** Requests it is likely to take: the read, and a describe for each topic likely newly failed. */
  readonly cost: number;
}

/**
 * Chooses the reads of one poll, at most `budget` of them, in three shares (see above); requests
 * the plan leaves are for describing newly failed topics. Links whose own condition is unhealthy
 * are left out, their debts kept: their parts only echo it.
 */
export function planDetailReads(
  links: readonly ClusterLink[],
  recorded: ReadonlyMap<string, ClusterLink>,
  options: DetailPlanOptions,
): DetailPlan {
  const usual = options.usualBudget ?? options.budget;
  // Name order, whatever order a source lists in, so that each turn follows on from the last.
  const eligible = partsReadable(links).sort((a, b) => byCodePoint(a.linkName, b.linkName));
  const slot = timeSlot(options.now, options.pollIntervalMs);
  const since = options.now.toISOString();

  const owed = new Map<string, UnreadParts>();
  const queue: OwedRead[] = [];
  const watched: Read[] = [];
  const countsOnly: Read[] = [];
  for (const link of eligible) {
    const before = recorded.get(link.linkName) ?? null;
    const debt = owedAfterListing(link, before, since);
    // A new link's tasks are read at once when the budget allows; otherwise the rotation comes:
    // on a first listing every link is new, and a debt on each would cost each a write to pay.
    if (before === null) queue.push({ linkName: link.linkName, part: 'tasks', since, cost: 1 });
    if (debt !== null) {
      owed.set(link.linkName, debt);
      if (debt.mirrorTopics)
        queue.push({
          linkName: link.linkName,
          part: 'mirrorTopics',
          since: debt.since,
          cost: 1 + likelyNewFailures(link, before),
        });
      if (debt.tasks) queue.push({ linkName: link.linkName, part: 'tasks', since: debt.since, cost: 1 });
      // What is owed is read before anything the watch would re-read.
      continue;
    }
    if (before === null) continue;
    if ((before.mirrorTopics?.length ?? 0) > 0)
      watched.push({ linkName: link.linkName, part: 'mirrorTopics' });
    else if (countsNeedAttention(link.categoryCounts))
      countsOnly.push({ linkName: link.linkName, part: 'mirrorTopics' });
    if (before.tasks.length > 0) watched.push({ linkName: link.linkName, part: 'tasks' });
  }

  const plan = new PlanBuilder(options.budget);
  const rotation = rotationShare(eligible.length, usual);
  for (const link of turn(eligible, slot, rotation)) plan.add({ linkName: link.linkName, part: 'tasks' });
  queue.sort(
    (a, b) =>
      byCodePoint(a.since, b.since) ||
      partRank(a.part) - partRank(b.part) ||
      byCodePoint(a.linkName, b.linkName),
  );
  for (const read of queue) plan.addOwed(read);
  // The watch's turn advances by its share whatever is left of it: a poll whose owed reads took
  // part of it reads the start of its window, and the rest wait one more turn.
  const share = watchShare(usual, rotation);
  const watchedNow = Math.min(watched.length, share);
  for (const read of turn(watched, slot, watchedNow)) plan.add(read);
  for (const read of turn(countsOnly, slot, share - watchedNow)) plan.add(read);
  return { ...plan.build(), owed };
}

/**
 * The reads owed to a link after this listing, if any: those on record, plus those its change
 * calls for (mirror topics when its counts changed, or when a new link's counts show topics in
 * error, paused or pending; tasks when its counts or its condition changed), dated now.
 */
function owedAfterListing(link: ClusterLink, before: ClusterLink | null, now: string): UnreadParts | null {
  const countsChanged = before !== null && !sameCounts(before.categoryCounts, link.categoryCounts);
  const conditionChanged =
    before !== null && (before.linkState !== link.linkState || before.linkError !== link.linkError);
  const mirrorTopics = countsChanged || (before === null && countsNeedAttention(link.categoryCounts));
  const tasks = countsChanged || conditionChanged;
  const recorded = before?.unreadParts;
  if (!mirrorTopics && !tasks) return recorded ?? null;
  // Here a recorded link changed, which always owes its tasks, or the link is new, with no debt on
  // record: only mirror topics can be owed from before (a condition change owes tasks alone).
  return {
    since: recorded?.since ?? now,
    mirrorTopics: mirrorTopics || recorded?.mirrorTopics === true,
    tasks,
  };
}

/** Topics in error the record does not have as FAILED: a read finding them will want to describe each. */
function likelyNewFailures(link: ClusterLink, before: ClusterLink | null): number {
  const inError = link.categoryCounts
    .filter((c) => c.stateCategory === 'IN_ERROR')
    .reduce((sum, c) => sum + Math.max(0, c.count), 0);
  const known = before?.mirrorTopics?.filter((t) => t.status === 'FAILED').length ?? 0;
  return Math.max(0, inError - known);
}

/** The debt left once this poll's successful reads are made. */
export function unreadAfter(
  debt: UnreadParts,
  read: { readonly mirrorTopics: boolean; readonly tasks: boolean },
): UnreadParts | null {
  const mirrorTopics = debt.mirrorTopics && !read.mirrorTopics;
  const tasks = debt.tasks && !read.tasks;
  return mirrorTopics || tasks ? { since: debt.since, mirrorTopics, tasks } : null;
}

/** True when two links owe the same reads, so that no write is needed for them. */
export function sameUnreadParts(a: ClusterLink, b: ClusterLink): boolean {
  const x = a.unreadParts;
  const y = b.unreadParts;
  if (x === undefined || y === undefined) return x === y;
  return x.since === y.since && x.mirrorTopics === y.mirrorTopics && x.tasks === y.tasks;
}

/**
 * This poll's window of a turn over `items`: `size` of them from where the last poll's window
 * ended, so consecutive polls cover them all in `ceil(items / size)` polls while they stay the same.
 */
export function turn<T>(items: readonly T[], slot: number, size: number): T[] {
  const count = Math.min(Math.max(0, size), items.length);
  const start = (slot * count) % items.length;
  return Array.from({ length: count }, (_, i) => items[(start + i) % items.length] as T);
}

/** Collects the reads within the budget, each at most once. */
class PlanBuilder {
  readonly #topics: string[] = [];
  readonly #tasks: string[] = [];
  readonly #owedTasks: string[] = [];
  readonly #chosen = new Set<string>();
  #left: number;

  constructor(budget: number) {
    this.#left = Math.max(0, budget);
  }

  /** A read of the rotation or the watch, while the budget lasts. */
  add(read: Read): void {
    if (this.#left <= 0 || !this.#choose(read)) return;
    this.#left--;
    (read.part === 'mirrorTopics' ? this.#topics : this.#tasks).push(read.linkName);
  }

  /**
   * An owed read, with room for the describes it is likely to need; the first one always fits,
   * so a link with many new failures cannot hold up the rest for ever.
   */
  addOwed(read: OwedRead): void {
    if (this.#left <= 0) return;
    const fresh = this.#choose(read);
    const cost = Math.min(this.#left, read.cost - (fresh ? 0 : 1));
    this.#left -= cost;
    if (!fresh) return;
    (read.part === 'mirrorTopics' ? this.#topics : this.#owedTasks).push(read.linkName);
  }

  build(): { topics: string[]; tasks: string[]; owedTasks: string[] } {
    return { topics: this.#topics, tasks: this.#tasks, owedTasks: this.#owedTasks };
  }

  #choose(read: Read): boolean {
    const key = `${read.part}:${read.linkName}`;
    if (this.#chosen.has(key)) return false;
    this.#chosen.add(key);
    return true;
  }
}

function partRank(part: Part): number {
  return part === 'mirrorTopics' ? 0 : 1;
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
