import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizeLabel } from '../../bench/estate-size.js';
import { type BenchOutcome, parseOptions, runBench } from '../../bench/run-bench.js';
import { scenarioFigures } from '../../bench/scenario-figures.js';
import { rotationReadsPerPoll } from '../../bench/targets.js';
import { dynamoDbEndpoint } from '../support/dynamodb-endpoint.js';

// Keeps `npm run bench` working; it checks that the numbers make sense, never how fast anything was.
describe('benchmark (quick mode, a tiny estate and one with mirror topics per link)', () => {
  let outDir: string;
  let outcome: BenchOutcome;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    const options = parseOptions([
      '--quick',
      '--sizes',
      '1x10,1x20x10',
      '--polls',
      '1',
      '--latency-ms',
      '10',
      '--cold-start-runs',
      '7',
      '--dynamodb-endpoint',
      dynamoDbEndpoint(),
      '--out-dir',
      outDir,
      '--cost-doc',
      join(outDir, 'cost.md'),
      '--quiet',
    ]);
    outcome = await runBench(options, 'bench smoke test');
  }, 240_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  const run = (kind: 'ours' | 'naive', size = '1x10') => {
    const found = outcome.results.runs.find((r) => r.kind === kind && sizeLabel(r.size) === size);
    if (found === undefined) throw new Error(`no ${kind} run`);
    return found;
  };

  it('runs every scenario for the poller and the naive baseline without errors', () => {
    for (const kind of ['ours', 'naive'] as const) {
      expect(run(kind).polls.map((p) => p.scenario)).toEqual(['first-run', 'steady', 'churn', 'outage']);
      expect(run(kind).polls.flatMap((p) => (p.error === null ? [] : [p.error]))).toEqual([]);
    }
  });

  it('measures a steady state of one snapshot Query per cluster and no writes or publishes', () => {
    // Act
    const steady = scenarioFigures(run('ours'), 'steady');

    // Assess: the REST requests are the listing and this poll's share of the task rotation (a fifth
    // of the links: 2 of 10), and the silences are read once per poll, from their own partition of
    // the snapshot table
    expect(steady).toMatchObject({
      snapshotQueries: 1,
      silenceQueries: 1,
      writeUnits: 0,
      publishes: 0,
      restRequests: 1 + rotationReadsPerPoll(10, 20),
    });
    expect(rotationReadsPerPoll(10, 20)).toBe(2);
    expect(steady?.readUnits).toBeGreaterThan(0);
  });

  it('measures one transaction per changed link and one digest-or-change publish per cluster under churn', () => {
    // Act
    const churn = scenarioFigures(run('ours'), 'churn');

    // Assess
    expect(churn?.changedLinks).toBe(1);
    expect(churn?.byOperation.TransactWriteItems).toBe(1);
    expect(churn?.publishes).toBe(1);
    expect(churn?.writeUnits).toBeGreaterThan(0);
  });

  it('simulates mirror topics per link: a healthy steady state reads the rotation only, churn names failing topics within the budget', () => {
    // Act
    const ours = run('ours', '1x20x10');
    const steady = scenarioFigures(ours, 'steady');
    const churn = scenarioFigures(ours, 'churn');

    // Assess: 1 listing page + the rotation's reads (a fifth of 20 links: 4), nothing else while every topic is healthy
    expect(rotationReadsPerPoll(20, 20)).toBe(4);
    expect(steady).toMatchObject({ restRequests: 1 + 4, detailRequestsMax: 4, writeUnits: 0, publishes: 0 });
    // Two links' counts change each churn poll: their topics and tasks are read, one transaction each
    expect(churn?.changedLinks).toBe(2);
    expect(churn?.byOperation.TransactWriteItems).toBe(2);
    expect(churn?.detailRequestsMax).toBeGreaterThan(1);
    expect(churn?.detailRequestsMax).toBeLessThanOrEqual(20);
    expect(churn?.largestItemBytes).toBeGreaterThan(0);
    expect(
      outcome.targets.filter((t) => t.target.includes('1x20x10')).map((t) => [t.target.split(':')[0], t.met]),
    ).toEqual([
      ['steady 1x20x10', true],
      ['steady 1x20x10', true],
      ['churn 1x20x10', true],
      ['items 1x20x10', true],
    ]);
    expect(readFileSync(join(outDir, 'RESULTS.md'), 'utf8')).toContain('## Mirror topics per link');
  });

  it('measures the naive baseline reading and writing every link every poll', () => {
    // Act
    const steady = scenarioFigures(run('naive'), 'steady');
    const outage = scenarioFigures(run('naive'), 'outage');

    // Assess
    expect(steady?.byOperation).toEqual({ GetItem: 10, PutItem: 10 });
    expect(outage?.publishes).toBe(outage?.changedLinks);
  });

  it('measures the listing requests alone beside warm polls, and what per-cluster metrics would send', () => {
    // Act
    const ours = run('ours');
    const quiet = scenarioFigures(ours, 'steady');

    // Assess
    expect(ours.lowerBound?.steadyMs.length).toBeGreaterThan(0);
    expect(ours.lowerBound?.listingMs).toHaveLength(ours.lowerBound?.steadyMs.length ?? -1);
    for (const ms of ours.lowerBound?.listingMs ?? []) expect(ms).toBeGreaterThan(0);
    // A quiet poll sends no metric by default; per-cluster metrics do, and say so in the log.
    expect(quiet?.logBytes).toBeLessThan(1024);
    expect(ours.clusterLevel?.log).toContain('"ClusterListFailures"');
    expect(outcome.targets.find((t) => t.target.startsWith('monthly cost 1x10'))?.measured).toMatch(
      /^\$\d+\.\d\d$/,
    );
  });

  it('sizes the bundles, times the cold start and records the worker memory', () => {
    // Assess
    const poller = outcome.results.bundles.find((b) => b.name === 'poller');
    expect(poller?.minifiedBytes).toBeGreaterThan(0);
    expect(poller?.gzippedBytes).toBeLessThan(poller?.minifiedBytes ?? 0);
    expect(outcome.results.coldStart?.processRatio).toBeGreaterThan(0);
    expect(run('ours').maxRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('writes the results, the chart and a cost table computed from the measurements', () => {
    // Assess
    const results = readFileSync(join(outDir, 'RESULTS.md'), 'utf8');
    expect(results).toContain('## Targets');
    expect(results).toContain('## Monthly cost (1-minute schedule, default config)');
    expect(results).toContain('## Against the lower bound');
    expect(readFileSync(join(outDir, 'poll-time.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    expect(existsSync(join(outDir, 'cost.md'))).toBe(true);
    expect(outcome.targets.find((t) => t.target.startsWith('steady 1x10'))?.met).toBe(true);
  });
});
