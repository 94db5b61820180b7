import { describe, expect, it } from 'vitest';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import {
  buildReadinessReport,
  formatReadinessJson,
  formatReadinessTable,
} from '../../../../tools/cli/readiness-format.js';
import {
  ALL_SYNCS_ON,
  aCluster,
  NOW,
  readinessRows,
  recordedLink,
} from '../../../support/cli-report-fixtures.js';
import { aLink } from '../../../support/link-fixtures.js';

const SETTINGS: ReadinessSettings = {
  everyPolls: 5,
  stallReads: 3,
  maxSecondsBehind: 120,
  links: [{ link: 'batch-*', maxSecondsBehind: 0 }],
  stuckAfterMs: 600_000,
  configReadsPerPoll: 3,
  dryRunsPerPoll: 0,
};

/** A link behind its target on one topic and stalled on another, with every sync off. */
const troubled = aLink({
  linkName: 'orders-dr',
  configs: { values: [] },
  topicProgress: [
    {
      topicName: 'orders',
      readAtMs: 0,
      partitions: [{ partition: 0, fetchOffset: 10, lag: 12_000 }],
      unmovedReads: 0,
      risingReads: 0,
      secondsBehind: 300,
      fetchRate: 40,
      stallNotified: false,
      behindNotified: true,
    },
    {
      topicName: 'payments',
      readAtMs: 0,
      partitions: [{ partition: 3, fetchOffset: 10, lag: 1_200 }],
      unmovedReads: 3,
      risingReads: 0,
      secondsBehind: null,
      fetchRate: null,
      stallNotified: true,
      behindNotified: false,
    },
  ],
});

describe('Function: buildReadinessReport', () => {
  it('judges every link, by cluster id then link name, against its own target', () => {
    // Prepare
    const lagging = (linkName: string) =>
      aLink({
        linkName,
        configs: ALL_SYNCS_ON,
        topicProgress: [
          {
            ...(troubled.topicProgress?.[0] as NonNullable<ClusterLink['topicProgress']>[0]),
            behindNotified: false,
          },
        ],
      });

    // Act
    const report = buildReadinessReport(
      [
        {
          cluster: aCluster({ clusterId: 'lkc-b', clusterLabel: 'prod-us' }),
          links: [recordedLink(aLink({ linkName: 'clicks', configs: ALL_SYNCS_ON }), 'lkc-b')],
        },
        {
          cluster: aCluster(),
          links: [recordedLink(lagging('orders-dr')), recordedLink(lagging('batch-dr'))],
        },
      ],
      SETTINGS,
      NOW,
    );

    // Assess
    expect(report.links.map((l) => [l.clusterId, l.linkName, l.targetSeconds, l.verdict])).toEqual([
      ['lkc-a', 'batch-dr', null, 'ready'],
      ['lkc-a', 'orders-dr', 120, 'at risk'],
      ['lkc-b', 'clicks', 120, 'ready'],
    ]);
    expect(report.checks).toBe('on');
    expect(report.generatedAt).toBe('2025-06-02T13:00:00.000Z');
  });
});

