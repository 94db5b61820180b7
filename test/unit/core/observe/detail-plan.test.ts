import { describe, expect, it } from 'vitest';
import type { ClusterLink, LinkTask, MirrorTopicState } from '../../../../core/model/link-model.js';
import { type DetailPlan, planDetailReads, rotationReads } from '../../../../core/observe/detail-plan.js';
import {
  type LinkDetailSource,
  readLinkDetails,
  withDetails,
} from '../../../../core/observe/link-details.js';
import { aLink } from '../../../support/link-fixtures.js';

const MINUTE = 60_000;
const T0 = Date.parse('2025-06-03T10:00:00Z');
const BUDGET = 20;

function links(count: number, overrides: Partial<ClusterLink> = {}): ClusterLink[] {
  return Array.from({ length: count }, (_, n) =>
    aLink({ linkName: `link-${String(n).padStart(4, '0')}`, ...overrides }),
  );
}

const byName = (list: readonly ClusterLink[]) => new Map(list.map((l) => [l.linkName, l]));

const healthyCounts = [{ stateCategory: 'ACTIVE', count: 2 }];
const oneFailedCounts = [
  { stateCategory: 'ACTIVE', count: 1 },
  { stateCategory: 'IN_ERROR', count: 1 },
];

function failedTopic(linkName: string): MirrorTopicState {
  return {
    topicName: `${linkName}.orders`,
    status: 'FAILED',
    error: 'SOURCE_TOPIC_MAY_BE_DELETED',
    stateTimeMs: T0,
    transitionErrors: [],
  };
}

const taskInError: LinkTask = {
  taskName: 'AclSync',
  state: 'IN_ERROR',
  errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'bad filter' }],
};

/** Every read a plan makes, by part. */
function planned(plan: DetailPlan): { topics: string[]; tasks: string[] } {
  return { topics: [...plan.topics], tasks: [...plan.tasks, ...(plan.owedTasks ?? [])] };
}

/**
 * A cluster polled a minute apart through the plan, the reads and the merge, as the poll does
 * them: what a link is really made of is `truth`, what the poll keeps becomes the next record.
 */
class Cluster {
  readonly truth = new Map<string, { topics: MirrorTopicState[]; tasks: LinkTask[] }>();
  readonly reads: { topics: Set<string>; tasks: Set<string> }[] = [];
  recorded = new Map<string, ClusterLink>();
  listing: ClusterLink[];
  polls = 0;

  constructor(count: number) {
    this.listing = links(count, { categoryCounts: healthyCounts });
  }

  /** Lists `names` with `counts` from now on, their parts as given. */
  set(
    names: readonly string[],
    counts: ClusterLink['categoryCounts'],
    parts: { topics?: boolean; tasks?: boolean },
  ) {
    const changed = new Set(names);
    this.listing = this.listing.map((l) => (changed.has(l.linkName) ? { ...l, categoryCounts: counts } : l));
    for (const name of names)
      this.truth.set(name, {
        topics: parts.topics === true ? [failedTopic(name)] : [],
        tasks: parts.tasks === true ? [taskInError] : [],
      });
  }

  async poll(): Promise<{ topics: Set<string>; tasks: Set<string> }> {
    const at = T0 + this.polls * MINUTE;
    this.polls++;
    const plan = planDetailReads(this.listing, this.recorded, {
      budget: BUDGET,
      pollIntervalMs: MINUTE,
      now: new Date(at),
    });
    const read = { topics: new Set<string>(), tasks: new Set<string>() };
    const truth = (name: string) => this.truth.get(name) ?? { topics: [], tasks: [] };
    const source: LinkDetailSource = {
      readLinkTasks: async (r) => {
        read.tasks.add(r.linkName);
        return truth(r.linkName).tasks;
      },
      readLinkMirrorTopics: async (r) => {
        read.topics.add(r.linkName);
        return { topics: truth(r.linkName).topics, complete: true };
      },
      readMirrorTopic: async (r) => ({
        ...failedTopic(r.linkName),
        transitionErrors: [{ errorCode: 'X', errorMessage: 'why' }],
      }),
      readClusterMirrorLags: async () => ({ topics: [], complete: true }),
    };
    const readings = await readLinkDetails('lkc-1', plan, this.recorded, source, {
      budget: BUDGET,
      deadline: Number.POSITIVE_INFINITY,
      now: () => at,
    });
    // Every link as the poll saw it becomes the next record, as if each were written.
    this.recorded = byName(
      this.listing.map((l) => withDetails(l, this.recorded.get(l.linkName) ?? null, readings)),
    );
    this.reads.push(read);
    return read;
  }

  /** Polls until `done` holds, at most `max` times; how many it took, or Infinity. */
  async pollUntil(done: () => boolean, max: number): Promise<number> {
    for (let n = 1; n <= max; n++) {
      await this.poll();
      if (done()) return n;
    }
    return Number.POSITIVE_INFINITY;
  }

