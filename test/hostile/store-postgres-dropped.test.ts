import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { sampleReport } from '../support/sample-reports.js';
import { TEST_DATABASE_URL, postgresUnavailable, skipWithoutService } from '../support/services.js';

/**
 * A database restart must cost failed requests, not the process. The store's connections are
 * terminated from another session with pg_terminate_backend (only ours: they carry a unique
 * application_name), while idle and while a query waits on a lock; and a statement that would
 * wait forever is cancelled by the statement timeout. Each outcome is the exact error or answer.
 */
const reason = await postgresUnavailable();
const skip = skipWithoutService('PostgreSQL', reason);
const id = randomBytes(4).toString('hex');
const schema = `tcop_hostile_${id}`;
const applicationName = `tcop-hostile-${id}`;

describe.skipIf(skip)('store: PostgreSQL connections dropped under the service', () => {
  let store: AuditStore;
  let admin: pg.Client;
  const connectionErrors: string[] = [];

  const terminateOurs = async (name = applicationName): Promise<number> => {
    const { rows } = await admin.query<{ n: string }>(
      `select count(pg_terminate_backend(pid)) as n from pg_stat_activity where application_name = $1`,
      [name],
    );
    return Number(rows[0]?.n ?? 0);
  };

  beforeAll(async () => {
    if (reason) throw new Error(`PostgreSQL unavailable at ${TEST_DATABASE_URL}: ${reason}`);
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    store = await openPostgresStore(TEST_DATABASE_URL, {
      schema,
      maxConnections: 3,
      applicationName,
      statementTimeoutMs: 1_000,
      onConnectionError: (error) => connectionErrors.push(error.message),
    });
    await store.saveAudit({
      repo: { owner: 'acme', name: 'api', visibility: 'public', archived: false },
      report: sampleReport({ repo: 'acme/api', commit: 'a'.repeat(40), generatedAt: '2026-11-20T10:00:00Z' }),
    });
  });

  afterAll(async () => {
    await store?.close();
    await admin?.query(`drop schema if exists "${schema}" cascade`);
    await admin?.end();
  });

  it('survives its idle connections being terminated, and the next query reconnects', async () => {
    // Three concurrent lookups leave three idle connections in the pool.
    await Promise.all([1, 2, 3].map(() => store.getLevels('acme', 'api', { publicOnly: true })));
    const terminated = await terminateOurs();
    expect(terminated).toBeGreaterThan(0);
    // The server tells each idle connection it is closing; the pool reports and drops each one.
    await expect.poll(() => connectionErrors.length).toBe(terminated);
    expect(connectionErrors[0]).toMatch(/terminating connection due to administrator command/);
    expect(await store.getLevels('acme', 'api', { publicOnly: true })).toMatchObject({ level: 'exemplar' });
  });

  it('fails the one query whose connection is terminated mid-flight, then serves the next', async () => {
    // A store of its own with a long statement timeout: on a loaded machine the 1 s timeout of the
    // shared store could cancel the waiting query before it is terminated, which is another test.
    const waitingName = `${applicationName}-waiting`;
    const patient = await openPostgresStore(TEST_DATABASE_URL, {
      schema,
      maxConnections: 1,
      applicationName: waitingName,
      statementTimeoutMs: 60_000,
      onConnectionError: () => undefined,
    });
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query(`lock table "${schema}".repositories in access exclusive mode`);
      const waiting = patient.getLevels('acme', 'api', { publicOnly: true });
      const settled = waiting.then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      await expect
        .poll(
          async () => {
            const { rows } = await admin.query<{ n: string }>(
              `select count(*) as n from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'`,
              [waitingName],
            );
            return Number(rows[0]?.n);
          },
          { timeout: 20_000 },
        )
        .toBe(1);
      await terminateOurs(waitingName);
      expect(await settled).toMatch(
        /terminating connection due to administrator command|Connection terminated/,
      );
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect(await patient.getLevels('acme', 'api', { publicOnly: true })).toMatchObject({ level: 'exemplar' });
    await patient.close();
  });

  it('cancels a statement stuck behind a lock at the statement timeout, instead of hanging', async () => {
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query(`lock table "${schema}".repositories in access exclusive mode`);
      await expect(store.getLevels('acme', 'api', { publicOnly: true })).rejects.toThrow(
        /canceling statement due to statement timeout/,
      );
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
  });

  it('answers badges and pages 503 while the database is unreachable, and recovers', async () => {
    const app = createWebApp(store, { badgeLookupTtlMs: 0 });
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await locker.query('begin');
      await locker.query(`lock table "${schema}".repositories in access exclusive mode`);
      const badge = await app.request('/badges/acme/api.svg');
      expect(badge.status).toBe(503);
      expect(badge.headers.get('cache-control')).toBe('no-store');
      expect(badge.headers.get('retry-after')).toBe('30');
      const pageResponse = await app.request('/repos/acme/api');
      expect(pageResponse.status).toBe(503);
      expect(await pageResponse.text()).toContain('Sorry, the service is unavailable');
    } finally {
      console.error = original;
      await locker.query('rollback');
      await locker.end();
    }
    expect(errors.length).toBeGreaterThan(0);
    expect((await app.request('/badges/acme/api.svg')).status).toBe(200);
  });
});
