import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DuplicateEventError,
  InvalidCommitError,
  InvalidCursorError,
} from '../../../../core/store-errors.js';
import { EmbeddedStoreError } from '../../../../tools/sqlite-store/embedded-store-error.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
  StoreInUseError,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { describeSilenceStoreContract } from '../../../support/silence-store-contract.js';
import {
  aClusterId,
  aClusterRecord,
  anEvent,
  aSnapshot,
  aTimeWindow,
  describeStoreContract,
} from '../../../support/store-contract.js';

describeStoreContract('SQLite file', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'link-store-'));
  const store = openSqliteLinkStateStore({ path: join(folder, 'links.db') });
  return {
    store,
    cleanup: async () => {
      store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
});

describeStoreContract('SQLite in memory', async () => {
  const store = openSqliteLinkStateStore({ path: ':memory:' });
  return { store, cleanup: async () => store.close() };
});

describe('SQLite link-state store', () => {
  const folders: string[] = [];
  const opened: SqliteLinkStateStore[] = [];

  function aStoreFile(): string {
    const folder = mkdtempSync(join(tmpdir(), 'link-store-'));
    folders.push(folder);
    return join(folder, 'nested', 'links.db');
  }

  function open(path: string, now?: () => number): SqliteLinkStateStore {
    const store = openSqliteLinkStateStore(now === undefined ? { path } : { path, now });
    opened.push(store);
    return store;
  }

  afterEach(() => {
    for (const store of opened.splice(0)) {
      try {
        store.close();
      } catch {
        // already closed by the test
      }
    }
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps snapshots, records and history in the file across reopening', async () => {
    // Prepare
    const path = aStoreFile();
    const clusterId = aClusterId();
    const window = aTimeWindow();
    const record = aClusterRecord(clusterId);
    const snapshot = aSnapshot(clusterId);
    const event = anEvent({ clusterId, observedAt: window.at(0) });
    const first = open(path);
    await first.commitCluster({ clusterId, expectedVersion: null, next: record, events: [] });
    await first.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: null,
      next: snapshot,
      events: [event],
    });
    first.close();

    // Act
    const reopened = open(path);

    // Assess
    expect(await reopened.readClusterState(clusterId)).toEqual({
      cluster: record,
      links: [snapshot],
      outboxEmpty: false,
    });
    expect(await reopened.pendingEvents(clusterId)).toEqual([event]);
    expect(await reopened.listClusters()).toEqual([record]);
  });

  it('uses write-ahead logging for files', () => {
    const path = aStoreFile();
    open(path);

    const db = new Database(path, { readonly: true });
    const mode = db.pragma('journal_mode', { simple: true });
    db.close();

    expect(mode).toBe('wal');
  });

  it('hides expired history from every query, then purges it', async () => {
    // Prepare
    const path = aStoreFile();
    let nowMs = Date.UTC(2030, 0, 1);
    const store = open(path, () => nowMs);
    const clusterId = aClusterId();
    const window = aTimeWindow();
    const nowSeconds = nowMs / 1000;
    const expiring = anEvent({
      clusterId,
      linkName: 'link-a',
      observedAt: window.at(1),
      expiresAt: nowSeconds + 60,
    });
    const lasting = anEvent({
      clusterId,
      linkName: 'link-b',
      observedAt: window.at(2),
      expiresAt: nowSeconds + 3600,
    });
    await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: null,
      next: aSnapshot(clusterId),
      events: [expiring],
    });
    await store.commitLink({
      clusterId,
      linkName: 'link-b',
      expectedVersion: null,
      next: aSnapshot(clusterId, { link: { ...aSnapshot(clusterId).link, linkName: 'link-b' } }),
      events: [lasting],
    });
    const range = window.range(0, 10);

    // Act
    nowMs += 61_000;

    // Assess
    expect(await store.pendingEvents(clusterId)).toEqual([lasting]);
    expect((await store.clusterHistory({ clusterId, ...range })).items).toEqual([lasting]);
    expect((await store.linkHistory({ clusterId, linkName: 'link-a', ...range })).items).toEqual([]);
    expect((await store.severityHistory({ severity: 'critical', ...range })).items).toEqual([lasting]);
    expect(store.purgeExpired()).toBe(1);
    expect(store.purgeExpired()).toBe(0);
  });

  /** A problem, then its recovery, of link-a; and one event of link-b. */
  async function problemThenRecovery(store: SqliteLinkStateStore, clusterId: string) {
    const window = aTimeWindow();
    const problem = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(1) });
    const recovery = anEvent({
      clusterId,
      linkName: 'link-a',
      observedAt: window.at(2),
      severity: 'resolved',
    });
    const other = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(2) });
    const snapshot = aSnapshot(clusterId);
    await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: null,
      next: snapshot,
      events: [problem],
    });
    await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: snapshot.version,
      next: { ...snapshot, version: snapshot.version + 1 },
      events: [recovery],
    });
    await store.commitLink({
      clusterId,
      linkName: 'link-b',
      expectedVersion: null,
      next: aSnapshot(clusterId, { link: { ...snapshot.link, linkName: 'link-b' } }),
      events: [other],
    });
    return { problem, recovery, other };
  }

  const CLAIM = { now: '2024-05-01T10:00:00.000Z', claimUntil: '2024-05-01T10:05:00.000Z' };

  it("claims none of a link's events behind one of its events another claimant holds: a recovery never overtakes its problem", async () => {
    // Prepare
    const store = open(aStoreFile());
    const clusterId = aClusterId();
    const { problem, recovery, other } = await problemThenRecovery(store, clusterId);
    await store.claimPendingEvents({ clusterId, claimant: 'killed-poll', ...CLAIM });
    await store.releaseClaim([recovery, other], 'killed-poll');

    // Act
    const claimed = await store.claimPendingEvents({ clusterId, claimant: 'next-poll', ...CLAIM });

    // Assess
    expect(claimed.map((e) => e.eventId)).toEqual([other.eventId]);
    expect(claimed.map((e) => e.eventId)).not.toContain(problem.eventId);
  });

  it('takes back at once the claims a process that did not stop left, and refuses while another live process of this host holds the file', async () => {
    // Prepare
    const path = aStoreFile();
    const store = open(path);
    const clusterId = aClusterId();
    const { problem, recovery } = await problemThenRecovery(store, clusterId);
    const at = '2024-05-01T10:00:00.000Z';
    await store.takeOver({ pid: 1001, host: 'vm', at, isAlive: () => false });
    await store.claimPendingEvents({ clusterId, claimant: 'killed-poll', ...CLAIM });

    // Act
    const refused = store.takeOver({ pid: 1002, host: 'vm', at, isAlive: (pid) => pid === 1001 });
    await expect(refused).rejects.toThrow(StoreInUseError);
    const taken = await store.takeOver({ pid: 1002, host: 'vm', at, isAlive: () => false });
    const claimed = await store.claimPendingEvents({ clusterId, claimant: 'restarted-poll', ...CLAIM });

    // Assess
    expect(taken).toEqual({
      previous: { pid: 1001, host: 'vm', startedAt: at, heartbeatAt: at },
      claimsTakenBack: 3,
    });
    expect(claimed.map((e) => e.eventId).slice(0, 2)).toEqual([problem.eventId, recovery.eventId]);
  });

  it('lets the next process take over without a question once the holder let go', async () => {
    // Prepare
    const store = open(aStoreFile());
    const at = '2024-05-01T10:00:00.000Z';
    await store.takeOver({ pid: 1001, host: 'vm', at, isAlive: () => true });
    await store.releaseRunner(1001);

    // Act
    const taken = await store.takeOver({ pid: 1002, host: 'vm', at, isAlive: () => true });

    // Assess
    expect(taken).toEqual({ previous: null, claimsTakenBack: 0 });
  });

  it('names the file and the fix when it is not a database', () => {
    // Prepare
    const path = aStoreFile();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'not a database '.repeat(20));

    // Act
    const opening = () => openSqliteLinkStateStore({ path });

    // Assess
    expect(opening).toThrow(EmbeddedStoreError);
    expect(opening).toThrow(`embedded store ${path} is not a SQLite database`);
  });

  it('purges expired history on open', async () => {
    // Prepare
    const path = aStoreFile();
    let nowMs = Date.UTC(2030, 0, 1);
    const clusterId = aClusterId();
    const first = open(path, () => nowMs);
    await first.commitCluster({
      clusterId,
      expectedVersion: null,
      next: aClusterRecord(clusterId),
      events: [anEvent({ clusterId, linkName: null, expiresAt: nowMs / 1000 + 10 })],
    });
    first.close();
    nowMs += 11_000;

    // Act
    open(path, () => nowMs);

    // Assess
    const db = new Database(path, { readonly: true });
    const { count } = db.prepare('SELECT count(*) AS count FROM history_event').get() as { count: number };
    db.close();
    expect(count).toBe(0);
  });

  it('reports a duplicate event id as DuplicateEventError and rolls the commit back', async () => {
    // Prepare
    const store = open(':memory:');
    const clusterId = aClusterId();
    const event = anEvent({ clusterId });
    await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: null,
      next: aSnapshot(clusterId),
      events: [event],
    });

    // Act
    const attempt = store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: 1,
      next: aSnapshot(clusterId, { version: 2 }),
      events: [event],
    });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(attempt).rejects.toMatchObject({ clusterId, eventId: event.eventId });
    expect((await store.readClusterState(clusterId)).links[0]?.version).toBe(1);
  });

  it('rejects a snapshot that names another link than the commit', async () => {
    const store = open(':memory:');
    const clusterId = aClusterId();

    const attempt = store.commitLink({
      clusterId,
      linkName: 'link-z',
      expectedVersion: null,
      next: aSnapshot(clusterId),
      events: [],
    });

    await expect(attempt).rejects.toBeInstanceOf(InvalidCommitError);
    expect(await store.readClusterState(clusterId)).toEqual({ cluster: null, links: [], outboxEmpty: true });
  });

  it('rejects a cursor it did not issue', async () => {
    const store = open(':memory:');
    const window = aTimeWindow();

    const attempt = store.clusterHistory({
      clusterId: aClusterId(),
      ...window.range(0, 1),
      cursor: 'bm90LWEtY3Vyc29y',
    });

    await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('lets only one of two connections to the same file commit the same change', async () => {
    // Prepare: two stores on one file stand for two pollers running at once
    const path = aStoreFile();
    const clusterId = aClusterId();
    const window = aTimeWindow();
    const first = open(path);
    const second = open(path);
    await first.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: null,
      next: aSnapshot(clusterId),
      events: [],
    });
    const event = anEvent({ clusterId, eventId: `${clusterId}#link-a#2#0`, observedAt: window.at(0) });
    const commit = {
      clusterId,
      linkName: 'link-a',
      expectedVersion: 1,
      next: aSnapshot(clusterId, { version: 2 }),
      events: [event],
    };

    // Act
    const outcomes = await Promise.all([first.commitLink(commit), second.commitLink(commit)]);
    const claims = await Promise.all([
      first.claimPendingEvents({
        clusterId,
        claimant: 'poll-1',
        now: window.at(1),
        claimUntil: window.at(2),
      }),
      second.claimPendingEvents({
        clusterId,
        claimant: 'poll-2',
        now: window.at(1),
        claimUntil: window.at(2),
      }),
    ]);

    // Assess
    expect([...outcomes].sort()).toEqual(['committed', 'conflict']);
    expect(claims.flat()).toEqual([event]);
  });

  it('adds the claim columns to a file created before outbox claims existed', async () => {
    // Prepare: the version 1 layout of the history table
    const path = aStoreFile();
    open(path).close();
    const old = new Database(path);
    old.exec('ALTER TABLE history_event DROP COLUMN claimed_by');
    old.exec('ALTER TABLE history_event DROP COLUMN claimed_until');
    old.pragma('user_version = 1');
    old.close();
    const clusterId = aClusterId();
    const window = aTimeWindow();
    const event = anEvent({ clusterId, observedAt: window.at(0) });

    // Act
    const store = open(path);
    await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: null,
      next: aSnapshot(clusterId),
      events: [event],
    });

    // Assess
    expect(
      await store.claimPendingEvents({
        clusterId,
        claimant: 'poll-1',
        now: window.at(1),
        claimUntil: window.at(2),
      }),
    ).toEqual([event]);
  });

  it('refuses a file written by a newer schema', () => {
    const path = aStoreFile();
    open(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();

    expect(() => open(path)).toThrow(/schema version 99/);
  });
});

describeSilenceStoreContract('SQLite in memory', async () => {
  const store = openSqliteLinkStateStore({ path: ':memory:' });
  return { silences: store, links: store, cleanup: async () => store.close() };
});
