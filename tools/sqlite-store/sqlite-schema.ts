/**
 * Schema of the SQLite link-state store. Each statement is idempotent, so opening a file
 * applies whatever is missing; `SCHEMA_VERSION` goes into `PRAGMA user_version` so that a
 * file written by newer code is refused instead of misread.
 */
export const SCHEMA_VERSION = 2;

/** Columns added after a table was first shipped: `CREATE TABLE IF NOT EXISTS` does not add them to old files. */
export const ADDED_COLUMNS: readonly {
  readonly table: string;
  readonly column: string;
  readonly definition: string;
}[] = [
  // Version 2: outbox claims.
  { table: 'history_event', column: 'claimed_by', definition: 'TEXT' },
  { table: 'history_event', column: 'claimed_until', definition: 'TEXT' },
];

export const SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS cluster_record (
     cluster_id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     record TEXT NOT NULL
   ) WITHOUT ROWID`,
  // Access pattern 1: every snapshot of one cluster is a range of the primary key.
  `CREATE TABLE IF NOT EXISTS link_snapshot (
     cluster_id TEXT NOT NULL,
     link_name TEXT NOT NULL,
     version INTEGER NOT NULL,
     snapshot TEXT NOT NULL,
     PRIMARY KEY (cluster_id, link_name)
   ) WITHOUT ROWID`,
  // The event id is unique per cluster: the primary key is what makes a retried commit fail.
  `CREATE TABLE IF NOT EXISTS history_event (
     cluster_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     link_name TEXT,
     severity TEXT NOT NULL,
     observed_at TEXT NOT NULL,
     notification TEXT NOT NULL CHECK (notification IN ('PENDING', 'SENT', 'NOT_NOTIFIED')),
     expires_at INTEGER NOT NULL,
     claimed_by TEXT,
     claimed_until TEXT,
     event TEXT NOT NULL,
     PRIMARY KEY (cluster_id, event_id)
   )`,
  // Access patterns 2-4, in the order they are read (newest first, ties by event id).
  `CREATE INDEX IF NOT EXISTS history_by_link
     ON history_event (cluster_id, link_name, observed_at DESC, event_id DESC)`,
  `CREATE INDEX IF NOT EXISTS history_by_cluster
     ON history_event (cluster_id, observed_at DESC, event_id DESC)`,
  `CREATE INDEX IF NOT EXISTS history_by_severity
     ON history_event (severity, observed_at DESC, event_id DESC)`,
  // The outbox: a partial index holds only what is still to be published.
  `CREATE INDEX IF NOT EXISTS history_pending
     ON history_event (cluster_id, observed_at, event_id) WHERE notification = 'PENDING'`,
  `CREATE INDEX IF NOT EXISTS history_by_expiry ON history_event (expires_at)`,
  // Silences, by when they stop applying (their end, or when they were expired): the poll reads
  // only those not yet over with one range scan. A table added without a version bump: older
  // code never reads it, so it cannot misread it.
  `CREATE TABLE IF NOT EXISTS silence (
     id TEXT PRIMARY KEY,
     ends_at TEXT NOT NULL,
     silence TEXT NOT NULL
   ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS silence_by_end ON silence (ends_at)`,
  // The one process that writes the file (`link-monitor run`): one row, so that a restart knows
  // its predecessor's claims are orphans and a second process on the same file is refused. Added
  // without a version bump, as the silences were: older code never reads it.
  `CREATE TABLE IF NOT EXISTS store_runner (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     pid INTEGER NOT NULL,
     host TEXT NOT NULL,
     started_at TEXT NOT NULL,
     heartbeat_at TEXT NOT NULL
   )`,
];
