/**
 * The problems of a link's parts that are going on: each with its part, its severity and the event
 * type whose problem it is, worst first in a fixed order, so that reminders, the end of a silence
 * and the record of who heard what count the same problems under the same keys.
 */
import { describe, expect, it } from 'vitest';
import { partProblemKey } from '../../../../core/model/change-events.js';
import type { TopicProgress } from '../../../../core/model/link-model.js';
import { unhealthyParts } from '../../../../core/model/link-parts.js';
import { openPartProblems, remindedPart } from '../../../../core/model/part-problems.js';
import { aLink } from '../../../support/link-fixtures.js';

function progress(topicName: string, overrides: Partial<TopicProgress> = {}): TopicProgress {
  return {
    topicName,
    readAtMs: 0,
    partitions: [],
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind: null,
    fetchRate: null,
    stallNotified: false,
    behindNotified: false,
    ...overrides,
  };
}

const STUCK_SINCE = Date.parse('2026-03-01T11:48:00.000Z');

/** A healthy link with one problem of every kind, on parts named so that names alone would mislead. */
const everyProblem = aLink({
  mirrorTopics: [
    { topicName: 'z-failed', status: 'FAILED', error: null, stateTimeMs: null, transitionErrors: [] },
    { topicName: 'y-paused', status: 'PAUSED', error: null, stateTimeMs: null, transitionErrors: [] },
  ],
  tasks: [
    {
      taskName: 'AclSync',
      state: 'IN_ERROR',
      errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'acl.filters could not be parsed' }],
    },
  ],
  laggingTopics: [
    { topicName: 'lagging', checks: 3, notified: true },
    { topicName: 'not-yet', checks: 1, notified: false },
  ],
  topicProgress: [
    progress('orders', { stallNotified: true, behindNotified: true }),
    progress('catching-up', { unmovedReads: 1 }),
  ],
  stuckTopics: [
    {
      topicName: 'payments',
      status: 'PENDING_STOPPED',
      sinceMs: STUCK_SINCE,
      transitionErrors: [
        { errorCode: 'REMOTE_LINK_NOT_AVAILABLE', errorMessage: 'The source cluster did not answer.' },
        { errorCode: 'SECOND', errorMessage: 'not the first' },
      ],
    },
  ],
  brokenSyncs: [
    {
      config: 'acl.sync.enable',
      taskName: 'AclSync',
      taskState: 'IN_ERROR',
      errorCode: 'MISCONFIGURATION_ERROR',
      errorMessage: 'acl.filters could not be parsed',
    },
  ],
});

