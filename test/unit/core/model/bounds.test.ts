import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BOUNDS,
  boundIdentifier,
  boundLink,
  boundMirrorTopic,
  boundReason,
  boundTasks,
  boundText,
  countBy,
  sampleTopicNames,
  wellFormed,
} from '../../../../core/model/bounds.js';
import { aLink } from '../../../support/link-fixtures.js';

const LONE_HIGH = '\uD800';
const LONE_LOW = '\uDC00';

function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

describe('Function: wellFormed', () => {
  it('replaces lone surrogates and keeps pairs', () => {
    expect(wellFormed(`a${LONE_HIGH}b${LONE_LOW}c😀`)).toBe('a\uFFFDb\uFFFDc😀');
    expect(isWellFormed(wellFormed(`${LONE_LOW}${LONE_HIGH}`))).toBe(true);
  });
});

describe('Function: boundIdentifier', () => {
  it('keeps a short well-formed name as it is', () => {
    expect(boundIdentifier('link-ä-😀')).toBe('link-ä-😀');
  });

  it('cuts a long name to the bound, and two long names that differ only at the end stay apart', () => {
    // Prepare
    const a = `${'x'.repeat(5_000)}a`;
    const b = `${'x'.repeat(5_000)}b`;

    // Act
    const boundA = boundIdentifier(a);
    const boundB = boundIdentifier(b);

    // Assess
    expect(Array.from(boundA)).toHaveLength(BOUNDS.identifierChars);
    expect(boundA).not.toBe(boundB);
    expect(boundIdentifier(a)).toBe(boundA);
    expect(boundIdentifier(boundA)).toBe(boundA);
  });

  it('makes a name with a lone surrogate well-formed and keeps it apart from its twin', () => {
    const high = boundIdentifier(`link${LONE_HIGH}`);
    const low = boundIdentifier(`link${LONE_LOW}`);
    expect(isWellFormed(high)).toBe(true);
    expect(high).not.toBe(low);
    expect(high.startsWith('link\uFFFD')).toBe(true);
  });

  it('keeps a name within 1 KB of UTF-8 even when every code point takes 4 bytes', () => {
    const name = boundIdentifier('😀'.repeat(10_000));
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(1_024);
  });
});

describe('Function: boundText', () => {
  it('cuts a 1 MB message and says how much was left out', () => {
    const text = boundText('m'.repeat(1_000_000));
    expect(text).toBe(
      `${'m'.repeat(BOUNDS.messageChars)}... [${1_000_000 - BOUNDS.messageChars} more characters]`,
    );
  });

  it('bounds listing errors more tightly', () => {
    expect(boundReason('r'.repeat(200_000)).length).toBeLessThan(BOUNDS.reasonChars + 40);
  });
});

describe('Function: boundLink', () => {
  it('bounds every text a server sends and cuts task and category lists', () => {
    // Prepare
    const huge = `${'z'.repeat(10_000)}${LONE_HIGH}`;
    const link = aLink({
      linkName: huge,
      clusterLinkId: huge,
      linkState: huge,
      linkError: huge,
      linkErrorMessage: huge,
      remoteClusterId: huge,
      topicNames: [huge],
      tasks: Array.from({ length: BOUNDS.tasks + 5 }, (_, i) => ({
        taskName: `${huge}${i}`,
        state: huge,
        errors: Array.from({ length: BOUNDS.taskErrors + 5 }, () => ({
          errorCode: huge,
          errorMessage: huge,
        })),
      })),
      categoryCounts: Array.from({ length: BOUNDS.categoryCounts + 5 }, (_, i) => ({
        stateCategory: `${i}`,
        count: i,
      })),
    });

    // Act
    const bounded = boundLink(link);

    // Assess
    const json = JSON.stringify(bounded);
    expect(isWellFormed(json)).toBe(true);
    expect(bounded.tasks).toHaveLength(BOUNDS.tasks);
    expect(bounded.tasks[0]?.errors).toHaveLength(BOUNDS.taskErrors);
    expect(bounded.categoryCounts).toHaveLength(BOUNDS.categoryCounts);
    expect(Array.from(bounded.linkName)).toHaveLength(BOUNDS.identifierChars);
    expect(Array.from(bounded.topicNames[0] ?? '')).toHaveLength(BOUNDS.topicNameChars);
    expect(bounded.linkErrorMessage?.length).toBeLessThan(BOUNDS.messageChars + 40);
  });
});

describe('Function: boundLink, state categories', () => {
  it('keeps each state category with its count, the name bounded as an identifier', () => {
    // Prepare
    const link = aLink({
      categoryCounts: [
        { stateCategory: 'ACTIVE', count: 12 },
        { stateCategory: `IN_ERROR${LONE_HIGH}`, count: 3 },
      ],
    });

    // Act
    const bounded = boundLink(link);

    // Assess
    expect(bounded.categoryCounts).toEqual([
      { stateCategory: 'ACTIVE', count: 12 },
      { stateCategory: boundIdentifier(`IN_ERROR${LONE_HIGH}`), count: 3 },
    ]);
  });
});

