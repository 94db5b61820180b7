import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { compareEvents, mostSevere, planNotifications } from '../../../../core/notify/plan-notifications.js';
import { anEvent } from './render/notification-fixtures.js';

const at = (minute: number): string => `2025-06-03T10:${String(minute).padStart(2, '0')}:00.000Z`;

function linkChange(linkName: string, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return anEvent({
    linkName,
    eventId: `lkc-abc12#${linkName}#${overrides.type ?? 'S'}#${overrides.observedAt ?? ''}`,
    ...overrides,
  });
}

describe('planNotifications', () => {
  describe('grouping', () => {
    it('makes a state change and an error change of one link and poll one change notification', () => {
      // Prepare
      const state = linkChange('orders-dr', {
        type: 'LINK_STATE_CHANGED',
        from: 'ACTIVE',
        to: 'UNAVAILABLE',
      });
      const error = linkChange('orders-dr', {
        type: 'LINK_ERROR_CHANGED',
        from: null,
        to: 'AUTHENTICATION_ERROR',
      });

      // Act
      const planned = planNotifications([error, state], { digestThreshold: 5 });

      // Assess
      expect(planned).toHaveLength(1);
      expect(planned[0]?.kind).toBe('change');
      expect(planned[0]?.events.map((e) => e.type)).toEqual(['LINK_STATE_CHANGED', 'LINK_ERROR_CHANGED']);
    });

    it('keeps the same link observed by two polls as two notifications', () => {
      const first = linkChange('orders-dr', { observedAt: at(0) });
      const second = linkChange('orders-dr', { observedAt: at(5), from: 'UNAVAILABLE', to: 'FAILED' });

      const planned = planNotifications([second, first], { digestThreshold: 5 });

      expect(planned.map((n) => n.events[0]?.observedAt)).toEqual([at(0), at(5)]);
    });

    it('keeps different links apart', () => {
      const planned = planNotifications([linkChange('a'), linkChange('b')], { digestThreshold: 5 });

      expect(planned.map((n) => n.events.map((e) => e.linkName))).toEqual([['a'], ['b']]);
    });

    it('turns LINK_STILL_UNHEALTHY into a reminder and cluster events into cluster notifications', () => {
      const reminder = linkChange('orders-dr', { type: 'LINK_STILL_UNHEALTHY', from: null, to: null });
      const unreachable = anEvent({
        linkName: null,
        type: 'CLUSTER_UNREACHABLE',
        eventId: 'lkc-abc12#-#4#0',
      });

      const planned = planNotifications([reminder, unreachable], { digestThreshold: 5 });

      expect(planned.map((n) => n.kind)).toEqual(['cluster', 'reminder']);
      expect(planned[0]?.events).toEqual([unreachable]);
    });

    it('makes CLUSTER_UNREACHABLE and CLUSTER_RECOVERED cluster notifications even when they name a link', () => {
      // Prepare
      const unreachable = anEvent({
        linkName: 'orders-dr',
        type: 'CLUSTER_UNREACHABLE',
        observedAt: at(0),
        eventId: 'e1',
      });
      const recovered = anEvent({
        linkName: 'orders-dr',
        type: 'CLUSTER_RECOVERED',
        observedAt: at(5),
        eventId: 'e2',
      });

      // Act
      const planned = planNotifications([unreachable, recovered], { digestThreshold: 0 });

      // Assess
      expect(planned.map((n) => [n.kind, n.events.map((e) => e.type)])).toEqual([
        ['cluster', ['CLUSTER_UNREACHABLE']],
        ['cluster', ['CLUSTER_RECOVERED']],
      ]);
    });

    it('makes an event that names no link a cluster notification, whatever its type', () => {
      // Prepare
      const linkless = anEvent({ linkName: null, type: 'LINK_STATE_CHANGED', eventId: 'e1' });

      // Act
      const planned = planNotifications([linkless], { digestThreshold: 0 });

      // Assess
      expect(planned.map((n) => n.kind)).toEqual(['cluster']);
    });

    it('makes each reminder a notification of its own, for two links of one poll', () => {
      // Prepare
      const reminders = ['orders-dr', 'audit-dr'].map((linkName) =>
        linkChange(linkName, { type: 'LINK_STILL_UNHEALTHY', from: null, to: 'FAILED' }),
      );

      // Act
      const planned = planNotifications(reminders, { digestThreshold: 5 });

      // Assess
      expect(planned.map((n) => [n.kind, n.events.map((e) => e.linkName)])).toEqual([
        ['reminder', ['audit-dr']],
        ['reminder', ['orders-dr']],
      ]);
    });

    it('plans only PENDING events and counts a repeated event id once', () => {
      const pending = linkChange('a');
      const sent = linkChange('b', { notification: 'SENT' });
      const notNotified = linkChange('c', { notification: 'NOT_NOTIFIED' });

      const planned = planNotifications([pending, pending, sent, notNotified], { digestThreshold: 5 });

      expect(planned).toHaveLength(1);
      expect(planned[0]?.events).toEqual([pending]);
    });

    it('plans nothing for no events', () => {
      expect(planNotifications([], { digestThreshold: 5 })).toEqual([]);
    });
  });

  describe('digest threshold', () => {
    const links = (count: number, clusterId = 'lkc-abc12'): HistoryEvent[] =>
      Array.from({ length: count }, (_, i) =>
        linkChange(`link-${String(i).padStart(2, '0')}`, {
          clusterId,
          eventId: `${clusterId}#link-${i}#1#0`,
        }),
      );

    it('sends link notifications one by one up to the threshold', () => {
      const planned = planNotifications(links(3), { digestThreshold: 3 });

      expect(planned.map((n) => n.kind)).toEqual(['change', 'change', 'change']);
    });

    it('sends one digest holding every event when the threshold is exceeded', () => {
      const events = [...links(4), linkChange('link-00', { type: 'LINK_STILL_UNHEALTHY', eventId: 'r' })];

      const planned = planNotifications(events, { digestThreshold: 3 });

      expect(planned).toHaveLength(1);
      expect(planned[0]?.kind).toBe('digest');
      expect(planned[0]?.events).toHaveLength(5);
    });

    it('leaves cluster events out of the digest and the count', () => {
      const unreachable = anEvent({
        linkName: null,
        type: 'CLUSTER_RECOVERED',
        severity: 'resolved',
        eventId: 'c',
      });

      const planned = planNotifications([...links(2), unreachable], { digestThreshold: 1 });

      expect(planned.map((n) => n.kind)).toEqual(['cluster', 'digest']);
    });

    it('counts each cluster on its own', () => {
      const planned = planNotifications([...links(3, 'lkc-one'), ...links(1, 'lkc-two')], {
        digestThreshold: 2,
      });

      expect(planned.map((n) => `${n.clusterId}:${n.kind}`)).toEqual(['lkc-one:digest', 'lkc-two:change']);
    });

    it('digests everything at threshold 0 and nothing at Infinity', () => {
      expect(planNotifications(links(1), { digestThreshold: 0 }).map((n) => n.kind)).toEqual(['digest']);
      expect(planNotifications(links(50), { digestThreshold: Number.POSITIVE_INFINITY })).toHaveLength(50);
    });

    it('rejects a negative or NaN threshold', () => {
      expect(() => planNotifications([], { digestThreshold: -1 })).toThrow(RangeError);
      expect(() => planNotifications([], { digestThreshold: Number.NaN })).toThrow(/digestThreshold/);
    });
  });

  describe('severity', () => {
    it.each([
      [['info', 'resolved'], 'resolved'],
      [['resolved', 'warning'], 'warning'],
      [['warning', 'critical', 'info'], 'critical'],
      [['info'], 'info'],
    ] as const)('of events %j is %s', (severities, expected) => {
      const events = severities.map((severity, i) =>
        linkChange('orders-dr', {
          severity,
          eventId: `e${i}`,
          type: i === 0 ? 'LINK_STATE_CHANGED' : 'LINK_ERROR_CHANGED',
        }),
      );

      const [planned] = planNotifications(events, { digestThreshold: 5 });

      expect(planned?.severity).toBe(expected);
    });

    it('of a digest is its worst event', () => {
      const events = ['a', 'b', 'c'].map((name) =>
        linkChange(name, { severity: name === 'b' ? 'critical' : 'info' }),
      );

      const [digest] = planNotifications(events, { digestThreshold: 2 });

      expect(digest?.severity).toBe('critical');
    });
  });

  describe('order', () => {
    it('is the same whatever order the events come in', () => {
      const events = [
        linkChange('b', { observedAt: at(1) }),
        linkChange('a', { observedAt: at(1) }),
        anEvent({ linkName: null, type: 'CLUSTER_RECOVERED', observedAt: at(1), eventId: 'cluster' }),
        linkChange('c', { observedAt: at(0) }),
        linkChange('a', { observedAt: at(1), type: 'LINK_STILL_UNHEALTHY', eventId: 'reminder' }),
      ];
      const expected = ['c:change', '-:cluster', 'a:change', 'b:change', 'a:reminder'];

      const plannedKinds = (list: HistoryEvent[]) =>
        planNotifications(list, { digestThreshold: 5 }).map(
          (n) => `${n.events[0]?.linkName ?? '-'}:${n.kind}`,
        );

      expect(plannedKinds(events)).toEqual(expected);
      expect(plannedKinds([...events].reverse())).toEqual(expected);
    });

    it('lists the events of a digest by poll time, then link, then kind of change', () => {
      // Prepare
      const events = [
        linkChange('b', { observedAt: at(2), type: 'LINK_ERROR_CHANGED' }),
        linkChange('b', { observedAt: at(2), type: 'LINK_STATE_CHANGED' }),
        linkChange('a', { observedAt: at(2), type: 'LINK_ERROR_CHANGED' }),
        linkChange('c', { observedAt: at(1) }),
      ];
      const expected = [
        '01 c LINK_STATE_CHANGED',
        '02 a LINK_ERROR_CHANGED',
        '02 b LINK_STATE_CHANGED',
        '02 b LINK_ERROR_CHANGED',
      ];

      // Act
      const listed = (list: HistoryEvent[]) =>
        planNotifications(list, { digestThreshold: 1 }).flatMap((n) =>
          n.events.map((e) => `${e.observedAt.slice(14, 16)} ${e.linkName} ${e.type}`),
        );

      // Assess
      expect(listed(events)).toEqual(expected);
      expect(listed([...events].reverse())).toEqual(expected);
    });

    it('sends the notifications of one cluster by poll time, the earlier poll first', () => {
      // Prepare: the later poll's link sorts first by name
      const events = [linkChange('a', { observedAt: at(7) }), linkChange('z', { observedAt: at(3) })];

      // Act
      const planned = planNotifications(events, { digestThreshold: 5 });

      // Assess
      expect(planned.map((n) => n.events[0]?.linkName)).toEqual(['z', 'a']);
    });

    it('takes the label of the newest event', () => {
      const events = [
        linkChange('a', { observedAt: at(0), clusterLabel: 'old-name' }),
        linkChange('b', { observedAt: at(3), clusterLabel: 'new-name' }),
      ];

      const [digest] = planNotifications(events, { digestThreshold: 1 });

      expect(digest?.clusterLabel).toBe('new-name');
    });
  });
});

describe('compareEvents', () => {
  it('puts an event of the cluster, which names no link, before the link events of the same poll, whatever the order given', () => {
    // Prepare
    const link = linkChange('A-link', { type: 'LINK_STATE_CHANGED', eventId: 'z' });
    const cluster = anEvent({ linkName: null, type: 'LINK_STILL_UNHEALTHY', eventId: 'a' });

    // Act
    const sorted = [link, cluster].sort(compareEvents);
    const sortedAgain = [cluster, link].sort(compareEvents);

    // Assess
    expect(sorted).toEqual([cluster, link]);
    expect(sortedAgain).toEqual([cluster, link]);
  });
});

describe('mostSevere', () => {
  it('is info when there is nothing to rate', () => {
    expect(mostSevere([])).toBe('info');
  });

  it('ranks critical over warning over resolved over info', () => {
    expect(mostSevere(['info', 'resolved'])).toBe('resolved');
    expect(mostSevere(['resolved', 'warning', 'info'])).toBe('warning');
    expect(mostSevere(['warning', 'critical', 'resolved'])).toBe('critical');
  });
});
