import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { packageFile } from './package-file.js';
import { groups } from '../../../checks/lib/groups.js';

/**
 * GitHub's published REST contract (@octokit/openapi, api.github.com) as a checker: does an
 * operation exist for this method and path, are the query parameters documented, is the body
 * valid, does a response match what GitHub documents for its status. The loopback fake and the
 * nock-based tests hold every request and response to it.
 */

export interface ContractViolation {
  /** `request` when the App sent it, `response` when the double answered it. */
  side: 'request' | 'response';
  route: string;
  message: string;
}

export interface CheckedRequest {
  method: string;
  /** The path without query string, as sent (percent-encoded segments allowed). */
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface CheckedResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> } | { $ref: string };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> } | { $ref: string }>;
}

interface Spec {
  info: { version: string };
  paths: Record<string, Record<string, Operation> & { parameters?: Operation['parameters'] }>;
  components: {
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
    requestBodies?: Record<string, unknown>;
  };
}

interface Route {
  template: string;
  method: string;
  regex: RegExp;
  /** Literal segments: the more, the more specific (`/repos/{o}/{r}/pulls` beats `/repos/{o}/{r}/{x}`). */
  literals: number;
  operation: Operation;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];
/** Keys the checker never reads: dropped from the cached copy, which is then a fraction of the size. */
const DROPPED = new Set(['description', 'summary', 'examples', 'example', 'externalDocs', 'tags', 'title']);

function specPath(): string {
  return packageFile('@octokit/openapi', 'generated/api.github.com.json');
}

/** Strips what the checker never reads and points every `$ref` at the `gh` document. */
function slim(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => slim(v));
  if (value === null || typeof value !== 'object') {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) return `gh${value}`;
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // `title` and `description` may be property names inside `properties`: keep those.
    if (key !== 'properties' && (DROPPED.has(k) || k.startsWith('x-'))) continue;
    out[k] = slim(v, k);
  }
  // OpenAPI 3.0's `nullable` admits null, also past an `enum` (which Ajv checks on its own).
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  return out;
}

/**
 * The spec, slimmed, cached in the system temp directory by the spec file's hash: parsing the
 * 13 MB original costs seconds per test file, the slim copy a fraction of that.
 */
