import protobuf from 'protobufjs';
import { lineOf, memoise, type Snapshot } from '../../../src/snapshot/snapshot.js';
import type { CandidateFile, InterfaceSpec, SpecContext, SpecProblem, UnresolvedRef } from './types.js';

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Paths by file name, built once per snapshot: a gRPC monorepo has thousands of imports to resolve. */
const pathsByName = memoise((snapshot: Snapshot): Map<string, string[]> => {
  const byName = new Map<string, string[]>();
  for (const p of snapshot.paths) {
    const name = baseName(p);
    const list = byName.get(name);
    if (list) list.push(p);
    else byName.set(name, [p]);
  }
  return byName;
});

/**
 * Protocol Buffers (`.proto`), parsed with protobufjs. Imports of Google's well-known types are
 * built in; other imports are looked for in the tree by path suffix (import roots vary by build
 * tool), and reported as unresolved when absent: they may come from a dependency such as a Buf module.
 */
export async function readProtobuf(
  file: CandidateFile,
  { snapshot }: SpecContext,
): Promise<InterfaceSpec | undefined> {
  const problems: SpecProblem[] = [];
  const unresolvedRefs: UnresolvedRef[] = [];
  const includes: string[] = [];
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(file.text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const line = /line (\d+)\)/.exec(message)?.[1];
    problems.push({ path: file.path, ...(line ? { line: Number(line) } : {}), severity: 'error', message });
    return {
      path: file.path,
      format: 'protobuf',
      ...syntaxOf(file.text),
      operations: 0,
      valid: false,
      problems,
      unresolvedRefs,
      includes,
    };
  }
  for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    if (imported.startsWith('google/protobuf/')) continue;
    const match = pathsByName(snapshot)
      .get(baseName(imported))
      ?.find((p) => p === imported || p.endsWith(`/${imported}`));
    if (match) {
      includes.push(match);
      continue;
    }
    const line = lineOfImport(file.text, imported);
    unresolvedRefs.push({ path: file.path, line, ref: imported, reason: 'missing' });
    problems.push({
      path: file.path,
      line,
      severity: 'warning',
      message: `import "${imported}" is not in the repository`,
    });
  }
  return {
    path: file.path,
    format: 'protobuf',
    ...syntaxOf(file.text),
    ...(parsed.package ? { title: parsed.package } : {}),
    operations: countMethods(parsed.root),
    valid: true,
    problems,
    unresolvedRefs,
    includes,
  };
}

/** `proto2`/`proto3` from `syntax = "…"`, or `edition 2023` from `edition = "…"`. */
function syntaxOf(text: string): { version?: string } {
  const syntax = /^\s*syntax\s*=\s*["'](proto[23])["']/m.exec(text)?.[1];
  if (syntax) return { version: syntax };
  const edition = /^\s*edition\s*=\s*["']([\w.]+)["']/m.exec(text)?.[1];
  return edition ? { version: `edition ${edition}` } : { version: 'proto2' };
}

function countMethods(namespace: protobuf.NamespaceBase): number {
  let count = 0;
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) count += nested.methodsArray.length;
    else if (nested instanceof protobuf.Namespace) count += countMethods(nested);
  }
  return count;
}

function lineOfImport(text: string, imported: string): number {
  const index = text.indexOf(`"${imported}"`);
  return index === -1 ? 1 : lineOf(text, index);
}
