import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { createWebApp, PRIVATE_TAKES_EFFECT_SECONDS } from '../../src/web/app.js';
import { publicUrlFromEnv } from '../../src/web/node.js';
import { sampleReport } from '../support/sample-reports.js';

/**
 * Public caching and request headers: a repository made private must leave every public cache
 * within the documented time (the longest max-age plus stale-while-revalidate of any public
 * answer), and nothing a request sends in its headers is written into a page that caches publicly.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
let store: AuditStore;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await store.saveAudit({
    repo: { owner: 'acme', name: 'api', visibility: 'public', archived: false },
    report: sampleReport({ repo: 'acme/api', commit: 'c'.repeat(40), generatedAt: '2026-11-20T10:00:00Z' }),
  });
});
afterAll(() => store.close());

/** Seconds a shared cache may serve this answer without asking again, stale or not. */
function publicStaleness(cacheControl: string | null): number {
  if (!cacheControl || !/\bpublic\b/.test(cacheControl)) return 0;
  const seconds = (name: string): number => Number(new RegExp(`${name}=(\\d+)`).exec(cacheControl)?.[1] ?? 0);
  return Math.max(seconds('max-age'), seconds('s-maxage')) + seconds('stale-while-revalidate');
}

describe('web: caching of what may become private', () => {
  it('keeps every public answer within the documented 6 minutes, and says so in the docs', async () => {
    const app = createWebApp(store);
    const paths = [
      '/badges/acme/api.svg',
      '/badges/acme/api.svg?criterion=tcop-3',
      '/badges/acme/api.json',
      '/badges/nobody/none.svg',
      '/repos/acme/api',
      '/',
      '/?format=csv',
      '/?format=json',
    ];
    const staleness: Record<string, number> = {};
    for (const p of paths)
      staleness[p] = publicStaleness((await app.request(p)).headers.get('cache-control'));
    expect(PRIVATE_TAKES_EFFECT_SECONDS).toBe(360);
    expect(Math.max(...Object.values(staleness))).toBe(PRIVATE_TAKES_EFFECT_SECONDS);
    for (const [p, s] of Object.entries(staleness))
      expect(s, p).toBeLessThanOrEqual(PRIVATE_TAKES_EFFECT_SECONDS);
    const docs = readFileSync(path.join(ROOT, 'docs/dashboard.md'), 'utf8');
    expect(docs).toContain('within **6 minutes** (300 + 60 seconds)');
  });

  it('answers the badge of a repository made private as not found on the very next request', async () => {
    const app = createWebApp(store, { badgeLookupTtlMs: 0 });
    expect((await app.request('/badges/acme/api.svg')).status).toBe(200);
    await store.updateRepository({ owner: 'acme', name: 'api', visibility: 'private', archived: false });
    try {
      const after = await app.request('/badges/acme/api.svg');
      const unknown = await app.request('/badges/nobody/none.svg');
      expect(after.status).toBe(404);
      expect(await after.text()).toBe(await unknown.text());
    } finally {
      await store.updateRepository({ owner: 'acme', name: 'api', visibility: 'public', archived: false });
    }
  });
});

describe('web: request headers are never echoed into cacheable pages', () => {
  it('does not write the Host header into the repository page', async () => {
    const app = createWebApp(store);
    const response = await app.request('http://evil.example/repos/acme/api', {
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public/);
    const body = await response.text();
    expect(body).not.toContain('evil.example');
    expect(body).toContain('https://DASHBOARD-ADDRESS/badges/acme/api.svg');
  });

  it('uses the configured public address, and only that, in the snippet', async () => {
    const app = createWebApp(store, { publicUrl: 'https://tcop.example.org/' });
    const body = await (await app.request('http://evil.example/repos/acme/api')).text();
    expect(body).toContain('https://tcop.example.org/badges/acme/api.svg');
    expect(body).not.toContain('evil.example');
  });
});

describe('web: one name for the public address', () => {
  it('reads TCOP_PUBLIC_URL, as the App does, and names it in the docs', () => {
    expect(publicUrlFromEnv({ TCOP_PUBLIC_URL: 'https://tcop.example.org/' })).toBe(
      'https://tcop.example.org',
    );
    const warnings: string[] = [];
    expect(publicUrlFromEnv({ PUBLIC_URL: 'https://old.example.org' }, (m) => warnings.push(m))).toBe(
      'https://old.example.org',
    );
    expect(warnings).toEqual(['PUBLIC_URL is read for now; the variable is TCOP_PUBLIC_URL.']);
    expect(() => publicUrlFromEnv({ TCOP_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(
      'TCOP_PUBLIC_URL must be an http or https URL, not javascript:alert(1)',
    );
    const docs = readFileSync(path.join(ROOT, 'docs/dashboard.md'), 'utf8');
    expect(docs).toMatch(/\| `TCOP_PUBLIC_URL` /);
    expect(docs).not.toMatch(/\| `PUBLIC_URL` /);
  });
});
