import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DuplicateEventError,
  InvalidCommitError,
  InvalidCursorError,
} from '../../../../core/store-errors.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
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
