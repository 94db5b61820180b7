import { describe, expect, it } from 'vitest';
import { splitByLink } from '../../../../core/notify/split-by-link.js';
import type { Notification } from '../../../../core/ports.js';
import { aPendingEvent } from '../../../support/recording-outbox.js';

function digestOf(events: Notification['events']): Notification {
  return { kind: 'digest', clusterId: 'lkc-prod1', clusterLabel: 'prod-eu', severity: 'critical', events };
}

describe('Function: splitByLink', () => {
  it('keeps a notification about one link as it is', () => {
    // Prepare
    const notification = digestOf([aPendingEvent(1), aPendingEvent(2, { type: 'LINK_ERROR_CHANGED' })]);

    // Act
    const parts = splitByLink(notification);

    // Assess
    expect(parts).toEqual([notification]);
  });

  it('makes one notification per link and one for the cluster, each as severe as its worst event', () => {
    // Prepare
    const unreachable = aPendingEvent(1, { linkName: null, severity: 'critical' });
    const failed = aPendingEvent(2, { linkName: 'orders-dr', severity: 'warning' });
    const errored = aPendingEvent(3, {
      linkName: 'orders-dr',
      severity: 'critical',
      type: 'LINK_ERROR_CHANGED',
    });
    const reminder = aPendingEvent(4, {
      linkName: 'payments-dr',
      type: 'LINK_STILL_UNHEALTHY',
      severity: 'warning',
    });

    // Act
    const parts = splitByLink(digestOf([unreachable, failed, errored, reminder]));

    // Assess
    expect(parts.map((p) => [p.kind, p.severity, p.events.map((e) => e.eventId)])).toEqual([
      ['cluster', 'critical', ['-#1']],
      ['change', 'critical', ['orders-dr#2', 'orders-dr#3']],
      ['reminder', 'warning', ['payments-dr#4']],
    ]);
    expect(parts.every((p) => p.clusterId === 'lkc-prod1' && p.clusterLabel === 'prod-eu')).toBe(true);
  });

  it('calls a link a reminder only when all its events are reminders: one change among them makes it a change', () => {
    // Prepare
    const stillUnhealthy = aPendingEvent(1, { linkName: 'orders-dr', type: 'LINK_STILL_UNHEALTHY' });
    const errored = aPendingEvent(2, { linkName: 'orders-dr', type: 'LINK_ERROR_CHANGED' });
    const otherReminder = aPendingEvent(3, { linkName: 'payments-dr', type: 'LINK_STILL_UNHEALTHY' });

    // Act
    const parts = splitByLink(digestOf([stillUnhealthy, errored, otherReminder]));

    // Assess
    expect(parts.map((p) => [p.kind, p.events.map((e) => e.eventId)])).toEqual([
      ['change', ['orders-dr#1', 'orders-dr#2']],
      ['reminder', ['payments-dr#3']],
    ]);
  });
});
