/** Turns a benchmark run into `RESULTS.md`, the cost section and the chart. */

import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUSTER_DIMENSION, POLLER_METRIC } from '../adapters/lambda/poller-metrics.js';
import {
  alarmCount,
  type CostLine,
  changeCostPerThousand,
  monthlyCost,
  PLATFORM_LOG_BYTES_PER_POLL,
  POLLS_PER_MONTH,
  PRICES,
  totalOf,
  usd,
} from './cost-model.js';
import { emfMetricKeys, emfMetricShapes, withoutDimension } from './emf-metrics.js';
import type { BundleSize, ColdStart } from './lambda-bundles.js';
import { markdownTable } from './markdown-table.js';
import { type ChartSeries, renderChart } from './poll-time-chart.js';
import { type EstateSize, type RunResult, sizeLabel } from './poller-run.js';
import { type ScenarioFigures, scenarioFigures } from './scenario-figures.js';
import { SCENARIO_TITLES, type ScenarioName } from './scenarios.js';
import { checkTargets, type SweepPoint, type TargetCheck } from './targets.js';

/** Paths in the report are relative to the project, whichever machine ran it. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchResults {
  readonly command: string;
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGb: number;
    readonly node: string;
    readonly os: string;
    /** 1-minute load average when the run started and when it ended: other work on the machine shows here. */
    readonly load: readonly [number, number];
  };
  readonly pageSize: number;
  readonly latencyMs: number;
  readonly memoryMb: number;
  /** The naive baseline ran only for estates up to this many links (0: not at all). */
  readonly naiveMaxLinks: number;
  readonly defaultConcurrency: number;
  readonly scenarios: readonly ScenarioName[];
  readonly runs: readonly RunResult[];
  readonly sweep: readonly SweepPoint[];
  readonly bundles: readonly BundleSize[];
  readonly coldStart: ColdStart | null;
}

export interface SizeCost {
  readonly size: EstateSize;
  readonly ours: readonly CostLine[];
  readonly naive: readonly CostLine[] | null;
  readonly customMetrics: number;
  /** Custom metrics if only the alarmed per-cluster metric kept its cluster dimension. */
  readonly leanMetrics: number;
  readonly metricShapes: ReadonlyMap<string, number>;
  /** USD per 1,000 changed links (DynamoDB and SNS), from the churn scenario. */
  readonly changeCostPerThousand: number | null;
}

/** Sizes costed: the 1-minute-schedule estates the cost model is asked about. */
const COSTED = new Set(['1x10', '10x50', '100x100']);

/**
 * The logs whose metrics are billed all month: a warm steady-state poll's. CloudWatch bills a
 * metric for each hour it receives data, and the poller sends no zero counter and no empty
 * state bucket, so what a quiet hour sends is what costs (about 4 metrics per cluster); metrics
 * of changes and cold starts only cost for the hours they occur in. Falls back to every captured
 * log when no steady-state poll was run.
 */
export function billedMetricLogs(run: RunResult): string[] {
  const logs = (polls: readonly RunResult['polls'][number][]) =>
    polls.flatMap((p) => (p.log === null ? [] : [p.log]));
  const steady = logs(run.polls.filter((p) => p.scenario === 'steady'));
  return steady.length > 0 ? steady : logs(run.polls);
}

