/**
 * The local demo behind `npm start`: a simulated Confluent REST endpoint plays
 * a scenario while the real poll pipeline (the one Lambda and `link-monitor run`
 * use: `pollClusters`, the real REST client, credentials read per listing), the
 * embedded SQLite store and the console notifier run against it on a
 * simulated clock. Needs nothing but Node and the installed packages.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterConfig } from '../../adapters/config/monitor-config.js';
import type { ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import { createPollPipeline } from '../../adapters/poll-pipeline/poll-pipeline.js';
import type { PollSummary } from '../../core/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../core/poll-settings.js';
import type { Notification, Notifier } from '../../core/ports.js';
import { formatDuration } from '../../core/render/durations.js';
import type { TextSink } from '../cli/cli-io.js';
import { ConsoleNotifier } from '../cli/console-notifier.js';
import { queryHistory } from '../cli/history-command.js';
import { formatHistoryTable } from '../cli/history-format.js';
import { CLI_FROM_CLONE } from '../cli/invocation.js';
import { readStatus, renderStatus } from '../cli/status-command.js';
import { DEFAULT_SCENARIO_PATH, loadScenarioFile, type Scenario } from '../simulator/scenario-file.js';
import { startScenario } from '../simulator/scenario-player.js';
import { openSqliteLinkStateStore } from '../sqlite-store/sqlite-link-state-store.js';
import { SimulatedClock } from './simulated-clock.js';

export interface DemoOptions {
  readonly out: TextSink;
  /** No pauses between steps (CI, tests). @default false */
  readonly fast?: boolean;
  /** Real time between two steps when not fast, so a reader can follow. @default 1500 */
  readonly stepPauseMs?: number;
  /** @default the built-in scenario (`scenarios/default.yaml`) */
  readonly scenarioPath?: string;
  /** Embedded store file, kept after the demo. @default a new file in the OS temp folder */
  readonly dbPath?: string;
  /** Show the Slack preview of each notification. @default true */
  readonly slack?: boolean;
}

export interface DemoResult {
  readonly notifications: readonly Notification[];
  readonly dbPath: string;
  readonly polls: number;
}

/** Not a real credential: the simulator only accepts it, so the demo exercises auth like production does. */
const DEMO_CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'DEMOKEY',
  apiSecret: 'demo-secret-not-real',
};
/**
 * The demo's clusters read their credentials the way a local config does (`credentials.env`),
 * from this environment of the demo's own rather than the user's.
 */
const DEMO_ENV = { DEMO_API_KEY: DEMO_CREDENTIALS.apiKey, DEMO_API_SECRET: DEMO_CREDENTIALS.apiSecret };
/** The demo's whole poll deadline: on the simulated clock, so it never expires mid-demo. */
const DEMO_POLL_TIMEOUT_MS = 60_000;

const DEMO_SETTINGS: PollSettings = Object.freeze({
  ...DEFAULT_POLL_SETTINGS,
  // The demo's whole deadline is a minute; the Lambda default reserve of 10 s would be most of it.
  reserveMs: 2_000,
});

/** Counts what the notifier shows while passing it on. */
class RecordingNotifier implements Notifier {
  readonly published: Notification[] = [];
  readonly #inner: Notifier;

  constructor(inner: Notifier) {
    this.#inner = inner;
  }

  async publish(notification: Notification): Promise<void> {
    this.published.push(notification);
    await this.#inner.publish(notification);
  }
}

/** Simulated time the whole scenario spans, so the demo can end at about the real time. */
function scenarioSpanMs(scenario: Scenario): number {
  return scenario.steps.reduce((sum, s) => sum + s.afterMs + (s.polls - 1) * scenario.pollIntervalMs, 0);
}

