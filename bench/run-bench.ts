/**
 * `npm run bench`: measures the poller against the naive baseline on simulated estates of several
 * sizes and scenarios, checks the performance targets, computes the monthly cost, and writes
 * `bench/RESULTS.md`, `bench/poll-time.svg` and `docs/cost.md`. `--quick` is the CI size.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import { Command, InvalidArgumentError } from 'commander';
import { POLLER_ENV } from '../adapters/lambda/poller-environment.js';
import { DEFAULT_POLL_SETTINGS } from '../core/poll/poll-settings.js';
import { POLLER_MEMORY_MB } from '../infra/constructs/poller.js';
import { startBenchWorld, TOPIC_ARN } from './bench-world.js';
import { totalOf, usd } from './cost-model.js';
import { type EstateSize, InvalidEstateSizeError, parseEstateSize, sizeLabel } from './estate-size.js';
import { bundleLambda, type ColdStart, measureBundles, measureColdStart } from './lambda-bundles.js';
import { markdownTable } from './markdown-table.js';
import { type PollerKind, type RunResult, runPoller } from './poller-run.js';
import {
  type BenchResults,
  COST_TARGETS_USD,
  costBySize,
  renderCostSection,
  renderResults,
} from './results-report.js';
import { scenarioFigures } from './scenario-figures.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';
import type { SweepPoint, TargetCheck } from './targets.js';
import { keepingWrittenSections } from './written-sections.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Bundles and scratch files; `.cache/` is ignored by git. */
const BUILD_DIR = join(ROOT, '.cache', 'bench');
const ALL_SIZES = '1x10,10x50,100x100,1000x10,20x1000';
const QUICK_SIZES = '1x10,10x50';

export interface BenchOptions {
  readonly sizes: readonly EstateSize[];
  readonly scenarios: readonly ScenarioName[];
  readonly polls: number;
  readonly naivePolls: number;
  readonly naive: boolean;
  /** Larger estates are not run with the naive baseline (a poll of it takes minutes there). */
  readonly naiveMaxLinks: number;
  /** Nor estates of more clusters than this (it lists them one after another). */
  readonly naiveMaxClusters: number;
  /** Warm polls alternated with listing-only invocations to measure the lower bound. */
  readonly lowerBoundPairs: number;
  readonly pageSize: number;
  readonly latencyMs: number;
  readonly sweep: readonly number[];
  readonly coldStartRuns: number;
  readonly memoryMb: number;
  readonly remainingMs: number;
  readonly dynamodbEndpoint?: string;
  readonly outDir: string;
  /** Where the cost document goes; null to not write it. */
  readonly costDoc: string | null;
  readonly json: string | null;
  /** Render the reports from a run saved with `--json` instead of measuring again. */
  readonly reportFrom: string | null;
  readonly quiet: boolean;
}

export interface BenchOutcome {
  readonly results: BenchResults;
  readonly targets: readonly TargetCheck[];
  readonly files: readonly string[];
}

