import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { compileGlobs, literalPrefixes } from '../../src/snapshot/glob.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';

/**
 * A fixed list, so the test means the same in every checkout: paths shaped like a real repository's,
 * plus awkward ones (dot files, deep nesting, case, spaces, no extension) and files that share their
 * name with a directory a glob names (`docs`, `fixtures`, `node_modules`, `src`).
 */
const PATHS = [
  'README.md',
  'readme',
  'README.MD',
  'docs',
  'docs/README.MD',
  'docs/index.md',
  'docs/checks/readme.md',
  'docs/sub/deeper/page.md',
  'fixtures',
  'fixtures/licence-mit/LICENSE',
  'fixtures/a/.github/workflows/ci.yml',
  'node_modules',
  'node_modules/x/package.json',
  'deep/node_modules',
  'deep/node_modules/x/index.js',
  'src',
  'src/app/index.ts',
  'src/.env',
  '.github',
  '.github/workflows/ci.yml',
  '.github/SECURITY.md',
  '.github/tcop.yml',
  '.github/dependabot.yml',
  'SECURITY',
  'SECURITY.md',
  'LICENCE',
  'LICENSE',
  'LICENSE-MIT',
  'LICENSES/MIT.txt',
  'license.txt',
  'package.json',
  'a/package.json',
  'a/b/package.json',
  'a/b/c/d/e/package.json',
  'services/api/openapi.yaml',
  'services/api/openapi.yml',
  'api/openapi.json',
  'My Docs/Plan v2.docx',
  '.well-known/security.txt',
  'security.txt',
  'Dockerfile',
  'build/app.dockerfile',
  'Dockerfile.dev',
  '.nvmrc',
  'web/.nvmrc',
  'pyproject.toml',
  'setup.py',
  'requirements.txt',
  'go.mod',
  'Cargo.toml',
  'pom.xml',
  'publiccode.yml',
  'CODEOWNERS',
  '.github/CODEOWNERS',
  'CONTRIBUTING.md',
  'CODE_OF_CONDUCT.md',
  '.env',
  '.env.example',
  'config/.env.production',
  'infra/stack/app.ts',
  'Infra/App.TS',
  'notinfra/x.ts',
  'infrastructure',
  'x/cloudformation/a/b.yml',
  'CloudFormation/t.json',
  'cdk/app.py',
];

const GLOBS = [
  ...new Set([
    ...CHECKS.flatMap((c) => c.meta.wants),
    '**/*.md',
    '*.md',
    'docs/*',
    'fixtures/**',
    'docs/**',
    '**/docs/**',
    '{docs,fixtures}/**',
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
    '!**/node_modules/**',
    '**/Infra/**/*.ts',
    'x/**/b.yml',
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

  it('a file named like a directory is not under it: `docs` does not match `docs/**`', () => {
    for (const [glob, file] of [
      ['docs/**', 'docs'],
      ['fixtures/**', 'fixtures'],
      ['**/node_modules/**', 'node_modules'],
      ['**/node_modules/**', 'deep/node_modules'],
      ['src/**', 'src'],
    ] as const) {
      expect(compileGlobs([glob])(file), `${glob} vs ${file}`).toBe(false);
      expect(compileGlobs([glob])(`${file}/x`), `${glob} vs ${file}/x`).toBe(true);
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

describe('Snapshot.glob over the paths in sorted ranges', () => {
  it("takes each glob's literal start as the range to test, and none where minimatch could normalise it", () => {
    expect(
      literalPrefixes([
        '.github/workflows/*.{yml,yaml}',
        'README.md',
        'Jenkinsfile{,.*}',
        '**/package.json',
        '*.md',
        '!docs/**',
        '#comment',
        './README.md',
        'a//b/*',
        'src/../x/*',
        'docs/[Rr]eadme*',
        'c\\*d',
      ]),
    ).toEqual([
      '.github/workflows/',
      '.github/workflows/',
      'README.md',
      'Jenkinsfile',
      'Jenkinsfile.',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'docs/',
      'c',
    ]);
  });

  // A source that lists its paths unsorted still gets every match, in its own order.
  for (const order of ['sorted', 'unsorted'] as const) {
    it(`matches exactly what minimatch matches, paths ${order}`, () => {
      const paths = order === 'sorted' ? [...PATHS].sort() : [...PATHS].sort().reverse();
      const snapshot = new Snapshot({
        target: { kind: 'local', path: '/memory' },
        now: '2026-01-01T00:00:00.000Z',
        files: paths.map((path) => ({ path, size: 0 })),
        contents: {},
        facts: {},
        complete: true,
      });
      for (const glob of GLOBS)
        expect(snapshot.glob(glob), glob).toEqual(paths.filter((p) => minimatch(p, glob, { dot: true })));
      expect(snapshot.glob(GLOBS)).toEqual(
        paths.filter((p) => GLOBS.some((g) => minimatch(p, g, { dot: true }))),
      );
    });
  }
});
