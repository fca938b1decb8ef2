import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForumConfig, type ForumConfig } from '../../src/forum/config.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp } from '../../src/web/app.js';
import { WEB_PATHS } from '../../src/web/node.js';
import { atomViolations } from '../support/atom.js';
import { FORUM_MEMBERS, seedForum } from '../support/forum-seed.js';

/**
 * The forum's pages over a store holding crawl audits: supplier overview, filters and exports,
 * supplier pages and badges, exemptions and provenance on repository pages, and the Atom feeds.
 * A private repository of a supplier's organisation never shows in any of them.
 */
let forum: ForumConfig;
let store: AuditStore;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  forum = parseForumConfig(
    await readFile(new URL('../../fixtures/forum/forum.yml', import.meta.url), 'utf8'),
  );
  store = await openSqliteStore(':memory:');
  await seedForum(store);
  app = createWebApp(store, { forum: { config: forum, members: FORUM_MEMBERS }, forumCacheTtlMs: 0 });
});
afterAll(() => store.close());

const get = (path: string) => app.request(`http://dashboard.test${path}`);
const body = async (path: string, status = 200): Promise<string> => {
  const response = await get(path);
  expect(response.status, path).toBe(status);
  return response.text();
};

describe('supplier overview', () => {
  it('shows each supplier once with worst and median levels over its public repositories', async () => {
    const json = JSON.parse(await body('/suppliers?format=json')) as {
      suppliers: {
        id: string;
        repositories: number;
        worst: string;
        median: string;
        notMeetingBaseline: string[];
        trend: { down: number };
      }[];
    };
    const byId = Object.fromEntries(json.suppliers.map((s) => [s.id, s]));
    expect(Object.keys(byId)).toEqual(['acme', 'bravo', 'charlie', 'delta', 'echo']);
    expect(byId.acme).toMatchObject({
      repositories: 2,
      worst: 'baseline',
      median: 'baseline',
      notMeetingBaseline: [],
      trend: { down: 1 },
    });
    expect(byId.bravo).toMatchObject({
      repositories: 1,
      worst: 'none',
      notMeetingBaseline: ['bravo-group/bravo-app'],
    });
    expect(byId.charlie).toMatchObject({ repositories: 2, worst: 'standard', median: 'standard' });
    expect(byId.delta).toMatchObject({ repositories: 1, worst: 'none' });
    expect(byId.echo).toMatchObject({ repositories: 0, worst: 'no-result' });
  });

  it('filters by pledge and worst level, in the page and its exports', async () => {
    const page = await body('/suppliers?signed=wepledge');
    expect(page).toContain('Acme Health Ltd');
    expect(page).toContain('Charlie Digital');
    expect(page).not.toContain('Bravo Systems</a>');
    const csv = await body('/suppliers?level=none&format=csv');
    expect(
      csv
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['bravo', 'delta']);
    // A value the filter does not know is dropped, never echoed.
    expect(await body('/suppliers?signed=%3Cscript%3E')).not.toContain('<script>');
  });

  it('never shows a private repository in any supplier page, export or feed', async () => {
    for (const path of [
      '/suppliers',
      '/suppliers?format=csv',
      '/suppliers?format=json',
      '/suppliers/acme',
      '/suppliers/acme/feed.atom',
      '/feed.atom',
    ])
      expect(await body(path), path).not.toContain('secret-roadmap');
    expect((await get('/repos/acme/secret-roadmap/feed.atom')).status).toBe(404);
  });
});

