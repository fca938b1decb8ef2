import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore, RepositoryInput, RepositoryFilter } from '../../src/store/types.js';
import { OUTCOMES, sampleReport } from '../support/sample-reports.js';
import { TEST_DATABASE_URL, postgresUnavailable, skipWithoutService } from '../support/services.js';

/**
 * One contract, two databases: every behaviour the web layer and the App rely on, run against
 * SQLite always and PostgreSQL (a schema per run, dropped after) when reachable.
 */
interface Backend {
  name: string;
  skip: boolean;
  /** A fresh, empty store. */
  open(): Promise<AuditStore>;
  cleanUp(): Promise<void>;
}

const sqliteDir = mkdtempSync(path.join(tmpdir(), 'tcop-store-'));
let sqliteCount = 0;
const sqlite: Backend = {
  name: 'sqlite',
  skip: false,
  open: () => openSqliteStore(path.join(sqliteDir, `store-${++sqliteCount}.sqlite`)),
  cleanUp: () => Promise.resolve(rmSync(sqliteDir, { recursive: true, force: true })),
};

const pgReason = await postgresUnavailable();
const runId = `${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
const postgres: Backend = {
  name: 'postgres',
  skip: skipWithoutService('PostgreSQL', pgReason),
  async open() {
    if (pgReason) throw new Error(`PostgreSQL unavailable at ${TEST_DATABASE_URL}: ${pgReason}`);
    const schema = `tcop_test_${runId}_${schemas.length}`;
    schemas.push(schema);
    return openPostgresStore(TEST_DATABASE_URL, { schema, maxConnections: 4 });
  },
  async cleanUp() {
    if (pgReason || schemas.length === 0) return;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  },
};

const PUBLIC = { publicOnly: true } as const;
const ALL = { publicOnly: false } as const;
const repo = (owner: string, name: string, extra: Partial<RepositoryInput> = {}): RepositoryInput => ({
  owner,
  name,
  visibility: 'public',
  archived: false,
  ...extra,
});
const at = (day: number): string => new Date(Date.UTC(2026, 10, day, 12)).toISOString();
const publicFilter: RepositoryFilter = { publicOnly: true };
const byName = { key: 'name', direction: 'asc' } as const;
const firstPage = { page: 1, size: 50 };

describe.each([sqlite, postgres])('AuditStore contract: $name', (backend) => {
  let store: AuditStore;

  beforeEach(async (context) => {
    if (backend.skip) return context.skip();
    store = await backend.open();
    return async () => store.close();
  });
  afterAll(() => backend.cleanUp());

  it('keeps every audit with its commit, ref, level, criteria, findings and tool version', async () => {
    const report = sampleReport({
      repo: 'nhsx/api',
      commit: 'a'.repeat(40),
      ref: 'main',
      generatedAt: at(1),
      failing: OUTCOMES.standard,
    });

    const id = await store.saveAudit({ repo: repo('nhsx', 'api'), report, trigger: 'push' });
    const audit = await store.latestAudit('nhsx', 'api', PUBLIC);

    expect(audit).toMatchObject({
      id,
      owner: 'nhsx',
      name: 'api',
      commit: 'a'.repeat(40),
      ref: 'main',
      trigger: 'push',
      auditedAt: at(1),
      level: 'standard',
      criteria: { 'tcop-3': 'exemplar', 'tcop-6': 'standard' },
      toolVersion: '0.1.0',
      findingsPruned: false,
    });
    expect(audit?.report).toEqual(report);
  });

  it('summarises the latest audit with the previous level for the trend', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'api'),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1), failing: OUTCOMES.baseline }),
    });
    await store.saveAudit({
      repo: repo('nhsx', 'api'),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(3), failing: OUTCOMES.exemplar }),
    });
    // Saved last but older: a re-run of an old commit must not become the latest.
    await store.saveAudit({
      repo: repo('nhsx', 'api'),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(2), failing: OUTCOMES.none }),
    });

    const summary = await store.getRepository('NHSX', 'API', PUBLIC);
    const history = await store.history('nhsx', 'api', { limit: 10, publicOnly: true });

    expect(summary).toMatchObject({
      level: 'exemplar',
      previousLevel: null,
      auditCount: 3,
      failingChecks: [],
    });
    expect(summary?.previousCriteria).toMatchObject({ 'tcop-3': null });
    expect(history.map((h) => [h.auditedAt, h.level])).toEqual([
      [at(3), 'exemplar'],
      [at(2), null],
      [at(1), 'baseline'],
    ]);
    expect(await store.history('nhsx', 'api', { limit: 2, publicOnly: true })).toHaveLength(2);
  });

  it('saves a batch in one go, summarising each repository once', async () => {
    const inputs = [1, 2, 3].flatMap((day) =>
      ['one', 'two'].map((name) => ({
        repo: repo('nhsx', name),
        report: sampleReport({
          repo: `nhsx/${name}`,
          generatedAt: at(day),
          failing: day === 3 ? OUTCOMES.baseline : [],
        }),
      })),
    );

    const ids = await store.saveAudits(inputs);

    expect(new Set(ids).size).toBe(6);
    expect(await store.getRepository('nhsx', 'two', PUBLIC)).toMatchObject({
      level: 'baseline',
      previousLevel: 'exemplar',
      auditCount: 3,
    });
    expect(await store.getAudit(ids[5]!, PUBLIC)).toMatchObject({ name: 'two', auditedAt: at(3) });
    expect(await store.saveAudits([])).toEqual([]);
  });

  it('has no previous level after a single audit', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'one'),
      report: sampleReport({ repo: 'nhsx/one', generatedAt: at(1) }),
    });

    expect(await store.getRepository('nhsx', 'one', PUBLIC)).toMatchObject({
      previousLevel: undefined,
      auditCount: 1,
    });
  });

  it('never returns a private or internal repository to a public-only query', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'open'),
      report: sampleReport({ repo: 'nhsx/open', generatedAt: at(1) }),
    });
    for (const visibility of ['private', 'internal'] as const) {
      await store.saveAudit({
        repo: repo('secret-org', visibility, { visibility }),
        report: sampleReport({ repo: `secret-org/${visibility}`, generatedAt: at(1), failing: ['readme'] }),
      });
    }
    const privateAudit = await store.latestAudit('secret-org', 'private', ALL);

    expect(await store.getRepository('secret-org', 'private', PUBLIC)).toBeUndefined();
    expect(await store.getLevels('secret-org', 'private', PUBLIC)).toBeUndefined();
    expect(await store.getLevels('Secret-Org', 'PRIVATE', ALL)).toMatchObject({
      visibility: 'private',
      level: null,
    });
    expect(await store.getLevels('nhsx', 'open', PUBLIC)).toEqual({
      visibility: 'public',
      level: 'exemplar',
      criteria: { 'tcop-3': 'exemplar', 'tcop-4': 'exemplar', 'tcop-6': 'exemplar', 'tcop-12': 'exemplar' },
    });
    expect(await store.latestAudit('secret-org', 'internal', PUBLIC)).toBeUndefined();
    expect(await store.getAudit(privateAudit!.id, PUBLIC)).toBeUndefined();
    expect(await store.history('secret-org', 'private', { limit: 5, publicOnly: true })).toEqual([]);
    const page = await store.listRepositories(publicFilter, byName, firstPage);
    expect(page.items.map((r) => r.name)).toEqual(['open']);
    expect(page.total).toBe(1);
    expect((await store.countLevels(publicFilter)).total).toBe(1);
    expect(await store.listOwners(PUBLIC)).toEqual(['nhsx']);
    expect(await store.listFailingChecks(PUBLIC)).toEqual([]);
    // The App may still read its own private repositories.
    expect(await store.getRepository('secret-org', 'private', ALL)).toMatchObject({ visibility: 'private' });
    expect(await store.listFailingChecks(ALL)).toEqual(['readme']);
  });

  it('hides a repository as soon as it becomes private, without a new audit', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'api', { description: 'API' }),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1) }),
    });

    await store.updateRepository(repo('nhsx', 'api', { visibility: 'private' }));

    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toBeUndefined();
    expect(await store.getRepository('nhsx', 'api', ALL)).toMatchObject({
      description: 'API',
      visibility: 'private',
    });
  });

  it('ignores a visibility change older than the one it stored: a replayed event never republishes', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'api'),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1) }),
    });
    expect(
      await store.updateRepository(repo('nhsx', 'api', { visibility: 'private', changedAt: at(5) })),
    ).toBe(true);
    expect(
      await store.updateRepository(repo('nhsx', 'api', { visibility: 'public', changedAt: at(4) })),
    ).toBe(false);
    expect(await store.getRepository('nhsx', 'api', ALL)).toMatchObject({ visibility: 'private' });
    expect(
      await store.updateRepository(repo('nhsx', 'api', { visibility: 'public', changedAt: at(6) })),
    ).toBe(true);
    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toMatchObject({ visibility: 'public' });
  });

  it('delists repositories from every public query at once and lists them again on a new App audit', async () => {
    const installed = (name: string, installationId: number) =>
      store.saveAudit({
        repo: repo('nhsx', name, { installationId }),
        report: sampleReport({ repo: `nhsx/${name}`, generatedAt: at(1), failing: ['readme'] }),
      });
    const id = await installed('api', 7);
    await installed('web', 7);
    await installed('other', 8);

    expect(await store.delistRepositories({ installationId: 7 })).toBe(2);
    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toBeUndefined();
    expect(await store.getLevels('nhsx', 'web', PUBLIC)).toBeUndefined();
    expect(await store.latestAudit('nhsx', 'api', PUBLIC)).toBeUndefined();
    expect(await store.getAudit(id, PUBLIC)).toBeUndefined();
    expect(await store.history('nhsx', 'api', { limit: 5, publicOnly: true })).toEqual([]);
    expect((await store.listRepositories(publicFilter, byName, firstPage)).items.map((r) => r.name)).toEqual([
      'other',
    ]);
    expect((await store.countLevels(publicFilter)).total).toBe(1);
    // History stays for when the App is back.
    expect(await store.history('nhsx', 'api', { limit: 5, publicOnly: false })).toHaveLength(1);

    expect(await store.relistRepositories(7)).toBe(2);
    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toBeDefined();
    expect(await store.delistRepositories({ owner: 'NHSX', name: 'API' })).toBe(1);
    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toBeUndefined();
    await installed('api', 7);
    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toMatchObject({ auditCount: 2 });
  });

  it('moves a renamed or transferred repository with its history', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'api'),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1) }),
    });
    await store.renameRepository({ owner: 'nhsx', name: 'api' }, { owner: 'nhs-england', name: 'api-v2' });
    expect(await store.getRepository('nhsx', 'api', ALL)).toBeUndefined();
    expect(await store.getRepository('nhs-england', 'api-v2', PUBLIC)).toMatchObject({
      owner: 'nhs-england',
      name: 'api-v2',
      auditCount: 1,
    });
  });

  describe('overview queries', () => {
    beforeEach(async () => {
      const seed: [string, string, keyof typeof OUTCOMES, boolean?][] = [
        ['nhsx', 'alpha', 'exemplar'],
        ['nhsx', 'bravo', 'standard'],
        ['nhsx', 'charlie', 'none'],
        ['gds', 'delta', 'baseline'],
        ['gds', 'echo', 'exemplar', true],
      ];
      for (const [owner, name, outcome, archived] of seed) {
        await store.saveAudit({
          repo: repo(owner, name, { archived: archived ?? false }),
          report: sampleReport({
            repo: `${owner}/${name}`,
            generatedAt: at(name.length),
            failing: OUTCOMES[outcome],
          }),
        });
      }
      await store.saveAudit({
        repo: repo('gds', 'hidden', { visibility: 'private' }),
        report: sampleReport({ repo: 'gds/hidden', generatedAt: at(1), failing: OUTCOMES.none }),
      });
    });

    const names = async (
      filter: Partial<RepositoryFilter>,
      sort: { key: string; direction: 'asc' | 'desc' } = byName,
    ) =>
      (
        await store.listRepositories({ ...publicFilter, ...filter }, sort as typeof byName, firstPage)
      ).items.map((r) => r.name);

    it.each([
      [{ owner: 'gds' }, ['delta', 'echo']],
      [{ level: 'exemplar' }, ['echo', 'alpha']],
      [{ level: 'none' }, ['charlie']],
      [{ level: 'standard', criterion: 'tcop-6' }, ['bravo']],
      [{ level: 'baseline', criterion: 'tcop-3' }, ['delta']],
      [{ criterion: 'tcop-12' }, ['charlie']],
      [{ failingCheck: 'security-policy' }, ['charlie']],
      [{ failingCheck: 'dependency-updates', owner: 'gds' }, ['delta']],
      [{ includeArchived: false, owner: 'gds' }, ['delta']],
    ] as const)('filters %j', async (filter, expected) => {
      expect(await names(filter)).toEqual(expected);
    });

    // Ties, and the name sort itself, go by owner/name.
    it.each([
      [{ key: 'name', direction: 'desc' }, ['charlie', 'bravo', 'alpha', 'echo', 'delta']],
      [{ key: 'level', direction: 'desc' }, ['echo', 'alpha', 'bravo', 'delta', 'charlie']],
      [{ key: 'tcop-6', direction: 'asc' }, ['charlie', 'delta', 'bravo', 'echo', 'alpha']],
      [{ key: 'lastAudit', direction: 'asc' }, ['echo', 'delta', 'alpha', 'bravo', 'charlie']],
    ] as const)('sorts by %j', async (sort, expected) => {
      expect(await names({}, sort)).toEqual(expected);
    });

    it('lists every filtered repository at once, in the same order as the pages', async () => {
      const sort = { key: 'level', direction: 'desc' } as const;
      const all = await store.listAllRepositories({ ...publicFilter, includeArchived: true }, sort);
      const paged = [1, 2, 3].map((page) => store.listRepositories(publicFilter, sort, { page, size: 2 }));

      const pages = (await Promise.all(paged)).flatMap((p) => p.items.map((r) => r.name));
      expect(all.map((r) => r.name)).toEqual(pages);
      expect(
        (await store.listAllRepositories({ ...publicFilter, owner: 'gds' }, byName)).map((r) => r.name),
      ).toEqual(['delta', 'echo']);
    });

    it('pages with a stable order and a total', async () => {
      const second = await store.listRepositories(publicFilter, byName, { page: 2, size: 2 });

      expect(second).toMatchObject({ total: 5, page: 2, size: 2 });
      expect(second.items.map((r) => r.name)).toEqual(['alpha', 'bravo']);
    });

    it('counts levels overall and per criterion over the filtered repositories', async () => {
      const counts = await store.countLevels(publicFilter);
      const nhsx = await store.countLevels({ ...publicFilter, owner: 'nhsx' });

      expect(counts.total).toBe(5);
      expect(counts.overall).toEqual({ none: 1, baseline: 1, standard: 1, exemplar: 2 });
      expect(counts.criteria['tcop-3']).toEqual({ none: 1, baseline: 1, standard: 0, exemplar: 3 });
      expect(nhsx.overall).toEqual({ none: 1, baseline: 0, standard: 1, exemplar: 1 });
    });

    it('lists owners and failing checks for the filter form', async () => {
      expect(await store.listOwners(PUBLIC)).toEqual(['gds', 'nhsx']);
      expect(await store.listFailingChecks(PUBLIC)).toEqual([
        'ci-configured',
        'code-of-conduct',
        'dependency-updates',
        'licence-file',
        'security-policy',
        'security-txt',
      ]);
    });
  });

  it('records installations and forgets them on removal, keeping history', async () => {
    await store.upsertInstallation({ id: 9_000_000_001, account: 'nhsx', accountType: 'Organization' });
    await store.saveAudit({
      repo: repo('nhsx', 'api', { installationId: 9_000_000_001 }),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1) }),
    });

    await store.removeInstallation(9_000_000_001);

    expect(await store.listInstallations()).toEqual([
      expect.objectContaining({ id: 9_000_000_001, account: 'nhsx', removedAt: expect.any(String) }),
    ]);
    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toMatchObject({
      installationId: null,
      level: 'exemplar',
    });
    await store.upsertInstallation({ id: 9_000_000_001, account: 'nhsx' });
    expect((await store.listInstallations())[0]?.removedAt).toBeNull();
  });

  it('prunes old findings but keeps summaries and the latest findings', async () => {
    const ids: string[] = [];
    for (const day of [1, 5, 20]) {
      ids.push(
        await store.saveAudit({
          repo: repo('nhsx', 'api'),
          report: sampleReport({ repo: 'nhsx/api', generatedAt: at(day), failing: ['readme'] }),
        }),
      );
    }
    // A repository whose only audit is old keeps it whole.
    const lone = await store.saveAudit({
      repo: repo('nhsx', 'old'),
      report: sampleReport({ repo: 'nhsx/old', generatedAt: at(1) }),
    });

    const result = await store.applyRetention(10, new Date(at(21)));

    expect(result.pruned).toBe(2);
    const oldest = await store.getAudit(ids[0]!, PUBLIC);
    expect(oldest).toMatchObject({ findingsPruned: true, level: null });
    expect(oldest?.report.findings).toEqual([]);
    expect(oldest?.report.checks).toHaveLength(10);
    expect(await store.getAudit(ids[2]!, PUBLIC)).toMatchObject({ findingsPruned: false });
    expect(await store.getAudit(lone, PUBLIC)).toMatchObject({ findingsPruned: false });
    expect(await store.history('nhsx', 'api', { limit: 10, publicOnly: true })).toHaveLength(3);
    expect((await store.applyRetention(10, new Date(at(21)))).pruned).toBe(0);
    await expect(store.applyRetention(-1)).rejects.toThrow(RangeError);
  });

  it('keeps what it knew when a later save does not know it', async () => {
    await store.saveAudit({
      repo: repo('nhsx', 'api', { description: '<script>alert(1)</script>', defaultBranch: 'main' }),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1) }),
    });
    await store.saveAudit({
      repo: repo('nhsx', 'api', { archived: true }),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(2) }),
    });

    expect(await store.getRepository('nhsx', 'api', PUBLIC)).toMatchObject({
      description: '<script>alert(1)</script>',
      defaultBranch: 'main',
      archived: true,
    });
  });
});

describe('SQLite store', () => {
  it('migrates once and reopens an existing file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tcop-reopen-'));
    const file = path.join(dir, 'nested', 'store.sqlite');
    const first = await openSqliteStore(file);
    await first.saveAudit({
      repo: repo('nhsx', 'api'),
      report: sampleReport({ repo: 'nhsx/api', generatedAt: at(1) }),
    });
    await first.close();

    const second = await openSqliteStore(file);

    expect(await second.getRepository('nhsx', 'api', PUBLIC)).toMatchObject({ level: 'exemplar' });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
