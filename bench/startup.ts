import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How fast the CLI starts, against the floor of starting Node itself (`node -e 0`), in the same run:
 *  - `tcop-audit --version`, which should cost little more than Node's own start;
 *  - an audit of a generated 100-file repository;
 *  - the licence index's load time, in a fresh process (what the first licence-like file costs).
 * Each command runs 10 times, interleaved with `node -e 0` (paired), and the medians are compared.
 * Targets: --version ≤ 1.5×, 100-file audit ≤ 3×, licence index < 20 ms.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/tcop-audit.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function wall(args: readonly string[], cwd = ROOT): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(
      `node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`,
    );
  return ms;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A small service repository of `count` files: the files a typical one holds, then source files. */
export async function generateRepository(root: string, count = 100): Promise<void> {
  const files: Record<string, string> = {
    'README.md':
      '# Fishing licence service\n\nApply for a rod fishing licence.\n\n## Running\n\n`npm start`\n',
    LICENSE:
      'MIT License\n\nCopyright (c) 2024 Crown Copyright (Department for Environment)\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n',
    'package.json': JSON.stringify(
      {
        name: 'fishing-licence',
        version: '1.0.0',
        license: 'MIT',
        engines: { node: '>=20' },
        dependencies: { express: '^4.19.2' },
      },
      null,
      2,
    ),
    'package-lock.json': JSON.stringify({ name: 'fishing-licence', lockfileVersion: 3, packages: {} }),
    'SECURITY.md': '# Security\n\nReport vulnerabilities to security@example.gov.uk.\n',
    'CONTRIBUTING.md': '# Contributing\n\nPull requests welcome.\n',
    '.github/workflows/ci.yml':
      'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
    '.github/dependabot.yml':
      'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
    '.gitignore': 'node_modules/\n',
  };
  let i = 0;
  while (Object.keys(files).length < count) {
    files[`src/module-${Math.floor(i / 10)}/file-${i}.js`] =
      `// Module ${i}\nexport function handler${i}(request) {\n  return { status: 200, body: 'ok ${i}' };\n}\n`;
    i++;
  }
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

/**
 * The licence corpus's first use in a fresh process (median of 5): decoding the index the build
 * prepared (what the CLI does), and building it from the SPDX texts (what the sources do).
 */
function licenceIndexMs(how: 'prepared' | 'built'): number | undefined {
  const index = path.join(ROOT, 'dist/licence-index.bin');
  const script =
    how === 'prepared'
      ? `const { pathToFileURL } = await import('node:url');
         const { loadCorpusFile } = await import(${JSON.stringify(path.join(ROOT, 'src/engine/licence-index-file.ts'))});
         const started = performance.now();
         const corpus = loadCorpusFile(pathToFileURL(${JSON.stringify(index)}));`
      : `const { buildCorpus } = await import(${JSON.stringify(path.join(ROOT, 'checks/lib/licence/corpus-build.ts'))});
         const started = performance.now();
         const corpus = buildCorpus();`;
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `${script}
       const ms = performance.now() - started;
       if (corpus.templates.length < 700) throw new Error('licence index looks incomplete');
       console.log(ms);`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      console.log(`licence index (${how}): could not load: ${result.stderr.slice(0, 300)}`);
      return undefined;
    }
    samples.push(Number(result.stdout.trim()));
  }
  return median(samples);
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

export async function run(): Promise<void> {
  // The CLI as users run it: dist/ as the sources stand now.
  spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tcop-bench-startup-'));
  try {
    const repo = path.join(dir, 'repo');
    await generateRepository(repo, 100);
    // One warm-up of each, so the first measured run does not pay for a cold disk cache.
    wall(['-e', '0']);
    wall([BIN, '--version']);
    wall([BIN, '--format', 'json', repo]);
    const node: number[] = [];
    const version: number[] = [];
    const audit: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(wall(['-e', '0']));
      version.push(wall([BIN, '--version']));
      node.push(wall(['-e', '0']));
      audit.push(wall([BIN, '--format', 'json', repo]));
    }
    const floor = median(node);
    const rows: [string, number, number][] = [
      ['node -e 0', floor, Number.NaN],
      ['tcop-audit --version', median(version), 1.5],
      ['tcop-audit <100-file repository>', median(audit), 3],
    ];
    console.log(`median of ${RUNS} runs each, interleaved with node -e 0\n`);
    console.log('| command | median | × node -e 0 | target |');
    console.log('|---|---:|---:|---:|');
    for (const [name, ms, target] of rows) {
      const ratio = ms / floor;
      const verdict = Number.isNaN(target) ? '' : `≤ ${target}× ${ratio <= target ? 'met' : 'NOT MET'}`;
      console.log(`| ${name} | ${fmt(ms)} | ${ratio.toFixed(2)}× | ${verdict} |`);
    }
    const prepared = licenceIndexMs('prepared');
    const built = licenceIndexMs('built');
    console.log('\n| licence corpus, first use in a fresh process (median of 5) | ms | target |');
    console.log('|---|---:|---:|');
    if (prepared !== undefined)
      console.log(
        `| prepared index (dist/licence-index.bin, as the CLI loads it) | ${prepared.toFixed(1)} | < 20 ${prepared < 20 ? 'met' : 'NOT MET'} |`,
      );
    if (built !== undefined)
      console.log(`| built from the 727 SPDX texts (the sources) | ${built.toFixed(1)} | |`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
