/**
 * What each rendered event carries besides the Events API body: the time of what it reports and
 * the alert it is about, which the receiver orders events by and keeps its ledger with.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { planNotifications } from '../../../../core/notify/plan-notifications.js';
import {
  buildNotificationDocument,
  type NotificationDocument,
} from '../../../../core/notify/render/notification-document.js';
import {
  alertEvents,
  clusterDedupKey,
  linkDedupKey,
  pagerDutyEvents,
} from '../../../../receivers/pagerduty/pagerduty-events.js';
import { aLink, anEvent, CLUSTER_ID } from '../../core/notify/render/notification-fixtures.js';

const T1 = '2025-06-03T10:00:00.000Z';
const T2 = '2025-06-03T12:00:00.000Z';

function documentOf(events: HistoryEvent[], digestThreshold = 10): NotificationDocument {
  const [notification] = planNotifications(events, { digestThreshold });
  if (notification === undefined) throw new Error('nothing planned');
  return buildNotificationDocument(notification);
}

describe('Function: alertEvents', () => {
  it("carries each link entry's time, link and the kind of alert with its event", () => {
    // Prepare: a digest of a condition at T1 and a mirror topic's failure at T2
    const doc = documentOf(
      [
        anEvent({ observedAt: T1, from: 'ACTIVE', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) }),
        anEvent({
          observedAt: T2,
          linkName: 'audit-dr',
          type: 'MIRROR_TOPIC_STATE_CHANGED',
          severity: 'critical',
          from: 'ACTIVE',
          to: 'FAILED',
          link: aLink({ linkName: 'audit-dr' }),
          part: {
            kind: 'mirror-topic',
            name: 'payments',
            state: 'FAILED',
            errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
            errorMessage: null,
            stateSince: null,
          },
        }),
      ],
      1,
    );

    // Act
    const events = alertEvents(doc, 'critical');

    // Assess
    expect(events.map(({ event, entry, ...about }) => about)).toEqual(
      expect.arrayContaining([
        { clusterId: CLUSTER_ID, linkName: 'orders-dr', kind: 'condition', observedAt: T1 },
        { clusterId: CLUSTER_ID, linkName: 'audit-dr', kind: 'part', observedAt: T2 },
      ]),
    );
    expect(events).toHaveLength(2);
    for (const event of events) expect(doc.links[event.entry ?? -1]?.linkName).toBe(event.linkName);
  });

  it("carries the cluster event's time with the cluster's alert", () => {
    // Prepare
    const doc = documentOf([
      anEvent({
        linkName: null,
        link: null,
        type: 'CLUSTER_RECOVERED',
        severity: 'resolved',
        from: null,
        to: null,
        observedAt: T2,
      }),
    ]);

    // Act
    const events = alertEvents(doc, 'critical');

    // Assess
    expect(events).toEqual([
      {
        event: { event_action: 'resolve', dedup_key: clusterDedupKey(CLUSTER_ID) },
        clusterId: CLUSTER_ID,
        linkName: null,
        kind: 'cluster',
        observedAt: T2,
        entry: null,
      },
    ]);
  });

  it('marks the resolve of a condition that changed as that condition, at the time of the change', () => {
    // Prepare
    const doc = documentOf([
      anEvent({
        observedAt: T2,
        from: 'FAILED',
        to: 'UNAVAILABLE',
        link: aLink({ linkState: 'UNAVAILABLE' }),
      }),
    ]);

    // Act
    const [resolved, triggered] = alertEvents(doc, 'critical');

    // Assess
    expect(resolved).toMatchObject({
      event: {
        event_action: 'resolve',
        dedup_key: linkDedupKey(CLUSTER_ID, 'orders-dr', { linkState: 'FAILED', linkError: null }),
      },
      kind: 'condition',
      observedAt: T2,
    });
    expect(triggered).toMatchObject({
      event: { event_action: 'trigger' },
      kind: 'condition',
      observedAt: T2,
    });
  });

  it('sends exactly the events it carries: the Events API bodies are the same', () => {
    // Prepare
    const doc = documentOf([anEvent({ from: 'ACTIVE', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) })]);

    // Assess
    expect(pagerDutyEvents(doc, 'critical')).toEqual(alertEvents(doc, 'critical').map((e) => e.event));
  });
});

describe('Function: pagerDutyEvents, for a removed link', () => {
  const removal = (link: ReturnType<typeof aLink>) =>
    anEvent({ observedAt: T2, type: 'LINK_REMOVED', severity: 'info', from: null, to: null, link });

  it('resolves the alert of the condition the link was in: a link that is gone cannot recover', () => {
    // Prepare
    const doc = documentOf([removal(aLink({ linkState: 'FAILED' }))]);

    // Act
    const events = pagerDutyEvents(doc, 'critical');

    // Assess
    expect(events).toEqual([
      {
        event_action: 'resolve',
        dedup_key: linkDedupKey(CLUSTER_ID, 'orders-dr', { linkState: 'FAILED', linkError: null }),
      },
    ]);
  });

  it('resolves it also when the removal comes with the ends of its mirror topics', () => {
    // Prepare
    const topicEnds = anEvent({
      observedAt: T2,
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
      to: null,
      link: aLink({ linkState: 'PAUSED' }),
      part: {
        kind: 'mirror-topic',
        name: 'payments',
        state: null,
        errorCode: null,
        errorMessage: null,
        stateSince: null,
      },
    });
    const doc = documentOf([removal(aLink({ linkState: 'PAUSED' })), topicEnds]);

    // Act
    const events = pagerDutyEvents(doc, 'warning');

    // Assess: nothing is triggered for a link that is gone
    expect(events.map((e) => e.event_action)).toEqual(['resolve', 'resolve']);
    expect(events[0]?.dedup_key).toBe(
      linkDedupKey(CLUSTER_ID, 'orders-dr', { linkState: 'PAUSED', linkError: null }),
    );
  });

  it('sends nothing for a healthy link that was removed', () => {
    expect(pagerDutyEvents(documentOf([removal(aLink())]), 'critical')).toEqual([]);
  });
});
