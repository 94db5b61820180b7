import { describe, expect, it } from 'vitest';
import {
  type ModeFigures,
  type PollFigures,
  type ReadinessReadsResults,
  type RequestKind,
  renderReadinessReads,
  type WriteCause,
  withSection,
} from '../../../bench/readiness-reads-report.js';

const TEN_MIB = 10 * 1024 * 1024;

function aPoll(
  requests: Partial<Record<RequestKind, number>> = {},
  writes: Partial<Record<WriteCause, number>> = {},
  overrides: Partial<PollFigures> = {},
): PollFigures {
  const all = {
    tasks: 10,
    mirrorTopics: 0,
    clusterMirrors: 0,
    configs: 0,
    describes: 0,
    dryRuns: 0,
    ...requests,
  };
  return {
    due: false,
    requests: all,
    failed: { tasks: 0, mirrorTopics: 0, clusterMirrors: 0, configs: 0, describes: 0, dryRuns: 0 },
    simulatorRequests: Object.values(all).reduce((n, v) => n + v, 0),
    writes: { laggingTopic: 0, configsRead: 0, dryRun: 0, other: 0, ...writes },
    clusterCommits: 0,
    wcu: 0,
    largestItemBytes: 0,
    events: 0,
    ...overrides,
  };
}

/** A cycle of 5 polls whose first is `first` and the rest quiet. */
function cycle(first: PollFigures): PollFigures[] {
  return [first, aPoll(), aPoll(), aPoll(), aPoll()];
}

function aMode(overrides: Partial<ModeFigures> = {}): ModeFigures {
  return {
    name: 'off (baseline)',
    on: false,
    maxBodyBytes: TEN_MIB,
    bodyCapIsDefault: true,
    firstCycle: cycle(aPoll()),
    steadyCycle: cycle(aPoll()),
    lagging: { links: 10, topics: 15, messagesBehind: 5000, polls: [...cycle(aPoll()), ...cycle(aPoll())] },
    failures: {},
    ...overrides,
  };
}

function anOnMode(overrides: Partial<ModeFigures> = {}): ModeFigures {
  const due = aPoll({ clusterMirrors: 1, configs: 3 }, {}, { due: true });
  const laggingDue = aPoll(
    { clusterMirrors: 1, configs: 3 },
    { laggingTopic: 10, configsRead: 3 },
    { due: true, wcu: 39 },
  );
  return aMode({
    name: 'on, defaults',
    on: true,
    firstCycle: cycle(aPoll({ clusterMirrors: 1, configs: 3 }, { configsRead: 3 }, { due: true, wcu: 9 })),
    steadyCycle: cycle(due),
    lagging: {
      links: 10,
      topics: 15,
      messagesBehind: 5000,
      polls: [...cycle(laggingDue), ...cycle(laggingDue)],
    },
    ...overrides,
  });
}

function results(modes: readonly ModeFigures[], clusterMirrorsBytes = 3_000_000): ReadinessReadsResults {
  return {
    recordedAt: '2026-12-01T00:00:00.000Z',
    budget: 20,
    pollIntervalMs: 60_000,
    readiness: {
      everyPolls: 5,
      stallReads: 3,
      maxSecondsBehind: null,
      links: [],
      stuckAfterMs: 600_000,
      configReadsPerPoll: 3,
      dryRunsPerPoll: 0,
    },
    links: 1000,
    topicsPerLink: 50,
    partitions: 3,
    clusterMirrorsBytes,
    modes,
    coverage: {
      links: 40,
      pollsToCover: 66,
      firstRound: [aPoll({}, { configsRead: 40 })],
      secondRound: [aPoll()],
    },
  };
}

