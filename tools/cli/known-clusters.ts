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
  const known = clusters.map((c) => `${c.clusterId} (${c.clusterLabel})`).join(', ');
  throw new CliError(`unknown cluster ${clusterId}`, {
    hint: known === '' ? 'the store has no clusters yet: run a poll first' : `known clusters: ${known}`,
  });
}