function loadSpec(): Spec {
  const file = specPath();
  const raw = readFileSync(file);
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  const cacheDir = path.join(os.tmpdir(), 'tcop-audit-contracts');
  const cached = path.join(cacheDir, `openapi-${hash}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as Spec;
  } catch {
    const spec = slim(JSON.parse(raw.toString('utf8'))) as Spec;
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(spec));
      renameSync(tmp, cached);
    } catch {
      // A read-only temp directory only costs the next run the parse again.
    }
    return spec;
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export class RestContract {
  private readonly spec: Spec;
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor() {
    this.spec = loadSpec();
    this.ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false });
    for (const format of [
      'int32',
      'int64',
      'uri-template',
      'date',
      'hostname',
      'binary',
      'repo.nwo',
      'ssh-key',
    ])
      this.ajv.addFormat(format, true);
    this.ajv.addFormat('date-time', (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
    this.ajv.addFormat('uri', (s: string) => URL.canParse(s));
    this.ajv.addFormat('email', (s: string) => /^[^\s@]+@[^\s@]+$/.test(s));
    this.ajv.addSchema({ $id: 'gh', components: this.spec.components } as never);
    for (const [template, item] of Object.entries(this.spec.paths)) {
      const segments = template.split('/').slice(1);
      const regex = new RegExp(
        `^/${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '([^/]+)' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`,
      );
      const literals = segments.filter((s) => !s.startsWith('{')).length;
      for (const method of METHODS) {
        const operation = item[method] as Operation | undefined;
        if (!operation) continue;
        const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
        this.routes.push({
          template,
          method: method.toUpperCase(),
          regex,
          literals,
          operation: { ...operation, parameters },
        });
      }
    }
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  get version(): string {
    return this.spec.info.version;
  }

  /** The documented operation for a request, most specific template first. */
  route(method: string, requestPath: string): Route | undefined {
    const m = method.toUpperCase();
    return this.routes.find((r) => r.method === m && r.regex.test(requestPath));
  }

  /** The operation's route as `METHOD /template`, or the raw request when undocumented. */
  describe(method: string, requestPath: string): string {
    const route = this.route(method, requestPath);
    return route ? `${route.method} ${route.template}` : `${method.toUpperCase()} ${requestPath}`;
  }

  checkRequest(request: CheckedRequest): ContractViolation[] {
    const route = this.route(request.method, request.path);
    const name = this.describe(request.method, request.path);
    if (!route)
      return [
        { side: 'request', route: name, message: 'GitHub documents no operation for this method and path' },
      ];
    const violations: ContractViolation[] = [];
    const add = (message: string): void => void violations.push({ side: 'request', route: name, message });
    const parameters = (route.operation.parameters ?? []).map((p) => this.parameter(p));
    const query = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const [key, value] of Object.entries(request.query)) {
      const parameter = query.get(key);
      if (!parameter) {
        add(`query parameter \`${key}\` is not documented for this operation`);
        continue;
      }
      const error = this.validateScalar(parameter.schema, value);
      if (error) add(`query parameter \`${key}\`=${JSON.stringify(value)} ${error}`);
    }
    for (const p of query.values())
      if (p.required && !(p.name in request.query)) add(`required query parameter \`${p.name}\` is missing`);

    const values = route.regex.exec(request.path)?.slice(1) ?? [];
    const names = [...route.template.matchAll(/\{(?<name>[^}]+)\}/g)].map((m) => groups(m, 'name').name);
    names.forEach((n, i) => {
      const parameter = parameters.find((p) => p.in === 'path' && p.name === n);
      const value = decodeURIComponent(values[i] ?? '');
      const error = parameter ? this.validateScalar(parameter.schema, value) : undefined;
      if (error) add(`path parameter \`${n}\`=${JSON.stringify(value)} ${error}`);
    });

    const bodySpec = this.deref(route.operation.requestBody) as
      { required?: boolean; content?: Record<string, { schema?: Schema }> } | undefined;
    const schema = bodySpec?.content?.['application/json']?.schema;
    const hasBody = request.body !== undefined && request.body !== null && request.body !== '';
    if (!bodySpec) {
      if (hasBody && !(typeof request.body === 'object' && Object.keys(request.body as object).length === 0))
        add('sends a body, but the operation takes none');
    } else if (!hasBody) {
      if (bodySpec.required) add('the operation requires a body');
    } else if (schema) {
      for (const message of this.validate(`${name} request`, schema, request.body)) add(`body ${message}`);
      for (const extra of this.undeclared(schema, request.body, ''))
        add(`body field \`${extra}\` is not documented`);
    }
    return violations;
  }

  checkResponse(response: CheckedResponse): ContractViolation[] {
    const route = this.route(response.method, response.path);
    const name = this.describe(response.method, response.path);
    if (!route) return [];
    const responses = route.operation.responses ?? {};
    const documented = responses[String(response.status)] ?? responses[`${String(response.status)[0]}XX`];
    const add = (message: string): ContractViolation => ({ side: 'response', route: name, message });
    if (!documented) {
      // GitHub answers 401, 403 rate limits, 5xx and 304 on any operation, documented or not.
      if ([304, 401, 403, 429, 500, 502, 503, 504].includes(response.status)) return [];
      return [add(`status ${response.status} is not a documented answer of this operation`)];
    }
    const content = (this.deref(documented) as { content?: Record<string, { schema?: Schema }> }).content;
    const schema = content?.['application/json']?.schema;
    if (!schema || response.body === undefined) return [];
    return this.validate(`${name} ${response.status}`, schema, response.body).map((m) => add(`body ${m}`));
  }

  private deref<T>(value: T | { $ref: string } | undefined): T | undefined {
    let current: unknown = value;
    for (let i = 0; i < 8 && current && typeof current === 'object' && '$ref' in current; i++) {
      const ref = (current as { $ref: string }).$ref.replace(/^gh#\//, '').split('/');
      current = ref.reduce<unknown>(
        (node, key) =>
          (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        { components: this.spec.components },
      );
    }
    return current as T | undefined;
  }

  private parameter(p: Parameter | { $ref: string }): Parameter {
    return this.deref(p) as Parameter;
  }

  private validateScalar(schema: Schema | undefined, raw: string): string | undefined {
    if (!schema) return undefined;
    const s = this.deref(schema) as Schema;
    const type = s.type;
    let value: unknown = raw;
    if (type === 'integer' || type === 'number') {
      value = Number(raw);
      if (raw === '' || !Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value)))
        return `is not ${type === 'integer' ? 'an integer' : 'a number'}`;
    } else if (type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') return 'is not a boolean';
      value = raw === 'true';
    }
    const errors = this.validate(`scalar ${JSON.stringify(s)}`, s, value);
    return errors[0]?.replace(/^\(root\) /, '');
  }

  private validate(key: string, schema: Schema, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      try {
        validate = this.ajv.compile(schema);
      } catch {
        validate = null;
      }
      this.compiled.set(key, validate);
    }
    if (!validate || validate(value)) return [];
    return (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  }

  /**
   * Fields a request sends that its schema does not declare. GitHub's request schemas rarely say
   * `additionalProperties: false`, yet it ignores (or, for some, refuses) what it does not know: a
   * misspelt field is silently lost. The checker treats request objects as closed.
   */
  private undeclared(schema: Schema | undefined, value: unknown, at: string, depth = 0): string[] {
    if (!schema || depth > 12 || value === null || typeof value !== 'object') return [];
    const s = this.deref(schema) as Schema;
    const branches = (['allOf', 'anyOf', 'oneOf'] as const).flatMap(
      (k) => (s[k] as Schema[] | undefined) ?? [],
    );
    if (Array.isArray(value)) {
      const items = s.items as Schema | undefined;
      return value.flatMap((v, i) => this.undeclared(items, v, `${at}[${i}]`, depth + 1));
    }
    const declared = new Map<string, Schema>();
    let open = s.additionalProperties !== undefined && s.additionalProperties !== false;
    for (const candidate of [s, ...branches.map((b) => this.deref(b) as Schema)]) {
      for (const [k, v] of Object.entries((candidate.properties as Record<string, Schema> | undefined) ?? {}))
        if (!declared.has(k)) declared.set(k, v);
      if (candidate.additionalProperties !== undefined && candidate.additionalProperties !== false)
        open = true;
      if (
        candidate.type === 'object' &&
        !candidate.properties &&
        candidate.additionalProperties === undefined
      )
        open = true;
    }
    if (declared.size === 0) return [];
    const out: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = declared.get(k);
      const where = at ? `${at}.${k}` : k;
      if (!child) {
        if (!open) out.push(where);
        continue;
      }
      out.push(...this.undeclared(child, v, where, depth + 1));
    }
    return out;
  }
}

let shared: RestContract | undefined;

/** One checker per process: building it parses the spec once. */
export function restContract(): RestContract {
  shared ??= new RestContract();
  return shared;
}
