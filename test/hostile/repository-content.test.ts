/**
 * Repository content as an attacker would shape it: symlinks out of the root (the config included,
 * and through a parent directory), FIFOs and devices, names that are not UTF-8, paths over PATH_MAX.
 * Nothing outside the root is read, nothing blocks, and nothing listed goes missing without a word.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ConfigError } from '../../src/engine/config.js';
import { LocalSource, MAX_CONFIG_BYTES } from '../../src/snapshot/local.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcop-hostile-content-'));
// rm copes with paths past PATH_MAX, which fs.rmSync does not.
afterAll(() => execFileSync('rm', ['-rf', tmp]));

const OUTSIDE = path.join(tmp, 'outside');
mkdirSync(OUTSIDE);
writeFileSync(path.join(OUTSIDE, 'secret.txt'), 'outside the root\n');
writeFileSync(path.join(OUTSIDE, 'tcop.yml'), 'mode: advisory\n');

let n = 0;
function repo(build: (root: string) => void): string {
  const root = path.join(tmp, `repo-${n++}`);
  mkdirSync(path.join(root, '.github'), { recursive: true });
  writeFileSync(path.join(root, 'README.md'), 'A repository.\n');
  build(root);
  return root;
}

const load = (root: string) =>
  new LocalSource(root).load({
    wants: ['**'],
    needs: [],
    ignore: [],
    maxFileBytes: 1 << 20,
    now: new Date(),
  });

async function cli(root: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main([root, '--quiet'], {
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stderr };
}

describe('the config file', () => {
  it.each([
    [
      'a symlink to /etc/passwd',
      (root: string) => symlinkSync('/etc/passwd', path.join(root, '.github/tcop.yml')),
    ],
    [
      'a symlink to /proc/self/environ',
      (root: string) => symlinkSync('/proc/self/environ', path.join(root, '.github/tcop.yml')),
    ],
    [
      'a symlink to /dev/zero',
      (root: string) => symlinkSync('/dev/zero', path.join(root, '.github/tcop.yml')),
    ],
    [
      'a symlink to a config outside',
      (root: string) => symlinkSync(path.join(OUTSIDE, 'tcop.yml'), path.join(root, '.github/tcop.yml')),
    ],
  ])('%s is not followed: exit 2 naming the file', async (_name, build) => {
    const root = repo(build);
    await expect(new LocalSource(root).loadConfig('.github/tcop.yml')).rejects.toThrow(
      new ConfigError(
        '.github/tcop.yml',
        undefined,
        undefined,
        'the config file is a symbolic link, which is not followed',
      ),
    );
    expect(await cli(root)).toEqual({
      code: 2,
      stderr: `tcop-audit: ${path.join(root, '.github/tcop.yml')}: the config file is a symbolic link, which is not followed\n`,
    });
  });

  it('a FIFO is refused at once rather than waited on', async () => {
    const root = repo((r) => execFileSync('mkfifo', [path.join(r, '.github/tcop.yml')]));
    expect(await cli(root)).toEqual({
      code: 2,
      stderr: `tcop-audit: ${path.join(root, '.github/tcop.yml')}: the config file is not a regular file that can be read\n`,
    });
  });

  it('a config under a .github that is a symlink out of the root is refused', async () => {
    const root = repo((r) => {
      rmSync(path.join(r, '.github'), { recursive: true });
      symlinkSync(OUTSIDE, path.join(r, '.github'));
    });
    expect(await cli(root)).toEqual({
      code: 2,
      stderr: `tcop-audit: ${path.join(root, '.github/tcop.yml')}: a parent directory is a symbolic link, which is not followed\n`,
    });
  });

  it(`a config over ${MAX_CONFIG_BYTES} bytes is refused before it is parsed`, async () => {
    const root = repo((r) =>
      writeFileSync(path.join(r, '.github/tcop.yml'), `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`),
    );
    expect(await cli(root)).toEqual({
      code: 2,
      stderr: `tcop-audit: ${path.join(root, '.github/tcop.yml')}: the config file is larger than ${MAX_CONFIG_BYTES} bytes\n`,
    });
  });
});

describe('files in the tree', () => {
  it('a git index entry under a directory symlinked out of the root is listed as a symlink, not read', async () => {
    const root = repo((r) => {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
          cwd: r,
          encoding: 'utf8',
        }).trim();
      git('init', '-q', '.');
      symlinkSync(OUTSIDE, path.join(r, 'link'));
      const blob = git('hash-object', '-w', path.join(OUTSIDE, 'secret.txt'));
      git('update-index', '--add', '--cacheinfo', `100644,${blob},link/secret.txt`);
      git('add', 'README.md');
      git('commit', '-q', '-m', 'forged');
    });
    const data = await load(root);
    expect(data.files.map((f) => f.path)).toEqual(['README.md', 'link', 'link/secret.txt']);
    expect(data.contents.link).toMatchObject({ kind: 'skipped', reason: 'symlink' });
    expect(data.contents['link/secret.txt']).toEqual({ kind: 'skipped', reason: 'symlink', size: 0 });
    expect(JSON.stringify(data.contents)).not.toContain('outside the root');
  });

  it('FIFOs, devices and symlinks to /proc or /dev/zero in the tree are listed, skipped, never read', async () => {
    const root = repo((r) => {
      execFileSync('mkfifo', [path.join(r, 'pipe.txt')]);
      symlinkSync('/dev/zero', path.join(r, 'zero.txt'));
      symlinkSync('/proc/self/environ', path.join(r, 'environ.txt'));
      symlinkSync('.', path.join(r, 'loop'));
    });
    const data = await load(root);
    expect(data.files.map((f) => f.path)).toEqual([
      'README.md',
      'environ.txt',
      'loop',
      'pipe.txt',
      'zero.txt',
    ]);
    expect(data.contents['pipe.txt']).toEqual({ kind: 'skipped', reason: 'unreadable', size: 0 });
    for (const p of ['zero.txt', 'environ.txt', 'loop'])
      expect(data.contents[p]).toMatchObject({ kind: 'skipped', reason: 'symlink' });
  });

  it('a file name that is not UTF-8 is listed as skipped, not silently missing (walk)', async () => {
    const root = repo((r) => {
      writeFileSync(
        Buffer.concat([Buffer.from(`${r}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]),
        'x\n',
      );
    });
    const data = await load(root);
    expect(data.files.map((f) => f.path)).toEqual(['README.md', 'caf\ufffd.txt']);
    expect(data.contents['caf\ufffd.txt']).toEqual({ kind: 'skipped', reason: 'unreadable', size: 0 });
  });

  it('a name that holds a real U+FFFD is read; a name beside it that is not UTF-8 is skipped (walk)', async () => {
    const root = repo((r) => {
      writeFileSync(`${r}/real\ufffd.txt`, 'y\n');
      writeFileSync(
        Buffer.concat([Buffer.from(`${r}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]),
        'x\n',
      );
    });
    const data = await load(root);
    expect(data.files.map((f) => f.path)).toEqual(['README.md', 'caf\ufffd.txt', 'real\ufffd.txt']);
    expect(data.contents['caf\ufffd.txt']).toEqual({ kind: 'skipped', reason: 'unreadable', size: 0 });
    expect(data.contents['real\ufffd.txt']).toEqual({ kind: 'text', text: 'y\n' });
  });

  it('a file name that is not UTF-8 is listed as skipped, not silently missing (git)', async () => {
    const root = repo((r) => {
      execFileSync('git', ['init', '-q', '.'], { cwd: r });
      writeFileSync(
        Buffer.concat([Buffer.from(`${r}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]),
        'x\n',
      );
    });
    const data = await load(root);
    expect(data.files.map((f) => f.path)).toEqual(['README.md', 'caf\ufffd.txt']);
    expect(data.contents['caf\ufffd.txt']).toEqual({ kind: 'skipped', reason: 'unreadable', size: 0 });
  });

  it('a directory whose path is longer than PATH_MAX is listed as skipped', async () => {
    const segment = 'd'.repeat(250);
    const depth = 18; // 18 × 251 bytes: past Linux's 4096-byte PATH_MAX
    const root = repo((r) => {
      const script = `cd "$1" && for i in $(seq ${depth}); do mkdir ${segment} && cd ${segment}; done && echo deep > deep.txt`;
      execFileSync('bash', ['-c', script, 'bash', r]);
    });
    // The walk cannot open the deepest directory by its path: that directory is what is reported.
    const dirs = Array.from({ length: depth }, (_, i) =>
      Array(i + 1)
        .fill(segment)
        .join('/'),
    );
    const deep = dirs.find((d) => `${root}/${d}`.length >= 4096) as string; // PATH_MAX counts the NUL
    const data = await load(root);
    expect(data.files.map((f) => f.path)).toEqual(['README.md', deep]);
    expect(data.contents[deep]).toEqual({ kind: 'skipped', reason: 'unreadable', size: 0 });
  });
});
