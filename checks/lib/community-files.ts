import type { Snapshot } from '../../src/snapshot/snapshot.js';

/** GitHub looks for community health files in this order. */
export const COMMUNITY_DIRS = ['.github', '', 'docs'] as const;

/**
 * The path of a community health file (README, SECURITY, CONTRIBUTING, CODE_OF_CONDUCT), matching
 * any case and any extension, as GitHub does; undefined when there is none.
 * GitHub prefers `.github/`, then the root, then `docs/` — except for README, root first.
 */
export function findCommunityFile(snapshot: Snapshot, stem: string): string | undefined {
  const dirs = stem.toUpperCase() === 'README' ? (['', '.github', 'docs'] as const) : COMMUNITY_DIRS;
  const pattern = new RegExp(`^${stem.replace(/[-_]/g, '[-_]')}(\\.[A-Za-z0-9]+)?$`, 'i');
  for (const dir of dirs) {
    const candidates = snapshot
      .listDir(dir)
      .filter((p) => pattern.test(p.slice(dir === '' ? 0 : dir.length + 1)))
      .sort((a, b) => rankExtension(a) - rankExtension(b) || a.localeCompare(b));
    if (candidates[0]) return candidates[0];
  }
  return undefined;
}

function rankExtension(path: string): number {
  const lower = path.toLowerCase();
  if (lower.endsWith('.md')) return 0;
  if (lower.endsWith('.rst') || lower.endsWith('.adoc') || lower.endsWith('.txt')) return 1;
  return 2;
}
