/**
 * The link configs a failover depends on and the syncs they switch on: one table that the reads,
 * the history, the verdict and the messages share.
 */
import { describe, expect, it } from 'vitest';
import {
  isSwitchedOn,
  LINK_SYNCS,
  syncOfConfig,
  syncOfTask,
  WATCHED_LINK_CONFIGS,
} from '../../../../core/model/link-syncs.js';

describe('Constant: WATCHED_LINK_CONFIGS', () => {
  it('watches the configs a failover depends on: the syncs’ switches and settings, and how the link mirrors', () => {
    expect(WATCHED_LINK_CONFIGS).toEqual([
      'acl.filters',
      'acl.sync.enable',
      'acl.sync.ms',
      'auto.create.mirror.topics.enable',
      'auto.create.mirror.topics.filters',
      'cluster.link.prefix',
      'connection.mode',
      'consumer.offset.group.filters',
      'consumer.offset.sync.enable',
      'consumer.offset.sync.ms',
      'link.mode',
      'mirror.start.offset.spec',
      'topic.config.sync.include',
      'topic.config.sync.ms',
    ]);
  });

  it('lists them in name order, the order their reads and changes are recorded in', () => {
    expect(WATCHED_LINK_CONFIGS).toEqual([...WATCHED_LINK_CONFIGS].sort());
  });

  it('includes every config that switches a sync on', () => {
    const switches = LINK_SYNCS.flatMap((sync) => (sync.enableConfig === null ? [] : [sync.enableConfig]));

    expect(WATCHED_LINK_CONFIGS).toEqual(expect.arrayContaining(switches));
  });
});

describe('Constant: LINK_SYNCS', () => {
  it('names for each sync its switch, its task, what it keeps in step and what a failover loses without it', () => {
    expect(LINK_SYNCS).toEqual([
      {
        enableConfig: 'consumer.offset.sync.enable',
        taskName: 'ConsumerOffsetSync',
        what: 'consumer offsets',
        loss: 'consumer offsets are not synced: consumers would reprocess after failover',
      },
      {
        enableConfig: 'acl.sync.enable',
        taskName: 'AclSync',
        what: 'ACLs',
        loss: 'ACLs are not synced: clients could be refused on the destination after failover',
      },
      {
        enableConfig: 'auto.create.mirror.topics.enable',
        taskName: 'AutoCreateMirror',
        what: 'new source topics',
        loss: 'new source topics are not mirrored: they would be missing after failover',
      },
      {
        enableConfig: null,
        taskName: 'TopicConfigsSync',
        what: 'topic configs',
        loss: 'topic configs are not synced: mirror topics would fail over with stale configs',
      },
    ]);
  });
});

describe('Function: syncOfConfig', () => {
  it('finds the sync a config switches on, and none for a config that switches nothing', () => {
    expect(syncOfConfig('acl.sync.enable')?.taskName).toBe('AclSync');
    expect(syncOfConfig('acl.filters')).toBeUndefined();
  });
});

describe('Function: syncOfTask', () => {
  it('finds the sync a task does, and none for a task it does not know', () => {
    expect(syncOfTask('TopicConfigsSync')?.what).toBe('topic configs');
    expect(syncOfTask('SchemaSync')).toBeUndefined();
  });
});

describe('Function: isSwitchedOn', () => {
  it.each([
    ['true', 'on'],
    [' TRUE ', 'on'],
    ['True', 'on'],
    ['false', 'off'],
    ['yes', 'off'],
    ['', 'off'],
    [null, 'off'],
    [undefined, 'off'],
  ])('reads %j as %s', (value, state) => {
    expect(isSwitchedOn(value)).toBe(state === 'on');
  });
});
