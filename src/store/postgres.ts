import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyAuditStore, migrate } from './kysely-store.js';
import type { Database } from './schema.js';

export interface PostgresStoreOptions {
  /** Use (and create) this schema instead of `public`; the contract tests use one per run. */
  schema?: string;
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresStore(
  connectionString: string,
  options: PostgresStoreOptions = {},
): Promise<KyselyAuditStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    // A database that drops packets must fail the audit's save with an error, not hang it.
    connectionTimeoutMillis: 10_000,
    // search_path per connection keeps every query schema-agnostic.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await db.schema.createSchema(schema).ifNotExists().execute();
    await migrate(db, 'postgres', schema ?? 'public');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyAuditStore(db, 'postgres');
}
