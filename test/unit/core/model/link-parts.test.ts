/**
 * The parts of a link that can fail while the link itself says ACTIVE: how bad each mirror topic
 * and task state is, which ones a snapshot keeps, which ones are a problem, and how the listing's
 * category counts read.
 */
import { describe, expect, it } from 'vitest';
import type { CategoryCount, LinkTask, MirrorTopicState } from '../../../../core/model/link-model.js';
import {
  countsNeedAttention,
  countsText,
  firstTaskError,
  isoOrNull,
  isTaskWorthKeeping,
  isTopicWorthKeeping,
  KNOWN_MIRROR_STATUSES,
  KNOWN_TASK_STATES,
  keptTasks,
  keptTopics,
  linkConditionSpeaksForParts,
  MAX_KEPT_MIRROR_TOPICS,
  MAX_KEPT_TASKS,
  MAX_TRANSITION_ERRORS,
  sameCounts,
  taskSeverity,
  topicSeverity,
  unhealthyParts,
} from '../../../../core/model/link-parts.js';
import { aLink } from '../../../support/link-fixtures.js';

function topic(topicName: string, overrides: Partial<MirrorTopicState> = {}): MirrorTopicState {
  return { topicName, status: 'ACTIVE', error: null, stateTimeMs: null, transitionErrors: [], ...overrides };
}

function task(taskName: string, overrides: Partial<LinkTask> = {}): LinkTask {
  return { taskName, state: 'ACTIVE', errors: [], ...overrides };
}

const AN_ERROR = { errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'acl.filters could not be parsed' };

describe('Function: topicSeverity', () => {
  it.each([
    ['FAILED', 'critical'],
    ['SOURCE_UNAVAILABLE', 'critical'],
    ['PAUSED', 'warning'],
    ['STOPPED', 'info'],
    ['PENDING_STOPPED', 'info'],
    ['ACTIVE', null],
    ['LINK_FAILED', null],
    ['LINK_PAUSED', null],
    ['PENDING_MIRROR', null],
    ['PENDING_SYNCHRONIZE', null],
    ['PENDING_SETUP_FOR_RESTORE', null],
    ['PENDING_RESTORE', null],
  ])('rates a topic %s without an error as %s', (status, severity) => {
    expect(topicSeverity({ status, error: null })).toBe(severity);
  });

  it('warns of a state not known yet, since nobody can say it is fine', () => {
    expect(topicSeverity({ status: 'PENDING_SOMETHING_NEW', error: null })).toBe('warning');
    expect(topicSeverity({ status: '', error: null })).toBe('warning');
  });

  it.each(['ACTIVE', 'LINK_FAILED', 'PENDING_MIRROR', 'STOPPED', 'PAUSED'])(
    'pages for a topic %s that reports an error',
    (status) => {
      expect(topicSeverity({ status, error: 'SOURCE_TOPIC_DELETED' })).toBe('critical');
    },
  );

  it('rates every documented state, so none falls through to the unknown-state warning by mistake', () => {
    const warned = KNOWN_MIRROR_STATUSES.filter(
      (status) => topicSeverity({ status, error: null }) === 'warning',
    );
    expect(warned).toEqual(['PAUSED']);
  });
});

describe('Function: taskSeverity', () => {
  it.each([
    ['ACTIVE', null],
    ['NOT_CONFIGURED', null],
    ['LINK_FAILED', null],
    ['LINK_UNAVAILABLE', null],
    ['LINK_PAUSED', null],
    ['IN_ERROR', 'warning'],
    ['UNKNOWN', 'warning'],
    ['SOMETHING_NEW', 'warning'],
  ])('rates a task %s without errors as %s', (state, severity) => {
    expect(taskSeverity({ state, errors: [] })).toBe(severity);
  });

  it.each(['ACTIVE', 'NOT_CONFIGURED'])('warns of a task %s that reports errors', (state) => {
    expect(taskSeverity({ state, errors: [AN_ERROR] })).toBe('warning');
  });

  it('stays quiet about a task that only echoes its link, errors and all', () => {
    expect(taskSeverity({ state: 'LINK_FAILED', errors: [AN_ERROR] })).toBeNull();
  });

  it('never pages for a task: data keeps flowing when one fails', () => {
    const states = [...KNOWN_TASK_STATES, 'SOMETHING_NEW'];
    const severities = states.flatMap((state) => [
      taskSeverity({ state, errors: [] }),
      taskSeverity({ state, errors: [AN_ERROR] }),
    ]);
    expect(severities).not.toContain('critical');
  });
});

