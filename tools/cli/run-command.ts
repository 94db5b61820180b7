/**
 * `link-monitor run --config FILE`: the poller outside Lambda, once or on an
 * interval, with the embedded or the DynamoDB store and console or SNS
 * notifications. SIGINT/SIGTERM abort the posts in flight (their events stay
 * pending), let the poll record what it read, and start no new one.
 */
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { parseDurationMs } from '../../adapters/config/durations.js';
import { InvalidConfigError } from '../../adapters/config/invalid-config-error.js';
import { loadConfigFile } from '../../adapters/config/load-config.js';
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import { createPollPipeline } from '../../adapters/poll-pipeline/poll-pipeline.js';
import type { PollSummary } from '../../core/poll/poll-results.js';
import { StoreInUseError } from '../sqlite-store/sqlite-link-state-store.js';
import { CliError, CliUsageError, EXIT_PROBLEM } from './cli-errors.js';
import { type CommandContext, oneOf } from './command-context.js';
import { NOTIFY_KINDS, type NotifyKind, selectNotifier } from './notifier-selection.js';
import { runPollLoop } from './poll-loop.js';
import { PollPublishing, PublishWindow } from './poll-publishing.js';
import {
  addStoreOptions,
  type OpenedStores,
  openSelectedStores,
  type StoreFlags,
} from './store-selection.js';
import { formatTimestamp, printable } from './text-table.js';

/** Polls in a row that met a failure of the embedded file itself before `run` gives up with exit 1. */
export const STORE_BROKEN_AFTER_POLLS = 3;

type LogFormat = 'text' | 'json';

interface RunFlags extends StoreFlags {
  readonly config: string;
  readonly once?: boolean;
  readonly every?: number;
  readonly notify: NotifyKind;
  readonly topicArn?: string;
  readonly healthFile?: string;
  readonly logFormat: LogFormat;
}

function interval(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === null || ms < 1_000)
    throw new InvalidArgumentError('must be a duration of at least 1s, such as 30s or 5m.');
  return ms;
}

async function loadConfig(path: string): Promise<MonitorConfig> {
  try {
    return await loadConfigFile(path);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      throw new CliError(`the config is not valid:\n  ${error.message.split('\n').join('\n  ')}`, {
        hint: `\`link-monitor check --config ${path}\` explains each problem`,
      });
    }
    throw error;
  }
}

/** Why a cluster's publishing failed this poll, when the notifier said. */
export type PublishFailureOf = (clusterId: string) => string | undefined;

/** A cluster's error, with why publishing failed when that is what the error is about. */
function clusterError(r: PollSummary['results'][number], publishFailureOf: PublishFailureOf): string {
  const reason = r.failedStep === 'publish' ? publishFailureOf(r.clusterId) : undefined;
  return `${r.error ?? ''}${reason === undefined ? '' : ` (last: ${reason})`}`;
}

/** One line per poll: when, and per cluster its outcome. */
export function formatPollLine(
  summary: PollSummary,
  at: Date,
  publishFailureOf: PublishFailureOf = () => undefined,
): string {
  const clusters = summary.results.map((r) => {
    const what = `${r.links} links, ${r.events} change(s), ${r.published} sent`;
    return r.outcome === 'ok'
      ? `${r.clusterLabel} ok (${what})`
      : `${r.clusterLabel} ${r.outcome.toUpperCase()}: ${clusterError(r, publishFailureOf)}`;
  });
  // Errors quote server text: one line, without terminal escapes.
  return `${printable(`[${formatTimestamp(at.toISOString())}] poll: ${clusters.join('; ')}`).replace(/\n/g, ' ')}\n`;
}

