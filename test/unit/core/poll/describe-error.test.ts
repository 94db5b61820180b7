import { describe, expect, it } from 'vitest';
import { describeError } from '../../../../core/poll/describe-error.js';

describe('Function: describeError', () => {
  it("names an error's kind before its message", () => {
    // Assess
    expect(describeError(new TypeError('fetch failed'))).toBe('TypeError: fetch failed');
  });

  it('gives the kind a custom error names itself', () => {
    // Prepare
    const error = new Error('Rate exceeded');
    error.name = 'ThrottlingException';

    // Assess
    expect(describeError(error)).toBe('ThrottlingException: Rate exceeded');
  });

  it('writes out a thrown value that is not an error as it is', () => {
    // Assess
    expect(describeError('socket hang up')).toBe('socket hang up');
    expect(describeError(503)).toBe('503');
    expect(describeError(undefined)).toBe('undefined');
  });
});
