import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AjvDraft04 } from './ajv-draft-04.js';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { isRecord, structuredDocument, unparsedSpec } from './documents.js';
import { followRefs } from './refs.js';
import { schemaProblems } from './schema-errors.js';
import type { CandidateFile, InterfaceSpec, SpecContext, SpecProblem } from './types.js';

type Dialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

function dialectOf(uri: string): Dialect | undefined {
  if (/draft-04/.test(uri)) return 'draft-04';
  if (/draft-06/.test(uri)) return 'draft-06';
  if (/draft-07/.test(uri)) return 'draft-07';
  if (/2019-09/.test(uri)) return '2019-09';
  if (/2020-12/.test(uri)) return '2020-12';
  return undefined;
}

/** The URI Ajv registers each meta-schema under; `https://json-schema.org/draft-07/schema` is the same dialect. */
const CANONICAL: Record<Dialect, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

interface MetaValidator {
  validateSchema(schema: object): boolean | Promise<unknown>;
  errors?: ErrorObject[] | null;
}

const validators = new Map<Dialect, MetaValidator>();

function metaValidator(dialect: Dialect): MetaValidator {
  const cached = validators.get(dialect);
  if (cached) return cached;
  const options = { allErrors: true, strict: false, validateFormats: false } as const;
  let ajv: MetaValidator;
  if (dialect === 'draft-04') ajv = new AjvDraft04(options);
  else if (dialect === '2019-09') ajv = new Ajv2019(options);
  else if (dialect === '2020-12') ajv = new Ajv2020(options);
  else {
    const draft7 = new Ajv(options);
    if (dialect === 'draft-06') draft7.addMetaSchema(draft06);
    ajv = draft7;
  }
  validators.set(dialect, ajv);
  return ajv;
}

/**
 * JSON Schema documents (draft-04 to 2020-12), validated against their meta-schema with Ajv.
 * Schemas that an OpenAPI or AsyncAPI document pulls in are reported as part of that document.
 */
export async function readJsonSchema(
  file: CandidateFile,
  { snapshot }: SpecContext,
): Promise<InterfaceSpec | undefined> {
  const doc = structuredDocument(snapshot, file.path);
  if (!doc) return undefined;
  if (doc.errors.length > 0) {
    return unparsedSpec({ path: file.path, format: 'json-schema' }, doc.errors);
  }
  const schema = doc.value;
  if (!isRecord(schema) || typeof schema.$schema !== 'string') return undefined;
  const dialect = dialectOf(schema.$schema);
  const graph = followRefs(snapshot, file.path);
  const problems: SpecProblem[] = [...graph.problems];
  if (!dialect) {
    problems.push({
      path: file.path,
      line: doc.locate(['$schema']).line,
      severity: 'warning',
      message: `Unknown JSON Schema dialect ${schema.$schema}; not validated`,
    });
  } else {
    const ajv = metaValidator(dialect);
    try {
      if (ajv.validateSchema({ ...schema, $schema: CANONICAL[dialect] }) !== true)
        problems.push(
          ...schemaProblems(ajv.errors ?? [], undefined, (pointer) => ({
            path: file.path,
            ...doc.locate(pointer),
          })),
        );
    } catch (e) {
      // A validator that cannot start on this schema is the audit's limit, not the schema's error.
      problems.push({
        path: file.path,
        line: doc.locate(['$schema']).line,
        severity: 'warning',
        message: `not validated against the ${dialect} meta-schema: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return {
    path: file.path,
    format: 'json-schema',
    ...(dialect ? { version: dialect } : {}),
    ...(typeof schema.title === 'string' ? { title: schema.title } : {}),
    operations: 0,
    valid: !problems.some((p) => p.severity === 'error'),
    problems,
    unresolvedRefs: graph.unresolved,
    includes: graph.includes,
  };
}