export function costBySize(results: BenchResults): SizeCost[] {
  const costs: SizeCost[] = [];
  for (const ours of results.runs.filter((r) => r.kind === 'ours' && COSTED.has(sizeLabel(r.size)))) {
    const steady = scenarioFigures(ours, 'steady');
    if (steady === null) continue;
    const keys = emfMetricKeys(billedMetricLogs(ours));
    const ourCost = monthlyCost({
      clusters: ours.size.clusters,
      pollMs: steady.wallMs,
      memoryMb: results.memoryMb,
      readUnitsPerPoll: steady.readUnits,
      writeUnitsPerPoll: steady.writeUnits,
      publishesPerPoll: steady.publishes,
      logBytesPerPoll: steady.logBytes,
      customMetrics: keys.size,
      alarms: alarmCount(ours.size.clusters),
      dashboards: 1,
      // One secret per cluster: Confluent API keys are scoped to one cluster.
      secrets: ours.size.clusters,
    });
    const naiveRun = results.runs.find(
      (r) => r.kind === 'naive' && sizeLabel(r.size) === sizeLabel(ours.size),
    );
    const naiveSteady = naiveRun === undefined ? null : scenarioFigures(naiveRun, 'steady');
    const naiveCost =
      naiveSteady === null
        ? null
        : monthlyCost({
            clusters: ours.size.clusters,
            pollMs: naiveSteady.wallMs,
            memoryMb: results.memoryMb,
            readUnitsPerPoll: naiveSteady.readUnits,
            writeUnitsPerPoll: naiveSteady.writeUnits,
            publishesPerPoll: naiveSteady.publishes,
            logBytesPerPoll: naiveSteady.logBytes,
            customMetrics: 0,
            alarms: 0,
            dashboards: 0,
            secrets: ours.size.clusters,
          });
    const churn = scenarioFigures(ours, 'churn');
    const perChange =
      churn === null || churn.changedLinks === 0
        ? null
        : changeCostPerThousand(
            (churn.writeUnits - steady.writeUnits) / churn.changedLinks,
            (churn.readUnits - steady.readUnits) / churn.changedLinks,
            churn.publishes / churn.changedLinks,
          );
    costs.push({
      size: ours.size,
      ours: ourCost,
      naive: naiveCost,
      customMetrics: keys.size,
      leanMetrics: withoutDimension(keys, CLUSTER_DIMENSION, new Set([POLLER_METRIC.clusterListFailures]))
        .size,
      metricShapes: emfMetricShapes(keys),
      changeCostPerThousand: perChange,
    });
  }
  return costs;
}

