import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { sampleReport } from '../support/sample-reports.js';
import { TEST_DATABASE_URL, postgresUnavailable, skipWithoutService } from '../support/services.js';

/**
 * PostgreSQL refuses NUL in text ("invalid byte sequence for encoding UTF8: 0x00"). A path or
 * query with NUL or another control character must be answered like any name that does not exist,
 * never with a 500 from the database.
 */
const reason = await postgresUnavailable();
const skip = skipWithoutService('PostgreSQL', reason);
const schema = `tcop_hostile_nul_${randomBytes(4).toString('hex')}`;

describe.skipIf(skip)('web: control characters in paths, on PostgreSQL', () => {
  let store: AuditStore;

  beforeAll(async () => {
    if (reason) throw new Error(`PostgreSQL unavailable at ${TEST_DATABASE_URL}: ${reason}`);
    store = await openPostgresStore(TEST_DATABASE_URL, { schema, maxConnections: 2 });
    await store.saveAudit({
      repo: { owner: 'acme', name: 'api', visibility: 'public', archived: false },
      report: sampleReport({ repo: 'acme/api', generatedAt: '2026-11-20T10:00:00Z' }),
    });
  });
  afterAll(async () => {
    await store?.close();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it.each([
    ['/repos/acme/a%00pi', '/repos/acme/nothing'],
    ['/repos/ac%00me/api', '/repos/acme/nothing'],
    ['/repos/acme/api%0A', '/repos/acme/nothing'],
    ['/badges/acme/a%00pi.svg', '/badges/acme/nothing.svg'],
    ['/badges/ac%00me/api.json?criterion=tcop-3', '/badges/acme/nothing.json?criterion=tcop-3'],
  ])('answers %s exactly like a repository that does not exist', async (hostile, missing) => {
    const app = createWebApp(store, { badgeLookupTtlMs: 0 });
    const bad = await app.request(hostile);
    const none = await app.request(missing);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toBe(await none.text());
  });

  it('ignores a NUL in the overview filters rather than passing it to the database', async () => {
    const app = createWebApp(store);
    expect((await app.request('/?owner=ac%00me&check=re%00adme')).status).toBe(200);
    expect((await app.request('/?owner=ac%00me&format=csv')).status).toBe(200);
  });

  it('answers the store itself "not found" for such a name', async () => {
    expect(await store.getRepository('acme', 'a\u0000pi', { publicOnly: true })).toBeUndefined();
    expect(await store.getLevels('ac\u0000me', 'api', { publicOnly: true })).toBeUndefined();
    expect(await store.history('acme', 'a\u0000pi', { limit: 5, publicOnly: true })).toEqual([]);
  });
});
