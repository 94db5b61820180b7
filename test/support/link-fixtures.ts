import type { ClusterLink } from '../../core/model/link-model.js';

/** A healthy link with every field set; override what a test is about. */
export function aLink(overrides: Partial<ClusterLink> = {}): ClusterLink {
  return {
    linkName: 'orders-dr',
    clusterLinkId: 'eEBkTffYSESld6EO898x3w',
    linkState: 'ACTIVE',
    linkError: null,
    linkErrorMessage: null,
    sourceClusterId: 'lkc-src01',
    destinationClusterId: null,
    remoteClusterId: null,
    topicNames: ['orders', 'payments'],
    tasks: [],
    categoryCounts: [],
    ...overrides,
  };
}