/** Parses the command line (without `node` and the script) into options. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('run-bench')
    .description('Benchmark the cluster link poller against a naive baseline')
    .option('--quick', `CI mode: sizes ${QUICK_SIZES}, 2 polls per scenario, no concurrency sweep`, false)
    .option(
      '--sizes <list>',
      'clusters x links, or clusters x links x mirror topics per link (1x1000x50), comma separated',
      ALL_SIZES,
    )
    .option(
      '--scenarios <list>',
      `subset of ${SCENARIOS.join(',')} (the first run always runs: it lays the baseline)`,
      SCENARIOS.join(','),
    )
    .option('--polls <n>', 'polls per steady-state and churn scenario', positiveInt, 3)
    .option(
      '--naive-polls <n>',
      'polls per scenario for the naive baseline (its cost does not vary from poll to poll)',
      positiveInt,
      1,
    )
    .option('--no-naive', 'skip the naive baseline')
    .option(
      '--naive-max-links <n>',
      'run the naive baseline only up to this many links (it makes 2 DynamoDB calls per link per poll, one after another)',
      positiveInt,
      10_000,
    )
    .option(
      '--naive-max-clusters <n>',
      'run the naive baseline only up to this many clusters (it lists them one after another: 1,000 clusters at 100 ms are 100 s a poll)',
      positiveInt,
      100,
    )
    .option(
      '--lower-bound-pairs <n>',
      'warm polls alternated with as many listing-only invocations (the lower bound) per size',
      positiveInt,
      5,
    )
    .option('--page-size <n>', 'links per page of the simulated REST API', positiveInt, 100)
    .option('--latency-ms <n>', 'latency the simulator adds to every response', nonNegativeInt, 100)
    .option('--sweep <list>', 'concurrency values to try on 100 clusters ("" for none)', '16,32,64,100')
    .option('--cold-start-runs <n>', 'fresh processes per cold-start measurement', positiveInt, 9)
    .option(
      '--memory-mb <n>',
      "Lambda memory: the pollers' V8 heap limits and the cost (default: the stack's POLLER_MEMORY_MB)",
      positiveInt,
      POLLER_MEMORY_MB,
    )
    .option('--remaining-ms <n>', 'time the handler is given per invocation', positiveInt, 300_000)
    .option('--dynamodb-endpoint <url>', 'use this running DynamoDB Local instead of starting one')
    .option('--out-dir <dir>', 'where RESULTS.md and poll-time.svg go', join(ROOT, 'bench'))
    .option('--cost-doc <path>', 'where the cost document goes ("" for none)', join(ROOT, 'docs', 'cost.md'))
    .option('--json <path>', 'also write every measurement as JSON')
    .option(
      '--report-from <path>',
      'measure nothing: rewrite the reports from a run saved with --json (after a change to the cost model)',
    )
    .option('--quiet', 'no progress output', false)
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const o = program.opts<{
    quick: boolean;
    sizes: string;
    scenarios: string;
    polls: number;
    naivePolls: number;
    naive: boolean;
    naiveMaxLinks: number;
    naiveMaxClusters: number;
    lowerBoundPairs: number;
    pageSize: number;
    latencyMs: number;
    sweep: string;
    coldStartRuns: number;
    memoryMb: number;
    remainingMs: number;
    dynamodbEndpoint?: string;
    outDir: string;
    costDoc: string;
    json?: string;
    reportFrom?: string;
    quiet: boolean;
  }>();
  const sizesGiven = program.getOptionValueSource('sizes') === 'cli';
  const quick = o.quick;
  return {
    sizes: parseSizes(quick && !sizesGiven ? QUICK_SIZES : o.sizes),
    scenarios: parseScenarios(o.scenarios),
    polls: quick && program.getOptionValueSource('polls') !== 'cli' ? 2 : o.polls,
    naivePolls: o.naivePolls,
    naive: o.naive,
    naiveMaxLinks: o.naiveMaxLinks,
    naiveMaxClusters: o.naiveMaxClusters,
    lowerBoundPairs:
      quick && program.getOptionValueSource('lowerBoundPairs') !== 'cli' ? 2 : o.lowerBoundPairs,
    pageSize: o.pageSize,
    latencyMs: o.latencyMs,
    sweep: quick && program.getOptionValueSource('sweep') !== 'cli' ? [] : parseList(o.sweep, positiveInt),
    coldStartRuns: Math.max(7, o.coldStartRuns),
    memoryMb: o.memoryMb,
    remainingMs: o.remainingMs,
    ...(o.dynamodbEndpoint !== undefined && { dynamodbEndpoint: o.dynamodbEndpoint }),
    outDir: resolve(o.outDir),
    costDoc: o.costDoc === '' ? null : resolve(o.costDoc),
    json: o.json === undefined ? null : resolve(o.json),
    reportFrom: o.reportFrom === undefined ? null : resolve(o.reportFrom),
    quiet: o.quiet,
  };
}

/** Runs the whole benchmark and writes its files. */
export async function runBench(options: BenchOptions, command: string): Promise<BenchOutcome> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const log = options.quiet ? () => {} : (line: string) => console.log(line);

  log('bundling the Lambda functions as the stack does...');
  const bundles = await measureBundles(
    {
      poller: join(ROOT, 'functions/poller/handler.ts'),
      'slack-notifier': join(ROOT, 'receivers/slack/handler.ts'),
    },
    join(BUILD_DIR, 'functions'),
  );
  const pollerBundle = bundles.find((b) => b.name === 'poller')?.outfile;
  if (pollerBundle == null) throw new Error('functions/poller/handler.ts could not be bundled');
  const naiveBundle = await bundleLambda(join(ROOT, 'bench/naive-handler.ts'), join(BUILD_DIR, 'naive'));
  const listingBundle = await bundleLambda(
    join(ROOT, 'bench/listing-handler.ts'),
    join(BUILD_DIR, 'listing'),
  );
  const workerBundle = await bundleLambda(
    join(ROOT, 'bench/lambda-worker.ts'),
    join(BUILD_DIR, 'worker'),
    false,
  );

  log(`cold start: ${options.coldStartRuns} fresh processes each...`);
  const coldStart: ColdStart = await measureColdStart(
    pollerBundle,
    coldStartEnvironment(),
    join(BUILD_DIR, 'scratch'),
    options.coldStartRuns,
  );

  const world = await startBenchWorld(options.dynamodbEndpoint);
  const runs: RunResult[] = [];
  const sweep: SweepPoint[] = [];
  try {
    const scenarioPlan = (polls: number, only?: readonly ScenarioName[]) =>
      SCENARIOS.filter((s) => s === 'first-run' || (only ?? options.scenarios).includes(s)).map((name) => ({
        name,
        polls: name === 'steady' || name === 'churn' ? polls : 1,
      }));
    const run = async (
      kind: PollerKind,
      size: EstateSize,
      polls: number,
      concurrency?: number,
      only?: readonly ScenarioName[],
      withLowerBound = false,
    ) => {
      log(`${kind} ${sizeLabel(size)}${concurrency === undefined ? '' : ` concurrency ${concurrency}`}:`);
      return runPoller({
        world,
        kind,
        size,
        workerBundle,
        handlerBundle: kind === 'ours' ? pollerBundle : naiveBundle,
        scenarios: scenarioPlan(polls, only),
        pageSize: options.pageSize,
        latencyMs: options.latencyMs,
        remainingMs: options.remainingMs,
        memoryMb: options.memoryMb,
        ...(concurrency !== undefined && { settings: { concurrency } }),
        ...(withLowerBound && { lowerBound: { listingBundle, pairs: options.lowerBoundPairs } }),
        onPoll: (p) =>
          log(
            `  ${p.scenario} #${p.poll}: ${Math.round(p.wallMs)} ms, ${p.dynamodb.calls} DynamoDB calls ` +
              `(${p.dynamodb.readUnits} RCU, ${p.dynamodb.writeUnits} WCU), ${p.publishes} publishes, ` +
              `${p.restRequests} REST requests, ${(p.peakRssBytes / 1024 / 1024).toFixed(0)} MB${p.error ? `, ERROR ${p.error}` : ''}`,
          ),
      });
    };
    for (const size of options.sizes) {
      runs.push(await run('ours', size, options.polls, undefined, undefined, true));
      const lower = runs.at(-1)?.lowerBound;
      if (lower !== undefined) {
        const med = (values: readonly number[]) =>
          [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
        log(
          `  lower bound: steady ${Math.round(med(lower.steadyMs))} ms, listing alone ${Math.round(med(lower.listingMs))} ms`,
        );
      }
      if (
        options.naive &&
        size.clusters * size.links <= options.naiveMaxLinks &&
        size.clusters <= options.naiveMaxClusters
      ) {
        runs.push(await run('naive', size, options.naivePolls));
      }
      if (size.clusters === 100 && options.sweep.length > 0) {
        for (const concurrency of options.sweep) {
          const main = runs.find((r) => r.kind === 'ours' && sizeLabel(r.size) === sizeLabel(size));
          const reuse = concurrency === DEFAULT_POLL_SETTINGS.concurrency ? main : undefined;
          // The sweep only needs a baseline and warm steady-state polls.
          const result = reuse ?? (await run('ours', size, options.polls, concurrency, ['steady']));
          const steady = scenarioFigures(result, 'steady');
          if (steady !== null) sweep.push({ concurrency, wallMs: steady.wallMs });
        }
      }
    }
  } finally {
    await world.stop();
  }

  const results: BenchResults = {
    command,
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: os.totalmem() / 1024 ** 3,
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      load: [loadAtStart, os.loadavg()[0] ?? 0],
    },
    pageSize: options.pageSize,
    latencyMs: options.latencyMs,
    memoryMb: options.memoryMb,
    naiveMaxLinks: options.naive ? options.naiveMaxLinks : 0,
    naiveMaxClusters: options.naiveMaxClusters,
    defaultConcurrency: DEFAULT_POLL_SETTINGS.concurrency,
    scenarios: SCENARIOS.filter((s) => options.scenarios.includes(s)),
    runs,
    sweep,
    bundles,
    coldStart,
  };
  const { targets, files } = writeReports(results, options);
  if (!options.quiet) printSummary(results, targets);
  return { results, targets, files };
}

