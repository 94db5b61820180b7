/** One scenario's polls reduced to the figures the report shows (medians; memory is the peak). */
import { median } from './lambda-bundles.js';
import type { PollMeasurement, RunResult } from './poller-run.js';
import type { ScenarioName } from './scenarios.js';

export interface ScenarioFigures {
  readonly polls: number;
  readonly wallMs: number;
  readonly dynamodbCalls: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly snapshotQueries: number;
  readonly snapshotReadUnits: number;
  readonly silenceQueries: number;
  readonly publishes: number;
  /** Notifications the publishes carry (a split digest is one); null when the run did not count them. */
  readonly notifications: number | null;
  /** Largest SNS message of any poll, in bytes; null when not measured. */
  readonly largestPublishBytes: number | null;
  readonly publishedBytes: number | null;
  /** Largest item written to DynamoDB by any poll, by DynamoDB's size rules; null when not measured. */
  readonly largestItemBytes: number | null;
  readonly restRequests: number;
  /** Most detail requests one cluster got in any poll; null when not measured. */
  readonly detailRequestsMax: number | null;
  readonly changedLinks: number;
  readonly logBytes: number;
  readonly peakRssBytes: number;
  readonly errors: readonly string[];
}

export function scenarioFigures(run: RunResult, scenario: ScenarioName): ScenarioFigures | null {
  const polls = run.polls.filter((p) => p.scenario === scenario);
  if (polls.length === 0) return null;
  const med = (pick: (p: PollMeasurement) => number) => median(polls.map(pick));
  const operations = new Set(polls.flatMap((p) => Object.keys(p.dynamodb.byOperation)));
  return {
    polls: polls.length,
    wallMs: med((p) => p.wallMs),
    dynamodbCalls: med((p) => p.dynamodb.calls),
    byOperation: Object.fromEntries(
      [...operations].map((op) => [op, med((p) => p.dynamodb.byOperation[op] ?? 0)]),
    ),
    readUnits: med((p) => p.dynamodb.readUnits),
    writeUnits: med((p) => p.dynamodb.writeUnits),
    snapshotQueries: med((p) => p.dynamodb.snapshotQueries),
    snapshotReadUnits: med((p) => p.dynamodb.snapshotReadUnits),
    silenceQueries: med((p) => p.dynamodb.silenceQueries),
    publishes: med((p) => p.publishes),
    notifications: measured(polls, (p) => p.notifications, median),
    largestPublishBytes: measured(
      polls,
      (p) => p.largestPublishBytes,
      (v) => Math.max(...v),
    ),
    publishedBytes: measured(polls, (p) => p.publishedBytes, median),
    largestItemBytes: measured(
      polls,
      (p) => p.largestItemBytes,
      (v) => Math.max(...v),
    ),
    restRequests: med((p) => p.restRequests),
    detailRequestsMax: measured(
      polls,
      (p) => p.detailRequestsMax,
      (v) => Math.max(...v),
    ),
    changedLinks: med((p) => p.changedLinks),
    logBytes: med((p) => p.logBytes),
    peakRssBytes: Math.max(...polls.map((p) => p.peakRssBytes)),
    errors: polls.flatMap((p) => (p.error === null ? [] : [p.error])),
  };
}

/** A figure older runs (saved with `--json`) did not record: null unless every poll has it. */
function measured(
  polls: readonly PollMeasurement[],
  pick: (p: PollMeasurement) => number | undefined,
  reduce: (values: number[]) => number,
): number | null {
  const values = polls.map(pick);
  return values.every((v) => v !== undefined) ? reduce(values as number[]) : null;
}