  recordedTopics(name: string): readonly MirrorTopicState[] {
    return this.recorded.get(name)?.mirrorTopics ?? [];
  }

  recordedTasks(name: string): readonly LinkTask[] {
    return this.recorded.get(name)?.tasks ?? [];
  }
}

describe('Function: planDetailReads', () => {
  it('never plans more than the budget, even when every link of a 1,000-link cluster changed', () => {
    // Prepare
    const before = links(1000, { categoryCounts: [{ stateCategory: 'ACTIVE', count: 3 }] });
    const after = links(1000, { categoryCounts: [{ stateCategory: 'IN_ERROR', count: 3 }] });

    // Act
    const plan = planned(
      planDetailReads(after, byName(before), { budget: 20, pollIntervalMs: MINUTE, now: new Date(T0) }),
    );

    // Assess
    expect(plan.topics.length + plan.tasks.length).toBeLessThanOrEqual(20);
    expect(plan.topics.length).toBeGreaterThan(0);
  });

  it('reads the tasks of every link of a steady 1,000-link cluster within 100 polls, at most 10 per poll', () => {
    // Prepare
    const steady = links(1000);
    const recorded = byName(steady);
    const seen = new Set<string>();
    let most = 0;

    // Act
    for (let poll = 0; poll < 100; poll++) {
      const plan = planned(
        planDetailReads(steady, recorded, {
          budget: 20,
          pollIntervalMs: MINUTE,
          now: new Date(T0 + poll * MINUTE),
        }),
      );
      for (const name of plan.tasks) seen.add(name);
      most = Math.max(most, plan.tasks.length + plan.topics.length);
    }

    // Assess
    expect(seen.size).toBe(1000);
    expect(most).toBeLessThanOrEqual(10);
  });

  it('reads the tasks of every link of a steady 40-link cluster within any 5 polls in a row, within the budget', () => {
    // Prepare
    const steady = links(40);
    const recorded = byName(steady);
    const plans = Array.from({ length: 12 }, (_, poll) =>
      planned(
        planDetailReads(steady, recorded, {
          budget: 20,
          pollIntervalMs: MINUTE,
          now: new Date(T0 + poll * MINUTE),
        }),
      ),
    );

    // Act: the polls a task error beginning at each of them waits for
    const uncovered = plans.slice(0, 8).map((_, first) => {
      const read = new Set(plans.slice(first, first + 5).flatMap((p) => p.tasks));
      return steady.filter((l) => !read.has(l.linkName)).length;
    });

    // Assess
    expect(uncovered).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Math.max(...plans.map((p) => p.tasks.length + p.topics.length))).toBeLessThanOrEqual(20);
  });

  it('reads the mirror topics of a link whose counts show topics in error, and the tasks of a link that changed', () => {
    // Prepare
    const before = aLink({ linkName: 'a', categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }] });
    const paused = aLink({ linkName: 'b', categoryCounts: [{ stateCategory: 'PAUSED', count: 1 }] });
    const now = [aLink({ linkName: 'a', categoryCounts: [{ stateCategory: 'IN_ERROR', count: 2 }] }), paused];

    // Act
    const plan = planned(
      planDetailReads(now, byName([before, paused]), {
        budget: 20,
        pollIntervalMs: MINUTE,
        now: new Date(T0),
      }),
    );

    // Assess
    expect(plan.topics.sort()).toEqual(['a', 'b']);
    expect(plan.tasks).toContain('a');
  });

  it('reads nothing of a link whose own condition is unhealthy: its parts only echo it', () => {
    // Prepare
    const down = aLink({ linkState: 'FAILED', categoryCounts: [{ stateCategory: 'IN_ERROR', count: 9 }] });

    // Act
    const plan = planned(
      planDetailReads([down], byName([aLink()]), { budget: 20, pollIntervalMs: MINUTE, now: new Date(T0) }),
    );

    // Assess
    expect(plan).toEqual({ topics: [], tasks: [] });
  });

  it('reads every one of 100 links whose counts each show a failed topic within 20 polls: 10 requests a poll, 2 a link', async () => {
    // Prepare
    const cluster = new Cluster(100);
    await cluster.poll();
    const names = cluster.listing.map((l) => l.linkName);
    cluster.set(names, oneFailedCounts, { topics: true });

    // Act
    const polls = await cluster.pollUntil(() => names.every((n) => cluster.recordedTopics(n).length > 0), 40);

    // Assess
    expect(polls).toBeLessThanOrEqual(20);
    expect(Math.max(...cluster.reads.map((r) => r.topics.size + r.tasks.size))).toBeLessThanOrEqual(BUDGET);
  });

  it('reads links whose counts changed oldest first: a wave of failures waits for none that came after it', async () => {
    // Prepare: the later half of the names fails first, the earlier half three polls later
    const cluster = new Cluster(100);
    await cluster.poll();
    const names = cluster.listing.map((l) => l.linkName);
    const first = names.slice(50);
    const second = names.slice(0, 50);
    cluster.set(first, oneFailedCounts, { topics: true });
    for (let i = 0; i < 3; i++) await cluster.poll();
    cluster.set(second, oneFailedCounts, { topics: true });

    // Act
    for (let i = 0; i < 40; i++) await cluster.poll();

    // Assess: the poll that first read each link's mirror topics
    const readAt = (name: string) => cluster.reads.findIndex((r) => r.topics.has(name));
    expect([...names].filter((n) => readAt(n) < 0)).toEqual([]);
    expect(Math.max(...first.map(readAt))).toBeLessThanOrEqual(Math.min(...second.map(readAt)));
  });

  it('names a task error on any link of a steady 40-link cluster within 5 polls, and its recovery within 2', async () => {
    for (const name of links(40).map((l) => l.linkName)) {
      // Prepare
      const cluster = new Cluster(40);
      await cluster.poll();
      cluster.set([name], healthyCounts, { tasks: true });

      // Act
      const named = await cluster.pollUntil(() => cluster.recordedTasks(name).length > 0, 30);
      cluster.set([name], healthyCounts, {});
      const recovered = await cluster.pollUntil(() => cluster.recordedTasks(name).length === 0, 30);

      // Assess
      expect({ name, named: named <= 5, recovered: recovered <= 2 }).toEqual({
        name,
        named: true,
        recovered: true,
      });
    }
  });

  it('re-reads each of 10 links with a task in error on record within two polls, in a 1,000-link cluster', async () => {
    // Prepare: ten links whose task errors are on record, and still in error
    const cluster = new Cluster(1000);
    const unhealthy = cluster.listing.filter((_, i) => i % 100 === 0).map((l) => l.linkName);
    cluster.set(unhealthy, healthyCounts, { tasks: true });
    cluster.recorded = byName(
      cluster.listing.map((l) => (unhealthy.includes(l.linkName) ? { ...l, tasks: [taskInError] } : l)),
    );

    // Act
    for (let i = 0; i < 6; i++) await cluster.poll();

    // Assess: every pair of polls in a row read each of them
    for (let i = 0; i + 1 < cluster.reads.length; i++) {
      const read = new Set([...(cluster.reads[i]?.tasks ?? []), ...(cluster.reads[i + 1]?.tasks ?? [])]);
      expect(unhealthy.filter((n) => !read.has(n))).toEqual([]);
    }
  });

  it('keeps the turns of the rotation and the watch in a poll whose budget a lag check shares', () => {
    // Prepare
    const steady = links(1000);
    const recorded = byName(steady.map((l, i) => (i % 50 === 0 ? { ...l, tasks: [taskInError] } : l)));
    const options = { pollIntervalMs: MINUTE, now: new Date(T0), usualBudget: 20 };

    // Act
    const usual = planned(planDetailReads(steady, recorded, { ...options, budget: 20 }));
    const withLagCheck = planned(planDetailReads(steady, recorded, { ...options, budget: 19 }));

    // Assess
    expect(withLagCheck).toEqual(usual);
  });

  it('writes nothing once what changes called for has been read: a steady state, failures included, owes nothing', async () => {
    // Prepare
    const cluster = new Cluster(100);
    await cluster.poll();
    const names = cluster.listing.map((l) => l.linkName);
    cluster.set(names.slice(0, 60), oneFailedCounts, { topics: true, tasks: true });
    await cluster.pollUntil(() => names.slice(0, 60).every((n) => cluster.recordedTopics(n).length > 0), 40);
    for (let i = 0; i < 30; i++) await cluster.poll();
    const settled = JSON.stringify([...cluster.recorded.values()]);

    // Act
    for (let i = 0; i < 20; i++) await cluster.poll();

    // Assess
    expect(JSON.stringify([...cluster.recorded.values()])).toBe(settled);
    expect([...cluster.recorded.values()].filter((l) => l.unreadParts !== undefined)).toEqual([]);
  });
});

describe('Function: rotationReads', () => {
  it('sizes the rotation on the links whose parts may be read, as the plan does', () => {
    // Prepare: 30 healthy links and 20 failed ones, whose parts only echo their condition
    const healthy = links(30);
    const failed = links(20).map((l) => ({ ...l, linkName: `failed-${l.linkName}`, linkState: 'FAILED' }));

    // Act
    const reads = rotationReads([...healthy, ...failed], BUDGET);
    const planned = planDetailReads([...healthy, ...failed], new Map(), {
      budget: BUDGET,
      pollIntervalMs: MINUTE,
      now: new Date(T0),
    }).tasks.length;

    // Assess: 30 links take 6 a poll over 5 polls; 50 would take 10
    expect(reads).toBe(6);
    expect(reads).toBe(planned);
  });
});
