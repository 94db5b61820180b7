import { describe, expect, it } from 'vitest';
import {
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
});
