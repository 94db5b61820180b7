import { describe, expect, it } from 'vitest';
import {
  type EstateFigures,
  type MemoryCaseFigures,
  type MemoryModeFigures,
  type MemoryPoll,
  type ModeFigures,
  type PollFigures,
  type ReadinessReadsResults,
  type RequestKind,
  renderReadinessReads,
  type WriteCause,
  withSection,
} from '../../../bench/readiness-reads-report.js';
import type { ReadinessSettings } from '../../../core/poll/poll-settings.js';

const MIB = 1024 * 1024;
const TEN_MIB = 10 * MIB;
const DEFAULTS: ReadinessSettings = {
  everyPolls: 5,
  stallReads: 3,
  maxSecondsBehind: null,
  links: [],
  stuckAfterMs: 600_000,
  configReadsPerPoll: 3,
  dryRunsPerPoll: 0,
};

function aPoll(
  requests: Partial<Record<RequestKind, number>> = {},
  writes: Partial<Record<WriteCause, number>> = {},
  overrides: Partial<PollFigures> = {},
): PollFigures {
  const all = {
    tasks: 10,
    readinessTasks: 0,
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
    failed: {
      tasks: 0,
      readinessTasks: 0,
      mirrorTopics: 0,
      clusterMirrors: 0,
      configs: 0,
      describes: 0,
      dryRuns: 0,
    },
    simulatorRequests: Object.values(all).reduce((n, v) => n + v, 0),
    configsWithTasks: all.configs,
    tasksReadTwice: 0,
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
    readiness: null,
    firstCycle: cycle(aPoll()),
    steadyCycle: cycle(aPoll()),
    lagging: { links: 10, topics: 15, messagesBehind: 5000, polls: [...cycle(aPoll()), ...cycle(aPoll())] },
    failures: {},
    ...overrides,
  };
}

