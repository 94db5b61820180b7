/** `link-monitor readiness`: the wiring; the verdicts are `core/readiness/`, the formatting `readiness-format.ts`. */
import type { Command } from 'commander';
import type { ReadinessSettings } from '../../core/poll/poll-settings.js';
import type { ClusterRecord, LinkStateStore } from '../../core/ports.js';
import { loadCommandConfig } from './command-config.js';
import { type CommandContext, oneOf } from './command-context.js';
import { requireKnownCluster } from './known-clusters.js';
import {
  buildReadinessReport,
  formatReadinessJson,
  formatReadinessTable,
  type ReadinessReport,
} from './readiness-format.js';
import type { RecordedCluster } from './status-format.js';
import { addStoreOptions, openSelectedStore, type StoreFlags, withStore } from './store-selection.js';

/**
 * Judges the recorded links of every cluster, or of the clusters named.
 *
 * @param clusters - ids or labels; none or empty: every cluster
 * @param settings - the config's readiness settings; null: checks off, judge what is recorded
 * @throws CliError when a cluster named has no record in the store
 */
export async function readReadiness(
  store: LinkStateStore,
  clusters: readonly string[] | undefined,
  settings: ReadinessSettings | null,
  now: Date,
): Promise<ReadinessReport> {
  const records: ClusterRecord[] = [];
  if (clusters === undefined || clusters.length === 0) records.push(...(await store.listClusters()));
  else
    for (const ref of clusters) {
      const record = await requireKnownCluster(store, ref);
      // An id and its label name one cluster: judge it once.
      if (!records.some((r) => r.clusterId === record.clusterId)) records.push(record);
    }
  const recorded: Pick<RecordedCluster, 'cluster' | 'links'>[] = [];
  for (const record of records) {
    const state = await store.readClusterState(record.clusterId);
    recorded.push({ cluster: state.cluster ?? record, links: state.links });
  }
  return buildReadinessReport(recorded, settings, now);
}

export function renderReadiness(report: ReadinessReport, format: 'table' | 'json', width?: number): string {
  return format === 'json' ? formatReadinessJson(report) : formatReadinessTable(report, width);
}

interface ReadinessFlags extends StoreFlags {
  readonly cluster?: string[];
  readonly format: 'table' | 'json';
}

export function registerReadinessCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('readiness')
    .description(
      'Could each link fail over now? ready, at risk or not ready, and why: lag, stalls, stuck topics, syncs, dry runs',
    )
    .option('--cluster <id-or-label...>', 'only these clusters (repeat or list several)')
    .option('--format <format>', 'table or json', oneOf(['table', 'json'] as const), 'table')
    .option(
      '--config <file>',
      "the monitor config file: its readiness block gives each link's time-behind target; its stackName names the stack",
    )
    .addHelpText(
      'after',
      '\nA report, not a check: the exit code is 0 whatever the verdicts. Without --config the verdicts\n' +
        'judge what the poller recorded, with no time-behind target of their own.\n',
    );
  addStoreOptions(command).action(async (flags: ReadinessFlags) => {
    // The config first: a config that does not parse should fail before any store is opened.
    const settings =
      flags.config === undefined ? null : (await loadCommandConfig(flags.config)).settings.readiness;
    const opened = await openSelectedStore(flags, 'read', context);
    const report = await withStore(opened, (store) =>
      readReadiness(store, flags.cluster, settings, context.io.now()),
    );
    context.io.stdout.write(renderReadiness(report, flags.format, context.io.stdout.columns));
  });
}
