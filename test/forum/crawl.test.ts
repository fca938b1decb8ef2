import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { FakeGitHub, generateRepoFiles } from '../../src/devtools/fake-github.js';
import { parseForumConfig, type ForumConfig } from '../../src/forum/config.js';
import { crawl, emptyCrawlState, RateBudget, type CrawlState } from '../../src/forum/crawl.js';
import { crawlClients } from '../../src/forum/github.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AuditStore } from '../../src/store/types.js';
import { deliverEvents, SIGNATURE_HEADER, verifySignature } from '../../src/forum/webhook.js';
import { createWebApp } from '../../src/web/app.js';
import { holdToContract } from '../support/contract.js';

/**
 * The forum's crawl over the loopback fake GitHub: five suppliers' organisations with public,
 * private and archived repositories. It audits exactly the public, unarchived ones a supplier
 * selects; a second crawl with nothing changed makes only conditional requests, all answered 304;
 * private repositories never reach the store.
 */
const files = generateRepoFiles(4);
const PUBLIC_AUDITED = [
  'acme/portal',
  'acme/records-api',
  'bravo-group/bravo-app',
  'charlie/charlie-web',
  'delta-records/patient-api',
  'echo-clinical/echo-forms',
  'shared-code/charlie-toolkit',
].sort();

function seed(fake: FakeGitHub): void {
  const add = (
    owner: string,
    name: string,
    extra: Parameters<FakeGitHub['addRepo']>[0] extends infer T ? Partial<T> : never = {},
  ) => fake.addRepo({ owner, name, files, installationId: 9_000_000 + owner.length, ...extra });
  add('acme', 'portal');
  add('acme', 'records-api');
  add('acme', 'secret-roadmap', { visibility: 'private' });
  add('acme', 'old-portal', { archived: true });
  add('bravo-group', 'bravo-app', { customProperties: { supplier: 'bravo' } });
  add('bravo-group', 'other-app', { customProperties: { supplier: 'foxtrot' } });
  add('bravo-group', 'bravo-internal', { visibility: 'private', customProperties: { supplier: 'bravo' } });
  add('charlie', 'charlie-web');
  add('charlie', 'charlie-private', { visibility: 'private' });
  add('shared-code', 'charlie-toolkit');
  add('shared-code', 'unrelated');
  add('delta-records', 'patient-api');
  add('delta-records', 'forms', { visibility: 'private' });
  add('echo-clinical', 'echo-forms');
  add('echo-clinical', 'echo-legacy', { archived: true });
}

