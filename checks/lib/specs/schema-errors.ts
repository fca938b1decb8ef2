import type { ErrorObject } from 'ajv';
import { instancePathSegments } from './documents.js';

/**
 * Keeps the JSON Schema errors a person can act on. With `allErrors`, a value that fails a `oneOf`
 * also reports every branch it did not take (most often "must have required property '$ref'"
 * from the Reference Object branch) — noise once a more specific error names the same place.
 */
export function usefulSchemaErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = new Set(['oneOf', 'anyOf', 'if', 'not']);
  const isRefBranch = (e: ErrorObject): boolean =>
    e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref';
  const specific = errors.filter((e) => !combinators.has(e.keyword) && !isRefBranch(e));
  const kept = specific.length > 0 ? specific : errors.slice(0, 1);
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath} ${describeSchemaError(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line: `#/paths/~1pets/get/responses/200 must have required property 'description'`. */
export function describeSchemaError(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  let detail = error.message ?? error.keyword;
  if (params.additionalProperty) detail += ` ('${params.additionalProperty}')`;
  if (Array.isArray(params.allowedValues)) detail += ` (${params.allowedValues.join(', ')})`;
  return `#${error.instancePath || '/'} ${detail}`;
}

/** Where to point for an error: the unexpected property itself, else the value the error is about. */
export function errorPointer(error: ErrorObject): string[] {
  const segments = instancePathSegments(error.instancePath);
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return error.keyword === 'additionalProperties' && extra ? [...segments, extra] : segments;
}
