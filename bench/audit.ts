import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Whole-CLI audit time and peak memory, run as a child process the way people run it, on:
 *  - a generated tree of 100,000 files (a plain directory, then the same tree as a git repository),
 *  - this repository.
 * Each is compared with the cheapest possible listing of the same tree (`find`, `git ls-files`) as a
 * floor, so the ratio says what the audit costs over merely knowing which files exist.
 * Target: < 2 s and < 250 MB RSS for 100,000 files.
 */

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/tcop-audit.js');
const FILES = Number(process.env.BENCH_FILES ?? 100_000);
const TIME = '/usr/bin/time';

interface Measurement {
  seconds: number;
  /** User plus system CPU time of the process and the children it waited for (git): what a loaded machine does not inflate as it does wall time. */
  cpuSeconds: number | undefined;
  maxRssMb: number | undefined;
  exitCode: number;
}

/** Runs a command, measuring wall time and (with GNU time) CPU time and peak resident memory of the process tree's largest. */
async function measure(command: string, args: string[], cwd = ROOT): Promise<Measurement> {
  const withTime = existsSync(TIME);
  const statsFile = path.join(os.tmpdir(), `tcop-bench-time-${process.pid}.txt`);
  const argv = withTime ? ['-f', '%M %U %S', '-o', statsFile, command, ...args] : args;
  const started = process.hrtime.bigint();
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(withTime ? TIME : command, argv, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let maxRssMb: number | undefined;
  let cpuSeconds: number | undefined;
  if (withTime) {
    const [kb, user, system] = ((await readFile(statsFile, 'utf8')).trim().split('\n').at(-1) ?? '')
      .split(' ')
      .map(Number);
    maxRssMb = Number.isFinite(kb) ? (kb as number) / 1024 : undefined;
    const cpu = (user ?? NaN) + (system ?? NaN);
    cpuSeconds = Number.isFinite(cpu) ? cpu : undefined;
    await rm(statsFile, { force: true });
  }
  return { seconds, cpuSeconds, maxRssMb, exitCode };
}

/**
 * A tree shaped like a large monorepo: packages with manifests, source, docs, tests, fixtures and a few
 * binaries and large files (listed, not read). Contents are small and varied so secret scanning and
 * parsers have real text to read.
 */
export async function generateTree(root: string, count: number): Promise<void> {
  const perDir = 50;
  const writes: Promise<void>[] = [];
  const flush = async (): Promise<void> => {
    await Promise.all(writes.splice(0));
  };
  await writeFile(path.join(root, 'README.md'), '# Generated monorepo\n\nFor benchmarking tcop-audit.\n');
  await writeFile(path.join(root, '.gitignore'), 'node_modules/\n*.log\n');
  let written = 2;
  for (let d = 0; written < count; d++) {
    const pkg = `packages/pkg-${Math.floor(d / 20)}`;
    const dir = path.join(root, pkg, d % 20 === 0 ? '' : `src/module-${d % 20}`);
    await mkdir(dir, { recursive: true });
    if (d % 20 === 0) {
      writes.push(
        writeFile(
          path.join(dir, 'package.json'),
          JSON.stringify(
            {
              name: `@bench/pkg-${d / 20}`,
              version: '1.0.0',
              license: 'MIT',
              dependencies: { lodash: '^4.17.21' },
            },
            null,
            2,
          ),
        ),
      );
      written++;
    }
    for (let i = 0; i < perDir && written < count; i++, written++) {
      const kind = i % 10;
      const name =
        kind === 0
          ? `notes-${i}.md`
          : kind === 1
            ? `data-${i}.json`
            : kind === 9 && i % 7 === 0
              ? `image-${i}.png`
              : `file-${i}.ts`;
      const body = name.endsWith('.png')
        ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, d & 255, i & 255])
        : name.endsWith('.json')
          ? JSON.stringify({ id: `${d}-${i}`, values: [d, i, d * i] })
          : name.endsWith('.md')
            ? `# Notes ${d}/${i}\n\nSome words about module ${d} and item ${i}.\n`
            : `export const value${i} = ${d * i};\nexport function f${i}(x: number): number {\n  return x + ${i};\n}\n`;
      writes.push(writeFile(path.join(dir, name), body));
    }
    if (writes.length > 2000) await flush();
  }
  await flush();
  // A few large files: listed, not read.
  await writeFile(path.join(root, 'packages/large.csv'), 'a,b,c\n'.repeat(400_000));
}

