import { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode } from 'yaml';
import { parseYamlDocument } from '../engine/yaml-nesting.js';
// A namespace import, so the bundler leaves out the zod it does not use (its locales: 440 KB).
import * as z from 'zod';

/**
 * `forum.yml`: the suppliers a board tracks, and how its crawl may spend the forum's token. A
 * supplier is named by GitHub organisations (optionally narrowed by custom properties) and/or
 * single repositories; the dashboard groups their public repositories under the supplier.
 */

export const FORUM_VERSION = 1;

/** GitHub's spelling of an account: letters, digits and single hyphens, at most 39. */
const ACCOUNT = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** Supplier ids are part of the dashboard's addresses (`/suppliers/<id>`). */
const SUPPLIER_ID = /^[a-z0-9](?:[a-z0-9-]{0,62})$/;

const httpUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:';
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) or mailto: URL' },
);

const organisationSchema = z.union([
  z.string().regex(ACCOUNT, 'must be a GitHub organisation or user name'),
  z
    .object({
      name: z.string().regex(ACCOUNT, 'must be a GitHub organisation or user name'),
      /** Only repositories whose custom properties have these values (e.g. `supplier: acme`). */
      properties: z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
    })
    .strict(),
]);

const supplierSchema = z
  .object({
    id: z
      .string()
      .regex(SUPPLIER_ID, 'must be lower-case letters, digits and hyphens (it is part of the address)'),
    name: z.string().min(1).max(200),
    contact: httpUrl.optional(),
    organisations: z.array(organisationSchema).optional(),
    repositories: z.array(z.string().regex(REPOSITORY, 'must be owner/name')).optional(),
    /** Pledges and charters the supplier has signed, as the forum names them. */
    signed: z.array(z.string().min(1).max(100)).optional(),
  })
  .strict()
  .refine((s) => (s.organisations?.length ?? 0) + (s.repositories?.length ?? 0) > 0, {
    message: 'needs at least one organisation or repository',
  });

const forumSchema = z
  .object({
    version: z.literal(FORUM_VERSION, { message: `must be ${FORUM_VERSION}` }),
    name: z.string().min(1).max(200).optional(),
    crawl: z
      .object({
        /** The share of each rate-limit window the crawl may use; it pauses until the reset beyond it. */
        rateLimitShare: z.number().gt(0).lte(1).optional(),
        /** Hours between crawls when run as a service. */
        everyHours: z
          .number()
          .gt(0)
          .lte(24 * 7)
          .optional(),
      })
      .strict()
      .optional(),
    /** Where the crawl posts the events it found; the secret is TCOP_FORUM_WEBHOOK_SECRET. */
    webhook: z
      .object({
        url: z.string().refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), {
          message: 'must be an http(s) URL',
        }),
      })
      .strict()
      .optional(),
    suppliers: z.array(supplierSchema).min(1, 'needs at least one supplier'),
  })
  .strict();

export interface OrganisationSelector {
  name: string;
  /** Property name → accepted values; absent selects every public repository. */
  properties?: Record<string, string[]>;
}

export interface Supplier {
  id: string;
  name: string;
  contact?: string;
  organisations: OrganisationSelector[];
  /** `owner/name`. */
  repositories: string[];
  signed: string[];
}

export interface ForumConfig {
  version: typeof FORUM_VERSION;
  name: string;
  crawl: { rateLimitShare: number; everyHours: number };
  webhook?: { url: string };
  suppliers: Supplier[];
}

export class ForumConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'ForumConfigError';
  }
}

const MAX_BYTES = 4 * 1024 * 1024;