function rows(section: string, header: string): string[] {
  const lines = section.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header}`));
  const out: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('| ')) break;
    out.push(line);
  }
  return out;
}

describe('Function: renderReadinessReads', () => {
  it('sets the requests of each setting beside the lower bound and the budget', () => {
    // Prepare
    const modes = [aMode(), anOnMode()];

    // Act
    const section = renderReadinessReads(results(modes));

    // Assess
    expect(rows(section, 'readiness | body cap | tasks')).toEqual([
      '| off (baseline) | - | 50 | 0 | 0 | 0 | 0 | 0 | 0 | 10 / 10 / 10 / 10 / 10 | none due | 10 (20) |',
      '| on, defaults | 10 MiB (default) | 50 | 0 | 1 | 3 | 0 | 0 | 0 | 14 / 10 / 10 / 10 / 10 | 4 (1) | 14 (20) |',
    ]);
    expect(section).toContain('the parts read as many with readiness on as off.');
    expect(section).toContain('agreed in every poll');
  });

  it('shows the first config reads as writes, and none once the turn has been round', () => {
    // Prepare
    const modes = [aMode(), anOnMode()];

    // Act
    const section = renderReadinessReads(results(modes));

    // Assess
    expect(rows(section, 'readiness | body cap | first cycle')).toEqual([
      '| off (baseline) | - | 0 / 0 / 0 / 0 / 0 | 0 / 0 | 0 | 0 / 0 / 0 / 0 / 0 | 0 |',
      '| on, defaults | 10 MiB (default) | 3 / 0 / 0 / 0 / 0 | 3 / 0 | 9 | 0 / 0 / 0 / 0 / 0 | 0 |',
    ]);
  });

  it('gives the writes of each due poll with lagging topics by cause', () => {
    // Prepare
    const modes = [aMode(), anOnMode()];

    // Act
    const section = renderReadinessReads(results(modes));

    // Assess
    expect(rows(section, 'readiness | body cap | writes a due poll')).toEqual([
      '| off (baseline) | - | 0, 0 | 0, 0 | 0, 0 | 0, 0 | 0 | 0, 0 | - | 0 |',
      '| on, defaults | 10 MiB (default) | 13, 13 | 10, 10 | 3, 3 | 0, 0 | 0 | 39, 39 | - | 0 |',
    ]);
  });

  it('computes the polls the config turn takes beside the one measured', () => {
    // Act
    const section = renderReadinessReads(results([aMode(), anOnMode()]));

    // Assess
    expect(rows(section, 'links | configs a due poll')).toEqual([
      '| 40 | 3 | 14 | 66 | 70 | 66 | 1.2 h | 40 | 0 |',
      '| 1,000 | 3 | 334 | 1,666 | 1,670 | not run | 27.8 h | 1,000 (one a link) | 0 |',
    ]);
  });

  it('says when the cluster-wide mirrors listing is over the default body cap', () => {
    // Prepare
    const problem = `body exceeds ${TEN_MIB} bytes (maxBodyBytes)`;
    const refused = anOnMode({ failures: { clusterMirrors: problem } });

    // Act
    const section = renderReadinessReads(results([aMode(), refused], 31_000_000));

    // Assess
    expect(section).toContain("over the client's default body cap (10 MiB, `maxBodyBytes`)");
    expect(section).toContain(`("${problem}")`);
  });

  it('is enclosed in its markers under the heading docs/readiness.md links to', () => {
    // Act
    const section = renderReadinessReads(results([aMode()]));

    // Assess
    expect(section.startsWith('<!-- failover-readiness: written by bench/readiness-reads.ts -->\n')).toBe(
      true,
    );
    expect(section).toContain('\n## Failover readiness\n');
    expect(section.endsWith('<!-- /failover-readiness -->')).toBe(true);
  });
});

describe('Function: withSection', () => {
  it("replaces its own section and leaves another script's alone", () => {
    // Prepare
    const other = '<!-- other: written by bench/other.ts -->\n## Other\n<!-- /other -->';
    const doc = `# Benchmark results\n\n${other}\n`;

    // Act
    const once = withSection(doc, renderReadinessReads(results([aMode()])));
    const twice = withSection(once, renderReadinessReads(results([aMode(), anOnMode()])));

    // Assess
    expect(twice).toContain(other);
    expect(twice.match(/<!-- failover-readiness:/g)).toHaveLength(1);
    expect(twice).toContain('| on, defaults | 10 MiB (default) |');
  });
});
