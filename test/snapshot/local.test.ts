import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globMatcher, isBinary, LocalSource, prunedDirMatcher } from '../../src/snapshot/local.js';
import { listGitFiles, parseLsFiles } from '../../src/snapshot/local-git.js';
import type { SnapshotData, SnapshotRequest } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';

const request = (overrides: Partial<SnapshotRequest> = {}): SnapshotRequest => ({
  wants: ['**'],
  needs: [],
  ignore: [],
  maxFileBytes: 1024,
  now: FIXED_NOW,
  ...overrides,
});

/** Writes `files` (path → text or bytes) under a new temporary directory. */
async function makeTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tcop-local-'));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

const git = (root: string, ...args: string[]): string =>
  execFileSync('git', ['-C', root, '-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], {
    encoding: 'utf8',
  });

const paths = (data: SnapshotData): string[] => data.files.map((f) => f.path);

/** The same tree, used both as a plain directory (walk) and as a git repository (ls-files). */
const TREE: Record<string, string | Uint8Array> = {
  'README.md': '# Hello\n',
  '.gitignore': 'dist/\n*.log\n',
  'dist/bundle.js': 'ignored by the root .gitignore\n',
  'debug.log': 'ignored by pattern\n',
  'src/index.ts': 'export {};\n',
  'src/.gitignore': 'generated/\n!keep.log\n',
  'src/generated/out.ts': 'ignored by the nested .gitignore\n',
  'src/keep.log': 'negated by the nested .gitignore\n',
  'assets/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]),
  'data/big.csv': 'a,b\n'.repeat(400),
  'vendor/lib/x.js': 'vendored\n',
};

