import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ConfigError } from '../engine/config-file.js';
import type {
  ConfigSources,
  FileContent,
  FileEntry,
  SnapshotData,
  SnapshotRequest,
  SkipReason,
  SnapshotSource,
  Target,
} from './types.js';
import { BINARY_SNIFF_BYTES, binaryFromStart, decodeText } from './decode.js';
import { compileGlobs } from './glob.js';
import { listGitFiles, readLocalGitFacts } from './local-git.js';

export { isBinary } from './decode.js';

/** Turns a list of globs (minimatch, dot) into one predicate, compiled once. */
export function globMatcher(patterns: readonly string[]): (p: string) => boolean {
  return compileGlobs(patterns);
}

/**
 * Directories whose whole contents a config `ignore` list drops (`fixtures/**`), so a walk need not
 * enter them. Only `X/**` globs prune; any other glob is matched file by file.
 */
export function prunedDirMatcher(patterns: readonly string[]): (dir: string) => boolean {
  const prefixes = patterns.filter((p) => p.endsWith('/**') && p.length > 3).map((p) => p.slice(0, -3));
  return globMatcher(prefixes);
}

/**
 * One listed path, before it is stat'ed. `problem` marks a path that cannot be read as listed (a name
 * that is not UTF-8, a directory that cannot be opened): it is reported as skipped, never dropped.
 */
export interface ListedPath {
  path: string;
  problem?: SkipReason;
  /** A directory that could not be listed: whatever is in it is missing from the listing. */
  directory?: true;
}

/** The largest config file read: far above any real one, far below what would stall the parser. */
export const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * Answers whether a listed path's parent directories are the root's own: O_NOFOLLOW guards only the
 * last component, so `link/passwd` under a directory symlink to /etc would otherwise be read.
 * Resolves each directory once, with the system's realpath (one call, where Node's own lstat's every
 * component of every directory again).
 */
export function parentsInsideRoot(root: string): (relPath: string) => boolean {
  const realRoot = realpathSync.native(root);
  const verdicts = new Map<string, boolean>([['', true]]);
  const check = (dir: string): boolean => {
    const known = verdicts.get(dir);
    if (known !== undefined) return known;
    const slash = dir.lastIndexOf('/');
    let ok = check(slash === -1 ? '' : dir.slice(0, slash));
    if (ok) {
      try {
        ok = realpathSync.native(path.join(root, dir)) === path.join(realRoot, dir);
      } catch {
        ok = false;
      }
    }
    verdicts.set(dir, ok);
    return ok;
  };
  return (relPath) => {
    const slash = relPath.lastIndexOf('/');
    return check(slash === -1 ? '' : relPath.slice(0, slash));
  };
}

/** Snapshots of a directory on disk, honouring `.gitignore` files at every level. */
export class LocalSource implements SnapshotSource {
  readonly target: Target;

  /** `git ls-files`, started by {@link prepare} or by the first load. */
  private listing: ReturnType<typeof listGitFiles> | undefined;

  constructor(readonly root: string) {
    this.target = { kind: 'local', path: path.resolve(root) };
  }

  /** Starts git listing the files: a separate process, working while the caller loads the checks. */
  prepare(): void {
    this.gitListing();
  }

  private gitListing(): ReturnType<typeof listGitFiles> {
    if (!this.listing) {
      this.listing = listGitFiles(path.resolve(this.root));
      // Handled where load awaits it; never an unhandled rejection meanwhile.
      this.listing.catch(() => undefined);
    }
    return this.listing;
  }

  /**
   * The config file, read as any repository file is: never through a symlink (its own or a parent
   * directory's), never from a FIFO or a device, and never past {@link MAX_CONFIG_BYTES}.
   */
  async loadConfig(configPath: string): Promise<ConfigSources> {
    const root = path.resolve(this.root);
    const fail = (detail: string): never => {
      throw new ConfigError(configPath, undefined, undefined, detail);
    };
    if (lstatSync(path.join(root, configPath), { throwIfNoEntry: false }) === undefined) return {};
    if (!parentsInsideRoot(root)(configPath))
      fail('a parent directory is a symbolic link, which is not followed');
    const read = readEntry(path.join(root, configPath), true, MAX_CONFIG_BYTES);
    const content = read?.content;
    if (!content) return {};
    if (content.kind === 'text') return { repo: { path: configPath, text: content.text } };
    const why: Record<SkipReason, string> = {
      symlink: 'a symbolic link, which is not followed',
      'too-large': `larger than ${MAX_CONFIG_BYTES} bytes`,
      binary: 'a binary file',
      undecodable: 'not valid text in the encoding its byte-order mark names',
      unreadable: 'not a regular file that can be read',
      truncated: 'truncated',
    };
    return fail(`the config file is ${why[content.reason]}`);
  }

