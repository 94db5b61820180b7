import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { EVENT_TYPES } from '../../../../../core/model/change-events.js';
import { SEVERITIES } from '../../../../../core/model/link-model.js';
import { planNotifications } from '../../../../../core/notify/plan-notifications.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import { SUBJECT_MAX_LENGTH, toAsciiLine } from '../../../../../core/notify/render/plain-text.js';
import { renderSnsMessage } from '../../../../../core/notify/render/sns-message.js';
import { aLink, anEvent } from './notification-fixtures.js';

const PRINTABLE_ASCII_LINE = /^[\x20-\x7E]*$/;

/** Any text at all: full Unicode, control characters, line breaks, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 300 }),
  fc.constant(''),
);

const anyEvent: fc.Arbitrary<HistoryEvent> = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    severity: fc.constantFrom(...SEVERITIES),
    clusterId: anyText,
    clusterLabel: anyText,
    linkName: fc.option(anyText, { nil: null }),
    from: fc.option(anyText, { nil: null }),
    to: fc.option(anyText, { nil: null }),
    state: fc.option(anyText, { nil: null }),
    error: fc.option(anyText, { nil: null }),
    message: fc.option(anyText, { nil: null }),
    detail: fc.option(anyText, { nil: null }),
  })
  .map((r) =>
    anEvent({
      type: r.type,
      severity: r.severity,
      clusterId: r.clusterId,
      clusterLabel: r.clusterLabel,
      linkName: r.type.startsWith('CLUSTER_') ? null : r.linkName,
      from: r.from,
      to: r.to,
      detail: r.detail,
      link: aLink({
        linkName: r.linkName ?? 'x',
        linkState: r.state,
        linkError: r.error,
        linkErrorMessage: r.message,
      }),
    }),
  );

describe('subjects', () => {
  it('are at most 99 printable ASCII characters, whatever the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const subject = toAsciiLine(text);
        expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
        expect(subject).toMatch(PRINTABLE_ASCII_LINE);
      }),
    );
  });

  it('of any planned notification are non-empty, at most 99 printable ASCII characters and one line', () => {
    fc.assert(
      fc.property(
        fc.array(anyEvent, { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 4 }),
        (events, threshold) => {
          for (const notification of planNotifications(events, { digestThreshold: threshold })) {
            const { subject } = buildNotificationDocument(notification);
            expect(subject.length).toBeGreaterThan(0);
            expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
            expect(subject).toMatch(PRINTABLE_ASCII_LINE);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keep ASCII letters of accented text and mark what cannot be folded', () => {
    expect(toAsciiLine('Zürich café – 東京\r\nnext')).toBe('Zurich cafe ? ?? next');
  });

  it('are cut with ... at the limit', () => {
    const subject = toAsciiLine('x'.repeat(150));

    expect(subject).toHaveLength(SUBJECT_MAX_LENGTH);
    expect(subject.endsWith('...')).toBe(true);
  });
});

describe('SNS messages of any notification', () => {
  it('carry non-empty attributes, the problem severities as a list, and stay under the SNS limit', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { minLength: 1, maxLength: 6 }), (events) => {
        for (const notification of planNotifications(events, { digestThreshold: 2 })) {
          const message = renderSnsMessage(notification);
          for (const [name, attribute] of Object.entries(message.messageAttributes)) {
            expect(attribute.DataType).toBe(name === 'problem_severity' ? 'String.Array' : 'String');
            expect(attribute.StringValue.length).toBeGreaterThan(0);
          }
          const severities = JSON.parse(message.messageAttributes.problem_severity.StringValue) as string[];
          expect(severities.length).toBeGreaterThan(0);
          expect(severities.every((s) => ['critical', 'warning', 'info'].includes(s))).toBe(true);
          expect(message.bytes).toBeLessThanOrEqual(262_144);
          expect(JSON.parse(message.message)).toHaveProperty('default');
        }
      }),
      { numRuns: 200 },
    );
  });
});
