import { describe, expect, it } from 'vitest';
import { BOUNDS } from '../../../../core/model/bounds.js';
import type {
  BrokenSync,
  DryRunRecord,
  LinkConfigsRecord,
  LinkConfigValue,
  LinkTask,
} from '../../../../core/model/link-model.js';
import { LINK_SYNCS, WATCHED_LINK_CONFIGS } from '../../../../core/model/link-syncs.js';
import {
  applyLinkConfigs,
  dryRunAfter,
  endedSyncEvents,
  evaluateSyncs,
  MAX_DRY_RUN_FAILURES,
  type SyncReads,
  sameConfigState,
} from '../../../../core/observe/link-configs.js';
import type { FailoverCheck } from '../../../../core/observe/link-details.js';
import { aLink } from '../../../support/link-fixtures.js';

const OFFSETS = 'consumer.offset.sync.enable';
const OFFSETS_LOSS = LINK_SYNCS.find((s) => s.enableConfig === OFFSETS)?.loss;
const NOW = new Date('2026-03-01T12:00:00.000Z');
const EARLIER = '2026-02-28T08:00:00.000Z';

function config(name: string, value: string | null, sensitive = false): LinkConfigValue {
  return { name, value, sensitive };
}

function record(...values: LinkConfigValue[]): LinkConfigsRecord {
  return { values };
}

function task(taskName: string, state: string, errors: LinkTask['errors'] = []): LinkTask {
  return { taskName, state, errors };
}

function broken(overrides: Partial<BrokenSync> = {}): BrokenSync {
  return {
    config: OFFSETS,
    taskName: 'ConsumerOffsetSync',
    taskState: 'IN_ERROR',
    errorCode: 'GROUP_AUTHORIZATION_FAILED',
    errorMessage: 'not authorized to describe groups',
    ...overrides,
  };
}

function check(topicName: string, errorCode: number | null = null, errorMessage: string | null = null) {
  return { topicName, errorCode, errorMessage } satisfies FailoverCheck;
}

/** Every sync switch on, as the config read before this poll's found them. */
const SWITCHES_ON = record(
  config('acl.sync.enable', 'true'),
  config('auto.create.mirror.topics.enable', 'true'),
  config(OFFSETS, 'true'),
);

/** This poll read the link's tasks, and its configs with them; the read before found `configsBefore`. */
function readTogether(
  tasks: readonly LinkTask[],
  configsBefore: LinkConfigsRecord | undefined = SWITCHES_ON,
): SyncReads {
  return { tasks, configsReadNow: true, configsBefore };
}

/** This poll read the link's tasks, but not its configs. */
function tasksOnly(tasks: readonly LinkTask[]): SyncReads {
  return { tasks, configsReadNow: false, configsBefore: SWITCHES_ON };
}

/** This poll read neither. */
const NOTHING_READ: SyncReads = { tasks: undefined, configsReadNow: false, configsBefore: SWITCHES_ON };

/** Code points, as the bounds count them. */
function length(text: string): number {
  return [...text].length;
}

