import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyAuditStore, migrate } from './kysely-store.js';
import type { Database } from './schema.js';

export interface PostgresStoreOptions {
  /** Use (and create) this schema instead of `public`; the contract tests use one per run. */
  schema?: string;
  maxConnections?: number;
  /**
   * The longest one statement may run on the server before PostgreSQL cancels it, in ms (default
   * 15,000). A lock or a runaway query then costs one failed request, not a pool of stuck ones.
   */
  statementTimeoutMs?: number;
  /** `application_name` of the connections (default `tcop-audit`): what `pg_stat_activity` shows. */
  applicationName?: string;
  /** Called with errors of idle connections (a database restart); defaults to one log line each. */
  onConnectionError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
/** The client gives up a little after the server would have, in case the server cannot answer at all. */
const CLIENT_TIMEOUT_MARGIN_MS = 5_000;

export async function openPostgresStore(
  connectionString: string,
  options: PostgresStoreOptions = {},
): Promise<KyselyAuditStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    // A database that drops packets must fail the audit's save with an error, not hang it.
    connectionTimeoutMillis: 10_000,
    // Server-side limit, and a client-side one for a server that has stopped answering.
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + CLIENT_TIMEOUT_MARGIN_MS,
    idle_in_transaction_session_timeout: statementTimeout * 2,
    application_name: options.applicationName ?? 'tcop-audit',
    keepAlive: true,
    // search_path per connection keeps every query schema-agnostic.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection that the server drops (restart, failover, pg_terminate_backend) is reported
  // on the pool; without a listener Node treats it as an uncaught error and the process exits.
  // The pool has already discarded that client: the next query opens a fresh connection.
  const onConnectionError =
    options.onConnectionError ??
    ((error: Error) => console.error(`PostgreSQL connection lost (it will reconnect): ${error.message}`));
  pool.on('error', onConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // The migration creates the schema, under the same lock as the tables.
    await migrate(db, 'postgres', schema ?? 'public');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyAuditStore(db, 'postgres');
}