export function parseForumConfig(text: string, file = 'forum.yml'): ForumConfig {
  if (text.length > MAX_BYTES)
    throw new ForumConfigError(file, undefined, undefined, `larger than ${MAX_BYTES} bytes`);
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: { range?: unknown } | null | undefined): number | undefined =>
    Array.isArray(node?.range) ? lineCounter.linePos(node.range[0] as number).line : undefined;
  const firstError = doc.errors[0];
  if (firstError)
    throw new ForumConfigError(
      file,
      lineCounter.linePos(firstError.pos[0]).line,
      undefined,
      `invalid YAML: ${firstError.message.split('\n')[0]}`,
    );
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ForumConfigError(file, undefined, undefined, `invalid YAML: ${(error as Error).message}`);
  }
  const result = forumSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    if (issue.code === 'unrecognized_keys') {
      const path = [...issue.path, issue.keys[0] ?? ''];
      throw new ForumConfigError(
        file,
        lineOf(nodeAt(doc.contents, path, true)),
        fieldName(path),
        'unknown field',
      );
    }
    throw new ForumConfigError(
      file,
      lineOf(nodeAt(doc.contents, issue.path)),
      fieldName(issue.path) || undefined,
      issue.message,
    );
  }
  const data = result.data;
  const seen = new Map<string, number>();
  data.suppliers.forEach((s, i) => {
    if (seen.has(s.id))
      throw new ForumConfigError(
        file,
        lineOf(nodeAt(doc.contents, ['suppliers', i, 'id'])),
        `suppliers[${i}].id`,
        `"${s.id}" is already the id of suppliers[${seen.get(s.id)}]`,
      );
    seen.set(s.id, i);
  });
  return {
    version: FORUM_VERSION,
    name: data.name ?? 'Forum',
    crawl: { rateLimitShare: data.crawl?.rateLimitShare ?? 0.5, everyHours: data.crawl?.everyHours ?? 24 },
    ...(data.webhook ? { webhook: { url: data.webhook.url } } : {}),
    suppliers: data.suppliers.map((s) => ({
      id: s.id,
      name: s.name,
      ...(s.contact ? { contact: s.contact } : {}),
      organisations: (s.organisations ?? []).map((o) =>
        typeof o === 'string'
          ? { name: o }
          : {
              name: o.name,
              ...(o.properties
                ? {
                    properties: Object.fromEntries(
                      Object.entries(o.properties).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
                    ),
                  }
                : {}),
            },
      ),
      repositories: s.repositories ?? [],
      signed: s.signed ?? [],
    })),
  };
}

/** `suppliers[0].organisations[1].name`, as a person would write it. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('');
}

/** The YAML node at a path, or the deepest one that exists, so every error has a line. */
function nodeAt(node: unknown, path: readonly PropertyKey[], key = false): YamlNode | undefined {
  let current = node as YamlNode | null | undefined;
  let last = current;
  for (const [index, step] of path.entries()) {
    if (isMap(current)) {
      const pair = current.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(step));
      if (!pair) return last ?? undefined;
      current =
        key && index === path.length - 1
          ? (pair.key as YamlNode)
          : ((pair.value as YamlNode | null) ?? (pair.key as YamlNode));
    } else if (isSeq(current) && typeof step === 'number') {
      current = current.items[step] as YamlNode | undefined;
    } else return last ?? undefined;
    if (current) last = current;
  }
  return current ?? last ?? undefined;
}

/** Whether a repository belongs to a supplier, given what the crawl knows of its custom properties. */
export function supplierIncludes(
  supplier: Supplier,
  repo: { owner: string; name: string; properties?: Record<string, string | string[] | null> },
): boolean {
  const full = `${repo.owner}/${repo.name}`.toLowerCase();
  if (supplier.repositories.some((r) => r.toLowerCase() === full)) return true;
  return supplier.organisations.some(
    (o) =>
      o.name.toLowerCase() === repo.owner.toLowerCase() && propertiesMatch(o.properties, repo.properties),
  );
}

export function propertiesMatch(
  wanted: Record<string, string[]> | undefined,
  actual: Record<string, string | string[] | null> | undefined,
): boolean {
  if (!wanted) return true;
  return Object.entries(wanted).every(([key, accepted]) => {
    const value = actual?.[key];
    const values = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    return values.some((v) => accepted.includes(v));
  });
}
