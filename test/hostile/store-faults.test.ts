/**
 * Store faults other than a dropped connection: PostgreSQL down when the service starts, an SQLite
 * database that cannot grow (disk full), and one deleted or closed under a running service. Each ends in one clear error and, for a write, in no
 * lost data and a store that still works; none crashes or hangs the process.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { Probot } from 'probot';
import { afterAll, describe, expect, it, vi } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import { createAuditRecorder } from '../../src/app/store-integration.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { createWebApp } from '../../src/web/app.js';
import { loadApp } from '../app/load-app.js';
import { BASE_SHA, HEAD_SHA, webhook } from '../app/support.js';
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

/** What the dashboard reports through console.error meanwhile; `restore` puts console.error back. */
function consoleErrors(): { errors: unknown[][]; restore: () => void } {
  const errors: unknown[][] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
  return { errors, restore: () => spy.mockRestore() };
}

describe('store: SQLite lost mid-run', () => {
  const lostMessage = (file: string): string =>
    `the SQLite store ${file} was deleted while the service was running; nothing more is written to it (restart the service to open a new one)`;
  const removeDatabase = (file: string): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };

  it('deleted under the service: every write and read fails naming it, pages answer 503, nothing is written to the lost file', async () => {
    const file = path.join(tmp, 'deleted.sqlite');
    const store = await openSqliteStore(file);
    const { errors, restore } = consoleErrors();
    try {
      await store.saveAudit(audit('a'));
      const app = createWebApp(store, { badgeLookupTtlMs: 0 });
      expect((await app.request('/badges/acme/api.svg')).status).toBe(200);
      removeDatabase(file);
      // Before, this "succeeded" into the unlinked file and was gone at the next start.
      await expect(store.saveAudit(audit('b'))).rejects.toMatchObject({
        name: 'SqliteStoreLostError',
        code: 'SQLITE_STORE_LOST',
        message: lostMessage(file),
      });
      await expect(store.saveAudit(audit('b'))).rejects.toMatchObject({ message: lostMessage(file) });
      const badge = await app.request('/badges/acme/api.svg');
      expect([badge.status, badge.headers.get('retry-after'), badge.headers.get('cache-control')]).toEqual([
        503,
        '30',
        'no-store',
      ]);
      const page = await app.request('/repos/acme/api');
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('Sorry, the service is unavailable');
      expect(errors.map((e) => String(e[0]))).toEqual([
        `Dashboard: The audit store did not answer: ${lostMessage(file)}`,
        `Dashboard: The audit store did not answer: ${lostMessage(file)}`,
      ]);
      expect(existsSync(file)).toBe(false);
    } finally {
      restore();
      await store.close();
    }
  });

  it('closed under a web request: 503 naming the closed store, not "driver has already been destroyed"', async () => {
    const file = path.join(tmp, 'closed.sqlite');
    const store = await openSqliteStore(file);
    const { errors, restore } = consoleErrors();
    try {
      await store.saveAudit(audit('a'));
      const app = createWebApp(store, { badgeLookupTtlMs: 0 });
      await store.close();
      expect((await app.request('/badges/acme/api.svg')).status).toBe(503);
      await expect(store.saveAudit(audit('b'))).rejects.toMatchObject({
        name: 'SqliteStoreLostError',
        message: `the SQLite store ${file} is closed`,
      });
      expect(errors.map((e) => String(e[0]))).toEqual([
        `Dashboard: The audit store did not answer: the SQLite store ${file} is closed`,
      ]);
    } finally {
      restore();
    }
  });

  it('deleted under the App: the audits are still published, saving each fails naming the store, and the App goes on', async () => {
    const file = path.join(tmp, 'app.sqlite');
    const store = await openSqliteStore(file);
    const fake = new FakeGitHub();
    await fake.start();
    const recorder = createAuditRecorder(store);
    const failedSaves: string[] = [];
    const { probot, handle } = await loadApp(fake, {
      checks: [licenceFile, readme],
      recorder: {
        ...recorder,
        record: (entry) =>
          recorder.record(entry).catch((error: unknown) => {
            failedSaves.push((error as Error).message);
            throw error;
          }),
      },
    });
    try {
      const tree = new Map([['README.md', Buffer.from('# Payments API\n')]]);
      fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: tree, sha: BASE_SHA });
      const pushOf = async (sha: string, n: number): Promise<void> => {
        fake.commit('acme-gov', 'payments-api', tree, sha);
        const payload = { ...webhook<Record<string, unknown>>('push'), after: sha };
        await probot.receive({ id: `lost-${n}`, name: 'push', payload } as Parameters<Probot['receive']>[0]);
        await handle.queue.idle();
      };
      removeDatabase(file);
      await pushOf(HEAD_SHA, 1);
      await pushOf('5e6f7a8b9c0d1e2f3a4b5c6d7e8f901234567890', 2);
      const completed = fake.requests
        .filter((r) => r.method === 'PATCH' && r.path.includes('/check-runs/'))
        .map((r) => (r.body as { conclusion: string }).conclusion);
      expect(completed).toEqual([
        'failure',
        'neutral',
        'neutral',
        'neutral',
        'failure',
        'neutral',
        'neutral',
        'neutral',
      ]);
      expect(failedSaves).toEqual([lostMessage(file), lostMessage(file)]);
      expect(existsSync(file)).toBe(false);
    } finally {
      await handle.close();
      await fake.stop();
      await store.close();
    }
  });
});
