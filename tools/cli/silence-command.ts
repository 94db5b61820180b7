/**
 * `link-monitor silence add|list|expire`: silences kept in the state store (embedded or
 * DynamoDB), which the poller reads once per poll. `list` also shows the config's
 * maintenance windows, which act as silences while open.
 */
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { DuplicateSilenceError } from '../../core/control/duplicate-silence-error.js';
import { MAX_GLOB_LENGTH } from '../../core/control/link-name-glob.js';
import { WINDOW_ID_PREFIX, windowOccurrences } from '../../core/control/maintenance-window.js';
import type { Silence, SilenceMatchers } from '../../core/control/silence.js';
import { EVENT_TYPES, type EventType } from '../../core/model/change-events.js';
import { SEVERITIES, type Severity } from '../../core/model/link-model.js';
import { callerArn } from './caller-identity.js';
import { CliError, CliUsageError } from './cli-errors.js';
import { loadCommandConfig } from './command-config.js';
import { type CommandContext, oneOf } from './command-context.js';
import { formatSilences, type ListedSilence, stateOf } from './silence-format.js';
import { checkSilenceTargets } from './silence-targets.js';
import { addStoreOptions, openSelectedSilenceStore, type StoreFlags, withStore } from './store-selection.js';
import { parseTimeExpression } from './time-range.js';

/** Longest silence: a year. A silence meant for longer belongs in the config as a window. */
const MAX_SILENCE_MS = 366 * 86_400_000;
const MAX_REASON_CHARS = 500;

const collect =
  <T>(parse: (value: string) => T) =>
  (value: string, previous: T[] | undefined) => [...(previous ?? []), parse(value)];

interface AddFlags extends StoreFlags {
  /** Ids or labels. */
  readonly cluster?: string[];
  readonly link?: string;
  readonly type?: EventType[];
  readonly severity?: Severity[];
  readonly for?: string;
  readonly until?: string;
  readonly starts?: string;
  readonly reason: string;
  readonly by?: string;
  readonly force?: boolean;
}

/** A future instant from `--for 2h` (from the start) or `--until TIME` (an ISO time). */
function endOf(flags: AddFlags, start: Date, now: Date): Date {
  if ((flags.for === undefined) === (flags.until === undefined)) {
    throw new CliUsageError('give exactly one of --for DURATION and --until TIME', 'e.g. --for 2h');
  }
  if (flags.for !== undefined) {
    if (/^\d{4}-/.test(flags.for.trim())) {
      throw new CliUsageError('--for takes a duration such as 2h; use --until for a time');
    }
    // A duration "back from now", read forwards from the start.
    const back = parseTimeExpression(flags.for, now, '--for');
    return new Date(start.getTime() + (now.getTime() - back.getTime()));
  }
  return parseTimeExpression(flags.until ?? '', now, '--until');
}

/** The silence `add` would store. @throws CliUsageError for a silence that would match by accident or never apply */
export function silenceFromFlags(flags: AddFlags, now: Date, createdBy: string, id: string): Silence {
  const matchers: SilenceMatchers = {
    ...(flags.cluster === undefined ? {} : { clusters: [...new Set(flags.cluster)] }),
    ...(flags.link === undefined ? {} : { linkName: flags.link }),
    ...(flags.type === undefined ? {} : { eventTypes: [...new Set(flags.type)] }),
    ...(flags.severity === undefined ? {} : { severities: [...new Set(flags.severity)] }),
  };
  if (Object.keys(matchers).length === 0) {
    throw new CliUsageError(
      'a silence needs at least one matcher: --cluster, --link, --type or --severity',
      "to silence every link of every cluster say so: --link '*'",
    );
  }
  if (flags.link !== undefined && (flags.link.length === 0 || flags.link.length > MAX_GLOB_LENGTH)) {
    throw new CliUsageError(`--link must be 1 to ${MAX_GLOB_LENGTH} characters`);
  }
  const reason = flags.reason.trim();
  if (reason === '' || reason.length > MAX_REASON_CHARS) {
    throw new CliUsageError(`--reason must say why, in 1 to ${MAX_REASON_CHARS} characters`);
  }
  const start = flags.starts === undefined ? now : parseTimeExpression(flags.starts, now, '--starts');
  const end = endOf(flags, start, now);
  if (end.getTime() <= Math.max(start.getTime(), now.getTime())) {
    throw new CliUsageError(`the silence would end (${end.toISOString()}) before it could apply`);
  }
  if (end.getTime() - start.getTime() > MAX_SILENCE_MS) {
    throw new CliUsageError(
      'a silence lasts at most a year',
      'for a recurring quiet time, add a maintenance window to the config',
    );
  }
  return {
    id,
    matchers,
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    reason,
    createdBy,
    createdAt: now.toISOString(),
    expiredAt: null,
  };
}

/** The creator: `--by`, else the AWS identity, else (embedded store only) the local user. */
async function creator(
  flags: AddFlags,
  kind: 'embedded' | 'dynamodb',
  context: CommandContext,
): Promise<string> {
  if (flags.by !== undefined && flags.by.trim() !== '') return flags.by.trim().slice(0, 200);
  try {
    return await (context.callerIdentity ?? callerArn)();
  } catch (error) {
    if (kind === 'dynamodb') throw error;
    return `${userInfo().username}@${hostname()}`;
  }
}

