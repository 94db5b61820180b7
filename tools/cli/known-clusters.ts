/** Checks a `--cluster` value (an id or a label) against the clusters the store has records of. */
import type { ClusterRecord, LinkStateStore } from '../../core/ports.js';
import { CliError } from './cli-errors.js';

/**
 * The record of the cluster `ref` names, by id or by label (a label in any case: labels are
 * unique regardless of case).
 *
 * @throws CliError naming the known clusters when there is no record of it
 */
export async function requireKnownCluster(store: LinkStateStore, ref: string): Promise<ClusterRecord> {
  const clusters = await store.listClusters();
  const found = findCluster(clusters, ref);
  if (found !== undefined) return found;
  throw new CliError(`unknown cluster ${ref}`, {
    hint:
      clusters.length === 0
        ? 'the store has no clusters yet: run a poll first'
        : `known clusters: ${describeClusters(clusters)}`,
  });
}

/** The cluster `ref` names by id, else by label. */
export function findCluster<C extends Pick<ClusterRecord, 'clusterId' | 'clusterLabel'>>(
  clusters: readonly C[],
  ref: string,
): C | undefined {
  return (
    clusters.find((c) => c.clusterId === ref) ??
    clusters.find((c) => c.clusterLabel.toLowerCase() === ref.toLowerCase())
  );
}

/** `lkc-dr1eu (dr-eu), lkc-an1us (analytics-us)`. */
export function describeClusters(
  clusters: readonly Pick<ClusterRecord, 'clusterId' | 'clusterLabel'>[],
): string {
  return clusters.map((c) => `${c.clusterId} (${c.clusterLabel})`).join(', ');
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
  const shown = someNames(names);
  throw new CliError(
    `no link ${linkName} in cluster ${clusterId}, and no history of one in this time range`,
    {
      hint:
        names.length === 0
          ? `${clusterId} has no links recorded now; a removed link's history is kept for historyRetentionDays: widen --since`
          : `links of ${clusterId} now: ${shown} (a removed link: widen --since)`,
    },
  );
}

/** `a, b, c and 12 more`: a few names of many. */
export function someNames(names: readonly string[], max: number = MAX_NAMED_LINKS): string {
  const more = names.length > max ? ` and ${names.length - max} more` : '';
  return `${names.slice(0, max).join(', ')}${more}`;
}
