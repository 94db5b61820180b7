import { describe, expect, it } from 'vitest';
import {
  EVENT_TYPES,
  type EventType,
  linkChangeEvent,
  partProblemKey,
  topicChangeCounts,
} from '../../../../core/model/change-events.js';

const ORDERS = { kind: 'mirror-topic', name: 'orders' } as const;

describe('Function: partProblemKey', () => {
  it("keys a change of a part's state by the part alone", () => {
    expect(partProblemKey(ORDERS, 'MIRROR_TOPIC_STATE_CHANGED')).toBe('mirror-topic:orders');
    expect(partProblemKey({ kind: 'task', name: 'AclSync' }, 'TASK_ERROR_CHANGED')).toBe('task:AclSync');
  });

  it.each([
    ['MIRROR_LAG_HIGH', 'mirror-topic:orders:lag'],
    ['MIRROR_TOPIC_STALLED', 'mirror-topic:orders:stall'],
    ['MIRROR_BEHIND_TARGET', 'mirror-topic:orders:behind'],
    ['MIRROR_TRANSITION_STUCK', 'mirror-topic:orders:stuck'],
  ] as const)('keys %s, a problem of its own beside the state, apart from the state', (type, key) => {
    expect(partProblemKey(ORDERS, type)).toBe(key);
  });

  it('keys a broken sync and a sync switched off apart from the task and the config', () => {
    expect(partProblemKey({ kind: 'task', name: 'ConsumerOffsetSync' }, 'LINK_SYNC_BROKEN')).toBe(
      'task:ConsumerOffsetSync:sync',
    );
    expect(partProblemKey({ kind: 'config', name: 'acl.sync.enable' }, 'LINK_CONFIG_CHANGED')).toBe(
      'config:acl.sync.enable:config',
    );
  });

  it('keys a reminder by the problem it reminds of, not by its own type', () => {
    const reminded = { ...ORDERS, problemType: 'MIRROR_TOPIC_STALLED' as EventType };

    expect(partProblemKey(reminded, 'LINK_STILL_UNHEALTHY')).toBe('mirror-topic:orders:stall');
  });

  it("keys a reminder of a part's state by the part alone", () => {
    expect(partProblemKey(ORDERS, 'LINK_STILL_UNHEALTHY')).toBe('mirror-topic:orders');
  });

  it('gives a type named like an inherited property of an object no suffix', () => {
    expect(partProblemKey(ORDERS, 'toString')).toBe('mirror-topic:orders');
    expect(partProblemKey(ORDERS, 'constructor')).toBe('mirror-topic:orders');
  });
});

describe('Function: linkChangeEvent', () => {
  it('builds a change with what it was given and no topics', () => {
    expect(linkChangeEvent('LINK_STATE_CHANGED', 'critical', 'orders-dr', 'ACTIVE', 'FAILED', true)).toEqual({
      type: 'LINK_STATE_CHANGED',
      severity: 'critical',
      linkName: 'orders-dr',
      from: 'ACTIVE',
      to: 'FAILED',
      topicsAdded: [],
      topicsRemoved: [],
      alertWorthy: true,
    });
  });
});

describe('Function: topicChangeCounts', () => {
  it('counts the names listed when every name was kept', () => {
    const counts = topicChangeCounts({ topicsAdded: ['a', 'b', 'c'], topicsRemoved: ['d'] });

    expect(counts).toEqual({ added: 3, removed: 1 });
  });

  it('gives the exact counts of a change whose lists were cut to their first names', () => {
    const counts = topicChangeCounts({
      topicsAdded: ['a'],
      topicsRemoved: [],
      topicCounts: { added: 4_000, removed: 12 },
    });

    expect(counts).toEqual({ added: 4_000, removed: 12 });
  });
});

describe('Constant: EVENT_TYPES', () => {
  it('names each event type once', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toContain('LINK_ADDED');
    expect(EVENT_TYPES).toContain('CLUSTER_RECOVERED');
  });

  it("puts a part's state before the problems of its own, so that a part's state is named first", () => {
    const index = (type: EventType) => EVENT_TYPES.indexOf(type);

    expect(index('MIRROR_TOPIC_STATE_CHANGED')).toBeLessThan(index('MIRROR_LAG_HIGH'));
    expect(index('MIRROR_LAG_HIGH')).toBeLessThan(index('MIRROR_TOPIC_STALLED'));
    expect(index('TASK_STATE_CHANGED')).toBeLessThan(index('LINK_SYNC_BROKEN'));
  });
});
