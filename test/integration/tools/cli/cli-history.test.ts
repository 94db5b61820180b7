import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import { HISTORY_CSV_HEADER } from '../../../../tools/cli/history-format.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { NOW } from '../../../support/cli-report-fixtures.js';
import { runCliAt, storeDirPerTest } from '../../../support/embedded-store-cli.js';
import { aClusterRecord, aSnapshot } from '../../../support/store-contract.js';

const temp = storeDirPerTest('cli-history-');
const cli = (...argv: string[]) => runCliAt(NOW, argv);

/** Far enough ahead that the store's expiry (on the real clock) never removes seeded events. */
const EXPIRES_AT = 4_102_444_800;

function link(overrides: Partial<ClusterLink>): ClusterLink {
  return {
    linkName: 'orders-dr',
    clusterLinkId: 'eEBkTffYSESld6EO898x3w',
    linkState: 'ACTIVE',
    linkError: null,
    linkErrorMessage: null,
    sourceClusterId: 'lkc-src01',
    destinationClusterId: 'lkc-a',
    remoteClusterId: 'lkc-src01',
    topicNames: ['orders', 'payments'],
    tasks: [],
    categoryCounts: [],
    ...overrides,
  };
}

function event(
  clusterId: string,
  label: string,
  l: ClusterLink,
  index: number,
  fields: Pick<HistoryEvent, 'type' | 'severity' | 'observedAt' | 'from' | 'to'> & Partial<HistoryEvent>,
): HistoryEvent {
  return {
    eventId: `${clusterId}#${l.linkName}#1#${index}`,
    clusterId,
    clusterLabel: label,
    linkName: l.linkName,
    clusterLinkId: l.clusterLinkId,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link: l,
    detail: null,
    notification: 'SENT',
    expiresAt: EXPIRES_AT,
    ...fields,
  };
}

/** Two clusters: prod-eu with a failing link and a healthy one, prod-us with one failing link. */
async function seed(path: string): Promise<void> {
  const store = openSqliteLinkStateStore({ path });
  const broken = link({
    linkState: 'UNAVAILABLE',
    linkError: 'AUTHENTICATION_ERROR',
    linkErrorMessage: 'bad key',
  });
  const payments = link({
    linkName: 'payments-dr',
    clusterLinkId: 'p4yM3nts000000000000Aa',
    topicNames: ['p', 'refunds'],
  });
  const usLink = link({ linkName: 'clicks', clusterLinkId: 'cl1cks00000000000000Aa', linkState: 'FAILED' });
  const snapshot = (clusterId: string, l: ClusterLink, since: string, unhealthy: string | null) =>
    aSnapshot(clusterId, { link: l, stateSince: since, unhealthySince: unhealthy });
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
  }
  await store.commitLink({
    clusterId: 'lkc-a',
    linkName: 'orders-dr',
    expectedVersion: null,
    next: snapshot('lkc-a', broken, '2025-06-02T08:05:00.000Z', '2025-06-02T08:05:00.000Z'),
    events: [
      event('lkc-a', 'prod-eu', broken, 0, {
        type: 'LINK_STATE_CHANGED',
        severity: 'critical',
        observedAt: '2025-06-02T08:05:00.000Z',
        from: 'ACTIVE',
        to: 'UNAVAILABLE',
        previousSince: '2025-05-01T00:00:00.000Z',
      }),
      event('lkc-a', 'prod-eu', broken, 1, {
        type: 'LINK_ERROR_CHANGED',
        severity: 'critical',
        observedAt: '2025-06-02T08:05:00.000Z',
        from: null,
        to: 'AUTHENTICATION_ERROR',
        previousSince: '2025-05-01T00:00:00.000Z',
      }),
      event('lkc-a', 'prod-eu', broken, 2, {
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'critical',
        observedAt: '2025-06-02T12:06:00.000Z',
        from: null,
        to: null,
      }),
      event('lkc-a', 'prod-eu', broken, 3, {
        type: 'LINK_STATE_CHANGED',
        severity: 'warning',
        observedAt: '2025-05-20T09:00:00.000Z',
        from: 'ACTIVE',
        to: 'PAUSED',
      }),
    ],
  });
  await store.commitLink({
    clusterId: 'lkc-a',
    linkName: 'payments-dr',
    expectedVersion: null,
    next: snapshot('lkc-a', payments, '2025-05-01T00:00:00.000Z', null),
    events: [
      event('lkc-a', 'prod-eu', payments, 0, {
        type: 'MIRROR_TOPICS_CHANGED',
        severity: 'info',
        observedAt: '2025-06-01T10:00:00.000Z',
        from: null,
        to: null,
        topicsAdded: ['refunds'],
        notification: 'NOT_NOTIFIED',
      }),
    ],
  });
  await store.commitLink({
    clusterId: 'lkc-b',
    linkName: 'clicks',
    expectedVersion: null,
    next: snapshot('lkc-b', usLink, '2025-06-02T11:00:00.000Z', '2025-06-02T11:00:00.000Z'),
    events: [
      event('lkc-b', 'prod-us', usLink, 0, {
        type: 'LINK_STATE_CHANGED',
        severity: 'critical',
        observedAt: '2025-06-02T11:00:00.000Z',
        from: 'ACTIVE',
        to: 'FAILED',
        detail: 'mirror, "quoted", text',
      }),
    ],
  });
  store.close();
}

