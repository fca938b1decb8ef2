import { randomUUID } from 'node:crypto';
import {
  sql,
  type CompiledQuery,
  type Insertable,
  type Kysely,
  type SelectQueryBuilder,
  type Transaction,
} from 'kysely';
import { CRITERIA, type Level } from '../engine/check.js';
import type { Report } from '../engine/report.js';
import { criterionColumn, digestReport, levelOfRank, levelRank, rankOfFilter } from './levels.js';
import {
  MigrationError,
  migrationsFor,
  runMigrations,
  type DialectName,
  type MigrationTables,
} from './migrations.js';
import type { Database } from './schema.js';
import {
  MAX_PAGE_SIZE,
  type AuditRow,
  type AuditStore,
  type CriterionLevels,
  type HistoryPoint,
  type InstallationInput,
  type InstallationRow,
  type LevelCounts,
  type Page,
  type PageRequest,
  type RepositoryFilter,
  type RepositoryInput,
  type RepositoryLevels,
  type RepositoryRow,
  type RepositorySort,
  type RepositorySummary,
  type RetentionResult,
  type ListingTarget,
  type SaveAuditInput,
  type Visibility,
} from './types.js';

type SummaryQuery = SelectQueryBuilder<
  Database & { r: Database['repositories']; s: Database['repository_summary'] },
  'r' | 's',
  object
>;

/**
 * What public pages and badges may show: public repositories that are listed (every query with
 * the repositories table as `r` goes through here, so no public query can forget either test).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter for queries of different shapes
function publicRows<T extends SelectQueryBuilder<any, any, any>>(query: T): T {
  return query.where('r.visibility', '=', 'public').where('r.delisted_at', 'is', null) as T;
}

const DAY_MS = 86_400_000;
/** Stands for the repository key in a query compiled once; cannot collide with a real key (no NUL in names). */
const LOOKUP_KEY = '\u0000lookup-key\u0000';

interface LevelsRow {
  visibility: string;
  level: number;
  tcop_3: number | null;
  tcop_4: number | null;
  tcop_6: number | null;
  tcop_12: number | null;
}
type LevelsQuery = CompiledQuery<LevelsRow>;
/** Rows per INSERT: 12 columns × 50 stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_BATCH = 50;

/** Runs the migrations; throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>, dialect: DialectName, schema?: string): Promise<void> {
  try {
    await runMigrations(db as unknown as Kysely<MigrationTables>, migrationsFor(dialect), dialect, schema);
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    // No failed migration: the database could not be reached or read at all.
    throw new Error(
      `The store could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

const keyOf = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase();
/**
 * No repository name holds a control character, and PostgreSQL rejects NUL in text outright:
 * a lookup by such a name answers "not found" without asking the database.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const impossibleName = (owner: string, name: string): boolean => /[\u0000-\u001f\u007f]/.test(owner + name);
const toIso = (value: string | Date): string => new Date(value).toISOString();
const parseJson = <T>(text: string | null): T | undefined =>
  text === null ? undefined : (JSON.parse(text) as T);
const toNumber = (value: number | string | bigint | null): number | null =>
  value === null ? null : Number(value);

/**
 * The store over any Kysely dialect we support. Dialect differences are kept to the migrations
 * (column types) and `dialect` for the two places SQL differs; everything else is portable SQL.
 */
