/**
 * The text shaping every renderer shares: a subject is one line of printable ASCII of at most 99
 * characters, server text is one bounded line that says how much was left out, control characters
 * never reach a message, and sizes are counted in UTF-8 bytes as SNS counts them.
 */
import { describe, expect, it } from 'vitest';
import {
  replaceControlCharacters,
  SUBJECT_MAX_LENGTH,
  shortenFreeText,
  toAsciiLine,
  truncate,
  utf8Bytes,
} from '../../../../../core/notify/render/plain-text.js';

describe('Function: toAsciiLine', () => {
  it('keeps printable ASCII as it is', () => {
    expect(toAsciiLine('prod-eu lkc-abc12: link orders-dr ACTIVE -> FAILED (x=1; y=[2])~')).toBe(
      'prod-eu lkc-abc12: link orders-dr ACTIVE -> FAILED (x=1; y=[2])~',
    );
  });

  it('drops accents, whether the letter comes composed or as a letter and a combining mark', () => {
    expect(toAsciiLine('München café')).toBe('Munchen cafe');
    expect(toAsciiLine('Mu\u0308nchen cafe\u0301')).toBe('Munchen cafe');
  });

  it('puts one question mark for each other character, an emoji included', () => {
    expect(toAsciiLine('東京-🚀')).toBe('??-?');
  });

  it('puts a question mark for a control character that is not whitespace, DEL included', () => {
    expect(toAsciiLine('a\u0007b\u001bc\u007fd')).toBe('a?b?c?d');
  });

  it('makes one space of each run of whitespace, line breaks and tabs included, and trims the ends', () => {
    expect(toAsciiLine('  link \r\n\t orders-dr\n\nFAILED \u00a0')).toBe('link orders-dr FAILED');
  });

  it('cuts a long line to the most a subject may hold, ending in dots', () => {
    // Prepare
    const long = `${'a'.repeat(60)} ${'b'.repeat(60)}`;

    // Act
    const line = toAsciiLine(long);

    // Assess
    expect(SUBJECT_MAX_LENGTH).toBe(99);
    expect(line).toHaveLength(SUBJECT_MAX_LENGTH);
    expect(line).toBe(`${'a'.repeat(60)} ${'b'.repeat(35)}...`);
    expect(toAsciiLine('x'.repeat(SUBJECT_MAX_LENGTH))).toBe('x'.repeat(SUBJECT_MAX_LENGTH));
  });

  it('cuts to a length given, counting the question marks that stand for other characters', () => {
    expect(toAsciiLine('東京東京東京', 5)).toBe('??...');
    expect(toAsciiLine('東京東京東', 5)).toBe('?????');
  });
});

describe('Function: truncate', () => {
  it('leaves a text of at most the length given as it is', () => {
    expect(truncate('orders', 6)).toBe('orders');
    expect(truncate('orders', 60)).toBe('orders');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts a longer text to the length given, its last three characters dots', () => {
    expect(truncate('orders-dr-failed', 10)).toBe('orders-...');
  });

  it('leaves no space before the dots', () => {
    expect(truncate('link orders failed', 8)).toBe('link...');
    expect(truncate('link  orders failed', 9)).toBe('link...');
  });

  it('cuts without dots when the length given leaves no room for them', () => {
    expect(truncate('orders', 3)).toBe('ord');
    expect(truncate('orders', 1)).toBe('o');
    expect(truncate('orders', 0)).toBe('');
  });

  it('uses every character it may once dots fit', () => {
    expect(truncate('orders', 4)).toBe('o...');
  });
});

describe('Function: shortenFreeText', () => {
  it('keeps a short message as it is, and says it is whole', () => {
    expect(shortenFreeText('Invalid API key', 100)).toEqual({ text: 'Invalid API key', truncated: false });
  });

  it('puts a stack trace on one line: every run of whitespace is one space, the ends trimmed', () => {
    expect(shortenFreeText('  TimeoutException\n\tat Call.fail\r\n\tat Fetcher.doWork \n', 1000)).toEqual({
      text: 'TimeoutException at Call.fail at Fetcher.doWork',
      truncated: false,
    });
  });

  it('drops control characters, so that terminal escapes do nothing', () => {
    expect(shortenFreeText('no answer\u001b[2J\u0000 from\u007f lkc-src77', 1000).text).toBe(
      'no answer[2J from lkc-src77',
    );
  });

  it('keeps a message of exactly the length given whole', () => {
    expect(shortenFreeText('abcdef', 6)).toEqual({ text: 'abcdef', truncated: false });
  });

  it('keeps the start of a longer message and says how many characters were left out', () => {
    expect(shortenFreeText('abcdefghij', 4)).toEqual({
      text: 'abcd... [6 more characters]',
      truncated: true,
    });
  });

  it('leaves no space before the note of what was cut', () => {
    expect(shortenFreeText('abc defgh', 4)).toEqual({ text: 'abc... [5 more characters]', truncated: true });
  });

  it('counts characters, not UTF-16 units: an emoji is one', () => {
    expect(shortenFreeText('🚀🚀🚀', 3)).toEqual({ text: '🚀🚀🚀', truncated: false });
    expect(shortenFreeText('🚀🚀🚀', 2)).toEqual({ text: '🚀🚀... [1 more characters]', truncated: true });
  });

  it('measures the message after cleaning it', () => {
    expect(shortenFreeText(' a \n\n b \u0007', 3)).toEqual({ text: 'a b', truncated: false });
  });
});

describe('Function: replaceControlCharacters', () => {
  it('replaces each C0 control character and DEL with the replacement', () => {
    expect(replaceControlCharacters('a\u0000b\u0007c\u001bd\u001fe\u007ff', '?')).toBe('a?b?c?d?e?f');
    expect(replaceControlCharacters('a\u0000b\u007fc', '')).toBe('abc');
  });

  it('keeps tabs and line breaks, which other shaping handles', () => {
    expect(replaceControlCharacters('a\tb\nc\rd', '?')).toBe('a\tb\nc\rd');
  });

  it('keeps every printable character, whatever its script', () => {
    const text = ' ~München 東京 🚀\u0080\u00a0';
    expect(replaceControlCharacters(text, '?')).toBe(text);
  });
});

describe('Function: utf8Bytes', () => {
  it('counts the bytes of UTF-8: one for ASCII, two for an accented letter, four for an emoji', () => {
    expect(utf8Bytes('')).toBe(0);
    expect(utf8Bytes('orders')).toBe(6);
    expect(utf8Bytes('été')).toBe(5);
    expect(utf8Bytes('東京')).toBe(6);
    expect(utf8Bytes('🚀')).toBe(4);
  });
});
