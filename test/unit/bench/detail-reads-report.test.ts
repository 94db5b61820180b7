import { describe, expect, it } from 'vitest';
import {
  type CaseFigures,
  type DetailReadsResults,
  renderDetailReads,
  withSection,
} from '../../../bench/detail-reads-report.js';

function aCase(overrides: Partial<CaseFigures> = {}): CaseFigures {
  return {
    links: 40,
    name: 'a task error on one link',
    polls: [5],
    lowerBound: 2,
    lowerBoundWhy: 'every link read once',
    mostDetailRequests: 9,
    ...overrides,
  };
}

function results(cases: readonly CaseFigures[]): DetailReadsResults {
  return {
    recordedAt: '2026-12-01T00:00:00.000Z',
    budget: 20,
    pollIntervalMs: 60_000,
    maxPolls: 400,
    cases,
  };
}

describe('Function: renderDetailReads', () => {
  it('writes each case beside its lower bound, the size once per group, and many links as median and last', () => {
    // Prepare
    const cases = [
      aCase(),
      aCase({
        name: 'a mirror topic failing on every link at once',
        polls: [1, 2, 4, 7],
        lowerBound: 4,
        described: { of: 40, with: 40 },
        commitsOnceNamed: 0,
      }),
      aCase({ links: 1000, polls: null, lowerBound: 50 }),
    ];

    // Act
    const section = renderDetailReads(results(cases));

    // Assess
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| links'));
    expect(rows).toEqual([
      '| 40 | a task error on one link | 5 | 2 (every link read once) | 2.5x | 9 |  |',
      '|  | a mirror topic failing on every link at once | 2 / 7 | 4 (every link read once) | 1.8x | 9 | 40 of 40 named with their reason; 0 writes in the 5 polls after |',
      '| 1,000 | a task error on one link | not within 400 | 50 (every link read once) | n/a | 9 |  |',
    ]);
    expect(section.startsWith('<!-- detail-reads: written by bench/detail-reads.ts -->\n')).toBe(true);
    expect(section.endsWith('<!-- /detail-reads -->')).toBe(true);
  });
});

describe('Function: withSection', () => {
  it("replaces its own section and leaves another script's alone", () => {
    // Prepare
    const other = '<!-- other: written by bench/other.ts -->\n## Other\n<!-- /other -->';
    const doc = `# Benchmark results\n\n${other}\n`;

    // Act
    const once = withSection(doc, renderDetailReads(results([aCase()])));
    const twice = withSection(once, renderDetailReads(results([aCase({ polls: [4] })])));

    // Assess
    expect(twice).toContain(other);
    expect(twice.match(/<!-- detail-reads:/g)).toHaveLength(1);
    expect(twice).toContain('| 40 | a task error on one link | 4 |');
  });
});
