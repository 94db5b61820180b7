/**
 * Links as the poller records them and the readiness settings, for the tests of the verdict and
 * its reasons.
 */
import type { ClusterLink, TopicProgress } from '../../../../core/model/link-model.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { linkReadiness } from '../../../../core/readiness/readiness-verdict.js';
import { aLink } from '../../../support/link-fixtures.js';

export const SETTINGS: ReadinessSettings = {
  everyPolls: 5,
  stallReads: 3,
  maxSecondsBehind: 120,
  links: [],
  stuckAfterMs: 10 * 60_000,
  configReadsPerPoll: 3,
  dryRunsPerPoll: 0,
};

/** Every sync switched on, as a link that is fully protected reads. */
export const ALL_SYNCS_ON: ClusterLink['configs'] = {
  values: [
    { name: 'acl.sync.enable', value: 'true', sensitive: false },
    { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
    { name: 'consumer.offset.sync.enable', value: 'true', sensitive: false },
  ],
};

export function progress(
  overrides: Partial<TopicProgress> & Pick<TopicProgress, 'topicName'>,
): TopicProgress {
  return {
    readAtMs: Date.parse('2025-06-02T12:00:00Z'),
    partitions: [
      { partition: 0, fetchOffset: 5_000, lag: 1_200 },
      { partition: 1, fetchOffset: 4_000, lag: 300 },
    ],
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind: null,
    fetchRate: null,
    stallNotified: false,
    behindNotified: false,
    ...overrides,
  };
}

/** A healthy link with its configs read: ready unless the test changes something. */
export function protectedLink(overrides: Partial<ClusterLink> = {}): ClusterLink {
  return aLink({
    configs: ALL_SYNCS_ON,
    categoryCounts: [{ stateCategory: 'ACTIVE', count: 2 }],
    ...overrides,
  });
}

export const codes = (
  link: ClusterLink,
  settings: ReadinessSettings | null = SETTINGS,
  target: number | null = 120,
) => linkReadiness(link, settings, target).reasons.map((r) => r.code);
