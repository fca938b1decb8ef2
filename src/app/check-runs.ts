import { CRITERIA, LEVELS, type Criterion, type Level, type Status } from '../engine/check.js';
import type { AuditConfig, ConfigError } from '../engine/config.js';
import type { JudgingConfig } from '../engine/config-changes.js';
import type { CheckResult, Finding, Report } from '../engine/report.js';
import { findingIdentity } from '../engine/finding-identity.js';
import { conclusionOf, meetsLevel } from '../engine/run.js';
import { mdCode, mdMessage, mdText, tableCell as cell } from '../present/markdown.js';
import {
  CONCLUSION_STATUS,
  CRITERION_TITLES,
  LEVEL_NAMES as LEVEL_WORD,
  STATUS_COUNT_WORDS,
  STATUS_ICONS as ICON,
  STATUS_LABELS as STATUS_WORD,
  levelName as levelWord,
} from '../present/vocabulary.js';

/**
 * GitHub's limits on check run output (docs.github.com/en/rest/checks/runs): `summary` and
 * `text` are at most 65,535 bytes of UTF-8 (the docs say "characters"; GitHub counts bytes, and
 * a summary of `é`s or emoji past that answers 422); at most 50 annotations per request.
 */
export const OUTPUT_LIMIT = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;
/** More annotations than this help nobody and cost one request per 50: the rest are counted. */
export const MAX_ANNOTATIONS = 250;

/** Where the per-check pages live; links in summaries are absolute so they work on GitHub. */
export const DEFAULT_DOCS_BASE_URL = 'https://github.com/tcop-audit/tcop-audit/blob/main/';

export type Conclusion = 'success' | 'failure' | 'neutral' | 'action_required';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** Everything one check run shows; the writer turns it into API calls. */
export interface CheckRunOutput {
  name: string;
  conclusion: Conclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: Annotation[];
}

export interface RenderOptions {
  docsBaseUrl?: string;
  /** The base commit's report, on pull requests: the summary leads with what changed. */
  base?: Report;
  /** Why the base could not be compared, when it could not. */
  baseError?: string;
  /** A commit judged by another commit's config (a pull request by its base's): what it changes. */
  judging?: JudgingConfig;
}

export const CHECK_RUN_NAMES: readonly string[] = CRITERIA.map((c) => CRITERION_TITLES[c]);

/** A page under the docs base, which may be given with or without its trailing slash. */
function docsUrl(base: string, page: string): string {
  return new URL(page, base.endsWith('/') ? base : base + '/').toString();
}

function where(f: Finding): string {
  if (!f.location) return '';
  return ` — ${mdCode(`${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ''}`)}`;
}

const isProblem = (f: Finding): boolean => f.status === 'fail' || f.status === 'warn';
/** The same problem on both commits: by check, message id, status, file and stable data, never the line. */
const findingKey = (f: Finding): string => findingIdentity(f, { withStatus: true });

export interface Changes {
  introduced: Finding[];
  fixed: Finding[];
}

/** The findings of `a` that `b` does not have, counting repeats (a second secret in one file). */
function missingFrom(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(findingKey(f), (left.get(findingKey(f)) ?? 0) + 1);
  return a.filter((f) => {
    const key = findingKey(f);
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    return n === 0;
  });
}

/** What the head introduces and fixes relative to the base, for one criterion. */
export function compareFindings(head: readonly Finding[], base: readonly Finding[]): Changes {
  const headProblems = head.filter(isProblem);
  const baseProblems = base.filter(isProblem);
  return {
    introduced: missingFrom(headProblems, baseProblems),
    fixed: missingFrom(baseProblems, headProblems),
  };
}

/** GitHub's limit on `output.title`, in characters. */
export const TITLE_LIMIT = 255;

/** At most 255 characters, counted as code points, never splitting a surrogate pair. */
export function truncateTitle(title: string): string {
  const chars = [...title];
  return chars.length <= TITLE_LIMIT ? title : chars.slice(0, TITLE_LIMIT - 1).join('') + '…';
}

/** The size GitHub measures output in. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * At most `limit` UTF-8 bytes of `text`, cut at a line end so that no Markdown table row or
 * paragraph is cut in half, and never inside a surrogate pair or a multi-byte character.
 */
export function truncateUtf8(text: string, limit = OUTPUT_LIMIT): string {
  if (utf8Bytes(text) <= limit) return text;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (bytes + size > limit) break;
    bytes += size;
    end += ch.length;
  }
  const cut = text.slice(0, end);
  const line = cut.lastIndexOf('\n');
  return line > 0 ? cut.slice(0, line + 1) : cut;
}

