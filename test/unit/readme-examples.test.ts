import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentationFiles, withExamples } from '../../scripts/readme-examples.js';

describe('examples in the README and the docs', () => {
  it.each(documentationFiles())(
    '%s shows the real output (run `npm run readme-examples` after changing it)',
    (file) => {
      // Prepare
      const text = readFileSync(file, 'utf8');

      // Act
      const regenerated = withExamples(text, (path) => readFileSync(path, 'utf8'));

      // Assess
      expect(regenerated).toBe(text);
    },
  );

  it('include the renderer’s golden email and the benchmark’s targets where the README sends readers', () => {
    // Prepare
    const alerts = readFileSync('docs/alerts.md', 'utf8');
    const performance = readFileSync('docs/performance.md', 'utf8');

    // Assess
    expect(alerts).toContain('<!-- example: test/golden/state-and-error-change.email.txt -->');
    expect(alerts).toContain('<!-- example: test/golden/state-and-error-change.pagerduty.json -->');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('<!-- example: test/golden/mirror-topic-failed.email.txt lines=7 -->');
    expect(readme).toContain('<!-- example: test/golden/mirror-topic-stalled.email.txt lines=5 -->');
    expect(performance).toContain('<!-- example: bench/RESULTS.md table=2 -->');
  });
});
