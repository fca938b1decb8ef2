import protobuf from 'protobufjs';
import type { SpecDetector, SpecProblem, UnresolvedRef } from './types.js';

/**
 * Protocol Buffers (`.proto`), parsed with protobufjs. Imports of Google's well-known types are
 * built in; other imports are looked for in the tree by path suffix (import roots vary by build
 * tool), and reported as unresolved when absent: they may come from a dependency such as a Buf module.
 */
export const protobufDetector: SpecDetector = {
  format: 'protobuf',
  extensions: ['proto'],
  sniff: () => true,
  async read(file, { snapshot }) {
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
      const match = snapshot.paths.find((p) => p === imported || p.endsWith(`/${imported}`));
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
  },
};

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
  if (index === -1) return 1;
  return text.slice(0, index).split('\n').length;
}