/**
 * Adds blocks in order while they fit, then one "n more" line: the summary never exceeds
 * GitHub's limit in bytes and always says what it left out.
 */
export function capBlocks(
  head: string,
  items: readonly string[],
  tail: string,
  noun: string,
  limit = OUTPUT_LIMIT,
): string {
  const reserve = 300 + utf8Bytes(tail);
  let out = head;
  let size = utf8Bytes(head);
  let shown = 0;
  for (const item of items) {
    const itemSize = utf8Bytes(item);
    if (size + itemSize + reserve > limit) break;
    out += item;
    size += itemSize;
    shown++;
  }
  const left = items.length - shown;
  if (left > 0)
    out += `\n_…and ${left} more ${noun}${left === 1 ? '' : 's'} not shown here (GitHub caps this text at ${limit.toLocaleString('en-GB')} bytes); \`tcop-audit\` on the command line lists them all._\n`;
  return truncateUtf8(out + tail, limit);
}

function findingBlock(f: Finding, result: CheckResult | undefined, docsBase: string): string {
  const title = result?.title ?? f.check;
  const lines = [
    `\n**${ICON[f.status]} ${cell(title)}**${where(f)}  \n${mdMessage(f.message, f.filled?.message)}\n`,
  ];
  if (f.remediation) lines.push(`> **How to fix:** ${mdMessage(f.remediation, f.filled?.remediation)}\n`);
  const links = [
    ...(result ? [`[About this check](${docsUrl(docsBase, result.docs)})`] : []),
    ...(result?.references ?? []).slice(0, 3).map((r) => `[${r.title}](${r.url})`),
  ];
  if (links.length > 0) lines.push(`${links.join(' · ')}\n`);
  return lines.join('\n');
}

function changesBlock(changes: Changes, base: Report): string {
  const baseSha = base.target.commit ? `\`${base.target.commit.slice(0, 7)}\`` : 'the base commit';
  const baseName = base.target.commit ? `the base commit ${baseSha}` : baseSha;
  if (changes.introduced.length === 0 && changes.fixed.length === 0)
    return `\n### This pull request\n\nNo change against ${baseSha}.\n`;
  const list = (heading: string, findings: readonly Finding[], icon: (f: Finding) => string): string[] => {
    if (findings.length === 0) return [];
    const shown = findings
      .slice(0, 20)
      .map((f) => `- ${icon(f)} ${mdMessage(f.message, f.filled?.message)}${where(f)}`);
    if (findings.length > 20) shown.push(`- …and ${findings.length - 20} more`);
    return [`**${heading} ${findings.length} problem${findings.length === 1 ? '' : 's'}**`, '', ...shown, ''];
  };
  return [
    '',
    '### This pull request',
    '',
    `Compared with ${baseName}:`,
    '',
    ...list('Introduces', changes.introduced, (f) => ICON[f.status]),
    ...list('Fixes', changes.fixed, () => '✅'),
  ].join('\n');
}

/**
 * Which config judged the commit, and what the commit's own file changes in it: a reviewer sees
 * a check switched off before it is merged, and the results above are not affected by it.
 */
export function judgingBlock(judging: JudgingConfig): string {
  const { comparison, judgedBy } = judging;
  const by =
    judgedBy.kind === 'base-commit'
      ? `the base commit ${mdCode(judgedBy.commit.slice(0, 7))}`
      : `the default branch ${mdCode(judgedBy.branch)}`;
  const subject = judgedBy.kind === 'base-commit' ? 'this pull request' : 'this commit';
  const column = judgedBy.kind === 'base-commit' ? 'This pull request' : 'This commit';
  const file = mdCode(comparison.file);
  const lines = ['', '### Configuration', ''];
  if (judging.baseUnusable)
    lines.push(
      `The configuration of ${by} cannot be used (${mdText(judging.baseUnusable)}), so ${subject} is judged by the defaults${judging.files.length > 0 ? ` and ${judging.files.map((f) => mdCode(f.path)).join(', ')}` : ''}, never by its own ${file}.`,
    );
  else
    lines.push(
      `Judged by the configuration of ${by}: the ${file} of ${subject} takes effect once it is merged.`,
    );
  if (comparison.state === 'unchanged') return lines.join('\n') + '\n';
  lines.push('');
  if (comparison.state === 'invalid') {
    lines.push(
      `> [!WARNING]`,
      `> ${subject[0]!.toUpperCase()}${subject.slice(1)} changes ${file} to a file that cannot be used: ${mdText(comparison.error)}. Once merged, no checks run until it is fixed.`,
    );
    return lines.join('\n') + '\n';
  }
  const n = comparison.changes.length;
  lines.push(
    `> [!IMPORTANT]`,
    `> ${subject[0]!.toUpperCase()}${subject.slice(1)} changes ${n} setting${n === 1 ? '' : 's'} in ${file}:`,
    '',
    `| Setting | ${judgedBy.kind === 'base-commit' ? 'Base commit' : 'Default branch'} | ${column} |`,
    '|---|---|---|',
  );
  const value = (v: string | undefined): string => (v === undefined ? '_not set_' : mdText(v));
  const shown = comparison.changes.slice(0, 50);
  for (const c of shown) lines.push(`| ${mdText(c.key)} | ${value(c.base)} | ${value(c.head)} |`);
  if (n > shown.length) lines.push('', `…and ${n - shown.length} more.`);
  return lines.join('\n') + '\n';
}