describe('Functions: isTopicWorthKeeping, isTaskWorthKeeping', () => {
  it('keeps a topic whose state is news, including one stopped on purpose', () => {
    expect(isTopicWorthKeeping(topic('a', { status: 'STOPPED' }))).toBe(true);
    expect(isTopicWorthKeeping(topic('a', { status: 'PAUSED' }))).toBe(true);
    expect(isTopicWorthKeeping(topic('a'))).toBe(false);
    expect(isTopicWorthKeeping(topic('a', { status: 'PENDING_MIRROR' }))).toBe(false);
  });

  it('keeps a task whose state is news', () => {
    expect(isTaskWorthKeeping(task('AclSync', { state: 'IN_ERROR' }))).toBe(true);
    expect(isTaskWorthKeeping(task('AclSync'))).toBe(false);
    expect(isTaskWorthKeeping(task('AclSync', { state: 'LINK_PAUSED' }))).toBe(false);
  });
});

describe('Function: keptTopics', () => {
  it('keeps only the topics whose state is news, in code-point order of their names', () => {
    const kept = keptTopics([
      topic('orders', { status: 'PAUSED' }),
      topic('healthy'),
      topic('Zebra', { status: 'FAILED' }),
      topic('émigré', { status: 'STOPPED' }),
      topic('pending', { status: 'PENDING_MIRROR' }),
      topic('accounts', { error: 'SOURCE_TOPIC_DELETED' }),
    ]);
    // Upper case sorts before lower case and accented letters after both, on every machine.
    expect(kept.map((t) => t.topicName)).toEqual(['Zebra', 'accounts', 'orders', 'émigré']);
  });

  it(`keeps at most ${MAX_KEPT_MIRROR_TOPICS} topics, the first by name`, () => {
    const names = Array.from(
      { length: MAX_KEPT_MIRROR_TOPICS + 1 },
      (_, i) => `t${String(i).padStart(3, '0')}`,
    );
    const kept = keptTopics([...names].reverse().map((name) => topic(name, { status: 'PAUSED' })));
    expect(kept).toHaveLength(MAX_KEPT_MIRROR_TOPICS);
    expect(kept.map((t) => t.topicName)).toEqual(names.slice(0, MAX_KEPT_MIRROR_TOPICS));
  });

  it(`keeps at most ${MAX_TRANSITION_ERRORS} transition errors of a topic, the first ones, and leaves the read alone`, () => {
    const errors = Array.from({ length: MAX_TRANSITION_ERRORS + 2 }, (_, i) => ({
      errorCode: `E${i}`,
      errorMessage: `message ${i}`,
    }));
    const read = topic('orders', { status: 'FAILED', stateTimeMs: 1_000, transitionErrors: errors });

    const [kept] = keptTopics([read]);

    expect(kept).toEqual({ ...read, transitionErrors: errors.slice(0, MAX_TRANSITION_ERRORS) });
    expect(read.transitionErrors).toHaveLength(MAX_TRANSITION_ERRORS + 2);
  });

  it('keeps topics read twice under one name in the order they were read', () => {
    const first = topic('orders', { status: 'PAUSED' });
    const second = topic('orders', { status: 'FAILED' });

    expect(keptTopics([first, second])).toEqual([first, second]);
    expect(keptTopics([second, first])).toEqual([second, first]);
  });

  it('keeps nothing from a link whose topics are all fine', () => {
    expect(keptTopics([topic('a'), topic('b', { status: 'LINK_FAILED' })])).toEqual([]);
  });
});

describe('Function: keptTasks', () => {
  it('keeps only the tasks whose state is news, in code-point order of their names', () => {
    const kept = keptTasks([
      task('TopicConfigsSync', { state: 'IN_ERROR' }),
      task('ConsumerOffsetSync'),
      task('AclSync', { errors: [AN_ERROR] }),
      task('aclSync', { state: 'UNKNOWN' }),
      task('AutoCreateMirror', { state: 'LINK_FAILED' }),
    ]);
    expect(kept.map((t) => t.taskName)).toEqual(['AclSync', 'TopicConfigsSync', 'aclSync']);
  });

  it(`keeps at most ${MAX_KEPT_TASKS} tasks, the first by name`, () => {
    const names = Array.from({ length: MAX_KEPT_TASKS + 1 }, (_, i) => `Task${String(i).padStart(2, '0')}`);
    const kept = keptTasks([...names].reverse().map((name) => task(name, { state: 'IN_ERROR' })));
    expect(kept.map((t) => t.taskName)).toEqual(names.slice(0, MAX_KEPT_TASKS));
  });
});

