import { Kind, parse, Source, type DefinitionNode, type DocumentNode, type GraphQLError } from 'graphql';
// validateSDL is the SDL rule set buildASTSchema runs; called directly it returns every error with its location.
import { validateSDL } from 'graphql/validation/validate.js';
import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import { memoise } from '../../../src/snapshot/snapshot.js';
import { GRAPHQL_EXTENSIONS } from './graphql.js';
import type { CandidateFile, InterfaceSpec, SpecContext, SpecProblem } from './types.js';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * GraphQL SDL (`.graphql`, `.graphqls`, `.gql`), parsed and validated with graphql-js, file by
 * file; a type another SDL file defines is not an error. Files holding only operations (a client's queries)
 * are not interface specifications and are skipped. "Unknown directive" errors are not reported:
 * servers declare their own directives (Apollo Federation's `@key`, for one) outside the SDL.
 */
export async function readGraphql(
  file: CandidateFile,
  { snapshot }: SpecContext,
): Promise<InterfaceSpec | undefined> {
  const parsed = parseSdl(file.path, file.text);
  if (parsed.error) {
    return {
      path: file.path,
      format: 'graphql',
      operations: 0,
      valid: false,
      problems: [parsed.error],
      unresolvedRefs: [],
      includes: [],
    };
  }
  const definitions = parsed.document.definitions.filter(isTypeSystem);
  if (definitions.length === 0) return undefined;
  const problems = sdlProblems(snapshot, file.path, definitions);
  return {
    path: file.path,
    format: 'graphql',
    operations: countRootFields(definitions),
    valid: problems.length === 0,
    problems,
    unresolvedRefs: [],
    includes: [],
  };
}

function isTypeSystem(d: DefinitionNode): boolean {
  return d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION;
}

function parseSdl(
  path: string,
  text: string,
): { document: DocumentNode; error?: undefined } | { error: SpecProblem } {
  try {
    return { document: parse(new Source(text, path), { noLocation: false }) };
  } catch (e) {
    const error = e as GraphQLError;
    const at = error.locations?.[0];
    return {
      error: {
        path,
        ...(at ? { line: at.line, column: at.column } : {}),
        severity: 'error',
        message: error.message,
      },
    };
  }
}

/** Fields of Query, Mutation and Subscription (or their extensions) defined in this file. */
function countRootFields(definitions: readonly DefinitionNode[]): number {
  let count = 0;
  for (const d of definitions) {
    if (
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      ROOT_TYPES.has(d.name.value)
    ) {
      count += d.fields?.length ?? 0;
    }
  }
  return count;
}

/** Type names defined anywhere in the repository's SDL, for errors that another file answers. */
const definedTypes = memoise((snapshot: Snapshot): Set<string> => {
  const names = new Set<string>();
  for (const path of snapshot.paths) {
    const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    if (!(GRAPHQL_EXTENSIONS as readonly string[]).includes(ext)) continue;
    const text = snapshot.text(path);
    const parsed = text === undefined ? undefined : parseSdl(path, text);
    for (const d of parsed && !parsed.error ? parsed.document.definitions : []) {
      if (
        'name' in d &&
        d.name &&
        d.kind !== Kind.OPERATION_DEFINITION &&
        d.kind !== Kind.FRAGMENT_DEFINITION &&
        !d.kind.endsWith('Extension')
      ) {
        names.add(d.name.value);
      }
    }
  }
  return names;
});

/**
 * Validates one file's SDL. A repository may hold several independent schemas (one per service),
 * so files are not merged; instead an error about a type that another SDL file defines
 * ("Unknown type", "Cannot extend type") is taken as a schema split over files, and dropped.
 */
function sdlProblems(
  snapshot: Snapshot,
  path: string,
  definitions: readonly DefinitionNode[],
): SpecProblem[] {
  const elsewhere = definedTypes(snapshot);
  const problems: SpecProblem[] = [];
  for (const error of validateSDL({ kind: Kind.DOCUMENT, definitions })) {
    if (error.message.startsWith('Unknown directive')) continue;
    const typeName = /^(?:Unknown type|Cannot extend type) "([^"]+)"/.exec(error.message)?.[1];
    if (typeName && elsewhere.has(typeName)) continue;
    const at = error.locations?.[0];
    problems.push({
      path,
      ...(at ? { line: at.line, column: at.column } : {}),
      severity: 'error',
      message: error.message,
    });
  }
  return problems;
}
