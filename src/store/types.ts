import type { Criterion, Level, Status } from '../engine/check.js';
import type { Report } from '../engine/report.js';

/**
 * The audit store: every audit kept as history, plus one summary row per repository so the
 * dashboard overview and badges are one cheap indexed query. SQLite and PostgreSQL implement it
 * behind one query builder (Kysely); `test/store/contract.test.ts` runs against both.
 */

export type Visibility = 'public' | 'private' | 'internal';

/** What triggered an audit; free text in storage, these are the values the tool writes. */
export type AuditTrigger = 'push' | 'pull_request' | 'schedule' | 'installation' | 'cli' | 'manual' | 'crawl';

/** Repository metadata as GitHub reports it, written with every audit. */
export interface RepositoryInput {
  owner: string;
  name: string;
  visibility: Visibility;
  archived: boolean;
  description?: string | null;
  defaultBranch?: string | null;
  /** The App installation that can read it; absent for CLI audits. */
  installationId?: number | null;
  /**
   * When GitHub changed the visibility or archive state (the event's `repository.updated_at`).
   * A change older than the one stored is ignored: a replayed or late event never republishes.
   */
  changedAt?: string;
}

/** Which repositories leave (or return to) the public dashboard together. */
export type ListingTarget = { installationId: number } | { owner: string; name: string };

export interface SaveAuditInput {
  repo: RepositoryInput;
  report: Report;
  /** Branch or tag audited; defaults to `report.target.ref`. */
  ref?: string | null;
  trigger?: AuditTrigger;
}

/** The level per criterion; `null` means the criterion's baseline is not met. */
export type CriterionLevels = Partial<Record<Criterion, Level | null>>;

export interface RepositoryRow {
  owner: string;
  name: string;
  visibility: Visibility;
  archived: boolean;
  description: string | null;
  defaultBranch: string | null;
  installationId: number | null;
}

/** The latest audit of one repository, with the previous one's levels for trend arrows. */
export interface RepositorySummary extends RepositoryRow {
  lastAuditId: string;
  lastAuditAt: string;
  commit: string | null;
  level: Level | null;
  criteria: CriterionLevels;
  /** Criterion statuses of the latest audit (fail/warn/…), for the criterion filter. */
  criterionStatus: Partial<Record<Criterion, Status>>;
  /** Ids of checks that fail in the latest audit. */
  failingChecks: string[];
  /** The previous audit's overall level, or `undefined` when there is only one audit. */
  previousLevel: Level | null | undefined;
  previousCriteria: CriterionLevels | undefined;
  auditCount: number;
}

export interface RepositoryLevels {
  visibility: Visibility;
  level: Level | null;
  criteria: CriterionLevels;
}

export interface AuditRow {
  id: string;
  owner: string;
  name: string;
  commit: string | null;
  ref: string | null;
  trigger: string | null;
  auditedAt: string;
  level: Level | null;
  criteria: CriterionLevels;
  toolVersion: string;
  /** The full report; `findings` is empty once retention has pruned it (summaries are kept). */
  report: Report;
  findingsPruned: boolean;
}

/** One point of the level-over-time chart: no findings, cheap to read in bulk. */
export interface HistoryPoint {
  id: string;
  auditedAt: string;
  commit: string | null;
  level: Level | null;
  criteria: CriterionLevels;
  /** Ids of checks that failed in this audit: what the change feeds compare. */
  failingChecks: string[];
}

/** `'none'` filters for repositories that do not reach baseline. */
export type LevelFilter = Level | 'none';

export interface RepositoryFilter {
  owner?: string;
  level?: LevelFilter;
  /** Together with `level`: the level of this criterion instead of the overall one; alone: criteria that fail. */
  criterion?: Criterion;
  /** Repositories whose latest audit has this check failing. */
  failingCheck?: string;
  /** Defaults to true everywhere the web layer calls; only the App's own lookups pass false. */
  publicOnly: boolean;
  includeArchived?: boolean;
}

export type SortKey = 'name' | 'level' | 'lastAudit' | Criterion;