describe('Function: boundTasks', () => {
  it('bounds tasks read from a link’s detail as boundLink bounds the listing’s', () => {
    // Prepare
    const huge = `${'t'.repeat(10_000)}${LONE_HIGH}`;
    const tasks = Array.from({ length: BOUNDS.tasks + 5 }, (_, i) => ({
      taskName: `${huge}${i}`,
      state: huge,
      errors: Array.from({ length: BOUNDS.taskErrors + 5 }, () => ({ errorCode: huge, errorMessage: huge })),
    }));

    // Act
    const bounded = boundTasks(tasks);

    // Assess
    expect(bounded).toEqual(boundLink(aLink({ tasks })).tasks);
    expect(bounded).toHaveLength(BOUNDS.tasks);
    expect(isWellFormed(JSON.stringify(bounded))).toBe(true);
  });
});

describe('Function: boundMirrorTopic', () => {
  it('bounds the name as a topic name, the status and error as identifiers, the transition errors as a task’s', () => {
    // Prepare
    const huge = `${'s'.repeat(450_000)}${LONE_LOW}`;

    // Act
    const bounded = boundMirrorTopic({
      topicName: huge,
      status: huge,
      error: huge,
      stateTimeMs: 1_700_000_000_000,
      transitionErrors: Array.from({ length: BOUNDS.taskErrors + 5 }, () => ({
        errorCode: huge,
        errorMessage: huge,
      })),
    });

    // Assess
    expect(bounded.topicName).toBe(boundIdentifier(huge, BOUNDS.topicNameChars));
    expect(Array.from(bounded.status)).toHaveLength(BOUNDS.identifierChars);
    expect(bounded.error).toBe(bounded.status);
    expect(bounded.stateTimeMs).toBe(1_700_000_000_000);
    expect(bounded.transitionErrors).toHaveLength(BOUNDS.taskErrors);
    expect(bounded.transitionErrors[0]?.errorMessage).toBe(boundText(huge));
    expect(isWellFormed(JSON.stringify(bounded))).toBe(true);
  });

  it('keeps a topic within the bounds as it is, and no error as none', () => {
    const topic = {
      topicName: 'orders',
      status: 'FAILED',
      error: null,
      stateTimeMs: null,
      transitionErrors: [],
    };

    expect(boundMirrorTopic(topic)).toEqual(topic);
  });
});

describe('Function: countBy', () => {
  it('counts keys named like Object.prototype properties as numbers', () => {
    // Act
    const counts = countBy(
      ['constructor', 'toString', '__proto__', 'constructor', 'hasOwnProperty'],
      (s) => s,
    );

    // Assess
    expect(Object.entries(counts)).toEqual([
      ['constructor', 2],
      ['toString', 1],
      ['__proto__', 1],
      ['hasOwnProperty', 1],
    ]);
    for (const value of Object.values(counts)) expect(typeof value).toBe('number');
  });
});

describe('Function: sampleTopicNames', () => {
  it('keeps a short list whole', () => {
    const names = ['a', 'b'];
    expect(sampleTopicNames(names)).toBe(names);
  });

  it('keeps the first names of a list of tens of thousands, within the count and size bounds', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => `topic-${String(i).padStart(6, '0')}`);
    const sample = sampleTopicNames(names);
    expect(sample.length).toBeLessThanOrEqual(BOUNDS.changedTopicNames);
    expect(sample).toEqual(names.slice(0, sample.length));
    expect(sample.join('').length).toBeLessThanOrEqual(BOUNDS.changedTopicChars);
  });

  it('keeps the history item small even for the longest names Kafka allows', () => {
    const names = Array.from({ length: 5_000 }, (_, i) => `${'😀'.repeat(120)}${i}`);
    const sample = sampleTopicNames(names);
    expect(Buffer.byteLength(sample.join(''), 'utf8')).toBeLessThanOrEqual(
      2 * BOUNDS.changedTopicChars + 1_000,
    );
  });
});

