import { describe, expect, it } from 'vitest';
import { isPermanentFailure } from '../../../core/ports.js';

describe('Function: isPermanentFailure', () => {
  it('takes an error marked permanent for a failure that retrying cannot mend', () => {
    const error = Object.assign(new Error('InvalidParameter: message too long'), { permanent: true });

    expect(isPermanentFailure(error)).toBe(true);
  });

  it('retries an error without the mark, or with a mark that is not true', () => {
    expect(isPermanentFailure(new Error('Throttling'))).toBe(false);
    expect(isPermanentFailure({ permanent: false })).toBe(false);
    expect(isPermanentFailure({ permanent: 'yes' })).toBe(false);
  });

  it('retries a thrown value that is not an object', () => {
    expect(isPermanentFailure(null)).toBe(false);
    expect(isPermanentFailure(undefined)).toBe(false);
    expect(isPermanentFailure('permanent')).toBe(false);
  });

  it('reads the mark only from an object: a function that carries it is no error', () => {
    const notAnError = Object.assign(() => undefined, { permanent: true });

    expect(isPermanentFailure(notAnError)).toBe(false);
  });
});
