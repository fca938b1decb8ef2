import { CRITERIA, LEVELS, type Criterion } from '../engine/check.js';
import type { LevelFilter, RepositoryFilter, RepositorySort, SortKey } from '../store/types.js';

/** The overview's state, all of it in the query string so every view is a link and works without JavaScript. */
export interface OverviewQuery {
  owner?: string;
  level?: LevelFilter;
  criterion?: Criterion;
  check?: string;
  sort: RepositorySort;
  page: number;
}

export const PAGE_SIZE = 50;
export const SORT_KEYS: readonly SortKey[] = ['name', 'level', 'lastAudit', ...CRITERIA];
const LEVEL_FILTERS: readonly string[] = [...LEVELS, 'none'];
/** GitHub owner names: alphanumerics and single hyphens, at most 39 characters; `local` for CLI audits. */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const CHECK_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const MAX_PAGE = 1_000_000;

/** Parses the query; values that are not valid are dropped, never echoed. */
export function parseOverviewQuery(params: URLSearchParams): OverviewQuery {
  const get = (name: string): string | undefined => params.get(name)?.trim() || undefined;
  const owner = get('owner');
  const level = get('level');
  const criterion = get('criterion');
  const check = get('check');
  const sortKey = get('sort');
  const page = Number.parseInt(get('page') ?? '1', 10);
  const key: SortKey =
    sortKey && (SORT_KEYS as readonly string[]).includes(sortKey) ? (sortKey as SortKey) : 'name';
  const direction = get('dir') === 'desc' ? 'desc' : get('dir') === 'asc' ? 'asc' : defaultDirection(key);
  return {
    ...(owner && OWNER.test(owner) ? { owner } : {}),
    ...(level && LEVEL_FILTERS.includes(level) ? { level: level as LevelFilter } : {}),
    ...(criterion && (CRITERIA as readonly string[]).includes(criterion)
      ? { criterion: criterion as Criterion }
      : {}),
    ...(check && CHECK_ID.test(check) ? { check } : {}),
    sort: { key, direction },
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** Names ascending; levels and dates best or newest first. */
export const defaultDirection = (key: SortKey): 'asc' | 'desc' => (key === 'name' ? 'asc' : 'desc');

export function toFilter(query: OverviewQuery): RepositoryFilter {
  return {
    publicOnly: true,
    ...(query.owner ? { owner: query.owner } : {}),
    ...(query.level ? { level: query.level } : {}),
    ...(query.criterion ? { criterion: query.criterion } : {}),
    ...(query.check ? { failingCheck: query.check } : {}),
  };
}

/** The query string for `query` with some values changed; defaults are left out to keep links short. */
export function overviewHref(
  query: OverviewQuery,
  changes: Partial<OverviewQuery> & { format?: 'csv' | 'json' } = {},
): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.owner) params.set('owner', next.owner);
  if (next.level) params.set('level', next.level);
  if (next.criterion) params.set('criterion', next.criterion);
  if (next.check) params.set('check', next.check);
  if (next.sort.key !== 'name') params.set('sort', next.sort.key);
  if (next.sort.direction !== defaultDirection(next.sort.key)) params.set('dir', next.sort.direction);
  if (next.page > 1) params.set('page', String(next.page));
  if (changes.format) params.set('format', changes.format);
  const text = params.toString();
  return text ? `/?${text}` : '/';
}
