/**
 * A local checkout's `.git` is repository content: its config can name programs (core.fsmonitor,
 * gpg.program with log.showSignature) and a `gitdir:` file can point at any repository. Nothing in it
 * may run, block, or make the report describe another repository — with git on the PATH and without.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveGitDirs } from '../../src/snapshot/git-dir.js';
import { gitLogFacts, listGitFiles, readLocalGitFacts } from '../../src/snapshot/local-git.js';
import { LocalSource } from '../../src/snapshot/local.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcop-hostile-git-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();

/** A repository with a README, an ignored file and one commit; returns its HEAD. */
function makeRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main', '.');
  writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  writeFileSync(path.join(dir, '.gitignore'), '*.log\n');
  writeFileSync(path.join(dir, 'debug.log'), 'ignored\n');
  git(dir, 'add', 'README.md', '.gitignore');
  git(dir, 'commit', '-q', '-m', 'first');
  return git(dir, 'rev-parse', 'HEAD');
}

/** Replaces HEAD with a commit carrying a PGP signature, so that log.showSignature would verify it. */
function signedHead(dir: string): string {
  const tree = git(dir, 'rev-parse', 'HEAD^{tree}');
  const body = [
    `tree ${tree}`,
    'author t <t@example.org> 1700000000 +0100',
    'committer t <t@example.org> 1700000000 +0100',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQEzBAABCAAdFiEE',
    ' -----END PGP SIGNATURE-----',
    '',
    'signed',
    '',
  ].join('\n');
  const file = path.join(tmp, `commit-${path.basename(dir)}`);
  writeFileSync(file, body);
  const sha = git(dir, 'hash-object', '-t', 'commit', '-w', file);
  git(dir, 'update-ref', 'refs/heads/main', sha);
  return sha;
}

/** A program the hostile config names: it leaves a marker file when it runs. */
function markerProgram(name: string): { program: string; marker: string } {
  const marker = path.join(tmp, `${name}.ran`);
  const program = path.join(tmp, `${name}.sh`);
  writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  return { program, marker };
}

const load = (root: string) =>
  new LocalSource(root).load({
    wants: ['**'],
    needs: [],
    ignore: [],
    maxFileBytes: 1 << 20,
    now: new Date(),
  });

describe('with git on the PATH', () => {
  it('core.fsmonitor in .git/config does not run, and git still lists the files', async () => {
    const root = path.join(tmp, 'fsmonitor');
    const head = makeRepo(root);
    const { program, marker } = markerProgram('fsmonitor');
    git(root, 'config', 'core.fsmonitor', program);
    // The config is live: git itself runs it.
    git(root, 'ls-files');
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const data = await load(root);
    expect(existsSync(marker)).toBe(false);
    expect(data.files.map((f) => f.path)).toEqual(['.gitignore', 'README.md']); // debug.log ignored: git listed
    expect(data.commit).toBe(head);
  });

  it('log.showSignature with gpg.program does not run on the reader or on git log', async () => {
    const root = path.join(tmp, 'gpg');
    makeRepo(root);
    const sha = signedHead(root);
    const { program, marker } = markerProgram('gpg');
    git(root, 'config', 'log.showSignature', 'true');
    git(root, 'config', 'gpg.program', program);
    git(root, 'log', '-1');
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const expected = {
      commit: sha,
      facts: { lastCommitAt: { state: 'known', value: '2023-11-14T23:13:20+01:00' } },
    };
    expect(await readLocalGitFacts(root)).toEqual(expected);
    const resolved = resolveGitDirs(root);
    if (!resolved.ok) throw new Error(resolved.detail);
    expect(await gitLogFacts(resolved.dirs, root)).toEqual(expected);
    expect(existsSync(marker)).toBe(false);
  });

  it('GIT_DIR inherited from a calling hook does not make git describe another repository', async () => {
    const root = path.join(tmp, 'hooked');
    const head = makeRepo(root);
    const other = path.join(tmp, 'hook-other');
    makeRepo(other);
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = path.join(other, '.git');
    try {
      const data = await load(root);
      expect(data.commit).toBe(head);
      const resolved = resolveGitDirs(root);
      if (!resolved.ok) throw new Error(resolved.detail);
      expect((await gitLogFacts(resolved.dirs, root)).commit).toBe(head);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  it('a FIFO as .git/info/exclude makes the listing fall back to the walk instead of blocking git', async () => {
    const root = path.join(tmp, 'fifo-exclude');
    makeRepo(root);
    rmSync(path.join(root, '.git/info/exclude'), { force: true });
    execFileSync('mkfifo', [path.join(root, '.git/info/exclude')]);
    expect(await listGitFiles(root)).toBeUndefined();
    expect((await load(root)).files.map((f) => f.path)).toEqual(['.gitignore', 'README.md']);
  });

  it('a linked worktree is read through its gitdir: file', async () => {
    const main = path.join(tmp, 'wt-main');
    makeRepo(main);
    const linked = path.join(tmp, 'wt-linked');
    git(main, 'worktree', 'add', '-q', '-b', 'side', linked);
    writeFileSync(path.join(linked, 'side.md'), 'side\n');
    git(linked, 'add', 'side.md');
    git(linked, 'commit', '-q', '-m', 'side');
    const head = git(linked, 'rev-parse', 'HEAD');
    const data = await load(linked);
    expect(data.commit).toBe(head);
    expect(data.files.map((f) => f.path)).toEqual(['.gitignore', 'README.md', 'side.md']);
  });
});

describe('a gitdir: file that points at another repository', () => {
  it('is not followed: no commit, the reason, and the directory walked', async () => {
    const other = path.join(tmp, 'victim');
    makeRepo(other);
    const root = path.join(tmp, 'impostor');
    mkdirSync(root);
    writeFileSync(path.join(root, '.git'), `gitdir: ${path.join(other, '.git')}\n`);
    writeFileSync(path.join(root, 'README.md'), 'mine\n');
    const data = await load(root);
    expect(data.commit).toBeUndefined();
    expect(data.facts.lastCommitAt).toEqual({
      state: 'unavailable',
      reason: 'error',
      detail: `.git points to ${path.join(other, '.git')}, a git directory that does not name this directory as its work tree`,
    });
    expect(data.files.map((f) => f.path)).toEqual(['README.md']);
  });
});

describe('without git on the PATH', () => {
  const savedPath = process.env.PATH;
  const empty = path.join(tmp, 'empty-bin');
  beforeAll(() => mkdirSync(empty, { recursive: true }));
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('reads the commit from loose objects and walks the tree honouring .gitignore', async () => {
    const root = path.join(tmp, 'nogit-loose');
    const head = makeRepo(root);
    const { program, marker } = markerProgram('nogit-fsmonitor');
    git(root, 'config', 'core.fsmonitor', program);
    process.env.PATH = empty;
    const data = await load(root);
    expect(data.commit).toBe(head);
    expect(data.facts.lastCommitAt?.state).toBe('known');
    expect(data.files.map((f) => f.path)).toEqual(['.gitignore', 'README.md']);
    expect(existsSync(marker)).toBe(false);
  });

  it('reads the commit from a pack and packed-refs after git gc', async () => {
    const root = path.join(tmp, 'nogit-packed');
    makeRepo(root);
    const sha = signedHead(root);
    git(root, 'gc', '-q', '--prune=now');
    expect(existsSync(path.join(root, '.git/refs/heads/main'))).toBe(false);
    process.env.PATH = empty;
    expect(await readLocalGitFacts(root)).toEqual({
      commit: sha,
      facts: { lastCommitAt: { state: 'known', value: '2023-11-14T23:13:20+01:00' } },
    });
  });
});