/** `--log-format json`: the poll as one JSON document on one line, for a log pipeline. */
export function formatPollJson(
  summary: PollSummary,
  at: Date,
  publishFailureOf: PublishFailureOf = () => undefined,
): string {
  const clusters = summary.results.map((r) => ({
    clusterId: r.clusterId,
    clusterLabel: r.clusterLabel,
    outcome: r.outcome,
    links: r.links,
    events: r.events,
    published: r.published,
    publishFailures: r.publishFailures,
    quarantined: r.quarantined,
    ...(r.failedStep === undefined ? {} : { failedStep: r.failedStep }),
    ...(r.error === undefined ? {} : { error: clusterError(r, publishFailureOf) }),
  }));
  return `${JSON.stringify({ poll: { at: at.toISOString(), clusters } })}\n`;
}

/**
 * The embedded file is written by one process at a time: a live one on this host is refused, and
 * the claims a predecessor left (killed while publishing) are taken back at once instead of after
 * they expire, which would send its problems after the recoveries this process sends first.
 */
async function takeOverFile(
  opened: OpenedStores,
  context: CommandContext,
): Promise<(() => Promise<void>) | null> {
  const file = opened.embedded;
  if (file === undefined) return null;
  const me = { pid: process.pid, host: hostname() };
  let taken: Awaited<ReturnType<typeof file.takeOver>>;
  try {
    taken = await file.takeOver({ ...me, at: context.io.now().toISOString(), isAlive });
  } catch (error) {
    if (error instanceof StoreInUseError)
      throw new CliError(`${opened.description} is in use: ${error.message}`, {
        hint: 'stop that process first, or give this one a file of its own with --db FILE',
      });
    throw error;
  }
  const { previous, claimsTakenBack } = taken;
  if (previous !== null) {
    const other = previous.host !== me.host;
    context.io.stderr.write(
      `${other ? 'warning: ' : ''}${opened.description} was last written by process ${previous.pid} on ${previous.host} ` +
        `(last poll ${previous.heartbeatAt}), which did not stop cleanly; the ${claimsTakenBack} pending event(s) it was sending go out now.\n` +
        (other
          ? '  If that process still runs, stop one of the two: an embedded file takes one writer.\n'
          : ''),
    );
  }
  return async () => {
    await file.releaseRunner(me.pid);
  };
}

/** Whether a process of this host runs: signal 0 checks without signalling. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Counts polls in a row that met a failure of the embedded file: a damaged or read-only file does
 * not heal, and a process polling on blind would print the same line forever.
 */
function storeWatch(opened: OpenedStores): (summary: PollSummary) => void {
  let seen = opened.fileFailures?.() ?? 0;
  let brokenPolls = 0;
  return (summary) => {
    const failures = opened.fileFailures?.() ?? 0;
    brokenPolls = failures > seen ? brokenPolls + 1 : 0;
    seen = failures;
    if (brokenPolls < STORE_BROKEN_AFTER_POLLS) return;
    const error = summary.results.find((r) => r.failedStep === 'store')?.error ?? 'the store failed';
    throw new CliError(
      `stopping after ${brokenPolls} polls in a row could not use ${opened.description}: ${error}`,
      {
        hint: 'fix or replace the file as the error says, then start again',
      },
    );
  };
}

/** `--health-file`: touched after each poll whose results were recorded, for a liveness probe. */
function touchHealthFile(path: string, summary: PollSummary, at: Date): void {
  if (summary.results.some((r) => r.failedStep === 'store')) return;
  writeFileSync(path, `${at.toISOString()}\n`);
}