describe('supplier page', () => {
  it('lists criteria worst and median, repositories below baseline, and every repository', async () => {
    const page = await body('/suppliers/bravo');
    expect(page).toContain('bravo-group/bravo-app');
    expect(page).not.toContain('bravo-group/other-app');
    expect(page).toMatch(
      /Not meeting baseline<\/h2>\s*<ul>\s*<li><a href="\/repos\/bravo-group\/bravo-app">/,
    );
    expect(page).toContain('mailto:standards@bravo.example');
  });

  it('groups results by the framework asked for', async () => {
    const page = await body('/suppliers/acme?framework=osps-baseline');
    expect(page).toMatch(/<option value="osps-baseline"\s+selected/);
    expect(page).toMatch(/OSPS-/);
    // An unknown framework falls back to TCoP rather than echoing the value.
    expect(await body('/suppliers/acme?framework=%22x')).toMatch(/<option value="tcop"\s+selected/);
  });

  it('answers an unknown supplier like any missing page', async () => {
    expect(await body('/suppliers/nobody', 404)).toBe(await body('/repos/no/such', 404));
  });

  it('has a badge of the level every public repository reaches', async () => {
    expect(await body('/suppliers/acme/badge.svg')).toContain('Baseline');
    expect(await body('/suppliers/bravo/badge.svg')).toContain('Not met');
    expect(JSON.parse(await body('/suppliers/echo/badge.json'))).toMatchObject({ message: 'No result' });
    const etag = (await get('/suppliers/acme/badge.svg')).headers.get('etag') ?? '';
    const again = await app.request('http://dashboard.test/suppliers/acme/badge.svg', {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('is served by the mounted handler', () => {
    for (const path of ['/suppliers', '/suppliers?level=none', '/suppliers/acme', '/feed.atom'])
      expect(WEB_PATHS.test(path), path).toBe(true);
    expect(WEB_PATHS.test('/suppliersx')).toBe(false);
  });
});

describe('repository page', () => {
  it('lists exemptions with reason and expiry, marks the expired one, and names the provenance', async () => {
    const page = await body('/repos/acme/portal');
    const table = /<table id="exemptions">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    const rows = [
      ...table.matchAll(
        /<tr>\s*<th scope="row"><code>([^<]+)<\/code><\/th>\s*<td>([^<]+)<\/td>\s*<td>([^<]+)<\/td>\s*<td>\s*<span class="tag [^"]+">(\w+)<\/span>/g,
      ),
    ].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['licence-file', 'Licence under review', '2026-01-01', 'Expired'],
      ['security-txt', 'Contact published on the supplier site', '2027-06-30', 'Applied'],
    ]);
    expect(page).toContain('The forum&#39;s crawl, without installation');
    expect(page).toMatch(/<h2>Not visible to the forum<\/h2>/);
    expect(page).toMatch(
      /<span class="tag status-unknown"\s*>Not visible to the forum<\/span\s*>\s*Default branch is protected/,
    );
    expect(await body('/repos/shared-code/charlie-toolkit')).toContain(
      'The GitHub App, installed on the repository',
    );
  });
});

describe('change feeds', () => {
  const entries = (xml: string): string[] =>
    [...xml.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>\s*<title type="text">([^<]+)<\/title>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );

  it('are valid Atom (RFC 4287), per repository, supplier and forum, with the same events', async () => {
    const repository = await body('/repos/acme/portal/feed.atom');
    const supplier = await body('/suppliers/acme/feed.atom');
    const whole = await body('/feed.atom');
    for (const xml of [repository, supplier, whole, await body('/suppliers/echo/feed.atom')])
      expect(atomViolations(xml)).toEqual([]);
    const titles = entries(repository).map((e) => e.replace(/^\S+ /, ''));
    expect(titles).toEqual(
      expect.arrayContaining([
        'acme/portal: level Exemplar → Baseline',
        'acme/portal: check code-of-conduct now fails',
        'acme/portal: check dependency-updates now fails',
      ]),
    );
    expect(entries(supplier)).toEqual(entries(repository));
    expect(entries(whole)).toEqual(entries(repository));
    expect((await get('/feed.atom')).headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  });

  it('the validator itself refuses what RFC 4287 forbids', () => {
    expect(atomViolations('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>')).toEqual(
      expect.arrayContaining([
        'atom:feed must have exactly one atom:id',
        'atom:feed must have exactly one atom:updated',
      ]),
    );
    expect(
      atomViolations(
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title><updated>2026-01-01</updated><link rel="self" href="/f"/><entry><id>urn:a</id><title>e</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>',
      ),
    ).toEqual([
      'atom:feed atom:updated is not an RFC 3339 date-time: 2026-01-01',
      'atom:feed atom:id is not an absolute IRI: x',
      'atom:entry[0] has no author',
      'atom:entry[0] needs atom:content or an alternate link',
    ]);
  });
});
