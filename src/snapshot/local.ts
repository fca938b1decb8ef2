import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import type {
  ConfigSources,
  FileContent,
  FileEntry,
  SnapshotData,
  SnapshotRequest,
  SnapshotSource,
  Target,
} from './types.js';
import { readLocalGitFacts } from './local-git.js';

/** Bytes inspected for a NUL to call a file binary (git's heuristic). */
const BINARY_SNIFF_BYTES = 8000;

export function isBinary(buffer: Uint8Array): boolean {
  const end = Math.min(buffer.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (buffer[i] === 0) return true;
  return false;
}

/** Turns a list of globs into one predicate, compiled once. */
export function globMatcher(patterns: readonly string[]): (p: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matchers = patterns.map((p) => new minimatch.Minimatch(p, { dot: true }));
  return (p) => matchers.some((m) => m.match(p));
}

/** Snapshots of a directory on disk, honouring `.gitignore` files at every level. */
export class LocalSource implements SnapshotSource {
  readonly target: Target;

  constructor(readonly root: string) {
    this.target = { kind: 'local', path: path.resolve(root) };
  }

  async loadConfig(configPath: string): Promise<ConfigSources> {
    const abs = path.resolve(this.root, configPath);
    try {
      return { repo: { path: configPath, text: await readFile(abs, 'utf8') } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  async load(request: SnapshotRequest): Promise<SnapshotData> {
    const root = path.resolve(this.root);
    const rootStat = await stat(root).catch(() => undefined);
    if (!rootStat?.isDirectory()) throw new Error(`${this.root}: not a directory`);
    const ignored = globMatcher(request.ignore);
    const wanted = globMatcher(request.wants);
    const files: FileEntry[] = [];
    const contents: Record<string, FileContent> = {};
    const reads: Promise<void>[] = [];

    const walk = async (dir: string, rules: { base: string; ig: Ignore }[]): Promise<void> => {
      const rel = path.relative(root, dir).split(path.sep).join('/');
      const entries = await readdir(dir, { withFileTypes: true });
      let scoped = rules;
      if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const text = await readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
        scoped = [...rules, { base: rel, ig: ignore().add(text) }];
      }
      const isIgnored = (relPath: string, isDir: boolean): boolean =>
        scoped.some(({ base, ig }) => {
          const sub = base === '' ? relPath : relPath.slice(base.length + 1);
          return ig.ignores(isDir ? sub + '/' : sub);
        });
      const subdirs: Promise<void>[] = [];
      for (const entry of entries) {
        if (entry.name === '.git') continue;
        const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (isIgnored(relPath, true) || ignored(relPath)) continue;
          subdirs.push(walk(path.join(dir, entry.name), scoped));
        } else if (entry.isFile()) {
          if (isIgnored(relPath, false) || ignored(relPath)) continue;
          const entryIndex = files.push({ path: relPath, size: -1 }) - 1;
          const abs = path.join(dir, entry.name);
          const isWanted = wanted(relPath);
          reads.push(
            readEntry(abs, isWanted, request.maxFileBytes).then(({ size, content }) => {
              (files[entryIndex] as FileEntry).size = size;
              if (content) contents[relPath] = content;
            }),
          );
        }
      }
      await Promise.all(subdirs);
    };

    await walk(root, []);
    await Promise.all(reads);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const facts = await readLocalGitFacts(root);
    return {
      target: this.target,
      ...(facts.commit ? { commit: facts.commit } : {}),
      now: request.now.toISOString(),
      files,
      contents,
      facts: facts.facts,
      complete: true,
    };
  }
}

async function readEntry(
  abs: string,
  isWanted: boolean,
  maxBytes: number,
): Promise<{ size: number; content?: FileContent }> {
  const info = await stat(abs).catch(() => undefined);
  const size = info?.size ?? 0;
  if (!isWanted) return { size };
  if (!info) return { size, content: { kind: 'skipped', reason: 'unreadable', size } };
  if (size > maxBytes) return { size, content: { kind: 'skipped', reason: 'too-large', size } };
  try {
    const buffer = await readFile(abs);
    if (isBinary(buffer)) return { size, content: { kind: 'skipped', reason: 'binary', size } };
    return { size, content: { kind: 'text', text: buffer.toString('utf8') } };
  } catch {
    return { size, content: { kind: 'skipped', reason: 'unreadable', size } };
  }
}