function clockText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/**
 * Plays the scenario and prints the timeline, each notification, then the
 * `status` and `history` views of what was recorded.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = (text = '') => options.out.write(`${text}\n`);
  const started = Date.now();
  const scenario = await loadScenarioFile(options.scenarioPath ?? DEFAULT_SCENARIO_PATH);
  // Ending the simulated timeline within the last two hours keeps `history --since 24h` meaningful
  // on the kept file. Starting a minute before an hour keeps every run the same: which links'
  // tasks a poll reads in rotation depends on the poll's time (`planDetailReads`), and the
  // scenario's task recovery is meant to come a few polls after the links' own.
  const minute = 60_000;
  const hour = 60 * minute;
  const clock = new SimulatedClock(
    new Date(Math.floor((Date.now() - scenarioSpanMs(scenario)) / hour) * hour - minute),
  );
  const dbPath = options.dbPath ?? join(mkdtempSync(join(tmpdir(), 'link-monitor-demo-')), 'state.db');
  const player = await startScenario(scenario, { auth: DEMO_CREDENTIALS });
  const store = openSqliteLinkStateStore({ path: dbPath, now: clock.nowMs });
  const notifier = new RecordingNotifier(
    new ConsoleNotifier({ write: (line) => out(`    ${line}`.trimEnd()), slack: options.slack ?? true }),
  );
  const clusters: ClusterConfig[] = scenario.clusters.map((c) => ({
    clusterId: c.clusterId,
    label: c.label,
    restEndpoint: player.simulator.baseUrl,
    credentials: { kind: 'env-basic', apiKeyVar: 'DEMO_API_KEY', apiSecretVar: 'DEMO_API_SECRET' },
  }));
  const pipeline = createPollPipeline({
    clusters,
    settings: DEMO_SETTINGS,
    store,
    notifier,
    env: DEMO_ENV,
    now: clock.now,
    confluent: { options: { requestTimeoutMs: 5_000, maxAttempts: 2, baseDelayMs: 20 } },
  });
  let polls = 0;

  try {
    const linkCount = scenario.clusters.reduce((n, c) => n + player.simulator.links(c.clusterId).length, 0);
    out('Cluster Link Monitor: local demo');
    out(`  Scenario      ${scenario.name}: ${scenario.description ?? ''}`.trimEnd());
    out(
      `  Confluent     simulated Kafka REST v3 at ${player.simulator.baseUrl} (${clusters.length} clusters, ${linkCount} links)`,
    );
    out(`  State         embedded SQLite store ${dbPath}`);
    out(`  Notifications printed here as the email and Slack would show them`);
    out(
      `  Clock         simulated: hours pass in milliseconds (reminder interval ${formatDuration(DEMO_SETTINGS.reminderIntervalMs / 1000)})`,
    );

    for (const [index, step] of scenario.steps.entries()) {
      clock.advance(step.afterMs);
      player.advance();
      const elapsed = step.afterMs === 0 ? '' : ` (+${formatDuration(step.afterMs / 1000)})`;
      out();
      out(
        `=== Step ${index + 1}/${scenario.steps.length}  ${clockText(clock.now())}${elapsed}  ${step.title}`,
      );
      if (step.expect !== null) out(`    expect: ${step.expect}`);
      const before = notifier.published.length;
      for (let poll = 0; poll < step.polls; poll++) {
        if (poll > 0) clock.advance(scenario.pollIntervalMs);
        out(`    poll at ${clockText(clock.now())}`);
        const summary = await pipeline.poll({ timeLeftMs: DEMO_POLL_TIMEOUT_MS });
        polls += 1;
        out(`    ${summaryLine(summary)}`);
      }
      const shown = notifier.published.length - before;
      out(shown === 0 ? '    (no notification)' : `    (${shown} notification${shown === 1 ? '' : 's'})`);
      if (!options.fast && index < scenario.steps.length - 1) await sleep(options.stepPauseMs ?? 1_500);
    }

    const now = clock.now();
    out();
    out('=== What the monitor recorded');
    out();
    out('$ link-monitor status');
    out(renderStatus(await readStatus(store, undefined, now), 'table').trimEnd());
    const first = clusters[0];
    if (first !== undefined) {
      out();
      out(`$ link-monitor history --cluster ${first.clusterId} --since 24h`);
      const range = { from: new Date(now.getTime() - 86_400_000).toISOString(), to: now.toISOString() };
      out(formatHistoryTable(await queryHistory(store, { cluster: first.clusterId, ...range })).trimEnd());
    }
    out();
    out(
      `Demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${polls} polls, ${notifier.published.length} notifications.`,
    );
    out(
      `Explore what was recorded (from the root of the clone; after \`npm link\`, plain \`link-monitor\`):`,
    );
    out(`  ${CLI_FROM_CLONE} status --db ${dbPath}`);
    for (const c of clusters) out(`  ${CLI_FROM_CLONE} history --db ${dbPath} --cluster ${c.clusterId}`);
    return { notifications: notifier.published, dbPath, polls };
  } finally {
    pipeline.close();
    store.close();
    await player.close();
  }
}

function summaryLine(summary: PollSummary): string {
  return summary.results
    .map((r) => {
      const outcome =
        r.outcome === 'ok' ? '' : ` ${r.outcome.toUpperCase()}${r.error === undefined ? '' : `: ${r.error}`}`;
      return `${r.clusterLabel}: ${r.links} links, ${r.events} change(s) recorded, ${r.published} published${outcome}`;
    })
    .join('; ');
}
