import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
// A namespace import, so the bundler leaves out the zod it does not use (its locales: 440 KB).
import * as z from 'zod';
import type { Exemption, Severity } from './report.js';

import { CONFIG_PATH, ConfigError, isCalendarDate } from './config-file.js';
import { lineNestedTooDeep, YAML_MAX_DEPTH } from './yaml-nesting.js';

export { CONFIG_PATH, ConfigError, isCalendarDate };

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)) && isCalendarDate(v.slice(0, 10)),
    {
      message: 'must be a date as YYYY-MM-DD',
    },
  );

const configSchema = z
  .object({
    mode: z.enum(['enforce', 'advisory']).optional(),
    level: z.enum(['baseline', 'standard', 'exemplar']).optional(),
    ignore: z.array(z.string().min(1)).optional(),
    checks: z.record(z.string(), z.enum(['off', 'warn', 'fail'])).optional(),
    exemptions: z
      .array(
        z
          .object({
            check: z.string().min(1),
            reason: z.string().trim().min(10, 'a reason of at least 10 characters is required'),
            expires: isoDate.optional(),
            path: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    maxFileBytes: z.number().int().positive().optional(),
  })
  .strict();

export interface AuditConfig {
  mode: 'enforce' | 'advisory';
  /** The level the repository is required to reach (CLI exit code, check-run conclusion). */
  level: 'baseline' | 'standard' | 'exemplar';
  ignore: string[];
  checks: Record<string, Severity>;
  exemptions: Exemption[];
  maxFileBytes: number;
  /** Config files that contributed, in merge order (org first). */
  sources: string[];
}

export const DEFAULT_CONFIG: AuditConfig = {
  mode: 'enforce',
  level: 'baseline',
  ignore: [],
  checks: {},
  exemptions: [],
  maxFileBytes: 1024 * 1024,
  sources: [],
};

type ParsedConfig = z.infer<typeof configSchema>;

/** What the engine knows when it validates: the check ids of the registry. */
export interface ConfigContext {
  /** When given, a check id in `checks:` or `exemptions:` that is not one of these is an error. */
  knownChecks?: Iterable<string>;
}

/**
 * Bounds on one config document, far above any real config: the YAML library's duplicate-key check
 * compares every key with every other (a 1 MB mapping of 120,000 keys took 105 s), its composer
 * recurses once per level of nesting (src/engine/yaml-nesting.ts), and one `ignore` glob per entry is compiled into the matchers.
 */
export const CONFIG_LIMITS = {
  bytes: 256 * 1024,
  keysPerMapping: 1000,
  ignoreEntries: 10_000,
  depth: YAML_MAX_DEPTH,
} as const;

/** Parses and validates one config file's text. */
export function parseConfig(
  text: string,
  file: string,
  context: ConfigContext = {},
): { config: ParsedConfig; exemptionLines: number[] } {
  if (text.length > CONFIG_LIMITS.bytes)
    throw new ConfigError(file, undefined, undefined, `larger than ${CONFIG_LIMITS.bytes} bytes`);
  const lineCounter = new LineCounter();
  // Before the composer, which recurses per level (src/engine/yaml-nesting.ts).
  const deep = lineNestedTooDeep(text);
  if (deep !== undefined)
    throw new ConfigError(
      file,
      deep,
      undefined,
      `invalid YAML: nested more than ${CONFIG_LIMITS.depth} levels deep`,
    );
  // Duplicate keys are found below, in linear time, once the mappings are known to be small.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const lineOfNode = (node: { range?: unknown } | null | undefined): number | undefined =>
    Array.isArray(node?.range) ? lineCounter.linePos(node.range[0] as number).line : undefined;
  const lineAt = (path: readonly PropertyKey[], key = false): number | undefined =>
    lineOfNode(nodeAt(doc.contents, path, key));
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError(file, line, undefined, `invalid YAML: ${firstError.message.split('\n')[0]}`);
  }
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_, node) {
      firstAlias ??= lineOfNode(node);
    },
    Map(_, map) {
      if (map.items.length > CONFIG_LIMITS.keysPerMapping)
        throw new ConfigError(
          file,
          lineOfNode(map),
          undefined,
          `a mapping with more than ${CONFIG_LIMITS.keysPerMapping} keys`,
        );
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key))
          throw new ConfigError(
            file,
            lineOfNode(pair.key as YamlNode),
            undefined,
            'invalid YAML: Map keys must be unique',
          );
        seen.add(key);
      }
    },
  });
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // An alias bomb (a billion laughs) is refused by the YAML library without a position: name the first alias.
    throw new ConfigError(file, firstAlias, undefined, `invalid YAML: ${(error as Error).message}`);
  }
  const ignoreList = (raw as { ignore?: unknown } | null)?.ignore;
  if (Array.isArray(ignoreList) && ignoreList.length > CONFIG_LIMITS.ignoreEntries)
    throw new ConfigError(
      file,
      lineAt(['ignore'], true),
      'ignore',
      `more than ${CONFIG_LIMITS.ignoreEntries} entries`,
    );
  // A section written with nothing under it (`checks:`) is YAML null: read it as not set.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw))
      if (value === null) delete (raw as Record<string, unknown>)[key];
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    if (issue.code === 'unrecognized_keys') {
      // zod reports the parent object; name the unknown key itself and the line it is on.
      const key = issue.keys[0] ?? '';
      const path = [...issue.path, key];
      throw new ConfigError(file, lineAt(path, true), fieldName(path), 'unknown field');
    }
    throw new ConfigError(file, lineAt(issue.path), fieldName(issue.path) || undefined, issue.message);
  }
  const config = result.data;
  if (context.knownChecks) {
    const known = [...context.knownChecks];
    const unknownCheck = (id: string): string => {
      const near = closest(id, known);
      return `unknown check id "${id}"${near ? ` (did you mean "${near}"?)` : ''}`;
    };
    for (const id of Object.keys(config.checks ?? {})) {
      if (!known.includes(id))
        throw new ConfigError(file, lineAt(['checks', id], true), `checks.${id}`, unknownCheck(id));
    }
    (config.exemptions ?? []).forEach((e, i) => {
      const path = ['exemptions', i, 'check'];
      if (!known.includes(e.check))
        throw new ConfigError(file, lineAt(path), fieldName(path), unknownCheck(e.check));
    });
  }
  const exemptionsNode = nodeAt(doc.contents, ['exemptions']);
  const exemptionLines = isSeq(exemptionsNode)
    ? exemptionsNode.items.map((item) =>
        (item as YamlNode | null)?.range ? lineCounter.linePos((item as YamlNode).range![0]).line : 0,
      )
    : [];
  return { config, exemptionLines };
}

