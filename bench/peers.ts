import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../checks/index.js';
import { corpusDir, corpusList, folderOf } from '../scripts/corpus-list.js';

/**
 * tcop-audit against the tools people would pick instead, over the real-repository corpus (the
 * repositories of bench/corpus-repos.json checked out under TCOP_CORPUS_DIR), in one run:
 *  - repolinter with its default ruleset, installed from npm into a temp folder for the run;
 *  - licensee's `licensee detect` (licence only), Debian's ruby-licensee, when it is on the PATH.
 * Each repository is audited by every tool in turn (paired), once; the table gives total wall times
 * and each peer's total over tcop-audit's doing the same job: repolinter's against every check, and
 * licensee's against the licence checks alone (a config turning the others off, so the audit reads
 * only the files those want). Targets: repolinter ≥ 10×, licensee ≥ 2×.
 * A peer that cannot be installed is skipped with the reason.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/tcop-audit.js');
/** The corpus bench's own minimum: fewer repositories say little about real trees. */
const MIN_REPOSITORIES = 20;
/** A peer that hangs on one repository must not hang the bench. */
const TIMEOUT_MS = 300_000;

interface Tool {
  name: string;
  command: (repo: string) => { file: string; args: string[] };
}

interface Peer extends Tool {
  target: number;
  /** The tcop-audit row it is compared with: the one doing the same job. */
  against: 'all' | 'licence';
}

/** Wall time of one run; exit codes 0 and 1 both mean "ran" (1 is a failed audit or lint). */
function timed(file: string, args: readonly string[]): { ms: number; error?: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) return { ms, error: result.error.message };
  if (result.status !== 0 && result.status !== 1)
    return { ms, error: `exit ${result.status ?? result.signal}: ${result.stderr.toString().slice(0, 200)}` };
  return { ms };
}

async function installRepolinter(dir: string): Promise<Peer | string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(
    npm,
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir, 'repolinter'],
    { encoding: 'utf8', timeout: 600_000 },
  );
  const bin = path.join(dir, 'node_modules/.bin/repolinter');
  if (install.status !== 0 || !existsSync(bin))
    return `npm install repolinter failed: ${(install.stderr || install.error?.message || '').slice(0, 300)}`;
  return {
    name: 'repolinter lint (default ruleset)',
    target: 10,
    against: 'all',
    command: (repo) => ({ file: bin, args: ['lint', repo] }),
  };
}

function findLicensee(): Peer | string {
  const probe = spawnSync('licensee', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return 'licensee is not on the PATH (Debian: apt-get install ruby-licensee; or gem install licensee)';
  return {
    name: `licensee detect ${probe.stdout.trim()}`,
    target: 2,
    against: 'licence',
    command: (repo) => ({ file: 'licensee', args: ['detect', repo] }),
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function run(): Promise<void> {
  spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  const dir = corpusDir();
  const repos = corpusList()
    .repositories.map((r) => ({ repo: r.repo, root: path.join(dir, folderOf(r.repo)) }))
    .filter((r) => statSync(r.root, { throwIfNoEntry: false })?.isDirectory());
  if (repos.length < MIN_REPOSITORIES) {
    console.log(
      `skipped: ${repos.length} corpus repositories under ${dir}, at least ${MIN_REPOSITORIES} needed ` +
        '(npm run corpus:extract, or set TCOP_CORPUS_DIR)',
    );
    return;
  }

  const temp = await mkdtemp(path.join(os.tmpdir(), 'tcop-bench-peers-'));
  try {
    const peers: Peer[] = [];
    for (const found of [await installRepolinter(temp), findLicensee()]) {
      if (typeof found === 'string') console.log(`peer skipped: ${found}`);
      else peers.push(found);
    }
    const load = os.loadavg()[0]?.toFixed(1);
    console.log(`${repos.length} repositories from ${dir}; load average ${load} at the start\n`);

    const licenceOnly = path.join(temp, 'licence-only.yml');
    const others = CHECKS.map((c) => c.meta.id).filter((id) => !id.startsWith('licence-'));
    await writeFile(licenceOnly, `checks:\n${others.map((id) => `  ${id}: off\n`).join('')}`);
    const ours: Record<Peer['against'], Tool> = {
      all: {
        name: 'tcop-audit (all checks)',
        command: (repo) => ({ file: process.execPath, args: [BIN, '--format', 'json', repo] }),
      },
      licence: {
        name: 'tcop-audit (licence checks only)',
        command: (repo) => ({
          file: process.execPath,
          args: [BIN, '--format', 'json', '--config', licenceOnly, repo],
        }),
      },
    };
    const tools: Tool[] = [ours.all, ours.licence, ...peers];
    // One warm-up, so the first repository does not pay for a cold disk cache alone.
    for (const tool of tools) {
      const { file, args } = tool.command(repos[0]!.root);
      timed(file, args);
    }
    const totals = tools.map(() => 0);
    const failures: string[] = [];
    const rows: string[] = [];
    for (const { repo, root } of repos) {
      const times = tools.map((tool, i) => {
        const { file, args } = tool.command(root);
        const { ms, error } = timed(file, args);
        if (error) failures.push(`${tool.name} on ${repo}: ${error}`);
        totals[i]! += ms;
        return ms;
      });
      rows.push(`| ${repo} | ${times.map(seconds).join(' | ')} |`);
    }

    console.log(`| repository | ${tools.map((t) => t.name).join(' | ')} |`);
    console.log(`|---|${tools.map(() => '---:').join('|')}|`);
    for (const row of rows) console.log(row);
    console.log(`| **total** | ${totals.map(seconds).join(' | ')} |`);

    const totalOf = (tool: Tool): number => totals[tools.indexOf(tool)]!;
    console.log('\n| peer | total | tcop-audit, same job | its total | peer ÷ tcop-audit | target |');
    console.log('|---|---:|---|---:|---:|---:|');
    for (const peer of peers) {
      const mine = ours[peer.against];
      const ratio = totalOf(peer) / totalOf(mine);
      console.log(
        `| ${peer.name} | ${seconds(totalOf(peer))} | ${mine.name} | ${seconds(totalOf(mine))} | ${ratio.toFixed(2)}× | ≥ ${peer.target}× ${ratio >= peer.target ? 'met' : 'NOT MET'} |`,
      );
    }
    console.log(`\nload average ${os.loadavg()[0]?.toFixed(1)} at the end`);
    for (const f of failures) console.log(`did not finish: ${f}`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
