/**
 * Golden-file comparison: `UPDATE_GOLDEN=1 npx vitest run test/unit/core/notify/render`
 * rewrites the files under test/golden/; a normal run compares against them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'golden');

/**
 * Whether the golden tests rewrite their files instead of comparing with them. Never in CI: there
 * the update mode would pass whatever the renderers produce, so asking for it there is an error.
 */
export function isUpdatingGolden(env: Readonly<Record<string, string | undefined>>): boolean {
  const updating = env.UPDATE_GOLDEN === '1' || env.UPDATE_GOLDEN === 'true';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  if (updating && ci) {
    throw new Error(
      'UPDATE_GOLDEN rewrites the golden files instead of comparing with them, so it cannot run in CI (CI is set)',
    );
  }
  return updating;
}

export const updatingGolden = isUpdatingGolden(process.env);

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
