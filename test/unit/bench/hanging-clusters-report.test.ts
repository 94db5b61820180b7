/**
 * The "listings that hang" section of bench/RESULTS.md: the config's order and ours side by side,
 * per layout of the hanging clusters, from the counts of one run.
 */
import { describe, expect, it } from 'vitest';
import {
  type HangingClustersResults,
  longestUnlisted,
  renderHangingClusters,
  SECTION_NAME,
} from '../../../bench/hanging-clusters-report.js';
import { writtenSections } from '../../../bench/written-sections.js';

const HEALTHY = ['a', 'b', 'c', 'd'];
const RESULTS: HangingClustersResults = {
  recordedAt: '2026-12-01T00:00:00.000Z',
  machine: { cores: 2, load: [1, 2] },
  clusters: 6,
  hanging: 2,
  concurrency: 2,
  polls: 3,
  scale: 10,
  timeLeftMs: 5_000,
  reserveMs: 1_000,
  unreachableAfterPolls: 3,
  layouts: [
    {
      name: 'a block',
      healthy: HEALTHY,
      baseline: {
        served: [
          ['a', 'b'],
          ['a', 'b'],
          ['a', 'b'],
        ],
        leftOut: [2, 2, 2],
        failed: [0, 0, 0],
        healthyAnnouncedUnreachable: 2,
        wallMs: [4_500, 4_600, 4_400],
      },
      ours: {
        served: [['a', 'b', 'c'], ['a', 'b', 'd'], HEALTHY],
        leftOut: [1, 1, 0],
        failed: [0, 0, 0],
        healthyAnnouncedUnreachable: 0,
        wallMs: [4_500, 4_500, 4_500],
      },
    },
  ],
};

describe('Function: renderHangingClusters', () => {
  it('shows per start order the healthy clusters served and left out, those never served and those announced unreachable', () => {
    // Act
    const section = renderHangingClusters(RESULTS);

    // Assess
    expect(writtenSections(section).get(SECTION_NAME)).toBe(section);
    expect(section).toContain(
      "| a block | the config's (before) | 2, 2, 2 | 2, 2, 2 | 2 of 4 | 2 | 3 | 2 | 0 | 4500 |",
    );
    expect(section).toContain(
      '|  | ours (shuffled per slot) | 3, 3, 4 | 1, 1, 0 | 4 of 4 | 0 | 1 | 0 | 0 | 4500 |',
    );
  });
});

describe('Function: longestUnlisted', () => {
  it('counts the longest run of polls any healthy cluster went without being listed', () => {
    // Assess
    expect(longestUnlisted(HEALTHY, [['a'], ['a', 'b'], ['a'], ['a'], ['a', 'b', 'c', 'd']])).toBe(4);
    expect(longestUnlisted(HEALTHY, [HEALTHY])).toBe(0);
  });
});
