import { describe, expect, it } from 'vitest';
import { DuplicateSilenceError } from '../../../../core/control/duplicate-silence-error.js';

describe('Class: DuplicateSilenceError', () => {
  it('names the silence id that is already stored', () => {
    const error = new DuplicateSilenceError('maint-2026-11-26');

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DuplicateSilenceError');
    expect(error.silenceId).toBe('maint-2026-11-26');
    expect(error.message).toBe('A silence with id maint-2026-11-26 already exists');
  });
});
