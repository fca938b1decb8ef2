import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { memoise } from '../../../src/snapshot/snapshot.js';
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
 * Files a `$ref` includes as text rather than parses: Markdown for descriptions (Redocly's
 * multi-file sources), HTML and plain text. JSON Schema $Ref Parser, which Redocly and Swagger
 * Parser build on, reads these as strings.
 */
const TEXT_INCLUDE = /\.(md|markdown|txt|html?)$/i;

export function isTextInclude(path: string): boolean {
  return TEXT_INCLUDE.test(path);
}

/** Every directory that holds a file, and every symbolic link, once per snapshot. */
const treeShape = memoise((snapshot: Snapshot): { dirs: Set<string>; symlinks: Set<string> } => {
  const dirs = new Set<string>();
  const symlinks = new Set<string>();
  for (const path of snapshot.paths) {
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) dirs.add(path.slice(0, i));
    const content = snapshot.content(path);
    if (content?.kind === 'skipped' && content.reason === 'symlink') symlinks.add(path);
  }
  return { dirs, symlinks };
});

/** Why a file a `$ref` names is not in the snapshot: behind a symbolic link, in a missing directory, or missing itself. */
function whyMissing(
  snapshot: Snapshot,
  file: string,
): { kind: 'symlink'; link: string } | { kind: 'directory'; dir: string } | { kind: 'file' } {
  const { dirs, symlinks } = treeShape(snapshot);
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (symlinks.has(prefix)) return { kind: 'symlink', link: prefix };
    if (!dirs.has(prefix)) return { kind: 'directory', dir: prefix };
  }
  return { kind: 'file' };
}

/**
 * Walks `$ref`s from a root file through the snapshot. Remote references are recorded and never
 * fetched (an audit must not depend on, or leak to, the network); references to files that are
 * not in the tree are errors located at the `$ref` (grouped by directory when a whole directory is
 * missing), and references through a symbolic link the audit does not follow are one warning per
 * link.
 */
export function followRefs(snapshot: Snapshot, root: string): RefGraph {
  const includes: string[] = [];
  const unresolved: UnresolvedRef[] = [];
  const problems: SpecProblem[] = [];
  const seen = new Set<string>([root]);
  // Text becomes a string wherever it is included: what it says does not change the spec's
  // validity, so it need not have been read, only be there.
  const readable = (file: string): boolean =>
    isTextInclude(file) ? snapshot.has(file) : structuredDocument(snapshot, file)?.value !== undefined;
  // Missing directories and symbolic links: one problem each, counting the references.
  const grouped = new Map<string, { problem: SpecProblem; count: number; describe: (n: number) => string }>();
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
        const why = whyMissing(snapshot, target.file);
        if (why.kind === 'file') {
          problems.push({
            path: file,
            line: site.line,
            severity: 'error',
            message: `$ref "${site.ref}": ${target.file} is not in the repository`,
          });
          continue;
        }
        const key = why.kind === 'symlink' ? `link ${why.link}` : `dir ${why.dir}`;
        const group = grouped.get(key);
        if (group) group.count++;
        else {
          const describe =
            why.kind === 'symlink'
              ? (n: number) =>
                  `$ref "${site.ref}"${n > 1 ? ` and ${n - 1} more` : ''}: ${why.link} is a symbolic link, which the audit does not follow, so what it points to was not checked`
              : (n: number) =>
                  `$ref "${site.ref}"${n > 1 ? ` and ${n - 1} more into the same directory` : ''}: ${why.dir}/ is not in the repository`;
          const problem: SpecProblem = {
            path: file,
            line: site.line,
            severity: why.kind === 'symlink' ? 'warning' : 'error',
            message: '',
          };
          problems.push(problem);
          grouped.set(key, { problem, count: 1, describe });
        }
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
      if (!isTextInclude(target.file)) queue.push(target.file);
    }
  }
  for (const { problem, count, describe } of grouped.values()) problem.message = describe(count);
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