describe('tcop-audit crawl over the fake GitHub', () => {
  const fake = new FakeGitHub();
  holdToContract(() => fake);
  let forum: ForumConfig;
  let store: AuditStore;
  let state: CrawlState;
  let url = '';
  // Each crawl an hour after the last, as on a schedule: audits are ordered by their time.
  let crawls = 0;

  // One forum crawled in order: each test starts from the state the previous one left.
  beforeAll(async () => {
    url = await fake.start();
    seed(fake);
    forum = parseForumConfig(
      await readFile(new URL('../../fixtures/forum/forum.yml', import.meta.url), 'utf8'),
    );
    store = await openSqliteStore(':memory:');
    state = emptyCrawlState();
  });
  afterAll(async () => {
    await store.close();
    await fake.stop();
  });
  beforeEach(() => fake.resetRateLimit());

  const run = (budget = new RateBudget(forum.crawl.rateLimitShare)) => {
    const { http, client } = crawlClients({ token: 'ghp_forum_token', baseUrl: url, budget });
    return crawl({
      forum,
      http,
      client,
      store,
      checks: CHECKS,
      state,
      budget,
      now: new Date(Date.parse('2026-12-01T00:00:00Z') + crawls++ * 3_600_000),
    });
  };

  it('audits exactly the public, unarchived repositories the suppliers select; the second crawl is all 304s', async () => {
    const first = await run();
    expect(first.failed).toEqual([]);
    expect([...first.audited].sort()).toEqual(PUBLIC_AUDITED);
    expect(first.skipped).toEqual(
      expect.arrayContaining([
        { repository: 'acme/old-portal', reason: 'archived' },
        { repository: 'echo-clinical/echo-legacy', reason: 'archived' },
        { repository: 'bravo-group/other-app', reason: 'filtered' },
        { repository: 'delta-records/forms', reason: 'not-public' },
      ]),
    );
    const stored = await store.listAllRepositories(
      { publicOnly: false, includeArchived: true },
      { key: 'name', direction: 'asc' },
    );
    expect(stored.map((r) => `${r.owner}/${r.name}`).sort()).toEqual(PUBLIC_AUDITED);
    const latest = await store.latestAudit('acme', 'portal', { publicOnly: true });
    expect(latest?.trigger).toBe('crawl');
    expect(state.members['bravo-group?supplier=bravo']).toEqual(['bravo-group/bravo-app']);

    const mark = fake.requests.length;
    const second = await run();
    const made = fake.requests.slice(mark);
    expect(second.audited).toEqual([]);
    expect(second.failed).toEqual([]);
    // 5 organisation listings, 2 repositories named one by one, 7 branch heads.
    expect(made).toHaveLength(14);
    expect(second.requests).toEqual({ total: 14, notModified: 14 });
    expect(made.every((r) => r.conditional === true && r.status === 304)).toBe(true);
    expect(made.some((r) => r.graphqlOperation !== undefined)).toBe(false);
  });

  it('audits again only the repository whose default branch moved', async () => {
    fake.commit('acme', 'portal', new Map([...files, ['CHANGELOG.md', Buffer.from('# Changes\n')]]));
    const again = await run();
    expect(again.audited).toEqual(['acme/portal']);
    expect((await store.history('acme', 'portal', { limit: 10, publicOnly: true })).length).toBe(2);
  });

  it('posts the events it found to the webhook, signed, and they are the events the feeds show', async () => {
    const withoutLicence = new Map(files);
    withoutLicence.delete('LICENSE');
    fake.commit('acme', 'records-api', withoutLicence);
    const result = await run();
    expect(result.audited).toEqual(['acme/records-api']);
    const titles = result.events.map((e) => e.title);
    // The generated repository was below baseline already: the change is the two licence checks.
    expect(titles.sort()).toEqual([
      'acme/records-api: check licence-file now fails',
      'acme/records-api: check licence-osi-approved now fails',
    ]);

    const received: { body: string; signature: string | undefined }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers[SIGNATURE_HEADER] as string,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const secret = 'forum-webhook-secret';
      await deliverEvents({
        url: `http://127.0.0.1:${port}/hook`,
        secret,
        forum: forum.name,
        events: result.events,
      });
      expect(received).toHaveLength(1);
      const [delivery] = received as [{ body: string; signature: string }];
      expect(verifySignature(delivery.body, secret, delivery.signature)).toBe(true);
      expect(verifySignature(delivery.body, 'another secret', delivery.signature)).toBe(false);
      const sent = (JSON.parse(delivery.body) as { events: { id: string; title: string }[] }).events;

      const app = createWebApp(store, {
        forum: { config: forum, members: state.members },
        forumCacheTtlMs: 0,
      });
      const feed = await (await app.request('http://dashboard.test/repos/acme/records-api/feed.atom')).text();
      const inFeed = [
        ...feed.matchAll(/<entry>\s*<id>([^<]+)<\/id>\s*<title type="text">([^<]+)<\/title>/g),
      ].map((m) => `${m[1]} ${m[2]}`);
      expect(inFeed.sort()).toEqual(sent.map((e) => `${e.id} ${e.title}`).sort());
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never stores a private repository, and a repository made private is not audited again', async () => {
    fake.updateRepo('charlie', 'charlie-web', { visibility: 'private' });
    fake.commit('charlie', 'charlie-web');
    const again = await run();
    expect(again.audited).not.toContain('charlie/charlie-web');
    const names = fake.requests.map((r) => r.path);
    for (const secret of ['secret-roadmap', 'bravo-internal', 'charlie-private'])
      expect(names.some((p) => p.includes(secret))).toBe(false);
    for (const secret of [
      'acme/secret-roadmap',
      'bravo-group/bravo-internal',
      'charlie/charlie-private',
      'delta-records/forms',
    ]) {
      const [owner = '', name = ''] = secret.split('/');
      expect(await store.getRepository(owner, name, { publicOnly: false })).toBeUndefined();
    }
    fake.updateRepo('charlie', 'charlie-web', { visibility: 'public' });
  });

  it('shows what the forum token could not see as unavailable, never as a failure', async () => {
    const audit = await store.latestAudit('acme', 'portal', { publicOnly: true });
    const unseen = audit?.report.checks.filter((c) => c.unavailableFacts?.length) ?? [];
    expect(unseen.length).toBeGreaterThan(0);
    for (const check of unseen) {
      expect(check.status).not.toBe('fail');
      expect(check.unavailableFacts?.map((f) => f.reason)).toEqual(
        check.unavailableFacts?.map(() => 'no-permission'),
      );
    }
  });

  it('keeps within its share of the rate limit, pausing until the reset', async () => {
    const limit = 30;
    const small = new FakeGitHub({ rateLimit: limit });
    const smallUrl = await small.start();
    const own = await openSqliteStore(':memory:');
    try {
      seed(small);
      const acme = {
        ...forum,
        suppliers: forum.suppliers.filter((s) => s.id === 'acme' || s.id === 'charlie'),
      };
      // Requests charged in each window (a 304 is free), by resource, counted when the crawl pauses.
      const charged: number[] = [];
      let windowStart = 0;
      const countWindow = (): void => {
        const made = small.requests.slice(windowStart).filter((r) => r.status !== 304);
        charged.push(
          made.filter((r) => r.path !== '/graphql').length,
          made.filter((r) => r.path === '/graphql').length,
        );
        windowStart = small.requests.length;
      };
      const budget = new RateBudget(0.5, async (ms) => {
        expect(ms).toBeGreaterThan(0);
        expect(ms).toBeLessThanOrEqual(3601_000);
        countWindow();
        small.resetRateLimit();
      });
      const { http, client } = crawlClients({ token: 'ghp_forum_token', baseUrl: smallUrl, budget });
      const result = await crawl({
        forum: acme,
        http,
        client,
        store: own,
        checks: CHECKS,
        state: emptyCrawlState(),
        budget,
      });
      countWindow();
      expect(result.failed).toEqual([]);
      expect([...result.audited].sort()).toEqual([
        'acme/portal',
        'acme/records-api',
        'charlie/charlie-web',
        'shared-code/charlie-toolkit',
      ]);
      expect(result.pauses).toBeGreaterThan(0);
      expect(Math.max(...charged)).toBeLessThanOrEqual(limit / 2);
      expect(small.requests.some((r) => r.status === 403)).toBe(false);
    } finally {
      await own.close();
      await small.stop();
    }
  });
});
