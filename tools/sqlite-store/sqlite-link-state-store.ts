/**
 * `LinkStateStore` on an embedded SQLite file, for running the monitor locally and for the
 * CLI. Same semantics as the DynamoDB store: conditional versions, one transaction per
 * commit, an outbox of PENDING events, and history that expires.
 *
 * Rows keep the domain objects as JSON next to the few columns that queries filter and
 * sort on, so a round trip returns exactly what was written.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DuplicateSilenceError } from '../../core/control/duplicate-silence-error.js';
import { effectiveEnd, type Silence } from '../../core/control/silence.js';
import type { HistoryEvent, NotificationStatus, Quarantine } from '../../core/model/change-events.js';
import type { Severity } from '../../core/model/link-model.js';
import type {
  ClusterCommit,
  ClusterRecord,
  ClusterState,
  CommitOutcome,
  LinkCommit,
  LinkSnapshot,
  LinkStateStore,
  Page,
  PageRequest,
  SilenceStore,
  TimeRange,
} from '../../core/ports.js';
import {
  checkClusterCommit,
  checkLinkCommit,
  claimTimes,
  historyWindow,
} from '../../core/record/store-input.js';
import { DuplicateEventError } from '../../core/store-errors.js';
import { asEmbeddedStoreError, EmbeddedStoreError } from './embedded-store-error.js';
import { decodeHistoryCursor, encodeHistoryCursor, type HistoryPosition } from './sqlite-history-cursor.js';
import { ADDED_COLUMNS, SCHEMA_STATEMENTS, SCHEMA_VERSION } from './sqlite-schema.js';

export interface SqliteStoreOptions {
  /** A file path (its folder is created if missing) or `:memory:`. */
  readonly path: string;
  /** Epoch milliseconds; injectable so expiry can be tested without waiting. */
  readonly now?: () => number;
  /** Minimum seconds between two opportunistic purges of expired history. Default one hour. */
  readonly purgeIntervalSeconds?: number;
  /** Told of every failure of the file itself (damaged, read-only, full), after it is thrown. */
  readonly onFileFailure?: (error: EmbeddedStoreError) => void;
}

const DEFAULT_PURGE_INTERVAL_SECONDS = 3600;

interface EventRow {
  readonly event: string;
  readonly notification: NotificationStatus;
  readonly observed_at: string;
  readonly event_id: string;
}

type Keyed = Pick<HistoryEvent, 'clusterId' | 'eventId'>;

interface ClaimColumns {
  readonly link_name: string | null;
  readonly claimed_by: string | null;
  readonly claimed_until: string | null;
}

/** The process that writes an embedded file (`link-monitor run`). */
export interface StoreRunner {
  readonly pid: number;
  /** The host name it runs on: a process id means something on its own host only. */
  readonly host: string;
  readonly startedAt: string;
  /** When it last finished a poll (or started). */
  readonly heartbeatAt: string;
}

/** What taking over a file found. */
export interface TakeOver {
  /** The process that held it before, if it did not let it go (stopped hard, or on another host). */
  readonly previous: StoreRunner | null;
  /** Claims the previous process left, handed back for this one to send. */
  readonly claimsTakenBack: number;
}

/** Another live process on this host writes the file. */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';

  constructor(readonly runner: StoreRunner) {
    super(`process ${runner.pid} on ${runner.host} (running since ${runner.startedAt}) is writing this file`);
  }
}

/**
 * Opens (creating if needed) a SQLite-backed store. Call `close()` when done.
 *
 * Expired history (`expiresAt` earlier than now, in epoch seconds, the same rule as DynamoDB
 * TTL) is never returned. It is deleted on open and then at most once per
 * `purgeIntervalSeconds`, piggybacking on commits, so no timer keeps the process alive.
 */
