/**
 * Wall-clock times in IANA zones: what a clock in a zone reads at an instant, and the instant a
 * wall-clock time happens, including the nights the clocks change.
 */
import { describe, expect, it } from 'vitest';
import { instantOf, isKnownTimeZone, WEEKDAYS, wallTimeAt } from '../../../../core/control/zoned-time.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('Function: isKnownTimeZone', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'UTC'])('knows %s', (zone) => {
    expect(isKnownTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Berlin ', ''])('does not know %j', (zone) => {
    expect(isKnownTimeZone(zone)).toBe(false);
  });

  it('still does not know an unknown zone when asked again', () => {
    expect(isKnownTimeZone('Atlantis/Capital')).toBe(false);
    expect(isKnownTimeZone('Atlantis/Capital')).toBe(false);
  });
});

describe('Function: wallTimeAt', () => {
  it('reads the date and time on a clock in the zone, not in UTC', () => {
    // Berlin is UTC+1 in January: 23:30Z on Saturday is already Sunday there.
    expect(wallTimeAt(Date.parse('2026-01-03T23:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 1,
      day: 4,
      hour: 0,
      minute: 30,
      weekday: 'sun',
    });
  });

  it('counts months from 1 and crosses into the next year with the zone', () => {
    // Kolkata is UTC+5:30, so the last minute of 2026 in UTC is early on New Year's Day there.
    expect(wallTimeAt(Date.parse('2026-12-31T23:59:00Z'), 'Asia/Kolkata')).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 5,
      minute: 29,
      weekday: 'fri',
    });
    expect(wallTimeAt(Date.parse('2026-12-15T12:00:00Z'), 'UTC').month).toBe(12);
  });

  it('reads the last hour of the day as 23, in daylight time', () => {
    // New York is UTC-4 in July.
    const evening = wallTimeAt(Date.parse('2026-07-15T03:45:00Z'), 'America/New_York');
    expect([evening.day, evening.hour, evening.minute]).toEqual([14, 23, 45]);
  });

  it('names the weekdays of one week in order, Monday first, as WEEKDAYS lists them', () => {
    // 2026-01-05 is a Monday.
    const monday = Date.parse('2026-01-05T12:00:00Z');
    const week = Array.from({ length: 7 }, (_, day) => wallTimeAt(monday + day * 86_400_000, 'UTC').weekday);
    expect(week).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(WEEKDAYS).toEqual(week);
  });
});

describe('Function: instantOf', () => {
  it('is the wall-clock time minus the zone’s offset on an ordinary day', () => {
    expect(iso(instantOf({ year: 2026, month: 1, day: 4 }, { hour: 9, minute: 15 }, 'Europe/Berlin'))).toBe(
      '2026-01-04T08:15:00.000Z',
    );
    expect(iso(instantOf({ year: 2026, month: 7, day: 4 }, { hour: 9, minute: 15 }, 'Europe/Berlin'))).toBe(
      '2026-07-04T07:15:00.000Z',
    );
  });

  it('keeps the minutes of a zone whose offset is not whole hours', () => {
    expect(iso(instantOf({ year: 2026, month: 1, day: 4 }, { hour: 9, minute: 15 }, 'Asia/Kolkata'))).toBe(
      '2026-01-04T03:45:00.000Z',
    );
  });

  it('is the wall-clock time itself in UTC', () => {
    expect(iso(instantOf({ year: 2026, month: 2, day: 28 }, { hour: 23, minute: 59 }, 'UTC'))).toBe(
      '2026-02-28T23:59:00.000Z',
    );
  });

  it('uses daylight time for a time later on the day the clocks go forward (west of UTC)', () => {
    // New York goes from EST (UTC-5) to EDT (UTC-4) at 02:00 on 2026-03-08.
    expect(
      iso(instantOf({ year: 2026, month: 3, day: 8 }, { hour: 12, minute: 0 }, 'America/New_York')),
    ).toBe('2026-03-08T16:00:00.000Z');
  });

  describe('east of UTC, where the clocks change before the same wall time is reached in UTC', () => {
    // Berlin goes from CET (UTC+1) to CEST (UTC+2) at 02:00 on 2026-03-29 (01:00Z),
    // and back at 03:00 CEST on 2026-10-25 (01:00Z).
    it('uses standard time for a time just before the clocks go forward', () => {
      expect(
        iso(instantOf({ year: 2026, month: 3, day: 29 }, { hour: 1, minute: 30 }, 'Europe/Berlin')),
      ).toBe('2026-03-29T00:30:00.000Z');
    });

    it('moves a time that does not exist forward by the gap (02:30 is 03:30 summer time)', () => {
      expect(
        iso(instantOf({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 30 }, 'Europe/Berlin')),
      ).toBe('2026-03-29T01:30:00.000Z');
    });

    it('takes the first occurrence of a time that happens twice (summer time)', () => {
      expect(
        iso(instantOf({ year: 2026, month: 10, day: 25 }, { hour: 2, minute: 30 }, 'Europe/Berlin')),
      ).toBe('2026-10-25T00:30:00.000Z');
    });

    it('uses standard time for a time later on the day the clocks go back', () => {
      expect(
        iso(instantOf({ year: 2026, month: 10, day: 25 }, { hour: 12, minute: 0 }, 'Europe/Berlin')),
      ).toBe('2026-10-25T11:00:00.000Z');
    });
  });
});
