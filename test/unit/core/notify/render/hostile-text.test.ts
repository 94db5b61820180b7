import { describe, expect, it } from 'vitest';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import { renderSnsMessage, SNS_MAX_MESSAGE_BYTES } from '../../../../../core/notify/render/sns-message.js';
import type { Notification } from '../../../../../core/ports.js';
import { renderSlackFallback, renderSlackMessage } from '../../../../../receivers/slack/slack-message.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function change(events: Notification['events'], kind: Notification['kind'] = 'change'): Notification {
  return { kind, clusterId: CLUSTER_ID, clusterLabel: CLUSTER_LABEL, severity: 'critical', events };
}

describe('Rendering server text that is hostile', () => {
  it("escapes Slack's top-level text, which Slack reads as mrkdwn, so no mention or disguised link survives", () => {
    // Prepare
    const name = '<!channel> <https://evil.example|click here> & more';
    const doc = buildNotificationDocument(
      change([anEvent({ linkName: name, link: aLink({ linkName: name }) })]),
    );

    // Act
    const message = renderSlackMessage(doc);
    const fallback = renderSlackFallback(name, 'body');

    // Assess
    for (const text of [message.text, message.attachments[0]?.fallback ?? '', fallback.text]) {
      expect(text).not.toContain('<');
      expect(text).not.toContain('>');
      expect(text).toContain('&lt;!channel&gt;');
    }
  });

  it('keeps every line of the plain-text email one line: CR/LF in server text cannot forge lines', () => {
    // Prepare
    const name = 'orders\r\nFrom: security@example.com\r\n\r\nLink name: fake';
    const message = 'broken\nFirst thing to check\n  rotate https://evil.example\u001b[2J';
    const events = [
      anEvent({ linkName: name, link: aLink({ linkName: name, linkErrorMessage: message, linkError: 'X' }) }),
    ];

    // Act
    const text = renderEmailText(buildNotificationDocument(change(events)));

    // Assess
    const lines = text.split('\n');
    expect(lines.some((line) => line.startsWith('From:'))).toBe(false);
    expect(lines.filter((line) => line.startsWith('First thing to check'))).toHaveLength(1);
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\u001b');
  });

  it('puts only the start of a 200 KB listing error into the title of CLUSTER_UNREACHABLE', () => {
    // Prepare
    const detail = `ConfluentApiError: ${'x'.repeat(200_000)}`;
    const event = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_UNREACHABLE',
      detail,
      from: null,
      to: null,
    });

    // Act
    const message = renderSnsMessage(change([event], 'cluster'));

    // Assess
    expect(message.document.title.length).toBeLessThan(400);
    expect(message.bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
  });

  it('keeps the link of a single-link alert that must shrink to fit, and says what was left out', () => {
    // Prepare: topic names as long as Kafka allows, in 4-byte characters.
    const topics = Array.from({ length: 200 }, (_, i) => `${'😀'.repeat(240)}${i}`);
    const event = anEvent({
      type: 'MIRROR_TOPICS_CHANGED',
      severity: 'info',
      from: null,
      to: null,
      topicsAdded: topics,
      topicsRemoved: topics,
    });

    // Act
    const message = renderSnsMessage(change([event]), { maxBytes: 60_000 });

    // Assess
    expect(message.bytes).toBeLessThanOrEqual(60_000);
    expect(message.document.links).toHaveLength(1);
    expect(message.document.omittedLinkCount).toBe(0);
    const email = JSON.parse(message.message).email as string;
    expect(email).toContain('200 topics (names left out to fit)');
    expect(message.messageAttributes.link_name.StringValue).toBe('orders-dr');
  });

  it('says so when even a compact single-link entry cannot fit', () => {
    // Prepare
    const event = anEvent({});

    // Act
    const message = renderSnsMessage(change([event]), { maxBytes: 1_500 });

    // Assess
    expect(message.document.links).toHaveLength(0);
    expect(message.document.omittedLinkCount).toBe(1);
    expect(JSON.parse(message.message).email).toContain('1 link entry was left out');
  });

  it('sends message attributes the SDK can encode, even for a name with a lone surrogate recorded earlier', () => {
    // Prepare
    const name = 'orders-\uD800';
    const event = anEvent({ linkName: name, link: aLink({ linkName: name }) });

    // Act
    const message = renderSnsMessage(change([event]));

    // Assess
    const value = message.messageAttributes.link_name.StringValue;
    expect(Buffer.from(value, 'utf8').toString('utf8')).toBe(value);
  });
});