export function openSqliteLinkStateStore(options: SqliteStoreOptions): SqliteLinkStateStore {
  const name = options.path === '' ? ':memory:' : options.path;
  const report = (error: unknown, operation: string): unknown => {
    const reported = asEmbeddedStoreError(error, name, operation);
    if (reported instanceof EmbeddedStoreError) options.onFileFailure?.(reported);
    return reported;
  };
  let store: SqliteLinkStateStore;
  try {
    store = new SqliteLinkStateStore(options);
  } catch (error) {
    throw report(error, 'open');
  }
  // Every method, so that a file that breaks while the monitor runs is named wherever it shows.
  return new Proxy(store, {
    get(target, property) {
      // The target as receiver: its private fields are not the proxy's.
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor')
        return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => Promise.reject(report(error, property)))
            : result;
        } catch (error) {
          throw report(error, property);
        }
      };
    },
  });
}

export class SqliteLinkStateStore implements LinkStateStore, SilenceStore {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #purgeIntervalMs: number;
  #lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(options: SqliteStoreOptions) {
    const inMemory = options.path === ':memory:' || options.path === '';
    if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new Database(options.path);
    this.#now = options.now ?? Date.now;
    this.#purgeIntervalMs = (options.purgeIntervalSeconds ?? DEFAULT_PURGE_INTERVAL_SECONDS) * 1000;
    try {
      // WAL lets the CLI read while a poll writes; busy_timeout makes a second writer wait instead of failing.
      if (!inMemory) this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('busy_timeout = 5000');
      this.#db.pragma('synchronous = NORMAL');
      this.#migrate();
      this.purgeExpired();
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /** Every snapshot of one cluster (sorted by link name) and its record, read in one transaction. */
  async readClusterState(clusterId: string): Promise<ClusterState> {
    return this.#db.transaction((): ClusterState => {
      const cluster = this.#db
        .prepare<[string], { record: string }>('SELECT record FROM cluster_record WHERE cluster_id = ?')
        .get(clusterId);
      const links = this.#db
        .prepare<[string], { snapshot: string }>(
          'SELECT snapshot FROM link_snapshot WHERE cluster_id = ? ORDER BY link_name',
        )
        .all(clusterId)
        .map((row) => JSON.parse(row.snapshot) as LinkSnapshot);
      const pending = this.#db
        .prepare<[string], { n: number }>(
          "SELECT COUNT(*) AS n FROM history_event WHERE cluster_id = ? AND notification = 'PENDING'",
        )
        .get(clusterId);
      return {
        cluster: cluster === undefined ? null : (JSON.parse(cluster.record) as ClusterRecord),
        links,
        outboxEmpty: (pending?.n ?? 0) === 0,
      };
    })();
  }

  /** Nothing to record: `readClusterState` counts the pending events itself. */
  async outboxDrained(_q: { readonly clusterId: string; readonly claimant: string }): Promise<void> {}

  /**
   * Writes the snapshot (or deletes it) and records the events in one transaction.
   *
   * @returns `conflict`, writing nothing, when the stored version is not `expectedVersion`
   *   (or a row exists while `expectedVersion` is null).
   * @throws DuplicateEventError when the version check passed but an event id is already
   *   recorded; the transaction is rolled back. This mirrors the DynamoDB store, which
   *   reports `conflict` only for a failed snapshot condition.
   * @throws InvalidCommitError when the snapshot or an event is for another cluster or link
   *   than the commit, or it carries more events than one commit may.
   */
  async commitLink(commit: LinkCommit): Promise<CommitOutcome> {
    checkLinkCommit(commit);
    const { clusterId, linkName, next } = commit;
    const outcome = this.#db
      .transaction((): CommitOutcome => {
        const stored = this.#db
          .prepare<[string, string], { version: number }>(
            'SELECT version FROM link_snapshot WHERE cluster_id = ? AND link_name = ?',
          )
          .get(clusterId, linkName);
        if (!versionMatches(stored?.version, commit.expectedVersion)) return 'conflict';
        if (next === null) {
          this.#db
            .prepare('DELETE FROM link_snapshot WHERE cluster_id = ? AND link_name = ?')
            .run(clusterId, linkName);
        } else {
          this.#db
            .prepare(
              `INSERT INTO link_snapshot (cluster_id, link_name, version, snapshot) VALUES (?, ?, ?, ?)
               ON CONFLICT (cluster_id, link_name) DO UPDATE SET version = excluded.version, snapshot = excluded.snapshot`,
            )
            .run(clusterId, linkName, next.version, JSON.stringify(next));
        }
        this.#insertEvents(commit.events, clusterId, linkName);
        return 'committed';
      })
      .immediate();
    this.#purgeIfDue();
    return outcome;
  }

  /**
   * Writes the cluster record and its events in one transaction; same rules as `commitLink`.
   *
   * @throws DuplicateEventError when an event id is already recorded (rolled back).
   * @throws InvalidCommitError as `commitLink` does.
   */
  async commitCluster(commit: ClusterCommit): Promise<CommitOutcome> {
    checkClusterCommit(commit);
    const { clusterId, next } = commit;
    const outcome = this.#db
      .transaction((): CommitOutcome => {
        const stored = this.#db
          .prepare<[string], { version: number }>('SELECT version FROM cluster_record WHERE cluster_id = ?')
          .get(clusterId);
        if (!versionMatches(stored?.version, commit.expectedVersion)) return 'conflict';
        this.#db
          .prepare(
            `INSERT INTO cluster_record (cluster_id, version, record) VALUES (?, ?, ?)
             ON CONFLICT (cluster_id) DO UPDATE SET version = excluded.version, record = excluded.record`,
          )
          .run(clusterId, next.version, JSON.stringify(next));
        this.#insertEvents(commit.events, clusterId, null);
        return 'committed';
      })
      .immediate();
    this.#purgeIfDue();
    return outcome;
  }

  /** PENDING, unexpired events of one cluster, claimed or not, oldest first (ties in event id order). */
  async pendingEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    return this.#db
      .prepare<[string, number], EventRow>(
        `SELECT event, notification, observed_at, event_id FROM history_event
         WHERE cluster_id = ? AND notification = 'PENDING' AND expires_at >= ?
         ORDER BY observed_at, event_id`,
      )
      .all(clusterId, this.#nowSeconds())
      .map(toHistoryEvent);
  }

  /**
   * Claims the cluster's PENDING events that are unclaimed or whose claim expired
   * (`claimed_until` < `now`), oldest first. Select and update run in one write
   * transaction, so two claimants never get the same event. A link's events go out in the
   * order they happened: behind an event of the same link (or of the cluster itself) that
   * another claimant still holds, none is claimed, so a recovery never overtakes its problem.
   */
  async claimPendingEvents(q: {
    readonly clusterId: string;
    readonly claimant: string;
    readonly now: string;
    readonly claimUntil: string;
  }): Promise<readonly HistoryEvent[]> {
    // Claims compare as strings: both times in the one canonical form.
    const { now, claimUntil } = claimTimes(q, { operation: 'claimPendingEvents', clusterId: q.clusterId });
    return this.#db
      .transaction((): HistoryEvent[] => {
        const rows = this.#db
          .prepare<[string, number], EventRow & ClaimColumns>(
            `SELECT event, notification, observed_at, event_id, link_name, claimed_by, claimed_until
             FROM history_event
             WHERE cluster_id = ? AND notification = 'PENDING' AND expires_at >= ?
             ORDER BY observed_at, event_id`,
          )
          .all(q.clusterId, this.#nowSeconds());
        const claim = this.#db.prepare(
          'UPDATE history_event SET claimed_by = ?, claimed_until = ? WHERE cluster_id = ? AND event_id = ?',
        );
        const heldElsewhere = new Set<string | null>();
        const claimed: (EventRow & ClaimColumns)[] = [];
        for (const row of rows) {
          const held =
            row.claimed_until !== null && row.claimed_until >= now && row.claimed_by !== q.claimant;
          if (held) heldElsewhere.add(row.link_name);
          if (held || heldElsewhere.has(row.link_name)) continue;
          claim.run(q.claimant, claimUntil, q.clusterId, row.event_id);
          claimed.push(row);
        }
        return claimed.map(toHistoryEvent);
      })
      .immediate();
  }

  /**
   * Takes over the file for one process: refuses when another live process on this host holds
   * it, and otherwise hands back at once every claim an earlier process left (only one process
   * writes an embedded file, so a claim still held is one that process can no longer settle).
   *
   * @param isAlive - whether a process id of this host still runs
   * @throws StoreInUseError when another live process of this host holds the file
   */
  async takeOver(me: {
    readonly pid: number;
    readonly host: string;
    readonly at: string;
    readonly isAlive: (pid: number) => boolean;
  }): Promise<TakeOver> {
    return this.#db
      .transaction((): TakeOver => {
        const previous = this.#runnerRow();
        if (
          previous !== null &&
          previous.host === me.host &&
          previous.pid !== me.pid &&
          me.isAlive(previous.pid)
        )
          throw new StoreInUseError(previous);
        this.#db
          .prepare(
            `INSERT INTO store_runner (id, pid, host, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host,
               started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
          )
          .run(me.pid, me.host, me.at, me.at);
        const released = this.#db
          .prepare(
            `UPDATE history_event SET claimed_by = NULL, claimed_until = NULL
             WHERE notification = 'PENDING' AND claimed_by IS NOT NULL`,
          )
          .run();
        return { previous, claimsTakenBack: released.changes };
      })
      .immediate();
  }

  /** Records that the process holding the file is alive (after each poll). */
  async heartbeat(pid: number, at: string): Promise<void> {
    this.#db.prepare('UPDATE store_runner SET heartbeat_at = ? WHERE id = 1 AND pid = ?').run(at, pid);
  }

  /** Lets the file go: the next process takes over without a question. */
  async releaseRunner(pid: number): Promise<void> {
    this.#db.prepare('DELETE FROM store_runner WHERE id = 1 AND pid = ?').run(pid);
  }

  /** The process that holds the file, or null. */
  async runner(): Promise<StoreRunner | null> {
    return this.#runnerRow();
  }

  #runnerRow(): StoreRunner | null {
    const row = this.#db
      .prepare<[], { pid: number; host: string; started_at: string; heartbeat_at: string }>(
        'SELECT pid, host, started_at, heartbeat_at FROM store_runner WHERE id = 1',
      )
      .get();
    return row === undefined
      ? null
      : { pid: row.pid, host: row.host, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
  }

  /** Clears this claimant's claims; claims held by anyone else are left alone. */
  async releaseClaim(events: readonly Keyed[], claimant: string): Promise<void> {
    if (events.length === 0) return;
    const release = this.#db.prepare(
      `UPDATE history_event SET claimed_by = NULL, claimed_until = NULL
       WHERE cluster_id = ? AND event_id = ? AND claimed_by = ?`,
    );
    this.#db.transaction(() => {
      for (const { clusterId, eventId } of events) release.run(clusterId, eventId, claimant);
    })();
  }

  /** Sets SENT and drops any claim; unknown ids are ignored and already-sent events stay sent. */
  async markSent(events: readonly Keyed[]): Promise<void> {
    this.#setNotification(events, 'SENT', ['PENDING', 'NOT_NOTIFIED', 'SENT']);
  }

  /** Promotes NOT_NOTIFIED events to PENDING; a SENT or quarantined event is never made pending again. */
  async markPending(events: readonly Keyed[]): Promise<void> {
    this.#setNotification(events, 'PENDING', ['NOT_NOTIFIED']);
  }

  /** Counts a failed attempt on this claimant's events and hands their claims back. */
  async recordPublishFailure(events: readonly Keyed[], claimant: string): Promise<void> {
    if (events.length === 0) return;
    // The attempt count lives in the event's JSON: no column (and no schema change) for a rare fact.
    const update = this.#db.prepare(
      `UPDATE history_event
       SET claimed_by = NULL, claimed_until = NULL,
           event = json_set(event, '$.publishAttempts', coalesce(json_extract(event, '$.publishAttempts'), 0) + 1)
       WHERE cluster_id = ? AND event_id = ? AND claimed_by = ? AND notification = 'PENDING'`,
    );
    this.#db.transaction(() => {
      for (const { clusterId, eventId } of events) update.run(clusterId, eventId, claimant);
    })();
  }

  /** Takes PENDING events out of the outbox for good, keeping why; SENT ones stay SENT. */
  async quarantine(events: readonly Keyed[], quarantine: Quarantine): Promise<void> {
    if (events.length === 0) return;
    const update = this.#db.prepare(
      `UPDATE history_event
       SET notification = 'NOT_NOTIFIED', claimed_by = NULL, claimed_until = NULL,
           event = json_set(event, '$.quarantine', json(?))
       WHERE cluster_id = ? AND event_id = ? AND notification = 'PENDING'`,
    );
    const value = JSON.stringify({ reason: quarantine.reason, at: quarantine.at });
    this.#db.transaction(() => {
      for (const { clusterId, eventId } of events) update.run(value, clusterId, eventId);
    })();
  }

  async quarantinedEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    return this.#db
      .prepare<[string, number], EventRow>(
        `SELECT event, notification, observed_at, event_id FROM history_event
         WHERE cluster_id = ? AND json_extract(event, '$.quarantine') IS NOT NULL AND expires_at >= ?
         ORDER BY observed_at, event_id`,
      )
      .all(clusterId, this.#nowSeconds())
      .map(toHistoryEvent);
  }

  async linkHistory(
    q: { clusterId: string; linkName: string } & TimeRange & PageRequest,
  ): Promise<Page<HistoryEvent>> {
    return this.#historyPage('cluster_id = ? AND link_name = ?', [q.clusterId, q.linkName], q, {
      operation: 'linkHistory',
      clusterId: q.clusterId,
      linkName: q.linkName,
    });
  }

  async clusterHistory(q: { clusterId: string } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    return this.#historyPage('cluster_id = ?', [q.clusterId], q, {
      operation: 'clusterHistory',
      clusterId: q.clusterId,
    });
  }

  async severityHistory(q: { severity: Severity } & TimeRange & PageRequest): Promise<Page<HistoryEvent>> {
    return this.#historyPage('severity = ?', [q.severity], q, { operation: 'severityHistory' });
  }

  /** Every cluster record, sorted by cluster id. */
  async listClusters(): Promise<readonly ClusterRecord[]> {
    return this.#db
      .prepare<[], { record: string }>('SELECT record FROM cluster_record ORDER BY cluster_id')
      .all()
      .map((row) => JSON.parse(row.record) as ClusterRecord);
  }

  /** Deletes expired history now; returns how many events were removed. */
  purgeExpired(): number {
    this.#lastPurgeAt = this.#now();
    return this.#db.prepare('DELETE FROM history_event WHERE expires_at < ?').run(this.#nowSeconds()).changes;
  }

  /** @throws DuplicateSilenceError when a silence with this id exists. */
  async addSilence(silence: Silence): Promise<void> {
    const result = this.#db
      .prepare<[string, string, string]>(
        'INSERT OR IGNORE INTO silence (id, ends_at, silence) VALUES (?, ?, ?)',
      )
      .run(silence.id, effectiveEnd(silence), JSON.stringify(silence));
    if (result.changes === 0) throw new DuplicateSilenceError(silence.id);
  }

  async expireSilence(id: string, at: string): Promise<Silence | null> {
    return this.#db.transaction((): Silence | null => {
      const row = this.#db
        .prepare<[string], { silence: string }>('SELECT silence FROM silence WHERE id = ?')
        .get(id);
      if (row === undefined) return null;
      const stored = JSON.parse(row.silence) as Silence;
      if (effectiveEnd(stored) <= at) return stored;
      const expired: Silence = { ...stored, expiredAt: at };
      this.#db
        .prepare<[string, string, string]>('UPDATE silence SET ends_at = ?, silence = ? WHERE id = ?')
        .run(effectiveEnd(expired), JSON.stringify(expired), id);
      return expired;
    })();
  }

  async listSilences(q: { readonly endedAfter: string }): Promise<readonly Silence[]> {
    return this.#db
      .prepare<[string], { silence: string }>(
        'SELECT silence FROM silence WHERE ends_at >= ? ORDER BY ends_at, id',
      )
      .all(q.endedAfter)
      .map((row) => JSON.parse(row.silence) as Silence);
  }

  close(): void {
    this.#db.close();
  }

  #migrate(): void {
    const current = this.#db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`store file has schema version ${current}; this code knows up to ${SCHEMA_VERSION}`);
    }
    this.#db.transaction(() => {
      for (const statement of SCHEMA_STATEMENTS) this.#db.exec(statement);
      for (const { table, column, definition } of ADDED_COLUMNS) {
        const columns = this.#db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
          .all();
        if (!columns.some((c) => c.name === column)) {
          this.#db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
        }
      }
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  #insertEvents(events: readonly HistoryEvent[], clusterId: string, linkName: string | null): void {
    const insert = this.#db.prepare(
      `INSERT INTO history_event
         (cluster_id, event_id, link_name, severity, observed_at, notification, expires_at, event)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster_id, event_id) DO NOTHING`,
    );
    for (const event of events) {
      const { notification, ...rest } = event;
      const result = insert.run(
        event.clusterId,
        event.eventId,
        event.linkName,
        event.severity,
        event.observedAt,
        notification,
        event.expiresAt,
        JSON.stringify(rest),
      );
      // Throwing inside the transaction rolls back the snapshot and the events before it.
      if (result.changes === 0) {
        throw new DuplicateEventError({
          operation: linkName === null ? 'commitCluster' : 'commitLink',
          clusterId,
          ...(linkName !== null && { linkName }),
          eventId: event.eventId,
        });
      }
    }
  }

  #setNotification(
    events: readonly Keyed[],
    to: NotificationStatus,
    from: readonly NotificationStatus[],
  ): void {
    if (events.length === 0) return;
    const update = this.#db.prepare(
      `UPDATE history_event SET notification = ?, claimed_by = NULL, claimed_until = NULL
       WHERE cluster_id = ? AND event_id = ? AND notification IN (SELECT value FROM json_each(?))
         AND json_extract(event, '$.quarantine') IS NULL`,
    );
    const allowed = JSON.stringify(from);
    this.#db.transaction(() => {
      for (const { clusterId, eventId } of events) update.run(to, clusterId, eventId, allowed);
    })();
  }

  #historyPage(
    where: string,
    params: readonly string[],
    q: TimeRange & PageRequest,
    context: { operation: string; clusterId?: string; linkName?: string },
  ): Page<HistoryEvent> {
    const { from, to, limit, empty } = historyWindow(q, context);
    const after: HistoryPosition | null =
      q.cursor === undefined ? null : decodeHistoryCursor(q.cursor, context);
    if (empty) return { items: [] };
    // Keyset paging on (observed_at, event_id), newest first: stable while new events arrive.
    const rows = this.#db
      .prepare<unknown[], EventRow>(
        `SELECT event, notification, observed_at, event_id FROM history_event
         WHERE ${where} AND observed_at >= ? AND observed_at <= ? AND expires_at >= ?
         ${after === null ? '' : 'AND (observed_at, event_id) < (?, ?)'}
         ORDER BY observed_at DESC, event_id DESC
         LIMIT ?`,
      )
      .all(
        ...params,
        from,
        to,
        this.#nowSeconds(),
        ...(after === null ? [] : [after.observedAt, after.eventId]),
        limit + 1,
      );
    const pageRows = rows.slice(0, limit);
    const items = pageRows.map(toHistoryEvent);
    const last = pageRows.at(-1);
    if (rows.length <= limit || last === undefined) return { items };
    return { items, cursor: encodeHistoryCursor({ observedAt: last.observed_at, eventId: last.event_id }) };
  }

  #nowSeconds(): number {
    return Math.floor(this.#now() / 1000);
  }

  #purgeIfDue(): void {
    if (this.#now() - this.#lastPurgeAt >= this.#purgeIntervalMs) this.purgeExpired();
  }
}

/** A missing row matches only `null`; an existing row only its exact version. */
function versionMatches(stored: number | undefined, expected: number | null): boolean {
  return stored === undefined ? expected === null : stored === expected;
}

function toHistoryEvent(row: EventRow): HistoryEvent {
  // The notification column is the source of truth: markSent/markPending change only it.
  return { ...(JSON.parse(row.event) as Omit<HistoryEvent, 'notification'>), notification: row.notification };
}
