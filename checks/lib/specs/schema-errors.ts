import type { ErrorObject } from 'ajv';
import { instancePathSegments, isRecord, parsePointer, type Located } from './documents.js';
import { valueAtPointer } from './pointer.js';
import type { SpecProblem } from './types.js';

const COMBINATORS = new Set(['oneOf', 'anyOf']);

const isRefBranch = (e: ErrorObject): boolean =>
  e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref';

/** The value at a JSON pointer (`#/definitions/X/oneOf`) of a schema, if there is one. */
function schemaAt(schema: unknown, pointer: string): unknown {
  return valueAtPointer(schema, parsePointer(pointer));
}

/**
 * Where the errors of each branch of a combinator come from: `S/i/…` for an inline branch, and the
 * target's own path (`#/definitions/OAuth2SecurityScheme/…`) for a `$ref` branch, because Ajv
 * reports errors inside a referenced definition at that definition.
 */
function branchPrefixes(schema: unknown, combinator: ErrorObject): string[][] | undefined {
  // A verbose error carries the combinator's own branches; its schemaPath is relative to the
  // definition it is in, which may not be the root schema.
  const branches = Array.isArray(combinator.schema)
    ? combinator.schema
    : schemaAt(schema, combinator.schemaPath);
  if (!Array.isArray(branches)) return undefined;
  return branches.map((branch, i) => {
    const prefixes = [`${combinator.schemaPath}/${i}/`];
    const ref = isRecord(branch) ? branch.$ref : undefined;
    if (typeof ref === 'string' && ref.startsWith('#')) prefixes.push(`${ref}/`);
    return prefixes;
  });
}

const under = (path: string, parent: string): boolean => path === parent || path.startsWith(`${parent}/`);

/**
 * A branch that cannot be the one meant: an `enum` or `const` fails on one of the value's own
 * properties (`type: oauth2` is not `apiKey`, `in: query` is not `path`). That property tells
 * the branches apart.
 */
function discriminatorOf(errors: readonly ErrorObject[], at: string): string | undefined {
  for (const e of errors) {
    if (e.keyword !== 'enum' && e.keyword !== 'const') continue;
    const rest = e.instancePath.slice(at.length);
    if (/^\/[^/]+$/.test(rest)) return e.instancePath;
  }
  return undefined;
}

/**
 * With `allErrors`, a value that fails a `oneOf` or `anyOf` also reports why it fails every branch
 * it was not meant to match. Resolves each combinator: when a property tells the branches apart,
 * only the branch it selects speaks; when it matches no branch, one error lists what it may be;
 * otherwise the branch with the fewest errors speaks.
 */
function resolveCombinators(errors: ErrorObject[], schema: unknown): ErrorObject[] {
  let kept = [...errors];
  const combinators = errors
    .filter((e) => COMBINATORS.has(e.keyword))
    .sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const combinator of combinators) {
    const prefixes = branchPrefixes(schema, combinator);
    if (!prefixes) continue;
    const at = combinator.instancePath;
    const inBranch = prefixes.map((list) =>
      kept.filter((e) => under(e.instancePath, at) && list.some((p) => e.schemaPath.startsWith(p))),
    );
    const failing = inBranch.map((list) =>
      list.filter((e) => !COMBINATORS.has(e.keyword) && !isRefBranch(e)),
    );
    // Not a Reference Object (no `$ref`), or a property that tells the branches apart does not match.
    const notMeant = inBranch.map((list, i) =>
      list.some((e) => isRefBranch(e) && e.instancePath === at) ? at : discriminatorOf(failing[i] ?? [], at),
    );
    const fitting = notMeant.flatMap((m, i) => (m === undefined ? [i] : []));
    let speaking: number[] = [];
    let merged: ErrorObject | undefined;
    if (fitting.length > 0) {
      // Errors deeper down (in another definition) are not counted here: a fitting branch with none is the one meant.
      const fewest = Math.min(...fitting.map((i) => (failing[i] ?? []).length));
      speaking = [fitting.find((i) => (failing[i] ?? []).length === fewest) as number];
    } else {
      // No branch fits: the property that tells them apart has a value none of them allows.
      const properties = notMeant.filter((m): m is string => m !== undefined && m !== at);
      const property = properties[0];
      if (property === undefined || properties.some((p) => p !== property)) continue;
      const alternatives = failing
        .flat()
        .filter((e) => e.instancePath === property && (e.keyword === 'enum' || e.keyword === 'const'));
      const allowed = alternatives.flatMap((e) => {
        const p = e.params as { allowedValues?: unknown[]; allowedValue?: unknown };
        return p.allowedValues ?? (p.allowedValue !== undefined ? [p.allowedValue] : []);
      });
      merged = {
        ...(alternatives[0] as ErrorObject),
        keyword: 'enum',
        message: 'must be equal to one of the allowed values',
        params: { allowedValues: [...new Set(allowed.map(String))] },
      };
    }
    const silenced = new Set(inBranch.flatMap((list, i) => (speaking.includes(i) ? [] : list)));
    kept = kept.filter((e) => e !== combinator && !silenced.has(e));
    if (merged) kept.push(merged);
  }
  return kept;
}