function anOnMode(overrides: Partial<ModeFigures> = {}): ModeFigures {
  const due = aPoll({ clusterMirrors: 1, configs: 3, readinessTasks: 2 }, {}, { due: true });
  const laggingDue = aPoll(
    { clusterMirrors: 1, configs: 3, readinessTasks: 3 },
    { laggingTopic: 10, configsRead: 3 },
    { due: true, wcu: 39 },
  );
  return aMode({
    name: 'on, defaults',
    readiness: DEFAULTS,
    firstCycle: cycle(
      aPoll({ clusterMirrors: 1, configs: 3, readinessTasks: 3 }, { configsRead: 3 }, { due: true, wcu: 9 }),
    ),
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

function aMemoryPoll(overrides: Partial<MemoryPoll> = {}): MemoryPoll {
  return {
    due: false,
    heapBeforeBytes: 16 * MIB,
    peakHeapBytes: 36 * MIB,
    peakRssBytes: 150 * MIB,
    peakExternalBytes: 6 * MIB,
    maxRssBytes: 150 * MIB,
    listingReads: 0,
    listingFailures: 0,
    ...overrides,
  };
}

/** Two cycles of 5 polls whose first is `first` and the rest quiet. */
function memoryCycles(first: MemoryPoll): MemoryPoll[] {
  const quiet = () => [aMemoryPoll(), aMemoryPoll(), aMemoryPoll(), aMemoryPoll()];
  return [first, ...quiet(), first, ...quiet()];
}

function memoryModes(dueMaxRss = 280 * MIB): MemoryModeFigures[] {
  const due = aMemoryPoll({
    due: true,
    peakHeapBytes: 100 * MIB,
    peakRssBytes: dueMaxRss - 10 * MIB,
    peakExternalBytes: 46 * MIB,
    maxRssBytes: dueMaxRss,
    listingReads: 1,
  });
  return [
    { name: 'off (baseline)', on: false, startRssBytes: 120 * MIB, polls: memoryCycles(aMemoryPoll()) },
    {
      name: 'on, defaults',
      on: true,
      startRssBytes: 120 * MIB,
      polls: memoryCycles(due).map((p) => ({ ...p, maxRssBytes: dueMaxRss })),
    },
  ];
}

function anEstate(
  modes: readonly ModeFigures[],
  links = 200,
  clusterMirrorsBytes = 6_200_000,
): EstateFigures {
  return { links, topicsPerLink: 50, clusterMirrorsBytes, modes };
}

function aMemoryCase(overrides: Partial<MemoryCaseFigures> = {}): MemoryCaseFigures {
  return {
    links: 200,
    topicsPerLink: 50,
    clusterMirrorsBytes: 6_200_000,
    maxBodyBytes: TEN_MIB,
    shipped: true,
    modes: memoryModes(),
    ...overrides,
  };
}

function results(
  estates: readonly EstateFigures[],
  cases: readonly MemoryCaseFigures[] = [aMemoryCase()],
): ReadinessReadsResults {
  return {
    recordedAt: '2026-12-01T00:00:00.000Z',
    budget: 20,
    pollIntervalMs: 60_000,
    readiness: DEFAULTS,
    partitions: 3,
    pageCapBytes: TEN_MIB,
    estates,
    coverage: {
      links: 40,
      pollsToCover: 66,
      firstRound: [aPoll({}, { configsRead: 40 })],
      secondRound: [aPoll()],
    },
    memory: {
      functionMemoryMb: 256,
      nodeFlags: ['--max-semi-space-size=12', '--max-old-space-size=231'],
      sampleMs: 5,
      cases,
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

const REFUSED = 'body exceeds 10485760 bytes (maxBodyBytes)';

/** `mode` with every read of the listing refused, as over the client's cap. */
function refused(mode: ModeFigures): ModeFigures {
  const fail = (p: PollFigures): PollFigures => ({
    ...p,
    failed: { ...p.failed, clusterMirrors: p.requests.clusterMirrors },
  });
  return {
    ...mode,
    firstCycle: mode.firstCycle.map(fail),
    steadyCycle: mode.steadyCycle.map(fail),
    lagging: { ...mode.lagging, polls: mode.lagging.polls.map(fail) },
    failures: mode.readiness === null ? {} : { clusterMirrors: REFUSED },
  };
}

/** The large estate, its listing refused, and the small one whose listing fits. */
function bothEstates(): EstateFigures[] {
  return [anEstate([aMode(), anOnMode()].map(refused), 1000, 31_000_000), anEstate([aMode(), anOnMode()])];
}

describe('Function: renderReadinessReads', () => {
  it('sets the requests of each setting on each cluster, readiness tasks apart, beside its least and most and the budget', () => {
    // Act
    const section = renderReadinessReads(results(bothEstates()));

    // Assess
    expect(rows(section, 'cluster | readiness | tasks | readiness tasks')).toEqual([
      '| 1,000 x 50, listing refused | off (baseline) | 50 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 10 / 10 / 10 / 10 / 10 | none due | 10 (20) |',
      '| 1,000 x 50, listing refused | on, defaults | 50 | 2 | 0 | 1 | 3 | 0 | 0 | 1 cluster mirrors | 16 / 10 / 10 / 10 / 10 | 6 (1 to 9) | 16 (20) |',
      '| 200 x 50 | off (baseline) | 50 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 10 / 10 / 10 / 10 / 10 | none due | 10 (20) |',
      '| 200 x 50 | on, defaults | 50 | 2 | 0 | 1 | 3 | 0 | 0 | 0 | 16 / 10 / 10 / 10 / 10 | 6 (1 to 9) | 16 (20) |',
    ]);
    expect(section).toContain('the parts read as many with readiness on as off.');
    expect(section).toContain('agreed in every poll');
  });

  it('says whose reads gave the config turn its tasks in the same poll', () => {
    // Act
    const section = renderReadinessReads(results([anEstate([aMode(), anOnMode()])]));

    // Assess
    expect(section).toContain(
      "12 config reads were made, each with the link's tasks read in the same poll (11 by readiness, 1 by the " +
        "parts' own reads); no link's tasks were read twice in a poll.",
    );
  });

  it('shows the first config reads as writes, and none once the turn has been round', () => {
    // Act
    const section = renderReadinessReads(results([anEstate([aMode(), anOnMode()])]));

    // Assess
    expect(rows(section, 'cluster | readiness | first cycle')).toEqual([
      '| 200 x 50 | off (baseline) | 0 / 0 / 0 / 0 / 0 | 0 / 0 | 0 | 0 / 0 / 0 / 0 / 0 | 0 |',
      '| 200 x 50 | on, defaults | 3 / 0 / 0 / 0 / 0 | 3 / 0 | 9 | 0 / 0 / 0 / 0 / 0 | 0 |',
    ]);
    expect(section).toContain('lasts 67 due polls on 200 links (331 polls, 5.5 h at 1-minute polls).');
  });

  it('gives the writes of each due poll with lagging topics by cause', () => {
    // Act
    const section = renderReadinessReads(results([anEstate([aMode(), anOnMode()])]));

    // Assess
    expect(rows(section, 'cluster | readiness | writes a due poll')).toEqual([
      '| 200 x 50 | off (baseline) | 0, 0 | 0, 0 | 0, 0 | 0, 0 | 0 | 0, 0 | - | 0 |',
      '| 200 x 50 | on, defaults | 13, 13 | 10, 10 | 3, 3 | 0, 0 | 0 | 39, 39 | - | 0 |',
    ]);
  });

  it('computes the polls the config turn takes beside the one measured', () => {
    // Act
    const section = renderReadinessReads(results(bothEstates()));

    // Assess
    expect(rows(section, 'links | configs a due poll')).toEqual([
      '| 40 | 3 | 14 | 66 | 70 | 66 | 1.2 h | 40 | 0 |',
      '| 1,000 | 3 | 334 | 1,666 | 1,670 | not run | 27.8 h | 1,000 (one a link) | 0 |',
      '| 200 | 3 | 67 | 331 | 335 | not run | 5.6 h | 200 (one a link) | 0 |',
    ]);
  });

  it("says which listing is over the client's cap and refused, which is read whole, and what a refusal costs", () => {
    // Act
    const section = renderReadinessReads(results(bothEstates()));

    // Assess
    expect(section).toContain(
      "is read under the client's body cap, like every other read (10 MiB, `maxBodyBytes`). As the simulator " +
        'sends it, it takes about 620 bytes a topic of 3 partitions, so the cap holds about 16,900 topics. Of ' +
        '1,000 x 50 (50,000 topics) it is 31.0 MB, 3.0 times the cap: all 4 of its reads in this run were refused ' +
        `("${REFUSED}"); of 200 x 50 (10,000 topics) it is 6.2 MB, 0.6 times the cap: each of its 4 reads in this ` +
        'run took it whole. A refused listing counts as a failed detail read',
    );
    expect(section).toContain(
      'see no lag, stall or stuck transition on that cluster; config reads and dry runs go on.',
    );
  });

  it('says when reads of a listing that fits failed, and why', () => {
    // Prepare
    const problem = 'HTTP 503';
    const failedDue = aPoll({ clusterMirrors: 1, configs: 3 }, {}, { due: true });
    const failing = anOnMode({
      steadyCycle: cycle({ ...failedDue, failed: { ...failedDue.failed, clusterMirrors: 1 } }),
      failures: { clusterMirrors: problem },
    });

    // Act
    const section = renderReadinessReads(results([anEstate([aMode(), failing])]));

    // Assess
    expect(section).toContain(`0.6 times the cap: 1 of its 4 reads in this run failed ("${problem}").`);
  });

  it("sets each case's due poll memory beside the polls between, readiness off beside on", () => {
    // Prepare
    const cases = [
      aMemoryCase({ modes: memoryModes(200 * MIB) }),
      aMemoryCase({
        links: 1000,
        clusterMirrorsBytes: 31_000_000,
        maxBodyBytes: 64 * MIB,
        shipped: false,
        modes: memoryModes(280 * MIB),
      }),
    ];

    // Act
    const section = renderReadinessReads(results(bothEstates(), cases));

    // Assess
    expect(rows(section, 'case | readiness | heap before a poll')).toEqual([
      '| 200 x 50, as shipped (6.2 MB listing, cap 10 MiB) | off (baseline) | 16 MiB | 36 MiB (+20 MiB) | 36 MiB (+20 MiB) | +0 MiB | 6 MiB / 6 MiB | 120 MiB | 150 MiB, 150 MiB | 150 MiB |',
      '| 200 x 50, as shipped (6.2 MB listing, cap 10 MiB) | on, defaults | 16 MiB | 100 MiB (+84 MiB) | 36 MiB (+20 MiB) | +64 MiB | 46 MiB / 6 MiB | 120 MiB | 190 MiB, 190 MiB | 200 MiB |',
      '| 1,000 x 50, read whole (31.0 MB listing, cap 64 MiB, raised in the bench only) | off (baseline) | 16 MiB | 36 MiB (+20 MiB) | 36 MiB (+20 MiB) | +0 MiB | 6 MiB / 6 MiB | 120 MiB | 150 MiB, 150 MiB | 150 MiB |',
      '| 1,000 x 50, read whole (31.0 MB listing, cap 64 MiB, raised in the bench only) | on, defaults | 16 MiB | 100 MiB (+84 MiB) | 36 MiB (+20 MiB) | +64 MiB | 46 MiB / 6 MiB | 120 MiB | 270 MiB, 270 MiB | 280 MiB |',
    ]);
    expect(section).toContain('`--max-semi-space-size=12 --max-old-space-size=231`');
    expect(section).toContain(
      '**200 x 50, as shipped (6.2 MB listing, cap 10 MiB):** the listing read whole at each of the 2 due polls. ' +
        "With readiness on, a due poll's heap peaks 64 MiB higher above its start than any poll between",
    );
  });

  it("states each case's headroom left by the due poll's resident high-water mark, or how far over it is", () => {
    // Prepare
    const cases = [
      aMemoryCase({ modes: memoryModes(200 * MIB) }),
      aMemoryCase({ links: 1000, maxBodyBytes: 64 * MIB, shipped: false, modes: memoryModes(280 * MIB) }),
    ];

    // Act
    const section = renderReadinessReads(results(bothEstates(), cases));

    // Assess
    expect(section).toContain(
      "was 280 MiB with readiness on, 150 MiB off: the due poll adds 130 MiB, 51% of the function's 256 MB " +
        '(taken as 256 MiB), and it rose only in due polls.',
    );
    expect(section).toContain(
      'the high-water mark with readiness on is 24 MiB over it, the loader and the SQLite store counted in (120 MiB ' +
        "resident before any poll). This is why the product keeps the listing under the client's cap.",
    );
    expect(section).toContain('the high-water mark with readiness on is 56 MiB (22%) under it');
  });

  it('is enclosed in its markers under the heading docs/readiness.md links to', () => {
    // Act
    const section = renderReadinessReads(results([anEstate([aMode()])]));

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
    const once = withSection(doc, renderReadinessReads(results([anEstate([aMode()])])));
    const twice = withSection(once, renderReadinessReads(results([anEstate([aMode(), anOnMode()])])));

    // Assess
    expect(twice).toContain(other);
    expect(twice.match(/<!-- failover-readiness:/g)).toHaveLength(1);
    expect(twice).toContain('| 200 x 50 | on, defaults | 50 | 2 |');
  });
});
