import type { Status } from '../../engine/check.js';
import type { Finding, Report } from '../../engine/report.js';
import { formatLocation, isNotable, levelTitle, targetLabel, verdict } from './shared.js';

const ICONS: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', unknown: '❔', info: 'ℹ️' };

/**
 * A summary for a pull-request comment or a CI job summary ($GITHUB_STEP_SUMMARY): the level, a table
 * per criterion, then what to fix with its remediation.
 */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`## TCoP audit: ${levelTitle(report.level)}`);
  out.push('');
  out.push(
    `${report.required.met ? ICONS.pass : report.conclusion === 'neutral' ? ICONS.warn : ICONS.fail} ${verdict(report)}`,
  );
  out.push('');
  out.push(
    `Audited \`${cell(targetLabel(report))}\` with tcop-audit ${report.tool.version} on ${report.generatedAt.slice(0, 10)}.`,
  );
  out.push('');
  out.push('| Criterion | Status | Level | Checks |');
  out.push('| --- | --- | --- | --- |');
  for (const c of report.criteria) {
    const level = c.checks === 0 ? '—' : levelTitle(c.level);
    out.push(`| ${c.title} | ${ICONS[c.status]} ${c.status} | ${level} | ${c.checks} |`);
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
        `| ${cell(check.title)} (\`${check.id}\`) | ${check.level} | ${ICONS[check.status]} ${check.status} |`,
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
      notes.push(`incomplete listing (${report.snapshot.incompleteReason ?? 'unknown reason'})`);
    out.push(`_${notes.join('; ')}._`);
  }
  return out.join('\n') + '\n';
}

function findingItem(f: Finding): string[] {
  const where = formatLocation(f.location);
  const lines = [
    `- ${ICONS[f.status]} **${f.check}**: ${inline(f.message)}${where ? ` (\`${cell(where)}\`)` : ''}`,
  ];
  if (f.exemption)
    lines.push(
      `  Exempted${f.exemption.expires ? ` until ${f.exemption.expires}` : ''}: ${inline(f.exemption.reason)}`,
    );
  else if (f.remediation) lines.push(`  Fix: ${inline(f.remediation)}`);
  return lines;
}

/** Text inside a table cell or code span: pipes and backticks would break the markup. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/** Text in a list item: one line, and no HTML a renderer would interpret. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
