import type { FileContent, SkipReason, SnapshotData, Target } from './types.js';
import { Snapshot } from './snapshot.js';

/** A file a source lists but does not read: too large, binary, a symbolic link… */
export interface MemorySkippedFile {
  reason: SkipReason;
  size: number;
}

export interface MemoryRepo {
  /** path → text contents (every file is both listed and readable). */
  files?: Record<string, string>;
  /** path → why the file was not read: listed with its size, its contents `{kind: 'skipped'}`. */
  skipped?: Record<string, MemorySkippedFile>;
  facts?: SnapshotData['facts'];
  now?: string;
  target?: Target;
  commit?: string;
  complete?: boolean;
}

/** Builds a snapshot from inline files: for one-file cases in tests. */
export function memorySnapshot(repo: MemoryRepo): Snapshot {
  const files = repo.files ?? {};
  const skipped = repo.skipped ?? {};
  const both = Object.keys(skipped).filter((p) => Object.hasOwn(files, p));
  if (both.length > 0) throw new Error(`memorySnapshot: ${both.join(', ')} both read and skipped`);
  // Object.fromEntries defines own properties, so even a file named `__proto__` is just a file.
  const contents: Record<string, FileContent> = Object.fromEntries([
    ...Object.entries(files).map(([p, text]): [string, FileContent] => [p, { kind: 'text', text }]),
    ...Object.entries(skipped).map(([p, { reason, size }]): [string, FileContent] => [
      p,
      { kind: 'skipped', reason, size },
    ]),
  ]);
  const sizes = new Map<string, number>([
    ...Object.entries(files).map(([p, text]): [string, number] => [p, Buffer.byteLength(text)]),
    ...Object.entries(skipped).map(([p, { size }]): [string, number] => [p, size]),
  ]);
  // SnapshotData.files is sorted, as every source lists it.
  const paths = [...sizes.keys()].sort();
  return new Snapshot({
    target: repo.target ?? { kind: 'local', path: '/memory' },
    ...(repo.commit ? { commit: repo.commit } : {}),
    now: repo.now ?? '2026-11-23T12:00:00Z',
    files: paths.map((p) => ({ path: p, size: sizes.get(p) as number })),
    contents,
    facts: repo.facts ?? {},
    complete: repo.complete ?? true,
  });
}
