import type { FileContent, SnapshotData, Target } from './types.js';
import { Snapshot } from './snapshot.js';

export interface MemoryRepo {
  /** path → text contents (every file is both listed and readable). */
  files: Record<string, string>;
  facts?: SnapshotData['facts'];
  now?: string;
  target?: Target;
  commit?: string;
  complete?: boolean;
}

/** Builds a snapshot from inline files: for one-file cases in tests. */
export function memorySnapshot(repo: MemoryRepo): Snapshot {
  const paths = Object.keys(repo.files).sort();
  const contents: Record<string, FileContent> = {};
  for (const p of paths) contents[p] = { kind: 'text', text: repo.files[p] as string };
  return new Snapshot({
    target: repo.target ?? { kind: 'local', path: '/memory' },
    ...(repo.commit ? { commit: repo.commit } : {}),
    now: repo.now ?? '2026-11-23T12:00:00Z',
    files: paths.map((p) => ({ path: p, size: Buffer.byteLength(repo.files[p] as string) })),
    contents,
    facts: repo.facts ?? {},
    complete: repo.complete ?? true,
  });
}
