#!/usr/bin/env node
// Builds dist/: the CLI, the GitHub Action and the App server as ES module bundles, with every
// dynamic import() a chunk of its own so a run loads only the code its repository needs; the CLI
// again as one script with V8's code cache for it (bin/load-cli.js); and the prepared licence index.
// Plain JavaScript so that `prepare` runs it straight after `npm ci`.
//
//   node scripts/build.mjs            build dist/
//   node scripts/build.mjs --if-stale build only when a source is newer than the last build
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.built');
const SOURCES = ['src', 'checks', 'scripts', 'bin', 'package.json', 'package-lock.json'];

/**
 * Packages left out of the bundles: better-sqlite3 is native (an optional peer dependency, installed
 * by whoever wants the SQLite store) and pg-native is pg's optional native binding.
 */
export const EXTERNAL = ['better-sqlite3', 'pg-native'];

function newestSource(entry = '') {
  let newest = 0;
  const visit = (file) => {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats) return;
    if (stats.isDirectory()) {
      for (const name of readdirSync(file)) if (name !== 'node_modules') visit(path.join(file, name));
    } else if (!file.endsWith('.test.ts')) newest = Math.max(newest, stats.mtimeMs);
  };
  for (const s of SOURCES) visit(path.join(ROOT, entry, s));
  return newest;
}

/**
 * In the bundles, the licence corpus is read from dist/licence-index.bin (src/engine/licence-index-file.ts)
 * rather than built from the SPDX texts (checks/lib/licence/corpus-load.ts), so spdx-license-list's texts
 * are never bundled.
 */
const preparedLicenceIndex = {
  name: 'prepared-licence-index',
  setup(build) {
    const dir = path.join(ROOT, 'checks/lib/licence');
    build.onResolve({ filter: /^\.\/corpus-load\.js$/ }, (args) =>
      args.resolveDir === dir ? { path: 'corpus-load', namespace: 'prepared-licence-index' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'prepared-licence-index' }, () => ({
      resolveDir: dir,
      loader: 'js',
      contents: `
        import { loadCorpusFile } from '../../../src/engine/licence-index-file.ts';
        export function loadCorpus() {
          // Chunks sit in dist/chunks/, entry points in dist/.
          for (const relative of ['../licence-index.bin', './licence-index.bin']) {
            const corpus = loadCorpusFile(new URL(relative, import.meta.url));
            if (corpus) return corpus;
          }
          throw new Error('tcop-audit: dist/licence-index.bin is missing (rebuild with npm run build)');
        }`,
    }));
  },
};

