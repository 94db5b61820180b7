/**
 * Keeps the examples in docs/notification-schema.md equal to what the
 * renderers produce. `UPDATE_GOLDEN=1` rewrites the generated blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../../../core/model/change-events.js';
import { renderChatbotNotification } from '../../../../../core/notify/render/chatbot-message.js';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import { notificationDocumentJsonSchema } from '../../../../../core/notify/render/notification-document-schema.js';
import { renderSnsMessage } from '../../../../../core/notify/render/sns-message.js';
import type { Notification } from '../../../../../core/ports.js';
import { renderSlackMessage } from '../../../../../receivers/slack/slack-message.js';
import { GOLDEN_DIR, updatingGolden } from './golden-file.js';
import { scenarios, smallDigest } from './notification-fixtures.js';

const DOC_PATH = join(GOLDEN_DIR, '..', '..', 'docs', 'notification-schema.md');
const BLOCK = /(<!-- BEGIN GENERATED: ([^\n]+?) -->\n)[\s\S]*?(<!-- END GENERATED -->)/g;

function notificationNamed(name: string): Notification {
  if (name === 'small-digest') return smallDigest();
  const found = scenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`docs/notification-schema.md names unknown scenario "${name}"`);
  return found.notification;
}

const fence = (language: string, text: string): string => `\`\`\`${language}\n${text.trimEnd()}\n\`\`\`\n`;
const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The content of one generated block, from its marker: `document link-added`, `json-schema`... */
function generate(marker: string): string {
  const [what = '', name = ''] = marker.split(' ');
  if (what === 'json-schema') return fence('json', json(notificationDocumentJsonSchema()));
  const notification = notificationNamed(name);
  const doc = buildNotificationDocument(notification);
  switch (what) {
    case 'document':
      return fence('json', json(doc));
    case 'email':
      return fence('text', renderEmailText(doc));
    case 'slack':
      return fence('json', json(renderSlackMessage(doc)));
    case 'chatbot':
      return fence('json', json(renderChatbotNotification(doc)));
    case 'publish': {
      const sns = renderSnsMessage(notification);
      return fence(
        'json',
        json({
          MessageStructure: 'json',
          Subject: sns.subject,
          MessageAttributes: sns.messageAttributes,
          Message: '{"default": "<the document below, as a JSON string>", "email": "<the email below>"}',
        }),
      );
    }
    default:
      throw new Error(`Unknown generated block "${marker}"`);
  }
}

describe('docs/notification-schema.md', () => {
  it('shows what the renderers produce today', () => {
    // Prepare
    const current = readFileSync(DOC_PATH, 'utf8');

    // Act
    const regenerated = current.replace(BLOCK, (_all, begin: string, marker: string, end: string) => {
      return `${begin}${generate(marker)}${end}`;
    });

    // Assess
    if (updatingGolden) writeFileSync(DOC_PATH, regenerated);
    else
      expect(
        current,
        'examples are stale: run UPDATE_GOLDEN=1 npx vitest run test/unit/core/notify/render',
      ).toBe(regenerated);
  });

  it('has an example for every event type', () => {
    const text = readFileSync(DOC_PATH, 'utf8');
    for (const type of EVENT_TYPES) {
      expect(text, type).toContain(`"type": "${type}"`);
    }
  });
});
