import asyncapiSpecs from '@asyncapi/specs';
import { Ajv, type ValidateFunction } from 'ajv';
import { isRecord, locateAcrossRefs, structuredDocument, unparsedSpec } from './documents.js';
import { followRefs } from './refs.js';
import { schemaProblems } from './schema-errors.js';
import type { CandidateFile, InterfaceSpec, SpecContext, SpecProblem } from './types.js';

const MAX_PROBLEMS = 50;

/** The official AsyncAPI JSON Schemas by version (`2.6.0`, `3.0.0`…), without `$id`s so Ajv can hold them all. */
const SCHEMAS = (asyncapiSpecs as unknown as { schemasWithoutId: Record<string, object> }).schemasWithoutId;

/**
 * AsyncAPI 2.x and 3.x, validated against the official JSON Schema of the version the document
 * declares (from `@asyncapi/specs`, the package the AsyncAPI parser itself uses). The full
 * `@asyncapi/parser` is not used: it pulls in Spectral and an HTTP reference resolver, and an
 * audit must not fetch. Relative `$ref`s are checked to exist in the repository.
 */
export async function readAsyncapi(
  file: CandidateFile,
  { snapshot }: SpecContext,
): Promise<InterfaceSpec | undefined> {
  const doc = structuredDocument(snapshot, file.path);
  if (!doc) return undefined;
  const version = /["']?asyncapi["']?\s*:\s*["']?([\w.-]+)/.exec(file.text)?.[1];
  const base = { path: file.path, format: 'asyncapi' as const, ...(version ? { version } : {}) };
  if (doc.errors.length > 0) {
    return unparsedSpec(base, doc.errors);
  }
  const value = doc.value;
  if (!isRecord(value) || value.asyncapi === undefined) return undefined;
  const declared = String(value.asyncapi);
  const graph = followRefs(snapshot, file.path);
  const problems: SpecProblem[] = [...graph.problems];
  const schemaVersion = pickSchemaVersion(declared);
  if (!schemaVersion) {
    const at = doc.locate(['asyncapi']);
    problems.push({
      path: file.path,
      line: at.line,
      severity: 'error',
      message: `Unsupported AsyncAPI version ${declared}; known: ${Object.keys(SCHEMAS).join(', ')}`,
    });
  } else {
    if (schemaVersion !== declared) {
      const at = doc.locate(['asyncapi']);
      problems.push({
        path: file.path,
        line: at.line,
        severity: 'warning',
        message: `AsyncAPI ${declared} validated with the ${schemaVersion} schema`,
      });
    }
    const validate = validatorFor(schemaVersion);
    if (!validate(value))
      problems.push(
        ...schemaProblems(validate.errors ?? [], validate.schema, (pointer) =>
          locateAcrossRefs(snapshot, file.path, pointer),
        ),
      );
  }
  const info = isRecord(value.info) ? value.info : {};
  return {
    ...base,
    version: declared,
    ...(typeof info.title === 'string' ? { title: info.title } : {}),
    operations: countOperations(value),
    valid: !problems.some((p) => p.severity === 'error'),
    problems: problems.slice(0, MAX_PROBLEMS),
    unresolvedRefs: graph.unresolved,
    includes: graph.includes,
  };
}

/** AsyncAPI 3 lists operations; AsyncAPI 2 puts `publish`/`subscribe` under each channel. */
function countOperations(api: Record<string, unknown>): number {
  if (isRecord(api.operations)) return Object.keys(api.operations).length;
  if (!isRecord(api.channels)) return 0;
  let count = 0;
  for (const channel of Object.values(api.channels)) {
    if (isRecord(channel)) count += ['publish', 'subscribe'].filter((k) => channel[k] !== undefined).length;
  }
  return count;
}

/** The exact schema, else the newest with the same major.minor, else none. */
function pickSchemaVersion(declared: string): string | undefined {
  if (SCHEMAS[declared]) return declared;
  const minor = declared.split('.').slice(0, 2).join('.');
  return Object.keys(SCHEMAS)
    .filter((v) => v.startsWith(`${minor}.`))
    .sort()
    .pop();
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    validate = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: false }).compile(
      SCHEMAS[version] as object,
    );
    validators.set(version, validate);
  }
  return validate;
}