describe('Function: applyLinkConfigs', () => {
  it('keeps the recorded configs and says nothing when the configs were not read', () => {
    // Prepare
    const recorded = record(config(OFFSETS, 'true'));

    // Act
    const kept = applyLinkConfigs('orders-dr', recorded, undefined);
    const never = applyLinkConfigs('orders-dr', undefined, undefined);

    // Assess
    expect(kept.configs).toBe(recorded);
    expect(kept.events).toEqual([]);
    expect(never.configs).toBeUndefined();
    expect(never.events).toEqual([]);
  });

  it('takes the first read as the baseline, silently, even with a sync switched off', () => {
    // Act
    const result = applyLinkConfigs('orders-dr', undefined, [
      config(OFFSETS, 'false'),
      config('acl.sync.enable', 'true'),
    ]);

    // Assess: a switch-off never notified is none to end
    expect(result.events).toEqual([]);
    expect(result.configs).toEqual(record(config('acl.sync.enable', 'true'), config(OFFSETS, 'false')));
    expect(result.configs).not.toHaveProperty('switchedOff');
  });

  it('keeps only the watched configs, in name order, one per name as first sent', () => {
    // Act
    const { configs } = applyLinkConfigs('orders-dr', undefined, [
      config('link.mode', 'DESTINATION'),
      config('bootstrap.servers', 'pkc-1.confluent.cloud:9092'),
      config('acl.sync.ms', '5000'),
      config('link.mode', 'SOURCE'),
      config('consumer.offset.sync.ms', '30000'),
    ]);

    // Assess
    expect(configs).toEqual(
      record(
        config('acl.sync.ms', '5000'),
        config('consumer.offset.sync.ms', '30000'),
        config('link.mode', 'DESTINATION'),
      ),
    );
  });

  it('keeps every watched config it is sent, and only those', () => {
    // Act
    const { configs } = applyLinkConfigs(
      'orders-dr',
      undefined,
      [...WATCHED_LINK_CONFIGS].reverse().map((name) => config(name, 'x')),
    );

    // Assess
    expect(configs?.values.map((c) => c.name)).toEqual(WATCHED_LINK_CONFIGS);
  });

  it('keeps a sensitive config without its value, even when a copy of it is not marked sensitive', () => {
    // Act
    const first = applyLinkConfigs('orders-dr', undefined, [
      config('acl.filters', 'hunter2', true),
      config('acl.filters', 'hunter3'),
    ]);
    const last = applyLinkConfigs('orders-dr', undefined, [
      config('acl.filters', 'hunter3'),
      config('acl.filters', 'hunter2', true),
    ]);

    // Assess
    expect(first.configs).toEqual(record(config('acl.filters', null, true)));
    expect(last.configs).toEqual(record(config('acl.filters', null, true)));
  });

  it('records a changed config as info, with its old and new value', () => {
    // Prepare
    const recorded = record(config('acl.sync.ms', '5000'), config(OFFSETS, 'true'));

    // Act
    const result = applyLinkConfigs('orders-dr', recorded, [
      config('acl.sync.ms', '60000'),
      config(OFFSETS, 'true'),
    ]);

    // Assess
    expect(result.configs).toEqual(record(config('acl.sync.ms', '60000'), config(OFFSETS, 'true')));
    expect(result.events).toEqual([
      {
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        linkName: 'orders-dr',
        from: '5000',
        to: '60000',
        topicsAdded: [],
        topicsRemoved: [],
        part: {
          kind: 'config',
          name: 'acl.sync.ms',
          state: '60000',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
        alertWorthy: true,
      },
    ]);
  });

  it('says nothing when no watched config changed', () => {
    // Prepare
    const recorded = record(config('acl.filters', null, true), config(OFFSETS, 'true'));

    // Act
    const result = applyLinkConfigs('orders-dr', recorded, [
      config(OFFSETS, 'true'),
      config('acl.filters', null, true),
      config('bootstrap.servers', 'moved:9092'),
    ]);

    // Assess
    expect(result.events).toEqual([]);
    expect(result.configs).toEqual(recorded);
  });

  it('warns when a sync is switched off, with what a failover would lose', () => {
    // Act
    const { events } = applyLinkConfigs('orders-dr', record(config(OFFSETS, 'true')), [
      config(OFFSETS, 'false'),
    ]);

    // Assess
    expect(OFFSETS_LOSS).toBeDefined();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ severity: 'warning', from: 'true', to: 'false', alertWorthy: true });
    expect(events[0]?.part).toEqual({
      kind: 'config',
      name: OFFSETS,
      state: 'false',
      errorCode: null,
      errorMessage: OFFSETS_LOSS,
      stateSince: null,
    });
  });

  it('keeps each sync switch-off it warned of, in name order, until the sync is switched on again', () => {
    // Prepare
    const recorded = record(config('acl.sync.enable', 'true'), config(OFFSETS, 'true'));

    // Act
    const off = applyLinkConfigs('orders-dr', recorded, [
      config(OFFSETS, 'false'),
      config('acl.sync.enable', 'false'),
    ]);
    const stillOff = applyLinkConfigs('orders-dr', off.configs, [
      config(OFFSETS, 'no'),
      config('acl.sync.enable', 'false'),
      config('acl.sync.ms', '1000'),
    ]);
    const notRead = applyLinkConfigs('orders-dr', stillOff.configs, undefined);
    const oneBack = applyLinkConfigs('orders-dr', stillOff.configs, [
      config(OFFSETS, 'true'),
      config('acl.sync.enable', 'false'),
    ]);
    const bothBack = applyLinkConfigs('orders-dr', oneBack.configs, [
      config(OFFSETS, 'true'),
      config('acl.sync.enable', 'true'),
    ]);

    // Assess
    expect(off.configs?.switchedOff).toEqual(['acl.sync.enable', OFFSETS]);
    expect(stillOff.events.map((e) => e.severity)).toEqual(['info', 'info']);
    expect(stillOff.configs?.switchedOff).toEqual(['acl.sync.enable', OFFSETS]);
    expect(notRead.configs).toBe(stillOff.configs);
    expect(oneBack.configs?.switchedOff).toEqual(['acl.sync.enable']);
    expect(bothBack.configs).toEqual(record(config('acl.sync.enable', 'true'), config(OFFSETS, 'true')));
    expect(bothBack.configs).not.toHaveProperty('switchedOff');
  });

  it('records as info a sync switched on that was never notified as off, with nothing to end', () => {
    // Act: off at the baseline, then switched on; absent at the baseline, then appearing on
    const back = applyLinkConfigs('orders-dr', record(config(OFFSETS, 'false')), [config(OFFSETS, 'true')]);
    const appeared = applyLinkConfigs('orders-dr', record(), [config(OFFSETS, 'true')]);

    // Assess: no alert was opened, so none is resolved
    for (const result of [back, appeared]) {
      expect(result.events.map((e) => e.severity)).toEqual(['info']);
      expect(result.events[0]?.part?.errorMessage).toBeNull();
      expect(result.configs).not.toHaveProperty('switchedOff');
    }
  });

  it('warns when the switch of a sync that was on disappears', () => {
    // Act
    const { events, configs } = applyLinkConfigs('orders-dr', record(config('acl.sync.enable', 'TRUE')), []);

    // Assess
    expect(configs).toEqual({ values: [], switchedOff: ['acl.sync.enable'] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ severity: 'warning', from: 'TRUE', to: null });
    expect(events[0]?.part).toMatchObject({ name: 'acl.sync.enable', state: null });
    expect(events[0]?.part?.errorMessage).toContain('ACLs');
  });

  it('resolves when a sync notified as off is switched back on, or its switch appears on', () => {
    // Prepare
    const off = { ...record(config(OFFSETS, 'false')), switchedOff: [OFFSETS] };
    const gone = { ...record(), switchedOff: [OFFSETS] };

    // Act
    const back = applyLinkConfigs('orders-dr', off, [config(OFFSETS, ' True ')]);
    const appeared = applyLinkConfigs('orders-dr', gone, [config(OFFSETS, 'true')]);

    // Assess
    expect(back.events).toHaveLength(1);
    expect(back.events[0]).toMatchObject({ severity: 'resolved', from: 'false', to: ' True ' });
    expect(back.events[0]?.part?.errorMessage).toBeNull();
    expect(appeared.events).toHaveLength(1);
    expect(appeared.events[0]).toMatchObject({ severity: 'resolved', from: null, to: 'true' });
  });

  it('records as info a change that leaves a sync as it was, or that is no sync switch at all', () => {
    // Act
    const stillOn = applyLinkConfigs('orders-dr', record(config(OFFSETS, 'true')), [config(OFFSETS, 'TRUE')]);
    const stillOff = applyLinkConfigs('orders-dr', record(config(OFFSETS, 'false')), [config(OFFSETS, 'no')]);
    const notASwitchOff = applyLinkConfigs('orders-dr', record(config('link.mode', 'true')), [
      config('link.mode', 'false'),
    ]);
    const notASwitchOn = applyLinkConfigs('orders-dr', record(config('link.mode', 'false')), [
      config('link.mode', 'true'),
    ]);

    // Assess
    for (const result of [stillOn, stillOff, notASwitchOff, notASwitchOn]) {
      expect(result.events).toHaveLength(1);
      expect(result.events[0]?.severity).toBe('info');
      expect(result.events[0]?.part?.errorMessage).toBeNull();
    }
  });

  it('records a config that appears or disappears', () => {
    // Act
    const appeared = applyLinkConfigs('orders-dr', record(), [config('cluster.link.prefix', 'dr.')]);
    const gone = applyLinkConfigs('orders-dr', record(config('cluster.link.prefix', 'dr.')), []);

    // Assess
    expect(appeared.events).toHaveLength(1);
    expect(appeared.events[0]).toMatchObject({ severity: 'info', from: null, to: 'dr.' });
    expect(appeared.events[0]?.part).toMatchObject({ name: 'cluster.link.prefix', state: 'dr.' });
    expect(gone.events).toHaveLength(1);
    expect(gone.events[0]).toMatchObject({ severity: 'info', from: 'dr.', to: null });
    expect(gone.events[0]?.part?.state).toBeNull();
  });

  it('reports several changes in config name order', () => {
    // Prepare
    const recorded = record(
      config('acl.sync.ms', '1'),
      config('link.mode', 'DESTINATION'),
      config('mirror.start.offset.spec', 'earliest'),
    );

    // Act
    const { events } = applyLinkConfigs('orders-dr', recorded, [
      config('mirror.start.offset.spec', 'latest'),
      config('link.mode', 'BIDIRECTIONAL'),
      config('acl.sync.ms', '2'),
    ]);

    // Assess
    expect(events.map((e) => e.part?.name)).toEqual(['acl.sync.ms', 'link.mode', 'mirror.start.offset.spec']);
  });

  it('never lets a sensitive value out, whether it was always sensitive or became so', () => {
    // Prepare: a record written by hand holds a value it should not, to show nothing trusts it.
    const recorded = record(
      config('acl.filters', 'old-secret', true),
      config('consumer.offset.group.filters', 'was-plain'),
      config(OFFSETS, 'true'),
    );

    // Act
    const result = applyLinkConfigs('orders-dr', recorded, [
      config('acl.filters', 'new-secret', true),
      config('consumer.offset.group.filters', 'now-secret', true),
      config(OFFSETS, 'true', true),
    ]);

    // Assess
    const json = JSON.stringify(result);
    for (const secret of ['old-secret', 'new-secret', 'was-plain', 'now-secret'])
      expect(json).not.toContain(secret);
    expect(result.configs).toEqual(
      record(
        config('acl.filters', null, true),
        config('consumer.offset.group.filters', null, true),
        config(OFFSETS, null, true),
      ),
    );
    expect(result.events.map((e) => [e.part?.name, e.from, e.to, e.part?.state])).toEqual([
      ['consumer.offset.group.filters', null, null, null],
      [OFFSETS, null, null, null],
    ]);
  });

  it('records a sensitive config that appears, or a change of sensitivity, with no values', () => {
    // Act
    const appeared = applyLinkConfigs('orders-dr', record(), [config('acl.filters', 'secret', true)]);
    const marked = applyLinkConfigs('orders-dr', record(config('acl.filters', null)), [
      config('acl.filters', 'secret', true),
    ]);
    const unmarked = applyLinkConfigs('orders-dr', record(config('acl.filters', null, true)), [
      config('acl.filters', 'plain'),
    ]);

    // Assess
    expect(appeared.events).toHaveLength(1);
    expect(appeared.events[0]).toMatchObject({ severity: 'info', from: null, to: null });
    expect(JSON.stringify(appeared)).not.toContain('secret');
    expect(marked.events).toHaveLength(1);
    expect(marked.events[0]).toMatchObject({ from: null, to: null, part: { state: null } });
    expect(marked.configs).toEqual(record(config('acl.filters', null, true)));
    expect(unmarked.events).toHaveLength(1);
    expect(unmarked.events[0]).toMatchObject({ from: null, to: null, part: { state: null } });
    expect(unmarked.configs).toEqual(record(config('acl.filters', 'plain')));
  });

  it('bounds a hostile value, and still sees a change past the cut', () => {
    // Prepare
    const huge = 'g'.repeat(100_000);
    const recorded = applyLinkConfigs('orders-dr', undefined, [config('acl.filters', `${huge}a`)]).configs;

    // Act
    const result = applyLinkConfigs('orders-dr', recorded, [config('acl.filters', `${huge}b`)]);

    // Assess
    const before = recorded?.values[0]?.value ?? '';
    const after = result.configs?.values[0]?.value ?? '';
    expect(length(before)).toBeLessThanOrEqual(256);
    expect(length(after)).toBeLessThanOrEqual(256);
    expect(after.startsWith('g'.repeat(200))).toBe(true);
    expect(after).not.toBe(before);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ from: before, to: after });
  });

  it('keeps a value of 256 code points whole', () => {
    // Prepare
    const value = 'v'.repeat(256);

    // Act
    const { configs } = applyLinkConfigs('orders-dr', undefined, [config('acl.filters', value)]);

    // Assess
    expect(configs?.values[0]?.value).toBe(value);
  });

  it('drops a config with a hostile name, however long', () => {
    // Act
    const { configs } = applyLinkConfigs('orders-dr', undefined, [
      config(`${OFFSETS}${'x'.repeat(1_000_000)}`, 'true'),
      config(OFFSETS, null),
    ]);

    // Assess
    expect(configs).toEqual(record(config(OFFSETS, null)));
  });
});

