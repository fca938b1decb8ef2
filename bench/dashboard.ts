import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { AuditStore } from '../src/store/types.js';
import { createWebApp } from '../src/web/app.js';
import { seedDashboard, type SeededRepository } from '../test/support/dashboard-seed.js';
import { benchCrawl, benchSuppliers } from './forum.js';

/**
 * Dashboard and badges at forum scale: 5,000 repositories with 50 audits each (250,000 audits)
 * in SQLite. Page and export times are measured in process (app.request, no sockets); badge
 * throughput over loopback against `npm run serve` in a child process, so the load generator and
 * the server do not share an event loop. The seeded database is kept in bench/out/ and reused.
 *
 * Environment: BENCH_REPOS, BENCH_AUDITS (defaults 5000, 50), BENCH_SECONDS (per load run, 3;
 * eleven runs). The forum part (bench/forum.ts): 500 suppliers × 10 repositories over the same
 * store, and the crawl's API requests per repository per day.
 */
const REPOS = Number(process.env.BENCH_REPOS ?? 5000);
const AUDITS = Number(process.env.BENCH_AUDITS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SEED_VERSION = 2;
const file = path.join(here, 'out', `dashboard-${REPOS}x${AUDITS}-v${SEED_VERSION}.sqlite`);

interface Timing {
  name: string;
  medianMs: number;
  p95Ms: number;
  bytes: number;
}

async function seeded(): Promise<{
  store: AuditStore;
  repositories: SeededRepository[];
  seedSeconds: number | null;
}> {
  mkdirSync(path.dirname(file), { recursive: true });
  let seedSeconds: number | null = null;
  if (!existsSync(file)) {
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    const store = await openSqliteStore(partial);
    const started = performance.now();
    await seedDashboard(store, {
      repositories: REPOS,
      auditsPerRepository: AUDITS,
      onRepository: (i) => {
        if ((i + 1) % 500 === 0) process.stdout.write(`  seeded ${i + 1}/${REPOS} repositories\n`);
      },
    });
    seedSeconds = (performance.now() - started) / 1000;
    await store.close();
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    renameSync(partial, file);
  }
  const store = await openSqliteStore(file);
  // The seed is deterministic, so the names can be listed again without the database.
  const repositories = (
    await store.listRepositories(
      { publicOnly: true },
      { key: 'name', direction: 'asc' },
      { page: 1, size: 500 },
    )
  ).items.map((r) => ({ owner: r.owner, name: r.name }));
  return { store, repositories, seedSeconds };
}

async function time(name: string, run: () => Promise<Response>, iterations: number): Promise<Timing> {
  let bytes = 0;
  for (let i = 0; i < 2; i++) await (await run()).arrayBuffer();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const response = await run();
    const body = await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}`);
    bytes = body.byteLength;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number): number =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { name, medianMs: at(0.5), p95Ms: at(0.95), bytes };
}

async function startServer(env: Record<string, string> = {}): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/web/serve.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `sqlite:${file}`, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Dashboard on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

interface Load {
  name: string;
  rps: number;
  /** Bytes on the wire per response, headers included. */
  bytesPerResponse: number;
  p99Ms: number;
  statuses: string;
}

async function load(name: string, url: string, requests: autocannon.Request[]): Promise<Load> {
  const result = await autocannon({ url, connections: 32, duration: SECONDS, requests });
  const statuses = (['2xx', '3xx', '4xx', '5xx'] as const)
    .filter((k) => result[k] > 0)
    .map((k) => `${k}:${result[k]}`)
    .join(' ');
  if (result.errors > 0 || result['5xx'] > 0)
    throw new Error(`${name}: ${result.errors} errors, ${result['5xx']} 5xx`);
  const bytesPerResponse = result.throughput.total / Math.max(1, result.requests.total);
  return { name, rps: result.requests.average, bytesPerResponse, p99Ms: result.latency.p99, statuses };
}

/** The same badges from a server that asks the store on every request: the store's own cost. */
async function uncached(requests: autocannon.Request[]): Promise<Load> {
  const server = await startServer({ BADGE_LOOKUP_TTL_MS: '0' });
  try {
    await autocannon({ url: server.url, connections: 32, duration: 1, requests });
    return await load('badge SVG, 200, no lookup cache', server.url, requests);
  } finally {
    server.stop();
  }
}

const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(): Promise<void> {
  console.log(
    `Dataset: ${REPOS.toLocaleString('en-GB')} repositories × ${AUDITS} audits (SQLite, ${path.relative(root, file)})`,
  );
  const { store, repositories, seedSeconds } = await seeded();
  if (seedSeconds !== null)
    console.log(`Seeded ${(REPOS * AUDITS).toLocaleString('en-GB')} audits in ${fmt(seedSeconds)} s`);
  console.log(
    `Database size: ${fmt(statSync(file).size / 1e6, 0)} MB; load average ${loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')} on ${cpus().length} CPUs\n`,
  );

  const app = createWebApp(store);
  const sample = repositories[7] ?? repositories[0];
  if (!sample) throw new Error('No repositories seeded');
  const timings = [
    await time('overview, page 1', () => Promise.resolve(app.request('/')), 30),
    await time(
      'overview, filtered + sorted',
      () => Promise.resolve(app.request('/?level=baseline&sort=tcop-6&dir=asc')),
      30,
    ),
    await time('overview, page 80', () => Promise.resolve(app.request('/?page=80')), 30),
    await time(
      'repository page (50 audits)',
      () => Promise.resolve(app.request(`/repos/${sample.owner}/${sample.name}`)),
      30,
    ),
    await time(`export CSV (all ${REPOS})`, () => Promise.resolve(app.request('/?format=csv')), 8),
    await time(`export JSON (all ${REPOS})`, () => Promise.resolve(app.request('/?format=json')), 8),
    await time('export CSV, filtered', () => Promise.resolve(app.request('/?level=baseline&format=csv')), 8),
  ];
  await benchSuppliers(store);
  await store.close();
  await benchCrawl();

  console.log('| render (in process) | median ms | p95 ms | bytes |');
  console.log('|---|---:|---:|---:|');
  for (const t of timings)
    console.log(`| ${t.name} | ${fmt(t.medianMs)} | ${fmt(t.p95Ms)} | ${t.bytes.toLocaleString('en-GB')} |`);
  const overview = timings[0]!;
  const csv = timings[4]!;
  console.log(
    `\nFull CSV export ÷ overview page: ${fmt(csv.medianMs / overview.medianMs, 2)}× the time for ${fmt(csv.bytes / overview.bytes, 1)}× the bytes\n`,
  );

  const server = await startServer();
  try {
    const badgePaths = repositories.slice(0, 200).map((r) => `/badges/${r.owner}/${r.name}.svg`);
    const etags = new Map<string, string>();
    for (const p of badgePaths) etags.set(p, (await fetch(`${server.url}${p}`)).headers.get('etag') ?? '');
    // Warm the server's JIT and statement cache so the first measured run is not penalised.
    await autocannon({
      url: server.url,
      connections: 32,
      duration: 1,
      requests: badgePaths.map((p) => ({ path: p, method: 'GET' })),
    });
    const svg200 = badgePaths.map((p) => ({ path: p, method: 'GET' as const }));
    const svg304 = badgePaths.map((p) => ({
      path: p,
      method: 'GET' as const,
      headers: { 'if-none-match': etags.get(p) ?? '' },
    }));
    // 200 and 304 alternate over three rounds and report their medians: on a shared machine,
    // back-to-back single runs mostly measure the neighbours.
    const rounds: { ok: Load; revalidated: Load }[] = [];
    for (let round = 0; round < 3; round++) {
      rounds.push({
        ok: await load('badge SVG, 200 (200 repos)', server.url, svg200),
        revalidated: await load('badge SVG, 304 revalidation', server.url, svg304),
      });
    }
    const median = (runs: Load[]): Load =>
      [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)] ?? runs[0]!;
    const loads = [
      await load('static stylesheet (no store)', server.url, [
        { path: '/assets/dashboard.css', method: 'GET' },
      ]),
      median(rounds.map((r) => r.ok)),
      median(rounds.map((r) => r.revalidated)),
      await load(
        'badge JSON, 200',
        server.url,
        badgePaths.map((p) => ({ path: p.replace(/\.svg$/, '.json'), method: 'GET' })),
      ),
      await load(
        'badge SVG, one criterion',
        server.url,
        badgePaths.map((p) => ({ path: `${p}?criterion=tcop-6`, method: 'GET' })),
      ),
      await load('badge, unknown repo (404)', server.url, [
        { path: '/badges/nobody/nothing.svg', method: 'GET' },
      ]),
      await uncached(svg200),
    ];
    console.log(
      `| loopback, 32 connections, ${SECONDS} s each | req/s | p99 ms | bytes/response | responses |`,
    );
    console.log('|---|---:|---:|---:|---|');
    for (const l of loads) {
      console.log(
        `| ${l.name} | ${fmt(l.rps, 0)} | ${l.p99Ms} | ${fmt(l.bytesPerResponse, 0)} | ${l.statuses} |`,
      );
    }
    const [staticRoute, ok, revalidated] = loads;
    const noCache = loads[loads.length - 1];
    console.log(
      `\n200 rounds (req/s): ${rounds.map((r) => fmt(r.ok.rps, 0)).join(', ')}; 304 rounds: ${rounds.map((r) => fmt(r.revalidated.rps, 0)).join(', ')}`,
    );
    console.log(
      `ETag 304 ÷ 200: ${fmt(revalidated!.rps / ok!.rps, 2)}× the requests per second (median of 3 alternating rounds), ${fmt(revalidated!.bytesPerResponse / ok!.bytesPerResponse, 2)}× the bytes`,
    );
    console.log(
      `Badge 200 ÷ static route: ${fmt(ok!.rps / staticRoute!.rps, 2)}× (what the level lookup costs)`,
    );
    console.log(
      `Badge 200 without ÷ with the 1 s lookup cache: ${fmt(noCache!.rps / ok!.rps, 2)}× (every request a SQLite query)`,
    );
    const floor = Math.min(ok!.rps, noCache!.rps);
    console.log(
      `Target ≥ 5,000 badge req/s: ${floor >= 5000 ? 'met' : 'NOT met'} (${fmt(floor, 0)} at worst)`,
    );
  } finally {
    server.stop();
  }
}
