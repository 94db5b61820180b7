/** The READINESS column of `link-monitor status`: the verdict `link-monitor readiness` explains. */
import { describe, expect, it } from 'vitest';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import {
  buildStatusReport,
  formatStatusJson,
  formatStatusTable,
} from '../../../../tools/cli/status-format.js';
import { aCluster, NOW, recordedLink } from '../../../support/cli-report-fixtures.js';
import { aLink } from '../../../support/link-fixtures.js';

function recorded(...links: ClusterLink[]) {
  return [{ cluster: aCluster(), links: links.map((link) => recordedLink(link)) }];
}

/** Five minutes behind, never recorded as over a target. */
const behind = aLink({
  linkName: 'behind-dr',
  topicProgress: [
    {
      topicName: 'orders',
      readAtMs: 0,
      partitions: [{ partition: 0, fetchOffset: 1, lag: 12_000 }],
      unmovedReads: 0,
      risingReads: 0,
      secondsBehind: 300,
      fetchRate: 40,
      stallNotified: false,
      behindNotified: false,
    },
  ],
});

describe('Function: formatStatusTable, READINESS column', () => {
  it('shows each link’s readiness verdict as the last column', () => {
    // Prepare
    const report = buildStatusReport(
      recorded(
        aLink({ linkName: 'failed-dr', linkState: 'FAILED' }),
        aLink({ linkName: 'healthy-dr' }),
        aLink({ linkName: 'paused-topic-dr', categoryCounts: [{ stateCategory: 'PAUSED', count: 1 }] }),
      ),
      NOW,
    );

    // Act
    const table = formatStatusTable(report);

    // Assess
    expect(table.split('\n')[1]).toMatch(/│ TOPICS │ READINESS │$/);
    expect(table).toMatch(/failed-dr .*│ !! FAILED .*│ 2 +│ not ready +│/);
    expect(table).toMatch(/healthy-dr .*│ ok ACTIVE .*│ 2 +│ ready +│/);
    expect(table).toMatch(/paused-topic-dr .*│ ok ACTIVE .*│ 2 +│ at risk +│/);
  });

  it('judges against the readiness settings when given, on recorded state alone otherwise', () => {
    // Prepare
    const settings: ReadinessSettings = {
      everyPolls: 5,
      stallReads: 3,
      maxSecondsBehind: 120,
      links: [],
      stuckAfterMs: 600_000,
      configReadsPerPoll: 3,
      dryRunsPerPoll: 0,
    };

    // Act
    const withTarget = buildStatusReport(recorded(behind), NOW, settings);
    const withoutSettings = buildStatusReport(recorded(behind), NOW);

    // Assess
    expect(withTarget.links[0]?.readiness).toBe('at risk');
    expect(withoutSettings.links[0]?.readiness).toBe('ready');
  });
});

describe('Function: formatStatusJson, readiness', () => {
  it('gives each link its readiness verdict', () => {
    // Prepare
    const report = buildStatusReport(recorded(aLink({ linkState: 'PAUSED' })), NOW);

    // Act
    const parsed = JSON.parse(formatStatusJson(report)) as { links: { readiness: string }[] };

    // Assess
    expect(parsed.links.map((l) => l.readiness)).toEqual(['not ready']);
  });
});
