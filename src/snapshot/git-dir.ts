/**
 * Reads a checkout's `.git` without running git: which git directory belongs to the root, and the
 * commit HEAD names with its committer date. A `.git` directory is repository content like any other:
 * its config may name commands, and a `gitdir:` file may point at any repository on the machine, so
 * nothing here executes anything, and a `gitdir:` pointer counts only when the git directory it
 * names points back at this root (a linked worktree or a submodule).
 */
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/** Where a root's git data lives. */
export interface GitDirs {
  /** HEAD, the index and per-worktree refs. */
  gitDir: string;
  /** objects/, refs/ and packed-refs (the main repository's git directory for a linked worktree). */
  commonDir: string;
}

export type GitDirResult = { ok: true; dirs: GitDirs } | { ok: false; detail: string };

/** The largest control file (HEAD, a ref, a `gitdir:` file) read; real ones are under 100 bytes. */
const MAX_CONTROL_BYTES = 4096;
/** The largest packed-refs file read: about a million refs. */
const MAX_PACKED_REFS_BYTES = 64 * 1024 * 1024;
/** A commit object larger than this (a huge message) is read only up to it: the header comes first. */
const MAX_COMMIT_BYTES = 1024 * 1024;
/** Symbolic refs (HEAD → refs/heads/main) and delta chains are followed this deep at most. */
const MAX_DEPTH = 50;

/** A regular file's text when it is one and small enough; never follows a symlink or opens a FIFO. */
function readSmallFile(file: string, maxBytes: number): string | undefined {
  const info = lstatSync(file, { throwIfNoEntry: false });
  if (!info?.isFile() || info.size > maxBytes) return undefined;
  return readFileSync(file, 'utf8');
}

function isDirectory(dir: string): boolean {
  return lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The git directories of `root`, or why there are none that can be trusted to describe it. */
export function resolveGitDirs(root: string): GitDirResult {
  const dotGit = path.join(root, '.git');
  const info = lstatSync(dotGit, { throwIfNoEntry: false });
  if (!info) return { ok: false, detail: 'no .git directory' };
  if (info.isSymbolicLink()) return { ok: false, detail: '.git is a symbolic link, which is not followed' };
  if (info.isDirectory()) return { ok: true, dirs: { gitDir: dotGit, commonDir: commonDirOf(dotGit) } };
  const text = readSmallFile(dotGit, MAX_CONTROL_BYTES);
  const pointer = /^gitdir: (.+)$/m.exec(text ?? '')?.[1]?.trim();
  if (!pointer) return { ok: false, detail: '.git is neither a directory nor a gitdir: file' };
  const gitDir = path.resolve(root, pointer);
  if (!isDirectory(gitDir) || !pointsBack(gitDir, root))
    return {
      ok: false,
      detail: `.git points to ${pointer}, a git directory that does not name this directory as its work tree`,
    };
  return { ok: true, dirs: { gitDir, commonDir: commonDirOf(gitDir) } };
}

/**
 * A linked worktree's git directory names the worktree's `.git` file in its `gitdir` file; a
 * submodule's names the submodule's directory as `core.worktree` in its config.
 */
function pointsBack(gitDir: string, root: string): boolean {
  const same = (a: string, b: string): boolean => path.resolve(a) === path.resolve(b);
  const back = readSmallFile(path.join(gitDir, 'gitdir'), MAX_CONTROL_BYTES)?.trim();
  if (back && same(path.resolve(gitDir, back), path.join(root, '.git'))) return true;
  const config = readSmallFile(path.join(gitDir, 'config'), 1024 * 1024) ?? '';
  const worktree = /^\s*worktree\s*=\s*(.+?)\s*$/im.exec(config)?.[1];
  return worktree !== undefined && same(path.resolve(gitDir, worktree), root);
}

function commonDirOf(gitDir: string): string {
  const common = readSmallFile(path.join(gitDir, 'commondir'), MAX_CONTROL_BYTES)?.trim();
  if (!common) return gitDir;
  const dir = path.resolve(gitDir, common);
  return isDirectory(dir) ? dir : gitDir;
}

const SHA = /^[0-9a-f]{40}$/;

/** The commit HEAD names, following symbolic refs through loose refs and packed-refs. */
export function headCommit(dirs: GitDirs): string | undefined {
  let ref = 'HEAD';
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const value = refValue(dirs, ref);
    if (value === undefined) return undefined;
    if (SHA.test(value)) return value;
    const target = /^ref: (refs\/\S+)$/.exec(value)?.[1];
    if (!target || target.split('/').includes('..')) return undefined;
    ref = target;
  }
  return undefined;
}