/** Writes RESULTS.md, the chart, the cost document and (optionally) the JSON of one run. */
export function writeReports(
  results: BenchResults,
  options: Pick<BenchOptions, 'outDir' | 'costDoc' | 'json' | 'memoryMb'>,
): { targets: readonly TargetCheck[]; files: string[] } {
  const { markdown, svg, targets, costs } = renderResults(results);
  mkdirSync(options.outDir, { recursive: true });
  const files = [join(options.outDir, 'RESULTS.md'), join(options.outDir, 'poll-time.svg')];
  // The sections other scripts write into RESULTS.md (`written-sections.ts`) stay as they are.
  const previous = existsSync(files[0] as string) ? readFileSync(files[0] as string, 'utf8') : null;
  writeFileSync(files[0] as string, keepingWrittenSections(previous, markdown));
  writeFileSync(files[1] as string, svg);
  if (options.costDoc !== null && costs.length > 0) {
    mkdirSync(dirname(options.costDoc), { recursive: true });
    writeFileSync(options.costDoc, costDocument(renderCostSection(costs, options.memoryMb), results));
    files.push(options.costDoc);
  }
  if (options.json !== null) {
    writeFileSync(options.json, JSON.stringify({ ...results, targets }, null, 2));
    files.push(options.json);
  }
  return { targets, files };
}

