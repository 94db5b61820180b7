/**
 * The poll over a listing with an entry the schema refuses (an empty `link_name`, a missing field,
 * a name listed twice), end to end: the real Confluent client reading a local HTTP server, the
 * poll, the SQLite store and `link-monitor status`. The odd entry is set aside; every other link of
 * the cluster is recorded and notified as usual, and nothing it might stand for is taken as removed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import { readStatus, renderStatus } from '../../../../tools/cli/status-command.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { type FaultServer, startFaultServer } from '../../../support/fault-server.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { linksPage, rawLink } from '../../../unit/adapters/confluent/rest-pages.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-odd', label: 'prod-eu' };
const PATH = `/kafka/v3/clusters/${CLUSTER.clusterId}/links`;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'ODDKEY', apiSecret: 'odd-secret' };
const MINUTE = 60_000;

let server: FaultServer;
let sqlite: SqliteLinkStateStore;
let notifier: RecordingNotifier;
let clock: number;

beforeEach(async () => {
  server = await startFaultServer();
  clock = Date.parse('2026-11-26T08:00:00Z');
  sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
  notifier = new RecordingNotifier();
});

afterEach(async () => {
  sqlite.close();
  await server.close();
});

/** Serves these entries as the cluster's one links page. */
function serve(...entries: unknown[]): void {
  server.script(PATH, [{ kind: 'json', body: linksPage(entries, null) }]);
}

async function poll(): Promise<PollSummary> {
  const client = new ConfluentLinksClient({
    clusters: [{ clusterId: CLUSTER.clusterId, restEndpoint: server.url, credentials: CREDENTIALS }],
    options: { maxAttempts: 1 },
    now: () => clock,
  });
  const summary = await pollClusters([CLUSTER], DEFAULT_POLL_SETTINGS, {
    source: client,
    store: sqlite,
    notifier,
    now: () => new Date(clock),
    deadline: clock + MINUTE,
  });
  clock += MINUTE;
  return summary;
}

/** Every event the polls sent, as `link:TYPE`. */
function sent(): string[] {
  return notifier.published.flatMap((n) => n.events.map((e) => `${e.linkName ?? '-'}:${e.type}`));
}

async function history(): Promise<string[]> {
  const page = await sqlite.clusterHistory({
    clusterId: CLUSTER.clusterId,
    from: '2000-01-01T00:00:00Z',
    to: '2100-01-01T00:00:00Z',
    limit: 1000,
  });
  return page.items.map((e) => `${e.linkName ?? '-'}:${e.type}`);
}

async function recordedNames(): Promise<string[]> {
  return (await sqlite.readClusterState(CLUSTER.clusterId)).links.map((s) => s.link.linkName);
}

