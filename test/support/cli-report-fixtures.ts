/**
 * What the tests of `link-monitor status` and `link-monitor readiness` start from: the time they
 * run at, a recorded cluster and its links, a link with every sync a failover relies on switched
 * on, and the rows of a readiness table.
 */
import type { ClusterLink } from '../../core/model/link-model.js';
import type { ClusterRecord, LinkSnapshot } from '../../core/ports.js';
import { aClusterRecord, aSnapshot } from './store-contract.js';

export const NOW = new Date('2025-06-02T13:00:00Z');

/** Cluster `lkc-a` (prod-eu), recorded since the day before NOW and listing fine. */
export function aCluster(overrides: Partial<ClusterRecord> = {}): ClusterRecord {
  return aClusterRecord('lkc-a', {
    clusterLabel: 'prod-eu',
    version: 3,
    baselineAt: '2025-06-01T00:00:00.000Z',
    ...overrides,
  });
}

/** The link as recorded in `clusterId`, in its state since three hours before NOW. */
export function recordedLink(link: ClusterLink, clusterId = 'lkc-a'): LinkSnapshot {
  return aSnapshot(clusterId, { link, stateSince: '2025-06-02T10:00:00.000Z' });
}

/** Every sync switched on, as a link whose configs were read reads. */
export const ALL_SYNCS_ON: ClusterLink['configs'] = {
  values: [
    { name: 'acl.sync.enable', value: 'true', sensitive: false },
    { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
    { name: 'consumer.offset.sync.enable', value: 'true', sensitive: false },
  ],
};

/** The cells of each row of a readiness table, its header left out. */
export const readinessRows = (table: string): string[][] =>
  table
    .split('\n')
    .filter((l) => l.startsWith('│') && !l.includes('VERDICT'))
    .map((r) =>
      r
        .split('│')
        .map((c) => c.trim())
        .filter(Boolean),
    );
