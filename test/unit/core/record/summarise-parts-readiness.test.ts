/**
 * A summary of the failover readiness events a commit cannot carry one by one: counted by where
 * each leaves its part (lag, stalled, behind target, stuck, a sync switched off or broken, and their
 * ends), and named with their kind when they are not mirror topics.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, EventType, HistoryEvent } from '../../../../core/model/change-events.js';
import type { Severity } from '../../../../core/model/link-model.js';
import { MAX_CHANGE_EVENTS, summariseParts } from '../../../../core/record/summarise-parts.js';

const idAt = (index: number): string => `lkc-prod#orders-dr#v5#${index}`;

function partEvent(type: EventType, severity: Severity, part: EventPart): HistoryEvent {
  return {
    eventId: 'unset',
    clusterId: 'lkc-prod',
    clusterLabel: 'Production',
    linkName: 'orders-dr',
    clusterLinkId: 'eEBkTffYSESld6EO898x3w',
    type,
    severity,
    observedAt: '2026-03-01T12:00:00.000Z',
    from: null,
    to: null,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link: null,
    detail: null,
    // Only recorded: their rank is the same, so the commit keeps them in their order.
    notification: 'NOT_NOTIFIED',
    expiresAt: 1_780_000_000,
    part,
  };
}

const part = (kind: EventPart['kind'], name: string, state: string | null): EventPart => ({
  kind,
  name,
  state,
  errorCode: null,
  errorMessage: null,
  stateSince: null,
});

/** One event of each readiness condition and of each end, for the `n`th round. */
function round(n: number): HistoryEvent[] {
  const topic = (state: string) => part('mirror-topic', `topic-${n}`, state);
  return [
    partEvent('MIRROR_LAG_HIGH', 'warning', topic('ACTIVE')),
    partEvent('MIRROR_LAG_HIGH', 'resolved', topic('ACTIVE')),
    partEvent('MIRROR_TOPIC_STALLED', 'critical', topic('ACTIVE')),
    partEvent('MIRROR_TOPIC_STALLED', 'resolved', topic('ACTIVE')),
    partEvent('MIRROR_BEHIND_TARGET', 'warning', topic('ACTIVE')),
    partEvent('MIRROR_BEHIND_TARGET', 'resolved', topic('ACTIVE')),
    partEvent('MIRROR_TRANSITION_STUCK', 'critical', topic('PENDING_STOPPED')),
    partEvent('MIRROR_TRANSITION_STUCK', 'resolved', topic('STOPPED')),
    partEvent('LINK_CONFIG_CHANGED', 'warning', part('config', `config-${n}`, 'false')),
    partEvent('LINK_CONFIG_CHANGED', 'resolved', part('config', `config-${n}`, 'true')),
    partEvent('LINK_CONFIG_CHANGED', 'info', part('config', `config-${n}`, '60000')),
    partEvent('LINK_SYNC_BROKEN', 'warning', part('task', `Sync${n}`, 'IN_ERROR')),
    partEvent('LINK_SYNC_BROKEN', 'resolved', part('task', `Sync${n}`, 'ACTIVE')),
  ];
}

describe('Function: summariseParts, for readiness events', () => {
  it('counts the events left out by where each leaves its part, and names parts other than mirror topics with their kind', () => {
    // Prepare: twice as many as a commit carries, every condition among those left out
    const events = Array.from({ length: Math.ceil((2 * MAX_CHANGE_EVENTS) / round(0).length) }, (_, n) =>
      round(n),
    ).flat();

    // Act
    const { events: fitted } = summariseParts(events, [], idAt);

    // Assess
    const summary = fitted.find((event) => event.type === 'PART_CHANGES_SUMMARISED');
    const conditions = (summary?.to ?? '').split(', ').map((entry) => entry.replace(/ \d+$/, ''));
    expect(conditions.sort()).toEqual(
      [
        'behind target',
        'config changed',
        'fetching again',
        'lag over threshold',
        'lag under threshold',
        'no longer stuck',
        'stalled',
        'stuck in PENDING_STOPPED',
        'sync broken',
        'sync no longer broken',
        'sync switched off',
        'sync switched on',
        'within target',
      ].sort(),
    );
    expect(summary?.detail).toMatch(/(^|, )topic-\d+(, |$)/);
    expect(summary?.detail).toMatch(/(^|, )config config-\d+(, |$)/);
    expect(summary?.detail).toMatch(/(^|, )task Sync\d+(, |$)/);
  });

  it('counts a sync switched off apart from other config changes', () => {
    // Prepare: the commit keeps the first of them and leaves out the last
    const changed = (n: number): HistoryEvent =>
      partEvent('LINK_CONFIG_CHANGED', 'info', part('config', `config-${n}`, '60000'));
    const switchedOff = (n: number): HistoryEvent =>
      partEvent('LINK_CONFIG_CHANGED', 'warning', part('config', `sync-${n}`, 'false'));
    const events = [
      ...Array.from({ length: MAX_CHANGE_EVENTS + 3 }, (_, n) => changed(n)),
      ...Array.from({ length: 10 }, (_, n) => switchedOff(n)),
    ];

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess: one event of the room goes to the summary
    expect(summary?.to).toBe('config changed 4, sync switched off 10');
  });

  it('counts a part stuck in a state no longer known as stuck in a transition', () => {
    // Prepare
    const stuck = (n: number, state: string | null): HistoryEvent =>
      partEvent('MIRROR_TRANSITION_STUCK', 'critical', part('mirror-topic', `topic-${n}`, state));
    const events = [
      ...Array.from({ length: MAX_CHANGE_EVENTS - 1 }, (_, n) => stuck(n, 'PENDING_STOPPED')),
      stuck(200, 'PENDING_MIRROR'),
      stuck(201, null),
    ];

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess
    expect(summary?.to).toBe('stuck in PENDING_MIRROR 1, stuck in a transition 1');
  });
});
