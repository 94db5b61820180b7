/** Checks a `--cluster` value against the clusters the store has records of. */
import type { ClusterRecord, LinkStateStore } from '../../core/ports.js';
import { CliError } from './cli-errors.js';

/**
 * The record of `clusterId`.
 *
 * @throws CliError naming the known clusters when there is no record of it
 */
export async function requireKnownCluster(store: LinkStateStore, clusterId: string): Promise<ClusterRecord> {
  const clusters = await store.listClusters();
  const found = clusters.find((c) => c.clusterId === clusterId);
  if (found !== undefined) return found;
  const byLabel = clusters.find((c) => c.clusterLabel.toLowerCase() === clusterId.toLowerCase());
  if (byLabel !== undefined) {
    throw new CliError(`unknown cluster ${clusterId}: that is the label of ${byLabel.clusterId}`, {
      hint: `name clusters by id: --cluster ${byLabel.clusterId}`,
    });
  }
  const known = clusters.map((c) => `${c.clusterId} (${c.clusterLabel})`).join(', ');
  throw new CliError(`unknown cluster ${clusterId}`, {
    hint: known === '' ? 'the store has no clusters yet: run a poll first' : `known clusters: ${known}`,
  });
}

/** Links named in a hint at most; a cluster can hold hundreds. */
const MAX_NAMED_LINKS = 10;

/**
 * Checks a `--link` that matched no history: a link the cluster has now just had no change in
 * the range; any other name is unknown, and the message says which links there are.
 *
 * @throws CliError naming the cluster's current links when `linkName` is not one of them
 */
export async function requireKnownLink(
  store: LinkStateStore,
  clusterId: string,
  linkName: string,
): Promise<void> {
  const { links } = await store.readClusterState(clusterId);
  const names = links.map((snapshot) => snapshot.link.linkName).sort();
  if (names.includes(linkName)) return;
  const shown = names.slice(0, MAX_NAMED_LINKS).join(', ');
  const more = names.length > MAX_NAMED_LINKS ? ` and ${names.length - MAX_NAMED_LINKS} more` : '';
  throw new CliError(
    `no link ${linkName} in cluster ${clusterId}, and no history of one in this time range`,
    {
      hint:
        names.length === 0
          ? `${clusterId} has no links recorded now; a removed link's history is kept for historyRetentionDays: widen --since`
          : `links of ${clusterId} now: ${shown}${more} (a removed link: widen --since)`,
    },
  );
}
