/** `link-monitor history`: the wiring and the query; the formatting is in `history-format.ts`. */
import { type Command, InvalidArgumentError } from 'commander';
import type { HistoryEvent } from '../../core/model/change-events.js';
import { SEVERITIES, type Severity } from '../../core/model/link-model.js';
import type { LinkStateStore, Page, PageRequest } from '../../core/ports.js';
import { CliUsageError } from './cli-errors.js';
import { type CommandContext, oneOf } from './command-context.js';
import { formatHistory, type HistoryFormat } from './history-format.js';
import { requireKnownCluster, requireKnownLink } from './known-clusters.js';
import { noProgress, type StartProgress } from './progress.js';
import { addStoreOptions, openSelectedStore, type StoreFlags, withStore } from './store-selection.js';
import { parseTimeRange } from './time-range.js';

export interface HistoryQuery {
  /** The cluster's id or label. */
  readonly cluster?: string;
  readonly link?: string;
  readonly severity?: Severity;
  /** ISO, inclusive. */
  readonly from: string;
  /** ISO, inclusive. */
  readonly to: string;
  /** Stop after this many events. @default no limit */
  readonly limit?: number;
  /** Events asked of the store per page. @default 500 */
  readonly pageSize?: number;
}

const PAGE_SIZE = 500;

/**
 * Every event matching the query, newest first, reading page after page.
 * Picks the access pattern the query allows: one link, one cluster (severity
 * filtered here), or one severity across clusters.
 *
 * @throws CliUsageError when neither a cluster nor a severity is given, or a link without a cluster
 * @throws CliError for an unknown cluster, or a link that is neither in the cluster now nor in the range
 */
export async function queryHistory(
  store: LinkStateStore,
  query: HistoryQuery,
  progress: StartProgress = noProgress,
): Promise<HistoryEvent[]> {
  const { link, severity } = query;
  if (link !== undefined && query.cluster === undefined) throw new CliUsageError('--link needs --cluster');
  if (query.cluster === undefined && severity === undefined) {
    throw new CliUsageError('say which history: --cluster ID, or --severity LEVEL across clusters');
  }
  const cluster =
    query.cluster === undefined ? undefined : (await requireKnownCluster(store, query.cluster)).clusterId;

  const range = { from: query.from, to: query.to };
  const fetchPage = (page: PageRequest): Promise<Page<HistoryEvent>> => {
    if (cluster !== undefined && link !== undefined)
      return store.linkHistory({ clusterId: cluster, linkName: link, ...range, ...page });
    if (cluster !== undefined) return store.clusterHistory({ clusterId: cluster, ...range, ...page });
    return store.severityHistory({ severity: severity as Severity, ...range, ...page });
  };
  const keep = (e: HistoryEvent) => severity === undefined || e.severity === severity;
  const limit = query.limit ?? Number.POSITIVE_INFINITY;

  const events: HistoryEvent[] = [];
  const reading = progress('Reading history');
  let pages = 0;
  let cursor: string | undefined;
  try {
    do {
      const page = await fetchPage({
        limit: query.pageSize ?? PAGE_SIZE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const event of page.items) {
        if (keep(event)) events.push(event);
        if (events.length >= limit) return events;
      }
      pages++;
      reading.update(`Reading history: ${pages} page(s), ${events.length} event(s)`);
      cursor = page.cursor;
    } while (cursor !== undefined);
  } finally {
    reading.done();
  }
  if (events.length === 0 && cluster !== undefined && link !== undefined)
    await requireKnownLink(store, cluster, link);
  return events;
}

interface HistoryFlags extends StoreFlags {
  readonly cluster?: string;
  readonly link?: string;
  readonly since: string;
  readonly until?: string;
  readonly severity?: Severity;
  readonly format: HistoryFormat;
  readonly limit?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

export function registerHistoryCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('history')
    .description(
      'Show recorded changes, newest first: of one cluster, one link, or one severity across clusters',
    )
    .option('--cluster <id-or-label>', 'the cluster (required unless --severity is given)')
    .option('--link <name>', 'only this link (needs --cluster)')
    .option('--since <when>', 'start: a duration back from now (24h, 7d) or an ISO time', '7d')
    .option('--until <when>', 'end: a duration back from now or an ISO time (default: now)')
    .option('--severity <level>', `only this severity: ${SEVERITIES.join(', ')}`, oneOf(SEVERITIES))
    .option('--limit <n>', 'at most this many events', positiveInt)
    .option('--format <format>', 'table, json or csv', oneOf(['table', 'json', 'csv'] as const), 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  link-monitor history --cluster lkc-abc123 --since 24h\n' +
        '  link-monitor history --cluster lkc-abc123 --link orders-dr --format csv > orders.csv\n' +
        '  link-monitor history --severity critical --since 2025-06-01T00:00:00Z --store dynamodb\n',
    );
  addStoreOptions(command).action(async (flags: HistoryFlags) => {
    const range = parseTimeRange(flags.since, flags.until, context.io.now());
    const opened = await openSelectedStore(flags, 'read', context);
    const events = await withStore(opened, (store) =>
      queryHistory(
        store,
        {
          ...range,
          ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
          ...(flags.link === undefined ? {} : { link: flags.link }),
          ...(flags.severity === undefined ? {} : { severity: flags.severity }),
          ...(flags.limit === undefined ? {} : { limit: flags.limit }),
        },
        context.io.progress,
      ),
    );
    context.io.stdout.write(formatHistory(events, flags.format, { width: context.io.stdout.columns }));
  });
}
