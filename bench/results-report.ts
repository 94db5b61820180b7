/** Turns a benchmark run into `RESULTS.md`, the cost section and the chart. */

import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_ROTATION_PER_POLL, TASK_ROTATION_POLLS } from '../core/observe/detail-plan.js';
import { DEFAULT_POLL_SETTINGS } from '../core/poll/poll-settings.js';
import { MAX_CLUSTERS_PER_INVOCATION } from '../infra/constructs/poller.js';
import {
  type CostLine,
  changeCostPerThousand,
  DEFAULT_ALARMS,
  monthlyCost,
  PLATFORM_LOG_BYTES_PER_POLL,
  POLLS_PER_MONTH,
  PRICES,
  SLACK_ALARMS,
  secretsCost,
  totalOf,
  usd,
} from './cost-model.js';
import { emfMetricKeys, emfMetricShapes } from './emf-metrics.js';
import { type EstateSize, sizeLabel } from './estate-size.js';
import type { BundleSize, ColdStart } from './lambda-bundles.js';
import { markdownTable } from './markdown-table.js';
import { type ChartSeries, renderChart } from './poll-time-chart.js';
import type { RunResult } from './poller-run.js';
import { type ScenarioFigures, scenarioFigures } from './scenario-figures.js';
import { SCENARIO_TITLES, type ScenarioName, TOPIC_CHURN_NOTE } from './scenarios.js';
import {
  CAPACITY_MIN_CLUSTERS,
  checkTargets,
  invocationCapacity,
  LOWER_BOUND_RATIO_TARGET,
  lowerBoundFigures,
  type SweepPoint,
  type TargetCheck,
} from './targets.js';

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
  /** ... and up to this many clusters. */
  readonly naiveMaxClusters?: number;
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
  /** Metrics a quiet poll sends with `metricsLevel: cluster` (null: not measured), and its log bytes. */
  readonly clusterLevelMetrics: number | null;
  readonly clusterLevelLogBytes: number | null;
  /** Metric shapes at cluster level, to show what multiplies. */
  readonly metricShapes: ReadonlyMap<string, number>;
  /** USD per 1,000 changed links (DynamoDB and SNS), from the churn scenario. */
  readonly changeCostPerThousand: number | null;
}

/** Sizes costed: the 1-minute-schedule estates the cost targets are about, with their targets in USD a month. */
export const COST_TARGETS_USD: Readonly<Record<string, number>> = {
  '1x10': 1,
  '10x50': 3,
  '100x100': 20,
  '1000x10': 100,
};

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

/**
 * The poll time Lambda would bill: the fastest warm steady-state poll of the run (the scenario's
 * polls and the ones paired with the lower bound). This machine is shared; other work only adds
 * waiting for a CPU to a poll, which Lambda's own CPU share does not have to wait for.
 */
export function billedPollMs(run: RunResult, fallbackMs: number): number {
  const warm = [
    ...run.polls.filter((p) => p.scenario === 'steady' && p.error === null).map((p) => p.wallMs),
    ...(run.lowerBound?.steadyMs ?? []),
  ];
  return warm.length === 0 ? fallbackMs : Math.min(...warm);
}

