import { describe, expect, it } from 'vitest';
import type {
  BrokenSync,
  ClusterLink,
  DryRunRecord,
  LinkConfigsRecord,
  LinkConfigValue,
  LinkTask,
  MirrorTopicState,
  StuckTopic,
  TopicProgress,
} from '../../../../core/model/link-model.js';
import { DetailRequests } from '../../../../core/observe/detail-requests.js';
import {
  type DetailReadings,
  type FailoverCheck,
  type LinkDetailSource,
  type LinkReadinessSource,
  NO_READINGS as NO_DETAIL_READINGS,
} from '../../../../core/observe/link-details.js';
import type { ClusterMirrorLags, MirrorTopicLags } from '../../../../core/observe/mirror-lag.js';
import {
  applyReadiness,
  describeStuckTopics,
  isReadinessDue,
  leavingTasksToParts,
  MAX_DRY_RUN_TOPICS,
  MAX_STUCK_DESCRIBES,
  NO_READINESS_READS,
  planReadinessReads,
  type ReadinessObservation,
  type ReadinessPlan,
  type ReadinessReadings,
  readinessRequests,
  readReadiness,
  withReadinessTasks,
} from '../../../../core/observe/readiness-reads.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';

const MINUTE = 60_000;
const EVERY = 5;
const SETTINGS: ReadinessSettings = {
  everyPolls: EVERY,
  stallReads: 3,
  maxSecondsBehind: null,
  links: [],
  stuckAfterMs: 10 * MINUTE,
  configReadsPerPoll: 2,
  dryRunsPerPoll: 1,
};
const CLUSTER = 'lkc-dr1eu';
const DEADLINE = 9_000_000_000_000;
const NOW = new Date('2026-06-02T12:00:00.000Z');

/** The n-th due poll since the epoch, one poll a minute: its slot is n × everyPolls, so its turn is n. */
function duePoll(n: number): Date {
  return new Date(n * EVERY * MINUTE);
}

function links(...names: string[]): ClusterLink[] {
  return names.map((linkName) => aLink({ linkName, topicNames: [`${linkName}.t0`, `${linkName}.t1`] }));
}

function gate(budget = 20): DetailRequests {
  return new DetailRequests({ budget, deadline: DEADLINE, now: () => 0 });
}

describe('Function: isReadinessDue', () => {
  it('is never due with readiness off', () => {
    expect(isReadinessDue(null, duePoll(0), MINUTE)).toBe(false);
    expect(isReadinessDue(null, duePoll(7), MINUTE)).toBe(false);
  });

  it('is due every everyPolls-th poll, placed by the poll time', () => {
    // Act
    const due = [0, 1, 2, 3, 4, 5, 6, 10].map((minutes) =>
      isReadinessDue(SETTINGS, new Date(duePoll(3).getTime() + minutes * MINUTE), MINUTE),
    );

    // Assess
    expect(due).toEqual([true, false, false, false, false, true, false, true]);
  });

  it('counts a poll late in its interval as the poll of that interval', () => {
    expect(isReadinessDue(SETTINGS, new Date(duePoll(3).getTime() + MINUTE - 1), MINUTE)).toBe(true);
    expect(isReadinessDue(SETTINGS, new Date(duePoll(3).getTime() - 1), MINUTE)).toBe(false);
  });

  it('places the cadence on the poll interval given', () => {
    // Prepare: polls five minutes apart, readiness every fifth of them
    const interval = 5 * MINUTE;

    // Act
    const due = [0, 5, 10, 20, 25].map((minutes) =>
      isReadinessDue(SETTINGS, new Date(minutes * MINUTE), interval),
    );

    // Assess
    expect(due).toEqual([true, false, false, false, true]);
  });

  it('is due at every poll with everyPolls 1, and takes everyPolls below 1 for 1', () => {
    for (const everyPolls of [1, 0, -4]) {
      const settings = { ...SETTINGS, everyPolls };
      expect([1, 2, 3].map((m) => isReadinessDue(settings, new Date(m * MINUTE), MINUTE))).toEqual([
        true,
        true,
        true,
      ]);
    }
  });

  it('takes a poll interval below 1 ms for 1 ms', () => {
    expect(isReadinessDue(SETTINGS, new Date(10), 0)).toBe(true);
    expect(isReadinessDue(SETTINGS, new Date(11), 0)).toBe(false);
  });
});

