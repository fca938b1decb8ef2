import type { Status } from '../../engine/check.js';
import type { CheckResult, Finding, Report } from '../../engine/report.js';
import { visible } from '../../present/visible.js';
import { LEVEL_NAMES, STATUS_SYMBOLS, levelName } from '../../present/vocabulary.js';
import { defineReporter } from './reporter.js';
import { countByStatus, formatLocation, isNotable, targetLabel, verdict } from './shared.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them on for a TTY unless NO_COLOR is set (https://no-color.org). */
  color: boolean;
}

type Paint = (code: number, text: string) => string;

/** SGR colour per status: green, red, yellow, magenta, cyan. */
const COLOURS: Record<Status, number> = { pass: 32, fail: 31, warn: 33, unknown: 35, info: 36 };
const BOLD = 1;
const DIM = 2;

/**
 * Repository text (file names, quoted lines) on its way to a terminal: C0 and C1 control characters
 * are shown as U+FFFD, so an audited repository cannot move the cursor, retitle the window or forge
 * a hyperlink with escape sequences (CWE-150); bidirectional and zero-width characters are shown
 * as their code points (`⟨U+202E⟩`), so text cannot read differently from what it is. Tabs stay;
 * line breaks become spaces.
 */
export function terminalSafe(text: string): string {
  return visible(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    text.replace(/\r?\n/g, ' ').replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\ufffd'),
  );
}

/** A terminal report: grouped by criterion, failing checks expanded with where and what to do. */
export function renderText(report: Report, options: TextOptions = { color: false }): string {
  const paint: Paint = options.color
    ? (code, text) => `\u001b[${code}m${text}\u001b[0m`
    : (_code, text) => text;
  const status = (s: Status, text: string = STATUS_SYMBOLS[s]): string => paint(COLOURS[s], text);
  const lines: string[] = [];

  lines.push(paint(BOLD, `tcop-audit ${report.tool.version} · ${terminalSafe(targetLabel(report))}`));
  lines.push(
    `Level reached: ${paint(BOLD, levelName(report.level))} (required: ${LEVEL_NAMES[report.required.level]}${
      report.mode === 'advisory' ? ', advisory mode' : ''
    })`,
  );

  const idWidth = Math.max(0, ...report.checks.map((c) => c.id.length));
  for (const criterion of report.criteria) {
    lines.push('');
    const summary = criterion.checks === 0 ? 'no checks ran' : `level: ${levelName(criterion.level)}`;
    lines.push(`${status(criterion.status)} ${paint(BOLD, criterion.title)}  ${paint(DIM, summary)}`);
    const checks = report.checks.filter((c) => c.criterion === criterion.id);
    for (const check of checks) {
      lines.push(`  ${status(check.status)} ${check.id.padEnd(idWidth)}  ${checkLine(check, paint)}`);
      for (const finding of report.findings.filter((f) => f.check === check.id && isNotable(f))) {
        lines.push(...findingLines(finding, status, paint));
      }
    }
  }

  lines.push('');
  const counts = countByStatus(report.findings)
    .map(([s, n]) => status(s, `${n} ${s}`))
    .join(', ');
  lines.push(`Findings: ${counts || 'none'}`);
  const snapshotLine = snapshotSummary(report);
  if (snapshotLine) lines.push(paint(DIM, snapshotLine));
  const outcome =
    report.conclusion === 'success' ? 'pass' : report.conclusion === 'neutral' ? 'warn' : 'fail';
  lines.push(status(outcome, verdict(report)));
  return lines.join('\n') + '\n';
}

function checkLine(check: CheckResult, paint: Paint): string {
  const notes = [
    LEVEL_NAMES[check.level],
    check.severity === 'fail' ? undefined : `severity ${check.severity}`,
  ].filter(Boolean);
  return `${check.title} ${paint(DIM, `(${notes.join(', ')})`)}`;
}

function findingLines(
  finding: Finding,
  status: (s: Status, text?: string) => string,
  paint: Paint,
): string[] {
  const lines = [`      ${status(finding.status)} ${terminalSafe(finding.message)}`];
  const where = formatLocation(finding.location);
  if (where) lines.push(paint(DIM, `        at ${terminalSafe(where)}`));
  if (finding.exemption) {
    const until = finding.exemption.expires ? ` until ${finding.exemption.expires}` : '';
    lines.push(
      `        exempted${until} (was ${finding.exemption.originalStatus}): ${terminalSafe(finding.exemption.reason)}`,
    );
  }
  if (finding.remediation) lines.push(`        → ${terminalSafe(finding.remediation)}`);
  return lines;
}

/** Files listed but not read, and an incomplete listing: both limit what the audit could see. */
function snapshotSummary(report: Report): string | undefined {
  const parts = [`${report.snapshot.files} files`];
  const skipped = report.snapshot.skipped;
  if (skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const s of skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    const detail = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
    parts.push(`${skipped.length} not read (${detail})`);
  }
  if (!report.snapshot.complete)
    parts.push(`incomplete listing: ${terminalSafe(report.snapshot.incompleteReason ?? 'unknown reason')}`);
  return parts.join('; ');
}

export const reporter = defineReporter({
  name: 'text',
  forTerminal: true,
  render: (report, context) => renderText(report, { color: context.color }),
});
