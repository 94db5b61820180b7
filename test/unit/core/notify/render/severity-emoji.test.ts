/**
 * The mark of each severity in chat: a standard Slack emoji shortcode, one of its own per severity,
 * so that a channel tells a critical alert from its recovery at a glance.
 */
import { describe, expect, it } from 'vitest';
import { renderChatbotNotification } from '../../../../../core/notify/render/chatbot-message.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import { SEVERITY_EMOJI } from '../../../../../core/notify/render/severity-emoji.js';
import { scenarios } from './notification-fixtures.js';

describe('Constant: SEVERITY_EMOJI', () => {
  it('marks each severity with the Slack shortcode that reads as it: red, warning sign, tick, info', () => {
    expect(SEVERITY_EMOJI).toEqual({
      critical: ':red_circle:',
      warning: ':warning:',
      resolved: ':white_check_mark:',
      info: ':information_source:',
    });
  });

  it('gives every severity a mark of its own', () => {
    const marks = Object.values(SEVERITY_EMOJI);

    expect(new Set(marks).size).toBe(4);
  });
});

describe('Function: renderChatbotNotification, severity mark', () => {
  it('starts the title of a notification with the mark of its severity', () => {
    // Prepare: the scenarios cover every severity
    const titles = scenarios().map((s) => {
      const doc = buildNotificationDocument(s.notification);
      return [doc.severity, renderChatbotNotification(doc).content.title, doc.title] as const;
    });

    // Assess
    expect(new Set(titles.map(([severity]) => severity))).toEqual(
      new Set(['critical', 'warning', 'resolved', 'info']),
    );
    for (const [severity, title, docTitle] of titles) {
      expect(title).toBe(`${SEVERITY_EMOJI[severity]} ${docTitle}`);
    }
  });
});
