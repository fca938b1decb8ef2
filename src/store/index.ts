import path from 'node:path';
import type { Report } from '../engine/report.js';
import { openPostgresStore } from './postgres.js';
import { DEFAULT_SQLITE_PATH, openSqliteStore } from './sqlite.js';
import type { AuditStore, Visibility } from './types.js';

export type * from './types.js';
export { MAX_PAGE_SIZE } from './types.js';
export { DEFAULT_SQLITE_PATH } from './sqlite.js';

export interface StoreOptions {
  /**
   * `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite:<file>` or `file:<file>` for SQLite
   * at that path; absent for SQLite at `./data/tcop-audit.sqlite`.
   */
  databaseUrl?: string;
  /** PostgreSQL only: the schema to use (and create), `public` when absent (`DATABASE_SCHEMA`). */
  schema?: string;
}

const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** Where the store lives, for messages: the SQLite path, or the PostgreSQL URL without its password. */
export function storeLocation(options: StoreOptions): string {
  const url = options.databaseUrl;
  if (url && isPostgresUrl(url)) {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  }
  return path.resolve(sqlitePath(url));
}

function sqlitePath(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(url);
  return match?.[1] ?? url;
}

/** Opens the store the options name and runs pending migrations. */
export async function openStore(options: StoreOptions = {}): Promise<AuditStore> {
  const url = options.databaseUrl;
  return url && isPostgresUrl(url)
    ? openPostgresStore(url, options.schema ? { schema: options.schema } : {})
    : openSqliteStore(sqlitePath(url));
}

/** The options from the environment: PostgreSQL when `DATABASE_URL` is set, else embedded SQLite. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  if (!env.DATABASE_URL) return {};
  return { databaseUrl: env.DATABASE_URL, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}) };
}

/**
 * `FINDINGS_RETENTION_DAYS`: findings of audits older than this are dropped (levels and each
 * repository's latest findings stay). Unset keeps everything.
 */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.FINDINGS_RETENTION_DAYS?.trim();
  if (!raw) return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`FINDINGS_RETENTION_DAYS must be a whole number of days ≥ 1, not ${raw}`);
  return days;
}

/**
 * Stores one CLI audit. The repository is `report.target.repo` (`owner/name`) when the audit was
 * of a GitHub repository, else `local/<directory name>` for a local path. Visibility is public
 * unless told otherwise: the dashboard shows public repositories only, so pass `'private'` to
 * keep an audit in history without publishing it.
 */
export async function saveReport(
  report: Report,
  options: { databaseUrl?: string; visibility?: Visibility },
): Promise<{ auditId: string; location: string }> {
  const storeOptions: StoreOptions = { databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL };
  const { owner, name } = repositoryOf(report);
  const store = await openStore(storeOptions);
  try {
    const auditId = await store.saveAudit({
      repo: { owner, name, visibility: options.visibility ?? 'public', archived: false },
      report,
      trigger: 'cli',
    });
    return { auditId, location: storeLocation(storeOptions) };
  } finally {
    await store.close();
  }
}

/** `owner/name` of the audited repository, or `local/<directory>` for a local path. */
export function repositoryOf(report: Pick<Report, 'target'>): { owner: string; name: string } {
  const repo = report.target.repo;
  const slash = repo?.indexOf('/') ?? -1;
  if (repo && slash > 0 && slash < repo.length - 1) {
    return { owner: repo.slice(0, slash), name: repo.slice(slash + 1) };
  }
  const directory = path.basename(path.resolve(report.target.path ?? '.'));
  return { owner: 'local', name: directory || 'repository' };
}
