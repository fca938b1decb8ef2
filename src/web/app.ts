import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Criterion } from '../engine/check.js';
import { FRAMEWORK_IDS, type FrameworkId } from '../frameworks/index.js';
import type { ForumConfig } from '../forum/config.js';
import { eventsOfHistory, sortEvents, type ForumEvent } from '../forum/events.js';
import {
  groupBySupplier,
  summariseSupplier,
  type Members,
  type SupplierSummary,
} from '../forum/suppliers.js';
import { type AuditStore, type RepositoryLevels, type RepositorySummary } from '../store/types.js';
import { BADGE_MAX_AGE, BadgeCache, etagMatches, isCriterion, type BadgeState } from './badges.js';
import { csvHeaderLine, csvLines, exportStream, toExportRow } from './export.js';
import { html } from './html.js';
import { Semaphore, TtlCache } from './limits.js';
import { renderOverview } from './overview.js';
import { PAGE_SIZE, parseOverviewQuery, toFilter } from './query.js';
import { renderRepositoryPage } from './repository-page.js';
import { guardStore, StoreUnavailableError } from './store-guard.js';
import { DASHBOARD_CSS } from './styles.js';
import { ATOM_TYPE, FEED_ENTRIES, renderFeed } from './feeds.js';
import {
  filterSuppliers,
  parseSuppliersQuery,
  renderSupplierPage,
  renderSuppliersOverview,
  supplierExportRow,
  supplierPath,
  suppliersCsv,
} from './suppliers.js';
import { page, repositoryPath } from './view.js';

export interface WebAppOptions {
  /**
   * Absolute origin used in the README badge snippet (`TCOP_PUBLIC_URL`). Without it the snippet
   * names no host: the request's Host header is never echoed into a page that caches publicly.
   */
  publicUrl?: string;
  /** Audits shown in a repository's history chart. */
  historyLimit?: number;
  /**
   * How long a badge's levels are reused without asking the store, in ms (default 1000; 0 turns
   * it off). Badges are cached for minutes downstream anyway; this absorbs bursts for one repository.
   */
  badgeLookupTtlMs?: number;
  /** Exports produced at once (default 2); more get 503 with Retry-After, so badges stay quick. */
  maxConcurrentExports?: number;
  /** How long a finished export is served again without asking the store, in ms (default 60,000). */
  exportCacheTtlMs?: number;
  /**
   * The forum's suppliers (forum.yml) and what its crawl found for custom-property selectors:
   * turns on the supplier pages, their badges and the change feeds of suppliers and the forum.
   */
  forum?: { config: ForumConfig; members?: Members };
  /** How long supplier summaries and feed events are reused, in ms (default 30,000; 0 turns it off). */
  forumCacheTtlMs?: number;
}

/** Repositories whose history a supplier's or the forum's feed reads: the most recently audited. */
const FEED_REPOSITORIES = 50;
/** Audits read per repository for a feed. */
const FEED_HISTORY = 11;
const FEED_HEADERS = {
  'Content-Type': ATOM_TYPE,
  'Cache-Control': 'public, max-age=60',
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Allow-Origin': '*',
};

/** Badge lookups remembered at most; beyond this the oldest entries go first. */
const BADGE_LOOKUP_ENTRIES = 10_000;

/** Names longer than GitHub allows (39 for owners, 100 for repositories) cannot exist. */
const MAX_OWNER = 39;
const MAX_NAME = 100;

/** Pages may be cached publicly this long (s): a repository made private leaves them within it. */
export const PAGE_MAX_AGE = 60;
/** How long a cache may keep serving a stale badge while it revalidates (s). */
export const BADGE_STALE_SECONDS = 60;
/**
 * The longest any public cache may show a repository after it became private or was deleted: the
 * badge's max-age plus its stale-while-revalidate window (pages and exports are shorter). Documented
 * in docs/dashboard.md; the hostile web tests hold every public response to it.
 */
export const PRIVATE_TAKES_EFFECT_SECONDS = BADGE_MAX_AGE + BADGE_STALE_SECONDS;

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // No script anywhere: the dashboard works without JavaScript, and this keeps it that way.
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': `public, max-age=${PAGE_MAX_AGE}`,
};