describe('link-monitor history (embedded store)', () => {
  it('prints one cluster as a table, newest first, within the default 7 days', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('history', '--cluster', 'lkc-a', '--db', temp.db);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '┌──────────────────────┬─────────────────┬─────────────┬──────────┬───────────────────────┬──────────────────────────────────────────────────────────────────────────┬──────────┐',
        '│ TIME                 │ CLUSTER         │ LINK        │ SEVERITY │ EVENT                 │ CHANGE                                                                   │ NOTIFIED │',
        '├──────────────────────┼─────────────────┼─────────────┼──────────┼───────────────────────┼──────────────────────────────────────────────────────────────────────────┼──────────┤',
        '│ 2025-06-02 12:06:00Z │ prod-eu (lkc-a) │ orders-dr   │ critical │ LINK_STILL_UNHEALTHY  │ still unhealthy: link_state UNAVAILABLE, link_error AUTHENTICATION_ERROR │ sent     │',
        '├──────────────────────┼─────────────────┼─────────────┼──────────┼───────────────────────┼──────────────────────────────────────────────────────────────────────────┼──────────┤',
        '│ 2025-06-02 08:05:00Z │ prod-eu (lkc-a) │ orders-dr   │ critical │ LINK_ERROR_CHANGED    │ link_error NO_ERROR -> AUTHENTICATION_ERROR                              │ sent     │',
        '├──────────────────────┼─────────────────┼─────────────┼──────────┼───────────────────────┼──────────────────────────────────────────────────────────────────────────┼──────────┤',
        '│ 2025-06-02 08:05:00Z │ prod-eu (lkc-a) │ orders-dr   │ critical │ LINK_STATE_CHANGED    │ link_state ACTIVE -> UNAVAILABLE                                         │ sent     │',
        '├──────────────────────┼─────────────────┼─────────────┼──────────┼───────────────────────┼──────────────────────────────────────────────────────────────────────────┼──────────┤',
        '│ 2025-06-01 10:00:00Z │ prod-eu (lkc-a) │ payments-dr │ info     │ MIRROR_TOPICS_CHANGED │ mirror topics: 1 added, 0 removed                                        │ no       │',
        '└──────────────────────┴─────────────────┴─────────────┴──────────┴───────────────────────┴──────────────────────────────────────────────────────────────────────────┴──────────┘',
        '4 event(s), newest first.',
        '',
      ].join('\n'),
    );
  });

  it('prints json that parses back to the recorded events, one link only', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'history',
      '--cluster',
      'lkc-a',
      '--link',
      'orders-dr',
      '--format',
      'json',
      '--db',
      temp.db,
    );

    // Assess
    expect(result.code).toBe(0);
    const events = JSON.parse(result.stdout) as HistoryEvent[];
    expect(events.map((e) => [e.observedAt, e.type])).toEqual([
      ['2025-06-02T12:06:00.000Z', 'LINK_STILL_UNHEALTHY'],
      ['2025-06-02T08:05:00.000Z', 'LINK_ERROR_CHANGED'],
      ['2025-06-02T08:05:00.000Z', 'LINK_STATE_CHANGED'],
    ]);
    expect(events[2]).toMatchObject({
      from: 'ACTIVE',
      to: 'UNAVAILABLE',
      link: { linkError: 'AUTHENTICATION_ERROR' },
    });
    // "No error" reads NO_ERROR here too, as in the table and the notifications.
    expect(events[1]).toMatchObject({ from: 'NO_ERROR', to: 'AUTHENTICATION_ERROR', firstSeen: false });
  });

  it('prints csv with a header and quoted fields, one severity across clusters', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'history',
      '--severity',
      'critical',
      '--since',
      '2025-06-02T09:00:00Z',
      '--format',
      'csv',
      '--db',
      temp.db,
    );

    // Assess
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\r\n');
    expect(header).toBe(HISTORY_CSV_HEADER.join(','));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2025-06-02T12:06:00.000Z,lkc-a,prod-eu,orders-dr,/);
    expect(rows[1]).toMatch(
      /^2025-06-02T11:00:00.000Z,lkc-b,prod-us,clicks,.*,critical,LINK_STATE_CHANGED,ACTIVE,FAILED,/,
    );
    expect(rows[1]).toContain('"mirror, ""quoted"", text"');
  });

  it('keeps to the --since/--until window and reads ISO times without a zone as UTC', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'history',
      '--cluster',
      'lkc-a',
      '--since',
      '30d',
      '--until',
      '2025-06-01 12:00',
      '--format',
      'json',
      '--db',
      temp.db,
    );

    // Assess
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as HistoryEvent[]).map((e) => e.observedAt)).toEqual([
      '2025-06-01T10:00:00.000Z',
      '2025-05-20T09:00:00.000Z',
    ]);
  });

  it('filters one cluster by severity', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'history',
      '--cluster',
      'lkc-a',
      '--severity',
      'info',
      '--format',
      'json',
      '--db',
      temp.db,
    );

    // Assess
    expect((JSON.parse(result.stdout) as HistoryEvent[]).map((e) => e.type)).toEqual([
      'MIRROR_TOPICS_CHANGED',
    ]);
  });

  it('says so when the range holds no event', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('history', '--cluster', 'lkc-b', '--since', '1h', '--db', temp.db);

    // Assess
    expect(result).toEqual({ code: 0, stdout: 'No events in this time range.\n', stderr: '' });
  });

  it('refuses an unknown cluster with exit 1 and names the known ones', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('history', '--cluster', 'lkc-nope', '--db', temp.db);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: unknown cluster lkc-nope\nhint: known clusters: lkc-a (prod-eu), lkc-b (prod-us)\n',
    );
  });

  it('refuses a link the cluster does not have, naming the links it has', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('history', '--cluster', 'lkc-a', '--link', 'nope', '--db', temp.db);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: no link nope in cluster lkc-a, and no history of one in this time range\n' +
        'hint: links of lkc-a now: orders-dr, payments-dr (a removed link: widen --since)\n',
    );
  });

  it('says a known link had no change in the range, without calling it unknown', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli(
      'history',
      '--cluster',
      'lkc-a',
      '--link',
      'orders-dr',
      '--since',
      '2025-01-01',
      '--until',
      '2025-02-01',
      '--db',
      temp.db,
    );

    // Assess
    expect(result).toEqual({ code: 0, stdout: 'No events in this time range.\n', stderr: '' });
  });

  it('takes a cluster by its label as by its id, in history and status alike', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const historyByLabel = await cli('history', '--cluster', 'prod-eu', '--db', temp.db);
    const historyById = await cli('history', '--cluster', 'lkc-a', '--db', temp.db);
    const statusByLabel = await cli('status', '--cluster', 'PROD-EU', '--db', temp.db);
    const statusById = await cli('status', '--cluster', 'lkc-a', '--db', temp.db);

    // Assess
    expect(historyByLabel).toEqual(historyById);
    expect(historyById.code).toBe(0);
    expect(statusByLabel).toEqual(statusById);
    expect(statusById.code).toBe(0);
  });

  it('names the known clusters, by id and label, for a cluster that is neither', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('history', '--cluster', 'prod-ap', '--db', temp.db);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: unknown cluster prod-ap\nhint: known clusters: lkc-a \(prod-eu\)/);
  });

  it('refuses a bad time expression with exit 2 and an example of a good one', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('history', '--cluster', 'lkc-a', '--since', 'yesterday-ish', '--db', temp.db);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --since "yesterday-ish" is not a duration or an ISO time');
    expect(result.stderr).toContain('hint: use a duration back from now (30m, 24h, 7d)');
  });

  it('refuses a reversed range, a link without a cluster, and a missing scope', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const reversed = await cli(
      'history',
      '--cluster',
      'lkc-a',
      '--since',
      '1h',
      '--until',
      '2h',
      '--db',
      temp.db,
    );
    const linkOnly = await cli('history', '--link', 'orders-dr', '--db', temp.db);
    const nothing = await cli('history', '--db', temp.db);

    // Assess
    expect([reversed.code, linkOnly.code, nothing.code]).toEqual([2, 2, 2]);
    expect(reversed.stderr).toContain('is after --until');
    expect(linkOnly.stderr).toContain('--link needs --cluster');
    expect(nothing.stderr).toContain('--cluster ID, or --severity LEVEL');
  });

  it('reports a missing embedded store instead of creating an empty one', async () => {
    // Act
    const result = await cli('history', '--cluster', 'lkc-a', '--db', join(temp.dir, 'missing.db'));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: no embedded store at ${join(temp.dir, 'missing.db')}`);
    expect(result.stderr).toContain('hint: run `link-monitor run --once');
  });

  it('refuses an unknown --format and --store with exit 2', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const format = await cli('history', '--cluster', 'lkc-a', '--format', 'xml', '--db', temp.db);
    const store = await cli('history', '--cluster', 'lkc-a', '--store', 'redis', '--db', temp.db);

    // Assess
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("option '--format <format>' argument 'xml' is invalid");
    expect(store.code).toBe(2);
    expect(store.stderr).toContain('--store "redis" is not a store');
  });
});

