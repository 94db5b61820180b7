/** The performance targets the benchmark checks, each with what was measured and by how much it is met. */

import { SNS_MAX_MESSAGE_BYTES } from '../core/notify/render/sns-message.js';
import { rotationShare } from '../core/observe/detail-plan.js';
import { DEFAULT_POLL_SETTINGS } from '../core/poll/poll-settings.js';
import { MAX_CLUSTERS_PER_INVOCATION } from '../infra/constructs/poller.js';
import { DYNAMODB_MAX_ITEM_BYTES } from './dynamodb-item-size.js';
import { type EstateSize, sizeLabel } from './estate-size.js';
import type { BundleSize, ColdStart } from './lambda-bundles.js';
import { median } from './lambda-bundles.js';
import type { LowerBound, RunResult } from './poller-run.js';
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
/** A steady-state poll over the same listing requests alone, measured side by side. */
export const LOWER_BOUND_RATIO_TARGET = 1.5;
/** Sizes the ratio target is about. */
export const LOWER_BOUND_SIZES = new Set(['100x100', '1000x10']);
/** A quiet poll's own log output may differ between sizes only by the digits of its counts. */
export const LOG_BYTES_SPREAD = 64;
/** The default Lambda timeout and the reserve no new cluster is started in (`core/poll/poll-settings.ts`). */
const POLL_WINDOW_MS = 50_000 - 10_000;
export const RSS_TARGET_BYTES = 128 * MB;
export const BUNDLE_TARGET_BYTES = 400 * 1024;
export const COLD_START_TARGET_RATIO = 2;
/** The invocation-capacity target is checked on a run of at least this many clusters. */
export const CAPACITY_MIN_CLUSTERS = 100;

