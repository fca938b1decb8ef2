import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../checks/index.js';
import licenceFile from '../checks/licence-file.js';
import readme from '../checks/readme.js';
import type { AnyCheck } from '../src/engine/check.js';
import { UnthrottledOctokit } from '../src/app/octokit.js';
import { startApp } from '../src/app/server.js';
import {
  FakeGitHub,
  generateRepoFiles,
  sendWebhook,
  type RecordedRequest,
} from '../src/devtools/fake-github.js';
import { audit } from '../src/engine/run.js';
import { globMatcher } from '../src/snapshot/local.js';
import type { FileContent, SnapshotData, SnapshotRequest, SnapshotSource } from '../src/snapshot/types.js';

/**
 * The App end to end against the loopback fake GitHub: API requests per audit and
 * push-to-check-runs latency for repositories of 10, 1,000 and 100,000 files. Peers in the same
 * process: the engine alone on the same files in memory (what the App adds), and the request
 * count of a naive client that reads each wanted file through the contents API.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [10, 1_000, 100_000];
const SECRET = 'bench-webhook-secret';

/** The engine's peer: the same files served from memory, no HTTP at all. */
class InMemorySource implements SnapshotSource {
  readonly target = { kind: 'github' as const, owner: 'bench', repo: 'memory' };
  constructor(private readonly files: Map<string, Buffer>) {}
  async loadConfig(): Promise<Record<string, never>> {
    return {};
  }
  async load(request: SnapshotRequest): Promise<SnapshotData> {
    const wanted = globMatcher(request.wants);
    const contents: Record<string, FileContent> = {};
    const files = [...this.files.entries()].map(([p, b]) => {
      if (wanted(p)) contents[p] = { kind: 'text', text: b.toString('utf8') };
      return { path: p, size: b.length };
    });
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return {
      target: this.target,
      commit: 'f'.repeat(40),
      now: request.now.toISOString(),
      files,
      contents,
      facts: {},
      complete: true,
    };
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function classify(requests: readonly RecordedRequest[]): {
  reads: number;
  tree: number;
  graphql: number;
  writes: number;
  token: number;
} {
  const token = requests.filter((r) => r.path.endsWith('/access_tokens')).length;
  const tree = requests.filter((r) => r.path.includes('/git/trees/')).length;
  const graphql = requests.filter((r) => r.path === '/graphql').length;
  const writes = requests.filter((r) => r.path.includes('/check-runs') && r.method !== 'GET').length;
  return { reads: requests.length - token - writes, tree, graphql, writes, token };
}

interface Scenario {
  label: string;
  checks: readonly AnyCheck[];
  sizes: readonly number[];
}

export async function run(): Promise<void> {
  const scenarios: Scenario[] = [
    { label: 'full registry', checks: CHECKS, sizes: SIZES },
    // The App's own cost, with checks that read a handful of files whatever the repository's size.
    { label: 'licence-file + readme', checks: [licenceFile, readme], sizes: SIZES },
  ];
  const rows: string[][] = [];
  for (const scenario of scenarios) rows.push(...(await measure(scenario)));
  const header = [
    'checks',
    'files',
    'files read',
    'reads/audit',
    'writes/audit',
    'naive contents-API reads',
    'push→runs p50 ms',
    'p95 ms',
    'engine alone p50 ms',
    'App/engine',
    'runs',
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(
    '\nreads = tree + GraphQL; the installation token is cached for an hour and not counted. ' +
      'writes = 4 check-run creates (in_progress) + 4 completions (+1 per 50 annotations beyond the first 50). ' +
      'GitHub truncates recursive trees over 100,000 entries or 7 MB; the fallback then lists subtrees, one request each. ' +
      'Production pacing (plugin-throttling: one write or GraphQL query per second per installation) adds about 1 s per such request.',
  );
}

async function measure(scenario: Scenario): Promise<string[][]> {
  const fake = new FakeGitHub();
  await fake.start();
  const repos = new Map<number, Map<string, Buffer>>();
  for (const size of scenario.sizes) {
    const files = generateRepoFiles(size);
    repos.set(size, files);
    fake.addRepo({ owner: 'bench', name: `repo-${size}`, files });
  }
  const privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  // Pacing off: on loopback the benchmark measures the App, not plugin-throttling's 1 s between writes.
  const app = await startApp({
    env: {
      APP_ID: '123456',
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      GITHUB_API_URL: fake.url,
      TCOP_STORE: 'off',
      TCOP_REAUDIT_INTERVAL_HOURS: '0',
      LOG_LEVEL: 'silent',
    },
    port: 0,
    Octokit: UnthrottledOctokit,
    settings: { checks: scenario.checks },
  });
  const push = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/webhooks/push.json'), 'utf8')) as Record<
    string,
    unknown
  > & { repository: Record<string, unknown> };

  const rows: string[][] = [];
  try {
    for (const size of scenario.sizes) {
      const name = `repo-${size}`;
      const iterations = size >= 100_000 ? 3 : 21;
      const latencies: number[] = [];
      let counts = classify([]);
      let wanted = 0;
      for (let i = 0; i < iterations; i++) {
        const sha = fake.commit('bench', name);
        fake.resetLog();
        const started = performance.now();
        const response = await sendWebhook(`${app.url}/api/github/webhooks`, {
          event: 'push',
          secret: SECRET,
          payload: {
            ...push,
            after: sha,
            repository: { ...push.repository, name, full_name: `bench/${name}`, owner: { login: 'bench' } },
          },
        });
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
        await fake.waitForCheckRuns(sha, 4, 120_000);
        const elapsed = performance.now() - started;
        await app.handle.queue.idle();
        // The first run pays for the installation token and cold caches: not counted.
        if (i === 0) continue;
        latencies.push(elapsed);
        counts = classify(fake.requests);
        wanted = fake.requests
          .map((r) => (r.path === '/graphql' ? ((r.body as { query?: string }).query ?? '') : ''))
          .filter((q) => q.includes('query TcopBlobs'))
          .reduce((n, q) => n + (q.match(/object\(expression:/g) ?? []).length, 0);
      }

      const engine: number[] = [];
      for (let i = 0; i < Math.max(3, Math.min(iterations, 10)); i++) {
        const started = performance.now();
        await audit(new InMemorySource(repos.get(size) as Map<string, Buffer>), { checks: scenario.checks });
        engine.push(performance.now() - started);
      }
      const p50 = percentile(latencies, 50);
      const engineP50 = percentile(engine, 50);
      const naiveReads = 1 + 1 + wanted;
      rows.push([
        scenario.label,
        size.toLocaleString('en-GB'),
        String(wanted),
        `${counts.reads} (${counts.tree} tree, ${counts.graphql} GraphQL)`,
        String(counts.writes),
        `${naiveReads} (${(naiveReads / Math.max(1, counts.reads)).toFixed(1)}×)`,
        p50.toFixed(1),
        percentile(latencies, 95).toFixed(1),
        engineP50.toFixed(1),
        `${(p50 / Math.max(0.01, engineP50)).toFixed(1)}×`,
        String(latencies.length),
      ]);
    }
  } finally {
    await app.close();
    await fake.stop();
  }

  return rows;
}