describe('Function: evaluateSyncs', () => {
  const offsetsOn = record(config(OFFSETS, 'true'));

  it('finds a sync switched on whose task is IN_ERROR broken at once, configs read or not, and warns', () => {
    // Prepare
    const tasks = [
      task('ConsumerOffsetSync', 'IN_ERROR', [
        { errorCode: 'GROUP_AUTHORIZATION_FAILED', errorMessage: 'not authorized to describe groups' },
        { errorCode: 'SECOND', errorMessage: 'second' },
      ]),
      task('TopicConfigsSync', 'ACTIVE'),
    ];

    // Act
    const result = evaluateSyncs(aLink({ configs: offsetsOn }), tasksOnly(tasks), []);

    // Assess
    expect(result.brokenSyncs).toEqual([broken()]);
    expect(result.events).toEqual([
      {
        type: 'LINK_SYNC_BROKEN',
        severity: 'warning',
        linkName: 'orders-dr',
        from: null,
        to: 'IN_ERROR',
        topicsAdded: [],
        topicsRemoved: [],
        part: {
          kind: 'task',
          name: 'ConsumerOffsetSync',
          state: 'IN_ERROR',
          errorCode: 'GROUP_AUTHORIZATION_FAILED',
          errorMessage: 'not authorized to describe groups',
          stateSince: null,
          syncConfig: OFFSETS,
        },
        alertWorthy: true,
      },
    ]);
  });

  it('finds a sync switched on whose task is NOT_CONFIGURED broken when its configs were read with its tasks, with no error', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      readTogether([task('ConsumerOffsetSync', 'NOT_CONFIGURED')]),
      [],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([
      broken({ taskState: 'NOT_CONFIGURED', errorCode: null, errorMessage: null }),
    ]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]?.part).toMatchObject({
      state: 'NOT_CONFIGURED',
      errorCode: null,
      errorMessage: null,
    });
  });

  it('does not find a sync broken while it is switched off, or its task in any other state', () => {
    // Act
    const off = evaluateSyncs(
      aLink({ configs: record(config(OFFSETS, 'false')) }),
      readTogether([task('ConsumerOffsetSync', 'IN_ERROR'), task('AclSync', 'NOT_CONFIGURED')]),
      [],
    );
    const otherStates = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      readTogether([
        task('ConsumerOffsetSync', 'ACTIVE', [{ errorCode: 'E', errorMessage: 'm' }]),
        task('TopicConfigsSync', 'UNKNOWN'),
      ]),
      [],
    );

    // Assess
    expect(off).toEqual({ brokenSyncs: [], events: [] });
    expect(otherStates).toEqual({ brokenSyncs: [], events: [] });
  });

  it('finds the topic configs sync, which has no switch, broken whenever its task is', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: record() }),
      tasksOnly([task('TopicConfigsSync', 'IN_ERROR')]),
      [],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([
      {
        config: null,
        taskName: 'TopicConfigsSync',
        taskState: 'IN_ERROR',
        errorCode: null,
        errorMessage: null,
      },
    ]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]?.part).not.toHaveProperty('syncConfig');
  });

  it('orders broken syncs and their events by task name', () => {
    // Prepare
    const configs = record(
      config('acl.sync.enable', 'true'),
      config('auto.create.mirror.topics.enable', 'true'),
      config(OFFSETS, 'true'),
    );
    const tasks = ['TopicConfigsSync', 'ConsumerOffsetSync', 'AutoCreateMirror', 'AclSync'].map((name) =>
      task(name, 'IN_ERROR'),
    );

    // Act
    const result = evaluateSyncs(aLink({ configs }), tasksOnly(tasks), []);

    // Assess
    const order = ['AclSync', 'AutoCreateMirror', 'ConsumerOffsetSync', 'TopicConfigsSync'];
    expect(result.brokenSyncs.map((s) => s.taskName)).toEqual(order);
    expect(result.events.map((e) => e.part?.name)).toEqual(order);
    expect(result.brokenSyncs.map((s) => s.config)).toEqual([
      'acl.sync.enable',
      'auto.create.mirror.topics.enable',
      OFFSETS,
      null,
    ]);
  });

  it('takes a task NOT_CONFIGURED for unknown when the configs were not read with it: a sync just switched off raises nothing', () => {
    // Prepare: the switch-off turned the task NOT_CONFIGURED before a read of the configs showed it
    const notConfigured = tasksOnly([task('ConsumerOffsetSync', 'NOT_CONFIGURED')]);
    const recorded = [broken()];

    // Act
    const fresh = evaluateSyncs(aLink({ configs: offsetsOn }), notConfigured, []);
    const known = evaluateSyncs(aLink({ configs: offsetsOn }), notConfigured, recorded);

    // Assess: nothing raised, nothing ended, what was recorded kept as it was
    expect(fresh).toEqual({ brokenSyncs: [], events: [] });
    expect(known.brokenSyncs).toEqual(recorded);
    expect(known.events).toEqual([]);
  });

  it('takes a kept task NOT_CONFIGURED for unknown when the tasks were not read with the configs', () => {
    // Prepare: kept from an earlier read (with an error, or it would not have been kept)
    const kept = [task('ConsumerOffsetSync', 'NOT_CONFIGURED', [{ errorCode: 'E', errorMessage: 'm' }])];

    // Act
    const result = evaluateSyncs(
      aLink({ configs: offsetsOn, tasks: kept }),
      { tasks: undefined, configsReadNow: true, configsBefore: SWITCHES_ON },
      [],
    );

    // Assess
    expect(result).toEqual({ brokenSyncs: [], events: [] });
  });

  it('gives a sync just switched on a turn to start its task: NOT_CONFIGURED is unknown until the next config read still shows it on', () => {
    // Prepare: the config read before found the sync off; this one finds it on, its task not started yet
    const off = record(config(OFFSETS, 'false'));
    const notStarted = [task('ConsumerOffsetSync', 'NOT_CONFIGURED')];

    // Act
    const justOn = evaluateSyncs(aLink({ configs: offsetsOn }), readTogether(notStarted, off), []);
    const aTurnLater = evaluateSyncs(aLink({ configs: offsetsOn }), readTogether(notStarted, offsetsOn), []);

    // Assess
    expect(justOn).toEqual({ brokenSyncs: [], events: [] });
    expect(aTurnLater.brokenSyncs).toEqual([
      broken({ taskState: 'NOT_CONFIGURED', errorCode: null, errorMessage: null }),
    ]);
    expect(aTurnLater.events.map((e) => e.severity)).toEqual(['warning']);
  });

  it('takes a task NOT_CONFIGURED for unknown at the first config read, and when the read before showed no value', () => {
    // Prepare
    const notStarted = [task('ConsumerOffsetSync', 'NOT_CONFIGURED')];

    // Act
    const baseline = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      { tasks: notStarted, configsReadNow: true, configsBefore: undefined },
      [],
    );
    const wasSensitive = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      readTogether(notStarted, record(config(OFFSETS, 'true', true))),
      [],
    );
    const wasUnset = evaluateSyncs(aLink({ configs: offsetsOn }), readTogether(notStarted, record()), []);

    // Assess
    for (const result of [baseline, wasSensitive, wasUnset])
      expect(result).toEqual({ brokenSyncs: [], events: [] });
  });

  it('finds a sync just switched on broken at once when its task is IN_ERROR', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      readTogether(
        [task('ConsumerOffsetSync', 'IN_ERROR', [{ errorCode: 'E', errorMessage: 'm' }])],
        record(config(OFFSETS, 'false')),
      ),
      [],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([broken({ errorCode: 'E', errorMessage: 'm' })]);
  });

  it('finds the sync without a switch broken when its task is NOT_CONFIGURED, configs read or not', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: record() }),
      tasksOnly([task('TopicConfigsSync', 'NOT_CONFIGURED')]),
      [],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([
      {
        config: null,
        taskName: 'TopicConfigsSync',
        taskState: 'NOT_CONFIGURED',
        errorCode: null,
        errorMessage: null,
      },
    ]);
    expect(result.events.map((e) => [e.severity, e.part?.name])).toEqual([['warning', 'TopicConfigsSync']]);
  });

  it('ends a broken sync whose task is NOT_CONFIGURED once the configs read with it show the sync off', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: record(config(OFFSETS, 'false')) }),
      readTogether([task('ConsumerOffsetSync', 'NOT_CONFIGURED')]),
      [broken()],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([]);
    expect(result.events.map((e) => [e.severity, e.from, e.part?.state])).toEqual([
      ['resolved', 'IN_ERROR', 'NOT_CONFIGURED'],
    ]);
  });

  it('keeps a sync that stays broken without a new event, as it is now', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      readTogether([task('ConsumerOffsetSync', 'NOT_CONFIGURED')]),
      [broken()],
    );

    // Assess
    expect(result.events).toEqual([]);
    expect(result.brokenSyncs).toEqual([
      broken({ taskState: 'NOT_CONFIGURED', errorCode: null, errorMessage: null }),
    ]);
  });

  it('resolves a broken sync whose task is healthy again', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: offsetsOn }),
      tasksOnly([task('ConsumerOffsetSync', 'ACTIVE')]),
      [broken()],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([]);
    expect(result.events).toEqual([
      {
        type: 'LINK_SYNC_BROKEN',
        severity: 'resolved',
        linkName: 'orders-dr',
        from: 'IN_ERROR',
        to: null,
        topicsAdded: [],
        topicsRemoved: [],
        part: {
          kind: 'task',
          name: 'ConsumerOffsetSync',
          state: 'ACTIVE',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
          syncConfig: OFFSETS,
        },
        alertWorthy: true,
      },
    ]);
  });

  it('resolves a broken sync whose task a full read no longer lists', () => {
    // Act
    const result = evaluateSyncs(aLink({ configs: offsetsOn }), tasksOnly([]), [broken()]);

    // Assess
    expect(result.brokenSyncs).toEqual([]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ severity: 'resolved', from: 'IN_ERROR' });
    expect(result.events[0]?.part).toMatchObject({
      state: 'IN_ERROR',
      errorCode: 'GROUP_AUTHORIZATION_FAILED',
    });
  });

  it('resolves a broken sync that was switched off, its task as last seen when not read', () => {
    // Prepare
    const link = aLink({ configs: record(config(OFFSETS, 'false')) });

    // Act
    const result = evaluateSyncs(
      link,
      { tasks: undefined, configsReadNow: true, configsBefore: SWITCHES_ON },
      [broken()],
    );

    // Assess
    expect(result.brokenSyncs).toEqual([]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ severity: 'resolved', from: 'IN_ERROR', to: null });
    expect(result.events[0]?.part).toMatchObject({
      name: 'ConsumerOffsetSync',
      state: 'IN_ERROR',
      errorCode: 'GROUP_AUTHORIZATION_FAILED',
      errorMessage: 'not authorized to describe groups',
      syncConfig: OFFSETS,
    });
  });

  it('takes a sensitive switch as off, whatever a record holds for it', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: record(config(OFFSETS, 'true', true)) }),
      tasksOnly([task('ConsumerOffsetSync', 'IN_ERROR')]),
      [],
    );

    // Assess
    expect(result).toEqual({ brokenSyncs: [], events: [] });
  });

  it('keeps a recorded sync as it was while its task is unknown', () => {
    // Prepare: the kept tasks hold only unhealthy ones, so a task not there may be either.
    const recorded = [broken()];

    // Act
    const result = evaluateSyncs(aLink({ configs: offsetsOn, tasks: [] }), NOTHING_READ, recorded);

    // Assess
    expect(result.brokenSyncs).toEqual(recorded);
    expect(result.events).toEqual([]);
  });

  it('does not find a sync broken while its task is unknown', () => {
    // Act
    const result = evaluateSyncs(aLink({ configs: offsetsOn, tasks: [] }), NOTHING_READ, []);

    // Assess
    expect(result).toEqual({ brokenSyncs: [], events: [] });
  });

  it('judges by the kept tasks when the tasks were not read this poll', () => {
    // Prepare
    const kept = [task('ConsumerOffsetSync', 'IN_ERROR', [{ errorCode: 'E1', errorMessage: 'boom' }])];
    const healed = [task('ConsumerOffsetSync', 'ACTIVE', [{ errorCode: 'E2', errorMessage: 'lingering' }])];

    // Act
    const broke = evaluateSyncs(aLink({ configs: offsetsOn, tasks: kept }), NOTHING_READ, []);
    const ended = evaluateSyncs(aLink({ configs: offsetsOn, tasks: healed }), NOTHING_READ, [broken()]);

    // Assess
    expect(broke.brokenSyncs).toEqual([broken({ errorCode: 'E1', errorMessage: 'boom' })]);
    expect(broke.events.map((e) => e.severity)).toEqual(['warning']);
    expect(ended.brokenSyncs).toEqual([]);
    expect(ended.events).toHaveLength(1);
    expect(ended.events[0]?.part).toMatchObject({
      state: 'ACTIVE',
      errorCode: 'E2',
      errorMessage: 'lingering',
    });
  });

  it('prefers the tasks read this poll to the kept ones', () => {
    // Act
    const result = evaluateSyncs(
      aLink({ configs: offsetsOn, tasks: [task('ConsumerOffsetSync', 'IN_ERROR')] }),
      tasksOnly([task('ConsumerOffsetSync', 'ACTIVE')]),
      [],
    );

    // Assess
    expect(result).toEqual({ brokenSyncs: [], events: [] });
  });

  it('decides nothing before the configs were read', () => {
    // Prepare
    const recorded = [broken()];

    // Act
    const result = evaluateSyncs(
      aLink(),
      tasksOnly([task('ConsumerOffsetSync', 'ACTIVE'), task('TopicConfigsSync', 'IN_ERROR')]),
      recorded,
    );

    // Assess
    expect(result.brokenSyncs).toBe(recorded);
    expect(result.events).toEqual([]);
  });

  it('decides nothing while the link itself is unhealthy: its own condition is the news', () => {
    // Prepare
    const recorded = [broken()];
    const tasks = readTogether([task('ConsumerOffsetSync', 'ACTIVE'), task('TopicConfigsSync', 'IN_ERROR')]);

    // Act
    const failed = evaluateSyncs(aLink({ configs: offsetsOn, linkState: 'FAILED' }), tasks, recorded);
    const erring = evaluateSyncs(
      aLink({ configs: offsetsOn, linkError: 'AUTHENTICATION_ERROR' }),
      tasks,
      recorded,
    );

    // Assess
    expect(failed.brokenSyncs).toBe(recorded);
    expect(failed.events).toEqual([]);
    expect(erring.brokenSyncs).toBe(recorded);
    expect(erring.events).toEqual([]);
  });

  it('resolves and drops a recorded sync the monitor no longer knows', () => {
    // Prepare
    const legacy = broken({ config: 'legacy.sync.enable', taskName: 'LegacySync' });

    // Act
    const result = evaluateSyncs(aLink({ configs: offsetsOn }), tasksOnly([]), [legacy]);

    // Assess
    expect(result.brokenSyncs).toEqual([]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ severity: 'resolved', from: 'IN_ERROR', to: null });
    expect(result.events[0]?.part).toMatchObject({ name: 'LegacySync', syncConfig: 'legacy.sync.enable' });
  });
});

