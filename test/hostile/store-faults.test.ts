/**
 * Store faults other than a dropped connection: PostgreSQL down when the service starts, and an
 * SQLite database that cannot grow (disk full). Each ends in one clear error and, for a write, in no
 * lost data and a store that still works; none crashes or hangs the process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { ROOT } from '../support/check-harness.js';
import { sampleReport } from '../support/sample-reports.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcop-hostile-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A loopback port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const audit = (commit: string, message?: string) => ({
  repo: { owner: 'acme', name: 'api', visibility: 'public' as const, archived: false },
  report: sampleReport({
    repo: 'acme/api',
    commit: commit.repeat(40),
    generatedAt: `2026-11-2${commit === 'a' ? 0 : 1}T10:00:00Z`,
    failing: ['licence-file', 'readme', 'code-of-conduct'],
    ...(message ? { message } : {}),
  }),
});

describe('store: PostgreSQL down at start', () => {
  it('opening the store rejects with the connection error, at once', async () => {
    const port = await closedPort();
    await expect(openPostgresStore(`postgres://postgres@127.0.0.1:${port}/test`)).rejects.toThrow(
      `The store could not be opened: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('the dashboard (npm run serve) exits 1 with one line naming the store, no stack', async () => {
    const port = await closedPort();
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const result = await promisify(execFile)(tsx, ['src/web/serve.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/test`, PORT: '0' },
    }).then(
      (ok) => ({ code: 0, ...ok }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `tcop-audit serve: the store at postgres://postgres:***@127.0.0.1:${port}/test could not be opened: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });
});

describe('store: SQLite disk full', () => {
  it('a write that does not fit fails with SQLITE_FULL, keeps earlier audits, and the store goes on', async () => {
    const store = await openSqliteStore(path.join(tmp, 'full.sqlite'));
    try {
      await store.saveAudit(audit('a'));
      // The store's own connection (Kysely keeps one for SQLite) may not grow the file any further:
      // what a full disk or quota does to SQLite (https://www.sqlite.org/pragma.html#pragma_max_page_count).
      const db = (store as unknown as { db: Kysely<unknown> }).db;
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
      const pages = rows[0]?.page_count ?? 0;
      await sql.raw(`pragma max_page_count = ${pages}`).execute(db);

      const big = audit('b', 'x'.repeat(512 * 1024));
      await expect(store.saveAudit(big)).rejects.toMatchObject({
        code: 'SQLITE_FULL',
        message: 'database or disk is full',
      });
      // The failed audit left nothing behind; the earlier one is whole and still the latest.
      const history = await store.history('acme', 'api', { limit: 10, publicOnly: true });
      expect(history.map((h) => h.commit)).toEqual(['a'.repeat(40)]);
      expect((await store.latestAudit('acme', 'api', { publicOnly: true }))?.commit).toBe('a'.repeat(40));
      expect((await store.getLevels('acme', 'api', { publicOnly: true }))?.visibility).toBe('public');

      // Space again (the disk was cleared): the same write now succeeds on the same store.
      await sql.raw(`pragma max_page_count = ${pages * 1000}`).execute(db);
      await store.saveAudit(big);
      const after = await store.history('acme', 'api', { limit: 10, publicOnly: true });
      expect(after.map((h) => h.commit)).toEqual(['b'.repeat(40), 'a'.repeat(40)]);
    } finally {
      await store.close();
    }
  });
});