  async load(request: SnapshotRequest): Promise<SnapshotData> {
    const root = path.resolve(this.root);
    const rootStat = await stat(root).catch(() => undefined);
    if (!rootStat?.isDirectory()) throw new Error(`${this.root}: not a directory`);
    const ignored = globMatcher(request.ignore);
    const pruned = prunedDirMatcher(request.ignore);
    const wanted = globMatcher(request.wants);

    // git knows exactly what it tracks and ignores (nested .gitignore, info/exclude, core.excludesFile);
    // the walk is the fallback for a directory that is not a repository, or when git is unavailable.
    // git log runs while the files are listed and read: it is a separate process.
    const gitFacts = readLocalGitFacts(root);
    const listing = this.gitListing();
    this.listing = undefined; // a later load lists the files afresh
    const listed = (await listing) ?? (await walk(root, pruned));
    const paths = listed.filter((p) => !ignored(p.path));

    const entries: FileEntry[] = [];
    const contents: Record<string, FileContent> = {};
    const inside = parentsInsideRoot(root);
    for (const { path: relPath, problem } of paths) {
      const reason = problem ?? (inside(relPath) ? undefined : 'symlink');
      if (reason) {
        entries.push({ path: relPath, size: 0 });
        contents[relPath] = { kind: 'skipped', reason, size: 0 };
        continue;
      }
      const result = readEntry(path.join(root, relPath), wanted(relPath), request.maxFileBytes);
      if (!result) continue; // vanished since listing, or a directory (a submodule's gitlink)
      entries.push({ path: relPath, size: result.size });
      if (result.content) contents[relPath] = result.content;
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const facts = await gitFacts;
    // A directory that could not be opened hides files the listing cannot name: not complete.
    const unlisted = paths.filter((p) => 'directory' in p && p.directory === true).map((p) => p.path);
    return {
      target: this.target,
      ...(facts.commit ? { commit: facts.commit } : {}),
      now: request.now.toISOString(),
      files: entries,
      contents,
      facts: facts.facts,
      complete: unlisted.length === 0,
      ...(unlisted.length > 0 ? { incompleteReason: unlistedReason(unlisted) } : {}),
    };
  }
}

/** Names the first few directories that could not be listed, and counts the rest. */
function unlistedReason(dirs: readonly string[]): string {
  const shown = dirs.slice(0, 5).map((d) => JSON.stringify(d));
  const more = dirs.length > shown.length ? ` and ${dirs.length - shown.length} more` : '';
  return `${dirs.length === 1 ? 'a directory' : `${dirs.length} directories`} could not be listed: ${shown.join(', ')}${more}`;
}

/** Walks a directory tree, honouring `.gitignore` at every level and never following symlinks. */
export async function walk(
  root: string,
  pruned: (dir: string) => boolean = () => false,
): Promise<ListedPath[]> {
  const out: ListedPath[] = [];
  const visit = async (dir: string, rules: readonly { base: string; ig: Ignore }[]): Promise<void> => {
    const rel = path.relative(root, dir).split(path.sep).join('/');
    let listing: Listing;
    try {
      listing = await listDirectory(dir);
    } catch {
      if (rel !== '') out.push({ path: rel, problem: 'unreadable', directory: true }); // its contents are missing
      return;
    }
    const { entries, invalid } = listing;
    let scoped = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const text = await readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
      scoped = [...rules, { base: rel, ig: ignore().add(text) }];
    }
    // As git does: the deepest .gitignore with a matching rule decides, so `!keep.log` in src/.gitignore
    // re-includes a file that the root's `*.log` excludes (gitignore(5), "PATTERN FORMAT").
    const isIgnored = (relPath: string, isDir: boolean): boolean => {
      for (let i = scoped.length - 1; i >= 0; i--) {
        const { base, ig } = scoped[i] as { base: string; ig: Ignore };
        const sub = base === '' ? relPath : relPath.slice(base.length + 1);
        const verdict = ig.test(isDir ? sub + '/' : sub);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      return false;
    };
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (invalid?.has(entry)) {
        // A name that is not UTF-8 cannot be opened by a path string: listed under its lossy form.
        if (!isIgnored(relPath, entry.isDirectory())) out.push({ path: relPath, problem: 'unreadable' });
        continue;
      }
      if (entry.isDirectory()) {
        if (pruned(relPath) || isIgnored(relPath, true)) continue;
        subdirs.push(visit(path.join(dir, entry.name), scoped));
      } else if (!isIgnored(relPath, false)) {
        // Files, symlinks, and FIFOs, sockets and devices too: those are listed and skipped, never omitted.
        out.push({ path: relPath });
      }
    }
    await Promise.all(subdirs);
  };
  await visit(root, []);
  return out;
}