export function renderResults(results: BenchResults): {
  markdown: string;
  svg: string;
  targets: TargetCheck[];
  costs: SizeCost[];
} {
  const targets = checkTargets({
    runs: results.runs,
    sweep: results.sweep,
    defaultConcurrency: results.defaultConcurrency,
    bundles: results.bundles,
    coldStart: results.coldStart,
  });
  const costs = costBySize(results);
  const parts: string[] = [];
  parts.push('# Benchmark results');
  parts.push(
    'Generated by `npm run bench` (`bench/run-bench.ts`); do not edit by hand. The real poller (the bundled ' +
      '`functions/poller/handler.ts`, invoked in its own process like Lambda would) polls the Confluent simulator ' +
      `(pages of ${results.pageSize} links, ${results.latencyMs} ms injected latency per response), keeps its state in DynamoDB Local ` +
      '(behind a metering proxy that reads `ConsumedCapacity`), and publishes through the real `SnsNotifier` to a local SNS endpoint. ' +
      'The naive baseline (`bench/naive-poller.ts`: GetItem + PutItem per link per poll, one publish per change, clusters one after another) ' +
      'runs the same scenarios against the same simulator, DynamoDB Local and endpoint. Cells read `ours / naive (ratio ours:naive)`. ' +
      `The naive baseline runs up to ${results.naiveMaxLinks.toLocaleString('en-US')} links (beyond that one of its polls takes minutes; \`--naive-max-links\` changes it). ` +
      `Each poller runs in its own process with the V8 heap limits Lambda derives from ${results.memoryMb} MB (the stack's poller memory); peak RSS is that process's. ` +
      "Everything shares this machine's cores with DynamoDB Local (Java) and the simulator, so poll times are pessimistic and noisy; " +
      'counts (calls, capacity, publishes, requests) are exact.',
  );
  parts.push(
    markdownTable(
      ['machine', 'value'],
      [
        ['CPU', results.machine.cpu],
        ['cores', String(results.machine.cores)],
        ['memory', `${results.machine.memoryGb.toFixed(1)} GB`],
        ['OS', results.machine.os],
        ['node', results.machine.node],
        ['load average (1 min) at start / end', results.machine.load.map((l) => l.toFixed(1)).join(' / ')],
        ['date', results.startedAt],
        ['command', `\`${results.command}\``],
        ['duration', `${Math.round(results.durationS)} s`],
      ],
    ),
  );
  parts.push(
    '_Capacity units are what DynamoDB Local reports; it follows the published rules (item size, strongly consistent reads, ' +
      'transactions at twice the cost, a write for each GSI copy) closely enough to compare designs, but the real service is the authority._',
  );

  parts.push('## Targets');
  parts.push(
    markdownTable(
      ['target', 'measured', 'met', 'margin'],
      targets.map((t) => [t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**', t.margin]),
    ),
  );

  for (const scenario of results.scenarios) {
    const rows = results.runs
      .filter((r) => r.kind === 'ours')
      .flatMap((ours) => {
        const naive = results.runs.find(
          (r) => r.kind === 'naive' && sizeLabel(r.size) === sizeLabel(ours.size),
        );
        const a = scenarioFigures(ours, scenario);
        if (a === null) return [];
        const b = naive === undefined ? null : scenarioFigures(naive, scenario);
        return [scenarioRow(ours.size, a, b)];
      });
    if (rows.length === 0) continue;
    parts.push(`## ${capitalise(SCENARIO_TITLES[scenario])}`);
    parts.push(
      markdownTable(
        [
          'size',
          'polls',
          'changed links',
          'poll ms',
          'DynamoDB calls',
          'RCU',
          'WCU',
          'SNS publishes',
          'REST requests',
          'peak RSS MB',
          'log bytes',
        ],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    const opRows = results.runs
      .filter((r) => r.kind === 'ours')
      .flatMap((r) => {
        const f = scenarioFigures(r, scenario);
        return f === null ? [] : [[sizeLabel(r.size), formatOps(f.byOperation)]];
      });
    parts.push(
      `DynamoDB calls of ours by operation (median per poll): ${opRows.map(([s, o]) => `${s}: ${o}`).join('; ')}.`,
    );
    const errors = results.runs.flatMap((r) =>
      (scenarioFigures(r, scenario)?.errors ?? []).map((e) => `${r.kind} ${sizeLabel(r.size)}: ${e}`),
    );
    if (errors.length > 0) parts.push(`Errors: ${errors.join('; ')}`);
  }

  if (results.sweep.length > 0) {
    parts.push('## Concurrency sweep (100 clusters, steady state)');
    parts.push(
      `Median warm poll of 100 clusters (one page each, ${results.latencyMs} ms latency) by \`concurrency\` ` +
        `(\`core/poll-settings.ts\`, default ${results.defaultConcurrency}). Each poll of one cluster is at least ` +
        `one listing round trip plus two DynamoDB Queries, so a poll takes about ceil(100 / concurrency) of those rounds.`,
    );
    parts.push(
      markdownTable(
        ['concurrency', 'poll ms', 'rounds (ceil(100/c))', '< 1.5 s'],
        results.sweep.map((p) => [
          String(p.concurrency),
          String(Math.round(p.wallMs)),
          String(Math.ceil(100 / p.concurrency)),
          p.wallMs < 1500 ? 'yes' : 'no',
        ]),
        ['r', 'r', 'r', 'l'],
      ),
    );
  }

  parts.push('## Lambda bundles');
  parts.push(
    'Built like `infra/constructs/monitor-function.ts` builds them: esbuild, ESM, target node20, minified, AWS SDK bundled, ' +
      'external source map (not counted).',
  );
  parts.push(
    markdownTable(
      ['function', 'entry', 'minified KB', 'gzipped KB'],
      results.bundles.map((b) => [
        b.name,
        `\`${relative(PROJECT_ROOT, b.entry)}\``,
        b.minifiedBytes === null ? 'missing' : (b.minifiedBytes / 1024).toFixed(0),
        b.gzippedBytes === null ? 'missing' : (b.gzippedBytes / 1024).toFixed(0),
      ]),
      ['l', 'l', 'r', 'r'],
    ),
  );
  const contributors = results.bundles.find((b) => b.name === 'poller')?.contributors.slice(0, 8) ?? [];
  if (contributors.length > 0) {
    parts.push(
      `Largest contributors to the poller bundle: ${contributors
        .map((c) => `${c.name} ${(c.bytes / 1024).toFixed(0)} KB`)
        .join(', ')}.`,
    );
  }
  if (results.coldStart !== null) {
    const c = results.coldStart;
    parts.push('## Cold start');
    parts.push(
      markdownTable(
        ['module', 'process wall ms (median)', 'import() ms (median)'],
        [
          ['empty module', c.emptyProcessMs.toFixed(0), c.emptyImportMs.toFixed(1)],
          ['poller bundle', c.bundleProcessMs.toFixed(0), c.bundleImportMs.toFixed(1)],
          [
            'ratio',
            `${c.processRatio.toFixed(2)}x`,
            `${(c.bundleImportMs / Math.max(c.emptyImportMs, 0.001)).toFixed(0)}x`,
          ],
        ],
        ['l', 'r', 'r'],
      ),
    );
    parts.push(
      `${c.runs} fresh \`node\` processes each, interleaved, with the stack's \`NODE_OPTIONS=--enable-source-maps\` and a valid environment ` +
        '(the handler reads and checks its configuration and builds its SDK clients at import).',
    );
  }

  parts.push(renderCostSection(costs, results.memoryMb));
  const svg = renderPollChart(results);
  parts.push('## Chart');
  parts.push('![poll time and DynamoDB capacity against links](poll-time.svg)');
  return { markdown: `${parts.join('\n\n')}\n`, svg, targets, costs };
}

/** The cost section, shared by `RESULTS.md` and `docs/cost.md`. */
export function renderCostSection(costs: readonly SizeCost[], memoryMb: number): string {
  if (costs.length === 0) return '## Monthly cost\n\nNo costed size (1x10, 10x50, 100x100) was run.';
  const parts: string[] = ['## Monthly cost (1-minute schedule)'];
  parts.push(
    `Computed by the benchmark from its own steady-state measurements: ${POLLS_PER_MONTH.toLocaleString('en-US')} polls a month (730 h), ` +
      `billed duration = measured median poll time at ${memoryMb} MB (the stack's poller memory, Arm), DynamoDB request units as measured, ` +
      `log bytes = what the handler wrote to stdout per poll (its summary line and EMF metric documents) + ${PLATFORM_LOG_BYTES_PER_POLL} bytes ` +
      'of Lambda platform lines, custom metrics = distinct metric/dimension combinations in the EMF documents of a warm steady-state poll ' +
      '(CloudWatch bills a metric for each hour it receives data; the poller sends no zero counter and no empty link-state bucket, so a quiet ' +
      'cluster defines 4: Links, its one non-empty LinksByState bucket, ClusterPollDuration and ClusterListFailures, which its alarm needs every poll; ' +
      'metrics of changes, failures and cold starts cost only for the hours they occur in), alarms as ' +
      '`infra/constructs/monitor-alarms.ts` creates them (8 + one per cluster, Slack enabled). Free tiers are ignored. ' +
      `Prices: us-east-1 on-demand list prices, checked ${PRICES.checked} (${PRICES.source}): ` +
      `Lambda $${PRICES.lambdaPerMillionRequests}/M requests and $${PRICES.lambdaArmPerGbSecond}/GB-s (Arm); ` +
      `DynamoDB $${PRICES.dynamodbPerMillionReadUnits}/M RRU, $${PRICES.dynamodbPerMillionWriteUnits}/M WRU; SNS $${PRICES.snsPerMillionPublishes}/M publishes ` +
      `(+ $${PRICES.snsPerHundredThousandEmails}/100k email deliveries); CloudWatch Logs $${PRICES.logsIngestionPerGb}/GB ingested, ` +
      `$${PRICES.logsStoragePerGbMonth}/GB-month stored; custom metrics $${PRICES.customMetricPerMonth}/metric-month; ` +
      `alarms $${PRICES.standardAlarmPerMonth}/alarm-month; dashboard $${PRICES.dashboardPerMonth}/month; ` +
      `Secrets Manager $${PRICES.secretPerMonth}/secret-month + $${PRICES.secretsPerTenThousandCalls}/10k calls.`,
  );
  const items = costs[0]?.ours.map((l) => l.item) ?? [];
  const head = ['item', ...costs.map((c) => sizeLabel(c.size))];
  const rows = items.map((item) => [
    item,
    ...costs.map((c) => {
      const line = c.ours.find((l) => l.item === item);
      return line === undefined ? '' : `${usd(line.monthlyUsd)} (${line.quantity})`;
    }),
  ]);
  rows.push(['**total**', ...costs.map((c) => `**${usd(totalOf(c.ours))}**`)]);
  rows.push([
    'naive baseline total (same prices; no metrics, alarms, dashboard)',
    ...costs.map((c) =>
      c.naive === null
        ? 'not run'
        : `${usd(totalOf(c.naive))} (ours is ${(totalOf(c.ours) / totalOf(c.naive)).toFixed(2)}x)`,
    ),
  ]);
  const pollPath = new Set(['CloudWatch custom metrics (EMF)', 'CloudWatch alarms', 'CloudWatch dashboard']);
  const pathTotal = (lines: readonly CostLine[]) => totalOf(lines.filter((l) => !pollPath.has(l.item)));
  rows.push([
    'poll path only (without metrics, alarms, dashboard): ours / naive',
    ...costs.map((c) =>
      c.naive === null
        ? usd(pathTotal(c.ours))
        : `${usd(pathTotal(c.ours))} / ${usd(pathTotal(c.naive))} (${(pathTotal(c.ours) / pathTotal(c.naive)).toFixed(2)}x)`,
    ),
  ]);
  rows.push([
    `custom metrics if only ${POLLER_METRIC.clusterListFailures} (what the per-cluster alarms read) kept the ${CLUSTER_DIMENSION} dimension`,
    ...costs.map(
      (c) =>
        `${usd(c.leanMetrics * PRICES.customMetricPerMonth)} (${c.leanMetrics} metrics; total ${usd(totalOf(c.ours) - (c.customMetrics - c.leanMetrics) * PRICES.customMetricPerMonth)})`,
    ),
  ]);
  rows.push([
    'each 1,000 changed links (DynamoDB + SNS publishes)',
    ...costs.map((c) => (c.changeCostPerThousand === null ? 'n/a' : usd(c.changeCostPerThousand))),
  ]);
  parts.push(markdownTable(head, rows));

  const largest = costs[costs.length - 1];
  if (largest !== undefined) {
    const sorted = [...largest.ours].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    const top = sorted[0];
    const naiveTop =
      largest.naive === null ? null : [...largest.naive].sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
    const shapes = [...largest.metricShapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
    if (top !== undefined) {
      parts.push(
        `**Biggest item** at ${sizeLabel(largest.size)}: ${top.item}, ${usd(top.monthlyUsd)} of ${usd(totalOf(largest.ours))} ` +
          `(${Math.round((top.monthlyUsd / totalOf(largest.ours)) * 100)}%).` +
          (naiveTop === null || naiveTop === undefined
            ? ''
            : ` For the naive baseline it is ${naiveTop.item} (${usd(naiveTop.monthlyUsd)}): reading and rewriting every link every minute.`) +
          ' What the design already removes: steady state costs one strongly consistent Query page per cluster plus one outbox Query ' +
          'instead of a GetItem and a PutItem per link, writes happen only for changes, and changes go out as one digest per cluster ' +
          'instead of one publish each.' +
          (shapes.length > 0
            ? ` The metric count comes from ${largest.customMetrics} metric/dimension combinations, mostly ${shapes
                .map(([shape, n]) => `${shape} x${n}`)
                .join(
                  ', ',
                )}: each cluster's metrics, and each of its non-empty link-state buckets, are billed as metrics of their own.`
            : ''),
      );
    }
  }
  return parts.join('\n\n');
}

function scenarioRow(size: EstateSize, a: ScenarioFigures, b: ScenarioFigures | null): string[] {
  const cell = (x: number, y: number | undefined, digits = 0) => {
    const left = x.toFixed(digits);
    if (y === undefined) return left;
    const r = y === 0 ? (x === 0 ? '1' : 'inf') : (x / y).toFixed(2);
    return `${left} / ${y.toFixed(digits)} (${r})`;
  };
  return [
    sizeLabel(size),
    String(a.polls),
    String(a.changedLinks),
    cell(a.wallMs, b?.wallMs),
    cell(a.dynamodbCalls, b?.dynamodbCalls),
    cell(a.readUnits, b?.readUnits, 1),
    cell(a.writeUnits, b?.writeUnits, 1),
    cell(a.publishes, b?.publishes),
    cell(a.restRequests, b?.restRequests),
    cell(a.peakRssBytes / 1024 / 1024, b === null ? undefined : b.peakRssBytes / 1024 / 1024),
    cell(a.logBytes, b?.logBytes),
  ];
}

function renderPollChart(results: BenchResults): string {
  const series = (kind: RunResult['kind'], scenario: ScenarioName, pick: (f: ScenarioFigures) => number) =>
    results.runs
      .filter((r) => r.kind === kind)
      .flatMap((r) => {
        const f = scenarioFigures(r, scenario);
        return f === null ? [] : [{ x: r.size.clusters * r.size.links, y: pick(f) }];
      });
  const lines = (pick: (f: ScenarioFigures) => number): ChartSeries[] => [
    { label: 'ours, steady state', color: '#1f77b4', points: series('ours', 'steady', pick) },
    { label: 'naive, steady state', color: '#d62728', points: series('naive', 'steady', pick) },
    { label: 'ours, churn', color: '#1f77b4', dashed: true, points: series('ours', 'churn', pick) },
    { label: 'naive, churn', color: '#d62728', dashed: true, points: series('naive', 'churn', pick) },
  ];
  return renderChart(`Poll time and DynamoDB capacity vs links (${results.latencyMs} ms REST latency)`, [
    { title: 'poll wall time', yLabel: 'ms per poll', series: lines((f) => f.wallMs) },
    {
      title: 'DynamoDB capacity',
      yLabel: 'RCU + WCU per poll',
      series: lines((f) => f.readUnits + f.writeUnits),
    },
  ]);
}

function formatOps(ops: Readonly<Record<string, number>>): string {
  const entries = Object.entries(ops).filter(([, n]) => n > 0);
  return entries.length === 0 ? 'none' : entries.map(([op, n]) => `${op} ${n}`).join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