describe('link-monitor status (embedded store)', () => {
  it('prints one row per link across clusters with state, error, since and topics', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('status', '--db', temp.db);

    // Assess
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').filter((l) => l.startsWith('│') && !l.includes('CLUSTER'));
    expect(
      rows.map((r) =>
        r
          .split('│')
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ).toEqual([
      [
        'prod-eu (lkc-a)',
        'orders-dr',
        '!! UNAVAILABLE',
        'AUTHENTICATION_ERROR',
        '2025-06-02 08:05:00Z (4h 55m)',
        '2',
        'not ready',
      ],
      ['prod-eu (lkc-a)', 'payments-dr', 'ok ACTIVE', '-', '2025-05-01 00:00:00Z (32d 13h)', '2', 'ready'],
      ['prod-us (lkc-b)', 'clicks', '!! FAILED', '-', '2025-06-02 11:00:00Z (2h)', '2', 'not ready'],
    ]);
    expect(result.stdout).toContain('prod-eu (lkc-a): 1 of 2 link(s) unhealthy; listing ok');
  });

  it('prints json for one cluster', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('status', '--cluster', 'lkc-b', '--format', 'json', '--db', temp.db);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { clusters: unknown[]; links: unknown[] };
    expect(report.clusters).toEqual([expect.objectContaining({ clusterId: 'lkc-b', unhealthyLinks: 1 })]);
    expect(report.links).toEqual([
      expect.objectContaining({
        linkName: 'clicks',
        linkState: 'FAILED',
        severity: 'critical',
        mirrorTopics: 2,
      }),
    ]);
  });

  it('refuses an unknown cluster', async () => {
    // Prepare
    await seed(temp.db);

    // Act
    const result = await cli('status', '--cluster', 'lkc-x', '--db', temp.db);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown cluster lkc-x');
  });
});

describe('link-monitor --help', () => {
  it.each([[[]], [['status']], [['history']]] as const)(
    'is available for %j with exit 0',
    async (command) => {
      // Act
      const result = await cli(...command, '--help');

      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: link-monitor/);
    },
  );
});
