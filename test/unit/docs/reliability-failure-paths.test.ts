import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failurePathsOf, renderFailurePaths } from '../../../scripts/reliability-report.js';

describe('docs/reliability.md', () => {
  it('lists the failure paths of infra/constructs/poll-failure-paths.ts (run `npx tsx scripts/reliability-report.ts --failure-paths` after changing them)', () => {
    // Prepare
    const doc = readFileSync('docs/reliability.md', 'utf8');

    // Act
    const shown = failurePathsOf(doc);

    // Assess
    expect(shown).toBe(renderFailurePaths());
  });
});
