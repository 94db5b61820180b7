import { describe, expect, it } from 'vitest';
import { isUpdatingGolden } from './golden-file.js';

describe('Golden files: update mode', () => {
  it('compares with the golden files unless UPDATE_GOLDEN asks to rewrite them', () => {
    expect(isUpdatingGolden({})).toBe(false);
    expect(isUpdatingGolden({ UPDATE_GOLDEN: '0' })).toBe(false);
    expect(isUpdatingGolden({ UPDATE_GOLDEN: '1' })).toBe(true);
    expect(isUpdatingGolden({ UPDATE_GOLDEN: 'true' })).toBe(true);
  });

  it('refuses to rewrite the golden files in CI, where the tests would then pass whatever is rendered', () => {
    expect(() => isUpdatingGolden({ UPDATE_GOLDEN: '1', CI: 'true' })).toThrow(/cannot run in CI/);
    expect(() => isUpdatingGolden({ UPDATE_GOLDEN: 'true', CI: '1' })).toThrow(/cannot run in CI/);
    expect(isUpdatingGolden({ UPDATE_GOLDEN: '1', CI: 'false' })).toBe(true);
    expect(isUpdatingGolden({ CI: 'true' })).toBe(false);
  });
});