describe('Function: openPartProblems', () => {
  it('lists every problem going on, worst first, topics before tasks, by name, a part’s state before its other problems', () => {
    // Act
    const problems = openPartProblems(everyProblem);

    // Assess
    expect(problems.map((p) => [p.severity, partProblemKey(p.part, p.type), p.type])).toEqual([
      ['critical', 'mirror-topic:orders:stall', 'MIRROR_TOPIC_STALLED'],
      ['critical', 'mirror-topic:payments:stuck', 'MIRROR_TRANSITION_STUCK'],
      ['critical', 'mirror-topic:z-failed', 'MIRROR_TOPIC_STATE_CHANGED'],
      ['warning', 'mirror-topic:lagging:lag', 'MIRROR_LAG_HIGH'],
      ['warning', 'mirror-topic:orders:behind', 'MIRROR_BEHIND_TARGET'],
      ['warning', 'mirror-topic:y-paused', 'MIRROR_TOPIC_STATE_CHANGED'],
      ['warning', 'task:AclSync', 'TASK_STATE_CHANGED'],
      ['warning', 'task:AclSync:sync', 'LINK_SYNC_BROKEN'],
    ]);
  });

  it('leaves out a lag breach not yet notified and a lagging topic neither stalled nor behind its target', () => {
    const names = openPartProblems(everyProblem).map((p) => p.part.name);

    expect(names).not.toContain('not-yet');
    expect(names).not.toContain('catching-up');
  });

  it('gives each problem of its own a state that reads after “still”', () => {
    // Act
    const states = openPartProblems(everyProblem)
      .filter((p) => p.type !== 'MIRROR_TOPIC_STATE_CHANGED' && p.type !== 'TASK_STATE_CHANGED')
      .map((p) => `${p.part.name} still ${p.part.state}`);

    // Assess
    expect(states).toEqual([
      'orders still stalled',
      'payments still PENDING_STOPPED',
      'lagging still lagging',
      'orders still behind its target',
      'AclSync still IN_ERROR',
    ]);
  });

  it('names a stuck topic’s state, since when, and its first state-transition error', () => {
    const stuck = openPartProblems(everyProblem).find((p) => p.type === 'MIRROR_TRANSITION_STUCK');

    expect(stuck?.part).toEqual({
      kind: 'mirror-topic',
      name: 'payments',
      state: 'PENDING_STOPPED',
      errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
      errorMessage: 'The source cluster did not answer.',
      stateSince: '2026-03-01T11:48:00.000Z',
    });
  });

  it('names a broken sync’s task as its event does: state, first error, and the config that switched it on', () => {
    const broken = openPartProblems(everyProblem).find((p) => p.type === 'LINK_SYNC_BROKEN');

    expect(broken?.part).toEqual({
      kind: 'task',
      name: 'AclSync',
      state: 'IN_ERROR',
      errorCode: 'MISCONFIGURATION_ERROR',
      errorMessage: 'acl.filters could not be parsed',
      stateSince: null,
      syncConfig: 'acl.sync.enable',
    });
  });

  it('names no error message for a stuck topic whose first error has none, and no error when it reports none', () => {
    // Prepare
    const link = aLink({
      stuckTopics: [
        {
          topicName: 'orders',
          status: 'PENDING_RESTORE',
          sinceMs: STUCK_SINCE,
          transitionErrors: [{ errorCode: 'RESTORE_PENDING', errorMessage: '' }],
        },
        { topicName: 'refunds', status: 'PENDING_MIRROR', sinceMs: STUCK_SINCE, transitionErrors: [] },
      ],
    });

    // Act
    const errors = openPartProblems(link).map((p) => [p.part.name, p.part.errorCode, p.part.errorMessage]);

    // Assess
    expect(errors).toEqual([
      ['orders', 'RESTORE_PENDING', null],
      ['refunds', null, null],
    ]);
  });

  it('names no config for a broken sync that no config switches on', () => {
    // Prepare
    const link = aLink({
      brokenSyncs: [
        {
          config: null,
          taskName: 'TopicConfigsSync',
          taskState: 'IN_ERROR',
          errorCode: null,
          errorMessage: null,
        },
      ],
    });

    // Act
    const [broken] = openPartProblems(link);

    // Assess
    expect(broken?.part).toEqual({
      kind: 'task',
      name: 'TopicConfigsSync',
      state: 'IN_ERROR',
      errorCode: null,
      errorMessage: null,
      stateSince: null,
    });
    expect(broken?.part).not.toHaveProperty('syncConfig');
  });

  it('lists a link with only unhealthy states as `unhealthyParts` does, parts unchanged', () => {
    // Prepare
    const statesOnly = aLink({ mirrorTopics: everyProblem.mirrorTopics, tasks: everyProblem.tasks });

    // Act
    const problems = openPartProblems(statesOnly);

    // Assess
    expect(problems.map(({ part, severity }) => ({ part, severity }))).toEqual(unhealthyParts(statesOnly));
  });

  it('lists each sync switched off as its config’s problem, a warning after the tasks, by name', () => {
    // Prepare
    const switchedOff = aLink({
      ...everyProblem,
      configs: {
        values: [
          { name: 'acl.sync.enable', value: 'false', sensitive: false },
          { name: 'consumer.offset.sync.enable', value: 'false', sensitive: false },
        ],
        switchedOff: ['consumer.offset.sync.enable', 'acl.sync.enable'],
      },
    });

    // Act
    const problems = openPartProblems(switchedOff);

    // Assess
    expect(problems.slice(-4).map((p) => [p.severity, partProblemKey(p.part, p.type), p.type])).toEqual([
      ['warning', 'task:AclSync', 'TASK_STATE_CHANGED'],
      ['warning', 'task:AclSync:sync', 'LINK_SYNC_BROKEN'],
      ['warning', 'config:acl.sync.enable:config', 'LINK_CONFIG_CHANGED'],
      ['warning', 'config:consumer.offset.sync.enable:config', 'LINK_CONFIG_CHANGED'],
    ]);
  });

  it('names a sync switched off as its warning does: the config, its value, and what a failover loses', () => {
    // Prepare
    const link = aLink({
      configs: {
        values: [{ name: 'consumer.offset.sync.enable', value: 'false', sensitive: false }],
        switchedOff: ['consumer.offset.sync.enable'],
      },
    });

    // Act
    const problems = openPartProblems(link);

    // Assess
    expect(problems).toEqual([
      {
        severity: 'warning',
        type: 'LINK_CONFIG_CHANGED',
        part: {
          kind: 'config',
          name: 'consumer.offset.sync.enable',
          state: 'false',
          errorCode: null,
          errorMessage: 'consumer offsets are not synced: consumers would reprocess after failover',
          stateSince: null,
        },
      },
    ]);
  });

  it('shows the value of the config switched off, not of another config read beside it', () => {
    // Prepare
    const link = aLink({
      configs: {
        values: [
          { name: 'acl.filters', value: '{"aclFilters":[]}', sensitive: false },
          { name: 'acl.sync.enable', value: 'false', sensitive: false },
        ],
        switchedOff: ['acl.sync.enable'],
      },
    });

    // Act
    const states = openPartProblems(link).map((p) => [p.part.name, p.part.state]);

    // Assess
    expect(states).toEqual([['acl.sync.enable', 'false']]);
  });

  it('shows no value for a switched-off config that is sensitive or no longer read', () => {
    // Prepare
    const link = aLink({
      configs: {
        values: [{ name: 'acl.sync.enable', value: 'false', sensitive: true }],
        switchedOff: ['acl.sync.enable', 'auto.create.mirror.topics.enable'],
      },
    });

    // Act
    const states = openPartProblems(link).map((p) => [p.part.name, p.part.state]);

    // Assess
    expect(states).toEqual([
      ['acl.sync.enable', null],
      ['auto.create.mirror.topics.enable', null],
    ]);
  });

  it('lists no config whose switch-off was not notified: a sync found off at the baseline', () => {
    const link = aLink({
      configs: { values: [{ name: 'consumer.offset.sync.enable', value: 'false', sensitive: false }] },
    });

    expect(openPartProblems(link)).toEqual([]);
  });

  it('lists nothing for a healthy link with no problem recorded', () => {
    expect(openPartProblems(aLink())).toEqual([]);
  });
});

