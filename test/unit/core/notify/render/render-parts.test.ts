import { describe, expect, it } from 'vitest';
import { KNOWN_LINK_ERRORS } from '../../../../../core/model/link-model.js';
import { formatDuration } from '../../../../../core/notify/render/durations.js';
import { firstThingToCheck } from '../../../../../core/notify/render/first-check.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import {
  InvalidNotificationDocumentError,
  parseNotificationDocument,
} from '../../../../../core/notify/render/notification-document-schema.js';
import { shortenFreeText } from '../../../../../core/notify/render/plain-text.js';
import { renderSlackMessage } from '../../../../../receivers/slack/slack-message.js';
import { ConsoleNotifier } from '../../../../../tools/cli/console-notifier.js';
import { digestOf, scenarios } from './notification-fixtures.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [30, '30s'],
    [45 * 60, '45m'],
    [2 * 3600 + 14 * 60 + 59, '2h 14m'],
    [3 * 86_400 + 2 * 3600 + 5 * 60, '3d 2h'],
    [3 * 86_400 + 5 * 60, '3d'],
  ])('formats %i seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('gives null for negative or non-finite spans', () => {
    expect(formatDuration(-1)).toBeNull();
    expect(formatDuration(Number.NaN)).toBeNull();
  });
});

describe('firstThingToCheck', () => {
  it('has its own line for every documented link_error', () => {
    const lines = KNOWN_LINK_ERRORS.map((linkError) => firstThingToCheck({ linkState: 'FAILED', linkError }));

    expect(new Set(lines).size).toBe(KNOWN_LINK_ERRORS.length);
    expect(lines.join('\n')).not.toContain('does not know yet');
  });

  it('points at credentials for AUTHENTICATION_ERROR and DNS for UNRESOLVABLE_BOOTSTRAP_ERROR', () => {
    expect(firstThingToCheck({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' })).toMatch(
      /credentials for the other cluster were rejected/,
    );
    expect(
      firstThingToCheck({ linkState: 'UNAVAILABLE', linkError: 'UNRESOLVABLE_BOOTSTRAP_ERROR' }),
    ).toMatch(/does not resolve \(DNS\)/);
  });

  it('covers UNAVAILABLE, FAILED and PAUSED without an error, and nothing for a healthy link', () => {
    for (const linkState of ['UNAVAILABLE', 'FAILED', 'PAUSED']) {
      expect(firstThingToCheck({ linkState, linkError: null }), linkState).toMatch(/\w+/);
    }
    expect(firstThingToCheck({ linkState: 'ACTIVE', linkError: null })).toBeNull();
  });

  it('gives unknown values, even ones named like Object members, a generic line', () => {
    expect(firstThingToCheck({ linkState: 'ACTIVE', linkError: 'constructor' })).toContain(
      'link_error constructor',
    );
    expect(firstThingToCheck({ linkState: '__proto__', linkError: null })).toContain('link_state __proto__');
  });
});

describe('shortenFreeText', () => {
  it('collapses whitespace and keeps short text whole', () => {
    expect(shortenFreeText('a\n\tb   c', 100)).toEqual({ text: 'a b c', truncated: false });
  });

  it('keeps the start of long text and says how much was left out', () => {
    expect(shortenFreeText('x'.repeat(1500), 1000)).toEqual({
      text: `${'x'.repeat(1000)}... [500 more characters]`,
      truncated: true,
    });
  });
});

describe('renderSlackMessage', () => {
  it('stays within Block Kit limits for a 1000-link digest and says how many are not shown', () => {
    // Prepare
    const doc = buildNotificationDocument(digestOf(1000));

    // Act
    const message = renderSlackMessage(doc);

    // Assess
    const [attachment] = message.attachments;
    expect(attachment.blocks.length).toBeLessThanOrEqual(50);
    for (const block of attachment.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(attachment.blocks)).toMatch(/…and \d+ more not shown here/);
  });

  it('colours by severity', () => {
    const colours = Object.fromEntries(
      scenarios().map((s) => [
        s.notification.severity,
        renderSlackMessage(buildNotificationDocument(s.notification)).attachments[0].color,
      ]),
    );

    expect(colours).toEqual({
      critical: '#D0021B',
      warning: '#F2A900',
      resolved: '#2EB67D',
      info: '#439FE0',
    });
  });
});

describe('parseNotificationDocument', () => {
  it('accepts what the renderer builds, through JSON', () => {
    const doc = buildNotificationDocument(digestOf(7));

    expect(parseNotificationDocument(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it('names the first bad field', () => {
    const doc = { ...buildNotificationDocument(digestOf(7)), schemaVersion: 2 };

    expect(() => parseNotificationDocument(doc)).toThrow(InvalidNotificationDocumentError);
    expect(() => parseNotificationDocument(doc)).toThrow(/schemaVersion/);
  });
});

describe('ConsoleNotifier', () => {
  it('writes the subject, the email and the Slack preview as lines', async () => {
    const lines: string[] = [];
    const [first] = scenarios();
    if (first === undefined) throw new Error('no scenario');

    await new ConsoleNotifier({ write: (line) => lines.push(line) }).publish(first.notification);

    expect(lines).toContain(`Subject: ${buildNotificationDocument(first.notification).subject}`);
    expect(lines).toContain('First thing to check');
    expect(lines).toContain('Slack:');
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });
});
