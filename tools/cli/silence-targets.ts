/**
 * What `silence add` checks of its matchers before it stores a silence: a silence names clusters
 * and links by hand, and one that names them wrong silences nothing while its author believes
 * the alerts are quiet.
 */
import { matchesGlob } from '../../core/control/link-name-glob.js';
import type { ClusterRecord, LinkStateStore } from '../../core/ports.js';
import { CliError } from './cli-errors.js';
import { describeClusters, findCluster, someNames } from './known-clusters.js';

/** Link names a warning shows of a cluster: enough to spot a typo, few enough to read. */
const LINKS_SHOWN = 5;

type KnownCluster = Pick<ClusterRecord, 'clusterId' | 'clusterLabel'>;

export interface SilenceTargets {
  /** `--cluster` values, ids or labels. */
  readonly clusters?: readonly string[];
  /** `--link` glob. */
  readonly link?: string;
}

/**
 * Checks the silence's clusters against those the store has records of (and the config's, when
 * one is given: a cluster not polled yet), and its link glob against the links recorded in them.
 *
 * @param configured - the clusters of the config given with `--config`, if any
 * @param force - add anyway: unknown clusters become warnings
 * @returns warnings to print; the silence is still added
 * @throws CliError for an unknown cluster, naming the known ones, unless `force`
 */
export async function checkSilenceTargets(
  store: LinkStateStore,
  targets: SilenceTargets,
  options: { readonly configured?: readonly KnownCluster[]; readonly force?: boolean } = {},
): Promise<string[]> {
  const recorded = await store.listClusters();
  const known: KnownCluster[] = [
    ...recorded,
    ...(options.configured ?? []).filter((c) => !recorded.some((r) => r.clusterId === c.clusterId)),
  ];
  const warnings: string[] = [];
  const named: KnownCluster[] = [];
  for (const ref of targets.clusters ?? []) {
    const found = findCluster(known, ref);
    if (found !== undefined) {
      named.push(found);
      continue;
    }
    const knownText = known.length === 0 ? 'none recorded yet' : describeClusters(known);
    if (!options.force) {
      throw new CliError(`unknown cluster ${ref}: known clusters: ${knownText}`, {
        hint: 'give a cluster id or label; --force adds the silence anyway (a cluster not polled yet)',
      });
    }
    warnings.push(`cluster ${ref} is not known (known clusters: ${knownText}); added anyway (--force)`);
  }
  if (targets.link !== undefined) {
    const inScope = (targets.clusters === undefined ? recorded : named).filter((c) =>
      recorded.some((r) => r.clusterId === c.clusterId),
    );
    const warning = await unmatchedLinkWarning(store, targets.link, inScope);
    if (warning !== null) warnings.push(warning);
  }
  return warnings;
}

/** The warning for a glob that matches no link recorded in the clusters, or null when one matches. */
async function unmatchedLinkWarning(
  store: LinkStateStore,
  glob: string,
  clusters: readonly KnownCluster[],
): Promise<string | null> {
  if (clusters.length === 0) return null;
  const names: string[] = [];
  for (const cluster of clusters) {
    const { links } = await store.readClusterState(cluster.clusterId);
    for (const snapshot of links) {
      if (matchesGlob(glob, snapshot.link.linkName)) return null;
      names.push(snapshot.link.linkName);
    }
  }
  const where = clusters.map((c) => c.clusterLabel || c.clusterId).join(', ');
  const shown = names.length === 0 ? 'none recorded' : someNames([...new Set(names)].sort(), LINKS_SHOWN);
  return `--link ${glob} matches no link recorded in ${where} (links: ${shown}); added anyway, for a link still to come`;
}
