/** `link-monitor readiness` against the embedded store, as an operator runs it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterLink, TopicProgress } from '../../../../core/model/link-model.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { ALL_SYNCS_ON, NOW, readinessRows } from '../../../support/cli-report-fixtures.js';
import { runCliAt, storeDirPerTest } from '../../../support/embedded-store-cli.js';
import { aLink } from '../../../support/link-fixtures.js';
import { aClusterRecord, aSnapshot } from '../../../support/store-contract.js';

const temp = storeDirPerTest('cli-readiness-');
const cli = (...argv: string[]) => runCliAt(NOW, argv);

function lagging(
  topicName: string,
  secondsBehind: number,
  overrides: Partial<TopicProgress> = {},
): TopicProgress {
  return {
    topicName,
    readAtMs: Date.parse('2025-06-02T12:55:00Z'),
    partitions: [{ partition: 0, fetchOffset: 10_000, lag: 12_000 }],
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind,
    fetchRate: 40,
    stallNotified: false,
    behindNotified: false,
    ...overrides,
  };
}

/**
 * prod-eu: orders-dr 5 minutes behind (never recorded over a target), payments-dr stalled;
 * prod-us: clicks fully protected.
 */
async function seed(path: string, links: Record<string, readonly ClusterLink[]> = {}): Promise<void> {
  const store = openSqliteLinkStateStore({ path });
  const recorded: Record<string, readonly ClusterLink[]> = {
    'lkc-a': [
      aLink({ linkName: 'orders-dr', configs: ALL_SYNCS_ON, topicProgress: [lagging('orders', 300)] }),
      aLink({
        linkName: 'payments-dr',
        configs: ALL_SYNCS_ON,
        topicProgress: [
          lagging('payments', 0, { secondsBehind: null, unmovedReads: 3, stallNotified: true }),
        ],
      }),
    ],
    'lkc-b': [aLink({ linkName: 'clicks', configs: ALL_SYNCS_ON })],
    ...links,
  };
  for (const [clusterId, label] of [
    ['lkc-a', 'prod-eu'],
    ['lkc-b', 'prod-us'],
  ] as const) {
    await store.commitCluster({
      clusterId,
      expectedVersion: null,
      next: aClusterRecord(clusterId, { clusterLabel: label, baselineAt: '2025-05-01T00:00:00.000Z' }),
      events: [],
    });
    for (const link of recorded[clusterId] ?? []) {
      const next = aSnapshot(clusterId, { link, stateSince: '2025-06-01T00:00:00.000Z' });
      await store.commitLink({ clusterId, linkName: link.linkName, expectedVersion: null, next, events: [] });
    }
  }
  store.close();
}

/** A config whose readiness block sets a 2-minute target. */
function configFile(): string {
  const path = join(temp.dir, 'monitor.yaml');
  writeFileSync(
    path,
    [
      'clusters:',
      '  - clusterId: lkc-a',
      '    label: prod-eu',
      '    restEndpoint: https://pkc-1.example.com',
      '    credentials: { secret: monitor/prod-eu }',
      'readiness:',
      '  maxSecondsBehind: 120',
    ].join('\n'),
  );
  return path;
}

interface JsonReport {
  checks: string;
  clusters: { clusterId: string }[];
  links: {
    clusterId: string;
    linkName: string;
    verdict: string;
    reasons: { code: string; text: string }[];
  }[];
}

