/**
 * A reader of the notification document (the Slack notifier) validates what SNS delivers: a
 * document reads back as it was built, and anything else is refused with an error that names the
 * first bad field, so that a dead letter says what was wrong with it.
 */
import { describe, expect, it } from 'vitest';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import {
  InvalidNotificationDocumentError,
  notificationDocumentSchema,
  parseNotificationDocument,
} from '../../../../../core/notify/render/notification-document-schema.js';
import { scenarios } from './notification-fixtures.js';

function aDocument(): Record<string, unknown> {
  const found = scenarios().find((s) => s.name === 'state-and-error-change');
  if (found === undefined) throw new Error('no scenario state-and-error-change');
  return JSON.parse(JSON.stringify(buildNotificationDocument(found.notification)));
}

/** What the thrown error is, for a value the parse must refuse. */
function refusal(value: unknown): InvalidNotificationDocumentError {
  try {
    parseNotificationDocument(value);
  } catch (error) {
    if (error instanceof InvalidNotificationDocumentError) return error;
    throw error;
  }
  throw new Error('the value was accepted');
}

/** The schema's own words for the first thing wrong with the value. */
function firstIssueMessage(value: unknown): string {
  const result = notificationDocumentSchema.safeParse(value);
  if (result.success) throw new Error('the value was accepted');
  return result.error.issues[0]?.message ?? '';
}

describe('Function: parseNotificationDocument', () => {
  it('reads a built document back as it was', () => {
    const doc = aDocument();

    expect(parseNotificationDocument(doc)).toEqual(doc);
  });

  it('names the first bad field by its path, dots between the steps, and says what is wrong with it', () => {
    // Prepare
    const doc = aDocument();
    const [link] = doc.links as Record<string, unknown>[];
    if (link === undefined) throw new Error('no link');
    link.severity = 'catastrophic';

    // Act
    const error = refusal(doc);

    // Assess
    const reason = firstIssueMessage(doc);
    expect(reason).not.toBe('');
    expect(error.field).toBe('links.0.severity');
    expect(error.message).toBe(`Not a notification document: links.0.severity: ${reason}`);
  });

  it('says the whole value is wrong when it is no document at all', () => {
    // Act
    const error = refusal('not json');

    // Assess
    expect(error.field).toBe('(root)');
    expect(error.message).toBe(`Not a notification document: (root): ${firstIssueMessage('not json')}`);
  });

  it('throws an error that says what it is by its name', () => {
    const error = refusal({ ...aDocument(), schemaVersion: 2 });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidNotificationDocumentError');
    expect(error.field).toBe('schemaVersion');
    expect(String(error)).toMatch(
      /^InvalidNotificationDocumentError: Not a notification document: schemaVersion: /,
    );
  });
});
