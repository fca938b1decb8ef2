import type { AnyCheck } from '../engine/check.js';
import { audit } from '../engine/run.js';
import { GitHubSource, type GitHubClient } from '../snapshot/github/index.js';
import type { AuditStore } from '../store/types.js';
import { propertiesMatch, type ForumConfig, type OrganisationSelector } from './config.js';
import { eventsBetween, type ForumEvent } from './events.js';

/**
 * The forum's crawl: audits suppliers' public repositories without any installation, with the
 * forum's own token. Every organisation listing and branch head is a conditional request
 * (If-None-Match with the last ETag), and GitHub answers 304 to an unchanged one without charging
 * the rate limit, so a crawl over an unchanged forum costs nothing. Archived repositories are not
 * audited; private ones are never listed to an outsider, and are dropped here too if one were.
 */

/** What GitHub answered, headers included: the crawl reads ETags and rate-limit headers. */
export interface CrawlResponse {
  status: number;
  data: unknown;
  headers: Record<string, string | number | undefined>;
}

/** The crawl's own reads; `request` answers 304 as a response, not an error. */
export interface CrawlHttp {
  get(
    route: string,
    parameters: Record<string, unknown>,
    headers: Record<string, string>,
  ): Promise<CrawlResponse>;
}

export interface ListedRepository {
  owner: string;
  name: string;
  visibility: string;
  archived: boolean;
  defaultBranch: string;
  description: string | null;
  pushedAt: string | null;
  properties?: Record<string, string | string[] | null>;
}

/** Kept between crawls (a JSON file beside forum.yml): ETags, and the head commit last audited. */
export interface CrawlState {
  version: 1;
  /** Pages of each account's listing, by lower-cased account name. */
  listings: Record<
    string,
    { kind: 'orgs' | 'users'; pages: { etag: string; repositories: ListedRepository[]; next: boolean }[] }
  >;
  /** By lower-cased `owner/name`. */
  heads: Record<string, { branch: string; etag: string; commit: string }>;
  /** Repositories a supplier names one by one, by lower-cased `owner/name`. */
  repositories: Record<string, { etag: string; repository: ListedRepository | null }>;
  /** Which repositories each organisation selector with properties matched, for the dashboard. */
  members: Record<string, string[]>;
}

export const emptyCrawlState = (): CrawlState => ({
  version: 1,
  listings: {},
  heads: {},
  repositories: {},
  members: {},
});

export type Provenance = 'installation' | 'crawl' | 'cli';

export type SkipReason = 'archived' | 'unchanged' | 'installed' | 'not-public' | 'filtered';

export interface CrawlResult {
  audited: string[];
  skipped: { repository: string; reason: SkipReason }[];
  failed: { repository: string; error: string }[];
  /** Accounts that GitHub does not know (or that hide their repositories). */
  missingAccounts: string[];
  /** Requests the crawl and its audits made, and how many of them were answered 304. */
  requests: { total: number; notModified: number };
  /** Times the crawl stopped to wait for the rate limit's reset. */
  pauses: number;
  /** Level changes and newly failing checks its audits showed: what the feeds and the webhook carry. */
  events: ForumEvent[];
}

export interface CrawlOptions {
  forum: ForumConfig;
  http: CrawlHttp;
  /** The client audits read through (the same token); its responses must reach `observe`. */
  client: GitHubClient;
  store: AuditStore;
  checks: readonly AnyCheck[];
  state: CrawlState;
  budget: RateBudget;
  now?: Date;
  /** Progress lines, for the CLI. */
  log?: (line: string) => void;
}

/**
 * Keeps the crawl within a share of each rate-limit window (core and GraphQL are counted apart):
 * GitHub's headers say how much of the window is used and when it resets; once the share is spent,
 * the crawl sleeps until the reset. 304 answers are free and do not move the count.
 */
export class RateBudget {
  private readonly windows = new Map<string, { limit: number; remaining: number; reset: number }>();
  pauses = 0;
  requests = 0;
  notModified = 0;