export function checkTargets(input: {
  readonly runs: readonly RunResult[];
  readonly sweep: readonly SweepPoint[];
  readonly defaultConcurrency: number;
  readonly bundles: readonly BundleSize[];
  readonly coldStart: ColdStart | null;
  /** Links per page of the simulated listing. @default 100 */
  readonly pageSize?: number;
  /** Monthly totals of the costed sizes, with their targets. */
  readonly costs?: readonly {
    readonly size: EstateSize;
    readonly totalUsd: number;
    readonly targetUsd: number;
  }[];
}): TargetCheck[] {
  const ours = input.runs.filter((r) => r.kind === 'ours');
  const checks: TargetCheck[] = [];

  for (const run of ours) {
    const steady = scenarioFigures(run, 'steady');
    if (steady === null) continue;
    const perCluster = steady.snapshotReadUnits / run.size.clusters;
    // A strongly consistent read unit covers 4 KB: the snapshot's size follows from what its Query cost.
    const pagesAllowed = run.size.clusters * Math.max(1, Math.ceil((perCluster * 4096) / MB));
    // The silences partition is read once per poll, not per cluster: counted apart.
    const reads = readRequests(steady.byOperation) - steady.silenceQueries;
    const met = reads <= pagesAllowed && steady.writeUnits === 0 && steady.publishes === 0;
    checks.push({
      target: `steady ${sizeLabel(run.size)}: <= 1 DynamoDB read request per cluster (a Query page per MB of snapshot), 0 writes, 0 publishes`,
      measured: `${reads} read requests (${steady.snapshotQueries} snapshot Query pages; allowed ${pagesAllowed}), ${steady.writeUnits} WCU, ${steady.publishes} publishes; plus ${steady.silenceQueries} silences Query per poll`,
      met,
      margin: met
        ? 'met exactly'
        : `${Math.max(0, reads - pagesAllowed)} reads, ${steady.writeUnits} WCU, ${steady.publishes} publishes over`,
    });
  }

  for (const run of ours.filter((r) => r.size.topicsPerLink !== undefined))
    checks.push(...checkMirrorTopicTargets(run, input.pageSize ?? 100));

  // Estates with mirror topics per link have their own churn target (split digests count as what a user receives).
  for (const run of ours.filter((r) => r.size.topicsPerLink === undefined)) {
    const churn = scenarioFigures(run, 'churn');
    if (churn === null) continue;
    const transactions = churn.byOperation.TransactWriteItems ?? 0;
    const expected = run.size.clusters * churnedLinksPerCluster(run.size.links);
    const met = transactions === expected && churn.publishes <= run.size.clusters;
    checks.push({
      target: `churn ${sizeLabel(run.size)}: 1 transaction per changed link, <= 1 publish per cluster`,
      measured: `${transactions} transactions for ${expected} changed links, ${churn.publishes} publishes for ${run.size.clusters} clusters`,
      met,
      margin: met
        ? `${run.size.clusters - churn.publishes} publishes under the cap`
        : `${transactions - expected} extra transactions, ${Math.max(0, churn.publishes - run.size.clusters)} extra publishes`,
    });
  }

  for (const run of ours) {
    if (run.lowerBound === undefined || !LOWER_BOUND_SIZES.has(sizeLabel(run.size))) continue;
    const { steadyMs, listingMs, ratio: r } = lowerBoundFigures(run.lowerBound);
    checks.push({
      target: `steady ${sizeLabel(run.size)}: poll <= ${LOWER_BOUND_RATIO_TARGET}x the same listing requests alone (lower bound, same run)`,
      measured: `${r.toFixed(2)}x (${Math.round(steadyMs)} ms vs ${Math.round(listingMs)} ms, medians of ${run.lowerBound.steadyMs.length} alternating pairs)`,
      met: r <= LOWER_BOUND_RATIO_TARGET,
      margin: `${ratio(r, LOWER_BOUND_RATIO_TARGET)} of the limit`,
    });
  }

  const quiet = ours.flatMap((run) => {
    const steady = scenarioFigures(run, 'steady');
    return steady === null ? [] : [{ size: run.size, bytes: steady.logBytes }];
  });
  if (quiet.length > 1) {
    const least = Math.min(...quiet.map((q) => q.bytes));
    const most = Math.max(...quiet.map((q) => q.bytes));
    checks.push({
      target: `steady-state log bytes per poll bounded whatever the cluster count (spread <= ${LOG_BYTES_SPREAD} B across sizes)`,
      measured: quiet.map((q) => `${sizeLabel(q.size)} ${q.bytes} B`).join(', '),
      met: most - least <= LOG_BYTES_SPREAD,
      margin: `spread ${most - least} B`,
    });
  }

  for (const cost of input.costs ?? []) {
    checks.push({
      target: `monthly cost ${sizeLabel(cost.size)} (1-minute schedule, default config) < $${cost.targetUsd}`,
      measured: `$${cost.totalUsd.toFixed(2)}`,
      met: cost.totalUsd < cost.targetUsd,
      margin: `${ratio(cost.totalUsd, cost.targetUsd)} of the budget`,
    });
  }

  // A rate measured on a handful of clusters says little about a shard of 1,000 (a run of one size only).
  const widest = [...ours]
    .filter((r) => scenarioFigures(r, 'steady') !== null && r.size.clusters >= CAPACITY_MIN_CLUSTERS)
    .sort((a, b) => b.size.clusters - a.size.clusters)[0];
  const widestSteady = widest === undefined ? null : scenarioFigures(widest, 'steady');
  if (widest !== undefined && widestSteady !== null) {
    const capacity = invocationCapacity(widest.size.clusters, widestSteady.wallMs);
    checks.push({
      target: `one invocation polls MAX_CLUSTERS_PER_INVOCATION (${MAX_CLUSTERS_PER_INVOCATION}) clusters in at most half its ${POLL_WINDOW_MS / 1000} s window`,
      measured: `${sizeLabel(widest.size)} warm steady poll ${Math.round(widestSteady.wallMs)} ms: about ${capacity.toLocaleString('en-US')} clusters fit the window at this rate`,
      met: MAX_CLUSTERS_PER_INVOCATION <= capacity / 2,
      margin: `${ratio(MAX_CLUSTERS_PER_INVOCATION, capacity)} of the measured capacity`,
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

/**
 * The targets of an estate whose size names its mirror topics per link (`1x1000x50`):
 * - steady: the listing pages and the task rotation's reads only (no mirror-topic read while every
 *   topic is healthy), no write, no publish;
 * - churn (a tenth of the links' topics failing): at most the detail budget per cluster per poll,
 *   one transaction per changed link, notifications as the digest rules say (one digest per cluster
 *   beyond the threshold), each SNS message under 256 KB, and no more messages than a split that
 *   fills every part but the last over half;
 * - the largest item written stays under DynamoDB's 400 KB.
 */
export function checkMirrorTopicTargets(run: RunResult, pageSize: number): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { clusters, links } = run.size;
  const budget = DEFAULT_POLL_SETTINGS.detailRequestsPerCluster;
  const steady = scenarioFigures(run, 'steady');
  if (steady !== null) {
    const pages = Math.max(1, Math.ceil(links / pageSize));
    const rotation = rotationReadsPerPoll(links, budget);
    const expected = clusters * (pages + rotation);
    const detail = steady.detailRequestsMax;
    const met =
      steady.restRequests === expected &&
      (detail === null || detail === rotation) &&
      steady.writeUnits === 0 &&
      steady.publishes === 0;
    checks.push({
      target: `steady ${sizeLabel(run.size)}: REST = listing pages + task rotation only (${pages} + ${rotation} per cluster, no mirror-topic read), 0 writes, 0 publishes`,
      measured: `${steady.restRequests} REST requests (expected ${expected}; at most ${detail ?? 'unmeasured'} detail requests per cluster), ${steady.writeUnits} WCU, ${steady.publishes} publishes`,
      met,
      margin: met
        ? 'met exactly'
        : `${steady.restRequests - expected} REST requests, ${steady.writeUnits} WCU, ${steady.publishes} publishes over`,
    });
  }

  const churn = scenarioFigures(run, 'churn');
  if (churn !== null) {
    const transactions = churn.byOperation.TransactWriteItems ?? 0;
    const changedPerCluster = churnedLinksPerCluster(links);
    const changed = clusters * changedPerCluster;
    // Digest rules: up to the threshold, a notification per changed link; beyond it, one digest.
    const { digestThreshold } = DEFAULT_POLL_SETTINGS;
    const notificationCap = clusters * (changedPerCluster <= digestThreshold ? changedPerCluster : 1);
    const detail = churn.detailRequestsMax;
    const notifications = churn.notifications;
    const largest = churn.largestPublishBytes;
    const messageCap =
      notifications === null || churn.publishedBytes === null
        ? null
        : notifications + Math.floor(churn.publishedBytes / (SNS_MAX_MESSAGE_BYTES / 2));
    const met =
      detail !== null &&
      detail <= budget &&
      transactions === changed &&
      notifications !== null &&
      notifications <= notificationCap &&
      largest !== null &&
      largest < SNS_MAX_MESSAGE_BYTES &&
      messageCap !== null &&
      churn.publishes <= messageCap;
    checks.push({
      target: `churn ${sizeLabel(run.size)}: <= ${budget} detail requests per cluster per poll, 1 transaction per changed link, notifications as digest rules say (<= ${notificationCap}: a digest per cluster beyond ${digestThreshold} changed links), each SNS message < 256 KB`,
      measured:
        `${detail ?? 'unmeasured'} detail requests (most for a cluster in a poll), ${transactions} transactions for ${changed} changed links, ` +
        `${notifications ?? 'unmeasured'} notifications for ${clusters} clusters received as ${churn.publishes} SNS messages ` +
        `(largest ${largest === null ? 'unmeasured' : `${kb(largest)} KB`}; at most ${messageCap ?? 'n/a'} for their bytes)`,
      met,
      margin: met
        ? `${budget - (detail ?? 0)} detail requests under the budget`
        : [
            detail !== null && detail > budget ? `${detail - budget} detail requests over` : '',
            transactions !== changed ? `${transactions - changed} extra transactions` : '',
            notifications !== null && notifications > clusters
              ? `${notifications - clusters} extra notifications`
              : '',
            largest !== null && largest >= SNS_MAX_MESSAGE_BYTES ? 'a message over 256 KB' : '',
            messageCap !== null && churn.publishes > messageCap
              ? `${churn.publishes - messageCap} extra messages`
              : '',
          ]
            .filter((m) => m !== '')
            .join(', ') || 'not measured',
    });
  }

  const items = run.polls.map((p) => p.largestItemBytes);
  if (items.length > 0 && items.every((b) => b !== undefined)) {
    const largest = Math.max(...(items as number[]));
    checks.push({
      target: `items ${sizeLabel(run.size)}: every item written < DynamoDB's 400 KB limit`,
      measured: `largest ${largest.toLocaleString('en-US')} B (by DynamoDB's size rules, over every scenario)`,
      met: largest < DYNAMODB_MAX_ITEM_BYTES,
      margin: `${ratio(largest, DYNAMODB_MAX_ITEM_BYTES)} of the limit`,
    });
  }
  return checks;
}

/** Task reads of the rotation per poll, as `planDetailReads` sizes it for a healthy cluster of `links`. */
export function rotationReadsPerPoll(links: number, budget: number): number {
  return rotationShare(links, budget);
}

/** Clusters one invocation polls within its window at the rate a steady poll of `clusters` took `wallMs`. */
export function invocationCapacity(clusters: number, wallMs: number): number {
  return Math.floor((POLL_WINDOW_MS / Math.max(wallMs, 1)) * clusters);
}

/** Medians of the alternating pairs and their ratio. */
export function lowerBoundFigures(bound: LowerBound): { steadyMs: number; listingMs: number; ratio: number } {
  const steadyMs = median([...bound.steadyMs]);
  const listingMs = median([...bound.listingMs]);
  return { steadyMs, listingMs, ratio: steadyMs / Math.max(listingMs, 1) };
}

/** DynamoDB requests that read. */
function readRequests(byOperation: Readonly<Record<string, number>>): number {
  return ['Query', 'GetItem', 'BatchGetItem', 'Scan'].reduce(
    (total, op) => total + (byOperation[op] ?? 0),
    0,
  );
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const ratio = (value: number, limit: number) => `${Math.round((value / limit) * 100)}%`;
