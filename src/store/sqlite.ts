import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { KyselyAuditStore, migrate } from './kysely-store.js';
import type { Database } from './schema.js';

export const DEFAULT_SQLITE_PATH = path.join('data', 'tcop-audit.sqlite');

/** Opens (creating if needed) the embedded store and migrates it. `':memory:'` for a throwaway one. */
export async function openSqliteStore(file: string = DEFAULT_SQLITE_PATH): Promise<KyselyAuditStore> {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new (await loadBetterSqlite3())(file);
  // WAL lets the dashboard read while an audit writes; NORMAL is durable across app crashes in WAL
  // mode (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const lost = file === ':memory:' ? () => undefined : watchFile(file, database);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database, lost) }),
  });
  try {
    await migrate(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return whenLost(new KyselyAuditStore(db, 'sqlite'), file, lost);
}

/** The SQLite store can no longer be used: its file went away, or it was closed under a caller. */
export class SqliteStoreLostError extends Error {
  readonly code = 'SQLITE_STORE_LOST';
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'SqliteStoreLostError';
  }
}

/**
 * A SQLite file deleted (or replaced) while the store has it open is still open: on POSIX every write
 * went on into the unlinked inode and "succeeded", and was gone at the next start. So every statement
 * first checks that the path still names the file that was opened; if not, it fails with this reason.
 */
function watchFile(file: string, database: BetterSqlite3.Database): () => string | undefined {
  const opened = statSync(file);
  return () => {
    if (!database.open) return `the SQLite store ${file} is closed`;
    const now = statSync(file, { throwIfNoEntry: false });
    if (!now)
      return `the SQLite store ${file} was deleted while the service was running; nothing more is written to it (restart the service to open a new one)`;
    if (now.ino !== opened.ino || now.dev !== opened.dev)
      return `the SQLite store ${file} was replaced by another file while the service was running; nothing more is written to it (restart the service to open it)`;
    return undefined;
  };
}

/**
 * The store, with a closed or lost database named in every failure: Kysely's own words for a closed
 * one are "driver has already been destroyed", better-sqlite3's "The database connection is not open".
 */
function whenLost(store: KyselyAuditStore, file: string, lost: () => string | undefined): KyselyAuditStore {
  let closed = false;
  const explain = (error: unknown): unknown => {
    if (error instanceof SqliteStoreLostError) return error;
    const reason = closed ? `the SQLite store ${file} is closed` : lost();
    return reason ? new SqliteStoreLostError(reason, { cause: error }) : error;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'close')
        return () => {
          closed = true;
          return (value as () => Promise<void>).call(target);
        };
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => {
                throw explain(error);
              })
            : result;
        } catch (error) {
          throw explain(error);
        }
      };
    },
  });
}

/** Statements kept per connection; the store issues a few dozen distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely prepares every query afresh; preparing costs more than running a small indexed query
 * (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#preparestring---statement).
 * Statements are reusable, and Kysely runs one query at a time per SQLite connection, so a cache
 * keyed by SQL text is safe and makes badge lookups several times cheaper.
 */
function withStatementCache(
  database: BetterSqlite3.Database,
  lost: () => string | undefined,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      if (sql === 'rollback') return rollbackIfOpen(database);
      const cached = statements.get(sql);
      if (cached) return cached;
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      const statement = checked(database.prepare(sql), lost);
      statements.set(sql, statement);
      return statement;
    },
  };
}

/** A statement that runs only while the store's file is still the one opened (see watchFile). */
function checked(statement: SqliteStatement, lost: () => string | undefined): SqliteStatement {
  const check = (): void => {
    const reason = lost();
    if (reason) throw new SqliteStoreLostError(reason);
  };
  return {
    reader: statement.reader,
    all: (parameters) => {
      check();
      return statement.all(parameters);
    },
    iterate: (parameters) => {
      check();
      return statement.iterate(parameters);
    },
    run: (parameters) => {
      check();
      return statement.run(parameters);
    },
  };
}

/**
 * SQLite itself rolls a transaction back on some errors (SQLITE_FULL: disk full, SQLITE_IOERR,
 * SQLITE_NOMEM; https://www.sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction).
 * Kysely's ROLLBACK then fails with "cannot rollback - no transaction is active" and that error
 * replaces the real one; a rollback of a transaction that is already over does nothing instead.
 */
function rollbackIfOpen(database: BetterSqlite3.Database): SqliteStatement {
  return {
    reader: false,
    all: () => [],
    iterate: () => [][Symbol.iterator](),
    run: () =>
      database.inTransaction ? database.prepare('rollback').run() : { changes: 0, lastInsertRowid: 0 },
  };
}

/**
 * better-sqlite3 is a native module and an optional peer dependency of the published CLI: loaded only
 * when the SQLite store is opened, and named when it is not installed.
 */
async function loadBetterSqlite3(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      'the SQLite store needs better-sqlite3: run `npm install better-sqlite3` beside tcop-audit, or store in PostgreSQL (--store postgres://…)',
    );
  }
}