async function gitInit(root: string): Promise<void> {
  const git = (...args: string[]): Promise<unknown> =>
    exec('git', ['-C', root, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', ...args], {
      maxBuffer: 256 * 1024 * 1024,
    });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'generated');
}

function row(label: string, audit: Measurement, floor: Measurement): string {
  const rss = audit.maxRssMb === undefined ? 'n/a' : audit.maxRssMb.toFixed(0);
  const floorRss = floor.maxRssMb === undefined ? 'n/a' : floor.maxRssMb.toFixed(0);
  const cpu = audit.cpuSeconds === undefined ? 'n/a' : `${audit.cpuSeconds.toFixed(2)} s`;
  return `| ${label} | ${audit.seconds.toFixed(2)} s | ${cpu} | ${rss} MB | ${floor.seconds.toFixed(2)} s | ${floorRss} MB | ${(audit.seconds / floor.seconds).toFixed(1)}× |`;
}

export async function run(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'tcop-bench-audit-'));
  try {
    const tree = path.join(work, 'tree');
    await mkdir(tree);
    const genStart = Date.now();
    await generateTree(tree, FILES);
    console.log(`generated ${FILES} files in ${((Date.now() - genStart) / 1000).toFixed(1)} s under ${tree}`);

    const cli = (target: string): Promise<Measurement> =>
      measure(process.execPath, [
        BIN,
        target,
        '--format',
        'json',
        '--output',
        path.join(work, 'report.json'),
        '--quiet',
      ]);
    // Warm the page cache (and Node 22's compile cache), so runs compare steady states.
    await cli(tree);

    const lines = [
      '| target | audit (wall) | audit (CPU) | audit peak RSS | floor (wall) | floor RSS | audit / floor |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    ];
    const plainAudit = await cli(tree);
    const find = await measure('find', [tree, '-type', 'f', '-not', '-path', '*/.git/*'], work);
    lines.push(row(`${FILES} files, plain directory (walk)`, plainAudit, find));

    await gitInit(tree);
    await cli(tree);
    const gitAudit = await cli(tree);
    const lsFiles = await measure(
      'git',
      ['-C', tree, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      work,
    );
    lines.push(row(`${FILES} files, git repository (ls-files)`, gitAudit, lsFiles));

    const selfAudit = await cli(ROOT);
    const selfLs = await measure('git', [
      '-C',
      ROOT,
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
    ]);
    lines.push(row('this repository', selfAudit, selfLs));

    const report = JSON.parse(await readFile(path.join(work, 'report.json'), 'utf8')) as {
      checks: unknown[];
    };
    console.log(lines.join('\n'));
    console.log(
      `\n${report.checks.length} checks in the registry; node ${process.version}; ${os.cpus().length} CPUs.`,
    );
    const worst = Math.max(plainAudit.seconds, gitAudit.seconds);
    const worstRss = Math.max(plainAudit.maxRssMb ?? 0, gitAudit.maxRssMb ?? 0);
    const worstCpu = Math.max(plainAudit.cpuSeconds ?? 0, gitAudit.cpuSeconds ?? 0);
    console.log(
      `target < 2 s and < 250 MB for ${FILES} files: ${worst < 2 && worstRss < 250 ? 'met' : 'NOT met'} (${worst.toFixed(2)} s, ${worstRss.toFixed(0)} MB; ${worstCpu.toFixed(2)} s of CPU; load average ${os.loadavg()[0]?.toFixed(1)})`,
    );
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 5 });
  }
}