export function costBySize(results: BenchResults): SizeCost[] {
  const costs: SizeCost[] = [];
  for (const ours of results.runs.filter(
    (r) => r.kind === 'ours' && COST_TARGETS_USD[sizeLabel(r.size)] !== undefined,
  )) {
    const steady = scenarioFigures(ours, 'steady');
    if (steady === null) continue;
    const keys = emfMetricKeys(billedMetricLogs(ours));
    const ourCost = monthlyCost({
      clusters: ours.size.clusters,
      pollMs: billedPollMs(ours, steady.wallMs),
      memoryMb: results.memoryMb,
      readUnitsPerPoll: steady.readUnits,
      writeUnitsPerPoll: steady.writeUnits,
      publishesPerPoll: steady.publishes,
      logBytesPerPoll: steady.logBytes,
      customMetrics: keys.size,
      alarms: DEFAULT_ALARMS,
      dashboards: 0,
      // One secret holding every cluster's key (credentials: { secret, key }).
      secrets: 1,
      kmsKeys: 0,
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
            pollMs: naiveRun === undefined ? naiveSteady.wallMs : billedPollMs(naiveRun, naiveSteady.wallMs),
            memoryMb: results.memoryMb,
            readUnitsPerPoll: naiveSteady.readUnits,
            writeUnitsPerPoll: naiveSteady.writeUnits,
            publishesPerPoll: naiveSteady.publishes,
            logBytesPerPoll: naiveSteady.logBytes,
            customMetrics: 0,
            alarms: 0,
            dashboards: 0,
            secrets: 1,
            kmsKeys: 0,
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
    const clusterKeys = ours.clusterLevel === undefined ? null : emfMetricKeys([ours.clusterLevel.log]);
    costs.push({
      size: ours.size,
      ours: ourCost,
      naive: naiveCost,
      customMetrics: keys.size,
      clusterLevelMetrics: clusterKeys?.size ?? null,
      clusterLevelLogBytes: ours.clusterLevel?.logBytes ?? null,
      metricShapes: emfMetricShapes(clusterKeys ?? keys),
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
  const costs = costBySize(results);
  const targets = checkTargets({
    runs: results.runs,
    sweep: results.sweep,
    defaultConcurrency: results.defaultConcurrency,
    bundles: results.bundles,
    coldStart: results.coldStart,
    pageSize: results.pageSize,
    costs: costs.map((c) => ({
      size: c.size,
      totalUsd: totalOf(c.ours),
      targetUsd: COST_TARGETS_USD[sizeLabel(c.size)] ?? Number.POSITIVE_INFINITY,
    })),
  });
  const parts: string[] = [];
  parts.push('# Benchmark results');
  parts.push(
    'Generated by `npm run bench` (`bench/run-bench.ts`); do not edit by hand. The real poller (the bundled ' +
      '`functions/poller/handler.ts`, invoked in its own process like Lambda would) polls the Confluent simulator ' +
      `(pages of ${results.pageSize} links, ${results.latencyMs} ms injected latency per response), keeps its state in DynamoDB Local ` +
      '(behind a metering proxy that reads `ConsumedCapacity`), and publishes through the real `SnsNotifier` to a local SNS endpoint. ' +
      'The naive baseline (`bench/naive-poller.ts`: GetItem + PutItem per link per poll, one publish per change, clusters one after another) ' +
      'runs the same scenarios against the same simulator, DynamoDB Local and endpoint. Cells read `ours / naive (ratio ours:naive)`. ' +
      `The naive baseline runs up to ${results.naiveMaxLinks.toLocaleString('en-US')} links and ${(results.naiveMaxClusters ?? 100).toLocaleString('en-US')} clusters (beyond that one of its polls takes minutes; \`--naive-max-links\` and \`--naive-max-clusters\` change it). ` +
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

  const withTopics = results.runs.filter((r) => r.kind === 'ours' && r.size.topicsPerLink !== undefined);
  if (withTopics.length > 0) parts.push(renderMirrorTopicSection(withTopics, results.scenarios));

  const bounded = results.runs.filter((r) => r.kind === 'ours' && r.lowerBound !== undefined);
  if (bounded.length > 0) {
    parts.push('## Against the lower bound');
    parts.push(
      'After its scenarios, each size runs warm steady-state polls of the real poller alternating with invocations of ' +
        '`bench/listing-handler.ts`: the same clusters, credentials, Confluent client and concurrency, listing every cluster ' +
        'and dropping the result, with no state read, diff, write, publish, log line or metric. Both run in their own process ' +
        'against the same simulator in the same minute, so the ratio says what the state work adds whatever the load on the ' +
        `machine; the absolute times do not. Target: <= ${LOWER_BOUND_RATIO_TARGET}x at 100x100 and 1,000x10.`,
    );
    parts.push(
      markdownTable(
        ['size', 'pairs', 'steady poll ms (median)', 'listing alone ms (median)', 'ratio', 'clusters per s'],
        bounded.map((r) => {
          const f = lowerBoundFigures(r.lowerBound as NonNullable<RunResult['lowerBound']>);
          return [
            sizeLabel(r.size),
            String(r.lowerBound?.steadyMs.length ?? 0),
            String(Math.round(f.steadyMs)),
            String(Math.round(f.listingMs)),
            `${f.ratio.toFixed(2)}x`,
            String(Math.round((r.size.clusters / Math.max(f.steadyMs, 1)) * 1000)),
          ];
        }),
        ['l', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    const widest = [...bounded]
      .filter((r) => r.size.clusters >= CAPACITY_MIN_CLUSTERS)
      .sort((a, b) => b.size.clusters - a.size.clusters)[0];
    const widestSteady = widest === undefined ? null : scenarioFigures(widest, 'steady');
    if (widest !== undefined && widestSteady !== null) {
      const capacity = invocationCapacity(widest.size.clusters, widestSteady.wallMs);
      parts.push('## Where one invocation stops');
      parts.push(
        `At the rate of the widest estate measured (${sizeLabel(widest.size)}: ${Math.round(widestSteady.wallMs)} ms for a warm steady-state poll of ` +
          `${widest.size.clusters.toLocaleString('en-US')} clusters at concurrency ${widest.concurrency}, ${results.latencyMs} ms per listing), ` +
          `one invocation polls about ${capacity.toLocaleString('en-US')} clusters in the 40 s it may start clusters in (the default 50 s timeout less the 10 s reserve). ` +
          `The stack splits the clusters into shards of at most ${MAX_CLUSTERS_PER_INVOCATION.toLocaleString('en-US')} (\`MAX_CLUSTERS_PER_INVOCATION\`), ` +
          'each run by its own EventBridge Scheduler schedule, side by side: well inside that capacity, because real endpoints answer slower ' +
          "than the simulator, retries take time, and Lambda's share of a CPU at this memory size is smaller than this machine's.",
      );
    }
  }

  if (results.sweep.length > 0) {
    parts.push('## Concurrency sweep (100 clusters, steady state)');
    parts.push(
      `Median warm poll of 100 clusters (one page each, ${results.latencyMs} ms latency) by \`concurrency\` ` +
        `(\`core/poll/poll-settings.ts\`, default ${results.defaultConcurrency}). Each poll of one cluster is at least ` +
        `one listing round trip, with its one DynamoDB Query alongside, so a poll takes about ceil(100 / concurrency) of those rounds.`,
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
  const sizes = Object.keys(COST_TARGETS_USD).join(', ');
  if (costs.length === 0) return `## Monthly cost\n\nNo costed size (${sizes}) was run.`;
  const parts: string[] = ['## Monthly cost (1-minute schedule, default config)'];
  parts.push(
    `Computed by the benchmark from its own steady-state measurements: ${POLLS_PER_MONTH.toLocaleString('en-US')} polls a month (730 h), ` +
      `billed duration = the fastest warm steady-state poll of the run at ${memoryMb} MB (the stack's poller memory, Arm; the machine is shared, and contention only adds time), DynamoDB request units as measured, ` +
      `log bytes = what the handler wrote per poll (its one line of counts, and EMF documents when there is something to count) + ${PLATFORM_LOG_BYTES_PER_POLL} bytes ` +
      'of Lambda platform lines, custom metrics = distinct metric/dimension combinations in the EMF documents of a warm steady-state poll ' +
      '(CloudWatch bills a metric for each hour it receives data; by default the poller sends counts across clusters only when they are not zero, ' +
      'so a quiet estate sends none, and the metrics of failures and changes cost only for the hours they occur in). ' +
      `The default config: ${DEFAULT_ALARMS} alarms (poll failed, poller not running, clusters unreachable, notifications not delivered, ` +
      `part of a poll failed while the rest went on: notifications not claimed or published, a link or a cluster's state not recorded, a notification given up, a detail or silence read failed, a cluster not polled in time; the same number for any number of clusters up to ${MAX_CLUSTERS_PER_INVOCATION.toLocaleString('en-US')}), no dashboard, the notification topic under the AWS managed key, ` +
      "and one Secrets Manager secret holding every cluster's key (`credentials: { secret, key }`). Free tiers are ignored. " +
      `Prices: us-east-1 on-demand list prices, checked ${PRICES.checked} (${PRICES.source}): ` +
      `Lambda $${PRICES.lambdaPerMillionRequests}/M requests and $${PRICES.lambdaArmPerGbSecond}/GB-s (Arm); ` +
      `DynamoDB $${PRICES.dynamodbPerMillionReadUnits}/M RRU, $${PRICES.dynamodbPerMillionWriteUnits}/M WRU; SNS $${PRICES.snsPerMillionPublishes}/M publishes ` +
      `(+ $${PRICES.snsPerHundredThousandEmails}/100k email deliveries); CloudWatch Logs $${PRICES.logsIngestionPerGb}/GB ingested, ` +
      `$${PRICES.logsStoragePerGbMonth}/GB-month stored; custom metrics $${PRICES.customMetricPerMonth}/metric-month; ` +
      `alarms $${PRICES.standardAlarmPerMonth}/alarm-month; dashboard $${PRICES.dashboardPerMonth}/month; KMS $${PRICES.kmsKeyPerMonth}/key-month; ` +
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
    'target',
    ...costs.map((c) => {
      const target = COST_TARGETS_USD[sizeLabel(c.size)];
      const total = totalOf(c.ours);
      return target === undefined
        ? ''
        : `< $${target}: ${total < target ? 'met' : `**missed by ${usd(total - target)}**`}`;
    }),
  ]);
  rows.push([
    'naive baseline total (same prices; no metrics, alarms, dashboard)',
    ...costs.map((c) =>
      c.naive === null
        ? 'not run'
        : `${usd(totalOf(c.naive))} (ours is ${(totalOf(c.ours) / totalOf(c.naive)).toFixed(2)}x)`,
    ),
  ]);
  rows.push([
    'each 1,000 changed links (DynamoDB + SNS publishes)',
    ...costs.map((c) => (c.changeCostPerThousand === null ? 'n/a' : usd(c.changeCostPerThousand))),
  ]);
  parts.push(markdownTable(head, rows));

  parts.push('### What each opt-in adds');
  parts.push(
    'Monthly, on top of the totals above. Per-cluster metrics are measured: a warm steady-state poll of the same estate ' +
      'with `metricsLevel: cluster`, its EMF documents counted like the default ones.',
  );
  const optInRows: string[][] = [
    [
      "`metricsLevel: cluster` (each cluster's links by state, poll duration, failed listings)",
      ...costs.map((c) =>
        c.clusterLevelMetrics === null
          ? 'not measured'
          : `+${usd((c.clusterLevelMetrics - c.customMetrics) * PRICES.customMetricPerMonth)} (${c.clusterLevelMetrics} metrics, ${c.clusterLevelLogBytes?.toLocaleString('en-US')} B of log per poll)`,
      ),
    ],
    ['`dashboard: true`', ...costs.map(() => `+${usd(PRICES.dashboardPerMonth)}`)],
    [
      '`topicEncryption: customer-managed`',
      ...costs.map(() => `+${usd(PRICES.kmsKeyPerMonth)} (more during rotations)`),
    ],
    [
      'a secret per cluster instead of one shared secret',
      ...costs.map(
        (c) => `+${usd(secretsCost(c.size.clusters) - secretsCost(1))} (${c.size.clusters} secrets)`,
      ),
    ],
    [
      "`slack` (the notifier's alarms; its invocations cost only when something is notified)",
      ...costs.map(() => `+${usd(SLACK_ALARMS * PRICES.standardAlarmPerMonth)}`),
    ],
  ];
  parts.push(
    markdownTable(
      head.map((h, i) => (i === 0 ? 'opt-in' : h)),
      optInRows,
    ),
  );

  const largest = costs[costs.length - 1];
  if (largest !== undefined) {
    const sorted = [...largest.ours].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    const top = sorted[0];
    const shapes = [...largest.metricShapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
    if (top !== undefined) {
      parts.push(
        `**Biggest item** at ${sizeLabel(largest.size)}: ${top.item}, ${usd(top.monthlyUsd)} of ${usd(totalOf(largest.ours))} ` +
          `(${Math.round((top.monthlyUsd / totalOf(largest.ours)) * 100)}%). ` +
          'Steady state costs one strongly consistent Query page per cluster (the outbox is read only when its marker says something waits), ' +
          'writes happen only for changes, changes go out as one digest per cluster, and nothing the monitor bills grows with the clusters ' +
          'but the poll itself.' +
          (shapes.length > 0 && largest.clusterLevelMetrics !== null
            ? ` With \`metricsLevel: cluster\` the ${largest.clusterLevelMetrics} metrics are mostly ${shapes
                .map(([shape, n]) => `${shape} x${n}`)
                .join(
                  ', ',
                )}: each cluster's metrics, and each of its non-empty link-state buckets, are billed as metrics of their own.`
            : ''),
      );
    }
  }
  parts.push(
    `Past ${MAX_CLUSTERS_PER_INVOCATION.toLocaleString('en-US')} clusters the stack runs one schedule and one concurrent invocation per shard of ` +
      `${MAX_CLUSTERS_PER_INVOCATION.toLocaleString('en-US')}: the requests and GB-s add up the same, and each shard's container reads the shared secret once per 15 minutes. ` +
      `Each shard has its own "poller not running" alarm, on a \`PollsCompleted\` metric it sends every poll, in place of the one on the function: ` +
      `n shards add $${PRICES.standardAlarmPerMonth} x (n - 1) of alarms and $${PRICES.customMetricPerMonth} x n of metrics a month (2 shards: ` +
      `$${(PRICES.standardAlarmPerMonth + 2 * PRICES.customMetricPerMonth).toFixed(2)}).`,
  );
  return parts.join('\n\n');
}

/** What the detail reads, notifications and items of estates with mirror topics per link came to. */
function renderMirrorTopicSection(runs: readonly RunResult[], scenarios: readonly ScenarioName[]): string {
  const bytes = (n: number | null, unit: 'B' | 'KB') =>
    n === null ? 'n/a' : unit === 'KB' ? `${(n / 1024).toFixed(1)} KB` : `${n.toLocaleString('en-US')} B`;
  const rows = runs.flatMap((run) =>
    scenarios.flatMap((scenario) => {
      const f = scenarioFigures(run, scenario);
      return f === null
        ? []
        : [
            [
              sizeLabel(run.size),
              scenario,
              String(f.restRequests),
              f.detailRequestsMax === null ? 'n/a' : String(f.detailRequestsMax),
              `${f.notifications ?? 'n/a'} / ${f.publishes}`,
              bytes(f.largestPublishBytes, 'KB'),
              bytes(f.largestItemBytes, 'B'),
            ],
          ];
    }),
  );
  return [
    '## Mirror topics per link',
    `${TOPIC_CHURN_NOTE} A link's tasks are read in rotation (${TASK_ROTATION_POLLS} polls to cover a cluster of up to ` +
      `${TASK_ROTATION_POLLS * MAX_ROTATION_PER_POLL} links, at most ${MAX_ROTATION_PER_POLL} a poll) and at once when its condition or counts change; its mirror topics only when its counts ` +
      'show topics in error, paused or pending, or change, all within the per-cluster detail budget ' +
      `(${DEFAULT_POLL_SETTINGS.detailRequestsPerCluster} requests a poll); what the budget leaves for the next poll is read then. ` +
      'The naive baseline reads no topics: under this churn it sees nothing change. Medians per poll, but the detail requests, ' +
      'message and item sizes are the largest of any poll.',
    markdownTable(
      [
        'size',
        'scenario',
        'REST requests',
        'detail requests (most for a cluster)',
        'notifications / SNS messages',
        'largest message',
        'largest item written',
      ],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n\n');
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
