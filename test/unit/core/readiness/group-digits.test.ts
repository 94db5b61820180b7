import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../../../core/readiness/group-digits.js';

describe('Function: groupDigits', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_200, '1,200'],
    [1_234_567, '1,234,567'],
    [-4_500, '-4,500'],
    [1234.5, '1,234.5'],
  ])('writes %d as %s', (value, text) => {
    expect(groupDigits(value)).toBe(text);
  });
});
