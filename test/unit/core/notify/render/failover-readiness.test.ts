/**
 * Failover readiness in the notification: each link entry carries the verdict of
 * `link-monitor readiness` for the link as the poll left it, only when the link carries readiness
 * data, with its first reasons bounded like any server text; the email, Slack, the chat rendering
 * and PagerDuty say it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import type { ClusterLink } from '../../../../../core/model/link-model.js';
import { planNotifications } from '../../../../../core/notify/plan-notifications.js';
import { renderChatbotNotification } from '../../../../../core/notify/render/chatbot-message.js';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import { carriesReadiness } from '../../../../../core/notify/render/failover-readiness.js';
import {
  buildNotificationDocument,
  draftDocument,
  type NotificationDocument,
} from '../../../../../core/notify/render/notification-document.js';
import { parseNotificationDocument } from '../../../../../core/notify/render/notification-document-schema.js';
import { shortenFreeText } from '../../../../../core/notify/render/plain-text.js';
import type { Notification } from '../../../../../core/ports.js';
import { linkReadiness } from '../../../../../core/readiness/readiness-verdict.js';
import { pagerDutyEvents } from '../../../../../receivers/pagerduty/pagerduty-events.js';
import { renderSlackMessage } from '../../../../../receivers/slack/slack-message.js';
import { aLink, anEvent, scenarios } from './notification-fixtures.js';

function notificationOf(events: HistoryEvent[], digestThreshold = 5): Notification {
  const [notification] = planNotifications(events, { digestThreshold });
  if (notification === undefined) throw new Error('nothing planned');
  return notification;
}

/** A link's state change, the link carrying `link`'s fields. */
function documentFor(
  link: Partial<ClusterLink>,
  overrides: Partial<HistoryEvent> = {},
): NotificationDocument {
  return buildNotificationDocument(notificationOf([anEvent({ link: aLink(link), ...overrides })]));
}

