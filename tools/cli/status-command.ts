/** `link-monitor status`: the wiring; the formatting is in `status-format.ts`. */
import type { Command } from 'commander';
import type { LinkStateStore } from '../../core/ports.js';
import { type CommandContext, oneOf } from './command-context.js';
import { requireKnownCluster } from './known-clusters.js';
import {
  buildStatusReport,
  formatStatusJson,
  formatStatusTable,
  type RecordedCluster,
  type StatusReport,
} from './status-format.js';
import { addStoreOptions, openSelectedStore, type StoreFlags, withStore } from './store-selection.js';

/**
 * Reads the recorded state of every cluster, or of one.
 *
 * @param cluster - a cluster's id or label, or every cluster
 * @throws CliError when `cluster` is given and the store has no record of it
 */
export async function readStatus(
  store: LinkStateStore,
  cluster: string | undefined,
  now: Date,
): Promise<StatusReport> {
  const records =
    cluster === undefined ? await store.listClusters() : [await requireKnownCluster(store, cluster)];
  const recorded: RecordedCluster[] = [];
  for (const record of records) {
    const state = await store.readClusterState(record.clusterId);
    const quarantined = await store.quarantinedEvents(record.clusterId);
    const pending = state.outboxEmpty ? [] : await store.pendingEvents(record.clusterId);
    recorded.push({ cluster: state.cluster ?? record, links: state.links, quarantined, pending });
  }
  return buildStatusReport(recorded, now);
}

export function renderStatus(report: StatusReport, format: 'table' | 'json'): string {
  return format === 'json' ? formatStatusJson(report) : formatStatusTable(report);
}

export function registerStatusCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('status')
    .description('Show every recorded link across clusters: state, error, since when, mirror topics')
    .option('--cluster <id-or-label>', 'only this cluster')
    .option('--format <format>', 'table or json', oneOf(['table', 'json'] as const), 'table');
  addStoreOptions(command).action(
    async (flags: StoreFlags & { cluster?: string; format: 'table' | 'json' }) => {
      const opened = await openSelectedStore(flags, 'read', context);
      const report = await withStore(opened, (store) => readStatus(store, flags.cluster, context.io.now()));
      context.io.stdout.write(renderStatus(report, flags.format));
    },
  );
}
