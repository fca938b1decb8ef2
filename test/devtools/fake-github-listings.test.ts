import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { holdToContract } from '../support/contract.js';

/**
 * The fake's organisation listings and conditional requests, as GitHub documents them: a caller
 * outside the organisation sees public repositories only; `If-None-Match` with the last ETag gets a
 * 304 that does not count against the primary rate limit; past the limit, 403 with remaining 0.
 */
const files = new Map([['README.md', Buffer.from('# r\n')]]);

describe('fake GitHub: organisation listings and conditional requests', () => {
  const fake = new FakeGitHub({ rateLimit: 6 });
  holdToContract(() => fake);
  let url = '';
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${url}${path}`, { headers: { authorization: 'token ghp_forum', ...headers } });

  beforeAll(async () => {
    url = await fake.start();
    fake.addRepo({ owner: 'acme', name: 'open', files });
    fake.addRepo({ owner: 'acme', name: 'secret', files, visibility: 'private' });
    fake.addRepo({ owner: 'acme', name: 'old', files, archived: true });
    for (let i = 0; i < 3; i++) fake.addRepo({ owner: 'acme', name: `page-${i}`, files });
  });
  afterAll(() => fake.stop());

  it('lists public repositories only, paged with a Link header, then answers 304 for free', async () => {
    fake.resetRateLimit();
    const first = await get('/orgs/acme/repos?type=public&per_page=3');
    expect(first.status).toBe(200);
    const names = ((await first.json()) as { name: string; archived: boolean }[]).map((r) => r.name);
    expect(names).toEqual(['old', 'open', 'page-0']);
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next"/);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('5');
    const second = await get('/orgs/acme/repos?type=public&per_page=3&page=2');
    expect(((await second.json()) as { name: string }[]).map((r) => r.name)).toEqual(['page-1', 'page-2']);
    expect(second.headers.get('link')).not.toContain('rel="next"');

    const etag = first.headers.get('etag') ?? '';
    const again = await get('/orgs/acme/repos?type=public&per_page=3', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(fake.requests.at(-1)).toMatchObject({ status: 304, conditional: true });
  });

  it('never lists a private repository, whatever type is asked for', async () => {
    fake.resetRateLimit();
    for (const type of ['all', 'private', 'member', 'sources']) {
      const body = (await (await get(`/orgs/acme/repos?type=${type}&per_page=100`)).json()) as {
        name: string;
      }[];
      expect(body.map((r) => r.name)).not.toContain('secret');
    }
  });

  it("answers a branch's head as a bare SHA with an ETag, 304 until the branch moves", async () => {
    fake.resetRateLimit();
    const sha = { accept: 'application/vnd.github.sha' };
    const first = await get('/repos/acme/open/commits/main', sha);
    const head = await first.text();
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    const etag = first.headers.get('etag') ?? '';
    expect((await get('/repos/acme/open/commits/main', { ...sha, 'if-none-match': etag })).status).toBe(304);
    const moved = fake.commit('acme', 'open');
    const after = await get('/repos/acme/open/commits/main', { ...sha, 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toBe(moved);
    expect((await get('/repos/acme/secret/commits/main', sha)).status).toBe(404);
  });

  it('refuses with 403 and remaining 0 once the limit is spent', async () => {
    fake.resetRateLimit();
    for (let i = 0; i < 6; i++) expect((await get('/repos/acme/open')).status).toBe(200);
    const refused = await get('/repos/acme/open');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('changes visibility and archive state as the owner would', async () => {
    fake.resetRateLimit();
    fake.updateRepo('acme', 'open', { visibility: 'private' });
    const body = (await (await get('/orgs/acme/repos?per_page=100')).json()) as { name: string }[];
    expect(body.map((r) => r.name)).not.toContain('open');
    fake.updateRepo('acme', 'open', { visibility: 'public' });
  });
});