const BADGE_CACHE_CONTROL = `public, max-age=${BADGE_MAX_AGE}, stale-while-revalidate=${BADGE_STALE_SECONDS}`;

/** The body and headers of a badge in one format; repository and supplier badges answer alike. */
function badgeResponse(
  badge: { svg: string; svgEtag: string; json: string; jsonEtag: string },
  format: 'svg' | 'json',
): { body: string; etag: string; headers: Record<string, string> } {
  const [body, etag, type] =
    format === 'svg'
      ? [badge.svg, badge.svgEtag, 'image/svg+xml; charset=utf-8']
      : [badge.json, badge.jsonEtag, 'application/json; charset=utf-8'];
  return {
    body,
    etag,
    headers: {
      'Content-Type': type,
      'Cache-Control': BADGE_CACHE_CONTROL,
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
    },
  };
}
/** Characters of one export kept in the export cache at most; larger exports are streamed every time. */
const EXPORT_CACHE_CHARS = 16 * 1024 * 1024;
const CSS_ETAG = `"${createHash('sha256').update(DASHBOARD_CSS).digest('base64url').slice(0, 27)}"`;

/**
 * Every row the web layer renders passes this, whatever the store query said: defence in depth,
 * so a store bug or a visibility change mid-request cannot publish a private repository.
 */
const isPublic = (r: Pick<RepositorySummary, 'visibility'>): boolean => r.visibility === 'public';

