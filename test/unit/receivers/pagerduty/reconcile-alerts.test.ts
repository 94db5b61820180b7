/**
 * What the ledger of open alerts adds to a document's events: the resolves of alerts the receiver
 * opened that the document shows are over without naming them, at the time of the entry that
 * ends them, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { planNotifications } from '../../../../core/notify/plan-notifications.js';
import {
  buildNotificationDocument,
  type NotificationDocument,
} from '../../../../core/notify/render/notification-document.js';
import type { OpenAlert } from '../../../../receivers/pagerduty/alert-ledger.js';
import {
  type AlertEvent,
  alertEvents,
  clusterDedupKey,
  linkDedupKey,
  partDedupKey,
} from '../../../../receivers/pagerduty/pagerduty-events.js';
import { reconcileAlertEvents } from '../../../../receivers/pagerduty/reconcile-alerts.js';
import { aLink, anEvent, CLUSTER_ID } from '../../core/notify/render/notification-fixtures.js';

const T1 = '2025-06-03T10:00:00.000Z';
const T2 = '2025-06-03T12:00:00.000Z';

const conditionKey = (linkState: string, linkName = 'orders-dr') =>
  linkDedupKey(CLUSTER_ID, linkName, { linkState, linkError: null });
const topicKey = (name: string, linkName = 'orders-dr') =>
  partDedupKey(CLUSTER_ID, linkName, { kind: 'mirror-topic', name }, 'MIRROR_TOPIC_STATE_CHANGED');

const openCondition = (linkState: string, linkName = 'orders-dr'): OpenAlert => ({
  dedupKey: conditionKey(linkState, linkName),
  linkName,
  kind: 'condition',
});
const openTopic = (name: string, linkName = 'orders-dr'): OpenAlert => ({
  dedupKey: topicKey(name, linkName),
  linkName,
  kind: 'part',
});

/** The document the poller would publish for these events (one notification; a digest past `digestThreshold`). */
function documentOf(events: HistoryEvent[], digestThreshold = 10): NotificationDocument {
  const [notification, ...rest] = planNotifications(events, { digestThreshold });
  if (notification === undefined || rest.length > 0) throw new Error('expected one notification');
  return buildNotificationDocument(notification);
}

/** The events to send for the document, given what the ledger holds open, as `action key @ time`. */
function reconciled(doc: NotificationDocument, open: readonly OpenAlert[]): string[] {
  return reconcileAlertEvents(doc, alertEvents(doc, 'critical'), open).map(described);
}

const described = (e: AlertEvent) => `${e.event.event_action} ${e.event.dedup_key} @ ${e.observedAt}`;

const stillUnhealthy = (state: string, observedAt = T2) =>
  anEvent({
    observedAt,
    type: 'LINK_STILL_UNHEALTHY',
    severity: 'critical',
    from: null,
    to: state,
    link: aLink({ linkState: state }),
  });

const recovered = (from: string, observedAt = T2) =>
  anEvent({ observedAt, severity: 'resolved', from, to: 'ACTIVE', link: aLink() });

const removed = (observedAt = T2, linkName = 'orders-dr') =>
  anEvent({
    observedAt,
    linkName,
    type: 'LINK_REMOVED',
    severity: 'info',
    from: null,
    to: null,
    link: aLink({ linkName }),
  });

