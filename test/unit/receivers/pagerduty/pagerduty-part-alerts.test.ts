/**
 * The alerts of a link's parts: each keyed by the link and the part's problem as the record of who
 * heard what names it (`partProblemKey`), so that the keys of alerts opened before the readiness
 * events stay what they were, and each readiness condition of a part has an alert of its own; a
 * reminder of such a condition updates that condition's alert, never one no end would resolve.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, HistoryEvent } from '../../../../core/model/change-events.js';
import { planNotifications } from '../../../../core/notify/plan-notifications.js';
import {
  buildNotificationDocument,
  type NotificationDocument,
} from '../../../../core/notify/render/notification-document.js';
import type { LinkSnapshot } from '../../../../core/ports.js';
import { commitForUnchanged } from '../../../../core/record/record-changes.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { pagerDutyEvents, partDedupKey } from '../../../../receivers/pagerduty/pagerduty-events.js';
import { aLink, anEvent, CLUSTER_ID, scenarios } from '../../core/notify/render/notification-fixtures.js';

const LINK = 'orders-dr';
const topic = { kind: 'mirror-topic', name: 'orders' } as const;

function documentOf(events: HistoryEvent[]): NotificationDocument {
  const [notification] = planNotifications(events, { digestThreshold: 10 });
  if (notification === undefined) throw new Error('nothing planned');
  return buildNotificationDocument(notification);
}

function scenario(name: string): NotificationDocument {
  const found = scenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return buildNotificationDocument(found.notification);
}

function configPart(name: string, value: string): EventPart {
  return { kind: 'config', name, state: value, errorCode: null, errorMessage: null, stateSince: null };
}

describe('Function: partDedupKey', () => {
  it('keeps the keys of alerts opened before: a topic’s state, its lag, a task', () => {
    // Act
    const keys = [
      partDedupKey(CLUSTER_ID, LINK, topic, 'MIRROR_TOPIC_STATE_CHANGED'),
      partDedupKey(CLUSTER_ID, LINK, topic, 'MIRROR_TOPIC_ERROR_CHANGED'),
      partDedupKey(CLUSTER_ID, LINK, topic, 'MIRROR_LAG_HIGH'),
      partDedupKey(CLUSTER_ID, LINK, { kind: 'task', name: 'AclSync' }, 'TASK_STATE_CHANGED'),
      partDedupKey(CLUSTER_ID, LINK, topic, 'LINK_STILL_UNHEALTHY'),
    ];

    // Assess
    expect(keys).toEqual([
      'cluster-link-monitor/lkc-abc12/orders-dr/mirror-topic:orders',
      'cluster-link-monitor/lkc-abc12/orders-dr/mirror-topic:orders',
      'cluster-link-monitor/lkc-abc12/orders-dr/mirror-topic:orders:lag',
      'cluster-link-monitor/lkc-abc12/orders-dr/task:AclSync',
      'cluster-link-monitor/lkc-abc12/orders-dr/mirror-topic:orders',
    ]);
  });

  it('gives each readiness condition of a part an alert of its own', () => {
    // Act
    const keys = [
      partDedupKey(CLUSTER_ID, LINK, topic, 'MIRROR_TOPIC_STALLED'),
      partDedupKey(CLUSTER_ID, LINK, topic, 'MIRROR_BEHIND_TARGET'),
      partDedupKey(CLUSTER_ID, LINK, topic, 'MIRROR_TRANSITION_STUCK'),
      partDedupKey(CLUSTER_ID, LINK, { kind: 'task', name: 'ConsumerOffsetSync' }, 'LINK_SYNC_BROKEN'),
      partDedupKey(CLUSTER_ID, LINK, { kind: 'config', name: 'acl.sync.enable' }, 'LINK_CONFIG_CHANGED'),
    ];

    // Assess
    expect(keys.map((key) => key.split('/').at(-1))).toEqual([
      'mirror-topic:orders:stall',
      'mirror-topic:orders:behind',
      'mirror-topic:orders:stuck',
      'task:ConsumerOffsetSync:sync',
      'config:acl.sync.enable:config',
    ]);
  });
});

describe('Function: pagerDutyEvents, for readiness problems', () => {
  it('pages a stall and a stuck transition as critical, with the figures and the part named', () => {
    // Act
    const [stall] = pagerDutyEvents(scenario('mirror-topic-stalled'), 'critical');
    const [stuck] = pagerDutyEvents(scenario('mirror-transition-stuck'), 'critical');

    // Assess
    expect(stall).toMatchObject({
      event_action: 'trigger',
      dedup_key: expect.stringMatching(/\/mirror-topic:orders:stall$/),
      payload: {
        severity: 'critical',
        class: 'MIRROR_TOPIC_STALLED',
        component: 'orders-dr mirror topic orders',
        custom_details: {
          progress: { messagesBehind: 1_250_000, stall: { rule: 'fetch-stopped', reads: 3 } },
        },
      },
    });
    expect(stuck).toMatchObject({
      event_action: 'trigger',
      dedup_key: expect.stringMatching(/\/mirror-topic:payments:stuck$/),
      payload: { class: 'MIRROR_TRANSITION_STUCK', custom_details: { part_state: 'PENDING_STOPPED' } },
    });
  });

  it('pages a broken sync and a sync switched off as warnings, each under a key of its own', () => {
    // Act
    const broken = pagerDutyEvents(scenario('sync-broken'), 'warning');
    const switchedOff = pagerDutyEvents(scenario('sync-switched-off'), 'warning');

    // Assess
    expect(broken).toMatchObject([
      {
        event_action: 'trigger',
        dedup_key: expect.stringMatching(/\/task:ConsumerOffsetSync:sync$/),
        payload: { severity: 'warning', custom_details: { sync_config: 'consumer.offset.sync.enable' } },
      },
    ]);
    // The interval changed in the same edit is news only: it neither opens nor resolves an alert.
    expect(switchedOff).toMatchObject([
      {
        event_action: 'trigger',
        dedup_key: expect.stringMatching(/\/config:consumer\.offset\.sync\.enable:config$/),
        payload: { component: 'orders-dr config consumer.offset.sync.enable' },
      },
    ]);
    expect(pagerDutyEvents(scenario('sync-switched-off'), 'critical')).toEqual([
      { event_action: 'resolve', dedup_key: switchedOff[0]?.dedup_key },
    ]);
  });

  it('resolves the alert of a sync switched off once it is switched on, not on another change of the config', () => {
    // Prepare
    const on = documentOf([
      anEvent({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'resolved',
        from: 'false',
        to: 'true',
        part: configPart('acl.sync.enable', 'true'),
      }),
    ]);
    const stillOff = documentOf([
      anEvent({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: 'false',
        to: 'FALSE',
        part: configPart('acl.sync.enable', 'FALSE'),
      }),
    ]);

    // Act
    const onEvents = pagerDutyEvents(on, 'warning');
    const stillOffEvents = pagerDutyEvents(stillOff, 'warning');

    // Assess
    expect(onEvents).toEqual([
      {
        event_action: 'resolve',
        dedup_key: `cluster-link-monitor/${CLUSTER_ID}/orders-dr/config:acl.sync.enable:config`,
      },
    ]);
    expect(stillOffEvents).toEqual([]);
  });

  it('resolves a stall and a time behind target apart from each other and from the topic’s lag', () => {
    // Prepare
    const part: EventPart = {
      ...topic,
      state: 'ACTIVE',
      errorCode: null,
      errorMessage: null,
      stateSince: null,
    };
    const doc = documentOf([
      anEvent({ type: 'MIRROR_TOPIC_STALLED', severity: 'resolved', from: null, to: null, part }),
      anEvent({ type: 'MIRROR_BEHIND_TARGET', severity: 'warning', from: null, to: null, part }),
    ]);

    // Act
    const events = pagerDutyEvents(doc, 'warning');

    // Assess
    expect(events.map((e) => [e.event_action, e.dedup_key.split('/').at(-1)])).toEqual([
      ['resolve', 'mirror-topic:orders:stall'],
      ['trigger', 'mirror-topic:orders:behind'],
    ]);
  });
});

describe('Function: pagerDutyEvents, for a reminder of a readiness problem', () => {
  it('updates the alert of the problem it reminds of, which the problem’s end resolves', () => {
    // Prepare
    const reminder = scenario('readiness-still-unhealthy');
    const stallEnds = documentOf([
      anEvent({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'resolved',
        from: null,
        to: null,
        part: { ...topic, state: 'ACTIVE', errorCode: null, errorMessage: null, stateSince: null },
      }),
    ]);

    // Act
    const reminded = pagerDutyEvents(reminder, 'warning');
    const resolved = pagerDutyEvents(stallEnds, 'warning');

    // Assess
    expect(reminded).toMatchObject([
      {
        event_action: 'trigger',
        dedup_key: `cluster-link-monitor/${CLUSTER_ID}/orders-dr/mirror-topic:orders:stall`,
        payload: {
          severity: 'critical',
          class: 'LINK_STILL_UNHEALTHY',
          custom_details: { part_state: 'stalled' },
        },
      },
    ]);
    expect(resolved).toEqual([{ event_action: 'resolve', dedup_key: reminded[0]?.dedup_key }]);
  });

  it('keeps the key of a reminder of a part’s state: the part’s own', () => {
    const [reminded] = pagerDutyEvents(scenario('mirror-topic-still-failed'), 'warning');

    expect(reminded?.dedup_key).toBe(`cluster-link-monitor/${CLUSTER_ID}/orders-dr/mirror-topic:payments`);
  });

  it('uses the stall’s key for the reminder the record makes of a stall that lasts', () => {
    // Prepare: a healthy link whose stall was told four hours ago
    const T0 = '2025-06-03T06:15:00.000Z';
    const link = aLink({
      topicProgress: [
        {
          topicName: 'orders',
          readAtMs: Date.parse(T0),
          partitions: [],
          unmovedReads: 3,
          risingReads: 0,
          secondsBehind: null,
          fetchRate: 0,
          stallNotified: true,
          behindNotified: false,
        },
      ],
    });
    const snapshot: LinkSnapshot = {
      clusterId: CLUSTER_ID,
      link,
      version: 7,
      stateSince: '2025-06-01T00:00:00.000Z',
      unhealthySince: null,
      lastRemindedAt: null,
      pendingCondition: null,
      partsUnhealthySince: T0,
      announced: ['mirror-topic:orders:stall'],
    };
    const context: RecordContext = {
      clusterId: CLUSTER_ID,
      clusterLabel: 'prod-eu',
      now: new Date(Date.parse(T0) + 4 * 3_600_000),
      settings: {
        dampingPolls: 1,
        reminderIntervalMs: 4 * 3_600_000,
        retentionDays: 90,
        notifyTopicChanges: false,
        notifyMessageChanges: false,
      },
    };

    // Act
    const events = commitForUnchanged(snapshot, link, context)?.commit.events ?? [];
    const paged = pagerDutyEvents(documentOf([...events]), 'critical');

    // Assess
    expect(paged.map((e) => [e.event_action, e.dedup_key.split('/').at(-1)])).toEqual([
      ['trigger', 'mirror-topic:orders:stall'],
    ]);
  });
});
