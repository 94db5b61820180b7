import { describe, expect, it } from 'vitest';
import type { ClusterLink, LinkTask, MirrorTopicState } from '../../../../core/model/link-model.js';
import {
  type DetailPlan,
  type DetailPlanOptions,
  planDetailReads,
  rotationReads,
  sameUnreadParts,
} from '../../../../core/observe/detail-plan.js';
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

/** The plan of the poll `poll` minutes after T0. */
function planAt(
  listing: readonly ClusterLink[],
  recorded: readonly ClusterLink[],
  poll: number,
  options: Partial<DetailPlanOptions> = {},
): DetailPlan {
  return planDetailReads(listing, byName(recorded), {
    budget: BUDGET,
    pollIntervalMs: MINUTE,
    now: new Date(T0 + poll * MINUTE),
    ...options,
  });
}

const NOW = new Date(T0).toISOString();
const AN_HOUR_AGO = new Date(T0 - 60 * MINUTE).toISOString();

describe('Function: planDetailReads, what a change of the listing owes', () => {
  it.each([
    ['its state', { linkState: 'FAILED' }],
    ['its error', { linkError: 'AUTHENTICATION_ERROR' }],
  ])(
    'owes and reads the tasks, not the mirror topics, of a link that recovered: %s alone changed',
    (_, was) => {
      // Prepare
      const before = aLink({ linkName: 'a', categoryCounts: healthyCounts, ...was });
      const now = aLink({ linkName: 'a', categoryCounts: healthyCounts });

      // Act
      const plan = planAt([now], [before], 0);

      // Assess: the one link's tasks are read once, owed or not
      expect(plan.owed?.get('a')).toEqual({ since: NOW, mirrorTopics: false, tasks: true });
      expect(planned(plan)).toEqual({ topics: [], tasks: ['a'] });
    },
  );

  it('owes and reads the mirror topics and the tasks of a link whose counts changed', () => {
    // Prepare
    const before = aLink({ linkName: 'a', categoryCounts: healthyCounts });
    const now = aLink({
      linkName: 'a',
      categoryCounts: [
        { stateCategory: 'ACTIVE', count: 1 },
        { stateCategory: 'PAUSED', count: 1 },
      ],
    });

    // Act
    const plan = planAt([now], [before], 0);

    // Assess
    expect(plan.owed?.get('a')).toEqual({ since: NOW, mirrorTopics: true, tasks: true });
    expect(planned(plan)).toEqual({ topics: ['a'], tasks: ['a'] });
  });

  it('owes the mirror topics of a new link whose counts show topics in error, and reads its tasks as well', () => {
    // Prepare
    const fresh = aLink({ linkName: 'a', categoryCounts: oneFailedCounts });

    // Act
    const plan = planAt([fresh], [], 0);

    // Assess: its tasks are read at once all the same, so they are not owed
    expect(plan.owed?.get('a')).toEqual({ since: NOW, mirrorTopics: true, tasks: false });
    expect(planned(plan)).toEqual({ topics: ['a'], tasks: ['a'] });
  });

  it('owes nothing for a new healthy link, and reads its tasks once in its first poll', () => {
    // Act
    const plan = planAt([aLink({ linkName: 'a', categoryCounts: healthyCounts })], [], 0);

    // Assess
    expect(plan.owed).toEqual(new Map());
    expect(planned(plan)).toEqual({ topics: [], tasks: ['a'] });
  });

  it("reads a new link's tasks in its first poll whichever links the rotation's turn holds", () => {
    // Prepare: 10 steady links take 3 rotation reads a poll with the new one
    const steady = links(10);
    const listing = [...steady, aLink({ linkName: 'new' })];

    // Act
    const readNew = [0, 1, 2, 3, 4].map((poll) =>
      planned(planAt(listing, steady, poll)).tasks.includes('new'),
    );

    // Assess
    expect(readNew).toEqual([true, true, true, true, true]);
  });

  it('keeps a mirror-topic debt on record when the condition changes, dated from when it was first owed', () => {
    // Prepare
    const debt = { since: AN_HOUR_AGO, mirrorTopics: true, tasks: false };
    const before = aLink({ linkName: 'a', linkState: 'FAILED', unreadParts: debt });

    // Act
    const plan = planAt([aLink({ linkName: 'a' })], [before], 0);

    // Assess
    expect(plan.owed?.get('a')).toEqual({ since: AN_HOUR_AGO, mirrorTopics: true, tasks: true });
  });

  it('leaves the tasks of a link owing only its mirror topics to the rotation', () => {
    // Prepare: six steady links, two rotation reads a poll, so each is in one turn of three
    const steady = links(6);
    const owing = steady.map((l, i) =>
      i === 0 ? { ...l, unreadParts: { since: AN_HOUR_AGO, mirrorTopics: true, tasks: false } } : l,
    );
    const name = steady[0]?.linkName ?? '';

    // Act
    const plans = [0, 1, 2].map((poll) => planned(planAt(steady, owing, poll)));

    // Assess
    expect(plans.map((p) => p.topics)).toEqual([[name], [name], [name]]);
    expect(plans.filter((p) => p.tasks.includes(name))).toHaveLength(1);
  });
});

