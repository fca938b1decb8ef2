import { compileGlobs, literalPrefixes } from './glob.js';
import type { Fact, FactName, FileContent, FileEntry, RepoFacts, SnapshotData, Target } from './types.js';

/** Read-only view over {@link SnapshotData} with the lookups checks need. */
export class Snapshot {
  readonly target: Target;
  readonly commit: string | undefined;
  readonly now: Date;
  readonly files: readonly FileEntry[];
  readonly complete: boolean;
  readonly incompleteReason: string | undefined;
  private readonly byPath: Map<string, FileEntry>;
  private lowerPaths: Map<string, string[]> | undefined;
  // Indexes built once: checks call paths, listDir() and glob() many times over trees of 100,000 files.
  private readonly pathList: readonly string[];
  private byDir: Map<string, string[]> | undefined;
  private order: Uint32Array | undefined;
  private readonly globResults = new Map<string, readonly string[]>();

  constructor(readonly data: SnapshotData) {
    this.target = data.target;
    this.commit = data.commit;
    this.now = new Date(data.now);
    this.files = data.files;
    this.complete = data.complete;
    this.incompleteReason = data.incompleteReason;
    this.byPath = new Map(data.files.map((f) => [f.path, f]));
    this.pathList = Object.freeze(data.files.map((f) => f.path));
  }

  /** Every path in the tree, sorted: one frozen array shared by every caller. */
  get paths(): readonly string[] {
    return this.pathList;
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  entry(path: string): FileEntry | undefined {
    return this.byPath.get(path);
  }

  /** Paths equal to `path` ignoring case (GitHub renders README.MD as a README too). */
  findIgnoringCase(path: string): string[] {
    if (!this.lowerPaths) {
      this.lowerPaths = new Map();
      for (const p of this.pathList) {
        const key = p.toLowerCase();
        const list = this.lowerPaths.get(key);
        if (list) list.push(p);
        else this.lowerPaths.set(key, [p]);
      }
    }
    return this.lowerPaths.get(path.toLowerCase()) ?? [];
  }

  /** Paths matching any of the globs (minimatch, dot files included). */
  glob(patterns: string | readonly string[], options: { nocase?: boolean } = {}): string[] {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    const key = `${options.nocase ? 'i' : 's'}\0${list.join('\0')}`;
    let result = this.globResults.get(key);
    if (!result) {
      const matches = compileGlobs(list, options);
      const prefixes = options.nocase ? [''] : literalPrefixes(list);
      result = prefixes.includes('')
        ? this.pathList.filter((p) => matches(p))
        : this.inRanges(prefixes)
            .filter((i) => matches(this.pathList[i] as string))
            .map((i) => this.pathList[i] as string);
      this.globResults.set(key, result);
    }
    return [...result];
  }

  /**
   * Indexes, ascending, of the paths that start with any of the prefixes: a binary search into the
   * paths in sorted order, so a glob under `.github/` costs a few tests, not one per file.
   */
  private inRanges(prefixes: readonly string[]): number[] {
    const order = this.sortedOrder();
    const found = new Set<number>();
    for (const prefix of new Set(prefixes)) {
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.pathList[order[mid] as number] as string) < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < order.length; i++) {
        const index = order[i] as number;
        if (!(this.pathList[index] as string).startsWith(prefix)) break;
        found.add(index);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** Path indexes in `<` order: the identity when the source listed them sorted, as both do. */
  private sortedOrder(): Uint32Array {
    if (!this.order) {
      const n = this.pathList.length;
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      let sorted = true;
      for (let i = 1; i < n && sorted; i++)
        sorted = (this.pathList[i - 1] as string) <= (this.pathList[i] as string);
      if (!sorted) {
        const list = this.pathList;
        order.sort((a, b) =>
          (list[a] as string) < (list[b] as string) ? -1 : (list[a] as string) > (list[b] as string) ? 1 : 0,
        );
      }
      this.order = order;
    }
    return this.order;
  }

  /** Files directly in `dir` ('' for the root). */
  listDir(dir: string): string[] {
    if (!this.byDir) {
      this.byDir = new Map();
      for (const p of this.pathList) {
        const slash = p.lastIndexOf('/');
        const parent = slash === -1 ? '' : p.slice(0, slash);
        const list = this.byDir.get(parent);
        if (list) list.push(p);
        else this.byDir.set(parent, [p]);
      }
    }
    return [...(this.byDir.get(dir.replace(/\/$/, '')) ?? [])];
  }

  /** Contents as loaded, or undefined when the file was not wanted or does not exist. */
  content(path: string): FileContent | undefined {
    // Own keys only: a file named `constructor` or `toString` must not find Object.prototype's.
    return Object.hasOwn(this.data.contents, path) ? this.data.contents[path] : undefined;
  }

  /** Text of a file, or undefined when absent, not wanted, binary or too large. */
  text(path: string): string | undefined {
    const c = this.content(path);
    return c?.kind === 'text' ? c.text : undefined;
  }

  fact<K extends FactName>(name: K): Fact<RepoFacts[K]> {
    const fact = this.data.facts[name] as Fact<RepoFacts[K]> | undefined;
    return (
      fact ?? {
        state: 'unavailable',
        reason: 'not-supported',
        detail: `${this.target.kind === 'local' ? 'a local audit' : 'this source'} cannot know ${name}`,
      }
    );
  }
}

/** Per-snapshot memo for derived facts shared by several checks (licence detection, manifests). */
export function memoise<T>(compute: (snapshot: Snapshot) => T): (snapshot: Snapshot) => T {
  const cache = new WeakMap<Snapshot, T>();
  return (snapshot) => {
    if (cache.has(snapshot)) return cache.get(snapshot) as T;
    const value = compute(snapshot);
    cache.set(snapshot, value);
    return value;
  };
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