function costDocument(section: string, results: BenchResults): string {
  return [
    '# Cost',
    '',
    'What the monitor costs to run in AWS, per month, on a 1-minute schedule. This file is written by `npm run bench` ' +
      '(`bench/run-bench.ts`) from the same run as `bench/RESULTS.md`; the figures are computed from measured poll time, ' +
      'DynamoDB capacity, SNS publishes, log output and metric documents, not estimated by hand. Re-run the benchmark to refresh them.',
    '',
    `Run of ${results.startedAt} on ${results.machine.cpu} (${results.machine.cores} cores), node ${results.machine.node}: \`${results.command}\`.`,
    '',
    '## Recommended setup',
    '',
    '- **Any size**: the defaults. Five alarms watch the monitor itself (a poll failed, the poller not running, clusters ' +
      'unreachable, notifications not delivered, part of a poll failed while the rest went on: notifications not claimed ' +
      "or published, a link or a cluster's state not recorded, a notification given up, a detail or silence read failed, " +
      'a cluster not polled in time), up to 1,000 clusters (past them, one "not running" alarm per shard); custom ' +
      'metrics are sent only when something is not zero; no dashboard. Which cluster failed is in the `CLUSTER_UNREACHABLE` ' +
      "notification and the poller's `cluster poll failed` log line; what each cluster looks like is in `link-monitor status` " +
      'and `link-monitor history`.',
    '- **One cluster**: its own secret is fine ($0.40 a month).',
    '- **Several clusters**: one shared secret for all of them (below). A secret per cluster adds $0.40 a month per cluster.',
    '- **A few clusters you watch closely**: `metricsLevel: cluster` and `dashboard: true` add per-cluster graphs; the table ' +
      'below says what they add at each size.',
    '- **More than 1,000 clusters**: nothing to set; the stack runs one schedule per shard of 1,000 clusters (see ' +
      '`bench/RESULTS.md`, "Where one invocation stops").',
    '',
    costSummary(results),
    '',
    section,
    '',
    '## Credentials',
    '',
    "A Secrets Manager secret costs $0.40 a month, whatever it holds. Two ways to give the poller its clusters' keys:",
    '',
    '| | a secret per cluster | one shared secret |',
    '|---|---|---|',
    '| config | `credentials: { secret: cluster-link-monitor/prod-eu }` | `credentials: { secret: cluster-link-monitor/all, key: prod-eu }` |',
    '| secret value | `{"api_key": "...", "api_secret": "..."}` | `{"prod-eu": {"api_key": "...", "api_secret": "..."}, "prod-us": {...}}` |',
    '| cost | $0.40 per cluster a month | $0.40 a month |',
    '| reads | one per cluster per 15 minutes | one per 15 minutes for all clusters |',
    '| rotation | each key on its own (Secrets Manager rotation per secret) | rewrite the whole JSON to rotate one key; a mistake in it fails every cluster until fixed |',
    "| blast radius | the poller reads every secret anyway; a leaked secret is one cluster's key | a leaked secret is every cluster's key |",
    '| access control | a resource policy or tag per secret, e.g. per team | one policy for all |',
    "| size | no limit that matters | 64 KB per secret: a few hundred clusters' keys; use several shared secrets beyond that |",
    "| IAM | synth refuses more than 500 different secrets (a role's policies hold a few hundred ARNs) | one ARN |",
    '',
    'Both are read the same way: the poller caches each secret for 15 minutes and reads it again after a 401, so a rotated key ' +
      "is picked up without a deploy. A missing key in the shared secret fails only that cluster's poll, with the key named. " +
      'SSM Parameter Store SecureString parameters would cost nothing at the standard tier, but need another SDK client in the ' +
      'poller bundle (which must stay under 400 KB) and a parameter per cluster; the shared secret gives the same saving without that.',
    '',
    '## Reading the figures',
    '',
    `- Poll time is measured on this machine against a simulator answering in ${results.latencyMs} ms. Lambda gives a ${results.memoryMb} MB function ` +
      `about ${results.memoryMb}/1769 of a vCPU, so the CPU-bound part of a poll (parsing pages, diffing) runs ` +
      'several times slower there; the REST round trips dominate the steady state, but read the Lambda duration line as a ' +
      'lower bound. It stays a small item either way.',
    '- Change costs scale with how often links change: the steady-state total assumes nothing changes; add the ' +
      '"each 1,000 changed links" line for the changes you expect (email deliveries add $2 per 100,000 messages per subscriber). ' +
      'A failing cluster or a change also sends a few metrics for the hours they happen in ($0.30 a month each if they went on all month).',
    '- DynamoDB storage (a few KB per link, history kept 90 days) and point-in-time recovery cost cents at these sizes and ' +
      'are left out; EventBridge Scheduler invocations (43,800 a month per shard) are within its free 14 million. ' +
      'KMS requests for the AWS managed SNS key are billed per publish and are part of "each 1,000 changed links" at well under a cent.',
    '- Switching an existing stack from `topicEncryption: customer-managed` (the earlier default) to the default leaves its KMS key ' +
      'in the account (it is retained with the data it protected): schedule its deletion to stop paying for it.',
    '',
  ].join('\n');
}

