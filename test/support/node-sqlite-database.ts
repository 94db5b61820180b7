/**
 * The part of better-sqlite3's API that the SQLite store uses, over Node's own `node:sqlite`.
 *
 * Mutation runs of the core need Node 22, where better-sqlite3's native module (built for the
 * Node of `npm ci`) cannot load; `vitest.mutation.config.ts` puts this module in its place so that
 * the poll's tests, which run against the SQLite store, take part in those runs. Only what the
 * store calls is here: a statement's run/get/all, exec, pragma, close and transactions.
 */
// @ts-expect-error node:sqlite has no types on the Node 20 of the project's own runs; this file runs only on Node 22.
import { DatabaseSync } from 'node:sqlite';

interface SyncStatement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface SyncDatabase {
  prepare(sql: string): SyncStatement;
  exec(sql: string): void;
  close(): void;
}

type Transaction<F extends (...args: never[]) => unknown> = F & {
  readonly deferred: F;
  readonly immediate: F;
  readonly exclusive: F;
};

export default class Database {
  readonly #db: SyncDatabase;
  #depth = 0;

  constructor(path: string) {
    this.#db = new DatabaseSync(path === '' ? ':memory:' : path) as SyncDatabase;
  }

  prepare(sql: string): {
    run(...params: unknown[]): { changes: number };
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  } {
    const statement = this.#db.prepare(sql);
    return {
      run: (...params) => ({ changes: Number(statement.run(...params).changes) }),
      get: (...params) => statement.get(...params),
      all: (...params) => statement.all(...params),
    };
  }

  exec(sql: string): this {
    this.#db.exec(sql);
    return this;
  }

  /** `PRAGMA`, with better-sqlite3's `simple` option: the first column of the first row. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.#db.prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[];
    if (options.simple !== true) return rows;
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  close(): this {
    this.#db.close();
    return this;
  }

  /** A function that runs `fn` in a transaction (a savepoint when nested), as better-sqlite3's does. */
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    const inMode = (mode: string) =>
      ((...args: Parameters<F>) => {
        const nested = this.#depth > 0;
        this.#db.exec(nested ? `SAVEPOINT nested_${this.#depth}` : `BEGIN ${mode}`);
        this.#depth += 1;
        try {
          const result = fn(...args);
          this.#depth -= 1;
          this.#db.exec(nested ? `RELEASE nested_${this.#depth}` : 'COMMIT');
          return result;
        } catch (error) {
          this.#depth -= 1;
          this.#db.exec(
            nested ? `ROLLBACK TO nested_${this.#depth}; RELEASE nested_${this.#depth}` : 'ROLLBACK',
          );
          throw error;
        }
      }) as F;
    return Object.assign(inMode('DEFERRED'), {
      deferred: inMode('DEFERRED'),
      immediate: inMode('IMMEDIATE'),
      exclusive: inMode('EXCLUSIVE'),
    });
  }
}
