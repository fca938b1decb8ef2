import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { classifyRef, structuredDocument } from './documents.js';
import type { SpecProblem, UnresolvedRef } from './types.js';

/** The files a multi-file spec is made of, and the references that lead out of the snapshot. */
export interface RefGraph {
  /** Files reached through `$ref`, root excluded, in discovery order. */
  includes: string[];
  unresolved: UnresolvedRef[];
  problems: SpecProblem[];
  /** True for a `$ref` (as written in `fromPath`) that cannot be followed inside the snapshot. */
  isUnresolvable(ref: string, fromPath: string): boolean;
}

/**
 * Walks `$ref`s from a root file through the snapshot. Remote references are recorded and never
 * fetched (an audit must not depend on, or leak to, the network); references to files that are
 * not in the tree are errors located at the `$ref`.
 */
export function followRefs(snapshot: Snapshot, root: string): RefGraph {
  const includes: string[] = [];
  const unresolved: UnresolvedRef[] = [];
  const problems: SpecProblem[] = [];
  const seen = new Set<string>([root]);
  const readable = (file: string): boolean => structuredDocument(snapshot, file)?.value !== undefined;
  const queue = [root];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const site of structuredDocument(snapshot, file)?.refs() ?? []) {
      const target = classifyRef(site.ref, file);
      if (target.kind === 'internal') continue;
      if (target.kind === 'remote') {
        unresolved.push({ path: file, line: site.line, ref: site.ref, reason: 'remote' });
        continue;
      }
      if (seen.has(target.file)) continue;
      seen.add(target.file);
      if (!snapshot.has(target.file)) {
        unresolved.push({ path: file, line: site.line, ref: site.ref, reason: 'missing' });
        problems.push({
          path: file,
          line: site.line,
          severity: 'error',
          message: `$ref "${site.ref}": ${target.file} is not in the repository`,
        });
        continue;
      }
      if (!readable(target.file)) {
        const skipped = snapshot.content(target.file);
        const why =
          skipped?.kind === 'skipped'
            ? `was not read (${skipped.reason})`
            : 'is not YAML or JSON the audit could read';
        unresolved.push({ path: file, line: site.line, ref: site.ref, reason: 'missing' });
        problems.push({
          path: file,
          line: site.line,
          severity: 'warning',
          message: `$ref "${site.ref}": ${target.file} ${why}`,
        });
        continue;
      }
      includes.push(target.file);
      queue.push(target.file);
    }
  }
  return {
    includes,
    unresolved,
    problems,
    isUnresolvable(ref, fromPath) {
      const target = classifyRef(ref, fromPath);
      if (target.kind === 'internal') return false;
      if (target.kind === 'remote') return true;
      return !readable(target.file);
    },
  };
}