export function registerRunCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('run')
    .description('Run the poller outside Lambda: once, or every interval until SIGINT/SIGTERM')
    .requiredOption('--config <file>', 'the monitor config file (YAML or JSON)')
    .option('--once', 'poll once and exit (exit 1 when a cluster failed)')
    .option('--every <duration>', "poll at this interval (default: the config's schedule)", interval)
    .option(
      '--notify <kind>',
      `where notifications go: ${NOTIFY_KINDS.join(' or ')}`,
      oneOf(NOTIFY_KINDS),
      'console',
    )
    .option(
      '--topic-arn <arn>',
      'SNS topic for --notify sns (default: the stack output NotificationTopicArn)',
    )
    .option(
      '--health-file <path>',
      'write the time to this file after each poll whose results were recorded (a liveness probe checks its age)',
    )
    .option(
      '--log-format <format>',
      'text or json (one JSON document a line)',
      oneOf(['text', 'json'] as const),
      'text',
    )
    .addHelpText(
      'after',
      '\nNotifications: console prints them as the email and Slack would show them; sns publishes to the\n' +
        "deployed topic; slack posts to the webhook in SLACK_WEBHOOK_URL, or in the config's slack.webhookSecret;\n" +
        'pagerduty sends Events API v2 events with the key in PAGERDUTY_ROUTING_KEY (to PAGERDUTY_EVENTS_URL, e.g. a\n' +
        'local stand-in, when set) and prints each event as PagerDuty receives it.\n' +
        'Cluster credentials come from the config: a Secrets Manager secret, or environment variables (credentials.env).\n',
    );
  addStoreOptions(command).action(async (flags: RunFlags) => {
    if (flags.once && flags.every !== undefined) throw new CliUsageError('give --once or --every, not both');
    const config = await loadConfig(flags.config);
    const opened = await openSelectedStores(flags, 'write', context);
    try {
      const release = await takeOverFile(opened, context);
      try {
        await pollUntilStopped(flags, config, opened, context);
      } finally {
        await release?.().catch(() => {});
      }
    } finally {
      opened.close();
    }
  });
}

async function pollUntilStopped(
  flags: RunFlags,
  config: MonitorConfig,
  opened: OpenedStores,
  context: CommandContext,
): Promise<void> {
  const { io } = context;
  const window = new PublishWindow(io.stopSignal);
  const selected = await selectNotifier(flags.notify, flags, config, context, {
    bounds: window,
    json: flags.logFormat === 'json',
  });
  try {
    const publishing = new PollPublishing(selected.notifier, window);
    // As in Lambda: credentials are read when a cluster is listed, so a secret that is missing or
    // unreadable fails that cluster's poll (and counts towards CLUSTER_UNREACHABLE), not the run,
    // and `--every` picks up a rotated key (by age, and at once after a 401).
    const pipeline = createPollPipeline({
      config,
      store: opened.links,
      silences: opened.silences,
      notifier: publishing,
      env: io.env,
      now: io.now,
      ...(context.secretsManager === undefined ? {} : { secretsManager: context.secretsManager }),
    });
    try {
      const intervalMs = flags.once ? null : (flags.every ?? config.schedule.intervalMs);
      io.stderr.write(
        `Polling ${config.clusters.length} cluster(s) ${intervalMs === null ? 'once' : `every ${intervalMs / 1000}s`}; ` +
          `store: ${opened.description}; notifications: ${selected.description}\n`,
      );
      const onAbort = () =>
        io.stderr.write(
          'Stopping: finishing the poll in flight without its posts (they stay pending), starting no new one.\n',
        );
      io.stopSignal?.addEventListener('abort', onAbort, { once: true });
      const watchStore = storeWatch(opened);
      const format = flags.logFormat === 'json' ? formatPollJson : formatPollLine;
      try {
        const result = await runPollLoop({
          intervalMs,
          ...(io.stopSignal === undefined ? {} : { signal: io.stopSignal }),
          poll: () => {
            publishing.open(io.now().getTime() + config.pollTimeoutMs);
            return pipeline.poll({ timeLeftMs: config.pollTimeoutMs });
          },
          onPoll: (summary) => {
            const at = io.now();
            io.stdout.write(format(summary, at, (id) => publishing.failureOf(id)));
            watchStore(summary);
            if (flags.healthFile !== undefined) touchHealthFile(flags.healthFile, summary, at);
            void opened.embedded?.heartbeat(process.pid, at.toISOString()).catch(() => {});
          },
        });
        if (flags.once && (result.last?.clustersFailed ?? 0) > 0) context.setExitCode(EXIT_PROBLEM);
      } finally {
        io.stopSignal?.removeEventListener('abort', onAbort);
      }
    } finally {
      pipeline.close();
    }
  } finally {
    selected.close();
  }
}
