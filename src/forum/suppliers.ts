import { CRITERIA, type Criterion, type Level } from '../engine/check.js';
import { levelOfRank, levelRank } from '../store/levels.js';
import type { RepositorySummary } from '../store/types.js';
import type { ForumConfig, Supplier } from './config.js';
import { selectorKey } from './crawl.js';

/**
 * Which public repositories belong to each supplier, and what they amount to: the worst and the
 * median level across them, overall and per criterion, the ones below baseline and the trend.
 */

/** What the crawl found for organisation selectors narrowed by custom properties (`CrawlState.members`). */
export type Members = Readonly<Record<string, readonly string[]>>;

export interface LevelSpread {
  /** `undefined` when no repository has a result. */
  worst: Level | null | undefined;
  median: Level | null | undefined;
  /** Repositories with a result. */
  counted: number;
}

export interface SupplierSummary {
  supplier: Supplier;
  repositories: RepositorySummary[];
  overall: LevelSpread;
  criteria: Record<Criterion, LevelSpread>;
  /** The median overall level of the repositories' previous audits, for the trend. */
  previousMedian: Level | null | undefined;
  notBaseline: RepositorySummary[];
  trend: { up: number; down: number; same: number; first: number };
  lastAuditAt: string | undefined;
}

/** Repositories per supplier id, in the order given; a repository can belong to several suppliers. */
export function groupBySupplier(
  forum: ForumConfig,
  repositories: readonly RepositorySummary[],
  members: Members = {},
): Map<string, RepositorySummary[]> {
  const byOwner = new Map<string, RepositorySummary[]>();
  const byName = new Map<string, RepositorySummary>();
  for (const r of repositories) {
    const owner = r.owner.toLowerCase();
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), r]);
    byName.set(`${owner}/${r.name.toLowerCase()}`, r);
  }
  const groups = new Map<string, RepositorySummary[]>();
  for (const supplier of forum.suppliers) {
    const chosen = new Map<string, RepositorySummary>();
    const add = (r: RepositorySummary | undefined): void => {
      if (r) chosen.set(`${r.owner}/${r.name}`.toLowerCase(), r);
    };
    for (const o of supplier.organisations) {
      if (!o.properties) for (const r of byOwner.get(o.name.toLowerCase()) ?? []) add(r);
      else for (const full of members[selectorKey(o)] ?? []) add(byName.get(full.toLowerCase()));
    }
    for (const full of supplier.repositories) add(byName.get(full.toLowerCase()));
    groups.set(
      supplier.id,
      [...chosen.values()].sort((a, b) => (`${a.owner}/${a.name}` < `${b.owner}/${b.name}` ? -1 : 1)),
    );
  }
  return groups;
}

/** Worst and median of some levels; the median of an even count is the lower middle one. */
export function spread(levels: readonly (Level | null | undefined)[]): LevelSpread {
  const ranks = levels
    .filter((l): l is Level | null => l !== undefined)
    .map(levelRank)
    .sort((a, b) => a - b);
  if (ranks.length === 0) return { worst: undefined, median: undefined, counted: 0 };
  return {
    worst: levelOfRank(ranks[0] as number),
    median: levelOfRank(ranks[Math.floor((ranks.length - 1) / 2)] as number),
    counted: ranks.length,
  };
}

export function summariseSupplier(supplier: Supplier, repositories: RepositorySummary[]): SupplierSummary {
  const trend = { up: 0, down: 0, same: 0, first: 0 };
  for (const r of repositories) {
    if (r.previousLevel === undefined) trend.first++;
    else {
      const delta = levelRank(r.level) - levelRank(r.previousLevel);
      if (delta > 0) trend.up++;
      else if (delta < 0) trend.down++;
      else trend.same++;
    }
  }
  const previous = spread(
    repositories.map((r) => (r.previousLevel === undefined ? r.level : r.previousLevel)),
  );
  return {
    supplier,
    repositories,
    overall: spread(repositories.map((r) => r.level)),
    criteria: Object.fromEntries(
      CRITERIA.map((c) => [c, spread(repositories.map((r) => r.criteria[c]))]),
    ) as Record<Criterion, LevelSpread>,
    previousMedian: previous.median,
    notBaseline: repositories.filter((r) => r.level === null),
    trend,
    lastAuditAt: repositories.reduce<string | undefined>(
      (latest, r) => (latest === undefined || r.lastAuditAt > latest ? r.lastAuditAt : latest),
      undefined,
    ),
  };
}
