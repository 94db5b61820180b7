/**
 * How the readiness problems read where a person meets them: a subject with several findings keeps
 * the cluster and the link name whole and counts what it leaves out; a task's error and what to
 * check are said once however many of the entry's changes concern the task; a stuck transition's
 * error message is said once in the email and once in history; a reminder names each readiness
 * problem in its words and is hinted as that problem.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, HistoryEvent } from '../../../../../core/model/change-events.js';
import { openPartProblems, remindedPart } from '../../../../../core/model/part-problems.js';
import { planNotifications } from '../../../../../core/notify/plan-notifications.js';
import { describeEvent, headlinePart } from '../../../../../core/notify/render/change-phrases.js';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import type { Notification } from '../../../../../core/ports.js';
import { formatHistoryTable } from '../../../../../tools/cli/history-format.js';
import { aLink, anEvent } from './notification-fixtures.js';

function notificationOf(events: HistoryEvent[], digestThreshold = 5): Notification {
  const [notification] = planNotifications(events, { digestThreshold });
  if (notification === undefined) throw new Error('nothing planned');
  return notification;
}

const MISCONFIGURED = 'acl.filters could not be parsed: unknown resource type "TOPICS".';
const aclSync: EventPart = {
  kind: 'task',
  name: 'AclSync',
  state: 'IN_ERROR',
  errorCode: 'MISCONFIGURATION_ERROR',
  errorMessage: MISCONFIGURED,
  stateSince: null,
};
const aclSyncLink = (linkName: string) =>
  aLink({
    linkName,
    tasks: [
      {
        taskName: 'AclSync',
        state: 'IN_ERROR',
        errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: MISCONFIGURED }],
      },
    ],
  });

/** AclSync went IN_ERROR, and with it the sync of ACLs that acl.sync.enable switched on. */
function aclSyncBroken(linkName: string, clusterLabel = 'prod-eu'): HistoryEvent[] {
  const link = aclSyncLink(linkName);
  return [
    anEvent({
      linkName,
      clusterLabel,
      type: 'TASK_STATE_CHANGED',
      severity: 'warning',
      from: 'ACTIVE',
      to: 'IN_ERROR',
      previousSince: null,
      link,
      part: aclSync,
    }),
    anEvent({
      linkName,
      clusterLabel,
      type: 'LINK_SYNC_BROKEN',
      severity: 'warning',
      from: null,
      to: 'IN_ERROR',
      previousSince: null,
      link,
      part: { ...aclSync, syncConfig: 'acl.sync.enable' },
    }),
  ];
}

describe('a subject with two findings on one link', () => {
  it('keeps the cluster and the whole link name, and counts the finding it leaves out', () => {
    // Prepare: as the demo's analytics-us lkc-an1us shows it
    const notification = notificationOf(aclSyncBroken('inventory-from-erp', 'analytics-us'));

    // Act
    const { subject, title } = buildNotificationDocument({ ...notification, clusterId: 'lkc-an1us' });

    // Assess: the title keeps everything; the subject gives up the second finding, then the
    // first one's error code, before any of the cluster or the link name
    expect(title).toBe(
      'analytics-us lkc-an1us: link inventory-from-erp task AclSync IN_ERROR (MISCONFIGURATION_ERROR); sync of ACLs broken (IN_ERROR)',
    );
    expect(subject).toBe('[WARNING] analytics-us: link inventory-from-erp task AclSync IN_ERROR and 1 more');
  });

  it('keeps the first finding whole when it fits with the others counted', () => {
    const { subject } = buildNotificationDocument(notificationOf(aclSyncBroken('erp')));

    expect(subject).toBe(
      '[WARNING] prod-eu: link erp task AclSync IN_ERROR (MISCONFIGURATION_ERROR) and 1 more',
    );
  });
});

describe('the email of a task in error that breaks a sync', () => {
  it('says the task’s error and what to check once, under its first change', () => {
    // Act
    const email = renderEmailText(buildNotificationDocument(notificationOf(aclSyncBroken('orders-dr'))));
    const body = email.slice(email.indexOf('What changed'), email.indexOf('First thing to check'));

    // Assess
    expect(body.split('\n').filter((line) => line.trim().startsWith('- '))).toHaveLength(2);
    expect(body.match(/error: MISCONFIGURATION_ERROR/g)).toHaveLength(1);
    expect(body.match(/check: /g)).toHaveLength(1);
  });

  it('says them once in each entry of a digest too', () => {
    // Prepare
    const events = [...aclSyncBroken('orders-dr'), ...aclSyncBroken('payments-dr')];

    // Act
    const email = renderEmailText(buildNotificationDocument(notificationOf(events, 1)));

    // Assess
    expect(email.match(/error: MISCONFIGURATION_ERROR/g)).toHaveLength(2);
  });
});