describe('Function: boundIdentifier, at the bound', () => {
  const hashOf = (text: string) => createHash('sha256').update(text, 'utf16le').digest('hex').slice(0, 16);

  it('keeps a name of exactly the bound, and shortens one a code point longer to its start, `~` and a hash of the whole name', () => {
    // Prepare
    const atBound = 'n'.repeat(BOUNDS.identifierChars);
    const over = 'n'.repeat(BOUNDS.identifierChars + 1);

    // Act
    const kept = boundIdentifier(atBound);
    const shortened = boundIdentifier(over);

    // Assess
    expect(kept).toBe(atBound);
    expect(shortened).toBe(`${'n'.repeat(BOUNDS.identifierChars - 17)}~${hashOf(over)}`);
  });

  it('counts a surrogate pair as one code point: a name of as many emoji as the bound is kept', () => {
    // Prepare
    const name = '😀'.repeat(BOUNDS.identifierChars);

    // Act
    const bounded = boundIdentifier(name);

    // Assess
    expect(bounded).toBe(name);
  });

  it('shortens a name of surrogate pairs one over the bound without splitting a pair', () => {
    // Prepare
    const name = '😀'.repeat(BOUNDS.identifierChars + 1);

    // Act
    const bounded = boundIdentifier(name);

    // Assess
    expect(bounded).toBe(`${'😀'.repeat(BOUNDS.identifierChars - 17)}~${hashOf(name)}`);
    expect(Array.from(bounded)).toHaveLength(BOUNDS.identifierChars);
  });

  it('shortens a name whose pair straddles the bound', () => {
    // Prepare: 199 ASCII characters and one emoji fit; one more ASCII character does not.
    const fits = `${'a'.repeat(BOUNDS.identifierChars - 1)}😀`;
    const over = `${'a'.repeat(BOUNDS.identifierChars)}😀`;

    // Act / Assess
    expect(boundIdentifier(fits)).toBe(fits);
    expect(boundIdentifier(over)).toBe(`${'a'.repeat(BOUNDS.identifierChars - 17)}~${hashOf(over)}`);
  });

  it('keeps none of the start when the bound leaves no room beside the mark and the hash', () => {
    expect(boundIdentifier('a-long-name', 10)).toBe(`~${hashOf('a-long-name')}`);
  });

  it('replaces a lone surrogate in a short name and marks it changed with the hash of the original', () => {
    const name = `link${LONE_HIGH}`;
    expect(boundIdentifier(name)).toBe(`link\uFFFD~${hashOf(name)}`);
  });
});

describe('Function: boundText, at the bound', () => {
  it('keeps a message of exactly the bound whole', () => {
    const text = 'm'.repeat(BOUNDS.messageChars);
    expect(boundText(text)).toBe(text);
  });

  it('counts a surrogate pair as one character, keeping and cutting whole pairs', () => {
    // Prepare
    const atBound = '😀'.repeat(BOUNDS.messageChars);
    const over = '😀'.repeat(BOUNDS.messageChars + 3);

    // Act / Assess
    expect(boundText(atBound)).toBe(atBound);
    expect(boundText(over)).toBe(`${atBound}... [3 more characters]`);
  });

  it('makes a long message with a lone surrogate well-formed, kept or cut', () => {
    // Prepare
    const kept = `${'😀'.repeat(BOUNDS.messageChars - 1)}${LONE_HIGH}`;
    const cut = `${LONE_HIGH}${'m'.repeat(BOUNDS.messageChars)}`;

    // Act / Assess
    expect(boundText(kept)).toBe(`${'😀'.repeat(BOUNDS.messageChars - 1)}\uFFFD`);
    expect(boundText(cut)).toBe(`\uFFFD${'m'.repeat(BOUNDS.messageChars - 1)}... [1 more characters]`);
  });

  it('counts every surrogate pair as one character, from the first pair to the last', () => {
    // Prepare: U+10000 and U+10FFFF, the first and the last code point written as a pair.
    const text = '\u{10000}\u{10FFFF}'.repeat(BOUNDS.messageChars / 2);

    // Act / Assess
    expect(boundText(text)).toBe(text);
  });

  it('counts each lone surrogate as a character of its own, whatever comes before or after it', () => {
    // Prepare: a low after a letter, a high before a letter, a high before U+E000, two lows.
    const run = `a${LONE_LOW}${LONE_HIGH}a${LONE_HIGH}\uE000${LONE_LOW}${LONE_LOW}`;
    const text = run.repeat(BOUNDS.messageChars / 8 + 1);

    // Act
    const bounded = boundText(text);

    // Assess
    expect(bounded).toBe(
      `${'a\uFFFD\uFFFDa\uFFFD\uE000\uFFFD\uFFFD'.repeat(BOUNDS.messageChars / 8)}... [8 more characters]`,
    );
  });

  it('bounds a listing error at its own, smaller bound', () => {
    const reason = 'r'.repeat(BOUNDS.reasonChars + 5);
    expect(boundReason(reason)).toBe(`${'r'.repeat(BOUNDS.reasonChars)}... [5 more characters]`);
  });
});

describe('Function: sampleTopicNames, at its bounds', () => {
  it('keeps exactly as many names as the count bound allows', () => {
    // Prepare
    const names = Array.from({ length: BOUNDS.changedTopicNames + 1 }, (_, i) => `t${i}`);

    // Act
    const sample = sampleTopicNames(names);

    // Assess
    expect(sample).toEqual(names.slice(0, BOUNDS.changedTopicNames));
    expect(sampleTopicNames(sample)).toBe(sample);
  });

  it('keeps names up to exactly the size bound, and none past it, even when the count bound is far', () => {
    // Prepare: 100 units a name, so 160 names fill the size bound exactly.
    const names = Array.from({ length: 500 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(97)}`);

    // Act
    const sample = sampleTopicNames(names);

    // Assess
    expect(sample).toEqual(names.slice(0, BOUNDS.changedTopicChars / 100));
  });

  it('keeps nothing of a list whose first name alone is over the size bound', () => {
    expect(sampleTopicNames(['x'.repeat(BOUNDS.changedTopicChars + 1), 'short'])).toEqual([]);
  });
});