  constructor(
    private readonly share: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every response's headers, from the crawl's reads and the audits' alike. */
  observe(status: number, headers: Record<string, string | number | undefined>): void {
    this.requests++;
    if (status === 304) this.notModified++;
    const limit = Number(headers['x-ratelimit-limit']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    const resource = String(headers['x-ratelimit-resource'] ?? 'core');
    this.windows.set(resource, { limit, remaining, reset: reset * 1000 });
  }

  /**
   * Waits until `reserve` more requests of every resource fit within the share. A window whose
   * reset has passed is forgotten: the next answer reports the new one.
   */
  async take(reserve = 1): Promise<void> {
    for (const [resource, w] of this.windows) {
      const allowed = Math.floor(w.limit * this.share);
      const used = w.limit - w.remaining;
      if (used + reserve <= allowed) continue;
      const wait = w.reset - this.clock();
      if (wait > 0) {
        this.pauses++;
        await this.sleep(wait + 1000);
      }
      this.windows.delete(resource);
    }
  }
}

/** Requests an audit of one repository makes at most, so it is not started without room for it. */
const AUDIT_RESERVE = 8;

const keyOf = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase();

export async function crawl(options: CrawlOptions): Promise<CrawlResult> {
  const { forum, http, state, budget, store } = options;
  const log = options.log ?? (() => undefined);
  const result: CrawlResult = {
    audited: [],
    skipped: [],
    failed: [],
    missingAccounts: [],
    requests: { total: 0, notModified: 0 },
    pauses: 0,
    events: [],
  };
  const before = { requests: budget.requests, notModified: budget.notModified, pauses: budget.pauses };

  // Every repository to consider, once, whichever suppliers name it.
  const candidates = new Map<string, ListedRepository>();
  const selectors = new Map<string, OrganisationSelector[]>();
  for (const supplier of forum.suppliers)
    for (const o of supplier.organisations) {
      const list = selectors.get(o.name.toLowerCase()) ?? [];
      list.push(o);
      selectors.set(o.name.toLowerCase(), list);
    }
  for (const [account, wanted] of selectors) {
    const listed = await listAccount(http, budget, state, account);
    if (!listed) {
      result.missingAccounts.push(account);
      continue;
    }
    for (const selector of wanted) {
      if (!selector.properties) continue;
      state.members[selectorKey(selector)] = listed
        .filter((r) => propertiesMatch(selector.properties, r.properties))
        .map((r) => `${r.owner}/${r.name}`);
    }
    for (const repo of listed) {
      const chosen = wanted.some((s) => propertiesMatch(s.properties, repo.properties));
      if (!chosen) result.skipped.push({ repository: `${repo.owner}/${repo.name}`, reason: 'filtered' });
      else candidates.set(keyOf(repo.owner, repo.name), repo);
    }
  }
  for (const supplier of forum.suppliers)
    for (const full of supplier.repositories) {
      const [owner = '', name = ''] = full.split('/');
      if (candidates.has(keyOf(owner, name))) continue;
      const repo = await readRepository(http, budget, state, owner, name);
      if (repo) candidates.set(keyOf(owner, name), repo);
      else result.skipped.push({ repository: full, reason: 'not-public' });
    }

  for (const repo of candidates.values()) {
    const full = `${repo.owner}/${repo.name}`;
    // An outsider is never shown a private repository; should one come back, it is left alone.
    if (repo.visibility !== 'public') {
      result.skipped.push({ repository: full, reason: 'not-public' });
      continue;
    }
    if (repo.archived) {
      result.skipped.push({ repository: full, reason: 'archived' });
      continue;
    }
    try {
      const known = await store.getRepository(repo.owner, repo.name, { publicOnly: false });
      // The App audits it on every push, with more permissions than the forum's token.
      if (known?.installationId !== null && known?.installationId !== undefined) {
        result.skipped.push({ repository: full, reason: 'installed' });
        continue;
      }
      const head = await branchHead(http, budget, state, repo);
      if (head === undefined) {
        result.skipped.push({ repository: full, reason: 'unchanged' });
        continue;
      }
      await budget.take(AUDIT_RESERVE);
      const source = new GitHubSource(options.client, {
        owner: repo.owner,
        repo: repo.name,
        sha: head.commit,
        repository: {
          visibility: 'public',
          archived: false,
          default_branch: repo.defaultBranch,
          ...(repo.pushedAt ? { pushed_at: repo.pushedAt } : {}),
        },
        // What an outsider's token is granted: settings that need administration are not visible.
        permissions: { contents: 'read', metadata: 'read' },
      });
      const [previous] = await store.history(repo.owner, repo.name, { limit: 1, publicOnly: true });
      const { report } = await audit(source, {
        checks: options.checks,
        ...(options.now ? { now: options.now } : {}),
      });
      const auditId = await store.saveAudit({
        repo: {
          owner: repo.owner,
          name: repo.name,
          visibility: 'public',
          archived: false,
          description: repo.description,
          defaultBranch: repo.defaultBranch,
        },
        report,
        ref: repo.defaultBranch,
        trigger: 'crawl',
      });
      const current = (await store.history(repo.owner, repo.name, { limit: 2, publicOnly: true })).find(
        (p) => p.id === auditId,
      );
      if (previous && current) result.events.push(...eventsBetween(repo, previous, current));
      state.heads[keyOf(repo.owner, repo.name)] = {
        branch: repo.defaultBranch,
        etag: head.etag,
        commit: head.commit,
      };
      result.audited.push(full);
      log(`audited ${full} at ${head.commit.slice(0, 12)}: ${report.level ?? 'not met'}`);
    } catch (error) {
      result.failed.push({ repository: full, error: (error as Error).message });
      log(`could not audit ${full}: ${(error as Error).message}`);
    }
  }
  result.requests = {
    total: budget.requests - before.requests,
    notModified: budget.notModified - before.notModified,
  };
  result.pauses = budget.pauses - before.pauses;
  return result;
}

export const selectorKey = (s: OrganisationSelector): string =>
  `${s.name.toLowerCase()}?${Object.entries(s.properties ?? {})
    .map(([k, v]) => `${k}=${[...v].sort().join('|')}`)
    .sort()
    .join('&')}`;

async function conditionalGet(
  http: CrawlHttp,
  budget: RateBudget,
  route: string,
  parameters: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<CrawlResponse> {
  await budget.take();
  return http.get(route, parameters, headers);
}

/** An account's public repositories, page by page, each page a conditional request. */
async function listAccount(
  http: CrawlHttp,
  budget: RateBudget,
  state: CrawlState,
  account: string,
): Promise<ListedRepository[] | undefined> {
  const cached = state.listings[account];
  const kinds: ('orgs' | 'users')[] = cached?.kind === 'users' ? ['users'] : ['orgs', 'users'];
  for (const kind of kinds) {
    const pages: CrawlState['listings'][string]['pages'] = [];
    let found = true;
    for (let page = 1; ; page++) {
      const previous = cached?.kind === kind ? cached.pages[page - 1] : undefined;
      const route = kind === 'orgs' ? 'GET /orgs/{org}/repos' : 'GET /users/{username}/repos';
      const response = await conditionalGet(
        http,
        budget,
        route,
        {
          [kind === 'orgs' ? 'org' : 'username']: account,
          type: kind === 'orgs' ? 'public' : 'owner',
          per_page: 100,
          page,
        },
        previous ? { 'if-none-match': previous.etag } : {},
      );
      if (response.status === 404) {
        found = false;
        break;
      }
      if (response.status === 304 && previous) pages.push(previous);
      else if (response.status === 200)
        pages.push({
          etag: String(response.headers.etag ?? ''),
          repositories: (response.data as RepositoryJson[]).map(listed),
          next: /rel="next"/.test(String(response.headers.link ?? '')),
        });
      else throw new Error(`listing ${account}'s repositories: GitHub answered ${response.status}`);
      if (!pages.at(-1)?.next) break;
    }
    if (!found) continue;
    state.listings[account] = { kind, pages };
    return pages.flatMap((p) => p.repositories);
  }
  delete state.listings[account];
  return undefined;
}

interface RepositoryJson {
  owner: { login: string };
  name: string;
  visibility?: string;
  private: boolean;
  archived?: boolean;
  default_branch?: string;
  description?: string | null;
  pushed_at?: string | null;
  custom_properties?: Record<string, string | string[] | null>;
}

function listed(r: RepositoryJson): ListedRepository {
  return {
    owner: r.owner.login,
    name: r.name,
    visibility: r.visibility ?? (r.private ? 'private' : 'public'),
    archived: r.archived === true,
    defaultBranch: r.default_branch ?? 'main',
    description: r.description ?? null,
    pushedAt: r.pushed_at ?? null,
    ...(r.custom_properties ? { properties: r.custom_properties } : {}),
  };
}

async function readRepository(
  http: CrawlHttp,
  budget: RateBudget,
  state: CrawlState,
  owner: string,
  name: string,
): Promise<ListedRepository | undefined> {
  const key = keyOf(owner, name);
  const previous = state.repositories[key];
  const response = await conditionalGet(
    http,
    budget,
    'GET /repos/{owner}/{repo}',
    { owner, repo: name },
    previous ? { 'if-none-match': previous.etag } : {},
  );
  if (response.status === 304 && previous) return previous.repository ?? undefined;
  if (response.status !== 200) {
    delete state.repositories[key];
    return undefined;
  }
  const repository = listed(response.data as RepositoryJson);
  state.repositories[key] = { etag: String(response.headers.etag ?? ''), repository };
  return repository;
}

/**
 * The default branch's head, or undefined when it has not moved since the last audit: asked as a
 * bare SHA with the last ETag, so an unchanged branch is a free 304.
 */
async function branchHead(
  http: CrawlHttp,
  budget: RateBudget,
  state: CrawlState,
  repo: ListedRepository,
): Promise<{ commit: string; etag: string } | undefined> {
  const previous = state.heads[keyOf(repo.owner, repo.name)];
  const usable = previous?.branch === repo.defaultBranch ? previous : undefined;
  const response = await conditionalGet(
    http,
    budget,
    'GET /repos/{owner}/{repo}/commits/{ref}',
    { owner: repo.owner, repo: repo.name, ref: repo.defaultBranch },
    { accept: 'application/vnd.github.sha', ...(usable ? { 'if-none-match': usable.etag } : {}) },
  );
  if (response.status === 304 && usable) return undefined;
  if (response.status !== 200)
    throw new Error(`reading the head of ${repo.defaultBranch}: GitHub answered ${response.status}`);
  const body = response.data;
  // A bare SHA comes back as bytes (its type is not JSON) or text, depending on the client.
  const commit = (body instanceof ArrayBuffer ? new TextDecoder().decode(body) : String(body)).trim();
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit))
    throw new Error(`reading the head of ${repo.defaultBranch}: GitHub answered no commit id`);
  const etag = String(response.headers.etag ?? '');
  // A new ETag for the same commit (GitHub regenerates them) is no change either.
  if (usable && usable.commit === commit) {
    state.heads[keyOf(repo.owner, repo.name)] = { ...usable, etag };
    return undefined;
  }
  return { commit, etag };
}