const allSyncsOn: ClusterLink['configs'] = {
  values: [
    { name: 'acl.sync.enable', value: 'true', sensitive: false },
    { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
    { name: 'consumer.offset.sync.enable', value: 'true', sensitive: false },
  ],
};

const progress = (topicName: string, fields: Partial<NonNullable<ClusterLink['topicProgress']>[number]>) => ({
  topicName,
  readAtMs: Date.parse('2025-06-03T10:15:00.000Z'),
  partitions: [{ partition: 0, fetchOffset: 1_000, lag: 9_000 }],
  unmovedReads: 0,
  risingReads: 0,
  secondsBehind: 30,
  fetchRate: 300,
  stallNotified: false,
  behindNotified: false,
  ...fields,
});

/** Five reasons: two not ready (a stall, a stuck transition), then three at risk (syncs switched off). */
const linkWithFiveReasons: Partial<ClusterLink> = {
  topicProgress: [progress('orders', { unmovedReads: 3, fetchRate: 0, stallNotified: true })],
  stuckTopics: [
    {
      topicName: 'payments',
      status: 'PENDING_STOPPED',
      sinceMs: Date.parse('2025-06-03T10:00:00.000Z'),
      transitionErrors: [],
    },
  ],
  configs: { values: [] },
};

describe('Function: buildNotificationDocument, failover readiness', () => {
  it('gives no readiness to a link without readiness data, a lag breach alone included', () => {
    // Prepare
    const names = ['state-and-error-change', 'mirror-lag-high', 'mirror-topic-failed', 'digest-40-links'];
    const docs = scenarios()
      .filter((s) => names.includes(s.name))
      .map((s) => buildNotificationDocument(s.notification));

    // Assess
    expect(docs).toHaveLength(names.length);
    for (const doc of docs) for (const link of doc.links) expect(link).not.toHaveProperty('readiness');
  });

  it.each<[string, Partial<ClusterLink>]>([
    ['configs', { configs: allSyncsOn }],
    ['topicProgress', { topicProgress: [] }],
    ['stuckTopics', { stuckTopics: [] }],
    ['brokenSyncs', { brokenSyncs: [] }],
    ['dryRun', { dryRun: { since: '2025-06-03T09:00:00.000Z', topics: 40, failures: [] } }],
  ])('gives readiness to a link that carries %s, the mark of readiness configured', (_field, fields) => {
    // Act
    const doc = documentFor(fields, { severity: 'resolved', from: 'UNAVAILABLE', to: 'ACTIVE' });

    // Assess
    expect(carriesReadiness(aLink(fields))).toBe(true);
    expect(doc.links[0]?.readiness).toEqual({ verdict: 'ready', reasons: [], omittedReasonCount: 0 });
  });

  it('judges the time target from what was recorded: the renderer has no settings', () => {
    // Prepare: payments was recorded behind its target; refunds is further behind, not recorded so
    const link = {
      topicProgress: [
        progress('payments', { secondsBehind: 400, behindNotified: true }),
        progress('refunds', { secondsBehind: 9_000, behindNotified: false }),
      ],
    };

    // Act
    const readiness = documentFor(link).links[0]?.readiness;

    // Assess
    expect(readiness?.verdict).toBe('at risk');
    expect(readiness?.reasons.map((r) => r.code)).toEqual(['BEHIND_TARGET']);
    expect(readiness?.reasons[0]?.text).toMatch(/^payments ~6m 40s behind, over its target/);
  });

  it('lists three reasons, not-ready ones first, and counts the rest', () => {
    // Act
    const readiness = documentFor(linkWithFiveReasons).links[0]?.readiness;

    // Assess
    expect(readiness?.verdict).toBe('not ready');
    expect(readiness?.reasons.map((r) => r.code)).toEqual(['TOPIC_STUCK', 'TOPIC_STALLED', 'SYNC_OFF']);
    expect(readiness?.omittedReasonCount).toBe(2);
  });

  it('leaves it out for a removed link, which cannot fail over', () => {
    // Act
    const doc = documentFor(linkWithFiveReasons, {
      type: 'LINK_REMOVED',
      severity: 'info',
      from: null,
      to: null,
    });

    // Assess
    expect(doc.links[0]).not.toHaveProperty('readiness');
  });

  it('shortens server text in a reason and drops its control characters, more so in the compact form', () => {
    // Prepare
    const message = `no answer\u001b[2J\r\nFrom: x ${'y'.repeat(5_000)}`;
    const link = aLink({
      stuckTopics: [
        {
          topicName: 'payments',
          status: 'PENDING_STOPPED',
          sinceMs: 0,
          transitionErrors: [{ errorCode: 'REMOTE_LINK_NOT_AVAILABLE', errorMessage: message }],
        },
      ],
    });

    // Act
    const [entry] = draftDocument(notificationOf([anEvent({ link })])).entries;
    const full = entry?.full.readiness?.reasons[0]?.text ?? '';
    const compact = entry?.compact.readiness?.reasons[0]?.text ?? '';

    // Assess
    expect(full).toMatch(
      /^payments stuck in PENDING_STOPPED: REMOTE_LINK_NOT_AVAILABLE: no answer\[2J From: x y+/,
    );
    expect(full).toMatch(/\.\.\. \[\d+ more characters\]$/);
    expect(full.length).toBeLessThan(1_100);
    expect(compact.length).toBeLessThan(250);
    for (const text of [full, compact])
      for (const control of ['\u001b', '\r', '\n']) expect(text).not.toContain(control);
  });

  it('cuts a long reason like an error message: to 1000 characters in full, to 200 in the compact form', () => {
    // Prepare
    const link = aLink({
      stuckTopics: [
        {
          topicName: 'payments',
          status: 'PENDING_STOPPED',
          sinceMs: 0,
          transitionErrors: [{ errorCode: 'REMOTE_LINK_NOT_AVAILABLE', errorMessage: 'z'.repeat(3_000) }],
        },
      ],
    });
    const [reason] = linkReadiness(link, null, null).reasons;

    // Act
    const [entry] = draftDocument(notificationOf([anEvent({ link })])).entries;

    // Assess
    expect(entry?.full.readiness?.reasons[0]?.text).toBe(shortenFreeText(reason?.text ?? '', 1_000).text);
    expect(entry?.compact.readiness?.reasons[0]?.text).toBe(shortenFreeText(reason?.text ?? '', 200).text);
    expect(entry?.full.readiness?.reasons[0]?.text).toContain('z'.repeat(900));
  });

  it('passes the schema, through JSON', () => {
    // Prepare
    const doc = documentFor(linkWithFiveReasons);

    // Act
    const parsed = parseNotificationDocument(JSON.parse(JSON.stringify(doc)));

    // Assess
    expect(parsed.links[0]?.readiness).toEqual(doc.links[0]?.readiness);
  });
});

describe('Failover readiness in the messages', () => {
  it('is one line under the changes of the email, with the reasons listed and the rest counted', () => {
    // Act
    const email = renderEmailText(documentFor(linkWithFiveReasons));

    // Assess
    const lines = email.split('\n');
    const at = lines.findIndex((line) => line.startsWith('  Failover readiness: '));
    expect(lines[at]).toMatch(
      /^ {2}Failover readiness: not ready \(payments stuck in PENDING_STOPPED: no transition error reported \| orders stalled: 9,000 messages behind, fetch offset unmoved for 3 reads \| .+\), and 2 more reasons$/,
    );
    expect(lines.slice(lines.indexOf('What changed') + 1, at)).toEqual([
      '  - link_state ACTIVE -> UNAVAILABLE',
      '    had been ACTIVE for 3d 2h (since 2025-05-31T08:00:00.000Z)',
    ]);
    expect(lines[at + 1]).toBe('');
    expect(lines.filter((line) => line.includes('Failover readiness'))).toHaveLength(1);
  });

  it('is one short line in Slack and the chat rendering: the first reason, the others counted', () => {
    // Prepare
    const doc = documentFor(linkWithFiveReasons);
    const line =
      '*Failover readiness:* not ready (payments stuck in PENDING_STOPPED: no transition error reported), and 4 more reasons';

    // Act
    const slack = JSON.stringify(renderSlackMessage(doc).attachments[0].blocks);
    const chat = renderChatbotNotification(doc).content.description;

    // Assess
    expect(slack).toContain(JSON.stringify(line));
    expect(chat.split('\n')).toContain(line);
  });

  it('escapes the server text of a reason in Slack', () => {
    // Prepare
    const doc = documentFor({
      stuckTopics: [
        {
          topicName: '<!channel>',
          status: 'PENDING_STOPPED',
          sinceMs: 0,
          transitionErrors: [{ errorCode: 'X', errorMessage: '<https://evil.example|click>' }],
        },
      ],
    });

    // Act
    const text = JSON.stringify(renderSlackMessage(doc).attachments[0].blocks);

    // Assess
    expect(text).toContain(
      '&lt;!channel&gt; stuck in PENDING_STOPPED: X: &lt;https://evil.example|click&gt;',
    );
    expect(text).not.toContain('<!channel>');
  });

  it('ends each line of a digest with the verdict alone, and says it under the entry in the email', () => {
    // Prepare
    const events = [
      anEvent({ linkName: 'orders-dr', link: aLink({ linkName: 'orders-dr', ...linkWithFiveReasons }) }),
      anEvent({ linkName: 'payments-dr', link: aLink({ linkName: 'payments-dr' }) }),
    ];
    const doc = buildNotificationDocument(notificationOf(events, 1));

    // Act
    const slack = JSON.stringify(renderSlackMessage(doc).attachments[0].blocks);
    const chat = renderChatbotNotification(doc).content.description;
    const email = renderEmailText(doc);

    // Assess
    expect(doc.kind).toBe('digest');
    expect(slack).toMatch(/\*orders-dr\*[^\\]*· {2}failover: not ready/);
    expect(slack).not.toMatch(/\*payments-dr\*[^\\]*failover/);
    expect(chat).toMatch(/\*orders-dr\* .* · failover: not ready\n/);
    expect(email).toMatch(/\n {3}Failover readiness: not ready \(.+\), and 2 more reasons\n/);
    expect(email.match(/Failover readiness/g)).toHaveLength(1);
  });

  it('goes to PagerDuty as custom_details.failover_readiness, on the alerts of the link and of its parts', () => {
    // Prepare: a link that failed, with a stall recorded; and a stall under an ACTIVE link
    const failed = documentFor({ ...linkWithFiveReasons, linkState: 'FAILED' }, { to: 'FAILED' });
    const stalled = scenarios().find((s) => s.name === 'mirror-topic-stalled');
    if (stalled === undefined) throw new Error('no scenario mirror-topic-stalled');

    // Act
    const [linkAlert] = pagerDutyEvents(failed, 'critical');
    const [partAlert] = pagerDutyEvents(buildNotificationDocument(stalled.notification), 'critical');
    const [withoutReadiness] = pagerDutyEvents(
      documentFor({ linkState: 'FAILED' }, { to: 'FAILED' }),
      'critical',
    );

    // Assess
    expect(linkAlert?.payload?.custom_details.failover_readiness).toEqual(failed.links[0]?.readiness);
    expect(linkAlert?.payload?.custom_details.failover_readiness).toMatchObject({
      verdict: 'not ready',
      reasons: [{ code: 'LINK_UNHEALTHY', text: 'link FAILED' }, {}, {}],
      omittedReasonCount: 3,
    });
    expect(partAlert?.payload?.custom_details.failover_readiness).toEqual({
      verdict: 'not ready',
      reasons: [
        {
          code: 'TOPIC_STALLED',
          text: 'orders stalled: 1,250,000 messages behind, fetch offset unmoved for 3 reads',
        },
      ],
      omittedReasonCount: 0,
    });
    expect(withoutReadiness?.payload?.custom_details).not.toHaveProperty('failover_readiness');
  });

  it('reads in docs/alerts.md as the email writes it', () => {
    // Prepare
    const alerts = readFileSync('docs/alerts.md', 'utf8');
    const golden = readFileSync('test/golden/sync-switched-off.email.txt', 'utf8');

    // Act
    const shown = alerts.split('\n').find((line) => line.startsWith('  Failover readiness: '));

    // Assess
    expect(shown).toBeDefined();
    expect(golden.split('\n')).toContain(shown);
  });
});