/**
 * Keeps the JSON Schema errors a person can act on, each once. Combinators are resolved to the
 * branch the value was meant to match (with the schema, when given); what remains of them, and the
 * Reference Object branch's "must have required property '$ref'", is dropped as noise once a more
 * specific error names the place. Unevaluated properties at one place are reported together.
 */
export function usefulSchemaErrors(errors: readonly ErrorObject[], schema?: unknown): ErrorObject[] {
  const resolved = schema === undefined ? [...errors] : resolveCombinators([...errors], schema);
  const specific = resolved.filter(
    (e) => !COMBINATORS.has(e.keyword) && e.keyword !== 'if' && e.keyword !== 'not' && !isRefBranch(e),
  );
  const kept = specific.length > 0 ? specific : errors.slice(0, 1);
  const seen = new Map<string, ErrorObject>();
  const out: ErrorObject[] = [];
  for (const e of kept) {
    const unevaluated = (e.params as { unevaluatedProperty?: string }).unevaluatedProperty;
    if (unevaluated !== undefined) {
      const key = `${e.instancePath} unevaluated`;
      const previous = seen.get(key);
      if (previous) {
        const names = (previous.params as { unevaluatedProperties: string[] }).unevaluatedProperties;
        if (!names.includes(unevaluated)) names.push(unevaluated);
        continue;
      }
      const grouped = { ...e, params: { ...e.params, unevaluatedProperties: [unevaluated] } };
      seen.set(key, grouped);
      out.push(grouped);
      continue;
    }
    const key = `${e.instancePath} ${describeSchemaError(e)}`;
    if (seen.has(key)) continue;
    seen.set(key, e);
    out.push(e);
  }
  return out;
}

/** One line: `#/paths/~1pets/get/responses/200 must have required property 'description'`. */
export function describeSchemaError(error: ErrorObject): string {
  const params = error.params as {
    additionalProperty?: string;
    unevaluatedProperty?: string;
    unevaluatedProperties?: string[];
    allowedValues?: unknown[];
  };
  let detail = error.message ?? error.keyword;
  if (params.additionalProperty) detail += ` ('${params.additionalProperty}')`;
  const unevaluated =
    params.unevaluatedProperties ?? (params.unevaluatedProperty ? [params.unevaluatedProperty] : []);
  if (unevaluated.length > 0) detail += ` (${unevaluated.map((p) => `'${p}'`).join(', ')})`;
  if (Array.isArray(params.allowedValues)) detail += ` (${params.allowedValues.join(', ')})`;
  return `#${error.instancePath || '/'} ${detail}`;
}

/** Where to point for an error: the unexpected property itself, else the value the error is about. */
export function errorPointer(error: ErrorObject): string[] {
  const segments = instancePathSegments(error.instancePath);
  const params = error.params as {
    additionalProperty?: string;
    unevaluatedProperties?: string[];
    unevaluatedProperty?: string;
  };
  if (error.keyword === 'additionalProperties' && params.additionalProperty)
    return [...segments, params.additionalProperty];
  const unevaluated = params.unevaluatedProperties?.[0] ?? params.unevaluatedProperty;
  if (error.keyword === 'unevaluatedProperties' && unevaluated) return [...segments, unevaluated];
  return segments;
}

/**
 * Problems for a validator's errors, each at the line of the value it is about, leaving out those
 * about what an unfollowed `$ref` stands for. When that value
 * cannot be found in the files (a YAML merge key, a circular reference left as is), the problem
 * names the file without a line rather than point at a line that does not have it.
 */
export function schemaProblems(
  errors: readonly ErrorObject[],
  schema: unknown,
  locate: (pointer: string[]) => Located,
): SpecProblem[] {
  return usefulSchemaErrors(errors, schema).flatMap((error) => {
    const at = locate(errorPointer(error));
    // What a reference the audit did not follow stands for was not there to validate: the
    // reference's own warning says so, and an error about the stand-in would be wrong.
    if (at.unresolvedRef) return [];
    return {
      path: at.path,
      ...(at.exact ? { line: at.line, column: at.column } : {}),
      severity: 'error' as const,
      message: describeSchemaError(error),
    };
  });
}
