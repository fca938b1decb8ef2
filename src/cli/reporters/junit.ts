import type { CheckResult, Finding, Report } from '../../engine/report.js';
import { CRITERION_TITLES, LEVEL_NAMES } from '../../present/vocabulary.js';
import { defineReporter } from './reporter.js';
import { formatLocation } from './shared.js';

/** Characters XML 1.0 cannot hold at all, even escaped: replaced, so a hostile file name cannot break the file. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters are the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function describe(finding: Finding): string {
  const where = formatLocation(finding.location);
  const lines = [`${finding.status}: ${finding.message}`];
  if (where) lines.push(`  at ${where}`);
  if (finding.remediation) lines.push(`  → ${finding.remediation}`);
  if (finding.exemption)
    lines.push(`  exempted (was ${finding.exemption.originalStatus}): ${finding.exemption.reason}`);
  return lines.join('\n');
}

function testcase(check: CheckResult, findings: readonly Finding[]): string {
  const own = findings.filter((f) => f.check === check.id);
  const file = own.find((f) => f.location?.path)?.location?.path;
  const attributes = `classname="${xmlText(`tcop-audit.${check.criterion}`)}" name="${xmlText(
    `${check.id}: ${check.title} (${LEVEL_NAMES[check.level]})`,
  )}"${file ? ` file="${xmlText(file)}"` : ''}`;
  const body = own.map(describe).join('\n');
  const failed = own.filter((f) => f.status === 'fail');
  if (check.status === 'fail') {
    const first = failed[0]?.message ?? check.title;
    return `    <testcase ${attributes}>\n      <failure message="${xmlText(first)}" type="fail">${xmlText(body)}</failure>\n    </testcase>`;
  }
  if (check.status === 'unknown') {
    const first = own.find((f) => f.status === 'unknown')?.message ?? 'could not tell';
    return `    <testcase ${attributes}>\n      <skipped message="${xmlText(first)}"/>\n      <system-out>${xmlText(body)}</system-out>\n    </testcase>`;
  }
  return body
    ? `    <testcase ${attributes}>\n      <system-out>${xmlText(body)}</system-out>\n    </testcase>`
    : `    <testcase ${attributes}/>`;
}

/**
 * JUnit XML, as GitLab, Jenkins and Azure DevOps read test reports: a test suite per criterion, a
 * test case per check. A failing check is a failure, one that could not tell is skipped, and a
 * warning passes with its findings as output (JUnit has no warning).
 */
export function renderJunit(report: Report): string {
  const suites = Object.entries(CRITERION_TITLES).map(([criterion, title]) => {
    const checks = report.checks.filter((c) => c.criterion === criterion);
    const failures = checks.filter((c) => c.status === 'fail').length;
    const skipped = checks.filter((c) => c.status === 'unknown').length;
    const cases = checks.map((c) => testcase(c, report.findings));
    return [
      `  <testsuite name="${xmlText(title)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${xmlText(report.generatedAt)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const failures = report.checks.filter((c) => c.status === 'fail').length;
  const skipped = report.checks.filter((c) => c.status === 'unknown').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tcop-audit" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export const reporter = defineReporter({ name: 'junit', render: (report) => renderJunit(report) });