describe('Function: remindedPart', () => {
  it('names the problem of its own a reminder is about, so that its key is that problem’s', () => {
    // Prepare
    const stall = openPartProblems(everyProblem)[0];
    if (stall === undefined) throw new Error('expected a problem');

    // Act
    const part = remindedPart(stall);

    // Assess
    expect(part.problemType).toBe('MIRROR_TOPIC_STALLED');
    expect(partProblemKey(part, 'LINK_STILL_UNHEALTHY')).toBe('mirror-topic:orders:stall');
  });

  it('leaves a part’s state as it was: its key, `mirror-topic:NAME`, needs no type', () => {
    // Prepare
    const failed = openPartProblems(everyProblem).find((p) => p.part.name === 'z-failed');
    if (failed === undefined) throw new Error('expected a problem');

    // Act
    const part = remindedPart(failed);

    // Assess
    expect(part).toBe(failed.part);
    expect(partProblemKey(part, 'LINK_STILL_UNHEALTHY')).toBe('mirror-topic:z-failed');
  });

  it('keys a sync switched off as its config’s switch-off', () => {
    // Prepare
    const link = aLink({
      configs: {
        values: [{ name: 'consumer.offset.sync.enable', value: 'false', sensitive: false }],
        switchedOff: ['consumer.offset.sync.enable'],
      },
    });
    const [off] = openPartProblems(link);
    if (off === undefined) throw new Error('expected a problem');

    // Act
    const part = remindedPart(off);

    // Assess
    expect(part.problemType).toBe('LINK_CONFIG_CHANGED');
    expect(partProblemKey(part, 'LINK_STILL_UNHEALTHY')).toBe('config:consumer.offset.sync.enable:config');
  });
});