export class KyselyAuditStore implements AuditStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
  ) {}

  async saveAudit(input: SaveAuditInput): Promise<string> {
    const [id] = await this.saveAudits([input]);
    if (id === undefined) throw new Error('saveAudits returned no id');
    return id;
  }

  async saveAudits(inputs: readonly SaveAuditInput[]): Promise<string[]> {
    const ids = inputs.map(() => randomUUID());
    if (inputs.length === 0) return ids;
    await this.db.transaction().execute(async (trx) => {
      // One upsert per repository; the last input in the batch carries its metadata.
      const lastInput = new Map<string, SaveAuditInput>();
      for (const input of inputs) lastInput.set(keyOf(input.repo.owner, input.repo.name), input);
      const repositoryIds = new Map<string, number>();
      for (const [key, input] of lastInput) {
        repositoryIds.set(key, await this.upsertRepository(trx, input.repo, toIso(input.report.generatedAt)));
      }
      const rows = inputs.map((input, i) =>
        this.auditRow(
          input,
          ids[i] ?? randomUUID(),
          repositoryIds.get(keyOf(input.repo.owner, input.repo.name)) ?? -1,
        ),
      );
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        await trx
          .insertInto('audits')
          .values(rows.slice(start, start + INSERT_BATCH))
          .execute();
      }
      for (const repositoryId of new Set(repositoryIds.values()))
        await this.refreshSummary(trx, repositoryId);
    });
    return ids;
  }

  private auditRow(input: SaveAuditInput, id: string, repositoryId: number): Insertable<Database['audits']> {
    const { report } = input;
    const digest = digestReport(report);
    const { findings, ...reportWithoutFindings } = report;
    return {
      id,
      repository_id: repositoryId,
      commit_sha: report.target.commit ?? null,
      ref: input.ref ?? report.target.ref ?? null,
      trigger: input.trigger ?? null,
      audited_at: toIso(report.generatedAt),
      level: digest.level,
      criteria: JSON.stringify(report.criteria),
      failing_checks: JSON.stringify(digest.failingChecks),
      tool_version: report.tool.version,
      report: JSON.stringify(reportWithoutFindings),
      findings: JSON.stringify(findings),
    };
  }

  async updateRepository(repo: RepositoryInput): Promise<boolean> {
    if (repo.changedAt) {
      const stored = await this.db
        .selectFrom('repositories')
        .select('visibility_changed_at')
        .where('full_name_key', '=', keyOf(repo.owner, repo.name))
        .executeTakeFirst();
      if (stored?.visibility_changed_at && stored.visibility_changed_at > toIso(repo.changedAt)) return false;
    }
    await this.upsertRepository(this.db, repo, new Date().toISOString());
    return true;
  }

  async delistRepositories(target: ListingTarget): Promise<number> {
    const now = new Date().toISOString();
    let query = this.db.updateTable('repositories').set({ delisted_at: now, updated_at: now });
    query =
      'installationId' in target
        ? query.where('installation_id', '=', target.installationId)
        : query.where('full_name_key', '=', keyOf(target.owner, target.name));
    const result = await query.where('delisted_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async relistRepositories(installationId: number): Promise<number> {
    const result = await this.db
      .updateTable('repositories')
      .set({ delisted_at: null, updated_at: new Date().toISOString() })
      .where('installation_id', '=', installationId)
      .where('delisted_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async renameRepository(
    from: { owner: string; name: string },
    to: { owner: string; name: string },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // A repository already stored under the new name (audited by the CLI, say) gives way.
      if (keyOf(from.owner, from.name) !== keyOf(to.owner, to.name))
        await trx.deleteFrom('repositories').where('full_name_key', '=', keyOf(to.owner, to.name)).execute();
      await trx
        .updateTable('repositories')
        .set({
          owner: to.owner,
          name: to.name,
          full_name_key: keyOf(to.owner, to.name),
          updated_at: new Date().toISOString(),
        })
        .where('full_name_key', '=', keyOf(from.owner, from.name))
        .execute();
    });
  }

  private async upsertRepository(
    db: Kysely<Database> | Transaction<Database>,
    repo: RepositoryInput,
    now: string,
  ): Promise<number> {
    const values = {
      owner: repo.owner,
      name: repo.name,
      visibility: repo.visibility,
      archived: repo.archived ? 1 : 0,
      description: repo.description ?? null,
      default_branch: repo.defaultBranch ?? null,
      installation_id: repo.installationId ?? null,
      updated_at: now,
      ...(repo.changedAt ? { visibility_changed_at: toIso(repo.changedAt) } : {}),
    };
    const row = await db
      .insertInto('repositories')
      .values({ ...values, full_name_key: keyOf(repo.owner, repo.name) })
      .onConflict((oc) =>
        oc.column('full_name_key').doUpdateSet({
          ...values,
          // Keep what we knew when the caller does not know it (a CLI audit has no description).
          description:
            repo.description === undefined ? sql.ref('repositories.description') : values.description,
          default_branch:
            repo.defaultBranch === undefined ? sql.ref('repositories.default_branch') : values.default_branch,
          installation_id:
            repo.installationId === undefined
              ? sql.ref('repositories.installation_id')
              : values.installation_id,
          // An App audit means the App can read it: the repository is listed again.
          delisted_at:
            repo.installationId === undefined || repo.installationId === null
              ? sql.ref('repositories.delisted_at')
              : null,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Rebuilds one repository's summary from its two newest audits, so out-of-order saves stay correct. */
  private async refreshSummary(trx: Transaction<Database>, repositoryId: number): Promise<void> {
    const latest = await trx
      .selectFrom('audits')
      .select(['id', 'audited_at', 'commit_sha', 'level', 'criteria', 'failing_checks'])
      .where('repository_id', '=', repositoryId)
      .orderBy('audited_at', 'desc')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    const [current, previous] = latest;
    if (!current) return;
    const { count } = await trx
      .selectFrom('audits')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('repository_id', '=', repositoryId)
      .executeTakeFirstOrThrow();
    const digest = digestReport({
      level: levelOfRank(current.level),
      criteria: JSON.parse(current.criteria) as Report['criteria'],
      checks: [],
    });
    const failingChecks = JSON.parse(current.failing_checks) as string[];
    const previousDigest = previous
      ? digestReport({
          level: levelOfRank(previous.level),
          criteria: JSON.parse(previous.criteria) as Report['criteria'],
          checks: [],
        })
      : undefined;
    const columns = Object.fromEntries(
      CRITERIA.map((c) => {
        const level = digest.criteria[c];
        return [criterionColumn(c), level === undefined ? null : levelRank(level)];
      }),
    ) as Record<ReturnType<typeof criterionColumn>, number | null>;
    const summary = {
      last_audit_id: current.id,
      last_audit_at: current.audited_at,
      commit_sha: current.commit_sha,
      level: current.level,
      ...columns,
      criterion_status: JSON.stringify(digest.criterionStatus),
      failing_checks: current.failing_checks,
      previous_level: previous ? previous.level : null,
      previous_criteria: previousDigest ? JSON.stringify(previousDigest.criteria) : null,
      audit_count: Number(count),
    };
    await trx
      .insertInto('repository_summary')
      .values({ repository_id: repositoryId, ...summary })
      .onConflict((oc) => oc.column('repository_id').doUpdateSet(summary))
      .execute();
    await trx.deleteFrom('repository_failing_checks').where('repository_id', '=', repositoryId).execute();
    if (failingChecks.length > 0) {
      await trx
        .insertInto('repository_failing_checks')
        .values(failingChecks.map((check_id) => ({ repository_id: repositoryId, check_id })))
        .execute();
    }
  }

  private summaries(publicOnly: boolean): SummaryQuery {
    let query = this.db
      .selectFrom('repositories as r')
      .innerJoin('repository_summary as s', 's.repository_id', 'r.id') as unknown as SummaryQuery;
    // Defence in depth: the web layer checks visibility again on every row it renders.
    if (publicOnly) query = publicRows(query);
    return query;
  }

  private selectSummary(query: SummaryQuery) {
    return query.select([
      'r.owner',
      'r.name',
      'r.visibility',
      'r.archived',
      'r.description',
      'r.default_branch',
      'r.installation_id',
      's.last_audit_id',
      's.last_audit_at',
      's.commit_sha',
      's.level',
      's.tcop_3',
      's.tcop_4',
      's.tcop_6',
      's.tcop_12',
      's.criterion_status',
      's.failing_checks',
      's.previous_level',
      's.previous_criteria',
      's.audit_count',
    ]);
  }

  async getRepository(
    owner: string,
    name: string,
    options: { publicOnly: boolean },
  ): Promise<RepositorySummary | undefined> {
    if (impossibleName(owner, name)) return undefined;
    const row = await this.selectSummary(this.summaries(options.publicOnly))
      .where('r.full_name_key', '=', keyOf(owner, name))
      .executeTakeFirst();
    return row ? toSummary(row) : undefined;
  }

  private readonly levelsQueries: [LevelsQuery?, LevelsQuery?] = [];

  private levelsQuery(publicOnly: boolean): LevelsQuery {
    return this.summaries(publicOnly)
      .select(['r.visibility', 's.level', 's.tcop_3', 's.tcop_4', 's.tcop_6', 's.tcop_12'])
      .where('r.full_name_key', '=', LOOKUP_KEY)
      .compile();
  }

  async getLevels(
    owner: string,
    name: string,
    options: { publicOnly: boolean },
  ): Promise<RepositoryLevels | undefined> {
    if (impossibleName(owner, name)) return undefined;
    // Badges are the hottest path: the query is built and compiled once, then only its key changes.
    const compiled = (this.levelsQueries[options.publicOnly ? 1 : 0] ??= this.levelsQuery(
      options.publicOnly,
    ));
    const key = keyOf(owner, name);
    const parameters = compiled.parameters.map((p) => (p === LOOKUP_KEY ? key : p));
    const { rows } = await this.db.executeQuery<LevelsRow>({ ...compiled, parameters });
    const row = rows[0];
    if (!row) return undefined;
    const criteria: CriterionLevels = {};
    for (const c of CRITERIA) {
      const rank = row[criterionColumn(c)];
      if (rank !== null) criteria[c] = levelOfRank(rank);
    }
    return { visibility: row.visibility as Visibility, level: levelOfRank(row.level), criteria };
  }

  async latestAudit(
    owner: string,
    name: string,
    options: { publicOnly: boolean },
  ): Promise<AuditRow | undefined> {
    if (impossibleName(owner, name)) return undefined;
    const summary = await this.summaries(options.publicOnly)
      .select('s.last_audit_id')
      .where('r.full_name_key', '=', keyOf(owner, name))
      .executeTakeFirst();
    return summary ? this.getAudit(summary.last_audit_id, options) : undefined;
  }

  async getAudit(id: string, options: { publicOnly: boolean }): Promise<AuditRow | undefined> {
    if (impossibleName(id, '')) return undefined;
    let query = this.db
      .selectFrom('audits as a')
      .innerJoin('repositories as r', 'r.id', 'a.repository_id')
      .select([
        'a.id',
        'r.owner',
        'r.name',
        'a.commit_sha',
        'a.ref',
        'a.trigger',
        'a.audited_at',
        'a.level',
        'a.criteria',
        'a.tool_version',
        'a.report',
        'a.findings',
      ])
      .where('a.id', '=', id);
    if (options.publicOnly) query = publicRows(query);
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const report = JSON.parse(row.report) as Omit<Report, 'findings'>;
    const findings = parseJson<Report['findings']>(row.findings);
    return {
      id: row.id,
      owner: row.owner,
      name: row.name,
      commit: row.commit_sha,
      ref: row.ref,
      trigger: row.trigger,
      auditedAt: row.audited_at,
      level: levelOfRank(row.level),
      criteria: criterionLevels(JSON.parse(row.criteria) as Report['criteria']),
      toolVersion: row.tool_version,
      report: { ...report, findings: findings ?? [] },
      findingsPruned: findings === undefined,
    };
  }

  async history(
    owner: string,
    name: string,
    options: { limit: number; publicOnly: boolean },
  ): Promise<HistoryPoint[]> {
    if (impossibleName(owner, name)) return [];
    let query = this.db
      .selectFrom('audits as a')
      .innerJoin('repositories as r', 'r.id', 'a.repository_id')
      .select(['a.id', 'a.audited_at', 'a.commit_sha', 'a.level', 'a.criteria', 'a.failing_checks'])
      .where('r.full_name_key', '=', keyOf(owner, name))
      .orderBy('a.audited_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(Math.max(1, Math.min(options.limit, 10_000)));
    if (options.publicOnly) query = publicRows(query);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      auditedAt: row.audited_at,
      commit: row.commit_sha,
      level: levelOfRank(row.level),
      criteria: criterionLevels(JSON.parse(row.criteria) as Report['criteria']),
      failingChecks: JSON.parse(row.failing_checks) as string[],
    }));
  }

  private filtered(filter: RepositoryFilter): SummaryQuery {
    let query = this.summaries(filter.publicOnly);
    if (filter.owner) query = query.where('r.owner', '=', filter.owner);
    if (filter.includeArchived === false) query = query.where('r.archived', '=', 0);
    if (filter.level !== undefined) {
      const rank = rankOfFilter(filter.level);
      query = filter.criterion
        ? query.where(`s.${criterionColumn(filter.criterion)}`, '=', rank)
        : query.where('s.level', '=', rank);
    } else if (filter.criterion) {
      // A criterion alone: repositories where that criterion has a failing check.
      const criterion = filter.criterion;
      query = query.where((eb) =>
        eb('s.criterion_status', 'like', `%${JSON.stringify(criterion)}:${JSON.stringify('fail')}%`),
      );
    }
    if (filter.failingCheck) {
      const check = filter.failingCheck;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('repository_failing_checks as f')
            .select('f.check_id')
            .whereRef('f.repository_id', '=', 'r.id')
            .where('f.check_id', '=', check),
        ),
      );
    }
    return query;
  }

  async listRepositories(
    filter: RepositoryFilter,
    sort: RepositorySort,
    page: PageRequest,
  ): Promise<Page<RepositorySummary>> {
    const size = Math.max(1, Math.min(Math.floor(page.size), MAX_PAGE_SIZE));
    const pageNumber = Math.max(1, Math.floor(page.page));
    const base = this.filtered(filter);
    const { total } = await base
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    const query = this.sorted(this.selectSummary(base), sort);
    const rows = await query
      .limit(size)
      .offset((pageNumber - 1) * size)
      .execute();
    return { items: rows.map(toSummary), total: Number(total), page: pageNumber, size };
  }

  async listAllRepositories(filter: RepositoryFilter, sort: RepositorySort): Promise<RepositorySummary[]> {
    const rows = await this.sorted(this.selectSummary(this.filtered(filter)), sort).execute();
    return rows.map(toSummary);
  }

  async listRepositorySlice(
    filter: RepositoryFilter,
    sort: RepositorySort,
    slice: { offset: number; limit: number },
  ): Promise<RepositorySummary[]> {
    const limit = Math.max(1, Math.min(Math.floor(slice.limit), MAX_PAGE_SIZE));
    const rows = await this.sorted(this.selectSummary(this.filtered(filter)), sort)
      .limit(limit)
      .offset(Math.max(0, Math.floor(slice.offset)))
      .execute();
    return rows.map(toSummary);
  }

  private sorted<Q extends ReturnType<KyselyAuditStore['selectSummary']>>(query: Q, sort: RepositorySort): Q {
    const direction = sort.direction;
    let sorted = query;
    switch (sort.key) {
      case 'name':
        break;
      case 'level':
        sorted = sorted.orderBy('s.level', direction) as Q;
        break;
      case 'lastAudit':
        sorted = sorted.orderBy('s.last_audit_at', direction) as Q;
        break;
      default:
        // Criteria without a result sort last either way.
        sorted = sorted
          .orderBy(sql`case when ${sql.ref(`s.${criterionColumn(sort.key)}`)} is null then 1 else 0 end`)
          .orderBy(`s.${criterionColumn(sort.key)}`, direction) as Q;
    }
    // Name is the tie-breaker everywhere so pages are stable.
    return sorted.orderBy('r.full_name_key', sort.key === 'name' ? direction : 'asc') as Q;
  }

  async countLevels(filter: RepositoryFilter): Promise<LevelCounts> {
    const rows = await this.filtered(filter)
      .select([
        's.level',
        's.tcop_3',
        's.tcop_4',
        's.tcop_6',
        's.tcop_12',
        (eb) => eb.fn.countAll<number | string>().as('n'),
      ])
      .groupBy(['s.level', 's.tcop_3', 's.tcop_4', 's.tcop_6', 's.tcop_12'])
      .execute();
    const empty = (): Record<Level | 'none', number> => ({ none: 0, baseline: 0, standard: 0, exemplar: 0 });
    const counts: LevelCounts = {
      total: 0,
      overall: empty(),
      criteria: Object.fromEntries(CRITERIA.map((c) => [c, empty()])) as LevelCounts['criteria'],
    };
    for (const row of rows) {
      const n = Number(row.n);
      counts.total += n;
      counts.overall[levelOfRank(row.level) ?? 'none'] += n;
      for (const c of CRITERIA) {
        const rank = row[criterionColumn(c)];
        if (rank !== null) counts.criteria[c][levelOfRank(rank) ?? 'none'] += n;
      }
    }
    return counts;
  }

  async listOwners(options: { publicOnly: boolean }): Promise<string[]> {
    const rows = await this.summaries(options.publicOnly)
      .select('r.owner')
      .distinct()
      .orderBy('r.owner')
      .execute();
    return rows.map((r) => r.owner);
  }

  async listFailingChecks(options: { publicOnly: boolean }): Promise<string[]> {
    let query = this.db
      .selectFrom('repository_failing_checks as f')
      .innerJoin('repositories as r', 'r.id', 'f.repository_id')
      .select('f.check_id')
      .distinct()
      .orderBy('f.check_id');
    if (options.publicOnly) query = publicRows(query);
    return (await query.execute()).map((r) => r.check_id);
  }

  async upsertInstallation(installation: InstallationInput): Promise<void> {
    const values = {
      account: installation.account,
      account_type: installation.accountType ?? 'Organization',
      installed_at: new Date().toISOString(),
      removed_at: null,
    };
    await this.db
      .insertInto('installations')
      .values({ id: installation.id, ...values })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ account: values.account, account_type: values.account_type, removed_at: null }),
      )
      .execute();
  }

  async removeInstallation(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('installations')
        .set({ removed_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      // History stays (the forum's trends need it); the repositories just lose their installation.
      await trx
        .updateTable('repositories')
        .set({ installation_id: null })
        .where('installation_id', '=', id)
        .execute();
    });
  }

  async listInstallations(): Promise<InstallationRow[]> {
    const rows = await this.db.selectFrom('installations').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: Number(r.id),
      account: r.account,
      accountType: r.account_type === 'User' ? 'User' : 'Organization',
      installedAt: r.installed_at,
      removedAt: r.removed_at,
    }));
  }

  async applyRetention(days: number, now: Date = new Date()): Promise<RetentionResult> {
    if (!Number.isFinite(days) || days < 0)
      throw new RangeError(`Retention must be a number of days ≥ 0, not ${days}`);
    const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
    const result = await this.db
      .updateTable('audits')
      .set({ findings: null })
      .where('audited_at', '<', cutoff)
      .where('findings', 'is not', null)
      // Each repository's latest audit keeps its findings: the repository page shows them.
      .where('id', 'not in', (eb) => eb.selectFrom('repository_summary').select('last_audit_id'))
      .executeTakeFirst();
    return { pruned: Number(result.numUpdatedRows) };
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}

