/**
 * The local demo behind `npm start`: a simulated Confluent REST endpoint plays
 * a scenario while the real poll pipeline (the one Lambda and `link-monitor run`
 * use: `pollClusters`, the real REST client, credentials read per listing), the
 * embedded SQLite store and the console notifier run against it on a
 * simulated clock, which the simulator's offsets follow too. Needs nothing but Node and the
 * installed packages.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify as toYaml } from 'yaml';
import { parseConfig } from '../../adapters/config/load-config.js';
import type { ClusterConfig, MonitorConfig } from '../../adapters/config/monitor-config.js';
import type { ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import { createPollPipeline } from '../../adapters/poll-pipeline/poll-pipeline.js';
import { WEEKDAYS, type Weekday } from '../../core/control/zoned-time.js';
import { describeEvent } from '../../core/notify/render/change-phrases.js';
import { formatDuration } from '../../core/notify/render/durations.js';
import type { PollSummary } from '../../core/poll/poll-results.js';
import type { ReadinessSettings } from '../../core/poll/poll-settings.js';
import type { LinkStateStore, Notification, Notifier } from '../../core/ports.js';
import { BufferSink, type TextSink } from '../cli/cli-io.js';
import { ConsoleNotifier } from '../cli/console-notifier.js';
import { queryHistory } from '../cli/history-command.js';
import { formatHistoryTable } from '../cli/history-format.js';
import { CLI_FROM_CLONE } from '../cli/invocation.js';
import { runCli } from '../cli/main.js';
import { readStatus, renderStatus } from '../cli/status-command.js';
import type { MirrorActionRequest } from '../simulator/mirror-actions.js';
import {
  DEFAULT_SCENARIO_PATH,
  loadScenarioFile,
  type Scenario,
  type ScenarioSilence,
} from '../simulator/scenario-file.js';
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
  /** Every mirror or config action the simulator was asked for: the monitor's failover dry runs. */
  readonly actionRequests: readonly MirrorActionRequest[];
}

/** Not a real credential: the simulator only accepts it, so the demo exercises auth like production does. */
export const DEMO_CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'DEMOKEY',
  apiSecret: 'demo-secret-not-real',
};
/**
 * The demo's clusters read their credentials the way a local config does (`credentials.env`),
 * from this environment of the demo's own rather than the user's.
 */
export const DEMO_ENV = {
  DEMO_API_KEY: DEMO_CREDENTIALS.apiKey,
  DEMO_API_SECRET: DEMO_CREDENTIALS.apiSecret,
};
/**
 * The demo's `readiness` block, as a user would write it: the settings
 * `scenarios/failover-readiness.yaml` and the readiness steps of `default.yaml` assume. Checked
 * every poll: at the default (every 5) a stall would take 20 simulated minutes to show, and the
 * scenarios' steps would have to wait for it. Dry runs on, which the simulator answers without
 * ever changing anything.
 */
export const DEMO_READINESS = Object.freeze({
  everyPolls: 1,
  stallReads: 3,
  maxSecondsBehind: 300,
  stuckAfter: '10m',
  dryRunFailover: true,
});

/** The demo's whole poll deadline: on the simulated clock, so it never expires mid-demo. */
const DEMO_POLL_TIMEOUT_MS = 60_000;

/** The demo's whole deadline is a minute; the Lambda default reserve of 10 s would be most of it. */
const DEMO_RESERVE_MS = 2_000;

/**
 * Holds what one poll publishes and shows it once the poll is done, cluster by cluster in the
 * scenario's order, each cluster's in the order published. Clusters are polled side by side, so
 * the order they finish in is the machine's, not the story's; the demo tells the story.
 */
class PollNotifications implements Notifier {
  readonly published: Notification[] = [];
  readonly #inner: Notifier;
  readonly #clusterOrder: readonly string[];
  #held: Notification[] = [];

  constructor(inner: Notifier, clusterOrder: readonly string[]) {
    this.#inner = inner;
    this.#clusterOrder = clusterOrder;
  }

  async publish(notification: Notification): Promise<void> {
    this.#held.push(notification);
  }