describe('Function: planDetailReads, sharing the budget', () => {
  it('gives the rotation at most half the budget', () => {
    // Act: 50 steady links would take 10 rotation reads a poll
    const plan = planAt(links(50), links(50), 0, { budget: 6 });

    // Assess
    expect(planned(plan).tasks).toHaveLength(3);
    expect(rotationReads(links(50), 6)).toBe(3);
  });

  it("reads no more than a poll's budget below its usual one, from the start of the rotation's turn", () => {
    // Prepare
    const steady = links(1000);

    // Act
    const usual = planAt(steady, steady, 0, { budget: 20 });
    const short = planAt(steady, steady, 0, { budget: 3, usualBudget: 20 });

    // Assess
    expect(usual.tasks).toHaveLength(10);
    expect(planned(short)).toEqual({ topics: [], tasks: usual.tasks.slice(0, 3) });
  });

  it('takes the turns of the rotation in name order, whatever order the listing gives the links in', () => {
    // Prepare
    const sorted = links(3);
    const reversed = [...sorted].reverse();

    // Act
    const inOrder = [0, 1, 2].map((poll) => planAt(sorted, sorted, poll).tasks);
    const inReverse = [0, 1, 2].map((poll) => planAt(reversed, sorted, poll).tasks);

    // Assess: one link a poll, each in its turn
    expect(new Set(inOrder.flat()).size).toBe(3);
    expect(inReverse).toEqual(inOrder);
  });

  it('reads the tasks of a link with a task in error on record once, though both the rotation and the watch hold it', () => {
    // Prepare
    const link = aLink({ linkName: 'a', categoryCounts: healthyCounts });

    // Act
    const plan = planAt([link], [{ ...link, tasks: [taskInError] }], 0);

    // Assess
    expect(planned(plan)).toEqual({ topics: [], tasks: ['a'] });
  });

  it('a debt the rotation reads anyway costs nothing more: the budget goes to the next one', () => {
    // Prepare: two recovered links, whose tasks are owed; a budget of 2 leaves one read to the debts
    const now = [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })];
    const before = now.map((l) => ({ ...l, linkState: 'FAILED' }));

    // Act: the rotation reads one of them a poll, each in turn
    const read = [0, 1].map((poll) => planned(planAt(now, before, poll, { budget: 2 })).tasks.sort());

    // Assess
    expect(read).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it.each([
    ['a', 'b'],
    ['b', 'a'],
  ])('pays the oldest debt first, whatever its part: the older on %s, the newer on %s', (older, newer) => {
    // Prepare: a budget of 1 leaves no rotation read, and one read to the debts
    const debt = { since: AN_HOUR_AGO, mirrorTopics: false, tasks: true };
    const before = [
      aLink({ linkName: older, categoryCounts: healthyCounts, unreadParts: debt }),
      aLink({ linkName: newer, categoryCounts: healthyCounts }),
    ];
    const now = [
      before[0] as ClusterLink,
      aLink({ linkName: newer, categoryCounts: [{ stateCategory: 'PAUSED', count: 2 }] }),
    ];

    // Act
    const plan = planAt(now, before, 0, { budget: 1 });

    // Assess
    expect(plan.owed?.get(newer)).toEqual({ since: NOW, mirrorTopics: true, tasks: true });
    expect(planned(plan)).toEqual({ topics: [], tasks: [older] });
  });

  it('keeps room after an owed mirror-topic read for describing each topic in error the record does not have as failed', () => {
    // Prepare: "a" had two topics failed and one paused on record, and now counts four in error;
    // "b" now counts one paused, nothing to describe
    const pausedTopic = { ...failedTopic('a'), topicName: 'a.paused', status: 'PAUSED', error: null };
    const before = [
      aLink({
        linkName: 'a',
        categoryCounts: [
          { stateCategory: 'IN_ERROR', count: 2 },
          { stateCategory: 'PAUSED', count: 1 },
        ],
        mirrorTopics: [failedTopic('a'), { ...failedTopic('a'), topicName: 'a.payments' }, pausedTopic],
      }),
      aLink({ linkName: 'b', categoryCounts: healthyCounts }),
    ];
    const now = [
      aLink({
        linkName: 'a',
        categoryCounts: [
          { stateCategory: 'IN_ERROR', count: 4 },
          { stateCategory: 'PAUSED', count: 1 },
          { stateCategory: 'ACTIVE', count: 1 },
        ],
      }),
      aLink({ linkName: 'b', categoryCounts: [{ stateCategory: 'PAUSED', count: 1 }] }),
    ];

    // Act: of 5 requests the rotation takes 1, "a" 3 (its read and two describes), "b" 1
    const plan = planAt(now, before, 0, { budget: 5 });

    // Assess: no request is left for the owed tasks beyond the rotation's one
    expect(planned(plan).topics).toEqual(['a', 'b']);
    expect(planned(plan).tasks).toHaveLength(1);
  });

  it('re-reads the links with unhealthy topics on record before those whose counts alone show trouble', () => {
    // Prepare: "a" has a failed topic on record, "b" only counts one in error; four steady links
    const steady = links(4);
    const listing = [
      aLink({ linkName: 'a', categoryCounts: oneFailedCounts }),
      aLink({ linkName: 'b', categoryCounts: oneFailedCounts }),
      ...steady,
    ];
    const recorded = listing.map((l) =>
      l.linkName === 'a' ? { ...l, mirrorTopics: [failedTopic('a')] } : l,
    );

    // Act: a budget of 4 takes 2 rotation reads and leaves the watch 1; one of 8 leaves it 3
    const tight = [0, 1].map((poll) => planAt(listing, recorded, poll, { budget: 4 }).topics);
    const roomy = [0, 1].map((poll) => planAt(listing, recorded, poll, { budget: 8 }).topics);

    // Assess
    expect(tight).toEqual([['a'], ['a']]);
    expect(roomy).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });
});

describe('Function: sameUnreadParts', () => {
  const debt = { since: AN_HOUR_AGO, mirrorTopics: true, tasks: false };
  const owing = (unreadParts?: ClusterLink['unreadParts']) =>
    aLink(unreadParts === undefined ? {} : { unreadParts });

  it('holds for two links that owe nothing, or the same reads since the same time', () => {
    expect(sameUnreadParts(owing(), owing())).toBe(true);
    expect(sameUnreadParts(owing(debt), owing({ ...debt }))).toBe(true);
  });

  it('fails when only one of the links owes reads', () => {
    expect(sameUnreadParts(owing(debt), owing())).toBe(false);
    expect(sameUnreadParts(owing(), owing(debt))).toBe(false);
  });

  it.each([
    ['since', { since: NOW }],
    ['mirror topics', { mirrorTopics: false }],
    ['tasks', { tasks: true }],
  ])('fails when the debts differ in their %s', (_, change) => {
    expect(sameUnreadParts(owing(debt), owing({ ...debt, ...change }))).toBe(false);
  });
});
