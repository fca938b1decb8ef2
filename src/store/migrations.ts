import { sql, type Kysely, type Migration } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Versioned schema migrations, in code so they ship inside the bundle and run on start.
 * Names sort in the order they apply; never edit one that has shipped, add the next.
 */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  // SQLite's INTEGER PRIMARY KEY is the rowid alias; PostgreSQL needs an identity column.
  const serial = dialect === 'sqlite' ? 'integer' : 'serial';
  const bigint = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    '0001-initial': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
      async up(db: Kysely<any>): Promise<void> {
        await db.schema
          .createTable('installations')
          .addColumn('id', bigint, (c) => c.primaryKey())
          .addColumn('account', 'text', (c) => c.notNull())
          .addColumn('account_type', 'text', (c) => c.notNull())
          .addColumn('installed_at', 'text', (c) => c.notNull())
          .addColumn('removed_at', 'text')
          .execute();

        await db.schema
          .createTable('repositories')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('full_name_key', 'text', (c) => c.notNull().unique())
          .addColumn('visibility', 'text', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('description', 'text')
          .addColumn('default_branch', 'text')
          .addColumn('installation_id', bigint)
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('repositories_owner').on('repositories').column('owner').execute();

        await db.schema
          .createTable('audits')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('repository_id', 'integer', (c) =>
            c.notNull().references('repositories.id').onDelete('cascade'),
          )
          .addColumn('commit_sha', 'text')
          .addColumn('ref', 'text')
          .addColumn('trigger', 'text')
          .addColumn('audited_at', 'text', (c) => c.notNull())
          .addColumn('level', 'integer', (c) => c.notNull())
          .addColumn('criteria', 'text', (c) => c.notNull())
          .addColumn('failing_checks', 'text', (c) => c.notNull())
          .addColumn('tool_version', 'text', (c) => c.notNull())
          .addColumn('report', 'text', (c) => c.notNull())
          .addColumn('findings', 'text')
          .execute();
        await db.schema
          .createIndex('audits_repository_time')
          .on('audits')
          .columns(['repository_id', 'audited_at'])
          .execute();
        await db.schema.createIndex('audits_time').on('audits').column('audited_at').execute();

        await db.schema
          .createTable('repository_summary')
          .addColumn('repository_id', 'integer', (c) =>
            c.primaryKey().references('repositories.id').onDelete('cascade'),
          )
          .addColumn('last_audit_id', 'text', (c) => c.notNull())
          .addColumn('last_audit_at', 'text', (c) => c.notNull())
          .addColumn('commit_sha', 'text')
          .addColumn('level', 'integer', (c) => c.notNull())
          .addColumn('tcop_3', 'integer')
          .addColumn('tcop_4', 'integer')
          .addColumn('tcop_6', 'integer')
          .addColumn('tcop_12', 'integer')
          .addColumn('criterion_status', 'text', (c) => c.notNull())
          .addColumn('failing_checks', 'text', (c) => c.notNull())
          .addColumn('previous_level', 'integer')
          .addColumn('previous_criteria', 'text')
          .addColumn('audit_count', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('repository_summary_level')
          .on('repository_summary')
          .column('level')
          .execute();
        await db.schema
          .createIndex('repository_summary_time')
          .on('repository_summary')
          .column('last_audit_at')
          .execute();

        await db.schema
          .createTable('repository_failing_checks')
          .addColumn('repository_id', 'integer', (c) =>
            c.notNull().references('repositories.id').onDelete('cascade'),
          )
          .addColumn('check_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('repository_failing_checks_pk', ['repository_id', 'check_id'])
          .execute();
        await db.schema
          .createIndex('repository_failing_checks_check')
          .on('repository_failing_checks')
          .columns(['check_id', 'repository_id'])
          .execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
      async down(db: Kysely<any>): Promise<void> {
        for (const table of [
          'repository_failing_checks',
          'repository_summary',
          'audits',
          'repositories',
          'installations',
        ]) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    '0002-repository-listing': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
      async up(db: Kysely<any>): Promise<void> {
        await db.schema.alterTable('repositories').addColumn('delisted_at', 'text').execute();
        await db.schema.alterTable('repositories').addColumn('visibility_changed_at', 'text').execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
      async down(db: Kysely<any>): Promise<void> {
        await db.schema.alterTable('repositories').dropColumn('visibility_changed_at').execute();
        await db.schema.alterTable('repositories').dropColumn('delisted_at').execute();
      },
    },
  };
}

/** Where applied migrations are recorded: Kysely's table and columns, so existing stores carry on. */
const MIGRATION_TABLE = 'kysely_migration';

export interface MigrationTables {
  kysely_migration: { name: string; timestamp: string };
}

export class MigrationError extends Error {}

/**
 * Applies the pending migrations in one transaction, reading nothing outside this store's own
 * schema. (Kysely's Migrator introspects every table of every schema in the database first: when
 * another process drops a schema at that moment, PostgreSQL answers `schema "…" does not exist`
 * and the store fails to open; it also gets slower with every schema the database holds.)
 * PostgreSQL serialises processes migrating the same schema with an advisory lock.
 */
export async function runMigrations(
  db: Kysely<MigrationTables>,
  migrations: Record<string, Migration>,
  dialect: DialectName,
  schema = 'public',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${`tcop-audit migrations ${schema}`}))`.execute(trx);
      if (schema !== 'public') await trx.schema.createSchema(schema).ifNotExists().execute();
    }
    await trx.schema
      .createTable(MIGRATION_TABLE)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    const applied = new Set(
      (await trx.selectFrom(MIGRATION_TABLE).select('name').execute()).map((r) => r.name),
    );
    const unknown = [...applied].filter((name) => !(name in migrations));
    if (unknown.length > 0)
      throw new MigrationError(
        `The store was migrated by a newer tcop-audit (migration ${unknown.join(', ')} is unknown to this version): upgrade it.`,
      );
    for (const name of Object.keys(migrations).sort()) {
      if (applied.has(name)) continue;
      try {
        await (migrations[name] as Migration).up(trx);
      } catch (error) {
        throw new MigrationError(`Store migration ${name} failed: ${String(error)}`, { cause: error });
      }
      await trx.insertInto(MIGRATION_TABLE).values({ name, timestamp: new Date().toISOString() }).execute();
    }
  });
}