  /** Shows what the last poll published; sorting is stable, so each cluster keeps its own order. */
  async show(): Promise<void> {
    const rank = (n: Notification) => this.#clusterOrder.indexOf(n.clusterId);
    const held = [...this.#held].sort((a, b) => rank(a) - rank(b));
    this.#held = [];
    for (const notification of held) {
      this.published.push(notification);
      await this.#inner.publish(notification);
    }
  }
}

/** Simulated time the whole scenario spans, so the demo can end at about the real time. */
function scenarioSpanMs(scenario: Scenario): number {
  return scenario.steps.reduce((sum, s) => sum + s.afterMs + (s.polls - 1) * scenario.pollIntervalMs, 0);
}

function clockText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Simulated time at which each step begins, from the clock's start. */
function stepStarts(scenario: Scenario, startMs: number): number[] {
  const starts: number[] = [];
  let at = startMs;
  for (const [index, step] of scenario.steps.entries()) {
    const previous = scenario.steps[index - 1];
    if (previous !== undefined) at += (previous.polls - 1) * scenario.pollIntervalMs;
    at += step.afterMs;
    starts.push(at);
  }
  return starts;
}

/**
 * The demo's config, as a user would write it: the scenario's clusters on the simulator, and
 * each step's maintenance window opening weekly (UTC) on the day and at the time the step begins
 * on the simulated clock, so that the window is open at that step whenever the demo runs.
 */
export function demoConfigDocument(
  scenario: Scenario,
  baseUrl: string,
  startMs: number,
): { document: Record<string, unknown>; windows: string[] } {
  const starts = stepStarts(scenario, startMs);
  const windows: Record<string, unknown>[] = [];
  const described: string[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    const w = step.maintenanceWindow;
    if (w === null) continue;
    const opensAt = new Date(starts[index] ?? startMs);
    const opens = opensAt.toISOString().slice(11, 16);
    const day = WEEKDAYS[(opensAt.getUTCDay() + 6) % 7] as Weekday;
    const match = {
      ...(w.clusters.length === 0 ? {} : { clusters: [...w.clusters] }),
      ...(w.linkName === null ? {} : { linkName: w.linkName }),
    };
    windows.push({
      name: w.name,
      days: [day],
      start: opens,
      duration: `${Math.round(w.durationMs / 1000)}s`,
      timeZone: 'UTC',
      match,
      reason: w.reason,
    });
    described.push(
      `${w.name}: every ${day} ${opens} UTC for ${formatDuration(w.durationMs / 1000) ?? `${w.durationMs} ms`}, ${Object.entries(
        match,
      )
        .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : v}`)
        .join(', ')} (${w.reason})`,
    );
  }
  return {
    document: {
      clusters: scenario.clusters.map((c) => ({
        clusterId: c.clusterId,
        label: c.label,
        restEndpoint: baseUrl,
        credentials: { env: { apiKey: 'DEMO_API_KEY', apiSecret: 'DEMO_API_SECRET' } },
      })),
      ...(windows.length === 0 ? {} : { maintenanceWindows: windows }),
      readiness: { ...DEMO_READINESS },
    },
    windows: described,
  };
}

/** `link-monitor silence add` as someone would type it before planned work. */
export function silenceAddArgs(silence: ScenarioSilence): string[] {
  return [
    'silence',
    'add',
    ...silence.clusters.flatMap((c) => ['--cluster', c]),
    ...(silence.link === null ? [] : ['--link', silence.link]),
    '--for',
    silence.for,
    '--reason',
    silence.reason,
    '--by',
    silence.by,
  ];
}

/** An argument as a shell would need it written. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
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
  // Offsets move with the simulated clock: time behind and stalls are measured on the poller's clock.
  const player = await startScenario(scenario, { auth: DEMO_CREDENTIALS, now: clock.nowMs });
  const store = openSqliteLinkStateStore({ path: dbPath, now: clock.nowMs });
  const notifier = new PollNotifications(
    new ConsoleNotifier({ write: (line) => out(`    ${line}`.trimEnd()), slack: options.slack ?? true }),
    scenario.clusters.map((c) => c.clusterId),
  );
  // Parsed like any config (its windows validated as at synth), and kept next to the store so
  // that `silence list --config` can show its windows afterwards.
  const demoConfig = demoConfigDocument(scenario, player.simulator.baseUrl, clock.nowMs());
  const configPath = join(dirname(dbPath), 'demo-config.yaml');
  const configText = toYaml(demoConfig.document);
  const config: MonitorConfig = parseConfig(configText, configPath);
  writeFileSync(configPath, configText);
  const clusters = config.clusters;
  /** Runs a `link-monitor` command on the demo's store and clock, printing it and its output. */
  const cli = async (args: readonly string[], indent = ''): Promise<void> => {
    // Tables wrap to the terminal, less the indent; to a pipe they stay whole, as the CLI's do.
    const sink = new BufferSink(
      options.out.columns === undefined ? undefined : options.out.columns - indent.length,
    );
    const argv = [...args, '--db', dbPath];
    out(`${indent}$ link-monitor ${argv.map(shellWord).join(' ')}`);
    const code = await runCli(argv, {
      stdout: sink,
      stderr: sink,
      env: {},
      now: clock.now,
    });
    for (const line of sink.text.trimEnd().split('\n')) out(`${indent}${line}`.trimEnd());
    if (code !== 0) throw new Error(`link-monitor ${args.join(' ')} exited with ${code}`);
  };
  // The config as `run` and the deployed poller would take it; only the time reserve is the demo's.
  const pollConfig = { ...config, settings: { ...config.settings, reserveMs: DEMO_RESERVE_MS } };
  const pipeline = createPollPipeline({
    config: pollConfig,
    store,
    silences: store,
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
      `  Clock         simulated: hours pass in milliseconds (reminder interval ${formatDuration(pollConfig.settings.reminderIntervalMs / 1000)})`,
    );
    out(`  Config        ${configPath}`);
    for (const window of demoConfig.windows) out(`  Window        ${window}`);
    const readiness = pollConfig.settings.readiness;
    if (readiness !== null) out(`  Readiness     ${readinessLine(readiness)}`);

    for (const [index, step] of scenario.steps.entries()) {
      clock.advance(step.afterMs);
      player.advance();
      const elapsed = step.afterMs === 0 ? '' : ` (+${formatDuration(step.afterMs / 1000)})`;
      out();
      out(
        `=== Step ${index + 1}/${scenario.steps.length}  ${clockText(clock.now())}${elapsed}  ${step.title}`,
      );
      if (step.expect !== null) out(`    expect: ${step.expect}`);
      if (step.silence !== null) await cli(silenceAddArgs(step.silence), '    ');
      const stepStart = clock.now();
      const before = notifier.published.length;
      for (let poll = 0; poll < step.polls; poll++) {
        if (poll > 0) clock.advance(scenario.pollIntervalMs);
        out(`    poll at ${clockText(clock.now())}`);
        const summary = await pipeline.poll({ timeLeftMs: DEMO_POLL_TIMEOUT_MS });
        await notifier.show();
        polls += 1;
        out(`    ${summaryLine(summary)}`);
      }
      for (const line of await silencedLines(store, clusters, stepStart, clock.now())) out(`    ${line}`);
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
    if (readiness !== null) {
      out();
      await cli(['readiness', '--config', configPath]);
      out(actionsLine(player.simulator.actionRequests()));
    }
    const first = clusters[0];
    if (first !== undefined) {
      out();
      out(`$ link-monitor history --cluster ${first.clusterId} --since 24h`);
      const range = { from: new Date(now.getTime() - 86_400_000).toISOString(), to: now.toISOString() };
      const events = await queryHistory(store, { cluster: first.clusterId, ...range });
      out(formatHistoryTable(events, { width: options.out.columns }).trimEnd());
    }
    if (scenario.steps.some((step) => step.silence !== null || step.maintenanceWindow !== null)) {
      out();
      await cli(['silence', 'list', '--config', configPath]);
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
    return {
      notifications: notifier.published,
      dbPath,
      polls,
      actionRequests: player.simulator.actionRequests(),
    };
  } finally {
    pipeline.close();
    store.close();
    await player.close();
  }
}

/** What the step recorded under a silence or window: in history, not notified. */
async function silencedLines(
  store: LinkStateStore,
  clusters: readonly ClusterConfig[],
  from: Date,
  to: Date,
): Promise<string[]> {
  const lines: string[] = [];
  for (const c of clusters) {
    const events = await queryHistory(store, {
      cluster: c.clusterId,
      from: from.toISOString(),
      to: to.toISOString(),
    });
    for (const e of events.reverse()) {
      if (e.silencedBy === undefined || e.silencedBy === null) continue;
      lines.push(
        `silenced by ${e.silencedBy}: ${c.label} link ${e.linkName ?? '-'} ${describeEvent(e)} (recorded, not notified)`,
      );
    }
  }
  return lines;
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

/** The readiness settings in force, as the demo's header names them. */
function readinessLine(r: ReadinessSettings): string {
  const duration = (seconds: number) => formatDuration(seconds) ?? `${seconds} s`;
  const every = r.everyPolls === 1 ? 'every poll' : `every ${r.everyPolls} polls`;
  const target = r.maxSecondsBehind === null ? '' : `, target ${duration(r.maxSecondsBehind)} behind`;
  const dryRuns = r.dryRunsPerPoll === 0 ? '' : ', failover dry runs (validate_only=true)';
  return `checked ${every}: stalled after ${r.stallReads} reads${target}, stuck after ${duration(r.stuckAfterMs / 1000)}${dryRuns}`;
}

/**
 * What the monitor asked Confluent to do: dry runs only. Said at the end because someone trying a
 * monitor that posts to `mirrors:failover` will want to see that it never failed anything over.
 */
function actionsLine(requests: readonly MirrorActionRequest[]): string {
  const dryRuns = requests.filter((r) => r.validateOnly).length;
  const others = requests.filter((r) => !r.validateOnly);
  const said = `Actions asked of the simulated Confluent: ${dryRuns} dry run(s), each with validate_only=true`;
  if (others.length === 0) return `${said}; nothing else.`;
  const listed = others.map(
    (r) => `${r.method} ${r.linkName}/${r.action}${r.query === '' ? '' : `?${r.query}`}`,
  );
  return `${said}; and ${others.length} other(s), refused: ${listed.join(', ')}`;
}