function criterionLevels(criteria: Report['criteria']): CriterionLevels {
  const levels: CriterionLevels = {};
  for (const c of criteria) if (CRITERIA.includes(c.id)) levels[c.id] = c.level;
  return levels;
}

interface SummarySelection {
  owner: string;
  name: string;
  visibility: string;
  archived: number;
  description: string | null;
  default_branch: string | null;
  installation_id: number | string | null;
  last_audit_id: string;
  last_audit_at: string;
  commit_sha: string | null;
  level: number;
  tcop_3: number | null;
  tcop_4: number | null;
  tcop_6: number | null;
  tcop_12: number | null;
  criterion_status: string;
  failing_checks: string;
  previous_level: number | null;
  previous_criteria: string | null;
  audit_count: number | string;
}

function toSummary(row: SummarySelection): RepositorySummary {
  const criteria: CriterionLevels = {};
  for (const c of CRITERIA) {
    const rank = row[criterionColumn(c)];
    if (rank !== null) criteria[c] = levelOfRank(rank);
  }
  const repository: RepositoryRow = {
    owner: row.owner,
    name: row.name,
    visibility: row.visibility as Visibility,
    archived: Number(row.archived) === 1,
    description: row.description,
    defaultBranch: row.default_branch,
    installationId: toNumber(row.installation_id),
  };
  const hasPrevious = Number(row.audit_count) > 1;
  return {
    ...repository,
    lastAuditId: row.last_audit_id,
    lastAuditAt: row.last_audit_at,
    commit: row.commit_sha,
    level: levelOfRank(row.level),
    criteria,
    criterionStatus: JSON.parse(row.criterion_status) as RepositorySummary['criterionStatus'],
    failingChecks: JSON.parse(row.failing_checks) as string[],
    previousLevel: hasPrevious && row.previous_level !== null ? levelOfRank(row.previous_level) : undefined,
    previousCriteria: hasPrevious ? parseJson<CriterionLevels>(row.previous_criteria) : undefined,
    auditCount: Number(row.audit_count),
  };
}