describe('a stuck transition’s error message', () => {
  const message =
    'The source cluster lkc-src77 did not answer the request for the final offsets of partition 4.';
  const stuck = anEvent({
    type: 'MIRROR_TRANSITION_STUCK',
    severity: 'critical',
    from: null,
    to: 'PENDING_STOPPED',
    previousSince: null,
    part: {
      kind: 'mirror-topic',
      name: 'payments',
      state: 'PENDING_STOPPED',
      errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
      errorMessage: message,
      stateSince: '2025-06-03T10:04:00.000Z',
    },
  });
  const count = (text: string): number => text.split(message).length - 1;

  it('is said once in the email', () => {
    expect(count(renderEmailText(buildNotificationDocument(notificationOf([stuck]))))).toBe(1);
  });

  it('is said once in the history table', () => {
    expect(count(formatHistoryTable([stuck]))).toBe(1);
  });
});

describe('a reminder of readiness problems on a healthy link', () => {
  const stalled = aLink({
    topicProgress: [
      {
        topicName: 'orders',
        readAtMs: 0,
        partitions: [],
        unmovedReads: 3,
        risingReads: 0,
        secondsBehind: null,
        fetchRate: 0,
        stallNotified: true,
        behindNotified: false,
      },
      {
        topicName: 'payments',
        readAtMs: 0,
        partitions: [],
        unmovedReads: 0,
        risingReads: 0,
        secondsBehind: 900,
        fetchRate: 40,
        stallNotified: false,
        behindNotified: true,
      },
    ],
    laggingTopics: [{ topicName: 'refunds', checks: 3, notified: true }],
    stuckTopics: [
      {
        topicName: 'audit',
        status: 'PENDING_STOPPED',
        sinceMs: Date.parse('2025-06-03T09:00:00.000Z'),
        transitionErrors: [{ errorCode: 'REMOTE_LINK_NOT_AVAILABLE', errorMessage: 'no answer' }],
      },
    ],
    brokenSyncs: [
      {
        config: 'acl.sync.enable',
        taskName: 'AclSync',
        taskState: 'NOT_CONFIGURED',
        errorCode: null,
        errorMessage: null,
      },
    ],
  });
  const reminder = (link = stalled): HistoryEvent => {
    const worst = openPartProblems(link)[0];
    if (worst === undefined) throw new Error('expected a part problem');
    return anEvent({
      type: 'LINK_STILL_UNHEALTHY',
      from: null,
      to: 'ACTIVE',
      previousSince: '2025-06-02T10:15:00.000Z',
      link,
      part: remindedPart(worst),
    });
  };

  it('names each problem in its words, worst first, and counts the parts, each once', () => {
    // Act
    const event = reminder();

    // Assess
    expect(describeEvent(event)).toBe(
      'still unhealthy: mirror topic audit stuck in PENDING_STOPPED (REMOTE_LINK_NOT_AVAILABLE), mirror topic orders stalled, mirror topic payments behind its target and 2 more',
    );
    expect(headlinePart(event)).toBe('4 mirror topics and 1 task still unhealthy for 1d');
  });

  it('says a single problem as the problem it is', () => {
    // Prepare
    const onlyLag = aLink({ laggingTopics: [{ topicName: 'refunds', checks: 3, notified: true }] });
    const onlySync = aLink({ brokenSyncs: stalled.brokenSyncs ?? [] });

    // Act
    const headlines = [headlinePart(reminder(onlyLag)), headlinePart(reminder(onlySync))];

    // Assess
    expect(headlines).toEqual([
      'mirror topic refunds still lagging for 1d',
      'sync of ACLs still broken (task AclSync NOT_CONFIGURED) for 1d',
    ]);
  });

  it('says a sync switched off is still off, by what it syncs, and never shows a hidden value', () => {
    // Prepare
    const config = (value: string | null, sensitive = false) =>
      aLink({
        configs: {
          values: [{ name: 'consumer.offset.sync.enable', value, sensitive }],
          switchedOff: ['consumer.offset.sync.enable'],
        },
      });

    // Act
    const shown = headlinePart(reminder(config('false')));
    const hidden = describeEvent(reminder(config(null, true)));

    // Assess
    expect(shown).toBe(
      'sync of consumer offsets still switched off (consumer.offset.sync.enable false) for 1d',
    );
    expect(hidden).toBe(
      'still unhealthy: sync of consumer offsets switched off (consumer.offset.sync.enable)',
    );
  });

  it('points first at what the worst problem needs checked, not at a state Confluent never sent', () => {
    // Act
    const doc = buildNotificationDocument(notificationOf([reminder()]));
    const part = doc.links[0]?.changes[0]?.part;

    // Assess
    expect(part).toMatchObject({ name: 'audit', problemType: 'MIRROR_TRANSITION_STUCK' });
    expect(part?.firstThingToCheck).toMatch(/promote or failover has not completed/);
    expect(doc.links[0]?.firstThingToCheck).toBe(part?.firstThingToCheck);
  });
});
