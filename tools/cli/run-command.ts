/**
 * `link-monitor run --config FILE`: the poller outside Lambda, once or on an
 * interval, with the embedded or the DynamoDB store and console or SNS
 * notifications. SIGINT/SIGTERM stop it after the poll in flight.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { parseDurationMs } from '../../adapters/config/durations.js';
import { InvalidConfigError } from '../../adapters/config/invalid-config-error.js';
import { loadConfigFile } from '../../adapters/config/load-config.js';
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import { createPollPipeline } from '../../adapters/poll-pipeline/poll-pipeline.js';
import type { PollSummary } from '../../core/poll/poll-clusters.js';
import { CliError, CliUsageError, EXIT_PROBLEM } from './cli-errors.js';
import { type CommandContext, oneOf } from './command-context.js';
import { NOTIFY_KINDS, type NotifyKind, selectNotifier } from './notifier-selection.js';
import { runPollLoop } from './poll-loop.js';
import { addStoreOptions, openSelectedStore, type StoreFlags } from './store-selection.js';
import { formatTimestamp, printable } from './text-table.js';

interface RunFlags extends StoreFlags {
  readonly config: string;
  readonly once?: boolean;
  readonly every?: number;
  readonly notify: NotifyKind;
  readonly topicArn?: string;
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

/** One line per poll: when, and per cluster its outcome. */
export function formatPollLine(summary: PollSummary, at: Date): string {
  const clusters = summary.results.map((r) => {
    const what = `${r.links} links, ${r.events} change(s), ${r.published} sent`;
    return r.outcome === 'ok'
      ? `${r.clusterLabel} ok (${what})`
      : `${r.clusterLabel} ${r.outcome.toUpperCase()}: ${r.error ?? ''}`;
  });
  // Errors quote server text: one line, without terminal escapes.
  return `${printable(`[${formatTimestamp(at.toISOString())}] poll: ${clusters.join('; ')}`).replace(/\n/g, ' ')}\n`;
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
    .addHelpText(
      'after',
      '\nNotifications: console prints them as the email and Slack would show them; sns publishes to the\n' +
        "deployed topic; slack posts to the webhook in SLACK_WEBHOOK_URL, or in the config's slack.webhookSecret.\n" +
        'Cluster credentials come from the config: a Secrets Manager secret, or environment variables (credentials.env).\n',
    );
  addStoreOptions(command).action(async (flags: RunFlags) => {
    const { io } = context;
    if (flags.once && flags.every !== undefined) throw new CliUsageError('give --once or --every, not both');
    const config = await loadConfig(flags.config);
    const opened = await openSelectedStore(flags, 'write', context);
    try {
      const selected = await selectNotifier(flags.notify, flags, config, context);
      try {
        // As in Lambda: credentials are read when a cluster is listed, so a secret that is missing or
        // unreadable fails that cluster's poll (and counts towards CLUSTER_UNREACHABLE), not the run,
        // and `--every` picks up a rotated key (by age, and at once after a 401).
        const pipeline = createPollPipeline({
          clusters: config.clusters,
          settings: config.settings,
          store: opened.store,
          notifier: selected.notifier,
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
            io.stderr.write('Stopping: finishing the poll in flight, starting no new one.\n');
          io.stopSignal?.addEventListener('abort', onAbort, { once: true });
          const result = await runPollLoop({
            intervalMs,
            ...(io.stopSignal === undefined ? {} : { signal: io.stopSignal }),
            poll: () => pipeline.poll({ timeLeftMs: config.pollTimeoutMs }),
            onPoll: (summary) => io.stdout.write(formatPollLine(summary, io.now())),
          });
          io.stopSignal?.removeEventListener('abort', onAbort);
          if (flags.once && (result.last?.clustersFailed ?? 0) > 0) context.setExitCode(EXIT_PROBLEM);
        } finally {
          pipeline.close();
        }
      } finally {
        selected.close();
      }
    } finally {
      opened.close();
    }
  });
}
