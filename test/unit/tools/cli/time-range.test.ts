import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../../tools/cli/cli-errors.js';
import { parseTimeExpression, parseTimeRange } from '../../../../tools/cli/time-range.js';

const NOW = new Date('2025-06-02T13:00:00Z');

describe('Function: parseTimeExpression', () => {
  it.each([
    ['24h', '2025-06-01T13:00:00.000Z'],
    ['7d', '2025-05-26T13:00:00.000Z'],
    ['90m', '2025-06-02T11:30:00.000Z'],
    ['1h30m', '2025-06-02T11:30:00.000Z'],
    ['2025-06-01T08:00:00Z', '2025-06-01T08:00:00.000Z'],
    ['2025-06-01T10:00:00+02:00', '2025-06-01T08:00:00.000Z'],
    ['2025-06-01 08:00', '2025-06-01T08:00:00.000Z'],
    ['2025-06-01', '2025-06-01T00:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(parseTimeExpression(text, NOW, '--since').toISOString()).toBe(expected);
  });

  it.each(['yesterday', '90', '', '-5h', '2025-13-45T99:00'])(
    'refuses %j with a usage error naming the flag',
    (text) => {
      // Act
      const act = () => parseTimeExpression(text, NOW, '--until');

      // Assess
      expect(act).toThrow(CliUsageError);
      expect(act).toThrow(/^--until /);
    },
  );
});

describe('Function: parseTimeRange', () => {
  it('ends at now when no --until is given', () => {
    expect(parseTimeRange('1h', undefined, NOW)).toEqual({
      from: '2025-06-02T12:00:00.000Z',
      to: '2025-06-02T13:00:00.000Z',
    });
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => parseTimeRange('1h', '2h', NOW)).toThrow(/is after --until/);
  });
});
