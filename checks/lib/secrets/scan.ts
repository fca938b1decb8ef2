import type { FileBudget } from '../../../src/engine/file-budget.js';
import { lineOf } from '../../../src/snapshot/snapshot.js';
import { maskSecret } from './mask.js';
import { OWN_RULES, findDotenvSecrets, type RawMatch } from './own-rules.js';
import { isDotenvFile } from './paths.js';
import { isExampleLine, isPlaceholderSecret } from './placeholder.js';

/** One secret found in one file; carries no more of the secret than {@link maskSecret} allows. */
export interface SecretMatch {
  /** Short rule name shown to people, e.g. `github-token`. */
  rule: string;
  /** What was found, in words: 'GitHub personal access token'. */
  kind: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  masked: string;
}

/**
 * Every literal one of the preset's rules needs before it can match, as one regular expression. A
 * file without any of them cannot hold a secret those rules know, so secretlint (about 0.1 ms a file
 * even when it finds nothing) runs only on the few files that have one. Keep in step with the
 * preset: the benchmark's recall figure drops when a kind is missed.
 */
const SECRETLINT_PREFILTER_PARTS = [
  'PRIVATE KEY', // privatekey; gcp (a service account key holds a PEM block)
  'A(?:KIA|SIA|3T[A-Z0-9]|GPA|IDA|ROA|IPA|NPA|NVA)[A-Z0-9]{16}', // aws ids
  '(?:SECRET|[Ss]ecret)_?(?:ACCESS|[Aa]ccess)', // aws secret key assignments
  'gh[pousr]_|github_pat_',
  'xox[bpaor]-|xapp-',
  '[Hh][Oo][Oo][Kk][Ss]\\.[Ss][Ll][Aa][Cc][Kk]',
  'npm_|_authToken|x-oauth-basic',
  ':\\/\\/[^\\s:\\/]{1,256}:[^\\s@\\/]{1,256}@', // credentials in URLs, database connection strings
  'SG\\.',
  'shp(?:ss|at|ca|pa)_',
  'T3BlbkFJ', // every OpenAI key format embeds it
  'sk-ant-api0',
  'lin_api_',
  'ops_ey',
];
const SECRETLINT_PREFILTER = new RegExp(SECRETLINT_PREFILTER_PARTS.join('|'));
const OWN_PREFILTERS = OWN_RULES.map((rule) => ({ rule, prefilter: new RegExp(rule.prefilter) }));
/** One pass that says no for almost every file: measured faster than one test per rule. */
const ANY_PREFILTER = new RegExp(
  [...SECRETLINT_PREFILTER_PARTS, ...OWN_RULES.map((r) => r.prefilter)].join('|'),
);

/** Cheap first pass: could this text hold a secret any rule knows? */
export function mayHoldSecret(text: string): boolean {
  return ANY_PREFILTER.test(text);
}

/** Whether {@link scanText} can find anything in this file: lets callers skip the async call. */
export function needsScan(path: string, text: string): boolean {
  return isDotenvFile(path) || mayHoldSecret(text);
}

/**
 * All secrets in one file's text, placeholders removed, masked. Async because secretlint's core is.
 * `secretlint-disable` comments are honoured (the preset's filter-comments rule).
 */
export async function scanText(path: string, text: string, budget?: FileBudget): Promise<SecretMatch[]> {
  const raw: RawMatch[] = [];
  // Each pass over the text is counted against the file's budget.
  const pass = (): void => budget?.step(text.length);
  if (isDotenvFile(path)) {
    pass();
    raw.push(...findDotenvSecrets(text));
  }
  if (mayHoldSecret(text)) {
    if (SECRETLINT_PREFILTER.test(text)) {
      pass();
      // secretlint and its rules load only for the few files the prefilter lets through.
      const { secretlintMatches } = await import('./secretlint.js');
      raw.push(...(await secretlintMatches(path, text)));
    }
    for (const { rule, prefilter } of OWN_PREFILTERS)
      if (prefilter.test(text)) {
        pass();
        raw.push(...rule.find(text));
      }
  }
  const found: SecretMatch[] = [];
  for (const m of dedupe(raw)) {
    const isKey = m.rule.endsWith('private-key');
    if (!isKey && isPlaceholderSecret(m.secret)) continue;
    const lineStart = text.lastIndexOf('\n', m.start - 1) + 1;
    const lineEnd = text.indexOf('\n', m.start);
    if (!isKey && isExampleLine(path, text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd))) continue;
    found.push({
      rule: m.rule,
      kind: m.kind,
      line: lineOf(text, m.start),
      column: m.start - lineStart + 1,
      masked: maskSecret(m.secret),
    });
  }
  return found;
}

/** Rules that match any credential of a shape; a format-specific rule on the same characters says more. */
const GENERIC_RULES = new Set(['url-credentials', 'database-url-credentials', 'dotenv-value']);

/**
 * Two rules often match the same characters (a PostgreSQL URL is also a URL with credentials; a
 * GitHub token can sit in a URL): keep one match per span, the format-specific one when there is one.
 */
function dedupe(matches: RawMatch[]): RawMatch[] {
  const kept: RawMatch[] = [];
  const overlaps = (m: RawMatch): boolean => kept.some((k) => m.start < k.end && k.start < m.end);
  const byPosition = (a: RawMatch, b: RawMatch): number => a.start - b.start || b.end - a.end;
  for (const m of matches.filter((x) => !GENERIC_RULES.has(x.rule)).sort(byPosition))
    if (!overlaps(m)) kept.push(m);
  for (const m of matches.filter((x) => GENERIC_RULES.has(x.rule)).sort(byPosition))
    if (!overlaps(m)) kept.push(m);
  return kept.sort(byPosition);
}
