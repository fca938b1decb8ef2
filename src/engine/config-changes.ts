import { boundedValue } from './check.js';
import type { ConfigSources, ConfigText } from '../snapshot/types.js';
import { ConfigError, parseConfig, type ConfigContext } from './config.js';

/**
 * What a pull request changes in the repository's config file. A pull request is judged by its
 * base branch's config (its own could turn off the check that would catch it); what it changes is
 * shown beside the results, so a reviewer sees it before it is merged and takes effect.
 */

/** One setting that differs; `undefined` means the file does not set it. */
export interface ConfigChange {
  /** `level`, `checks.secrets`, `ignore`, `exemptions` … as written in the file. */
  key: string;
  base?: string;
  head?: string;
}

export type ConfigComparison =
  | { file: string; state: 'unchanged' }
  | { file: string; state: 'changed'; changes: ConfigChange[] }
  /** The pull request's file cannot be used: the error names its line. */
  | { file: string; state: 'invalid'; error: string };

type ConfigFileText = ConfigText;

/** The file's settings as key → shown value; `ignore` and `exemptions` one entry per item. */
function settingsOf(file: ConfigFileText | undefined, context: ConfigContext): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  if (!file) return settings;
  const { config } = parseConfig(file.text, file.path, context);
  const add = (key: string, value: string): void => {
    const values = settings.get(key) ?? [];
    values.push(value);
    settings.set(key, values);
  };
  if (config.mode) add('mode', config.mode);
  if (config.level) add('level', config.level);
  if (config.maxFileBytes) add('maxFileBytes', String(config.maxFileBytes));
  for (const [id, severity] of Object.entries(config.checks ?? {})) add(`checks.${id}`, severity);
  for (const glob of config.ignore ?? []) add('ignore', glob);
  for (const e of config.exemptions ?? [])
    add(
      `exemptions.${e.check}`,
      `${e.path ? `${e.path}: ` : ''}${e.reason}${e.expires ? ` (until ${e.expires})` : ''}`,
    );
  return settings;
}

/** Values in `a` not in `b`, counting repeats. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((v) => {
    const i = left.indexOf(v);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/**
 * Compares the base branch's config file with the pull request's. Both are the repository's own
 * file (the organisation's is read from its default branch for both). Values are bounded and
 * masked as finding values are. An invalid base file throws its ConfigError: the caller decides.
 */
export function compareConfigs(
  base: ConfigFileText | undefined,
  head: ConfigFileText | undefined,
  context: ConfigContext = {},
): ConfigComparison {
  const file = head?.path ?? base?.path ?? '.github/tcop.yml';
  if ((base?.text ?? null) === (head?.text ?? null)) return { file, state: 'unchanged' };
  const before = settingsOf(base, context);
  let after: Map<string, string[]>;
  try {
    after = settingsOf(head, context);
  } catch (error) {
    if (error instanceof ConfigError) return { file, state: 'invalid', error: error.message };
    throw error;
  }
  const changes: ConfigChange[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const was = before.get(key) ?? [];
    const now = after.get(key) ?? [];
    const shown = (v: string): string => boundedValue(v);
    if (key === 'ignore' || key.startsWith('exemptions.')) {
      // Lists: each entry added or removed is a line of its own.
      for (const v of minus(was, now)) changes.push({ key, base: shown(v) });
      for (const v of minus(now, was)) changes.push({ key, head: shown(v) });
      continue;
    }
    const [b] = was;
    const [h] = now;
    if (b === h) continue;
    changes.push({
      key,
      ...(b !== undefined ? { base: shown(b) } : {}),
      ...(h !== undefined ? { head: shown(h) } : {}),
    });
  }
  // Comments and layout only: the text differs, the settings do not.
  return changes.length === 0 ? { file, state: 'unchanged' } : { file, state: 'changed', changes };
}

/** The config a commit is judged by, and what the commit's own file would change in it. */
export interface JudgingConfig {
  files: ConfigText[];
  /** Where `files` came from. */
  judgedBy: { kind: 'base-commit'; commit: string } | { kind: 'default-branch'; branch: string };
  comparison: ConfigComparison;
  /** Why the base's own file is not used (it is invalid): then the defaults and the org's apply. */
  baseUnusable?: string;
}

/**
 * A commit that is not yet on its branch of record is judged by a config it does not bring: a pull
 * request by its base commit's, another branch's commit by the default branch's. Its own file
 * could switch off the very check that would catch it. The org's file is read from the org's
 * default branch for both. An invalid base file is not held against a pull request that changes
 * it: the defaults (and the org's file) judge it instead; one that it leaves as is stays an error.
 */
export function judgingConfig(
  base: ConfigSources,
  own: ConfigSources,
  judgedBy: JudgingConfig['judgedBy'],
  knownChecks: readonly string[],
): JudgingConfig {
  const files = [base.org, base.repo].filter((f): f is ConfigText => f !== undefined);
  const context = { knownChecks };
  try {
    return { files, judgedBy, comparison: compareConfigs(base.repo, own.repo, context) };
  } catch (error) {
    const changed = (base.repo?.text ?? null) !== (own.repo?.text ?? null);
    if (!(error instanceof ConfigError) || error.file !== base.repo?.path || !changed) throw error;
    return {
      files: base.org ? [base.org] : [],
      judgedBy,
      comparison: compareConfigs(undefined, own.repo, context),
      baseUnusable: error.message,
    };
  }
}