describe('link-monitor readiness (embedded store)', () => {
  it('prints a verdict per link across clusters, exit 0 even when a link is not ready', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('readiness', '--db', temp.db);

    // Assess
    expect(result.code).toBe(0);
    expect(readinessRows(result.stdout)).toEqual([
      ['prod-eu (lkc-a)', 'orders-dr', 'ready', '-', 'orders ~5m behind'],
      [
        'prod-eu (lkc-a)',
        'payments-dr',
        'not ready',
        'payments stalled: 12,000 messages behind, fetch offset unmoved for 3 reads',
        'payments 12,000 messages behind, stalled',
      ],
      ['prod-us (lkc-b)', 'clicks', 'ready', '-', '-'],
    ]);
    expect(result.stdout).toContain('3 link(s): 2 ready, 0 at risk, 1 not ready');
    expect(result.stdout).toContain('Readiness checks: off here');
  });

  it('judges each link against the target of the config given with --config', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('readiness', '--db', temp.db, '--config', configFile(), '--cluster', 'lkc-a');

    // Assess
    expect(result.code).toBe(0);
    expect(readinessRows(result.stdout)[0]).toEqual([
      'prod-eu (lkc-a)',
      'orders-dr',
      'at risk',
      'orders ~5m behind, target 2m (estimate from 40 msg/s)',
      'orders ~5m behind',
    ]);
    expect(result.stdout).not.toContain('Readiness checks: off');
  });

  it('prints json for the clusters named, by id or label, each once', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'readiness',
      '--db',
      temp.db,
      '--format',
      'json',
      '--cluster',
      'PROD-US',
      '--cluster',
      'lkc-b',
    );

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.checks).toBe('off');
    expect(report.clusters.map((c) => c.clusterId)).toEqual(['lkc-b']);
    expect(report.links).toEqual([
      expect.objectContaining({ clusterId: 'lkc-b', linkName: 'clicks', verdict: 'ready', reasons: [] }),
    ]);
  });

  it('takes several clusters after one --cluster', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'readiness',
      '--db',
      temp.db,
      '--format',
      'json',
      '--cluster',
      'lkc-b',
      'prod-eu',
    );

    // Assess
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.links.map((l) => [l.clusterId, l.linkName, l.verdict])).toEqual([
      ['lkc-a', 'orders-dr', 'ready'],
      ['lkc-a', 'payments-dr', 'not ready'],
      ['lkc-b', 'clicks', 'ready'],
    ]);
  });

  it('refuses an unknown cluster, naming the known ones', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('readiness', '--db', temp.db, '--cluster', 'lkc-a', '--cluster', 'prod-ap');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: unknown cluster prod-ap\nhint: known clusters: lkc-a \(prod-eu\)/);
  });

  it('reports a missing embedded store instead of creating an empty one', async () => {
    // Act
    const result = await cli('readiness', '--db', join(temp.dir, 'missing.db'));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no embedded store at');
  });

  it('refuses an unknown --format with exit 2', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('readiness', '--db', temp.db, '--format', 'yaml');

    // Assess
    expect(result.code).toBe(2);
  });

  it('shows control characters a hostile server sent as ? in the table, and escapes them in json', async () => {
    // Prepare
    await seed(temp.db, {
      'lkc-b': [
        aLink({
          linkName: 'clicks\u001b[2J',
          linkState: 'UNAVAILABLE',
          linkError: 'AUTHENTICATION_ERROR',
          linkErrorMessage: 'denied\u001b]0;owned\u0007\u009b31m',
        }),
      ],
    });

    // Act
    const table = await cli('readiness', '--db', temp.db, '--cluster', 'lkc-b');
    const json = await cli('readiness', '--db', temp.db, '--cluster', 'lkc-b', '--format', 'json');

    // Assess
    const raw = (text: string) => ['\u001b', '\u0007', '\u009b'].some((c) => text.includes(c));
    expect(raw(table.stdout)).toBe(false);
    expect(table.stdout).toContain('clicks?[2J');
    expect(table.stdout).toContain('link UNAVAILABLE (AUTHENTICATION_ERROR: denied?]0;owned??31m)');
    expect(json.stdout).not.toContain('\u001b');
    expect((JSON.parse(json.stdout) as JsonReport).links[0]?.reasons[0]?.text).toContain(
      'denied\u001b]0;owned',
    );
  });
});

describe('link-monitor readiness --help', () => {
  it('is available with exit 0 and says the exit code does not follow the verdicts', async () => {
    // Act
    const result = await cli('readiness', '--help');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: link-monitor readiness/);
    expect(result.stdout).toContain('the exit code is 0 whatever the verdicts');
  });
});
