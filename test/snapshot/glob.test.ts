import { execFileSync } from 'node:child_process';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { compileGlobs } from '../../src/snapshot/glob.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';
import { ROOT } from '../support/check-harness.js';

/** This repository's paths plus awkward ones: dot files, deep nesting, case, spaces, no extension. */
const PATHS = [
  ...execFileSync('git', ['-C', ROOT, 'ls-files', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean),
  '.github/workflows/ci.yml',
  '.github/SECURITY.md',
  'docs/README.MD',
  'LICENCE',
  'LICENSE-MIT',
  'license.txt',
  'a/b/c/d/e/package.json',
  'services/api/openapi.yaml',
  'deep/node_modules/x/index.js',
  'My Docs/Plan v2.docx',
  '.well-known/security.txt',
  'Dockerfile',
  'src/.env',
];

const GLOBS = [
  ...new Set([
    ...CHECKS.flatMap((c) => c.meta.wants),
    '**/*.md',
    '*.md',
    'docs/*',
    'fixtures/**',
    '**/node_modules/**',
    '{,.github/,docs/}{README,readme}{,.*}',
    'LICEN[CS]E{,-*,.*}',
    '**/*.{yml,yaml}',
    '.well-known/security.txt',
    '**/docs/*.md',
    'src/**',
    '**/.nvmrc',
    '**/{Dockerfile,*.dockerfile}',
    '{,.github/,docs/}SECURITY{,.md}',
    '*/*/package.json',
    'docs/',
    '**/[Rr][Ee][Aa][Dd][Mm][Ee]*',
  ]),
];

describe('compileGlobs', () => {
  it.each(GLOBS)('matches exactly what minimatch matches: %s', (glob) => {
    const compiled = compileGlobs([glob]);
    const compiledNocase = compileGlobs([glob], { nocase: true });
    for (const p of PATHS) {
      expect(compiled(p), `${glob} vs ${p}`).toBe(minimatch(p, glob, { dot: true }));
      expect(compiledNocase(p), `${glob} (nocase) vs ${p}`).toBe(
        minimatch(p, glob, { dot: true, nocase: true }),
      );
    }
  });

  it('a union matches when any glob does', () => {
    const match = compileGlobs(['*.md', 'src/**/*.ts']);
    expect(['README.md', 'src/a/b.ts'].every(match)).toBe(true);
    expect(match('docs/a.md')).toBe(false);
  });
});

describe('Snapshot lookups', () => {
  const snapshot = memorySnapshot({
    files: { 'README.md': '', 'docs/a.md': '', 'docs/sub/b.md': '', 'src/x.ts': '', '.github/tcop.yml': '' },
  });

  it('listDir lists direct children only, with or without a trailing slash', () => {
    expect(snapshot.listDir('')).toEqual(['README.md']);
    expect(snapshot.listDir('docs')).toEqual(['docs/a.md']);
    expect(snapshot.listDir('docs/')).toEqual(['docs/a.md']);
    expect(snapshot.listDir('nope')).toEqual([]);
  });

  it('glob results are fresh arrays a caller may change', () => {
    const first = snapshot.glob('**/*.md');
    expect(first).toEqual(['README.md', 'docs/a.md', 'docs/sub/b.md']);
    first.pop();
    expect(snapshot.glob('**/*.md')).toHaveLength(3);
    expect(snapshot.glob(['readme.md'], { nocase: true })).toEqual(['README.md']);
  });

  it('paths is every path, sorted, and cannot be changed by accident', () => {
    expect(snapshot.paths).toEqual([
      '.github/tcop.yml',
      'README.md',
      'docs/a.md',
      'docs/sub/b.md',
      'src/x.ts',
    ]);
    expect(() => (snapshot.paths as string[]).push('x')).toThrow(TypeError);
  });
});
