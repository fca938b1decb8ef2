import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import type { Exemption, Severity } from './report.js';

/** The repository's own config file; the org's `.github` repository may hold one at the same path. */
export const CONFIG_PATH = '.github/tcop.yml';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be a date as YYYY-MM-DD',
  });

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

/** A config file that cannot be used: names the file, line and field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}

type ParsedConfig = z.infer<typeof configSchema>;

/** Parses and validates one config file's text. */
export function parseConfig(
  text: string,
  file: string,
): { config: ParsedConfig; exemptionLines: number[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError(file, line, undefined, `invalid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    const field = issue.path.map(String).join('.');
    const node = nodeAt(doc.contents, issue.path);
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    throw new ConfigError(file, line, field || undefined, issue.message);
  }
  const exemptionsNode = nodeAt(doc.contents, ['exemptions']);
  const exemptionLines = isSeq(exemptionsNode)
    ? exemptionsNode.items.map((item) =>
        (item as YamlNode | null)?.range
          ? lineCounter.linePos((item as YamlNode).range![0]).line
          : 0,
      )
    : [];
  return { config: result.data, exemptionLines };
}

function nodeAt(node: unknown, path: readonly PropertyKey[]): YamlNode | undefined {
  let current = node as YamlNode | null | undefined;
  let last = current;
  for (const key of path) {
    if (isMap(current)) {
      const pair = current.items.find(
        (p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(key),
      );
      if (!pair) return last ?? undefined;
      current = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
    } else if (isSeq(current) && typeof key === 'number') {
      current = current.items[key] as YamlNode | undefined;
    } else {
      return last ?? undefined;
    }
    if (current) last = current;
  }
  return current ?? last ?? undefined;
}

/** Merges config files in order (org defaults first, the repository's own last). */
export function resolveConfig(files: { path: string; text: string }[]): AuditConfig {
  const merged: AuditConfig = { ...DEFAULT_CONFIG, checks: {}, exemptions: [], ignore: [], sources: [] };
  for (const file of files) {
    const { config, exemptionLines } = parseConfig(file.text, file.path);
    if (config.mode) merged.mode = config.mode;
    if (config.level) merged.level = config.level;
    if (config.maxFileBytes) merged.maxFileBytes = config.maxFileBytes;
    if (config.ignore) merged.ignore.push(...config.ignore);
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
