/**
 * SQLite's own errors (`database disk image is malformed`, `attempt to write a readonly
 * database`) name neither the file nor a way out; an operator reading a poll line or a container
 * log needs both. {@link EmbeddedStoreError} says which file, what is wrong with it and what to do.
 */
import { StoreError } from '../../core/store-errors.js';

/** SQLite result codes (`SqliteError.code`, extended codes start with these) and what to do about each. */
const REMEDIES: readonly { readonly code: string; readonly problem: string; readonly fix: string }[] = [
  {
    code: 'SQLITE_CORRUPT',
    problem: 'is damaged',
    fix: 'stop the monitor, move the file aside (keep it to inspect) and start again: a new file starts with an empty history, and the next poll records the links as they are',
  },
  {
    code: 'SQLITE_NOTADB',
    problem: 'is not a SQLite database',
    fix: 'check that --db names the monitor state; if it does, the file was overwritten: stop the monitor, move it aside and start again (a new file starts with an empty history)',
  },
  {
    code: 'SQLITE_READONLY',
    problem: 'cannot be written',
    fix: 'give the user the monitor runs as write access to the file and its folder (SQLite writes -wal and -shm files beside it), or mount the volume read-write',
  },
  {
    code: 'SQLITE_CANTOPEN',
    problem: 'cannot be opened',
    fix: 'check that the folder exists and the user the monitor runs as may create files in it',
  },
  { code: 'SQLITE_FULL', problem: 'cannot grow: the disk is full', fix: 'free space on its volume' },
  {
    code: 'SQLITE_IOERR',
    problem: 'could not be read or written (I/O error)',
    fix: 'check the disk and the volume it is on',
  },
  {
    code: 'SQLITE_BUSY',
    problem: 'stayed locked by another process',
    fix: 'stop the other link-monitor process writing the same file',
  },
];

/** A failure of the embedded store's file, naming the file and what to do. */
export class EmbeddedStoreError extends StoreError {
  override readonly name = 'EmbeddedStoreError';
  readonly path: string;
  /** What is wrong, naming the file, without the fix. */
  readonly summary: string;
  /** What to do about it, one sentence. */
  readonly fix: string;

  constructor(path: string, problem: string, fix: string, operation: string, cause: unknown) {
    const summary = `embedded store ${path} ${problem}${cause instanceof Error ? ` (${cause.message})` : ''}`;
    super(`${summary}; ${fix}`, { operation, reasons: [sqliteCode(cause) ?? 'unknown'], cause });
    this.path = path;
    this.summary = summary;
    this.fix = fix;
  }
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * The error to report for a failure of the file at `path`: an {@link EmbeddedStoreError} when
 * SQLite says the file itself is the problem; any other error (a refused query, a duplicate
 * event) as it is.
 */
export function asEmbeddedStoreError(error: unknown, path: string, operation: string): unknown {
  const code = sqliteCode(error);
  if (code === undefined || error instanceof EmbeddedStoreError) return error;
  const remedy = REMEDIES.find((r) => code === r.code || code.startsWith(`${r.code}_`));
  if (remedy === undefined) return error;
  return new EmbeddedStoreError(path, remedy.problem, remedy.fix, operation, error);
}
