/**
 * The document of the failover readiness events: a part carries the figures of the read that found
 * a problem (`progress`), the config that switched a broken sync on (`syncConfig`), and may be a
 * config; a sensitive config's value is in no rendering; config values are free text, shortened.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { planNotifications } from '../../../../../core/notify/plan-notifications.js';
import { renderChatbotNotification } from '../../../../../core/notify/render/chatbot-message.js';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import {
  buildNotificationDocument,
  type NotificationDocument,
} from '../../../../../core/notify/render/notification-document.js';
import { parseNotificationDocument } from '../../../../../core/notify/render/notification-document-schema.js';
import { renderSnsMessage } from '../../../../../core/notify/render/sns-message.js';
import type { Notification } from '../../../../../core/ports.js';
import { pagerDutyEvents } from '../../../../../receivers/pagerduty/pagerduty-events.js';
import { renderSlackMessage } from '../../../../../receivers/slack/slack-message.js';
import { aLink, anEvent, scenarios } from './notification-fixtures.js';

function notificationOf(events: HistoryEvent[]): Notification {
  const [notification] = planNotifications(events, { digestThreshold: 5 });
  if (notification === undefined) throw new Error('nothing planned');
  return notification;
}

function scenario(name: string): NotificationDocument {
  const found = scenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return buildNotificationDocument(found.notification);
}

/** Every rendering a person or a program receives of one notification, as text. */
function everyRendering(notification: Notification): string[] {
  const doc = buildNotificationDocument(notification);
  return [
    doc.subject,
    renderEmailText(doc),
    JSON.stringify(renderSlackMessage(doc)),
    JSON.stringify(renderChatbotNotification(doc)),
    JSON.stringify(pagerDutyEvents(doc, 'warning')),
    renderSnsMessage(notification).message,
  ];
}

describe('Function: buildNotificationDocument', () => {
  it('carries the figures of the read that found a stall, and the rule', () => {
    const part = scenario('mirror-topic-stalled').links[0]?.changes[0]?.part;

    expect(part?.progress).toEqual({
      messagesBehind: 1_250_000,
      secondsBehind: null,
      fetchRate: 0,
      basisSeconds: 60,
      targetSeconds: 300,
      stall: { rule: 'fetch-stopped', reads: 3 },
      worstPartitions: [
        { partition: 7, messagesBehind: 1_250_000, fetchOffset: 88_412_093 },
        { partition: 2, messagesBehind: 310_400, fetchOffset: 91_002_311 },
      ],
    });
  });

  it('carries the config that switched a broken sync on', () => {
    const part = scenario('sync-broken').links[0]?.changes[0]?.part;

    expect(part).toMatchObject({
      kind: 'task',
      name: 'ConsumerOffsetSync',
      syncConfig: 'consumer.offset.sync.enable',
    });
  });

  it('names a config switched off in the headline, not a change of another config that rides along', () => {
    const doc = scenario('sync-switched-off');

    expect(doc.links[0]?.summary).toBe('config consumer.offset.sync.enable switched off');
    expect(doc.links[0]?.changes.map((c) => c.part?.kind)).toEqual(['config', 'config']);
  });

  it('is read back by the schema, for every readiness scenario', () => {
    for (const name of [
      'mirror-topic-stalled',
      'mirror-behind-target',
      'mirror-transition-stuck',
      'sync-switched-off',
      'sync-broken',
    ]) {
      const doc = scenario(name);
      expect(parseNotificationDocument(JSON.parse(JSON.stringify(doc))), name).toEqual(doc);
    }
  });

  it('renders no value of a sensitive config anywhere, and says it is not shown', () => {
    // Prepare: the observer keeps no value of a sensitive config, on either side of its change
    const link = aLink({ configs: { values: [{ name: 'sasl.jaas.config', value: null, sensitive: true }] } });
    const notification = notificationOf([
      anEvent({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: null,
        to: null,
        previousSince: null,
        link,
        part: {
          kind: 'config',
          name: 'sasl.jaas.config',
          state: null,
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
      }),
    ]);

    // Act
    const renderings = everyRendering(notification);
    const change = buildNotificationDocument(notification).links[0]?.changes[0];

    // Assess
    expect(change).toMatchObject({ from: null, to: null, part: { state: null } });
    expect(change?.description).toBe('config sasl.jaas.config changed (value not shown)');
    for (const text of renderings) {
      expect(text).not.toMatch(/undefined|"null"|-> null|null ->/);
      expect(text).not.toMatch(/sasl\.jaas\.config (changed )?(to|=|:) /);
    }
  });

  it('shortens a config value like other free text from the server: one line, bounded', () => {
    // Prepare
    const filters = `{"aclFilters":[\n${'{"resourceFilter":{"resourceType":"any"}},'.repeat(80)}]}`;
    const notification = notificationOf([
      anEvent({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: filters,
        to: filters.replace('any', 'topic'),
        previousSince: null,
        part: {
          kind: 'config',
          name: 'acl.filters',
          state: filters.replace('any', 'topic'),
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
      }),
    ]);

    // Act
    const change = buildNotificationDocument(notification).links[0]?.changes[0];

    // Assess
    for (const text of [change?.from, change?.to, change?.part?.state]) {
      expect(text).not.toContain('\n');
      expect(text).toMatch(/\.\.\. \[\d+ more characters\]$/);
    }
  });
});