describe('Poll of a listing with an entry the schema refuses', () => {
  it('notifies a change beside a link with an empty name in the poll that sees it', async () => {
    // Prepare
    serve(rawLink('orders-dr'), rawLink('payments-dr'), rawLink(''));
    await poll();
    serve(rawLink('orders-dr', { link_state: 'FAILED' }), rawLink('payments-dr'), rawLink(''));

    // Act
    const summary = await poll();

    // Assess
    expect(sent()).toEqual(['orders-dr:LINK_STATE_CHANGED']);
    expect(summary.results[0]).toMatchObject({ outcome: 'ok', links: 2, refusedEntries: 1 });
    expect(summary.refusedEntries).toBe(1);
  });

  it('keeps the last recorded state of a link whose entry is refused, never reports it removed, and diffs it again once it is valid', async () => {
    // Prepare
    serve(rawLink('orders-dr'), rawLink('payments-dr'));
    await poll();
    const before = (await sqlite.readClusterState(CLUSTER.clusterId)).links;
    const { cluster_link_id: _dropped, ...withoutId } = rawLink('payments-dr', { link_state: 'FAILED' });

    // Act
    serve(rawLink('orders-dr', { link_state: 'PAUSED' }), withoutId);
    const refused = await poll();
    const during = (await sqlite.readClusterState(CLUSTER.clusterId)).links;
    serve(rawLink('orders-dr', { link_state: 'PAUSED' }), rawLink('payments-dr', { link_state: 'FAILED' }));
    await poll();

    // Assess
    expect(refused.results[0]).toMatchObject({ outcome: 'ok', links: 1, refusedEntries: 1 });
    expect(during.find((s) => s.link.linkName === 'payments-dr')).toEqual(
      before.find((s) => s.link.linkName === 'payments-dr'),
    );
    expect(sent()).toEqual(['orders-dr:LINK_STATE_CHANGED', 'payments-dr:LINK_STATE_CHANGED']);
    expect(await history()).not.toContain('payments-dr:LINK_REMOVED');
  });

  it('takes no recorded link for removed while an entry without a usable name is refused, and reports the removal once it is gone', async () => {
    // Prepare: three links; then one entry loses its name while another link really goes away
    serve(rawLink('a'), rawLink('b'), rawLink('c'));
    await poll();

    // Act
    serve(rawLink('a'), { ...rawLink('b'), link_name: '' });
    const unnamed = await poll();
    const namesDuring = await recordedNames();
    const sentDuring = sent();
    serve(rawLink('a'), rawLink('b'));
    const afterwards = await poll();

    // Assess: the nameless entry might have been b or c, so neither was removed while it was there
    expect(unnamed.results[0]).toMatchObject({ outcome: 'ok', links: 1, refusedEntries: 1 });
    expect(namesDuring).toEqual(['a', 'b', 'c']);
    expect(sentDuring).toEqual([]);
    expect(afterwards.results[0]).toMatchObject({ outcome: 'ok', refusedEntries: 0 });
    expect(await history()).toEqual(['c:LINK_REMOVED']);
    expect(await recordedNames()).toEqual(['a', 'b']);
  });

  it('sets aside both entries of a name listed twice, and takes no link for removed: the other entry may be any link', async () => {
    // Prepare
    serve(rawLink('a'), rawLink('b'), rawLink('c'));
    await poll();

    // Act: c's entry comes under b's name
    serve(
      rawLink('a', { link_state: 'FAILED' }),
      rawLink('b', { link_state: 'FAILED' }),
      rawLink('b', { cluster_link_id: 'id-c' }),
    );
    const summary = await poll();

    // Assess
    expect(summary.results[0]).toMatchObject({ outcome: 'ok', links: 1, refusedEntries: 2 });
    expect(sent()).toEqual(['a:LINK_STATE_CHANGED']);
    expect(await recordedNames()).toEqual(['a', 'b', 'c']);
    expect(await history()).toEqual(['a:LINK_STATE_CHANGED']);
  });

  it('shows the refused entries in `link-monitor status`, and clears them once the listing is whole again', async () => {
    // Prepare
    serve(rawLink('a'), rawLink(''));
    await poll();

    // Act
    const during = await readStatus(sqlite, undefined, new Date(clock));
    serve(rawLink('a'));
    await poll();
    const after = await readStatus(sqlite, undefined, new Date(clock));

    // Assess
    expect(during.clusters[0]?.refusedEntries).toEqual({
      count: 1,
      since: '2026-11-26T08:00:00.000Z',
      entries: [{ linkName: null, problem: expect.stringContaining('data[1].link_name') }],
    });
    const table = renderStatus(during, 'table');
    expect(table).toContain('1 listing entry refused');
    expect(table).toContain('data[1].link_name');
    expect(JSON.parse(renderStatus(during, 'json')).clusters[0].refusedEntries.count).toBe(1);
    expect(after.clusters[0]?.refusedEntries).toBeNull();
    expect(renderStatus(after, 'table')).not.toContain('refused');
  });

  it('fails a listing whose every entry is refused, as it fails one it cannot read: nothing is removed', async () => {
    // Prepare
    serve(rawLink('a'), rawLink('b'));
    await poll();

    // Act
    serve({ link_name: 'a' }, { link_name: 'b' });
    const summary = await poll();

    // Assess
    expect(summary.results[0]).toMatchObject({
      outcome: 'failed',
      failedStep: 'list',
      error: expect.stringContaining('every entry of the listing was refused'),
    });
    expect(await recordedNames()).toEqual(['a', 'b']);
    expect(await history()).toEqual([]);
  });
});