function refValue(dirs: GitDirs, ref: string): string | undefined {
  // HEAD is per worktree; branches and tags live in the common directory.
  const dir = ref === 'HEAD' ? dirs.gitDir : dirs.commonDir;
  const loose = readSmallFile(path.join(dir, ref), MAX_CONTROL_BYTES)?.trim();
  if (loose) return loose;
  if (ref === 'HEAD') return undefined;
  const packed = readSmallFile(path.join(dirs.commonDir, 'packed-refs'), MAX_PACKED_REFS_BYTES) ?? '';
  for (const line of packed.split('\n')) {
    const space = line.indexOf(' ');
    if (space === 40 && line.slice(41) === ref) return line.slice(0, 40);
  }
  return undefined;
}

/** A commit's committer time as git's `%cI` prints it (strict ISO 8601 in the committer's zone). */
export function committerDate(commitText: string): string | undefined {
  const m = /^committer .*> (\d+) ([+-])(\d\d)(\d\d)$/m.exec(commitText.slice(0, commitText.indexOf('\n\n')));
  if (!m) return undefined;
  const [, seconds, sign, hours, minutes] = m as unknown as [string, string, string, string, string];
  const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const local = new Date((Number(seconds) + offset * 60) * 1000);
  if (Number.isNaN(local.getTime())) return undefined;
  return `${local.toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** A commit's text from the object store, loose or packed; undefined when it is not there. */
export function readCommit(dirs: GitDirs, sha: string): string | undefined {
  const objects = path.join(dirs.commonDir, 'objects');
  const loose = path.join(objects, sha.slice(0, 2), sha.slice(2));
  const info = lstatSync(loose, { throwIfNoEntry: false });
  if (info?.isFile()) {
    if (info.size > MAX_COMMIT_BYTES) return undefined;
    const raw = inflatePrefix(readFileSync(loose), MAX_COMMIT_BYTES);
    const nul = raw.indexOf(0);
    if (nul === -1 || !raw.subarray(0, nul).toString('latin1').startsWith('commit ')) return undefined;
    return raw.subarray(nul + 1).toString('utf8');
  }
  const packDir = path.join(objects, 'pack');
  if (!isDirectory(packDir)) return undefined;
  for (const name of readdirSync(packDir)) {
    if (!name.endsWith('.idx')) continue;
    const pack = path.join(packDir, name.slice(0, -4) + '.pack');
    const offset = findInIndex(path.join(packDir, name), sha);
    if (offset === undefined) continue;
    const object = readPacked(pack, offset, path.join(packDir, name), 0);
    return object?.type === 1 ? object.data.toString('utf8') : undefined;
  }
  return undefined;
}

/** Inflates zlib data that may be followed by more bytes, keeping at most `max` bytes of output. */
function inflatePrefix(data: Buffer, max: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: max });
  } catch {
    return Buffer.alloc(0);
  }
}

/** The pack offset of `sha` in a version 2 pack index (gitformat-pack(5)), by binary search. */
function findInIndex(idxFile: string, sha: string): number | undefined {
  const info = lstatSync(idxFile, { throwIfNoEntry: false });
  if (!info?.isFile()) return undefined;
  const idx = readFileSync(idxFile);
  if (idx.length < 8 + 256 * 4 || idx.readUInt32BE(0) !== 0xff744f63 || idx.readUInt32BE(4) !== 2)
    return undefined;
  const want = Buffer.from(sha, 'hex');
  const first = want[0] as number;
  const fanout = (i: number): number => idx.readUInt32BE(8 + i * 4);
  const total = fanout(255);
  let lo = first === 0 ? 0 : fanout(first - 1);
  let hi = fanout(first);
  const names = 8 + 256 * 4;
  if (idx.length < names + total * 28) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cmp = idx.compare(want, 0, 20, names + mid * 20, names + mid * 20 + 20);
    if (cmp === 0) {
      const offsets = names + total * 24;
      const small = idx.readUInt32BE(offsets + mid * 4);
      if ((small & 0x80000000) === 0) return small;
      const large = offsets + total * 4 + (small & 0x7fffffff) * 8;
      return large + 8 <= idx.length ? Number(idx.readBigUInt64BE(large)) : undefined;
    }
    if (cmp > 0) hi = mid;
    else lo = mid + 1;
  }
  return undefined;
}

interface PackedObject {
  type: number;
  data: Buffer;
}

/** Reads `length` bytes at `position` of a file (fewer at its end). */
function readAt(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    if (!fstatSync(fd).isFile()) return Buffer.alloc(0);
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** One object of a pack, with OFS_DELTA and REF_DELTA chains resolved. */
function readPacked(pack: string, offset: number, idxFile: string, depth: number): PackedObject | undefined {
  if (depth > MAX_DEPTH) return undefined;
  // The entry header and the zlib stream of a commit or a delta; objects larger than the cap are not read.
  const chunk = readAt(pack, offset, MAX_COMMIT_BYTES + 64);
  if (chunk.length === 0) return undefined;
  let pos = 0;
  let byte = chunk[pos++] as number;
  const type = (byte >> 4) & 7;
  let size = byte & 15;
  let shift = 4;
  while (byte & 0x80) {
    byte = chunk[pos++] as number;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  if (size > MAX_COMMIT_BYTES) return undefined;
  if (type === 6) {
    byte = chunk[pos++] as number;
    let back = byte & 0x7f;
    while (byte & 0x80) {
      byte = chunk[pos++] as number;
      back = (back + 1) * 128 + (byte & 0x7f);
    }
    const base = readPacked(pack, offset - back, idxFile, depth + 1);
    return base && applyDelta(base, inflatePrefix(chunk.subarray(pos), size));
  }
  if (type === 7) {
    const baseSha = chunk.subarray(pos, pos + 20).toString('hex');
    const baseOffset = findInIndex(idxFile, baseSha);
    const base = baseOffset === undefined ? undefined : readPacked(pack, baseOffset, idxFile, depth + 1);
    return base && applyDelta(base, inflatePrefix(chunk.subarray(pos + 20), size));
  }
  return { type, data: inflatePrefix(chunk.subarray(pos), size) };
}

/** Applies a git delta (gitformat-pack(5), "Deltified representation") to its base. */
function applyDelta(base: PackedObject, delta: Buffer): PackedObject | undefined {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[pos++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && pos < delta.length);
    return value;
  };
  if (varint() !== base.data.length) return undefined;
  const size = varint();
  if (size > MAX_COMMIT_BYTES) return undefined;
  const out = Buffer.alloc(size);
  let filled = 0;
  while (pos < delta.length) {
    const op = delta[pos++] as number;
    if (op & 0x80) {
      let from = 0;
      let length = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) from += (delta[pos++] ?? 0) * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (1 << (4 + i))) length += (delta[pos++] ?? 0) * 2 ** (8 * i);
      if (length === 0) length = 0x10000;
      if (from + length > base.data.length || filled + length > size) return undefined;
      base.data.copy(out, filled, from, from + length);
      filled += length;
    } else if (op > 0) {
      if (filled + op > size || pos + op > delta.length) return undefined;
      delta.copy(out, filled, pos, pos + op);
      filled += op;
      pos += op;
    } else {
      return undefined;
    }
  }
  return filled === size ? { type: base.type, data: out } : undefined;
}
