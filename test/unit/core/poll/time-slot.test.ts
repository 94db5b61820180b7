import { describe, expect, it } from 'vitest';
import { isEveryNthSlot, timeSlot } from '../../../../core/poll/time-slot.js';

describe('Function: timeSlot', () => {
  it('numbers the schedule intervals', () => {
    // Assess
    expect(timeSlot(new Date(120_000), 60_000)).toBe(2);
    expect(timeSlot(new Date(179_999), 60_000)).toBe(2);
    expect(timeSlot(new Date(180_000), 60_000)).toBe(3);
  });
});

describe('Function: isEveryNthSlot', () => {
  it('is true in every n-th slot, from slot 0, and in every slot when n is below 1', () => {
    // Act
    const slots = [0, 1, 2, 3, 4, 5].map((n) => isEveryNthSlot(3, new Date(n * 60_000 + 59_999), 60_000));
    const always = [0, 1].map((n) => isEveryNthSlot(0, new Date(n * 60_000), 60_000));

    // Assess
    expect(slots).toEqual([true, false, false, true, false, false]);
    expect(always).toEqual([true, true]);
  });
});