describe('Function: reconcileAlertEvents', () => {
  it('resolves the condition that was paged when a reminder names another one (changed while silenced)', () => {
    // Prepare: FAILED was paged; the link went UNAVAILABLE under a silence
    const doc = documentOf([stillUnhealthy('UNAVAILABLE')]);

    // Act
    const events = reconciled(doc, [openCondition('FAILED')]);

    // Assess: the old alert closes first, at the reminder's time
    expect(events).toEqual([
      `resolve ${conditionKey('FAILED')} @ ${T2}`,
      `trigger ${conditionKey('UNAVAILABLE')} @ ${T2}`,
    ]);
  });

  it('keeps open the alert the entry triggers again', () => {
    // Prepare
    const doc = documentOf([stillUnhealthy('FAILED')]);

    // Act
    const events = reconciled(doc, [openCondition('FAILED')]);

    // Assess
    expect(events).toEqual([`trigger ${conditionKey('FAILED')} @ ${T2}`]);
  });

  it('resolves every open condition of a link that recovered, when it recovered from another one', () => {
    // Prepare: FAILED was paged; the recovery says UNAVAILABLE -> ACTIVE
    const doc = documentOf([recovered('UNAVAILABLE')]);

    // Act
    const events = reconciled(doc, [openCondition('FAILED')]);

    // Assess
    expect(events).toEqual([
      `resolve ${conditionKey('FAILED')} @ ${T2}`,
      `resolve ${conditionKey('UNAVAILABLE')} @ ${T2}`,
    ]);
  });

  it('sends an alert the entry already resolves once, not again from the ledger', () => {
    // Prepare
    const doc = documentOf([recovered('FAILED')]);

    // Act
    const events = reconciled(doc, [openCondition('FAILED')]);

    // Assess
    expect(events).toEqual([`resolve ${conditionKey('FAILED')} @ ${T2}`]);
  });

  it("resolves every open alert of a removed link, its mirror topics' too", () => {
    // Prepare
    const doc = documentOf([removed()]);

    // Act
    const events = reconciled(doc, [openTopic('payments'), openTopic('refunds'), openCondition('PAUSED')]);

    // Assess
    expect(events).toEqual([
      `resolve ${conditionKey('PAUSED')} @ ${T2}`,
      `resolve ${topicKey('payments')} @ ${T2}`,
      `resolve ${topicKey('refunds')} @ ${T2}`,
    ]);
  });

  it("leaves a mirror topic's alert to the topic's own events while the link is there", () => {
    // Prepare
    const doc = documentOf([recovered('FAILED')]);

    // Act
    const events = reconciled(doc, [openTopic('payments'), openCondition('FAILED')]);

    // Assess
    expect(events).toEqual([`resolve ${conditionKey('FAILED')} @ ${T2}`]);
  });

  it("leaves other links' alerts and the cluster's alone", () => {
    // Prepare
    const doc = documentOf([removed()]);
    const others: OpenAlert[] = [
      openCondition('FAILED', 'audit-dr'),
      openTopic('payments', 'audit-dr'),
      { dedupKey: clusterDedupKey(CLUSTER_ID), linkName: null, kind: 'cluster' },
    ];

    // Act
    const events = reconciled(doc, others);

    // Assess
    expect(events).toEqual([]);
  });

  it('takes entries in the order they were observed, each seeing what the ones before it opened', () => {
    // Prepare: one digest of FAILED paged at T1 and a reminder for UNAVAILABLE at T2, latest first
    const doc = documentOf(
      [
        anEvent({ observedAt: T1, from: 'ACTIVE', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) }),
        stillUnhealthy('UNAVAILABLE', T2),
      ],
      1,
    );
    const latestFirst = {
      ...doc,
      links: [...doc.links].sort((a, b) => b.observedAt.localeCompare(a.observedAt)),
    };

    // Act
    const events = reconciled(latestFirst, []);

    // Assess: T2's entry resolves the alert T1's entry opened
    expect(events).toEqual([
      `trigger ${conditionKey('FAILED')} @ ${T1}`,
      `resolve ${conditionKey('FAILED')} @ ${T2}`,
      `trigger ${conditionKey('UNAVAILABLE')} @ ${T2}`,
    ]);
  });

  it('marks each resolve it adds with its entry, link and kind, as the ledger records it', () => {
    // Prepare
    const doc = documentOf([removed()]);

    // Act
    const [added] = reconcileAlertEvents(doc, alertEvents(doc, 'critical'), [openTopic('payments')]);

    // Assess
    expect(added).toEqual({
      event: { event_action: 'resolve', dedup_key: topicKey('payments') },
      clusterId: CLUSTER_ID,
      linkName: 'orders-dr',
      kind: 'part',
      observedAt: T2,
      entry: 0,
    });
  });

  it("passes a cluster's own events through: they end no link's alert", () => {
    // Prepare
    const doc = documentOf([
      anEvent({
        linkName: null,
        link: null,
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        from: null,
        to: null,
        observedAt: T1,
        detail: 'HTTP 503',
      }),
    ]);
    const rendered = alertEvents(doc, 'critical');

    // Act
    const events = reconcileAlertEvents(doc, rendered, [openCondition('FAILED')]);

    // Assess
    expect(events).toEqual(rendered);
    expect(events.map(described)).toEqual([`trigger ${clusterDedupKey(CLUSTER_ID)} @ ${T1}`]);
  });
});