function annotationsFor(
  findings: readonly Finding[],
  results: ReadonlyMap<string, CheckResult>,
): { annotations: Annotation[]; omitted: number } {
  const level: Partial<Record<Status, Annotation['annotation_level']>> = {
    fail: 'failure',
    warn: 'warning',
    unknown: 'notice',
  };
  const all = findings
    // Org-level config paths (`acme/.github:…`) are not files of this repository.
    .filter((f) => f.location && !f.location.path.includes(':') && level[f.status])
    .map((f): Annotation => {
      const loc = f.location as NonNullable<Finding['location']>;
      const start = Math.max(1, loc.startLine ?? 1);
      return {
        path: loc.path,
        start_line: start,
        end_line: Math.max(start, loc.endLine ?? start),
        annotation_level: level[f.status] as Annotation['annotation_level'],
        title: results.get(f.check)?.title ?? f.check,
        message: f.remediation ? `${f.message}\n\nHow to fix: ${f.remediation}` : f.message,
      };
    });
  return { annotations: all.slice(0, MAX_ANNOTATIONS), omitted: Math.max(0, all.length - MAX_ANNOTATIONS) };
}

/** One check run per criterion, from a report. Pure. */
export function renderCheckRuns(
  report: Report,
  config: Pick<AuditConfig, 'level' | 'mode' | 'sources'>,
  options: RenderOptions = {},
): CheckRunOutput[] {
  const docsBase = options.docsBaseUrl ?? DEFAULT_DOCS_BASE_URL;
  return CRITERIA.map((criterion) => renderCriterion(report, config, criterion, docsBase, options));
}