/** The badges and dashboard as a Hono app; mount it in any server, or run it with `serve.ts`. */
export function createWebApp(rawStore: AuditStore, options: WebAppOptions = {}): Hono {
  const store = guardStore(rawStore);
  const app = new Hono();
  const exportSlots = new Semaphore(options.maxConcurrentExports ?? 2);
  const exportCache = new TtlCache<string>(
    options.exportCacheTtlMs ?? 60_000,
    64,
    (body) => body.length,
    4 * EXPORT_CACHE_CHARS,
  );
  const badges = new BadgeCache();
  const historyLimit = options.historyLimit ?? 100;
  const lookupTtl = options.badgeLookupTtlMs ?? 1000;
  const lookups = new Map<string, { levels: RepositoryLevels | undefined; until: number }>();
  const forum = options.forum;
  const forumTtl = options.forumCacheTtlMs ?? 30_000;
  const summaryCache = new TtlCache<SupplierSummary[]>(forumTtl, 2);
  const eventCache = new TtlCache<ForumEvent[]>(forumTtl, 1024);
  const origin = options.publicUrl?.replace(/\/+$/, '');

  /** Every supplier's summary from one store query, shared by the overview, pages and badges. */
  function supplierSummaries(config: ForumConfig, members: Members | undefined): Promise<SupplierSummary[]> {
    return summaryCache.getOrCompute('all', async () => {
      const all = (
        await store.listAllRepositories(
          { publicOnly: true, includeArchived: false },
          { key: 'name', direction: 'asc' },
        )
      ).filter(isPublic);
      const groups = groupBySupplier(config, all, members);
      return config.suppliers.map((s) => summariseSupplier(s, groups.get(s.id) ?? []));
    });
  }

  /** The events of the most recently audited of these repositories, newest first. */
  function eventsOf(key: string, repositories: readonly RepositorySummary[]): Promise<ForumEvent[]> {
    return eventCache.getOrCompute(key, async () => {
      const recent = [...repositories]
        .sort((a, b) => (a.lastAuditAt < b.lastAuditAt ? 1 : -1))
        .slice(0, FEED_REPOSITORIES);
      const events: ForumEvent[] = [];
      // Four history reads at a time, so one feed cannot take every store connection.
      for (let i = 0; i < recent.length; i += 4) {
        const histories = await Promise.all(
          recent
            .slice(i, i + 4)
            .map((r) => store.history(r.owner, r.name, { limit: FEED_HISTORY, publicOnly: true })),
        );
        histories.forEach((h, j) => {
          const r = recent[i + j] as RepositorySummary;
          events.push(...eventsOfHistory(r, h));
        });
      }
      return sortEvents(events).slice(0, FEED_ENTRIES);
    });
  }

  /** The store's answer for a badge, reused for `lookupTtl` ms; unknown and private are cached alike. */
  async function levelsFor(owner: string, name: string): Promise<RepositoryLevels | undefined> {
    if (lookupTtl <= 0) return store.getLevels(owner, name, { publicOnly: true });
    const key = `${owner}/${name}`.toLowerCase();
    const now = Date.now();
    const hit = lookups.get(key);
    if (hit && hit.until > now) return hit.levels;
    const levels = await store.getLevels(owner, name, { publicOnly: true });
    lookups.delete(key);
    if (lookups.size >= BADGE_LOOKUP_ENTRIES) {
      const oldest = lookups.keys().next().value;
      if (oldest !== undefined) lookups.delete(oldest);
    }
    lookups.set(key, { levels, until: now + lookupTtl });
    return levels;
  }

  app.get('/assets/dashboard.css', (c) => {
    const headers = {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      ETag: CSS_ETAG,
    };
    if (etagMatches(c.req.header('if-none-match'), CSS_ETAG)) return c.body(null, 304, headers);
    return c.body(DASHBOARD_CSS, 200, headers);
  });

  app.get('/badges/:owner/:file', async (c) => {
    const match = /^(.+)\.(svg|json)$/.exec(c.req.param('file'));
    if (!match) return notFound(c);
    const [, name = '', format] = match;
    const owner = c.req.param('owner');
    const criterionParam = c.req.query('criterion');
    let criterion: Criterion | undefined;
    if (criterionParam !== undefined) {
      // Independent of the repository, so it reveals nothing about private ones.
      if (!isCriterion(criterionParam))
        return c.text('criterion must be one of tcop-3, tcop-4, tcop-6, tcop-12', 400);
      criterion = criterionParam;
    }
    const state = possibleName(owner, name) ? await badgeState(owner, name, criterion) : 'not-found';
    const badge = badges.get(state, criterion);
    const { body, etag, headers } = badgeResponse(badge, format === 'svg' ? 'svg' : 'json');
    if (state === 'not-found') return c.body(body, 404, headers);
    // RFC 9110 §13.2.1: conditions apply only where the answer would be 2xx, so a 404 is always whole.
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.body(body, 200, headers);
  });

  app.get('/', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const query = parseOverviewQuery(params);
    const filter = toFilter(query);
    const format = params.get('format');
    if (format !== null) {
      if (format !== 'csv' && format !== 'json') return c.text('format must be csv or json', 400);
      // Everything the filters select, in the page's order: the export is the table without paging.
      const headers = {
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': `attachment; filename="tcop-repositories.${format}"`,
        'Content-Type':
          format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
      };
      const key = `${format}?${new URLSearchParams([...params].filter(([k]) => k !== 'page')).toString()}`;
      const cached = exportCache.get(key);
      if (cached !== undefined) return c.body(cached, 200, headers);
      if (c.req.raw.signal.aborted) return c.body(null, 499 as 200);
      const release = exportSlots.tryAcquire();
      if (!release)
        return c.text('Too many exports are being prepared; try again in a few seconds.', 503, {
          'Retry-After': '5',
          'Cache-Control': 'no-store',
        });
      const source = {
        next: async (offset: number, limit: number) => {
          const slice = await store.listRepositorySlice(filter, query.sort, { offset, limit });
          return { rows: slice.filter(isPublic).map(toExportRow), read: slice.length };
        },
      };
      const stream =
        format === 'csv'
          ? exportStream({
              source,
              head: csvHeaderLine(),
              render: (rows) => csvLines(rows),
              tail: () => '',
              cacheLimit: EXPORT_CACHE_CHARS,
              onDone: (body) => {
                release();
                if (body !== undefined) exportCache.set(key, body);
              },
            })
          : exportStream({
              source,
              head: `{\n  "generatedAt": ${JSON.stringify(new Date().toISOString())},\n  "filters": ${JSON.stringify(filterOf(query))},\n  "sort": ${JSON.stringify(query.sort)},\n  "repositories": [`,
              render: (rows, first) =>
                rows.map((r, i) => `${first && i === 0 ? '' : ','}\n    ${JSON.stringify(r)}`).join(''),
              // The count is known once every row is written, so it closes the object.
              tail: (count) => `\n  ],\n  "total": ${count}\n}\n`,
              cacheLimit: EXPORT_CACHE_CHARS,
              onDone: (body) => {
                release();
                if (body !== undefined) exportCache.set(key, body);
              },
            });
      return c.body(stream, 200, headers);
    }
    if (c.req.raw.signal.aborted) return c.body(null, 499 as 200);
    const [counts, repositories, owners, failingChecks] = await Promise.all([
      store.countLevels(filter),
      store.listRepositories(filter, query.sort, { page: query.page, size: PAGE_SIZE }),
      store.listOwners({ publicOnly: true }),
      store.listFailingChecks({ publicOnly: true }),
    ]);
    const visible = { ...repositories, items: repositories.items.filter(isPublic) };
    return c.body(
      renderOverview({ query, counts, repositories: visible, owners, failingChecks }).value,
      200,
      HTML_HEADERS,
    );
  });

  app.get('/repos/:owner/:name', async (c) => {
    const owner = c.req.param('owner');
    const name = c.req.param('name');
    if (!possibleName(owner, name)) return notFound(c);
    const repository = await store.getRepository(owner, name, { publicOnly: true });
    if (!repository || !isPublic(repository)) return notFound(c);
    const [audit, history] = await Promise.all([
      store.latestAudit(owner, name, { publicOnly: true }),
      store.history(owner, name, { limit: historyLimit, publicOnly: true }),
    ]);
    if (!audit) return notFound(c);
    return c.body(
      renderRepositoryPage({ repository, audit, history, ...(origin ? { origin } : {}) }).value,
      200,
      HTML_HEADERS,
    );
  });

  app.get('/repos/:owner/:name/feed.atom', async (c) => {
    const owner = c.req.param('owner');
    const name = c.req.param('name');
    if (!possibleName(owner, name)) return notFound(c);
    const repository = await store.getRepository(owner, name, { publicOnly: true });
    if (!repository || !isPublic(repository)) return notFound(c);
    const history = await store.history(owner, name, { limit: FEED_ENTRIES + 1, publicOnly: true });
    const path = `${repositoryPath(repository.owner, repository.name)}/feed.atom`;
    return c.body(
      renderFeed({
        title: `${repository.owner}/${repository.name}: TCoP level changes`,
        path,
        pagePath: repositoryPath(repository.owner, repository.name),
        author: forum?.config.name ?? 'TCoP audit dashboard',
        events: sortEvents(eventsOfHistory(repository, history)),
        fallbackUpdated: repository.lastAuditAt,
        ...(origin ? { origin } : {}),
      }),
      200,
      FEED_HEADERS,
    );
  });

  if (forum) {
    const { config, members } = forum;
    const pledges = [...new Set(config.suppliers.flatMap((s) => s.signed))].sort();
    const newest = (summaries: readonly SupplierSummary[]): string =>
      summaries.reduce(
        (t, s) => (s.lastAuditAt && s.lastAuditAt > t ? s.lastAuditAt : t),
        '1970-01-01T00:00:00Z',
      );

    app.get('/suppliers', async (c) => {
      const params = new URL(c.req.url).searchParams;
      const query = parseSuppliersQuery(params, pledges);
      const summaries = filterSuppliers(await supplierSummaries(config, members), query);
      const format = params.get('format');
      if (format !== null) {
        if (format !== 'csv' && format !== 'json') return c.text('format must be csv or json', 400);
        const body =
          format === 'csv'
            ? suppliersCsv(summaries)
            : `${JSON.stringify({ generatedAt: new Date().toISOString(), filters: query, suppliers: summaries.map(supplierExportRow), total: summaries.length }, null, 2)}\n`;
        return c.body(body, 200, {
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
          'Content-Disposition': `attachment; filename="tcop-suppliers.${format}"`,
          'Content-Type':
            format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        });
      }
      return c.body(
        renderSuppliersOverview({ forumName: config.name, summaries, query, pledges }).value,
        200,
        HTML_HEADERS,
      );
    });

    const supplierOf = async (id: string): Promise<SupplierSummary | undefined> =>
      (await supplierSummaries(config, members)).find((s) => s.supplier.id === id);

    app.get('/suppliers/:id', async (c) => {
      const summary = await supplierOf(c.req.param('id'));
      if (!summary) return notFound(c);
      const asked = c.req.query('framework');
      const framework: FrameworkId =
        asked && (FRAMEWORK_IDS as readonly string[]).includes(asked) ? (asked as FrameworkId) : 'tcop';
      return c.body(
        renderSupplierPage({ summary, framework, ...(origin ? { origin } : {}) }).value,
        200,
        HTML_HEADERS,
      );
    });

    app.get('/suppliers/:id/:file', async (c) => {
      const file = c.req.param('file');
      const summary = await supplierOf(c.req.param('id'));
      if (!summary) return notFound(c);
      if (file === 'feed.atom') {
        const path = supplierPath(summary.supplier.id, '/feed.atom');
        return c.body(
          renderFeed({
            title: `${summary.supplier.name}: TCoP level changes`,
            path,
            pagePath: supplierPath(summary.supplier.id),
            author: config.name,
            events: await eventsOf(`supplier:${summary.supplier.id}`, summary.repositories),
            fallbackUpdated: newest([summary]),
            ...(origin ? { origin } : {}),
          }),
          200,
          FEED_HEADERS,
        );
      }
      const match = /^badge\.(svg|json)$/.exec(file);
      if (!match) return notFound(c);
      const worst = summary.overall.worst;
      const badge = badges.get(worst === undefined ? 'no-result' : worst);
      const { body, etag, headers } = badgeResponse(badge, match[1] === 'svg' ? 'svg' : 'json');
      if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
      return c.body(body, 200, headers);
    });

    app.get('/feed.atom', async (c) => {
      const summaries = await supplierSummaries(config, members);
      const unique = new Map<string, RepositorySummary>();
      for (const s of summaries) for (const r of s.repositories) unique.set(`${r.owner}/${r.name}`, r);
      return c.body(
        renderFeed({
          title: `${config.name}: TCoP level changes`,
          path: '/feed.atom',
          pagePath: '/suppliers',
          author: config.name,
          events: await eventsOf('forum', [...unique.values()]),
          fallbackUpdated: newest(summaries),
          ...(origin ? { origin } : {}),
        }),
        200,
        FEED_HEADERS,
      );
    });
  }

  app.notFound((c) => notFound(c));
  app.onError((error, c) => {
    if (error instanceof StoreUnavailableError) {
      console.error(`Dashboard: ${error.message}`);
      const body = page({
        title: 'Sorry, the service is unavailable',
        body: html`<h1>Sorry, the service is unavailable</h1>
          <p>The audit data cannot be read at the moment. Try again in a minute.</p>`,
      });
      return c.body(body.value, 503, { ...HTML_HEADERS, 'Cache-Control': 'no-store', 'Retry-After': '30' });
    }
    console.error('Dashboard error:', error);
    const body = page({
      title: 'Sorry, there is a problem',
      body: html`<h1>Sorry, there is a problem with the service</h1>
        <p>Try again later.</p>`,
    });
    return c.body(body.value, 500, { ...HTML_HEADERS, 'Cache-Control': 'no-store' });
  });
  return app;

  async function badgeState(
    owner: string,
    name: string,
    criterion: Criterion | undefined,
  ): Promise<BadgeState> {
    const repository = await levelsFor(owner, name);
    if (!repository || !isPublic(repository)) return 'not-found';
    if (!criterion) return repository.level;
    const level = repository.criteria[criterion];
    return level === undefined ? 'no-result' : level;
  }
}

function filterOf(query: ReturnType<typeof parseOverviewQuery>): Record<string, string> {
  return Object.fromEntries(
    Object.entries({
      owner: query.owner,
      level: query.level,
      criterion: query.criterion,
      check: query.check,
    }).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/**
 * Names that cannot be a repository (too long for GitHub, or with control characters, which
 * PostgreSQL refuses in text) are answered "not found" without asking the store.
 */
function possibleName(owner: string, name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  const control = /[\u0000-\u001f\u007f]/;
  return (
    owner.length > 0 &&
    name.length > 0 &&
    owner.length <= MAX_OWNER &&
    name.length <= MAX_NAME &&
    !control.test(owner) &&
    !control.test(name)
  );
}

/** One answer for "does not exist" and "is not public", so the two cannot be told apart. */
function notFound(c: Context): Response {
  const body = page({
    title: 'Page not found',
    body: html`<h1>Page not found</h1>
      <p>There is no public repository at this address. It may not have been audited yet.</p>
      <p><a href="/">See all repositories</a></p>`,
  });
  return c.body(body.value, 404, HTML_HEADERS);
}
