/** The performance targets the benchmark checks, each with what was measured and by how much it is met. */
import type { BundleSize, ColdStart } from './lambda-bundles.js';
import type { EstateSize, RunResult } from './poller-run.js';
import { scenarioFigures } from './scenario-figures.js';
import { churnedLinksPerCluster } from './scenarios.js';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** Null when the run did not measure it (size or scenario not selected). */
  readonly met: boolean | null;
  readonly margin: string;
}

export interface SweepPoint {
  readonly concurrency: number;
  /** Median warm steady-state poll. */
  readonly wallMs: number;
}

const MB = 1024 * 1024;
export const POLL_TIME_TARGET_MS = 1500;
export const RSS_TARGET_BYTES = 128 * MB;
export const BUNDLE_TARGET_BYTES = 400 * 1024;
export const COLD_START_TARGET_RATIO = 2;

export function checkTargets(input: {
  readonly runs: readonly RunResult[];
  readonly sweep: readonly SweepPoint[];
  readonly defaultConcurrency: number;
  readonly bundles: readonly BundleSize[];
  readonly coldStart: ColdStart | null;
}): TargetCheck[] {
  const ours = input.runs.filter((r) => r.kind === 'ours');
  const checks: TargetCheck[] = [];

  for (const run of ours) {
    const steady = scenarioFigures(run, 'steady');
    if (steady === null) continue;
    const perCluster = steady.snapshotReadUnits / run.size.clusters;
    // A strongly consistent read unit covers 4 KB: the snapshot's size follows from what its Query cost.
    const pagesAllowed = run.size.clusters * Math.max(1, Math.ceil((perCluster * 4096) / MB));
    const extraQueries = (steady.byOperation.Query ?? 0) - steady.snapshotQueries - steady.silenceQueries;
    const met = steady.snapshotQueries <= pagesAllowed && steady.writeUnits === 0 && steady.publishes === 0;
    checks.push({
      target: `steady ${label(run.size)}: <= 1 Query page per cluster per MB of snapshot, 0 writes, 0 publishes`,
      measured: `${steady.snapshotQueries} snapshot pages (allowed ${pagesAllowed}), ${steady.writeUnits} WCU, ${steady.publishes} publishes; plus ${extraQueries} outbox Queries`,
      met,
      margin: met
        ? 'met exactly'
        : `${steady.snapshotQueries - pagesAllowed} pages, ${steady.writeUnits} WCU, ${steady.publishes} publishes over`,
    });
  }

  for (const run of ours) {
    const churn = scenarioFigures(run, 'churn');
    if (churn === null) continue;
    const transactions = churn.byOperation.TransactWriteItems ?? 0;
    const expected = run.size.clusters * churnedLinksPerCluster(run.size.links);
    const met = transactions === expected && churn.publishes <= run.size.clusters;
    checks.push({
      target: `churn ${label(run.size)}: 1 transaction per changed link, <= 1 publish per cluster`,
      measured: `${transactions} transactions for ${expected} changed links, ${churn.publishes} publishes for ${run.size.clusters} clusters`,
      met,
      margin: met
        ? `${run.size.clusters - churn.publishes} publishes under the cap`
        : `${transactions - expected} extra transactions, ${Math.max(0, churn.publishes - run.size.clusters)} extra publishes`,
    });
  }

  const hundred = ours.find((r) => r.size.clusters === 100);
  const hundredSteady = hundred === undefined ? null : scenarioFigures(hundred, 'steady');
  if (hundred !== undefined && hundredSteady !== null) {
    const wall = hundredSteady.wallMs;
    const enough = [...input.sweep]
      .sort((a, b) => a.concurrency - b.concurrency)
      .find((p) => p.wallMs < POLL_TIME_TARGET_MS);
    checks.push({
      target: `100 clusters (${label(hundred.size)}, 1 page each, 100 ms latency) poll in < 1.5 s at concurrency ${input.defaultConcurrency}`,
      measured: `${Math.round(wall)} ms`,
      met: wall < POLL_TIME_TARGET_MS,
      margin:
        `${ratio(wall, POLL_TIME_TARGET_MS)} of the budget; ` +
        (enough === undefined
          ? 'no swept concurrency met it'
          : `lowest swept concurrency that meets it: ${enough.concurrency} (${Math.round(enough.wallMs)} ms)`),
    });
  }

  const big = ours.find((r) => r.size.clusters * r.size.links >= 20_000);
  if (big !== undefined) {
    checks.push({
      target: `peak RSS < 128 MB for ${big.size.clusters * big.size.links} links`,
      measured: `${mb(big.maxRssBytes)} MB (worker process maxRSS over all scenarios)`,
      met: big.maxRssBytes < RSS_TARGET_BYTES,
      margin: `${ratio(big.maxRssBytes, RSS_TARGET_BYTES)} of the limit`,
    });
  }

  const poller = input.bundles.find((b) => b.name === 'poller');
  if (poller?.minifiedBytes != null) {
    checks.push({
      target: 'poller bundle <= 400 KB minified',
      measured: `${kb(poller.minifiedBytes)} KB (${kb(poller.gzippedBytes ?? 0)} KB gzipped)`,
      met: poller.minifiedBytes <= BUNDLE_TARGET_BYTES,
      margin: `${ratio(poller.minifiedBytes, BUNDLE_TARGET_BYTES)} of the limit`,
    });
  }

  if (input.coldStart !== null) {
    const c = input.coldStart;
    checks.push({
      target: 'cold start (fresh node importing the poller bundle) <= 2x an empty module',
      measured: `${c.processRatio.toFixed(2)}x (${Math.round(c.bundleProcessMs)} ms vs ${Math.round(c.emptyProcessMs)} ms; import alone ${Math.round(c.bundleImportMs)} ms)`,
      met: c.processRatio <= COLD_START_TARGET_RATIO,
      margin: `${ratio(c.processRatio, COLD_START_TARGET_RATIO)} of the limit`,
    });
  }
  return checks;
}

const label = (size: EstateSize) => `${size.clusters}x${size.links}`;
const mb = (bytes: number) => (bytes / MB).toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const ratio = (value: number, limit: number) => `${Math.round((value / limit) * 100)}%`;
