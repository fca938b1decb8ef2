import { generateRepoFiles, FakeGitHub } from '../src/devtools/fake-github.js';
import type { ForumConfig, Supplier } from '../src/forum/config.js';
import { crawl, emptyCrawlState, RateBudget } from '../src/forum/crawl.js';
import { crawlClients } from '../src/forum/github.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { AuditStore } from '../src/store/types.js';
import { createWebApp } from '../src/web/app.js';

/**
 * The forum's side of `npm run bench -- dashboard`: 500 suppliers × 10 repositories over the
 * dashboard's seeded store (supplier overview, supplier page and feeds, with the 30 s summary
 * cache and without it), and the crawl's API requests per repository per day over the loopback
 * fake GitHub, with nothing changed and with every repository pushed to.
 *
 * Environment: BENCH_SUPPLIERS (500), BENCH_SUPPLIER_REPOS (10), BENCH_CRAWL_REPOS (40).
 */
const SUPPLIERS = Number(process.env.BENCH_SUPPLIERS ?? 500);
const PER_SUPPLIER = Number(process.env.BENCH_SUPPLIER_REPOS ?? 10);
const CRAWL_REPOS = Number(process.env.BENCH_CRAWL_REPOS ?? 40);

const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function median(
  run: () => Promise<Response>,
  iterations: number,
): Promise<{ ms: number; bytes: number }> {
  for (let i = 0; i < 2; i++) await (await run()).arrayBuffer();
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const response = await run();
    const body = await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    bytes = body.byteLength;
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)] ?? NaN, bytes };
}

export async function benchSuppliers(store: AuditStore): Promise<void> {
  const all = await store.listAllRepositories({ publicOnly: true }, { key: 'name', direction: 'asc' });
  const suppliers: Supplier[] = [];
  for (let i = 0; i < SUPPLIERS; i++) {
    const own = all.slice(i * PER_SUPPLIER, (i + 1) * PER_SUPPLIER);
    if (own.length === 0) break;
    suppliers.push({
      id: `supplier-${i}`,
      name: `Supplier ${i}`,
      organisations: [],
      repositories: own.map((r) => `${r.owner}/${r.name}`),
      signed: i % 3 === 0 ? ['techuk-interoperability-charter'] : ['wepledge'],
    });
  }
  const forum: ForumConfig = {
    version: 1,
    name: 'Bench forum',
    crawl: { rateLimitShare: 0.5, everyHours: 24 },
    suppliers,
  };
  const uncached = createWebApp(store, { forum: { config: forum }, forumCacheTtlMs: 0 });
  const cached = createWebApp(store, { forum: { config: forum } });
  const rows: [string, { ms: number; bytes: number }][] = [
    [
      'suppliers overview, summaries computed',
      await median(() => Promise.resolve(uncached.request('/suppliers')), 8),
    ],
    [
      'suppliers overview, summaries cached',
      await median(() => Promise.resolve(cached.request('/suppliers')), 20),
    ],
    [
      'suppliers export JSON, cached',
      await median(() => Promise.resolve(cached.request('/suppliers?format=json')), 10),
    ],
    [
      'supplier page, summaries computed',
      await median(() => Promise.resolve(uncached.request('/suppliers/supplier-7')), 8),
    ],
    [
      'supplier page, summaries cached',
      await median(() => Promise.resolve(cached.request('/suppliers/supplier-7')), 20),
    ],
    [
      'supplier feed (10 histories), uncached',
      await median(() => Promise.resolve(uncached.request('/suppliers/supplier-7/feed.atom')), 8),
    ],
    [
      'forum feed (50 histories), uncached',
      await median(() => Promise.resolve(uncached.request('/feed.atom')), 5),
    ],
  ];
  console.log(
    `\n${suppliers.length} suppliers × ${PER_SUPPLIER} repositories (${suppliers.length * PER_SUPPLIER} repositories)\n`,
  );
  console.log('| forum page (in process) | median ms | bytes |');
  console.log('|---|---:|---:|');
  for (const [name, t] of rows)
    console.log(`| ${name} | ${fmt(t.ms)} | ${t.bytes.toLocaleString('en-GB')} |`);
}

export async function benchCrawl(): Promise<void> {
  const fake = new FakeGitHub({ contract: false });
  const url = await fake.start();
  const store = await openSqliteStore(':memory:');
  try {
    const files = generateRepoFiles(20);
    const orgs = Math.max(1, Math.ceil(CRAWL_REPOS / 10));
    for (let i = 0; i < CRAWL_REPOS; i++)
      fake.addRepo({
        owner: `supplier-org-${i % orgs}`,
        name: `service-${i}`,
        files,
        installationId: 7_000_000,
      });
    // Private and archived ones beside them, which the crawl must not audit.
    for (let o = 0; o < orgs; o++) {
      fake.addRepo({
        owner: `supplier-org-${o}`,
        name: 'private-one',
        files,
        visibility: 'private',
        installationId: 7_000_000,
      });
      fake.addRepo({
        owner: `supplier-org-${o}`,
        name: 'archived-one',
        files,
        archived: true,
        installationId: 7_000_000,
      });
    }
    const forum: ForumConfig = {
      version: 1,
      name: 'Bench forum',
      crawl: { rateLimitShare: 0.5, everyHours: 24 },
      suppliers: Array.from({ length: orgs }, (_, o) => ({
        id: `s${o}`,
        name: `Supplier ${o}`,
        organisations: [{ name: `supplier-org-${o}` }],
        repositories: [],
        signed: [],
      })),
    };
    const { CHECKS } = await import('../checks/index.js');
    const state = emptyCrawlState();
    const once = async (label: string) => {
      const budget = new RateBudget(forum.crawl.rateLimitShare);
      const { http, client } = crawlClients({ token: 'ghp_bench_forum', baseUrl: url, budget });
      const mark = fake.requests.length;
      const started = performance.now();
      const result = await crawl({ forum, http, client, store, checks: CHECKS, state, budget });
      const seconds = (performance.now() - started) / 1000;
      const made = fake.requests.slice(mark);
      const charged = made.filter((r) => r.status !== 304).length;
      return { label, audited: result.audited.length, total: made.length, charged, seconds };
    };
    const rows = [await once('first crawl (every repository new)'), await once('nothing changed')];
    for (let i = 0; i < CRAWL_REPOS; i++) fake.commit(`supplier-org-${i % orgs}`, `service-${i}`);
    rows.push(await once('every repository pushed to'));
    const perDay = 24 / forum.crawl.everyHours;
    console.log(
      `\nCrawl over the loopback fake GitHub: ${CRAWL_REPOS} public repositories in ${orgs} organisations (plus ${orgs} private and ${orgs} archived), one crawl a day\n`,
    );
    console.log(
      '| crawl | audited | requests | charged to the rate limit | requests per repository per day | charged per repository per day | seconds |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.label} | ${r.audited} | ${r.total} | ${r.charged} | ${fmt((r.total / CRAWL_REPOS) * perDay, 2)} | ${fmt((r.charged / CRAWL_REPOS) * perDay, 2)} | ${fmt(r.seconds)} |`,
      );
  } finally {
    await store.close();
    await fake.stop();
  }
}