function renderCriterion(
  report: Report,
  config: Pick<AuditConfig, 'level' | 'mode' | 'sources'>,
  criterion: Criterion,
  docsBase: string,
  options: RenderOptions,
): CheckRunOutput {
  const name = CRITERION_TITLES[criterion];
  const result = report.criteria.find((c) => c.id === criterion);
  const checks = report.checks.filter((c) => c.criterion === criterion);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const findings = report.findings.filter((f) => f.criterion === criterion);
  const reached = result?.level ?? null;
  const conclusion =
    checks.length === 0 ? 'neutral' : conclusionOf(meetsLevel(reached, config.level), config.mode);

  const counts = (['fail', 'warn', 'unknown', 'pass', 'info'] as const)
    .map((s) => [s, checks.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${STATUS_COUNT_WORDS[s]}`);
  const title =
    checks.length === 0
      ? 'No checks for this criterion are enabled'
      : `${meetsLevel(reached, config.level) ? LEVEL_WORD[reached as Level] + ' reached' : `Required level (${LEVEL_WORD[config.level]}) not met`} · ${counts.join(', ')}`;

  let head = `## ${ICON[CONCLUSION_STATUS[conclusion]]} ${name}\n\n`;
  head += `| Level reached | Required | Mode | Checks |\n|---|---|---|---|\n| **${levelWord(reached)}** | ${LEVEL_WORD[config.level]} | ${config.mode}${config.mode === 'advisory' ? ' (failures do not block)' : ''} | ${counts.join(' · ') || 'none'} |\n`;
  if (!report.snapshot.complete)
    head += `\n> [!WARNING]\n> The data was incomplete: ${report.snapshot.incompleteReason ? mdText(report.snapshot.incompleteReason) : 'not every file could be listed'}. Results may miss files.\n`;

  if (options.base) {
    const baseFindings = options.base.findings.filter((f) => f.criterion === criterion);
    head += changesBlock(compareFindings(findings, baseFindings), options.base);
  } else if (options.baseError) {
    head += `\n### This pull request\n\nThe base commit could not be audited for comparison: ${mdText(options.baseError)}\n`;
  }
  if (options.judging) head += judgingBlock(options.judging);

  head += `\n### Checks\n\n| | Check | Level | Result |\n|:-:|---|---|---|\n`;
  const order: Record<Status, number> = { fail: 0, warn: 1, unknown: 2, info: 3, pass: 4 };
  const rows = [...checks]
    .sort(
      (a, b) =>
        order[a.status] - order[b.status] ||
        LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
        a.id.localeCompare(b.id),
    )
    .map(
      (c) =>
        `| ${ICON[c.status]} | [${cell(c.title)}](${docsUrl(docsBase, c.docs)}) \`${c.id}\`${c.severity === 'warn' ? ' _(set to warn)_' : ''} | ${LEVEL_WORD[c.level]} | ${STATUS_WORD[c.status]} |\n`,
    );

  const problems = findings
    .filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'unknown')
    .sort((a, b) => order[a.status] - order[b.status]);
  const problemBlocks = problems.map((f) => findingBlock(f, byId.get(f.check), docsBase));
  const exempted = findings.filter((f) => f.exemption);

  const { annotations, omitted } = annotationsFor(findings, byId);
  const footer = [
    '\n---\n',
    exempted.length > 0
      ? `${exempted.length} finding${exempted.length === 1 ? ' is' : 's are'} exempted by configuration (shown as info).  \n`
      : '',
    omitted > 0
      ? `${omitted} more annotation${omitted === 1 ? '' : 's'} not attached (at most ${MAX_ANNOTATIONS} per check run).  \n`
      : '',
    `<sub>${report.target.commit ? `Commit \`${report.target.commit.slice(0, 7)}\` · ` : ''}${report.snapshot.files.toLocaleString('en-GB')} files · `,
    `config: ${config.sources.length > 0 ? config.sources.map(mdCode).join(' + ') : 'defaults'} · tcop-audit ${report.tool.version}</sub>\n`,
  ].join('');

  const withTable = capBlocks(head, rows, problems.length > 0 ? `\n### What to fix\n` : '', 'check');
  const summary = capBlocks(withTable, problemBlocks, footer, 'finding');
  return { name, conclusion, title, summary, annotations };
}

/** An invalid `.github/tcop.yml`: every check run asks for action and points at the line. */
export function renderConfigError(error: ConfigError, docsBaseUrl = DEFAULT_DOCS_BASE_URL): CheckRunOutput[] {
  const onRepoFile = !error.file.includes(':');
  const summary = [
    `## ⚠️ The configuration file cannot be used`,
    '',
    `${mdCode(`${error.file}${error.line ? `:${error.line}` : ''}`)}${error.field ? ` — field ${mdCode(error.field)}` : ''}: ${mdText(error.detail)}`,
    '',
    'No checks ran: an invalid configuration is never replaced by silent defaults. Fix the file and push, or press **Re-run**.',
    '',
    `[How to configure tcop-audit](${docsUrl(docsBaseUrl, 'docs/configuration.md')})`,
  ].join('\n');
  return CHECK_RUN_NAMES.map((name) => ({
    name,
    conclusion: 'action_required',
    title: truncateTitle(`Invalid configuration: ${error.file}${error.line ? ` line ${error.line}` : ''}`),
    summary: truncateUtf8(summary),
    annotations: onRepoFile
      ? [
          {
            path: error.file,
            start_line: error.line ?? 1,
            end_line: error.line ?? 1,
            annotation_level: 'failure',
            title: 'Invalid tcop-audit configuration',
            message: error.message,
          },
        ]
      : [],
  }));
}

/** The audit could not finish (GitHub error, defect): say so in every run, never crash. */
export function renderAuditError(message: string, requestId?: string): CheckRunOutput[] {
  const summary = [
    '## ❌ The audit could not complete',
    '',
    mdText(truncateUtf8(message, OUTPUT_LIMIT - 1_000)),
    ...(requestId ? ['', `GitHub request id: ${mdCode(requestId)}`] : []),
    '',
    'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
  ].join('\n');
  return CHECK_RUN_NAMES.map((name) => ({
    name,
    conclusion: 'failure',
    title: 'Audit error',
    summary: truncateUtf8(summary),
    annotations: [],
  }));
}
