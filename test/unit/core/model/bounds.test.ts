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
    const huge = `${'z'.repeat(100_000)}${LONE_HIGH}`;
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

describe('Function: boundTasks', () => {
  it('bounds tasks read from a link’s detail as boundLink bounds the listing’s', () => {
    // Prepare
    const huge = `${'t'.repeat(300_000)}${LONE_HIGH}`;
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
