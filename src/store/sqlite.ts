import { mkdirSync } from 'node:fs';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  try {
    await migrate(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyAuditStore(db, 'sqlite');
}

/** Statements kept per connection; the store issues a few dozen distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely prepares every query afresh; preparing costs more than running a small indexed query
 * (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#preparestring---statement).
 * Statements are reusable, and Kysely runs one query at a time per SQLite connection, so a cache
 * keyed by SQL text is safe and makes badge lookups several times cheaper.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      if (sql === 'rollback') return rollbackIfOpen(database);
      const cached = statements.get(sql);
      if (cached) return cached;
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      return statement;
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
