import { beforeEach, describe, expect, it, vi } from 'vitest';
import { config } from 'zod/mini';

describe('Module: zod-mini', () => {
  beforeEach(() => {
    // The locale is set on zod's shared configuration when the module loads: start each test from
    // mini's own messages, and load the module afresh, so that it is this load that sets it.
    config({ localeError: undefined });
    vi.resetModules();
  });

  it('explains a refusal in English, naming what was expected and what came, not only "Invalid input"', async () => {
    const z = await import('../../../core/zod-mini.js');
    const schema = z.object({ linkName: z.string().check(z.minLength(1)), pages: z.number() });

    const result = z.safeParse(schema, { linkName: '', pages: 'two' });

    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('expected string to have >=1 characters'),
      expect.stringContaining('expected number, received string'),
    ]);
  });
});
