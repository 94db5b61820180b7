import { describe, expect, it } from 'vitest';
import { renderChatbotNotification } from '../../../../../core/notify/render/chatbot-message.js';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import { renderSnsMessage } from '../../../../../core/notify/render/sns-message.js';
import { linkDedupKey, pagerDutyEvents } from '../../../../../receivers/pagerduty/pagerduty-events.js';
import { renderSlackMessage } from '../../../../../receivers/slack/slack-message.js';
import { expectGolden } from './golden-file.js';
import { scenarios } from './notification-fixtures.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('notification renderings match the golden files', () => {
  for (const { name, notification } of scenarios()) {
    describe(name, () => {
      it('subject', () => {
        expectGolden(`${name}.subject.txt`, `${buildNotificationDocument(notification).subject}\n`);
      });

      it('email text', () => {
        expectGolden(`${name}.email.txt`, renderEmailText(buildNotificationDocument(notification)));
      });

      it('JSON document', () => {
        expectGolden(`${name}.document.json`, json(buildNotificationDocument(notification)));
      });

      it('Slack message', () => {
        expectGolden(`${name}.slack.json`, json(renderSlackMessage(buildNotificationDocument(notification))));
      });

      it('chat application custom notification', () => {
        expectGolden(
          `${name}.chatbot.json`,
          json(renderChatbotNotification(buildNotificationDocument(notification))),
        );
      });

      it('SNS message attributes', () => {
        expectGolden(`${name}.attributes.json`, json(renderSnsMessage(notification).messageAttributes));
      });
    });
  }
});

describe('what the golden scenarios must show', () => {
  const byName = new Map(scenarios().map((s) => [s.name, buildNotificationDocument(s.notification)]));
  const doc = (name: string) => {
    const found = byName.get(name);
    if (found === undefined) throw new Error(`no scenario ${name}`);
    return found;
  };

  it('gives a state and an error change of one poll one subject naming both', () => {
    expect(doc('state-and-error-change').subject).toBe(
      '[CRITICAL] prod-eu lkc-abc12: link orders-dr ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)',
    );
  });

  it('says how long a resolved link was unhealthy', () => {
    const resolved = doc('resolved');
    expect(resolved.subject).toBe(
      '[RESOLVED] prod-eu lkc-abc12: link orders-dr recovered after 2h 14m unhealthy',
    );
    expect(renderEmailText(resolved)).toContain('unhealthy for 2h 14m (since 2025-06-03T08:01:00.000Z)');
  });

  it('says how long the previous state lasted', () => {
    expect(renderEmailText(doc('state-and-error-change'))).toContain(
      'had been ACTIVE for 3d 2h (since 2025-05-31T08:00:00.000Z)',
    );
  });

  it('gives unknown state and error values a generic first thing to check', () => {
    expect(doc('unknown-enum-values').links[0]?.firstThingToCheck).toContain(
      'link_error QUOTA_EXCEEDED_ERROR, which this monitor does not know yet',
    );
  });

  it('shortens very long error messages and says by how much', () => {
    const link = doc('very-long-error-message').links[0];
    expect(link?.linkErrorMessageTruncated).toBe(true);
    expect(link?.linkErrorMessage?.length).toBeLessThan(1100);
    expect(link?.linkErrorMessage).toMatch(/\.\.\. \[\d+ more characters\]$/);
  });

  it('keeps non-ASCII names in the body but folds the subject to ASCII', () => {
    const nonAscii = doc('non-ascii-names');
    expect(nonAscii.subject).toBe(
      '[CRITICAL] prod-munchen ? lkc-abc12: link commandes-ete-?? ACTIVE -> FAILED',
    );
    expect(renderEmailText(nonAscii)).toContain('commandes-été-東京');
  });

  it('lists all 40 links of a digest, worst first', () => {
    const digest = doc('digest-40-links');
    expect(digest.subject).toBe('[CRITICAL] prod-eu lkc-abc12: 40 link changes (27 critical, 13 resolved)');
    expect(digest.links).toHaveLength(40);
    expect(digest.omittedLinkCount).toBe(0);
    expect(digest.links.at(-1)?.severity).toBe('resolved');
    expect(renderEmailText(digest)).toContain('40. [RESOLVED] mirror-0038');
  });

  it('names one unhealthy mirror topic under an ACTIVE link, with its state, error and how long', () => {
    expect(doc('mirror-topic-still-failed').title).toBe(
      'prod-eu lkc-abc12: link orders-dr mirror topic payments still FAILED (SOURCE_TOPIC_MAY_BE_DELETED) for 4h',
    );
  });

  it('counts many unhealthy parts in the subject and names the worst three in the body', () => {
    const reminder = doc('parts-still-unhealthy');
    expect(reminder.subject).toBe(
      '[CRITICAL] prod-eu lkc-abc12: link orders-dr 3 mirror topics and 1 task still unhealthy for 8h',
    );
    expect(reminder.links[0]?.changes[0]?.description).toBe(
      'still unhealthy: mirror topic orders.dlq FAILED (SOURCE_PARTITIONS_DECREASED), mirror topic payments FAILED (SOURCE_TOPIC_MAY_BE_DELETED), mirror topic refunds FAILED (SOURCE_TOPIC_MAY_BE_DELETED) and 1 more',
    );
  });

  it('pages PagerDuty for a mirror topic failing under an ACTIVE link under a key of its own, which its reminder updates', () => {
    const [failed] = pagerDutyEvents(doc('mirror-topic-failed'), 'critical');
    const [reminded] = pagerDutyEvents(doc('mirror-topic-still-failed'), 'critical');

    expect(failed).toMatchObject({
      event_action: 'trigger',
      payload: { severity: 'critical', class: 'MIRROR_TOPIC_STATE_CHANGED' },
    });
    expect(failed?.dedup_key).toMatch(/\/mirror-topic:[^/]+$/);
    expect(failed?.dedup_key).not.toBe(
      linkDedupKey('lkc-abc12', 'orders-dr', { linkState: 'ACTIVE', linkError: null }),
    );
    expect(reminded).toMatchObject({ event_action: 'trigger', payload: { class: 'LINK_STILL_UNHEALTHY' } });
    expect(pagerDutyEvents(doc('parts-still-unhealthy'), 'critical').map((e) => e.event_action)).toEqual([
      'trigger',
    ]);
  });

  it('resolves the alert of a part once the part no longer pages, and keeps lag apart from the topic state', () => {
    const recovered = pagerDutyEvents(doc('mirror-topic-recovered'), 'critical');
    const lag = pagerDutyEvents(doc('mirror-lag-high'), 'warning');
    const lagForCriticalOnly = pagerDutyEvents(doc('mirror-lag-high'), 'critical');

    expect(recovered.map((e) => e.event_action)).toEqual(['resolve']);
    // orders is over its threshold, payments back under it.
    expect(lag).toMatchObject([
      { event_action: 'trigger', payload: { severity: 'warning' } },
      { event_action: 'resolve' },
    ]);
    expect(lag.map((e) => e.dedup_key)).toEqual([
      expect.stringMatching(/:orders:lag$/),
      expect.stringMatching(/:payments:lag$/),
    ]);
    expect(lagForCriticalOnly).toEqual(lag.map((e) => ({ event_action: 'resolve', dedup_key: e.dedup_key })));
  });
});