/** A directory entry as the walk reads it. */
interface DirEntry {
  readonly name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** A directory's entries; `invalid` holds those whose name is not UTF-8 (shown in its lossy form). */
interface Listing {
  entries: readonly DirEntry[];
  invalid?: ReadonlySet<DirEntry>;
}

/**
 * One readdir of a directory, names decoded as UTF-8. A name that is not UTF-8 decodes with U+FFFD
 * in it, so only a directory with such a name is read again as bytes, to tell which names are not
 * UTF-8 (a name may hold a real U+FFFD): every other directory costs one readdir and no Buffer per
 * name.
 */
async function listDirectory(dir: string): Promise<Listing> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (!entries.some((e) => e.name.includes('\ufffd'))) return { entries };
  const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  const invalid = new Set<DirEntry>();
  const decoded = raw.map((e): DirEntry => {
    const entry = {
      name: e.name.toString('utf8'),
      isFile: () => e.isFile(),
      isDirectory: () => e.isDirectory(),
    };
    if (!Buffer.from(entry.name, 'utf8').equals(e.name)) invalid.add(entry);
    return entry;
  });
  return { entries: decoded, invalid };
}

/**
 * Sizes a listed path and, when a check wants it, reads it: symlinks are not followed, files over the
 * cap and binaries are listed but not read. Undefined when the path is gone or is a directory.
 *
 * Synchronous on purpose: for 100,000 small files the calls straight through are several times faster
 * than the same calls as promises, whose per-call overhead dominates. A wanted path is opened first and
 * sized with fstat, so it costs open, fstat, read and close; lstat runs only when the open fails (a
 * symlink, a socket, a path gone or unreadable) to tell why and how large it is.
 */
function readEntry(
  abs: string,
  isWanted: boolean,
  maxBytes: number,
): { size: number; content?: FileContent } | undefined {
  if (!isWanted) {
    const info = lstatEntry(abs);
    return info === 'unreadable' ? unreadable() : info && { size: info.size };
  }
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink fails with ELOOP instead of being followed; O_NONBLOCK: a FIFO cannot hang us.
    fd = openSync(abs, OPEN_FLAGS);
  } catch {
    const info = lstatEntry(abs);
    if (info === 'unreadable') return unreadable();
    if (!info) return undefined;
    const size = info.size;
    const reason = info.isSymbolicLink() ? 'symlink' : 'unreadable';
    return { size, content: { kind: 'skipped', reason, size } };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return undefined;
    const size = info.size;
    if (!info.isFile()) return { size, content: { kind: 'skipped', reason: 'unreadable', size } };
    if (size > maxBytes) return { size, content: { kind: 'skipped', reason: 'too-large', size } };
    try {
      const bytes = readExactly(fd, size);
      if (bytes === 'binary') return { size, content: { kind: 'skipped', reason: 'binary', size } };
      const decoded = decodeText(bytes);
      if (decoded.kind === 'text') return { size, content: decoded };
      return { size, content: { kind: 'skipped', reason: decoded.kind, size } };
    } catch {
      return { size, content: { kind: 'skipped', reason: 'unreadable', size } };
    }
  } finally {
    closeSync(fd);
  }
}

/** A path that exists but cannot be stat'ed: listed, not readable. */
function unreadable(): { size: number; content: FileContent } {
  return { size: 0, content: { kind: 'skipped', reason: 'unreadable', size: 0 } };
}

/**
 * The path's own status; undefined when it is gone or is a directory (a submodule's gitlink),
 * 'unreadable' for ENAMETOOLONG (a path over PATH_MAX) or EACCES under an unreadable directory.
 */
function lstatEntry(abs: string): Stats | undefined | 'unreadable' {
  let info;
  try {
    info = lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    return 'unreadable';
  }
  return !info || info.isDirectory() ? undefined : info;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * One buffer that every file is read into in turn, grown to the largest file read so far: a fresh
 * buffer per file cost an allocation, fresh pages and a collection for each of 100,000 files,
 * and the bytes never outlive {@link decodeText}, which turns them into a string.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads up to `size` bytes (known from fstat) from an open file, into the shared scratch buffer:
 * the view is valid only until the next call. A file that its first bytes already show to be
 * binary (an image, an archive) is read no further: 'binary', as {@link decodeText} would say.
 */
function readExactly(fd: number, size: number): Buffer | 'binary' {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
  const buffer = scratch;
  const sniffed = Math.min(size, BINARY_SNIFF_BYTES);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, buffer, filled, (filled < sniffed ? sniffed : size) - filled, null);
    if (n === 0) break; // truncated since fstat
    filled += n;
    if (filled === sniffed && sniffed < size && binaryFromStart(buffer.subarray(0, sniffed))) return 'binary';
  }
  return buffer.subarray(0, filled);
}