/** One line per costed size: the total against its target (what the README shows). */
function costSummary(results: BenchResults): string {
  const rows = costBySize(results).map((c) => {
    const total = totalOf(c.ours);
    const target = COST_TARGETS_USD[sizeLabel(c.size)] ?? Number.POSITIVE_INFINITY;
    return [
      sizeLabel(c.size),
      usd(total),
      `< $${target}`,
      total < target ? 'yes' : `**no**, by ${usd(total - target)}`,
    ];
  });
  return ['## Summary', '', markdownTable(['clusters x links', 'a month', 'target', 'met'], rows)].join('\n');
}

function printSummary(results: BenchResults, targets: readonly TargetCheck[]): void {
  const table = new Table({
    head: [
      'size',
      'scenario',
      'poll ms ours/naive',
      'DDB calls',
      'RCU',
      'WCU',
      'publishes',
      'REST',
      'RSS MB',
    ],
  });
  for (const ours of results.runs.filter((r) => r.kind === 'ours')) {
    const naive = results.runs.find((r) => r.kind === 'naive' && sizeLabel(r.size) === sizeLabel(ours.size));
    for (const scenario of results.scenarios) {
      const a = scenarioFigures(ours, scenario);
      if (a === null) continue;
      const b = naive === undefined ? null : scenarioFigures(naive, scenario);
      const pair = (x: number, y: number | undefined) =>
        y === undefined ? `${round(x)}` : `${round(x)} / ${round(y)}`;
      table.push([
        sizeLabel(ours.size),
        scenario,
        pair(a.wallMs, b?.wallMs),
        pair(a.dynamodbCalls, b?.dynamodbCalls),
        pair(a.readUnits, b?.readUnits),
        pair(a.writeUnits, b?.writeUnits),
        pair(a.publishes, b?.publishes),
        pair(a.restRequests, b?.restRequests),
        pair(a.peakRssBytes / 2 ** 20, b === null ? undefined : b.peakRssBytes / 2 ** 20),
      ]);
    }
  }
  console.log(table.toString());
  const checks = new Table({ head: ['target', 'met', 'measured'], colWidths: [60, 6, 70], wordWrap: true });
  for (const t of targets) checks.push([t.target, t.met === null ? 'n/a' : t.met ? 'yes' : 'NO', t.measured]);
  console.log(checks.toString());
}

function coldStartEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    NODE_OPTIONS: '--enable-source-maps',
    NODE_NO_WARNINGS: '1',
    [POLLER_ENV.snapshotTableName]: 'snapshots',
    [POLLER_ENV.historyTableName]: 'history',
    [POLLER_ENV.topicArn]: TOPIC_ARN,
    [POLLER_ENV.clusters]: JSON.stringify([
      { id: 'lkc-1', label: 'one', url: 'https://pkc-1.example.com', secret: 'confluent/one' },
    ]),
    [POLLER_ENV.settings]: JSON.stringify(DEFAULT_POLL_SETTINGS),
  };
}

function parseSizes(text: string): EstateSize[] {
  return parseList(text, (item) => {
    try {
      return parseEstateSize(item);
    } catch (error) {
      if (error instanceof InvalidEstateSizeError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  });
}

function parseScenarios(text: string): ScenarioName[] {
  return parseList(text, (item) => {
    if (!(SCENARIOS as readonly string[]).includes(item))
      throw new InvalidArgumentError(`unknown scenario "${item}"; one of ${SCENARIOS.join(', ')}`);
    return item as ScenarioName;
  });
}

function parseList<T>(text: string, parse: (item: string) => T): T[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parse);
}

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a positive integer`);
  return n;
}

function nonNegativeInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`"${text}" is not a non-negative integer`);
  return n;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  try {
    const options = parseOptions(argv);
    if (options.reportFrom !== null) {
      const saved = JSON.parse(readFileSync(options.reportFrom, 'utf8')) as BenchResults;
      const { files } = writeReports(saved, { ...options, json: null });
      console.log(
        `wrote ${files.map((f) => f.replace(`${ROOT}/`, '')).join(', ')} from ${options.reportFrom}`,
      );
      process.exit(0);
    }
    const outcome = await runBench(
      options,
      ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    );
    console.log(`wrote ${outcome.files.map((f) => f.replace(`${ROOT}/`, '')).join(', ')}`);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('commander.'))
      process.exit((error as { exitCode?: number }).exitCode ?? 1);
    console.error(error);
    process.exit(1);
  }
}