/** `exemptions[0].reason`, as a person would write it. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('');
}

/** The known id nearest to a typo, when it is near enough to be a likely meant one. */
function closest(id: string, known: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(id, candidate);
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(id.length / 4)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The YAML node at a path, or the deepest one that exists (so an error still gets a line).
 * With `key`, the last step returns the map key rather than its value: an unknown field's line.
 */
function nodeAt(node: unknown, path: readonly PropertyKey[], key = false): YamlNode | undefined {
  let current = node as YamlNode | null | undefined;
  let last = current;
  for (const [index, step] of path.entries()) {
    if (isMap(current)) {
      const pair = current.items.find(
        (p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(step),
      );
      if (!pair) return last ?? undefined;
      const wantKey = key && index === path.length - 1;
      current = wantKey
        ? (pair.key as YamlNode)
        : ((pair.value as YamlNode | null) ?? (pair.key as YamlNode));
    } else if (isSeq(current) && typeof step === 'number') {
      current = current.items[step] as YamlNode | undefined;
    } else {
      return last ?? undefined;
    }
    if (current) last = current;
  }
  return current ?? last ?? undefined;
}

/** Merges config files in order (org defaults first, the repository's own last). */
export function resolveConfig(
  files: { path: string; text: string }[],
  context: ConfigContext = {},
): AuditConfig {
  const merged: AuditConfig = { ...DEFAULT_CONFIG, checks: {}, exemptions: [], ignore: [], sources: [] };
  for (const file of files) {
    const { config, exemptionLines } = parseConfig(file.text, file.path, context);
    if (config.mode) merged.mode = config.mode;
    if (config.level) merged.level = config.level;
    if (config.maxFileBytes) merged.maxFileBytes = config.maxFileBytes;
    // A loop, not push(...list): spreading a long list as arguments overflows the stack.
    for (const glob of config.ignore ?? []) merged.ignore.push(glob);
    if (config.checks) Object.assign(merged.checks, config.checks);
    (config.exemptions ?? []).forEach((e, i) => {
      merged.exemptions.push({
        check: e.check,
        reason: e.reason,
        ...(e.expires ? { expires: e.expires } : {}),
        ...(e.path ? { path: e.path } : {}),
        location: { path: file.path, startLine: exemptionLines[i] ?? 1 },
      });
    });
    merged.sources.push(file.path);
  }
  return merged;
}
