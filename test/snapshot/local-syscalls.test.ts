import type * as NodeFs from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotRequest } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';

// Counts the per-file system calls of a local snapshot: reading 100,000 files is bound by them, so
// each call saved per file is work saved on every large tree. Work is counted, never timed.
const calls = vi.hoisted(() => ({ lstat: [] as string[], open: [] as string[], bytesRead: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const lstatSync = ((p: NodeFs.PathLike, options?: NodeFs.StatSyncOptions) => {
    calls.lstat.push(String(p));
    return fs.lstatSync(p, options);
  }) as typeof fs.lstatSync;
  const openSync = ((p: string, ...rest: unknown[]) => {
    calls.open.push(String(p));
    return (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync;
  const readSync = ((...args: unknown[]) => {
    const n = (fs.readSync as (...a: unknown[]) => number)(...args);
    calls.bytesRead += n;
    return n;
  }) as typeof fs.readSync;
  return {
    ...fs,
    default: { ...fs, lstatSync, openSync, readSync },
    lstatSync,
    openSync,
    readSync,
  };
});

const { LocalSource } = await import('../../src/snapshot/local.js');

const request = (wants: string[], maxFileBytes = 1024): SnapshotRequest => ({
  wants,
  needs: [],
  ignore: [],
  maxFileBytes,
  now: FIXED_NOW,
});

describe('LocalSource system calls', () => {
  let root: string;
  /** Paths under the tree (not .git) that were lstat'ed or opened, relative and sorted. */
  const under = (list: string[]): string[] =>
    list
      .filter((p) => p.startsWith(root + path.sep))
      .map((p) => path.relative(root, p).split(path.sep).join('/'))
      .filter((p) => !p.startsWith('.git/') && p !== '.git')
      .sort();

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tcop-local-calls-'));
    await mkdir(path.join(root, 'src'));
    await writeFile(path.join(root, 'README.md'), '# Hello\n');
    await writeFile(path.join(root, 'src/a.ts'), 'export {};\n');
    await writeFile(path.join(root, 'src/big.md'), 'x'.repeat(2000));
    await symlink('README.md', path.join(root, 'link.md'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls.lstat.length = 0;
    calls.open.length = 0;
    calls.bytesRead = 0;
  });

  it('opens a wanted file without lstat-ing it first; lstat only tells why an open failed', async () => {
    const data = await new LocalSource(root).load(request(['**']));
    expect(data.files.map((f) => [f.path, f.size])).toEqual([
      ['README.md', 8],
      ['link.md', 9],
      ['src/a.ts', 11],
      ['src/big.md', 2000],
    ]);
    expect(data.contents['link.md']).toEqual({ kind: 'skipped', reason: 'symlink', size: 9 });
    expect(data.contents['src/big.md']).toEqual({ kind: 'skipped', reason: 'too-large', size: 2000 });
    expect(under(calls.open)).toEqual(['README.md', 'link.md', 'src/a.ts', 'src/big.md']);
    expect(under(calls.lstat)).toEqual(['link.md']);
  });

  it('sizes a file no check wants with lstat alone, never opening it', async () => {
    const data = await new LocalSource(root).load(request(['src/*.ts']));
    expect(data.files.map((f) => f.path)).toEqual(['README.md', 'link.md', 'src/a.ts', 'src/big.md']);
    expect(Object.keys(data.contents).sort()).toEqual(['src/a.ts']);
    expect(under(calls.open)).toEqual(['src/a.ts']);
    expect(under(calls.lstat)).toEqual(['README.md', 'link.md', 'src/big.md']);
  });

  it('reads a binary file only as far as the bytes that show it is binary', async () => {
    const tree = await mkdtemp(path.join(os.tmpdir(), 'tcop-local-binary-'));
    try {
      const image = Buffer.alloc(100_000, 0x41);
      image[10] = 0;
      await writeFile(path.join(tree, 'image.png'), image);
      const data = await new LocalSource(tree).load(request(['**'], 1024 * 1024));
      expect(data.contents['image.png']).toEqual({ kind: 'skipped', reason: 'binary', size: 100_000 });
      expect(calls.bytesRead).toBe(8000);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