/** The licence index, from the same code the sources run: corpus-build.ts, then corpus-encoding.ts. */
async function writeLicenceIndex(esbuild, outdir) {
  const generator = path.join(outdir, 'licence-index-generator.mjs');
  await esbuild.build({
    absWorkingDir: ROOT,
    stdin: {
      contents: `
        import { buildCorpus } from './checks/lib/licence/corpus-build.ts';
        import { encodeCorpus } from './checks/lib/licence/corpus-encoding.ts';
        export const prepare = () => encodeCorpus(buildCorpus());`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: generator,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
  });
  const { prepare } = await import(pathToFileURL(generator).href);
  writeFileSync(path.join(outdir, 'licence-index.bin'), prepare());
  rmSync(generator);
}

/**
 * The CLI as one CommonJS script, dist/cli.cjs. An ES module graph cannot use a code cache on Node 20
 * (vm.SourceTextModule is experimental), a script can: bin/load-cli.js compiles it with the cache
 * written below, which saves most of the parse and compile time of every start. Modules behind a
 * dynamic import() stay lazy (esbuild wraps each in an init function), so a run still evaluates only
 * the parsers its repository needs.
 */
async function buildCliScript(esbuild, outdir, pkg) {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli/main.ts'],
    outfile: path.join(outdir, 'cli.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.18',
    external: EXTERNAL,
    sourcemap: 'linked',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [preparedLicenceIndex],
    define: {
      __TCOP_PACKAGE__: JSON.stringify({ name: pkg.name, version: pkg.version, repository: pkg.repository }),
      'import.meta.url': '__tcopScriptUrl',
    },
    banner: { js: "var __tcopScriptUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // esbuild writes ASCII but for regular expression literals (the licence patterns' ©, •, –). Escaped
  // there too (\uXXXX means the same in a string, a template or a pattern, with or without the u
  // flag), the script is pure ASCII and bin/load-cli.js reads it as latin1: a one-byte string, with no
  // UTF-8 decoding of 4 MB on every start.
  const file = path.join(outdir, 'cli.cjs');
  const source = readFileSync(file, 'utf8').replace(/[^\0-\x7f]/g, (c, at, text) => {
    // After a backslash (an identity escape, \©) the \u would itself be escaped: stop, do not guess.
    if (text[at - 1] === '\\')
      throw new Error(`dist/cli.cjs: an escaped non-ASCII character at offset ${at}`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync(file, source, 'latin1');
}

/** A small repository with a file for each common parser, so the code cache covers what most runs call. */
const CACHE_SAMPLE = {
  'README.md': '# Sample\n\nA service. See [the API](openapi.yaml).\n',
  LICENSE:
    'MIT License\n\nCopyright (c) 2026 Sample\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n',
  'SECURITY.md': '# Security\n\nReport vulnerabilities to security@example.org.\n',
  'package.json': JSON.stringify({
    name: 'sample',
    version: '1.0.0',
    license: 'MIT',
    engines: { node: '>=24' },
  }),
  'package-lock.json': JSON.stringify({ name: 'sample', lockfileVersion: 3, packages: {} }),
  'openapi.yaml':
    'openapi: 3.0.3\ninfo: { title: Sample, version: "1" }\npaths:\n  /items:\n    get:\n      responses:\n        "200": { description: OK }\n',
  '.github/dependabot.yml':
    'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n',
  '.github/workflows/ci.yml':
    'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
  Dockerfile: 'FROM node:24-alpine\nCOPY . .\n',
  'src/index.js': "export const token = process.env.TOKEN ?? '';\n",
};

/**
 * V8's code cache for dist/cli.cjs, made after one CLI run over CACHE_SAMPLE so that the functions a
 * run compiles lazily are in it too. Named for this V8 (bin/load-cli.js), which alone can use it.
 */
async function writeCodeCache(outdir) {
  const sample = mkdtempSync(path.join(tmpdir(), 'tcop-cache-sample-'));
  try {
    for (const [name, text] of Object.entries(CACHE_SAMPLE)) {
      mkdirSync(path.dirname(path.join(sample, name)), { recursive: true });
      writeFileSync(path.join(sample, name), text);
    }
    const { cacheName, compileCli } = await import(pathToFileURL(path.join(ROOT, 'bin/load-cli.js')).href);
    const { script, exports } = compileCli(pathToFileURL(`${outdir}/`));
    const io = { stdout: { write() {} }, stderr: { write() {} }, env: {} };
    for (const format of ['text', 'json']) await exports.main(['--format', format, sample], io);
    writeFileSync(path.join(outdir, cacheName()), script.createCachedData());
  } finally {
    rmSync(sample, { recursive: true, force: true });
  }
}

export function isStale() {
  const built = statSync(STAMP, { throwIfNoEntry: false });
  return !built || newestSource() > built.mtimeMs;
}

export async function build() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // Built into a fresh directory and swapped in, so a CLI running meanwhile never sees half a build.
  const next = path.join(ROOT, `dist.next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: {
      'tcop-audit': 'src/cli/main.ts',
      action: 'src/action/main.ts',
      server: 'src/app/server.ts',
    },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    external: EXTERNAL,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [preparedLicenceIndex],
    define: {
      __TCOP_PACKAGE__: JSON.stringify({ name: pkg.name, version: pkg.version, repository: pkg.repository }),
    },
    // Bundled CommonJS packages call require(); ES modules have none of their own.
    banner: {
      js: "import { createRequire as __tcopRequire } from 'node:module'; const require = __tcopRequire(import.meta.url);",
    },
  });
  writeFileSync(path.join(next, 'meta.json'), JSON.stringify(result.metafile));
  await writeLicenceIndex(esbuild, next);
  await buildCliScript(esbuild, next, pkg);
  await writeCodeCache(next);
  writeFileSync(path.join(next, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(next, '.built'), new Date().toISOString());
  const old = path.join(ROOT, `dist.old-${process.pid}`);
  try {
    renameSync(DIST, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
}

/**
 * One build at a time in a checkout: test files that run the CLI call `--if-stale` in parallel, and
 * the ones that wait find the build done. A lock older than ten minutes is a crashed build's.
 */
async function withLock(fn) {
  const lock = path.join(ROOT, '.dist.lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await withLock(async () => {
    if (process.argv.includes('--if-stale') && !isStale()) return;
    const started = performance.now();
    await build();
    console.error(`dist/ built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
}
