import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { classifyRef, structuredDocument } from './documents.js';
import { valueAtPointer } from './pointer.js';

/**
 * The most nodes a specification may expand to once every `$ref` is replaced by its target. Real
 * specifications stay in the tens of thousands; a 2.4 KB document whose schemas each refer to the next
 * ten times expands to 10^20, which dereferencing and schema validation walk node by node for minutes.
 */
export const REF_EXPANSION_BUDGET = 1_000_000;

/**
 * How many nodes `value` (in file `path`) expands to with its `$ref`s followed, counting up to
 * `budget` only: each referenced target is sized once and reused, so this costs one pass over the
 * documents, whatever the expansion. A reference back into its own expansion (a cycle) counts as
 * one node, as a dereferencer leaves it as a reference. Returns `Infinity` past the budget.
 */
export function refExpansion(
  snapshot: Snapshot,
  path: string,
  value: unknown,
  budget: number = REF_EXPANSION_BUDGET,
): number {
  const sized = new Map<string, number>();
  const open = new Set<string>();
  const target = (ref: string, from: string): { key: string; file: string; node: unknown } | undefined => {
    let where;
    try {
      where = classifyRef(ref, from);
    } catch {
      return undefined; // a malformed pointer: the validator reports it
    }
    if (where.kind === 'remote') return undefined;
    // The spec's own file is read in the value given (possibly merged from parts), not in its text.
    const root = where.file === path ? value : structuredDocument(snapshot, where.file)?.value;
    // A target that is not there is sized as one node, like any leaf.
    const node = valueAtPointer(root, where.pointer);
    return { key: `${where.file}#/${where.pointer.join('/')}`, file: where.file, node };
  };
  const size = (node: unknown, file: string): number => {
    if (node === null || typeof node !== 'object') return 1;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const found = target(ref, file);
      if (!found) return 1;
      const known = sized.get(found.key);
      if (known !== undefined) return known;
      if (open.has(found.key)) return 1;
      open.add(found.key);
      const n = size(found.node, found.file);
      open.delete(found.key);
      sized.set(found.key, n);
      return n;
    }
    let total = 1;
    for (const child of Object.values(node as Record<string, unknown>)) {
      total += size(child, file);
      if (total > budget) return Infinity;
    }
    return total;
  };
  const total = size(value, path);
  return total > budget ? Infinity : total;
}
