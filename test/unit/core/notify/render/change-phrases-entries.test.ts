/**
 * The words for a link entry as a whole, shared by the email, Slack and chat: the severity tag,
 * the figures of its mirror topics, its failover readiness in a line, and the hints said once for
 * many links; and the counts and errors of its parts.
 */
import { describe, expect, it } from 'vitest';
import {
  groupedHints,
  messageCount,
  mirrorTopicsText,
  partErrorText,
  readinessText,
  SHORT_READINESS,
  severityTag,
  worstPartitionsText,
} from '../../../../../core/notify/render/change-phrases.js';
import type {
  DocumentLink,
  DocumentReadiness,
} from '../../../../../core/notify/render/notification-document-schema.js';

/** A link entry with only what these words read. */
function entry(overrides: Partial<DocumentLink>): DocumentLink {
  return { mirrorTopicCount: null, firstThingToCheck: null, ...overrides } as DocumentLink;
}

function readiness(
  verdict: DocumentReadiness['verdict'],
  texts: readonly string[],
  omittedReasonCount = 0,
): DocumentReadiness {
  return { verdict, reasons: texts.map((text) => ({ code: 'TOPIC_STALLED', text })), omittedReasonCount };
}

describe('Function: severityTag', () => {
  it('tags every severity in capitals, in brackets', () => {
    expect((['critical', 'warning', 'resolved', 'info'] as const).map(severityTag)).toEqual([
      '[CRITICAL]',
      '[WARNING]',
      '[RESOLVED]',
      '[INFO]',
    ]);
  });
});

describe('Function: messageCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_000, '1,000'],
    [100_000, '100,000'],
    [1_234_567, '1,234,567'],
    [12_345_678_901, '12,345,678,901'],
  ])('groups %i by thousands as %s', (n, text) => {
    expect(messageCount(n)).toBe(text);
  });
});

describe('Function: groupedHints', () => {
  it('says each hint once, with how many links it concerns, in the order first met', () => {
    const links = [
      entry({ firstThingToCheck: 'check the API key' }),
      entry({ firstThingToCheck: 'check DNS' }),
      entry({ firstThingToCheck: null }),
      entry({ firstThingToCheck: 'check the API key' }),
    ];

    expect(groupedHints(links)).toEqual([
      ['check the API key', 2],
      ['check DNS', 1],
    ]);
  });

  it('gives none for healthy links', () => {
    expect(groupedHints([entry({}), entry({})])).toEqual([]);
  });
});

describe('Function: mirrorTopicsText', () => {
  it('gives the count alone when the link reports no states', () => {
    expect(mirrorTopicsText(entry({ mirrorTopicCount: 50 }))).toBe(50);
    expect(mirrorTopicsText(entry({}))).toBeNull();
  });

  it('adds the states the topics are in, leaving out those with none', () => {
    const link = entry({ mirrorTopicCount: 50, mirrorTopicsByState: { ACTIVE: 2, PAUSED: 0, IN_ERROR: 48 } });

    expect(mirrorTopicsText(link)).toBe('50 (ACTIVE 2, IN_ERROR 48)');
  });

  it('gives the count alone when no state has a topic, and a dash for a count it lacks', () => {
    expect(mirrorTopicsText(entry({ mirrorTopicCount: 0, mirrorTopicsByState: { ACTIVE: 0 } }))).toBe(0);
    expect(mirrorTopicsText(entry({ mirrorTopicsByState: { FAILED: 3 } }))).toBe('- (FAILED 3)');
  });
});

describe('Function: readinessText', () => {
  it('says a link ready in a word', () => {
    expect(readinessText(readiness('ready', []))).toBe('ready');
  });

  it('gives every reason the document lists, apart by a bar, and counts those it left out', () => {
    expect(readinessText(readiness('at risk', ['acl sync off']))).toBe('at risk (acl sync off)');
    expect(readinessText(readiness('not ready', ['orders stalled', 'payments stuck'], 1))).toBe(
      'not ready (orders stalled | payments stuck), and 1 more reason',
    );
  });

  it('names as many reasons as asked and counts the rest with those the document left out', () => {
    const three = readiness('not ready', ['orders stalled', 'payments stuck', 'acl sync off'], 2);

    expect(readinessText(three, { maxReasons: 1 })).toBe('not ready (orders stalled), and 4 more reasons');
    expect(readinessText(three, { maxReasons: 0 })).toBe('not ready, and 5 more reasons');
  });

  it('cuts a long reason to the length asked', () => {
    const long = readiness('not ready', ['orders stalled: fetch offsets unmoved over 3 reads']);

    expect(readinessText(long, { maxReasonChars: 17 })).toBe('not ready (orders stalled...)');
  });

  it('in chat names the first reason, up to 200 characters, and counts the rest', () => {
    const first = `orders stalled: ${'x'.repeat(300)}`;
    const text = readinessText(readiness('not ready', [first, 'payments stuck']), SHORT_READINESS);

    expect(text).toBe(`not ready (${first.slice(0, 197)}...), and 1 more reason`);
  });
});

describe('Function: partErrorText, one half', () => {
  it('says an error code or a message alone when the part reports only one', () => {
    const topic = {
      kind: 'mirror-topic' as const,
      errorCode: null,
      errorMessage: 'Topic orders was deleted on the source.',
    };

    expect(partErrorText(topic)).toBe('Topic orders was deleted on the source.');
    expect(partErrorText({ kind: 'task', errorCode: 'IN_ERROR_CODE', errorMessage: null })).toBe(
      'IN_ERROR_CODE',
    );
  });
});

describe('Function: worstPartitionsText, lag and progress', () => {
  it('says the lag figures first, then the progress figures', () => {
    const text = worstPartitionsText({
      lag: { worstPartitions: [{ partition: 1, messagesBehind: 2_000 }] },
      progress: { worstPartitions: [{ partition: 4, messagesBehind: 10, fetchOffset: 77 }] },
    });

    expect(text).toBe('partition 1: 2,000; partition 4: 10 at fetch offset 77');
  });
});
