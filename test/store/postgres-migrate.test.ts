import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { TEST_DATABASE_URL, postgresUnavailable, skipWithoutService } from '../support/services.js';

/**
 * Opening a store migrates its own schema and reads nothing else in the database. It used to
 * introspect every schema first, so another process dropping its schema at that moment (parallel
 * test runs, a tenant being removed) failed the open with `schema "…" does not exist`.
 */
const reason = await postgresUnavailable();
const skip = skipWithoutService('PostgreSQL', reason);
const run = `tcop_migrate_${randomBytes(4).toString('hex')}`;
const opened: string[] = [];

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(skip)('PostgreSQL store migration', () => {
  afterAll(async () => {
    if (reason) return;
    await withAdmin(async (client) => {
      for (const schema of opened) await client.query(`drop schema if exists "${schema}" cascade`);
    });
  });

  it('opens while other sessions create and drop schemas (schema dropped during migrate)', async () => {
    if (reason) throw new Error(`PostgreSQL unavailable at ${TEST_DATABASE_URL}: ${reason}`);
    let stop = false;
    // Another session churns schemas with tables in them, as parallel runs of the test suite do.
    const churn = withAdmin(async (client) => {
      for (let i = 0; !stop; i++) {
        const schema = `${run}_churn_${i}`;
        await client.query(
          `create schema "${schema}"; ` +
            Array.from(
              { length: 8 },
              (_, t) => `create table "${schema}".t${t} (id serial primary key, v text);`,
            ).join(' '),
        );
        await client.query(`drop schema "${schema}" cascade`);
      }
    });
    try {
      for (let i = 0; i < 8; i++) {
        const schema = `${run}_${i}`;
        opened.push(schema);
        const store = await openPostgresStore(TEST_DATABASE_URL, { schema, maxConnections: 2 });
        await store.close();
      }
    } finally {
      stop = true;
      await churn;
    }
  });

  it('migrates once when several processes open the same new schema at once', async () => {
    if (reason) throw new Error(`PostgreSQL unavailable at ${TEST_DATABASE_URL}: ${reason}`);
    const schema = `${run}_shared`;
    opened.push(schema);
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore(TEST_DATABASE_URL, { schema, maxConnections: 1 })),
    );
    await Promise.all(stores.map((s) => s.close()));
    const names = await withAdmin(
      async (client) =>
        (await client.query<{ name: string }>(`select name from "${schema}".kysely_migration order by name`))
          .rows,
    );
    expect(names.map((r) => r.name)).toEqual(['0001-initial', '0002-repository-listing']);
  });

  it('refuses a store migrated by a newer version, naming the migration', async () => {
    if (reason) throw new Error(`PostgreSQL unavailable at ${TEST_DATABASE_URL}: ${reason}`);
    const schema = `${run}_newer`;
    opened.push(schema);
    await (await openPostgresStore(TEST_DATABASE_URL, { schema })).close();
    await withAdmin((client) =>
      client.query(`insert into "${schema}".kysely_migration values ('9999-future', '2030-01-01T00:00:00Z')`),
    );
    await expect(openPostgresStore(TEST_DATABASE_URL, { schema })).rejects.toThrow(/9999-future.*upgrade/);
  });
});
