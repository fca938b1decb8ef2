import type { Status } from '../../engine/check.js';
import type { Finding, Report } from '../../engine/report.js';
import { mdCode, mdMessage, mdText, tableCell } from '../../present/markdown.js';
import { defineReporter } from './reporter.js';
import {
  CONCLUSION_STATUS,
  LEVEL_NAMES,
  STATUS_ICONS as ICONS,
  STATUS_LABELS,
  levelName,
} from '../../present/vocabulary.js';
import { formatLocation, isNotable, targetLabel, verdict } from './shared.js';

/** A status as a table shows it: sign and word. */
const statusCell = (s: Status): string => `${ICONS[s]} ${STATUS_LABELS[s]}`;

/**
 * A summary for a pull-request comment or a CI job summary ($GITHUB_STEP_SUMMARY): the level, a table
 * per criterion, then what to fix with its remediation.
 */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`## TCoP audit: ${levelName(report.level)}`);
  out.push('');
  out.push(`${ICONS[CONCLUSION_STATUS[report.conclusion]]} ${verdict(report)}`);
  out.push('');
  out.push(
    `Audited ${mdCode(targetLabel(report))} with tcop-audit ${report.tool.version} on ${report.generatedAt.slice(0, 10)}.`,
  );
  out.push('');
  out.push('| Criterion | Status | Level | Checks |');
  out.push('| --- | --- | --- | --- |');
  for (const c of report.criteria) {
    const level = c.checks === 0 ? '—' : levelName(c.level);
    out.push(`| ${c.title} | ${statusCell(c.status)} | ${level} | ${c.checks} |`);
  }

  for (const criterion of report.criteria) {
    const checks = report.checks.filter((c) => c.criterion === criterion.id);
    if (checks.length === 0) continue;
    out.push('');
    out.push(`### ${criterion.title}`);
    out.push('');
    out.push('| Check | Level | Status |');
    out.push('| --- | --- | --- |');
    for (const check of checks) {
      out.push(
        `| ${tableCell(check.title)} (\`${check.id}\`) | ${LEVEL_NAMES[check.level]} | ${statusCell(check.status)} |`,
      );
    }
  }

  const notable = report.findings.filter(isNotable);
  if (notable.length > 0) {
    out.push('');
    out.push('### Findings');
    out.push('');
    for (const f of notable) out.push(...findingItem(f));
  }

  if (report.snapshot.skipped.length > 0 || !report.snapshot.complete) {
    out.push('');
    const notes = [];
    if (report.snapshot.skipped.length > 0)
      notes.push(`${report.snapshot.skipped.length} file(s) listed but not read`);
    if (!report.snapshot.complete)
      notes.push(
        `incomplete listing (${report.snapshot.incompleteReason ? mdText(report.snapshot.incompleteReason) : 'unknown reason'})`,
      );
    out.push(`_${notes.join('; ')}._`);
  }
  return out.join('\n') + '\n';
}

function findingItem(f: Finding): string[] {
  const where = formatLocation(f.location);
  const lines = [
    `- ${ICONS[f.status]} **${f.check}**: ${mdMessage(f.message, f.filled?.message)}${where ? ` (${mdCode(where)})` : ''}`,
  ];
  if (f.exemption)
    lines.push(
      `  Exempted${f.exemption.expires ? ` until ${mdText(f.exemption.expires)}` : ''}: ${mdText(f.exemption.reason)}`,
    );
  else if (f.remediation) lines.push(`  Fix: ${mdMessage(f.remediation, f.filled?.remediation)}`);
  return lines;
}

export const reporter = defineReporter({ name: 'markdown', render: renderMarkdown });
