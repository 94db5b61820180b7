import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withExamples } from '../../scripts/readme-examples.js';

describe('README examples of alerts', () => {
  it('are the renderer’s golden output (run `npx tsx scripts/readme-examples.ts` after changing it)', () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');

    // Act
    const regenerated = withExamples(readme, (path) => readFileSync(path, 'utf8'));

    // Assess
    expect(readme).toContain('<!-- example: test/golden/state-and-error-change.email.txt -->');
    expect(regenerated).toBe(readme);
  });
});