describe('Function: endedSyncEvents', () => {
  it('resolves every recorded broken sync, as last seen', () => {
    // Prepare
    const topicConfigs = broken({
      config: null,
      taskName: 'TopicConfigsSync',
      taskState: 'NOT_CONFIGURED',
      errorCode: null,
      errorMessage: null,
    });

    // Act
    const events = endedSyncEvents(aLink({ brokenSyncs: [broken(), topicConfigs] }));

    // Assess
    expect(events).toEqual([
      {
        type: 'LINK_SYNC_BROKEN',
        severity: 'resolved',
        linkName: 'orders-dr',
        from: 'IN_ERROR',
        to: null,
        topicsAdded: [],
        topicsRemoved: [],
        part: {
          kind: 'task',
          name: 'ConsumerOffsetSync',
          state: 'IN_ERROR',
          errorCode: 'GROUP_AUTHORIZATION_FAILED',
          errorMessage: 'not authorized to describe groups',
          stateSince: null,
          syncConfig: OFFSETS,
        },
        alertWorthy: true,
      },
      {
        type: 'LINK_SYNC_BROKEN',
        severity: 'resolved',
        linkName: 'orders-dr',
        from: 'NOT_CONFIGURED',
        to: null,
        topicsAdded: [],
        topicsRemoved: [],
        part: {
          kind: 'task',
          name: 'TopicConfigsSync',
          state: 'NOT_CONFIGURED',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
        alertWorthy: true,
      },
    ]);
  });

  it('ends each sync switch-off notified and not yet ended, with its last value but never a sensitive one, before the broken syncs', () => {
    // Prepare: a record written by hand holds a sensitive value, to show nothing trusts it
    const link = aLink({
      configs: {
        values: [config('acl.sync.enable', 'hunter2', true), config(OFFSETS, 'false')],
        switchedOff: ['acl.sync.enable', OFFSETS],
      },
      brokenSyncs: [broken({ config: null, taskName: 'TopicConfigsSync' })],
    });
    const ended = (name: string, from: string | null) => ({
      type: 'LINK_CONFIG_CHANGED',
      severity: 'resolved',
      linkName: 'orders-dr',
      from,
      to: null,
      topicsAdded: [],
      topicsRemoved: [],
      part: { kind: 'config', name, state: null, errorCode: null, errorMessage: null, stateSince: null },
      alertWorthy: true,
    });

    // Act
    const events = endedSyncEvents(link);

    // Assess
    expect(events.map((e) => [e.type, e.part?.name])).toEqual([
      ['LINK_CONFIG_CHANGED', 'acl.sync.enable'],
      ['LINK_CONFIG_CHANGED', OFFSETS],
      ['LINK_SYNC_BROKEN', 'TopicConfigsSync'],
    ]);
    expect(events.slice(0, 2)).toEqual([ended('acl.sync.enable', null), ended(OFFSETS, 'false')]);
    expect(JSON.stringify(events)).not.toContain('hunter2');
  });

  it('says nothing for a link with no broken sync and no switch-off notified', () => {
    expect(endedSyncEvents(aLink())).toEqual([]);
    expect(endedSyncEvents(aLink({ brokenSyncs: [] }))).toEqual([]);
    expect(endedSyncEvents(aLink({ configs: record(config(OFFSETS, 'false')) }))).toEqual([]);
  });
});

describe('Function: dryRunAfter', () => {
  const recorded: DryRunRecord = {
    since: EARLIER,
    topics: 3,
    failed: 1,
    failures: [{ topicName: 'orders', errorCode: '40', errorMessage: 'Topic is not a mirror' }],
  };

  it('keeps the recorded outcome when no dry run was made', () => {
    expect(dryRunAfter(recorded, undefined, NOW)).toBe(recorded);
    expect(dryRunAfter(undefined, undefined, NOW)).toBeUndefined();
  });

  it('records a first run in which every topic would fail over', () => {
    // Act
    const outcome = dryRunAfter(undefined, [check('orders'), check('payments')], NOW);

    // Assess
    expect(outcome).toEqual({ since: NOW.toISOString(), topics: 2, failed: 0, failures: [] });
  });

  it('records the topics that would not fail over: a code, or a message without one', () => {
    // Act
    const outcome = dryRunAfter(
      undefined,
      [
        check('payments', null, 'mirror is paused'),
        check('orders', 40, 'Topic is not a mirror'),
        check('audit'),
        check('billing', 0),
      ],
      NOW,
    );

    // Assess
    expect(outcome).toEqual({
      since: NOW.toISOString(),
      topics: 4,
      failed: 3,
      failures: [
        { topicName: 'billing', errorCode: '0', errorMessage: null },
        { topicName: 'orders', errorCode: '40', errorMessage: 'Topic is not a mirror' },
        { topicName: 'payments', errorCode: 'UNKNOWN', errorMessage: 'mirror is paused' },
      ],
    });
  });

  it('keeps the first answer for a topic named twice', () => {
    // Act
    const outcome = dryRunAfter(
      undefined,
      [check('orders', 40, 'first'), check('orders', 41, 'second')],
      NOW,
    );

    // Assess
    expect(outcome?.failures).toEqual([{ topicName: 'orders', errorCode: '40', errorMessage: 'first' }]);
    expect(outcome?.failed).toBe(1);
  });

  it('keeps the first failures by topic name, up to the bound, and counts every topic and every failure', () => {
    // Prepare
    const names = Array.from(
      { length: MAX_DRY_RUN_FAILURES + 5 },
      (_, i) => `topic-${String(i).padStart(2, '0')}`,
    );

    // Act
    const outcome = dryRunAfter(
      undefined,
      [...names].reverse().map((n) => check(n, 40)),
      NOW,
    );

    // Assess
    expect(outcome?.topics).toBe(MAX_DRY_RUN_FAILURES + 5);
    expect(outcome?.failed).toBe(MAX_DRY_RUN_FAILURES + 5);
    expect(outcome?.failures.map((f) => f.topicName)).toEqual(names.slice(0, MAX_DRY_RUN_FAILURES));
  });

  it('counts the topics of the link the run could not name, and keeps no count when there are none', () => {
    // Act
    const beyond = dryRunAfter(undefined, [check('orders')], NOW, 500);
    const none = dryRunAfter(undefined, [check('orders')], NOW, 0);

    // Assess
    expect(beyond).toEqual({ since: NOW.toISOString(), topics: 1, failed: 0, notChecked: 500, failures: [] });
    expect(none).not.toHaveProperty('notChecked');
  });

  it('starts a new since when only the count of failures beyond those kept changed', () => {
    // Prepare
    const failing = (count: number) =>
      Array.from({ length: count }, (_, i) => check(`t-${String(i).padStart(2, '0')}`, 40));
    const first = dryRunAfter(undefined, failing(MAX_DRY_RUN_FAILURES + 1), new Date(EARLIER));

    // Act
    const more = dryRunAfter(first, failing(MAX_DRY_RUN_FAILURES + 1).concat(check('zz', 40)), NOW);

    // Assess: the kept failures are the same, the count is not
    expect(more?.failures).toEqual(first?.failures);
    expect(more).toMatchObject({ since: NOW.toISOString(), failed: MAX_DRY_RUN_FAILURES + 2 });
  });

  it('keeps the since of a record from before the count was kept when its failures are the same', () => {
    // Prepare
    const { failed: _failed, ...legacy } = recorded;

    // Act
    const outcome = dryRunAfter(
      legacy,
      [check('payments'), check('orders', 40, 'Topic is not a mirror'), check('audit')],
      NOW,
    );

    // Assess: the same outcome, now with its count
    expect(outcome).toEqual(recorded);
  });

  it('bounds hostile topic names and messages', () => {
    // Act
    const outcome = dryRunAfter(undefined, [check('t'.repeat(100_000), 40, 'm'.repeat(1_000_000))], NOW);

    // Assess
    const failure = outcome?.failures[0];
    expect(length(failure?.topicName ?? '')).toBeLessThanOrEqual(BOUNDS.topicNameChars);
    expect(failure?.topicName.startsWith('t'.repeat(200))).toBe(true);
    expect(length(failure?.errorMessage ?? '')).toBeLessThanOrEqual(BOUNDS.messageChars + 40);
    expect(failure?.errorMessage?.startsWith('m'.repeat(BOUNDS.messageChars))).toBe(true);
  });

  it('keeps its since when the outcome is the same as recorded, so that it writes nothing', () => {
    // Act
    const outcome = dryRunAfter(
      recorded,
      [check('payments'), check('orders', 40, 'Topic is not a mirror'), check('audit')],
      NOW,
    );

    // Assess
    expect(outcome).toEqual(recorded);
  });

  it('starts a new since when anything in the outcome changed', () => {
    // Prepare
    const runs: FailoverCheck[][] = [
      [check('payments'), check('orders', 40, 'Topic is not a mirror')],
      [check('payments'), check('orders', 41, 'Topic is not a mirror'), check('audit')],
      [check('payments'), check('orders', 40, 'Another reason'), check('audit')],
      [check('payments'), check('orders', 40, null), check('audit')],
      [check('payments', 40, 'Topic is not a mirror'), check('orders'), check('audit')],
      [check('payments', 40, 'x'), check('orders', 40, 'Topic is not a mirror'), check('audit')],
      [check('payments'), check('orders'), check('audit')],
    ];

    // Act
    const outcomes = runs.map((checks) => dryRunAfter(recorded, checks, NOW));
    const fewerChecked = dryRunAfter(
      recorded,
      [check('payments'), check('orders', 40, 'Topic is not a mirror'), check('audit')],
      NOW,
      2,
    );

    // Assess
    for (const outcome of [...outcomes, fewerChecked]) expect(outcome?.since).toBe(NOW.toISOString());
  });
});

describe('Function: sameConfigState', () => {
  const state = {
    configs: {
      ...record(config(OFFSETS, 'false'), config('acl.filters', null, true)),
      switchedOff: [OFFSETS],
    },
    brokenSyncs: [broken()],
    dryRun: {
      since: EARLIER,
      topics: 2,
      failed: 1,
      failures: [{ topicName: 'orders', errorCode: '40', errorMessage: 'Topic is not a mirror' }],
    } as DryRunRecord,
  };

  it('is true for equal configs, broken syncs and dry runs, and for none at all', () => {
    expect(sameConfigState(aLink(state), aLink(structuredClone(state)))).toBe(true);
    expect(sameConfigState(aLink(), aLink())).toBe(true);
    expect(sameConfigState(aLink({ brokenSyncs: [] }), aLink())).toBe(true);
  });

  it('ignores what it does not own', () => {
    expect(sameConfigState(aLink({ ...state, linkState: 'FAILED' }), aLink(state))).toBe(true);
  });

  it('is false when any of them differs', () => {
    // Prepare
    const dryRun = state.dryRun;
    const failure = dryRun.failures[0] as DryRunRecord['failures'][number];
    const variants = [
      { configs: undefined },
      { configs: { ...state.configs, values: [config(OFFSETS, 'false')] } },
      { configs: { ...state.configs, values: [config(OFFSETS, 'true'), config('acl.filters', null, true)] } },
      {
        configs: {
          ...state.configs,
          values: [config('acl.sync.enable', 'false'), config('acl.filters', null, true)],
        },
      },
      {
        configs: { ...state.configs, values: [config(OFFSETS, 'false'), config('acl.filters', null, false)] },
      },
      { configs: record(config(OFFSETS, 'false'), config('acl.filters', null, true)) },
      { configs: { ...state.configs, switchedOff: ['acl.sync.enable'] } },
      { configs: { ...state.configs, switchedOff: ['acl.sync.enable', OFFSETS] } },
      { brokenSyncs: undefined },
      { brokenSyncs: [broken(), broken()] },
      { brokenSyncs: [broken({ config: null })] },
      { brokenSyncs: [broken({ taskName: 'AclSync' })] },
      { brokenSyncs: [broken({ taskState: 'NOT_CONFIGURED' })] },
      { brokenSyncs: [broken({ errorCode: null })] },
      { brokenSyncs: [broken({ errorMessage: null })] },
      { dryRun: undefined },
      { dryRun: { ...dryRun, since: NOW.toISOString() } },
      { dryRun: { ...dryRun, topics: 3 } },
      { dryRun: { ...dryRun, failed: 2 } },
      { dryRun: { ...dryRun, notChecked: 5 } },
      { dryRun: { ...dryRun, failures: [] } },
      { dryRun: { ...dryRun, failures: [failure, failure] } },
      { dryRun: { ...dryRun, failures: [{ ...failure, topicName: 'payments' }] } },
      { dryRun: { ...dryRun, failures: [{ ...failure, errorCode: '41' }] } },
      { dryRun: { ...dryRun, failures: [{ ...failure, errorMessage: null }] } },
    ];

    // Act
    const verdicts = variants.map((variant) => [
      sameConfigState(aLink(state), aLink({ ...state, ...variant })),
      sameConfigState(aLink({ ...state, ...variant }), aLink(state)),
    ]);

    // Assess
    expect(verdicts).toEqual(variants.map(() => [false, false]));
  });
});
