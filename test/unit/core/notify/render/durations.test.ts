/**
 * How long a condition lasted, as an alert says it: the two largest units of the span, and nothing
 * at all for a span a clock skew made negative or a time that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { formatDuration, secondsBetween } from '../../../../../core/notify/render/durations.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('Function: formatDuration', () => {
  it.each([
    [1, '1s'],
    [59, '59s'],
    [MINUTE, '1m'],
    [MINUTE + 1, '1m 1s'],
    [HOUR, '1h'],
    [HOUR + 59 * MINUTE + 59, '1h 59m'],
    [DAY, '1d'],
    [DAY + HOUR + MINUTE + 1, '1d 1h'],
    [2 * DAY + 23 * HOUR + 59 * MINUTE + 59, '2d 23h'],
    [400 * DAY + 5 * HOUR, '400d 5h'],
  ])('says %i seconds with its two largest units as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('stops at the unit after the largest when that one is zero, rather than skip to a smaller one', () => {
    // 1h 0m 30s: the seconds are not worth saying once the hour is
    expect(formatDuration(HOUR + 30)).toBe('1h');
    // 1d 0h 0m 1s
    expect(formatDuration(DAY + 1)).toBe('1d');
  });

  it('drops the fraction of a second rather than round it up', () => {
    expect(formatDuration(0.9)).toBe('0s');
    expect(formatDuration(59.99)).toBe('59s');
    expect(formatDuration(MINUTE - 0.5)).toBe('59s');
  });

  it('says a span of no time as 0s', () => {
    expect(formatDuration(0)).toBe('0s');
  });

  it('gives nothing for a span below zero, even a fraction of a second, or for an endless one', () => {
    expect(formatDuration(-0.5)).toBeNull();
    expect(formatDuration(-MINUTE)).toBeNull();
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBeNull();
    expect(formatDuration(Number.NaN)).toBeNull();
  });
});

describe('Function: secondsBetween', () => {
  it('counts the whole seconds from the first time to the second', () => {
    expect(secondsBetween('2025-06-03T10:00:00.000Z', '2025-06-03T10:02:30.000Z')).toBe(150);
    expect(secondsBetween('2025-06-03T10:00:00.000Z', '2025-06-04T10:00:00.000Z')).toBe(DAY);
  });

  it('drops the part of a second the times differ by beyond the whole seconds', () => {
    expect(secondsBetween('2025-06-03T10:00:00.000Z', '2025-06-03T10:00:01.999Z')).toBe(1);
    expect(secondsBetween('2025-06-03T10:00:00.000Z', '2025-06-03T10:00:00.400Z')).toBe(0);
  });

  it('reads times given in any zone the same', () => {
    expect(secondsBetween('2025-06-03T12:00:00+02:00', '2025-06-03T10:00:05Z')).toBe(5);
  });

  it('gives no time for the same instant', () => {
    expect(secondsBetween('2025-06-03T10:00:00.000Z', '2025-06-03T10:00:00.000Z')).toBe(0);
  });

  it('gives nothing when the end comes before the start', () => {
    expect(secondsBetween('2025-06-03T10:00:00.001Z', '2025-06-03T10:00:00.000Z')).toBeNull();
  });

  it('gives nothing when either time is missing or cannot be read', () => {
    const time = '2025-06-03T10:00:00.000Z';
    expect(secondsBetween(null, time)).toBeNull();
    expect(secondsBetween(time, null)).toBeNull();
    expect(secondsBetween('not a time', time)).toBeNull();
    expect(secondsBetween(time, 'not a time')).toBeNull();
  });
});
