import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { badgeText } from '../../src/web/badges.js';
import { createWebApp } from '../../src/web/app.js';
import { csvField } from '../../src/web/export.js';
import { escapeHtml, html } from '../../src/web/html.js';
import { createNodeHandler, listen } from '../../src/web/node.js';
import {
  MARKUP_DESCRIPTION,
  MARKUP_REPOSITORY,
  PRIVATE_REPOSITORY,
  seedDashboard,
  type SeededRepository,
} from '../support/dashboard-seed.js';

let store: AuditStore;
let app: Hono;
let seeded: SeededRepository[];

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  seeded = await seedDashboard(store, { repositories: 80, auditsPerRepository: 4 });
  app = createWebApp(store, { publicUrl: 'https://tcop.example.org' });
});
afterAll(() => store.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await app.request(path, { headers });
  return {
    response,
    status: response.status,
    text: await response.text(),
    header: (n: string) => response.headers.get(n),
  };
};
const publicRepo = (): SeededRepository => seeded[2]!;
const PRIVATE = `${PRIVATE_REPOSITORY.owner}/${PRIVATE_REPOSITORY.name}`;

describe('badges', () => {
  it('renders the overall level as a flat SVG with cache headers and an ETag', async () => {
    const { owner, name } = publicRepo();
    const summary = await store.getRepository(owner, name, { publicOnly: true });

    const badge = await get(`/badges/${owner}/${name}.svg`);

    expect(badge.status).toBe(200);
    expect(badge.header('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(badge.header('cache-control')).toMatch(/^public, max-age=300/);
    expect(badge.header('etag')).toMatch(/^"[\w-]{27}"$/);
    const [label, message] = badgeText(summary!.level).split(' · ');
    expect(badge.text).toContain(`aria-label="${label}: ${message}"`);
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const { owner, name } = publicRepo();
    const first = await get(`/badges/${owner}/${name}.svg`);

    const again = await get(`/badges/${owner}/${name}.svg`, {
      'If-None-Match': `W/${first.header('etag')}, "other"`,
    });

    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.header('etag')).toBe(first.header('etag'));
  });

  it('renders one criterion and rejects an unknown one', async () => {
    const { owner, name } = publicRepo();
    const summary = await store.getRepository(owner, name, { publicOnly: true });

    const badge = await get(`/badges/${owner}/${name}.svg?criterion=tcop-4`);
    const bad = await get(`/badges/${owner}/${name}.svg?criterion=tcop-99`);

    const [, message] = badgeText(summary!.criteria['tcop-4']!, 'tcop-4').split(' · ');
    expect(badge.text).toContain(`aria-label="TCoP 4: ${message}"`);
    expect(bad.status).toBe(400);
  });

  it('serves the shields.io endpoint format', async () => {
    const { owner, name } = publicRepo();

    const badge = await get(`/badges/${owner}/${name}.json`);

    expect(badge.header('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(badge.text)).toEqual({
      schemaVersion: 1,
      label: 'TCoP',
      message: expect.stringMatching(/^(Exemplar|Standard|Baseline|Not met)$/),
      color: expect.stringMatching(/^[0-9a-f]{6}$/),
      cacheSeconds: 300,
    });
  });

  it.each([
    [null, 'TCoP · Not met'],
    ['baseline', 'TCoP · Baseline'],
    ['standard', 'TCoP · Standard'],
    ['exemplar', 'TCoP · Exemplar'],
  ] as const)('reads %s as "%s"', (level, text) => {
    expect(badgeText(level)).toBe(text);
  });

  it.each(['.svg', '.svg?criterion=tcop-3', '.json', '.json?criterion=tcop-12'])(
    'answers a private repository exactly like one that does not exist (%s)',
    async (suffix) => {
      const privateBadge = await get(`/badges/${PRIVATE}${suffix}`);
      const unknownBadge = await get(`/badges/nobody/nothing${suffix}`);
      const privateRevalidated = await get(`/badges/${PRIVATE}${suffix}`, {
        'If-None-Match': privateBadge.header('etag')!,
      });

      expect(privateBadge.status).toBe(404);
      expect(privateBadge.text).toBe(unknownBadge.text);
      const headersOf = (r: Response): [string, string][] => {
        const all: [string, string][] = [];
        r.headers.forEach((value, key) => all.push([key, value]));
        return all;
      };
      expect(headersOf(privateBadge.response)).toEqual(headersOf(unknownBadge.response));
      expect(privateRevalidated.status).toBe(404);
      expect(privateRevalidated.text).toBe(unknownBadge.text);
    },
  );
});

describe('dashboard', () => {
  it('never shows a private repository in any page, filter list or export', async () => {
    const pages = [
      '/',
      '/?owner=nhsdigital',
      '/?level=none',
      '/?page=2',
      '/?format=csv',
      '/?format=json',
      '/?owner=nhsdigital&format=csv',
      ...seeded.map((r) => `/repos/${r.owner}/${r.name}`),
    ];

    for (const path of pages) {
      const { text } = await get(path);
      expect(text, path).not.toContain(PRIVATE_REPOSITORY.name);
    }
    const privatePage = await get(`/repos/${PRIVATE}`);
    const unknownPage = await get('/repos/nobody/nothing');
    expect(privatePage.status).toBe(404);
    expect(privatePage.text).toBe(unknownPage.text);
  });

  it('drops a repository from badges and pages once it turns private', async () => {
    const own = await openSqliteStore(':memory:');
    const [repository] = await seedDashboard(own, { repositories: 3, auditsPerRepository: 1 });
    const { owner, name } = { owner: 'dwp', name: 'turning-private' };
    await own.saveAudit({
      repo: { owner, name, visibility: 'public', archived: false },
      report: (await own.latestAudit(repository!.owner, repository!.name, { publicOnly: true }))!.report,
    });
    const ownApp = createWebApp(own, { badgeLookupTtlMs: 0 });
    expect((await ownApp.request(`/badges/${owner}/${name}.svg`)).status).toBe(200);

    await own.updateRepository({ owner, name, visibility: 'private', archived: false });

    expect((await ownApp.request(`/badges/${owner}/${name}.svg`)).status).toBe(404);
    expect((await ownApp.request(`/repos/${owner}/${name}`)).status).toBe(404);
    expect(await (await ownApp.request('/?format=csv')).text()).not.toContain(name);
    await own.close();
  });

  it('hides a private row even if the store returns one (defence in depth)', async () => {
    const leaky: AuditStore = Object.create(store) as AuditStore;
    leaky.listRepositories = (filter, sort, page) =>
      store.listRepositories({ ...filter, publicOnly: false }, sort, page);
    leaky.listAllRepositories = (filter, sort) =>
      store.listAllRepositories({ ...filter, publicOnly: false }, sort);
    leaky.getRepository = (owner, name) => store.getRepository(owner, name, { publicOnly: false });
    leaky.getLevels = (owner, name) => store.getLevels(owner, name, { publicOnly: false });
    const leakyApp = createWebApp(leaky);

    const overview = await (await leakyApp.request('/?owner=nhsdigital')).text();
    const csv = await (await leakyApp.request('/?format=csv&owner=nhsdigital')).text();
    const badge = await leakyApp.request(`/badges/${PRIVATE}.svg`);
    const repositoryPage = await leakyApp.request(`/repos/${PRIVATE}`);

    expect(overview).not.toContain(PRIVATE_REPOSITORY.name);
    expect(csv).not.toContain(PRIVATE_REPOSITORY.name);
    expect(badge.status).toBe(404);
    expect(repositoryPage.status).toBe(404);
  });

  it('shows markup in names, descriptions and findings as text', async () => {
    const { text } = await get(`/repos/${MARKUP_REPOSITORY.owner}/${MARKUP_REPOSITORY.name}`);

    expect(text).toContain(escapeHtml(MARKUP_DESCRIPTION));
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('Found &lt;img src=x onerror=alert(1)&gt; in README.md');
  });

  it('sends a policy that forbids scripts on every page', async () => {
    const { header } = await get('/');

    expect(header('content-security-policy')).toContain("default-src 'none'");
    expect(header('content-security-policy')).not.toContain('script-src');
  });

  it('filters by level and paginates, and the export holds exactly the filtered rows in order', async () => {
    const rowsOf = (page: string): string[] =>
      [...page.matchAll(/<th scope="row">\s*<a href="\/repos\/([^"]+)">/g)].map((m) =>
        decodeURIComponent(m[1]!).replace('/', '/'),
      );
    const counts = await store.countLevels({ publicOnly: true, level: 'none' });

    const first = await get('/?level=none&sort=tcop-6&dir=asc');
    const second = counts.total > 50 ? await get('/?level=none&sort=tcop-6&dir=asc&page=2') : undefined;
    const csv = await get('/?level=none&sort=tcop-6&dir=asc&format=csv');
    const json = await get('/?level=none&sort=tcop-6&dir=asc&format=json');

    const shown = [...rowsOf(first.text), ...(second ? rowsOf(second.text) : [])];
    const csvRows = csv.text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    const exported = JSON.parse(json.text) as {
      total: number;
      repositories: { repository: string; level: string }[];
    };
    expect(shown.length).toBe(counts.total);
    expect(csvRows).toEqual(shown);
    expect(exported.repositories.map((r) => r.repository)).toEqual(shown);
    expect(new Set(exported.repositories.map((r) => r.level))).toEqual(new Set(['none']));
    expect(csv.header('content-disposition')).toBe('attachment; filename="tcop-repositories.csv"');
  });

  it('pages through all repositories 50 at a time', async () => {
    const first = await get('/');
    const second = await get('/?page=2');

    expect(first.text).toContain('1 to 50 of 79');
    expect(second.text).toContain('51 to 79 of 79');
    expect(first.text).toMatch(/<a href="\/\?page=2"[^>]*>/);
  });

  it('marks the sorted column for assistive technology', async () => {
    const { text } = await get('/?sort=level');

    expect(text).toMatch(/<th scope="col"\s+aria-sort="descending">\s*<a href="\/\?sort=level&amp;dir=asc"/);
  });

  it('ignores filter values that are not valid', async () => {
    const { status, text } = await get('/?owner=%3Cscript%3E&level=gold&criterion=tcop-99&page=-4');

    expect(status).toBe(200);
    expect(text).not.toContain('&lt;script&gt;');
    expect(text).toContain('1 to 50 of 79');
  });

  it('shows a repository with findings, remediation, history and a commit link', async () => {
    const { owner, name } = seeded[3]!;
    const audit = await store.latestAudit(owner, name, { publicOnly: true });

    const { status, text } = await get(`/repos/${owner}/${name}`);

    expect(status).toBe(200);
    expect(text).toContain(`<h1>${owner}/${name}</h1>`);
    expect(text).toContain(`https://github.com/${owner}/${name}/commit/${audit!.commit}`);
    expect(text).toMatch(/<svg\s+class="chart"/);
    expect(text).toContain('4 audits, from');
    expect(text).toContain(`https://tcop.example.org/badges/${owner}/${name}.svg`);
    if (audit!.report.findings.some((f) => f.status === 'fail')) expect(text).toContain('How to fix:');
  });
});

describe('html', () => {
  it('escapes interpolations, arrays included, and keeps nested templates', () => {
    const inner = html`<b>${'<i>'}</b>`;

    expect(html`<p title="${'"x"'}">${['<a>', inner, null, false, 0]}</p>`.value).toBe(
      '<p title="&quot;x&quot;">&lt;a&gt;<b>&lt;i&gt;</b>0</p>',
    );
  });
});

describe('csv export', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('writes %s as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('node mounting', () => {
  it('answers its own paths and leaves the rest to the host server', async () => {
    const handler = createNodeHandler(app);
    const server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(418).end('host');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const badge = await fetch(`${base}/badges/nobody/nothing.svg`);
    const other = await fetch(`${base}/api/github/webhooks`);

    expect(badge.status).toBe(404);
    expect(badge.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(other.status).toBe(418);
    await new Promise((resolve) => server.close(resolve));
  });

  it('listens on 127.0.0.1 by default', async () => {
    const { url, close } = await listen(app);

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/assets/dashboard.css`)).status).toBe(200);
    await close();
  });

  it('rejects when its port is taken, rather than crashing the process', async () => {
    const first = await listen(app);
    try {
      await expect(listen(app, { port: Number(new URL(first.url).port) })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
