/**
 * Golden-file comparison: `UPDATE_GOLDEN=1 npx vitest run test/unit/core/notify/render`
 * rewrites the files under test/golden/; a normal run compares against them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'golden');

export const updatingGolden = process.env.UPDATE_GOLDEN === '1' || process.env.UPDATE_GOLDEN === 'true';

/** Asserts `actual` equals the golden file `name` (or writes it in update mode). */
export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (updatingGolden) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`Golden file test/golden/${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  }
  expect(actual, `differs from test/golden/${name} (UPDATE_GOLDEN=1 to accept)`).toBe(
    readFileSync(path, 'utf8'),
  );
}