const eventType = (value: string): EventType => {
  if ((EVENT_TYPES as readonly string[]).includes(value)) return value as EventType;
  throw new InvalidArgumentError(`must be one of ${EVENT_TYPES.join(', ')}.`);
};
const severity = (value: string): Severity => oneOf(SEVERITIES)(value);

export function registerSilenceCommand(program: Command, context: CommandContext): void {
  const silence = program
    .command('silence')
    .description('Silence alerts while you work on something; list and expire silences');

  const add = silence
    .command('add')
    .description('Add a silence: matching events are recorded with its id and not notified')
    .option(
      '--cluster <id-or-label>',
      'a cluster by id or label (repeat for more); one the store (or --config) does not know is refused',
      collect(String),
    )
    .option('--link <glob>', 'link names, * and ? as wildcards, e.g. orders-*')
    .option(
      '--type <event-type>',
      'an event type (repeat for more); CLUSTER_UNREACHABLE only when named',
      collect(eventType),
    )
    .option('--severity <level>', `a severity (repeat for more): ${SEVERITIES.join(', ')}`, collect(severity))
    .option('--for <duration>', 'how long, e.g. 2h, 90m, 1d')
    .option('--until <time>', 'until when, an ISO time such as 2025-06-01T18:00:00Z')
    .option('--starts <time>', 'start later than now (an ISO time)')
    .requiredOption('--reason <text>', 'why: shown in silence list and kept in history')
    .option('--by <name>', 'who is silencing (default: your AWS identity)')
    .option('--force', 'add it even when a --cluster is not known (a cluster not polled yet)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        "  link-monitor silence add --cluster prod-eu --link 'orders-*' --for 2h --reason 'failover drill'\n" +
        '  link-monitor silence add --cluster lkc-abc123 --type CLUSTER_UNREACHABLE --until 2025-06-01T18:00:00Z \\\n' +
        "      --reason 'network maintenance' --store dynamodb\n",
    );
  addStoreOptions(add).action(async (flags: AddFlags) => {
    const now = context.io.now();
    const opened = await openSelectedSilenceStore(flags, 'write', context);
    const configured =
      flags.config === undefined
        ? []
        : (await loadCommandConfig(flags.config)).clusters.map((c) => ({
            clusterId: c.clusterId,
            clusterLabel: c.label,
          }));
    const created = await withStore(opened, async (store) => {
      const by = await creator(flags, opened.kind, context);
      const silenceToAdd = silenceFromFlags(flags, now, by, `s-${randomBytes(4).toString('hex')}`);
      const warnings = await checkSilenceTargets(
        opened.links,
        { ...(flags.cluster && { clusters: flags.cluster }), ...(flags.link && { link: flags.link }) },
        { configured, force: flags.force === true },
      );
      for (const warning of warnings) context.io.stderr.write(`warning: ${warning}\n`);
      try {
        await store.addSilence(silenceToAdd);
      } catch (error) {
        if (error instanceof DuplicateSilenceError) throw new CliError(`${error.message}; try again`);
        throw error;
      }
      return silenceToAdd;
    });
    context.io.stdout.write(
      `Added silence ${created.id} until ${created.endsAt} (by ${created.createdBy}) in ${opened.description}\n`,
    );
  });

  const list = silence
    .command('list')
    .description('List silences and maintenance windows: active, upcoming and recently ended')
    .option('--since <duration>', 'also show those ended this recently', '24h')
    .option('--config <file>', "also show the config's maintenance windows (its stackName names the stack)")
    .option('--format <format>', 'table or json', oneOf(['table', 'json'] as const), 'table');
  addStoreOptions(list).action(
    async (flags: StoreFlags & { since: string; config?: string; format: 'table' | 'json' }) => {
      const now = context.io.now();
      const endedAfter = parseTimeExpression(flags.since, now, '--since');
      const opened = await openSelectedSilenceStore(flags, 'read', context);
      const stored = await withStore(opened, (store) =>
        store.listSilences({ endedAfter: endedAfter.toISOString() }),
      );
      const windows =
        flags.config === undefined
          ? []
          : (await loadCommandConfig(flags.config)).maintenanceWindows.flatMap((w) =>
              // Open now, ended recently, or opening within a week.
              windowOccurrences(w, endedAfter.getTime(), now.getTime() + 7 * 86_400_000),
            );
      const listed: ListedSilence[] = [...stored, ...windows].map((s) => ({ ...s, state: stateOf(s, now) }));
      context.io.stdout.write(formatSilences(listed, flags.format));
    },
  );

  const expire = silence
    .command('expire')
    .description('End a silence now')
    .argument('<id>', 'the silence id, as silence list shows it');
  addStoreOptions(expire).action(async (id: string, flags: StoreFlags) => {
    if (id.startsWith(WINDOW_ID_PREFIX)) {
      throw new CliUsageError(
        `${id} is a maintenance window`,
        'change or remove it in the config and deploy',
      );
    }
    const now = context.io.now();
    const opened = await openSelectedSilenceStore(flags, 'write', context);
    const expired = await withStore(opened, (store) => store.expireSilence(id, now.toISOString()));
    if (expired === null)
      throw new CliError(`no silence ${id} in ${opened.description}`, {
        hint: 'see link-monitor silence list',
      });
    context.io.stdout.write(
      expired.expiredAt === now.toISOString()
        ? `Expired silence ${id}\n`
        : `Silence ${id} had already ended (${expired.expiredAt ?? expired.endsAt})\n`,
    );
  });
}