describe('Function: linkConditionSpeaksForParts', () => {
  it.each([
    ['FAILED', null, true],
    ['UNAVAILABLE', null, true],
    ['PAUSED', null, true],
    ['ACTIVE', 'AUTHENTICATION_ERROR', true],
    ['ACTIVE', null, false],
    [null, null, false],
  ])('for a link %s with error %s is %s', (linkState, linkError, expected) => {
    expect(linkConditionSpeaksForParts({ linkState, linkError })).toBe(expected);
  });
});

describe('Function: unhealthyParts', () => {
  it('lists critical parts before warnings, topics before tasks, then by name in code-point order', () => {
    const link = aLink({
      mirrorTopics: [
        topic('paused-b', { status: 'PAUSED' }),
        topic('Paused-a', { status: 'PAUSED' }),
        topic('failed', { status: 'FAILED' }),
        topic('gone', { status: 'SOURCE_UNAVAILABLE' }),
      ],
      tasks: [task('ConsumerOffsetSync', { state: 'IN_ERROR' }), task('AclSync', { state: 'IN_ERROR' })],
    });

    expect(unhealthyParts(link).map((p) => [p.severity, p.part.kind, p.part.name])).toEqual([
      ['critical', 'mirror-topic', 'failed'],
      ['critical', 'mirror-topic', 'gone'],
      ['warning', 'mirror-topic', 'Paused-a'],
      ['warning', 'mirror-topic', 'paused-b'],
      ['warning', 'task', 'AclSync'],
      ['warning', 'task', 'ConsumerOffsetSync'],
    ]);
  });

  it('puts a critical topic first whatever its name, and a task after a topic whatever their names', () => {
    const link = aLink({
      mirrorTopics: [topic('b-paused', { status: 'PAUSED' }), topic('z-failed', { status: 'FAILED' })],
      tasks: [task('A-task', { state: 'IN_ERROR' })],
    });

    expect(unhealthyParts(link).map((p) => p.part.name)).toEqual(['z-failed', 'b-paused', 'A-task']);
  });

  it('leaves out parts that are fine, on their way, only echoing the link, or stopped on purpose', () => {
    const link = aLink({
      mirrorTopics: [
        topic('healthy'),
        topic('pending', { status: 'PENDING_RESTORE' }),
        topic('echo', { status: 'LINK_PAUSED' }),
        topic('promoted', { status: 'STOPPED' }),
      ],
      tasks: [task('AclSync'), task('ConsumerOffsetSync', { state: 'LINK_UNAVAILABLE' })],
    });

    expect(unhealthyParts(link)).toEqual([]);
  });

  it('describes a topic by its state, error, first transition error and the time it entered its state', () => {
    const link = aLink({
      mirrorTopics: [
        topic('orders', {
          status: 'FAILED',
          error: 'SOURCE_TOPIC_DELETED',
          stateTimeMs: Date.parse('2026-03-01T11:48:00.000Z'),
          transitionErrors: [
            { errorCode: 'FIRST', errorMessage: 'The source topic was deleted.' },
            { errorCode: 'SECOND', errorMessage: 'not the first' },
          ],
        }),
      ],
    });

    expect(unhealthyParts(link)).toEqual([
      {
        severity: 'critical',
        part: {
          kind: 'mirror-topic',
          name: 'orders',
          state: 'FAILED',
          errorCode: 'SOURCE_TOPIC_DELETED',
          errorMessage: 'The source topic was deleted.',
          stateSince: '2026-03-01T11:48:00.000Z',
        },
      },
    ]);
  });

  it('leaves a topic’s message and time empty when it has no transition error and no time', () => {
    const link = aLink({ mirrorTopics: [topic('orders', { status: 'PAUSED' })] });

    expect(unhealthyParts(link).map((p) => p.part)).toEqual([
      {
        kind: 'mirror-topic',
        name: 'orders',
        state: 'PAUSED',
        errorCode: null,
        errorMessage: null,
        stateSince: null,
      },
    ]);
  });

  it('leaves a topic’s time empty when its state time is no time at all', () => {
    const link = aLink({ mirrorTopics: [topic('orders', { status: 'PAUSED', stateTimeMs: 9e15 })] });

    expect(unhealthyParts(link)[0]?.part.stateSince).toBeNull();
  });

  it('describes a task by its state and its first error, with no time', () => {
    const link = aLink({
      tasks: [
        task('AclSync', {
          state: 'IN_ERROR',
          errors: [AN_ERROR, { errorCode: 'SECOND', errorMessage: 'not the first' }],
        }),
        task('ConsumerOffsetSync', { state: 'UNKNOWN' }),
      ],
    });

    expect(unhealthyParts(link)).toEqual([
      {
        severity: 'warning',
        part: {
          kind: 'task',
          name: 'AclSync',
          state: 'IN_ERROR',
          errorCode: 'MISCONFIGURATION_ERROR',
          errorMessage: 'acl.filters could not be parsed',
          stateSince: null,
        },
      },
      {
        severity: 'warning',
        part: {
          kind: 'task',
          name: 'ConsumerOffsetSync',
          state: 'UNKNOWN',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
      },
    ]);
  });

  it('finds nothing on a link whose mirror topics were not read', () => {
    const link = aLink({ tasks: [] });
    expect('mirrorTopics' in link).toBe(false);

    expect(unhealthyParts(link)).toEqual([]);
  });
});

describe('Function: countsNeedAttention', () => {
  const counts = (...entries: [string, number][]): CategoryCount[] =>
    entries.map(([stateCategory, count]) => ({ stateCategory, count }));

  it.each(['IN_ERROR', 'PAUSED', 'PENDING', 'SOMETHING_NEW'])(
    'needs attention when some topic is %s',
    (category) => {
      expect(countsNeedAttention(counts(['ACTIVE', 48], [category, 1]))).toBe(true);
    },
  );

  it('needs no attention when every topic is active or the category does not apply', () => {
    expect(countsNeedAttention(counts(['ACTIVE', 48], ['NOT_APPLICABLE', 3]))).toBe(false);
  });

  it('needs no attention for a category with no topics in it', () => {
    expect(countsNeedAttention(counts(['ACTIVE', 48], ['IN_ERROR', 0], ['SOMETHING_NEW', 0]))).toBe(false);
  });

  it('needs no attention when there are no counts', () => {
    expect(countsNeedAttention([])).toBe(false);
  });
});

describe('Function: countsText', () => {
  it('names each category with topics and its count, in code-point order of the categories', () => {
    const counts: CategoryCount[] = [
      { stateCategory: 'PAUSED', count: 1 },
      { stateCategory: 'ACTIVE', count: 48 },
      { stateCategory: 'IN_ERROR', count: 2 },
      { stateCategory: 'new', count: 4 },
    ];

    expect(countsText(counts)).toBe('ACTIVE 48, IN_ERROR 2, PAUSED 1, new 4');
    expect(counts.map((c) => c.stateCategory)).toEqual(['PAUSED', 'ACTIVE', 'IN_ERROR', 'new']);
  });

  it('leaves out categories with no topics', () => {
    expect(
      countsText([
        { stateCategory: 'IN_ERROR', count: 0 },
        { stateCategory: 'ACTIVE', count: 3 },
      ]),
    ).toBe('ACTIVE 3');
  });

  it('says none when no category has topics', () => {
    expect(countsText([])).toBe('none');
    expect(countsText([{ stateCategory: 'ACTIVE', count: 0 }])).toBe('none');
  });
});

describe('Function: sameCounts', () => {
  it('is the same whatever the order and however many empty categories', () => {
    expect(
      sameCounts(
        [
          { stateCategory: 'ACTIVE', count: 48 },
          { stateCategory: 'IN_ERROR', count: 2 },
        ],
        [
          { stateCategory: 'PAUSED', count: 0 },
          { stateCategory: 'IN_ERROR', count: 2 },
          { stateCategory: 'ACTIVE', count: 48 },
        ],
      ),
    ).toBe(true);
  });

  it('differs when a count differs', () => {
    expect(
      sameCounts([{ stateCategory: 'ACTIVE', count: 48 }], [{ stateCategory: 'ACTIVE', count: 47 }]),
    ).toBe(false);
  });
});

describe('Function: firstTaskError', () => {
  it('is the code and message of the error the task reports first', () => {
    expect(firstTaskError({ errors: [AN_ERROR, { errorCode: 'SECOND', errorMessage: 'later' }] })).toEqual({
      code: 'MISCONFIGURATION_ERROR',
      message: 'acl.filters could not be parsed',
    });
  });

  it('is null for a task without errors', () => {
    expect(firstTaskError({ errors: [] })).toBeNull();
  });
});

describe('Function: isoOrNull', () => {
  it('is the ISO time of a time in ms', () => {
    expect(isoOrNull(Date.parse('2026-03-01T11:48:00.000Z'))).toBe('2026-03-01T11:48:00.000Z');
    expect(isoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('is null for a number that is no time at all', () => {
    expect(isoOrNull(Number.NaN)).toBeNull();
    expect(isoOrNull(9e15)).toBeNull();
  });
});