describe('Function: planReadinessReads', () => {
  it("reads a turn of links' configs in name order, whatever order they are listed in, covering them all over consecutive due polls", () => {
    // Prepare
    const listed = links('e-dr', 'c-dr', 'a-dr', 'd-dr', 'b-dr');

    // Act
    const turns = [0, 1, 2, 3].map((n) => planReadinessReads(listed, SETTINGS, duePoll(n), MINUTE).configs);

    // Assess
    expect(turns).toEqual([
      ['a-dr', 'b-dr'],
      ['c-dr', 'd-dr'],
      ['e-dr', 'a-dr'],
      ['b-dr', 'c-dr'],
    ]);
  });

  it('orders names by code point, the same on every machine', () => {
    // Prepare: upper case sorts before lower case, accented letters after z
    const listed = links('édition', 'zeta', 'Zulu', 'alpha');

    // Act
    const plan = planReadinessReads(listed, { ...SETTINGS, configReadsPerPoll: 4 }, duePoll(0), MINUTE);

    // Assess
    expect(plan.configs).toEqual(['Zulu', 'alpha', 'zeta', 'édition']);
  });

  it('keeps the turn of a due poll for any time within its interval', () => {
    // Prepare
    const listed = links('a-dr', 'b-dr', 'c-dr', 'd-dr', 'e-dr');
    const late = new Date(duePoll(1).getTime() + MINUTE - 1);

    // Act
    const plan = planReadinessReads(listed, SETTINGS, late, MINUTE);

    // Assess
    expect(plan.configs).toEqual(['c-dr', 'd-dr']);
  });

  it("reads every link's configs in turn, whatever the link's own condition, and the tasks of those whose own condition does not speak for their parts", () => {
    // Prepare
    const listed = [
      aLink({ linkName: 'a-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'b-dr', linkError: 'AUTHENTICATION_ERROR' }),
      aLink({ linkName: 'c-dr', topicNames: [] }),
      aLink({ linkName: 'd-dr', linkState: 'PAUSED' }),
    ];

    // Act
    const plan = planReadinessReads(listed, { ...SETTINGS, configReadsPerPoll: 4 }, duePoll(0), MINUTE);

    // Assess
    expect(plan.configs).toEqual(['a-dr', 'b-dr', 'c-dr', 'd-dr']);
    expect(plan.tasks).toEqual(['c-dr']);
  });

  it("reads the tasks of the turn's links with their configs, and of no other link", () => {
    // Prepare
    const listed = links('e-dr', 'c-dr', 'a-dr', 'd-dr', 'b-dr');

    // Act
    const turns = [0, 1, 2].map((n) => planReadinessReads(listed, SETTINGS, duePoll(n), MINUTE));

    // Assess
    expect(turns.map((plan) => plan.tasks)).toEqual([
      ['a-dr', 'b-dr'],
      ['c-dr', 'd-dr'],
      ['e-dr', 'a-dr'],
    ]);
    for (const plan of turns) expect(plan.tasks).toEqual(plan.configs);
  });

  it('dry-runs a turn of the links that are healthy and mirror topics, naming their topics', () => {
    // Prepare
    const listed = [
      aLink({ linkName: 'f-dr', topicNames: ['f1'] }),
      aLink({ linkName: 'e-dr', topicNames: [] }),
      aLink({ linkName: 'd-dr', linkState: 'PAUSED' }),
      aLink({ linkName: 'c-dr', linkError: 'AUTHENTICATION_ERROR' }),
      aLink({ linkName: 'b-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'a-dr', topicNames: ['a1', 'a2'] }),
    ];

    // Act
    const turns = [0, 1, 2].map((n) => planReadinessReads(listed, SETTINGS, duePoll(n), MINUTE).dryRuns);

    // Assess
    expect(turns).toEqual([
      [{ linkName: 'a-dr', topicNames: ['a1', 'a2'] }],
      [{ linkName: 'f-dr', topicNames: ['f1'] }],
      [{ linkName: 'a-dr', topicNames: ['a1', 'a2'] }],
    ]);
  });

  it('names at most MAX_DRY_RUN_TOPICS topics of a link in its dry run, its first ones', () => {
    // Prepare
    const topicNames = Array.from(
      { length: MAX_DRY_RUN_TOPICS + 1 },
      (_, i) => `t${String(i).padStart(4, '0')}`,
    );

    // Act
    const plan = planReadinessReads([aLink({ topicNames })], SETTINGS, duePoll(0), MINUTE);

    // Assess
    expect(MAX_DRY_RUN_TOPICS).toBe(1_000);
    expect(plan.dryRuns[0]?.topicNames).toEqual(topicNames.slice(0, 1_000));
  });

  it('asks for no dry run when dryRunsPerPoll is 0, and for no config when configReadsPerPoll is 0', () => {
    // Act
    const plan = planReadinessReads(
      links('a-dr', 'b-dr'),
      { ...SETTINGS, configReadsPerPoll: 0, dryRunsPerPoll: 0 },
      duePoll(0),
      MINUTE,
    );

    // Assess
    expect(plan).toEqual({ configs: [], tasks: [], dryRuns: [], describes: MAX_STUCK_DESCRIBES });
  });

  it('keeps MAX_STUCK_DESCRIBES (2) requests for describing newly stuck topics, even with no link', () => {
    // Act
    const plan = planReadinessReads([], SETTINGS, duePoll(0), MINUTE);

    // Assess
    expect(MAX_STUCK_DESCRIBES).toBe(2);
    expect(plan).toEqual({ configs: [], tasks: [], dryRuns: [], describes: 2 });
  });

  it('reads each link at most once in a due poll, however large the turn', () => {
    // Act
    const plan = planReadinessReads(
      links('a-dr', 'b-dr'),
      { ...SETTINGS, configReadsPerPoll: 5, dryRunsPerPoll: 5 },
      duePoll(1),
      MINUTE,
    );

    // Assess
    expect(plan.configs).toEqual(['a-dr', 'b-dr']);
    expect(plan.dryRuns.map((d) => d.linkName)).toEqual(['a-dr', 'b-dr']);
  });

  it('moves the turn by one window per due poll with everyPolls 1, and takes everyPolls below 1 for 1', () => {
    // Prepare
    const listed = links('a-dr', 'b-dr', 'c-dr', 'd-dr', 'e-dr');
    const settings = { ...SETTINGS, configReadsPerPoll: 1 };

    // Act
    const every = [1, 0].map(
      (everyPolls) =>
        planReadinessReads(listed, { ...settings, everyPolls }, new Date(3 * MINUTE), MINUTE).configs,
    );

    // Assess
    expect(every).toEqual([['d-dr'], ['d-dr']]);
  });

  it('takes a poll interval below 1 ms for 1 ms', () => {
    // Act
    const plan = planReadinessReads(
      links('a-dr', 'b-dr', 'c-dr', 'd-dr', 'e-dr'),
      { ...SETTINGS, everyPolls: 1, configReadsPerPoll: 1 },
      new Date(7),
      0,
    );

    // Assess: slot 7, turn 7, the window at 7 mod 5
    expect(plan.configs).toEqual(['c-dr']);
  });
});

describe('Function: readinessRequests', () => {
  it('counts the configs, the task lists, the dry runs and the describes kept', () => {
    // Prepare
    const plan: ReadinessPlan = {
      configs: ['a', 'b', 'c'],
      tasks: ['a', 'c'],
      dryRuns: [
        { linkName: 'a', topicNames: ['t'] },
        { linkName: 'b', topicNames: ['t'] },
      ],
      describes: 2,
    };

    // Act
    const requests = readinessRequests(plan);

    // Assess
    expect(requests).toBe(9);
  });

  it('is 0 for no readiness reads, which no one can change', () => {
    expect(readinessRequests(NO_READINESS_READS)).toBe(0);
    expect(Object.isFrozen(NO_READINESS_READS)).toBe(true);
  });

  it('with the defaults, a due poll plans at most 3 configs, their 3 task lists, 1 dry run and 2 describes', () => {
    // Prepare
    const defaults = { ...SETTINGS, configReadsPerPoll: 3, dryRunsPerPoll: 1 };

    // Act
    const plan = planReadinessReads(links('a', 'b', 'c', 'd', 'e'), defaults, duePoll(0), MINUTE);

    // Assess
    expect(readinessRequests(plan)).toBe(9);
  });
});

describe('Function: leavingTasksToParts', () => {
  const plan: ReadinessPlan = {
    configs: ['a-dr', 'b-dr', 'c-dr'],
    tasks: ['a-dr', 'b-dr', 'c-dr'],
    dryRuns: [],
    describes: 2,
  };

  it("drops the task reads the parts' plan makes, in its turns or for what is owed", () => {
    // Act
    const left = leavingTasksToParts(plan, { tasks: ['c-dr', 'x-dr'], owedTasks: ['a-dr'] });

    // Assess
    expect(left).toEqual({ ...plan, tasks: ['b-dr'] });
  });

  it("keeps the plan as it is when the parts' plan reads none of its links' tasks", () => {
    // Act
    const left = leavingTasksToParts(plan, { tasks: ['x-dr'] });

    // Assess
    expect(left).toBe(plan);
  });
});

const CONSUMER_SYNC_ON: LinkConfigValue = {
  name: 'consumer.offset.sync.enable',
  value: 'true',
  sensitive: false,
};
const CONSUMER_SYNC_OFF: LinkConfigValue = { ...CONSUMER_SYNC_ON, value: 'false' };
const TASKS_WORKING: readonly LinkTask[] = [{ taskName: 'ConsumerOffsetSync', state: 'ACTIVE', errors: [] }];

/** A readiness source that records what it is asked, each answer overridable per link. */
function readinessSource(
  answers: {
    configs?: (linkName: string) => Promise<readonly LinkConfigValue[]>;
    dryRun?: (linkName: string, topicNames: readonly string[]) => Promise<readonly FailoverCheck[]>;
    tasks?: (linkName: string) => Promise<readonly LinkTask[]>;
  } = {},
): LinkReadinessSource &
  Pick<LinkDetailSource, 'readLinkTasks'> & {
    calls: string[];
    targets: unknown[];
    inFlight: () => number;
    most: () => number;
  } {
  const calls: string[] = [];
  const targets: unknown[] = [];
  let inFlight = 0;
  let most = 0;
  const track = async <T>(answer: () => Promise<T>): Promise<T> => {
    inFlight++;
    most = Math.max(most, inFlight);
    try {
      return await answer();
    } finally {
      inFlight--;
    }
  };
  return {
    calls,
    targets,
    inFlight: () => inFlight,
    most: () => most,
    readLinkTasks: (request) => {
      calls.push(`tasks ${request.linkName}`);
      targets.push(request);
      return track(() => answers.tasks?.(request.linkName) ?? Promise.resolve(TASKS_WORKING));
    },
    readLinkConfigs: (request) => {
      calls.push(`configs ${request.linkName}`);
      targets.push(request);
      return track(() => answers.configs?.(request.linkName) ?? Promise.resolve([CONSUMER_SYNC_ON]));
    },
    validateFailover: (request) => {
      calls.push(`dry run ${request.linkName}: ${request.topicNames.join(',')}`);
      targets.push(request);
      return track(
        () =>
          answers.dryRun?.(request.linkName, request.topicNames) ??
          Promise.resolve(
            request.topicNames.map((topicName) => ({ topicName, errorCode: null, errorMessage: null })),
          ),
      );
    },
  };
}

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const rateLimitedError = () => Object.assign(new Error('429 Too Many Requests'), { kind: 'rate-limited' });

describe('Function: readReadiness', () => {
  const plan: ReadinessPlan = {
    configs: ['a-dr', 'b-dr'],
    tasks: [],
    dryRuns: [{ linkName: 'c-dr', topicNames: ['c1', 'c2'] }],
    describes: 2,
  };

  it("reads the plan's configs, then its dry runs, for the cluster and by the deadline given, each counted", async () => {
    // Prepare
    const source = readinessSource();
    const requests = gate();

    // Act
    const readings = await readReadiness(
      CLUSTER,
      plan,
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    expect(source.calls).toEqual(['configs a-dr', 'configs b-dr', 'dry run c-dr: c1,c2']);
    expect(source.targets).toEqual([
      { clusterId: CLUSTER, linkName: 'a-dr', deadline: DEADLINE },
      { clusterId: CLUSTER, linkName: 'b-dr', deadline: DEADLINE },
      { clusterId: CLUSTER, linkName: 'c-dr', deadline: DEADLINE, topicNames: ['c1', 'c2'] },
    ]);
    expect([...readings.configs]).toEqual([
      ['a-dr', [CONSUMER_SYNC_ON]],
      ['b-dr', [CONSUMER_SYNC_ON]],
    ]);
    expect([...readings.dryRuns]).toEqual([
      [
        'c-dr',
        [
          { topicName: 'c1', errorCode: null, errorMessage: null },
          { topicName: 'c2', errorCode: null, errorMessage: null },
        ],
      ],
    ]);
    expect(requests.requests).toBe(3);
    expect(requests.failures).toBe(0);
  });

  it("reads a link's tasks just before its configs when planned, for the cluster and by the deadline given, each counted", async () => {
    // Prepare
    const source = readinessSource({
      tasks: async (linkName) => (linkName === 'b-dr' ? [] : TASKS_WORKING),
    });
    const requests = gate();
    const withTasks: ReadinessPlan = { ...plan, tasks: ['a-dr', 'b-dr'], dryRuns: [] };

    // Act
    const readings = await readReadiness(
      CLUSTER,
      withTasks,
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    const calls = source.calls;
    expect([...calls].sort()).toEqual(['configs a-dr', 'configs b-dr', 'tasks a-dr', 'tasks b-dr']);
    for (const link of ['a-dr', 'b-dr'])
      expect(calls.indexOf(`tasks ${link}`)).toBeLessThan(calls.indexOf(`configs ${link}`));
    expect(source.targets).toContainEqual({ clusterId: CLUSTER, linkName: 'a-dr', deadline: DEADLINE });
    expect([...readings.tasks]).toEqual([
      ['a-dr', TASKS_WORKING],
      ['b-dr', []],
    ]);
    expect(readings.configs.size).toBe(2);
    expect(requests.requests).toBe(4);
  });

  it("reads a link's configs though its tasks could not be read, and reads no tasks unless planned", async () => {
    // Prepare
    const source = readinessSource({ tasks: () => Promise.reject(new Error('500')) });
    const requests = gate();

    // Act
    const failed = await readReadiness(
      CLUSTER,
      { ...plan, tasks: ['a-dr'], dryRuns: [] },
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    expect([...source.calls].sort()).toEqual(['configs a-dr', 'configs b-dr', 'tasks a-dr']);
    expect(failed.tasks.size).toBe(0);
    expect([...failed.configs.keys()].sort()).toEqual(['a-dr', 'b-dr']);
    expect(requests.failures).toBe(1);
  });

  it('keeps an empty answer as an answer', async () => {
    // Prepare
    const source = readinessSource({ configs: async () => [], dryRun: async () => [] });

    // Act
    const readings = await readReadiness(
      CLUSTER,
      plan,
      { readiness: source, details: source },
      gate(),
      DEADLINE,
    );

    // Assess
    expect(readings.configs.get('a-dr')).toEqual([]);
    expect(readings.dryRuns.get('c-dr')).toEqual([]);
  });

  it('never throws: a read that fails leaves its link out and is counted, and the others are made', async () => {
    // Prepare
    const source = readinessSource({
      configs: (linkName) => (linkName === 'a-dr' ? Promise.reject(new Error('500')) : Promise.resolve([])),
      dryRun: () => Promise.reject(new Error('403')),
    });
    const requests = gate();

    // Act
    const readings = await readReadiness(
      CLUSTER,
      plan,
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    expect([...readings.configs.keys()]).toEqual(['b-dr']);
    expect(readings.dryRuns.size).toBe(0);
    expect(requests.requests).toBe(3);
    expect(requests.failures).toBe(2);
  });

  it('makes no further readiness request once one was rate limited', async () => {
    // Prepare: b-dr is in flight when a-dr is refused
    const source = readinessSource({
      configs: (linkName) =>
        linkName === 'a-dr' ? Promise.reject(rateLimitedError()) : later(10, [CONSUMER_SYNC_OFF]),
    });
    const requests = gate();
    const more: ReadinessPlan = { ...plan, configs: ['a-dr', 'b-dr', 'd-dr', 'e-dr'] };

    // Act
    const readings = await readReadiness(
      CLUSTER,
      more,
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    expect(source.calls).toEqual(['configs a-dr', 'configs b-dr']);
    expect([...readings.configs]).toEqual([['b-dr', [CONSUMER_SYNC_OFF]]]);
    expect(readings.dryRuns.size).toBe(0);
    expect(requests.rateLimited).toBe(true);
    expect(requests.requests).toBe(2);
  });

  it('has at most two readiness requests of the cluster in flight at once', async () => {
    // Prepare
    const source = readinessSource({ configs: () => later(5, []), dryRun: () => later(5, []) });
    const wide: ReadinessPlan = {
      configs: ['a-dr', 'b-dr', 'c-dr', 'd-dr'],
      tasks: ['a-dr', 'c-dr'],
      dryRuns: [{ linkName: 'e-dr', topicNames: ['e1'] }],
      describes: 0,
    };

    // Act
    const readings = await readReadiness(
      CLUSTER,
      wide,
      { readiness: source, details: source },
      gate(),
      DEADLINE,
    );

    // Assess
    expect(source.most()).toBe(2);
    expect(readings.configs.size).toBe(4);
    expect(readings.tasks.size).toBe(2);
    expect(readings.dryRuns.size).toBe(1);
  });

  it('makes no more requests than the gate allows, configs first', async () => {
    // Prepare
    const source = readinessSource();
    const requests = gate(1);

    // Act
    const readings = await readReadiness(
      CLUSTER,
      plan,
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    expect(source.calls).toEqual(['configs a-dr']);
    expect([...readings.configs.keys()]).toEqual(['a-dr']);
    expect(readings.dryRuns.size).toBe(0);
  });

  it('makes no request for a plan without reads', async () => {
    // Prepare
    const source = readinessSource();
    const requests = gate();

    // Act
    const readings = await readReadiness(
      CLUSTER,
      NO_READINESS_READS,
      { readiness: source, details: source },
      requests,
      DEADLINE,
    );

    // Assess
    expect(source.calls).toEqual([]);
    expect(readings.configs.size).toBe(0);
    expect(readings.dryRuns.size).toBe(0);
    expect(requests.requests).toBe(0);
  });
});

describe('Function: withReadinessTasks', () => {
  const partsRead: readonly LinkTask[] = [{ taskName: 'AclSync', state: 'IN_ERROR', errors: [] }];
  const parts: DetailReadings = {
    ...NO_DETAIL_READINGS,
    tasks: new Map([['a-dr', partsRead]]),
    requests: 3,
    failures: 1,
    unread: new Map([
      ['b-dr', { since: '2026-06-01T00:00:00.000Z', mirrorTopics: true, tasks: true }],
      ['c-dr', { since: '2026-06-01T00:00:00.000Z', mirrorTopics: false, tasks: true }],
      ['d-dr', null],
    ]),
  };

  it("adds the task lists readiness read to the parts', one per link, the parts' read standing", () => {
    // Act
    const merged = withReadinessTasks(
      parts,
      new Map([
        ['a-dr', TASKS_WORKING],
        ['e-dr', TASKS_WORKING],
      ]),
    );

    // Assess
    expect([...merged.tasks]).toEqual([
      ['a-dr', partsRead],
      ['e-dr', TASKS_WORKING],
    ]);
    expect(merged).toMatchObject({ requests: 3, failures: 1, rateLimited: false });
  });

  it('pays what a link owed of its tasks, and leaves the rest of its debt and every other link as they were', () => {
    // Act
    const merged = withReadinessTasks(
      parts,
      new Map([
        ['b-dr', TASKS_WORKING],
        ['c-dr', TASKS_WORKING],
        ['d-dr', TASKS_WORKING],
      ]),
    );

    // Assess
    expect([...merged.unread]).toEqual([
      ['b-dr', { since: '2026-06-01T00:00:00.000Z', mirrorTopics: true, tasks: false }],
      ['c-dr', null],
      ['d-dr', null],
    ]);
  });

  it('returns the readings as they were when readiness read no tasks', () => {
    expect(withReadinessTasks(parts, new Map())).toBe(parts);
  });
});

const NO_READINGS: ReadinessReadings = { configs: new Map(), tasks: new Map(), dryRuns: new Map() };
const NOTHING_OBSERVED: ReadinessObservation = { mirrors: null, readings: NO_READINGS, tasksRead: new Map() };

function configs(...values: LinkConfigValue[]): LinkConfigsRecord {
  return { values };
}

function stalled(topicName: string): TopicProgress {
  return {
    topicName,
    readAtMs: NOW.getTime() - 5 * MINUTE,
    partitions: [{ partition: 0, fetchOffset: 1000, lag: 500 }],
    unmovedReads: 3,
    risingReads: 3,
    secondsBehind: null,
    fetchRate: 0,
    stallNotified: true,
    behindNotified: false,
  };
}

function stuck(topicName: string): StuckTopic {
  return { topicName, status: 'PENDING_STOPPED', sinceMs: NOW.getTime() - 60 * MINUTE, transitionErrors: [] };
}

const BROKEN: BrokenSync = {
  config: 'consumer.offset.sync.enable',
  taskName: 'ConsumerOffsetSync',
  taskState: 'IN_ERROR',
  errorCode: 'AUTHORIZATION_ERROR',
  errorMessage: 'DESCRIBE on group denied',
};

const DRY_RUN: DryRunRecord = { since: '2026-06-01T00:00:00.000Z', topics: 2, failures: [] };

/** A cluster-wide mirrors read in which each given topic of a link has sat in PENDING_STOPPED for an hour. */
function stuckMirrors(...topics: readonly [linkName: string, topicName: string][]): ClusterMirrorLags {
  return {
    complete: true,
    topics: topics.map(
      ([linkName, topicName]): MirrorTopicLags => ({
        linkName,
        topicName,
        status: 'PENDING_STOPPED',
        stateTimeMs: NOW.getTime() - 60 * MINUTE,
        lags: [{ partition: 0, lag: 0, fetchOffset: 1000 }],
      }),
    ),
  };
}

function byName(...recorded: ClusterLink[]): Map<string, ClusterLink> {
  return new Map(recorded.map((link) => [link.linkName, link]));
}

function summary(
  events: ReadonlyMap<string, readonly { type: string; severity: string; part?: { name: string } }[]>,
) {
  return [...events].map(([linkName, list]) => [
    linkName,
    list.map((e) => [e.type, e.severity, e.part?.name]),
  ]);
}

describe('Function: applyReadiness', () => {
  describe('with readiness off', () => {
    it('drops every readiness field of the link, and ends each problem it had on record', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [stalled('payments')],
        stuckTopics: [stuck('refunds')],
        configs: { ...configs(CONSUMER_SYNC_OFF), switchedOff: ['consumer.offset.sync.enable'] },
        brokenSyncs: [{ ...BROKEN, config: null, taskName: 'TopicConfigsSync' }],
        dryRun: DRY_RUN,
      });

      // Act
      const applied = applyReadiness([aLink()], byName(recorded), NOTHING_OBSERVED, null, NOW);

      // Assess
      expect(applied.links).toEqual([aLink()]);
      expect(summary(applied.events)).toEqual([
        [
          'orders-dr',
          [
            ['MIRROR_TOPIC_STALLED', 'resolved', 'payments'],
            ['MIRROR_TRANSITION_STUCK', 'resolved', 'refunds'],
            ['LINK_CONFIG_CHANGED', 'resolved', 'consumer.offset.sync.enable'],
            ['LINK_SYNC_BROKEN', 'resolved', 'TopicConfigsSync'],
          ],
        ],
      ]);
      expect(applied.toDescribe).toEqual([]);
    });

    it('drops what a listed link carries of readiness, and has no event for a link without any on record', () => {
      // Prepare
      const listed = [
        aLink({ configs: configs(CONSUMER_SYNC_OFF), brokenSyncs: [BROKEN], dryRun: DRY_RUN }),
        aLink({ linkName: 'new-dr', dryRun: DRY_RUN }),
      ];

      // Act
      const applied = applyReadiness(listed, byName(aLink()), NOTHING_OBSERVED, null, NOW);

      // Assess
      expect(applied.links).toEqual([aLink(), aLink({ linkName: 'new-dr' })]);
      expect(applied.events.size).toBe(0);
    });

    it('ends nothing twice: once dropped, a link has nothing left to end', () => {
      // Prepare
      const recorded = aLink({
        brokenSyncs: [BROKEN],
        topicProgress: [stalled('payments')],
        configs: { ...configs(CONSUMER_SYNC_OFF), switchedOff: ['consumer.offset.sync.enable'] },
      });
      const first = applyReadiness([aLink()], byName(recorded), NOTHING_OBSERVED, null, NOW);

      // Act
      const second = applyReadiness(first.links, byName(...first.links), NOTHING_OBSERVED, null, NOW);

      // Assess
      expect(first.events.size).toBe(1);
      expect(second.events.size).toBe(0);
    });
  });

  describe('with readiness on', () => {
    it("takes a link's first configs read as its baseline, without an event", () => {
      // Prepare
      const observation = {
        ...NOTHING_OBSERVED,
        readings: { ...NO_READINGS, configs: new Map([['orders-dr', [CONSUMER_SYNC_OFF]]]) },
      };

      // Act
      const applied = applyReadiness([aLink()], new Map(), observation, SETTINGS, NOW);

      // Assess
      expect(applied.links[0]?.configs).toEqual(configs(CONSUMER_SYNC_OFF));
      expect(applied.events.size).toBe(0);
    });

    it('warns of a sync switched off once its configs were read before', () => {
      // Prepare
      const recorded = aLink({ configs: configs(CONSUMER_SYNC_ON) });
      const observation = {
        ...NOTHING_OBSERVED,
        readings: { ...NO_READINGS, configs: new Map([['orders-dr', [CONSUMER_SYNC_OFF]]]) },
      };

      // Act
      const applied = applyReadiness([aLink()], byName(recorded), observation, SETTINGS, NOW);

      // Assess
      expect(applied.links[0]?.configs).toEqual({
        ...configs(CONSUMER_SYNC_OFF),
        switchedOff: ['consumer.offset.sync.enable'],
      });
      expect(summary(applied.events)).toEqual([
        ['orders-dr', [['LINK_CONFIG_CHANGED', 'warning', 'consumer.offset.sync.enable']]],
      ]);
    });

    it("judges a task NOT_CONFIGURED only in a poll that read the link's configs with it", () => {
      // Prepare
      const recorded = aLink({ configs: configs(CONSUMER_SYNC_ON) });
      const notConfigured = new Map([
        ['orders-dr', [{ taskName: 'ConsumerOffsetSync', state: 'NOT_CONFIGURED', errors: [] }]],
      ]);
      const tasksAlone = { ...NOTHING_OBSERVED, tasksRead: notConfigured };
      const withConfigs = {
        ...tasksAlone,
        readings: { ...NO_READINGS, configs: new Map([['orders-dr', [CONSUMER_SYNC_ON]]]) },
      };

      // Act
      const alone = applyReadiness([aLink()], byName(recorded), tasksAlone, SETTINGS, NOW);
      const together = applyReadiness([aLink()], byName(recorded), withConfigs, SETTINGS, NOW);

      // Assess
      expect(alone.links[0]).not.toHaveProperty('brokenSyncs');
      expect(alone.events.size).toBe(0);
      expect(together.links[0]?.brokenSyncs).toMatchObject([{ taskState: 'NOT_CONFIGURED' }]);
      expect(summary(together.events)).toEqual([
        ['orders-dr', [['LINK_SYNC_BROKEN', 'warning', 'ConsumerOffsetSync']]],
      ]);
    });

    it('keeps the recorded configs, broken syncs and dry run of a link not read this poll, whatever the listed link carries', () => {
      // Prepare
      const recorded = aLink({ configs: configs(CONSUMER_SYNC_ON), brokenSyncs: [BROKEN], dryRun: DRY_RUN });
      const listed = aLink({
        configs: configs(CONSUMER_SYNC_OFF),
        brokenSyncs: [],
        dryRun: { ...DRY_RUN, topics: 9 },
      });

      // Act
      const applied = applyReadiness([listed], byName(recorded), NOTHING_OBSERVED, SETTINGS, NOW);

      // Assess
      expect(applied.links).toEqual([recorded]);
      expect(applied.events.size).toBe(0);
    });

    it('adds no readiness field to a link that has none on record and was not read', () => {
      // Act
      const applied = applyReadiness(
        [aLink({ configs: configs(CONSUMER_SYNC_ON), dryRun: DRY_RUN, brokenSyncs: [BROKEN] })],
        new Map(),
        NOTHING_OBSERVED,
        SETTINGS,
        NOW,
      );

      // Assess
      expect(applied.links).toEqual([aLink()]);
      expect(applied.links[0]).not.toHaveProperty('configs');
      expect(applied.links[0]).not.toHaveProperty('brokenSyncs');
      expect(applied.links[0]).not.toHaveProperty('dryRun');
    });

    it("finds a sync switched on broken by this poll's task read, and its end by the next read", () => {
      // Prepare
      const recorded = aLink({ configs: configs(CONSUMER_SYNC_ON) });
      const inError = {
        ...NOTHING_OBSERVED,
        tasksRead: new Map([
          [
            'orders-dr',
            [
              {
                taskName: 'ConsumerOffsetSync',
                state: 'IN_ERROR',
                errors: [{ errorCode: 'AUTHORIZATION_ERROR', errorMessage: 'DESCRIBE on group denied' }],
              },
            ],
          ],
        ]),
      };
      const working = {
        ...NOTHING_OBSERVED,
        tasksRead: new Map([
          ['orders-dr', [{ taskName: 'ConsumerOffsetSync', state: 'ACTIVE', errors: [] }]],
        ]),
      };

      // Act
      const broke = applyReadiness([aLink()], byName(recorded), inError, SETTINGS, NOW);
      const mended = applyReadiness([aLink()], byName(...broke.links), working, SETTINGS, NOW);

      // Assess
      expect(broke.links[0]?.brokenSyncs).toEqual([BROKEN]);
      expect(summary(broke.events)).toEqual([
        ['orders-dr', [['LINK_SYNC_BROKEN', 'warning', 'ConsumerOffsetSync']]],
      ]);
      expect(mended.links[0]).not.toHaveProperty('brokenSyncs');
      expect(summary(mended.events)).toEqual([
        ['orders-dr', [['LINK_SYNC_BROKEN', 'resolved', 'ConsumerOffsetSync']]],
      ]);
    });

    it("records a dry run's outcome as of the poll", () => {
      // Prepare
      const observation = {
        ...NOTHING_OBSERVED,
        readings: {
          ...NO_READINGS,
          dryRuns: new Map([
            [
              'orders-dr',
              [
                { topicName: 'orders', errorCode: null, errorMessage: null },
                { topicName: 'payments', errorCode: 40002, errorMessage: 'payments is not a mirror topic' },
              ],
            ],
          ]),
        },
      };

      // Act
      const applied = applyReadiness(
        [aLink()],
        byName(aLink({ dryRun: DRY_RUN })),
        observation,
        SETTINGS,
        NOW,
      );

      // Assess
      expect(applied.links[0]?.dryRun).toEqual({
        since: NOW.toISOString(),
        topics: 2,
        failed: 1,
        failures: [
          { topicName: 'payments', errorCode: '40002', errorMessage: 'payments is not a mirror topic' },
        ],
      });
    });

    it('counts the topics of a link beyond those a dry run may name', () => {
      // Prepare
      const topicNames = Array.from(
        { length: MAX_DRY_RUN_TOPICS + 25 },
        (_, i) => `t${String(i).padStart(4, '0')}`,
      );
      const named = topicNames.slice(0, MAX_DRY_RUN_TOPICS);
      const observation = {
        ...NOTHING_OBSERVED,
        readings: {
          ...NO_READINGS,
          dryRuns: new Map([
            ['orders-dr', named.map((topicName) => ({ topicName, errorCode: null, errorMessage: null }))],
          ]),
        },
      };

      // Act
      const applied = applyReadiness([aLink({ topicNames })], new Map(), observation, SETTINGS, NOW);

      // Assess
      expect(applied.links[0]?.dryRun).toMatchObject({
        topics: MAX_DRY_RUN_TOPICS,
        failed: 0,
        notChecked: 25,
      });
    });

    it('drops the recorded dry run once dry runs are turned off, so that no verdict keeps an outcome no run refreshes', () => {
      // Prepare
      const failing: DryRunRecord = {
        ...DRY_RUN,
        failed: 1,
        failures: [{ topicName: 'payments', errorCode: '40002', errorMessage: null }],
      };

      // Act
      const applied = applyReadiness(
        [aLink()],
        byName(aLink({ configs: configs(CONSUMER_SYNC_ON), dryRun: failing })),
        NOTHING_OBSERVED,
        { ...SETTINGS, dryRunsPerPoll: 0 },
        NOW,
      );

      // Assess
      expect(applied.links).toEqual([aLink({ configs: configs(CONSUMER_SYNC_ON) })]);
      expect(applied.events.size).toBe(0);
    });

    it('gives a sync just switched on a turn to start its task, and tells of the switch as news, not as an end', () => {
      // Prepare: the baseline found the sync off, so no switch-off was notified
      const recorded = aLink({ configs: configs(CONSUMER_SYNC_OFF) });
      const observation = {
        ...NOTHING_OBSERVED,
        tasksRead: new Map([
          ['orders-dr', [{ taskName: 'ConsumerOffsetSync', state: 'NOT_CONFIGURED', errors: [] }]],
        ]),
        readings: { ...NO_READINGS, configs: new Map([['orders-dr', [CONSUMER_SYNC_ON]]]) },
      };

      // Act
      const switchedOn = applyReadiness([aLink()], byName(recorded), observation, SETTINGS, NOW);
      const aTurnLater = applyReadiness([aLink()], byName(...switchedOn.links), observation, SETTINGS, NOW);

      // Assess
      expect(switchedOn.links[0]).not.toHaveProperty('brokenSyncs');
      expect(summary(switchedOn.events)).toEqual([
        ['orders-dr', [['LINK_CONFIG_CHANGED', 'info', 'consumer.offset.sync.enable']]],
      ]);
      expect(aTurnLater.links[0]?.brokenSyncs).toMatchObject([{ taskState: 'NOT_CONFIGURED' }]);
      expect(summary(aTurnLater.events)).toEqual([
        ['orders-dr', [['LINK_SYNC_BROKEN', 'warning', 'ConsumerOffsetSync']]],
      ]);
    });

    it("puts a link's mirror progress events first, then its config changes, then its syncs, and lists the stuck topics to describe", () => {
      // Prepare: a topic newly stuck, a sync notified as off switched back on, its task in error
      const recorded = aLink({
        configs: { ...configs(CONSUMER_SYNC_OFF), switchedOff: ['consumer.offset.sync.enable'] },
      });
      const observation: ReadinessObservation = {
        mirrors: stuckMirrors(['orders-dr', 'refunds']),
        readings: { ...NO_READINGS, configs: new Map([['orders-dr', [CONSUMER_SYNC_ON]]]) },
        tasksRead: new Map([
          ['orders-dr', [{ taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] }]],
        ]),
      };

      // Act
      const applied = applyReadiness(
        [aLink(), aLink({ linkName: 'quiet-dr' })],
        byName(recorded, aLink({ linkName: 'quiet-dr' })),
        observation,
        SETTINGS,
        NOW,
      );

      // Assess
      expect(summary(applied.events)).toEqual([
        [
          'orders-dr',
          [
            ['MIRROR_TRANSITION_STUCK', 'critical', 'refunds'],
            ['LINK_CONFIG_CHANGED', 'resolved', 'consumer.offset.sync.enable'],
            ['LINK_SYNC_BROKEN', 'warning', 'ConsumerOffsetSync'],
          ],
        ],
      ]);
      expect(applied.toDescribe).toEqual([{ linkName: 'orders-dr', topicName: 'refunds' }]);
      expect(applied.links.map((l) => [l.linkName, l.stuckTopics?.map((s) => s.topicName)])).toEqual([
        ['orders-dr', ['refunds']],
        ['quiet-dr', undefined],
      ]);
    });

    it('keeps the recorded progress and stuck topics, raising and ending nothing, when the mirrors were not read', () => {
      // Prepare
      const recorded = aLink({ topicProgress: [stalled('payments')], stuckTopics: [stuck('refunds')] });

      // Act
      const applied = applyReadiness([aLink()], byName(recorded), NOTHING_OBSERVED, SETTINGS, NOW);

      // Assess
      expect(applied.links).toEqual([recorded]);
      expect(applied.events.size).toBe(0);
    });
  });
});

describe('Function: describeStuckTopics', () => {
  /** Three topics newly stuck: two of orders-dr, one of payments-dr. */
  function threeStuck() {
    return applyReadiness(
      [aLink(), aLink({ linkName: 'payments-dr' })],
      new Map(),
      {
        ...NOTHING_OBSERVED,
        mirrors: stuckMirrors(['orders-dr', 'b-topic'], ['orders-dr', 'a-topic'], ['payments-dr', 'c-topic']),
      },
      SETTINGS,
      NOW,
    );
  }

  function describing(
    answer: (linkName: string, topicName: string) => Promise<MirrorTopicState> = async (_l, topicName) => ({
      topicName,
      status: 'PENDING_STOPPED',
      error: null,
      stateTimeMs: NOW.getTime() - 60 * MINUTE,
      transitionErrors: [
        { errorCode: 'PENDING_OFFSETS', errorMessage: `${topicName} waits for its offsets` },
      ],
    }),
  ) {
    const calls: string[] = [];
    const targets: unknown[] = [];
    return {
      calls,
      targets,
      readMirrorTopic: (request: {
        clusterId: string;
        linkName: string;
        deadline: number;
        topicName: string;
      }) => {
        calls.push(`${request.linkName}/${request.topicName}`);
        targets.push(request);
        return answer(request.linkName, request.topicName);
      },
    };
  }

  function transitionErrorsOf(applied: ReturnType<typeof applyReadiness>) {
    return applied.links.flatMap((l) =>
      (l.stuckTopics ?? []).map((s) => [l.linkName, s.topicName, s.transitionErrors.map((e) => e.errorCode)]),
    );
  }

  function eventErrorsOf(applied: ReturnType<typeof applyReadiness>) {
    return [...applied.events].flatMap(([, events]) =>
      events.map((e) => [e.linkName, e.part?.name, e.part?.errorCode, e.part?.errorMessage]),
    );
  }

  it('describes the first MAX_STUCK_DESCRIBES newly stuck topics, and names their transition errors in the link and the event that raised them', async () => {
    // Prepare
    const applied = threeStuck();
    const source = describing();
    const requests = gate();

    // Act
    const described = await describeStuckTopics(CLUSTER, applied, source, requests, DEADLINE);

    // Assess
    expect(source.calls).toEqual(['orders-dr/a-topic', 'orders-dr/b-topic']);
    expect(source.targets[0]).toEqual({
      clusterId: CLUSTER,
      linkName: 'orders-dr',
      deadline: DEADLINE,
      topicName: 'a-topic',
    });
    expect(requests.requests).toBe(2);
    expect(transitionErrorsOf(described)).toEqual([
      ['orders-dr', 'a-topic', ['PENDING_OFFSETS']],
      ['orders-dr', 'b-topic', ['PENDING_OFFSETS']],
      ['payments-dr', 'c-topic', []],
    ]);
    expect(eventErrorsOf(described)).toEqual([
      ['orders-dr', 'a-topic', 'PENDING_OFFSETS', 'a-topic waits for its offsets'],
      ['orders-dr', 'b-topic', 'PENDING_OFFSETS', 'b-topic waits for its offsets'],
      ['payments-dr', 'c-topic', null, null],
    ]);
    expect(described.toDescribe).toEqual(applied.toDescribe);
  });

  it('fills nothing for a describe that failed or answered for another topic, and the others still', async () => {
    // Prepare
    const applied = threeStuck();
    const answer = describing().readMirrorTopic;
    const source = describing(async (linkName, topicName) => {
      if (topicName === 'a-topic') throw new Error('500');
      return answer({ clusterId: CLUSTER, linkName, deadline: DEADLINE, topicName });
    });
    const otherTopic = describing(async () => ({
      topicName: 'someone-else',
      status: 'PENDING_STOPPED',
      error: null,
      stateTimeMs: null,
      transitionErrors: [{ errorCode: 'X', errorMessage: 'not this one' }],
    }));

    // Act
    const oneFailed = await describeStuckTopics(CLUSTER, applied, source, gate(), DEADLINE);
    const misnamed = await describeStuckTopics(CLUSTER, applied, otherTopic, gate(), DEADLINE);

    // Assess
    expect(transitionErrorsOf(oneFailed)).toEqual([
      ['orders-dr', 'a-topic', []],
      ['orders-dr', 'b-topic', ['PENDING_OFFSETS']],
      ['payments-dr', 'c-topic', []],
    ]);
    expect(misnamed).toBe(applied);
  });

  it('describes no further once the server rate-limited a describe', async () => {
    // Prepare
    const applied = threeStuck();
    const source = describing(() => Promise.reject(rateLimitedError()));
    const requests = gate();

    // Act
    const described = await describeStuckTopics(CLUSTER, applied, source, requests, DEADLINE);

    // Assess
    expect(source.calls).toEqual(['orders-dr/a-topic']);
    expect(requests.failures).toBe(1);
    expect(described).toBe(applied);
  });

  it('makes only the describes the requests left allow, and leaves the result as it was with none left', async () => {
    // Prepare
    const applied = threeStuck();
    const one = describing();
    const none = describing();

    // Act
    const described = await describeStuckTopics(CLUSTER, applied, one, gate(1), DEADLINE);
    const untouched = await describeStuckTopics(CLUSTER, applied, none, gate(0), DEADLINE);

    // Assess
    expect(one.calls).toEqual(['orders-dr/a-topic']);
    expect(transitionErrorsOf(described)).toEqual([
      ['orders-dr', 'a-topic', ['PENDING_OFFSETS']],
      ['orders-dr', 'b-topic', []],
      ['payments-dr', 'c-topic', []],
    ]);
    expect(none.calls).toEqual([]);
    expect(untouched).toBe(applied);
  });

  it('describes again at a later due poll a stuck topic whose describe failed or did not fit, records its errors without a second event, and asks no more once described', async () => {
    // Prepare: the first due poll's describes all fail
    const links = [aLink(), aLink({ linkName: 'payments-dr' })];
    const mirrors = stuckMirrors(
      ['orders-dr', 'b-topic'],
      ['orders-dr', 'a-topic'],
      ['payments-dr', 'c-topic'],
    );
    const nextDuePoll = (recorded: readonly ClusterLink[], n: number) =>
      applyReadiness(
        links,
        byName(...recorded),
        { ...NOTHING_OBSERVED, mirrors },
        SETTINGS,
        new Date(NOW.getTime() + n * EVERY * MINUTE),
      );
    const failing = describing(() => Promise.reject(new Error('500')));
    const first = await describeStuckTopics(CLUSTER, threeStuck(), failing, gate(), DEADLINE);

    // Act: the next due poll describes two, the one after the last
    const second = nextDuePoll(first.links, 1);
    const secondDescribed = await describeStuckTopics(CLUSTER, second, describing(), gate(), DEADLINE);
    const third = nextDuePoll(secondDescribed.links, 2);
    const thirdDescribed = await describeStuckTopics(CLUSTER, third, describing(), gate(), DEADLINE);
    const fourth = nextDuePoll(thirdDescribed.links, 3);

    // Assess
    expect(transitionErrorsOf(first)).toEqual([
      ['orders-dr', 'a-topic', []],
      ['orders-dr', 'b-topic', []],
      ['payments-dr', 'c-topic', []],
    ]);
    expect(second.toDescribe).toEqual(threeStuck().toDescribe);
    expect(transitionErrorsOf(secondDescribed)).toEqual([
      ['orders-dr', 'a-topic', ['PENDING_OFFSETS']],
      ['orders-dr', 'b-topic', ['PENDING_OFFSETS']],
      ['payments-dr', 'c-topic', []],
    ]);
    expect(third.toDescribe).toEqual([{ linkName: 'payments-dr', topicName: 'c-topic' }]);
    expect(transitionErrorsOf(thirdDescribed)).toEqual([
      ['orders-dr', 'a-topic', ['PENDING_OFFSETS']],
      ['orders-dr', 'b-topic', ['PENDING_OFFSETS']],
      ['payments-dr', 'c-topic', ['PENDING_OFFSETS']],
    ]);
    expect(fourth.toDescribe).toEqual([]);
    for (const later of [second, secondDescribed, third, thirdDescribed, fourth])
      expect(later.events.size).toBe(0);
    expect(thirdDescribed.links.flatMap((l) => (l.stuckTopics ?? []).map((t) => t.described))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('describes the longest stuck first, whatever link it is on', async () => {
    // Prepare
    const mirrors: ClusterMirrorLags = {
      complete: true,
      topics: (
        [
          ['orders-dr', 'a-topic', 20],
          ['payments-dr', 'c-topic', 90],
          ['orders-dr', 'b-topic', 60],
        ] as const
      ).map(([linkName, topicName, minutes]) => ({
        linkName,
        topicName,
        status: 'PENDING_STOPPED',
        stateTimeMs: NOW.getTime() - minutes * MINUTE,
        lags: [],
      })),
    };
    const applied = applyReadiness(
      [aLink(), aLink({ linkName: 'payments-dr' })],
      new Map(),
      { ...NOTHING_OBSERVED, mirrors },
      SETTINGS,
      NOW,
    );
    const source = describing();

    // Act
    await describeStuckTopics(CLUSTER, applied, source, gate(), DEADLINE);

    // Assess
    expect(applied.toDescribe).toEqual([
      { linkName: 'payments-dr', topicName: 'c-topic' },
      { linkName: 'orders-dr', topicName: 'b-topic' },
      { linkName: 'orders-dr', topicName: 'a-topic' },
    ]);
    expect(source.calls).toEqual(['payments-dr/c-topic', 'orders-dr/b-topic']);
  });

  it('counts a describe that answered with no transition error as made, and asks no more', async () => {
    // Prepare
    const applied = threeStuck();
    const source = describing(async (_l, topicName) => ({
      topicName,
      status: 'PENDING_STOPPED',
      error: null,
      stateTimeMs: null,
      transitionErrors: [],
    }));

    // Act
    const described = await describeStuckTopics(CLUSTER, applied, source, gate(), DEADLINE);
    const later = applyReadiness(
      [aLink(), aLink({ linkName: 'payments-dr' })],
      byName(...described.links),
      {
        ...NOTHING_OBSERVED,
        mirrors: stuckMirrors(['orders-dr', 'b-topic'], ['orders-dr', 'a-topic'], ['payments-dr', 'c-topic']),
      },
      SETTINGS,
      new Date(NOW.getTime() + EVERY * MINUTE),
    );

    // Assess
    expect(described.links[0]?.stuckTopics).toEqual([
      { ...stuck('a-topic'), described: true },
      { ...stuck('b-topic'), described: true },
    ]);
    expect(later.toDescribe).toEqual([{ linkName: 'payments-dr', topicName: 'c-topic' }]);
  });

  it('makes no request when no topic is newly stuck', async () => {
    // Prepare
    const applied = applyReadiness([aLink()], new Map(), NOTHING_OBSERVED, SETTINGS, NOW);
    const source = describing();
    const requests = gate();

    // Act
    const described = await describeStuckTopics(CLUSTER, applied, source, requests, DEADLINE);

    // Assess
    expect(source.calls).toEqual([]);
    expect(requests.requests).toBe(0);
    expect(described).toBe(applied);
  });
});