describe('Function: formatReadinessTable', () => {
  it('shows per link the verdict, the first two reasons and how many more, and the worst topic', () => {
    // Prepare
    const report = buildReadinessReport(
      [
        {
          cluster: aCluster(),
          links: [
            recordedLink(troubled),
            recordedLink(aLink({ linkName: 'quiet-dr', configs: ALL_SYNCS_ON })),
          ],
        },
      ],
      SETTINGS,
      NOW,
    );

    // Act
    const table = formatReadinessTable(report);

    // Assess
    expect(table.split('\n')[1]).toMatch(/│ CLUSTER +│ LINK +│ VERDICT +│ REASONS +│ WORST TOPIC +│/);
    expect(readinessRows(table)).toEqual([
      [
        'prod-eu (lkc-a)',
        'orders-dr',
        'not ready',
        'payments stalled: 1,200 messages behind, fetch offset unmoved for 3 reads',
        'payments 1,200 messages behind, stalled',
      ],
      ['orders ~5m behind, target 2m (estimate from 40 msg/s)'],
      ['and 3 more'],
      ['prod-eu (lkc-a)', 'quiet-dr', 'ready', '-', '-'],
    ]);
    expect(table).toContain('2 link(s): 1 ready, 0 at risk, 1 not ready');
    expect(table).not.toContain('Readiness checks: off');
  });

  it('gives the worst topic its time behind when estimated', () => {
    // Prepare
    const behind = aLink({ topicProgress: troubled.topicProgress?.slice(0, 1) });
    const report = buildReadinessReport(
      [{ cluster: aCluster(), links: [recordedLink(behind)] }],
      SETTINGS,
      NOW,
    );

    // Act
    const [row] = readinessRows(formatReadinessTable(report));

    // Assess
    expect(row?.at(-1)).toBe('orders ~5m behind');
  });

  it('says when checks are off, and which clusters show the last known state', () => {
    // Prepare
    const report = buildReadinessReport(
      [
        {
          cluster: aCluster({ consecutiveFailures: 4, failingSince: '2025-06-02T12:00:00.000Z' }),
          links: [recordedLink(aLink())],
        },
      ],
      null,
      NOW,
    );

    // Act
    const table = formatReadinessTable(report);

    // Assess
    expect(report.checks).toBe('off');
    expect(table).toContain(
      'prod-eu (lkc-a): listing FAILING for 4 poll(s) since 2025-06-02 12:00:00Z: its verdicts judge the last known state',
    );
    expect(table).toContain('Readiness checks: off here');
  });

  it('says how to get data when no cluster is recorded', () => {
    expect(formatReadinessTable(buildReadinessReport([], SETTINGS, NOW))).toContain(
      'No clusters recorded yet',
    );
  });

  it('wraps the reasons to fit a narrow terminal', () => {
    // Prepare
    const report = buildReadinessReport(
      [{ cluster: aCluster(), links: [recordedLink(troubled)] }],
      SETTINGS,
      NOW,
    );

    // Act
    const narrow = formatReadinessTable(report, 120);
    const piped = formatReadinessTable(report);

    // Assess
    const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
    expect(widest(narrow)).toBeLessThanOrEqual(120);
    expect(widest(piped)).toBeGreaterThan(120);
  });

  it('shows control characters a server sent as ?, in cells and in the lines below', () => {
    // Prepare
    const hostile = aLink({
      linkName: 'evil\u001b[2Jdr',
      linkState: 'FAILED\u0007',
      linkErrorMessage: null,
      mirrorTopics: [
        {
          topicName: 'pay\u009bments',
          status: 'FAILED',
          error: 'X\u001b]0;pwned\u0007',
          stateTimeMs: null,
          transitionErrors: [],
        },
      ],
    });
    const report = buildReadinessReport(
      [
        {
          cluster: aCluster({ clusterLabel: 'eu\u001b[31m', consecutiveFailures: 1, failingSince: null }),
          links: [recordedLink(hostile)],
        },
      ],
      SETTINGS,
      NOW,
    );

    // Act
    const table = formatReadinessTable(report);

    // Assess
    expect(['\u001b', '\u0007', '\u009b'].some((c) => table.includes(c))).toBe(false);
    expect(table).toContain('evil?[2Jdr');
    expect(table).toContain('link FAILED?');
    expect(table).toContain('pay?ments FAILED (X?]0;pwned?)');
    expect(table).toContain('eu?[31m (lkc-a): listing FAILING');
  });
});

describe('Function: formatReadinessJson', () => {
  it('writes the documented shape: the report, its clusters, and each link with every reason', () => {
    // Prepare
    const report = buildReadinessReport(
      [{ cluster: aCluster(), links: [recordedLink(troubled)] }],
      SETTINGS,
      NOW,
    );

    // Act
    const parsed = JSON.parse(formatReadinessJson(report)) as Record<string, unknown> & {
      links: Record<string, unknown>[];
    };

    // Assess
    expect(Object.keys(parsed)).toEqual(['generatedAt', 'checks', 'clusters', 'links']);
    expect(parsed.clusters).toEqual([
      { clusterId: 'lkc-a', clusterLabel: 'prod-eu', links: 1, consecutiveFailures: 0, failingSince: null },
    ]);
    const link = parsed.links[0] ?? {};
    expect(Object.keys(link)).toEqual([
      'clusterId',
      'clusterLabel',
      'linkName',
      'verdict',
      'targetSeconds',
      'reasons',
      'worstTopics',
      'syncs',
      'dryRun',
    ]);
    expect(link).toMatchObject({ verdict: 'not ready', targetSeconds: 120, dryRun: null });
    expect((link.reasons as { code: string }[]).map((r) => r.code)).toEqual([
      'TOPIC_STALLED',
      'BEHIND_TARGET',
      'SYNC_OFF',
      'SYNC_OFF',
      'SYNC_OFF',
    ]);
    expect((link.worstTopics as unknown[])[0]).toEqual({
      topicName: 'payments',
      status: null,
      messagesBehind: 1_200,
      secondsBehind: null,
      fetchRate: null,
      stalled: true,
    });
    expect((link.syncs as unknown[]).length).toBe(4);
  });

  it('escapes control characters, so no raw escape reaches the terminal', () => {
    // Prepare
    const report = buildReadinessReport(
      [
        {
          cluster: aCluster(),
          links: [recordedLink(aLink({ linkName: 'evil\u001b[2J', linkState: 'FAILED' }))],
        },
      ],
      SETTINGS,
      NOW,
    );

    // Act
    const json = formatReadinessJson(report);

    // Assess
    expect(json).not.toContain('\u001b');
    expect((JSON.parse(json) as { links: { linkName: string }[] }).links[0]?.linkName).toBe('evil\u001b[2J');
  });
});