export interface RepositorySort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  /** Capped by the store at {@link MAX_PAGE_SIZE}. */
  size: number;
}

export const MAX_PAGE_SIZE = 500;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

/** Counts over the filtered repositories, for the overview's headline numbers. */
export interface LevelCounts {
  total: number;
  overall: Record<Level | 'none', number>;
  criteria: Record<Criterion, Record<Level | 'none', number>>;
}

export interface InstallationInput {
  id: number;
  account: string;
  accountType?: 'Organization' | 'User';
}

export interface InstallationRow extends Required<InstallationInput> {
  installedAt: string;
  removedAt: string | null;
}

export interface RetentionResult {
  /** Audits whose findings were dropped; their level and criterion summary stay. */
  pruned: number;
}

export interface AuditStore {
  /** `'sqlite'` or `'postgres'`. */
  readonly dialect: string;
  /** Records the audit, upserts the repository and refreshes its summary. Returns the audit id. */
  saveAudit(input: SaveAuditInput): Promise<string>;
  /** Many audits in one transaction (imports, backfills); ids in input order. */
  saveAudits(inputs: readonly SaveAuditInput[]): Promise<string[]>;
  /**
   * Visibility or archive changes without an audit (GitHub `repository` events). Returns false
   * when a newer change was stored already (`changedAt`), and nothing was written.
   */
  updateRepository(repo: RepositoryInput): Promise<boolean>;
  /**
   * Takes repositories off every public page and badge at once, keeping their history: the App
   * was uninstalled or suspended, or the repository was removed from it or deleted. A later
   * audit by the App (it is installed again) lists a repository again.
   */
  delistRepositories(target: ListingTarget): Promise<number>;
  /** Lists an installation's repositories again (the installation was unsuspended). */
  relistRepositories(installationId: number): Promise<number>;
  /** A renamed or transferred repository keeps its history under its new name. */
  renameRepository(from: { owner: string; name: string }, to: { owner: string; name: string }): Promise<void>;
  getRepository(
    owner: string,
    name: string,
    options: { publicOnly: boolean },
  ): Promise<RepositorySummary | undefined>;
  /** Just the levels, for badges: the cheapest lookup the store has. */
  getLevels(
    owner: string,
    name: string,
    options: { publicOnly: boolean },
  ): Promise<RepositoryLevels | undefined>;
  latestAudit(owner: string, name: string, options: { publicOnly: boolean }): Promise<AuditRow | undefined>;
  getAudit(id: string, options: { publicOnly: boolean }): Promise<AuditRow | undefined>;
  /** Newest first. */
  history(
    owner: string,
    name: string,
    options: { limit: number; publicOnly: boolean },
  ): Promise<HistoryPoint[]>;
  listRepositories(
    filter: RepositoryFilter,
    sort: RepositorySort,
    page: PageRequest,
  ): Promise<Page<RepositorySummary>>;
  /** Every repository the filter selects, in `sort` order, in one query: for exports. */
  listAllRepositories(filter: RepositoryFilter, sort: RepositorySort): Promise<RepositorySummary[]>;
  /**
   * `limit` repositories from `offset` in `sort` order, without counting the rest: exports read
   * their rows in slices like this so that other requests are answered between slices.
   */
  listRepositorySlice(
    filter: RepositoryFilter,
    sort: RepositorySort,
    slice: { offset: number; limit: number },
  ): Promise<RepositorySummary[]>;
  countLevels(filter: RepositoryFilter): Promise<LevelCounts>;
  /** Distinct owners with at least one repository matching `publicOnly`, for the filter form. */
  listOwners(options: { publicOnly: boolean }): Promise<string[]>;
  /** Distinct check ids failing anywhere, for the filter form. */
  listFailingChecks(options: { publicOnly: boolean }): Promise<string[]>;
  upsertInstallation(installation: InstallationInput): Promise<void>;
  removeInstallation(id: number): Promise<void>;
  listInstallations(): Promise<InstallationRow[]>;
  /** Drops findings of audits older than `days` days, except each repository's latest. */
  applyRetention(days: number, now?: Date): Promise<RetentionResult>;
  close(): Promise<void>;
}
