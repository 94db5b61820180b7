import { describe, expect, it } from 'vitest';
import {
  MAX_WINDOW_MS,
  type MaintenanceWindow,
  openWindows,
  windowOccurrences,
} from '../../../../core/control/maintenance-window.js';
import { instantOf } from '../../../../core/control/zoned-time.js';

const HOUR = 3_600_000;

function window(overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return {
    name: 'sunday-patching',
    days: ['sun'],
    start: { hour: 1, minute: 30 },
    durationMs: 2 * HOUR,
    timeZone: 'America/New_York',
    matchers: { clusters: ['prod-us'] },
    reason: 'weekly patching',
    ...overrides,
  };
}

describe('Maintenance windows', () => {
  it('opens at the wall-clock start in its zone, in standard time', () => {
    // 2026-01-04 is a Sunday; New York is UTC-5 in January.
    const [first] = windowOccurrences(
      window(),
      Date.parse('2026-01-04T00:00:00Z'),
      Date.parse('2026-01-05T00:00:00Z'),
    );
    expect(first?.startsAt).toBe('2026-01-04T06:30:00.000Z');
    expect(first?.endsAt).toBe('2026-01-04T08:30:00.000Z');
    expect(first?.id).toBe('window:sunday-patching');
  });

  it('keeps its wall-clock start across the spring-forward change (UTC start moves by an hour)', () => {
    // Clocks go forward on Sunday 2026-03-08 at 02:00 in New York.
    const before = windowOccurrences(
      window(),
      Date.parse('2026-03-01T00:00:00Z'),
      Date.parse('2026-03-02T00:00:00Z'),
    );
    const after = windowOccurrences(
      window(),
      Date.parse('2026-03-15T00:00:00Z'),
      Date.parse('2026-03-16T00:00:00Z'),
    );
    expect(before.map((w) => w.startsAt)).toEqual(['2026-03-01T06:30:00.000Z']);
    expect(after.map((w) => w.startsAt)).toEqual(['2026-03-15T05:30:00.000Z']);
  });

  it('lasts its duration in elapsed time on the night the clocks change', () => {
    // 01:30 EST on 2026-03-08 is 06:30Z; two real hours later it is 04:30 EDT (08:30Z).
    const [night] = windowOccurrences(
      window(),
      Date.parse('2026-03-08T00:00:00Z'),
      Date.parse('2026-03-09T00:00:00Z'),
    );
    expect(night?.startsAt).toBe('2026-03-08T06:30:00.000Z');
    expect(night?.endsAt).toBe('2026-03-08T08:30:00.000Z');
    expect(openWindows([window()], new Date('2026-03-08T08:29:00Z')).map((s) => s.id)).toEqual([
      'window:sunday-patching',
    ]);
    expect(openWindows([window()], new Date('2026-03-08T08:30:00Z'))).toEqual([]);
  });

  it('moves a start time that does not exist (spring forward) to after the gap', () => {
    const start = instantOf({ year: 2026, month: 3, day: 8 }, { hour: 2, minute: 30 }, 'America/New_York');
    expect(new Date(start).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('opens once, at the first occurrence, when the start time happens twice (fall back)', () => {
    // Clocks go back on Sunday 2026-11-01 at 02:00 EDT: 01:30 happens at 05:30Z and again at 06:30Z.
    const nights = windowOccurrences(
      window(),
      Date.parse('2026-11-01T00:00:00Z'),
      Date.parse('2026-11-02T00:00:00Z'),
    );
    expect(nights.map((w) => w.startsAt)).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  it('covers a window that opened the day before and is still open (crossing midnight)', () => {
    const late = window({
      days: ['sat'],
      start: { hour: 23, minute: 0 },
      durationMs: 3 * HOUR,
      timeZone: 'Europe/Berlin',
    });
    // Saturday 2026-01-03 23:00 in Berlin is 22:00Z; open until 01:00Z on Sunday.
    expect(openWindows([late], new Date('2026-01-04T00:30:00Z')).map((s) => s.startsAt)).toEqual([
      '2026-01-03T22:00:00.000Z',
    ]);
    expect(openWindows([late], new Date('2026-01-04T01:00:00Z'))).toEqual([]);
  });

  it('is closed on days it does not list', () => {
    expect(openWindows([window()], new Date('2026-01-05T07:00:00Z'))).toEqual([]);
  });

  describe('longer than a day', () => {
    it('is still open days after it opened, until its duration has passed', () => {
      // Prepare: Friday 2026-01-02 22:00 in Berlin is 21:00Z; three days later is Monday 21:00Z.
      const weekend = window({
        days: ['fri'],
        start: { hour: 22, minute: 0 },
        durationMs: 72 * HOUR,
        timeZone: 'Europe/Berlin',
      });

      // Act
      const monday = openWindows([weekend], new Date('2026-01-05T20:59:00Z'));
      const closed = openWindows([weekend], new Date('2026-01-05T21:00:00Z'));

      // Assess
      expect(monday.map((s) => [s.startsAt, s.endsAt])).toEqual([
        ['2026-01-02T21:00:00.000Z', '2026-01-05T21:00:00.000Z'],
      ]);
      expect(closed).toEqual([]);
    });

    it('lists every opening still open in a range, overlapping ones included, oldest first', () => {
      // Prepare: a daily window of two and a half days from 13:00 in London (UTC in January).
      const daily = window({
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: { hour: 13, minute: 0 },
        durationMs: 60 * HOUR,
        timeZone: 'Europe/London',
      });

      // Act
      const open = windowOccurrences(
        daily,
        Date.parse('2026-01-05T00:00:00Z'),
        Date.parse('2026-01-07T00:00:00Z'),
      );

      // Assess: the one of Friday the 2nd closes at Monday 01:00Z, after the range begins.
      expect(open.map((s) => s.startsAt)).toEqual([
        '2026-01-02T13:00:00.000Z',
        '2026-01-03T13:00:00.000Z',
        '2026-01-04T13:00:00.000Z',
        '2026-01-05T13:00:00.000Z',
        '2026-01-06T13:00:00.000Z',
      ]);
    });

    it('leaves out an opening that closes as the range begins and one that opens as it ends', () => {
      // Prepare
      const daily = window({
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: { hour: 13, minute: 0 },
        durationMs: 60 * HOUR,
        timeZone: 'Europe/London',
      });

      // Act: Friday's opening closes at Monday 01:00Z; Tuesday's opens at 13:00Z.
      const open = windowOccurrences(
        daily,
        Date.parse('2026-01-05T01:00:00Z'),
        Date.parse('2026-01-06T13:00:00Z'),
      );

      // Assess
      expect(open.map((s) => s.startsAt)).toEqual([
        '2026-01-03T13:00:00.000Z',
        '2026-01-04T13:00:00.000Z',
        '2026-01-05T13:00:00.000Z',
      ]);
    });

    it('may last a whole week, open from one opening to the next', () => {
      // Prepare: Sunday 2026-01-04 01:30 in New York is 06:30Z.
      const week = window({ durationMs: MAX_WINDOW_MS });

      // Act
      const lastMinute = openWindows([week], new Date('2026-01-11T06:29:00Z'));
      const next = openWindows([week], new Date('2026-01-11T06:30:00Z'));

      // Assess
      expect(lastMinute.map((s) => [s.startsAt, s.endsAt])).toEqual([
        ['2026-01-04T06:30:00.000Z', '2026-01-11T06:30:00.000Z'],
      ]);
      expect(next.map((s) => s.startsAt)).toEqual(['2026-01-11T06:30:00.000Z']);
    });
  });

  it('is a silence created by the config, with the matchers and reason of the window', () => {
    // Act
    const [open] = openWindows([window()], new Date('2026-01-04T07:00:00Z'));

    // Assess
    expect(open).toEqual({
      id: 'window:sunday-patching',
      matchers: { clusters: ['prod-us'] },
      startsAt: '2026-01-04T06:30:00.000Z',
      endsAt: '2026-01-04T08:30:00.000Z',
      reason: 'weekly patching',
      createdBy: 'config',
      createdAt: '2026-01-04T06:30:00.000Z',
      expiredAt: null,
    });
  });

  it('opens on each day it lists, and only on those', () => {
    // Prepare: 2026-01-05 is a Monday.
    const weekdays = window({
      days: ['mon', 'wed', 'sat'],
      start: { hour: 0, minute: 0 },
      durationMs: HOUR,
      timeZone: 'Europe/London',
    });

    // Act
    const week = windowOccurrences(
      weekdays,
      Date.parse('2026-01-05T00:00:00Z'),
      Date.parse('2026-01-12T00:00:00Z'),
    );

    // Assess
    expect(week.map((s) => s.startsAt)).toEqual([
      '2026-01-05T00:00:00.000Z',
      '2026-01-07T00:00:00.000Z',
      '2026-01-10T00:00:00.000Z',
    ]);
  });
});
