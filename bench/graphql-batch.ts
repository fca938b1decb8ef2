import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { CHECKS } from '../checks/index.js';
import { FakeGitHub, generateRepoFiles } from '../src/devtools/fake-github.js';
import { ALIASES_PER_QUERY, chunksOf, readBlobs } from '../src/snapshot/github/blobs.js';
import type { GitHubClient, RepoContext } from '../src/snapshot/github/client.js';
import { globMatcher } from '../src/snapshot/local.js';
import type { FileEntry } from '../src/snapshot/types.js';

/**
 * What one GraphQL blob batch costs, by aliases per query, on the loopback fake (GitHub's real
 * schema): the wanted files of this repository's own tree and of a generated 5,000-file
 * repository, read with every check's `wants`. Per batch size: queries, the largest query's
 * text (what GitHub must assemble within its 10-second limit), the slowest query's time and
 * the whole read's time, medians of 5 runs. The default batch is the one that reads a typical
 * repository in one query while keeping the slowest query's text modest.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BATCHES = [50, 100, 250, 500, 1000];
const RUNS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function ownTree(): Map<string, Buffer> {
  const paths = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const files = new Map<string, Buffer>();
  for (const p of paths) {
    try {
      files.set(p, readFileSync(path.join(ROOT, p)));
    } catch {
      // a file deleted in the work tree
    }
  }
  return files;
}

export async function run(): Promise<void> {
  const fake = new FakeGitHub({ contract: false, rateLimit: 1_000_000 });
  await fake.start();
  const wanted = globMatcher([...new Set(CHECKS.flatMap((c) => c.meta.wants))]);
  const repos = [
    { name: 'tcop-audit (own tree)', files: ownTree() },
    { name: 'generated 5,000 files', files: generateRepoFiles(5_000) },
  ];
  const client = new Octokit({ auth: 'bench', baseUrl: fake.url }) as unknown as GitHubClient;
  console.log(`Default now: ${ALIASES_PER_QUERY} aliases per query.\n`);
  console.log(
    '| repository | wanted files | aliases per query | queries | largest query text | slowest query ms | read ms |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [i, repo] of repos.entries()) {
    const name = `bench-${i}`;
    const commit = fake.addRepo({ owner: 'bench', name, files: repo.files });
    const entries: FileEntry[] = [...repo.files]
      .filter(([p, b]) => wanted(p) && b.length <= 1024 * 1024)
      .map(([p, b]) => ({ path: p, size: b.length }));
    for (const batch of BATCHES) {
      const largest = Math.max(
        ...chunksOf(entries, batch).map((c) => c.reduce((sum, e) => sum + Math.min(e.size, 512_000), 0)),
      );
      const totals: number[] = [];
      const slowest: number[] = [];
      let queries = 0;
      for (let r = 0; r < RUNS; r++) {
        const ctx: RepoContext = {
          client,
          owner: 'bench',
          repo: name,
          requests: { graphql: 0, rest: 0 },
          concurrency: 1,
        };
        const times: number[] = [];
        const timed: GitHubClient = {
          request: client.request.bind(client),
          graphql: async (q, v) => {
            const t = performance.now();
            try {
              return await client.graphql(q, v);
            } finally {
              times.push(performance.now() - t);
            }
          },
        };
        ctx.client = timed;
        const t = performance.now();
        await readBlobs(ctx, entries, commit, batch);
        totals.push(performance.now() - t);
        slowest.push(Math.max(...times));
        queries = ctx.requests.graphql;
      }
      console.log(
        `| ${repo.name} | ${entries.length.toLocaleString('en-GB')} | ${batch} | ${queries} | ${(largest / 1024).toFixed(0)} kB | ${median(slowest).toFixed(0)} | ${median(totals).toFixed(0)} |`,
      );
    }
  }
  await fake.stop();
}