describe('LocalSource', () => {
  let plain: string;
  let repo: string;

  beforeAll(async () => {
    plain = await makeTree(TREE);
    await symlink('README.md', path.join(plain, 'README-link.md'));
    repo = await makeTree(TREE);
    await symlink('README.md', path.join(repo, 'README-link.md'));
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial', '--date', '2026-01-02T03:04:05Z');
  });

  afterAll(async () => {
    await rm(plain, { recursive: true, force: true });
    await rm(repo, { recursive: true, force: true });
  });

  const EXPECTED = [
    '.gitignore',
    'README-link.md',
    'README.md',
    'assets/logo.png',
    'data/big.csv',
    'src/.gitignore',
    'src/index.ts',
    'src/keep.log',
    'vendor/lib/x.js',
  ];

  it('walks a plain directory honouring nested .gitignore files, sorted', async () => {
    const data = await new LocalSource(plain).load(request());
    expect(paths(data)).toEqual(EXPECTED);
    expect(data.commit).toBeUndefined();
    expect(data.facts.lastCommitAt?.state).toBe('unavailable');
  });

  it('lists a git repository with git itself: the same paths, the commit and its date', async () => {
    const data = await new LocalSource(repo).load(request());
    expect(paths(data)).toEqual(EXPECTED);
    expect(data.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(data.facts.lastCommitAt).toEqual({
      state: 'known',
      value: expect.stringMatching(/^\d{4}-/) as string,
    });
  });

  it('in a repository, includes untracked files, drops deleted ones, and honours .git/info/exclude', async () => {
    await writeFile(path.join(repo, 'NEW.md'), 'untracked\n');
    await writeFile(path.join(repo, 'local-notes.txt'), 'excluded locally\n');
    await writeFile(path.join(repo, '.git/info/exclude'), 'local-notes.txt\n');
    await rm(path.join(repo, 'src/index.ts'));
    try {
      const listed = paths(await new LocalSource(repo).load(request()));
      expect(listed).toContain('NEW.md');
      expect(listed).not.toContain('local-notes.txt');
      expect(listed).not.toContain('src/index.ts');
    } finally {
      await rm(path.join(repo, 'NEW.md'));
      await rm(path.join(repo, 'local-notes.txt'));
      await writeFile(path.join(repo, 'src/index.ts'), 'export {};\n');
    }
  });

  it('falls back to the walk when git cannot read the repository', async () => {
    const broken = await makeTree({
      '.git': 'gitdir: /nonexistent\n',
      'a.txt': 'a\n',
      '.gitignore': 'b.txt\n',
      'b.txt': 'b\n',
    });
    try {
      expect(await listGitFiles(broken)).toBeUndefined();
      expect(paths(await new LocalSource(broken).load(request()))).toEqual(['.gitignore', 'a.txt']);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  for (const kind of ['plain', 'git'] as const) {
    it(`${kind}: drops config-ignored paths, reads only wanted files, lists what it does not read`, async () => {
      const root = kind === 'plain' ? plain : repo;
      const data = await new LocalSource(root).load(
        request({ wants: ['**/*.md', '**/*.png', 'data/**'], ignore: ['vendor/**', '**/*.log'] }),
      );
      expect(paths(data)).toEqual(EXPECTED.filter((p) => !p.startsWith('vendor/') && !p.endsWith('.log')));
      expect(data.contents['README.md']).toEqual({ kind: 'text', text: '# Hello\n' });
      expect(data.contents['src/index.ts']).toBeUndefined();
      expect(data.contents['assets/logo.png']).toEqual({ kind: 'skipped', reason: 'binary', size: 7 });
      expect(data.contents['data/big.csv']).toEqual({ kind: 'skipped', reason: 'too-large', size: 1600 });
      expect(data.contents['README-link.md']).toEqual({ kind: 'skipped', reason: 'symlink', size: 9 });
      expect(data.files.find((f) => f.path === 'src/index.ts')?.size).toBe(11);
    });
  }

  it('calls a file binary by a NUL in its first 8,000 bytes only, and reads UTF-16 whole', async () => {
    const late = Buffer.alloc(20_000, 0x61);
    late[8000] = 0;
    const early = Buffer.alloc(20_000, 0x61);
    early[7999] = 0;
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('key = value\n'.repeat(1000), 'utf16le'),
    ]);
    const root = await makeTree({ 'late.txt': late, 'early.bin': early, 'settings.reg': utf16 });
    try {
      const data = await new LocalSource(root).load(request({ maxFileBytes: 1024 * 1024 }));
      expect(data.contents['late.txt']).toEqual({ kind: 'text', text: late.toString('utf8') });
      expect(data.contents['early.bin']).toEqual({ kind: 'skipped', reason: 'binary', size: 20_000 });
      expect(data.contents['settings.reg']).toEqual({ kind: 'text', text: 'key = value\n'.repeat(1000) });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('lists the same files when prepared ahead, and afresh on a later load', async () => {
    const root = await makeTree({ 'README.md': '# Hello\n', 'src/a.ts': 'a\n' });
    try {
      git(root, 'init', '-q');
      git(root, 'add', '.');
      const source = new LocalSource(root);
      source.prepare();
      expect(paths(await source.load(request()))).toEqual(['README.md', 'src/a.ts']);
      await writeFile(path.join(root, 'src/b.ts'), 'b\n');
      expect(paths(await source.load(request()))).toEqual(['README.md', 'src/a.ts', 'src/b.ts']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('does not follow a symlinked directory', async () => {
    const root = await makeTree({ 'inside/a.txt': 'a\n' });
    await symlink(os.tmpdir(), path.join(root, 'outside'));
    try {
      const data = await new LocalSource(root).load(request());
      expect(paths(data)).toEqual(['inside/a.txt', 'outside']);
      expect(data.contents['outside']).toMatchObject({ kind: 'skipped', reason: 'symlink' });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reads the config file, or says there is none', async () => {
    const root = await makeTree({ '.github/tcop.yml': 'level: standard\n' });
    try {
      expect(await new LocalSource(root).loadConfig('.github/tcop.yml')).toEqual({
        repo: { path: '.github/tcop.yml', text: 'level: standard\n' },
      });
      expect(await new LocalSource(plain).loadConfig('.github/tcop.yml')).toEqual({});
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rejects a target that is not a directory', async () => {
    await expect(new LocalSource(path.join(plain, 'README.md')).load(request())).rejects.toThrow(
      /not a directory/,
    );
  });
});

describe('parseLsFiles', () => {
  const z = (...names: (string | Buffer)[]): Buffer =>
    Buffer.concat(names.flatMap((n) => [Buffer.from(n), Buffer.from([0])]));

  it('lists each path once, in the order git printed them', () => {
    expect(parseLsFiles(z('b.txt', 'a/c.md', 'b.txt', 'ü.md'))).toEqual([
      { path: 'b.txt' },
      { path: 'a/c.md' },
      { path: 'ü.md' },
    ]);
    expect(parseLsFiles(Buffer.alloc(0))).toEqual([]);
  });

  it('marks only the names that are not UTF-8 as unreadable, in output that is not all UTF-8', () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // café.txt in Latin-1
    expect(parseLsFiles(z('a.txt', latin1, 'ü.md', latin1))).toEqual([
      { path: 'a.txt' },
      { path: 'caf\ufffd.txt', problem: 'unreadable' },
      { path: 'ü.md' },
    ]);
  });
});

describe('matchers', () => {
  it('globMatcher compiles many globs into one test, dot files included', () => {
    const match = globMatcher(['**/*.md', '.github/{workflows,actions}/**', 'LICEN[CS]E{,.*}']);
    expect(
      ['README.md', 'docs/a/b.md', '.github/workflows/ci.yml', 'LICENSE', 'LICENCE.txt'].every(match),
    ).toBe(true);
    expect(['README.mdx', '.github/dependabot.yml', 'src/LICENSE'].some(match)).toBe(false);
    expect(globMatcher([])('a')).toBe(false);
    expect(globMatcher(['**'])('.hidden/x')).toBe(true);
  });

  it('prunes only directories whose every descendant an X/** glob ignores', () => {
    const pruned = prunedDirMatcher(['fixtures/**', '**/node_modules/**', 'docs/*.md']);
    expect(pruned('fixtures')).toBe(true);
    expect(pruned('a/b/node_modules')).toBe(true);
    expect(pruned('docs')).toBe(false);
    expect(pruned('src')).toBe(false);
  });

  it('isBinary looks for a NUL in the first 8000 bytes, as git does', () => {
    expect(isBinary(new TextEncoder().encode('plain text'))).toBe(false);
    expect(isBinary(new Uint8Array([65, 0, 66]))).toBe(true);
    const late = new Uint8Array(9000).fill(65);
    late[8500] = 0;
    expect(isBinary(late)).toBe(false);
  });
});
