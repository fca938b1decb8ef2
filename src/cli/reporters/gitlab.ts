import { createHash } from 'node:crypto';
import type { Status } from '../../engine/check.js';
import { findingIdentity } from '../../engine/finding-identity.js';
import type { Report } from '../../engine/report.js';
import { defineReporter } from './reporter.js';

/** GitLab Code Quality severities (info, minor, major, critical, blocker) by status. */
const SEVERITIES: Partial<Record<Status, 'info' | 'minor' | 'major'>> = {
  fail: 'major',
  warn: 'minor',
  unknown: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major';
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab Code Quality JSON (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
 * one issue per failure, warning and unknown finding that is not exempted. Every issue needs a file:
 * repository-level findings sit on the anchor (the README). Fingerprints leave out the line, so an
 * issue stays the same issue when code above it moves; two alike in one file are told apart by count.
 */
export function renderGitlab(report: Report, anchor = 'README.md'): string {
  const seen = new Map<string, number>();
  const issues: CodeQualityIssue[] = [];
  for (const finding of report.findings) {
    const severity = finding.exemption ? undefined : SEVERITIES[finding.status];
    if (!severity) continue;
    const path = finding.location?.path || anchor;
    const identity = `${findingIdentity(finding)}\0${path}`;
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    issues.push({
      description: finding.remediation ? `${finding.message} ${finding.remediation}` : finding.message,
      check_name: finding.check,
      fingerprint: createHash('sha256').update(`${identity}\0${occurrence}`).digest('hex'),
      severity,
      location: { path, lines: { begin: Math.max(1, finding.location?.startLine ?? 1) } },
    });
  }
  return JSON.stringify(issues, null, 2) + '\n';
}

export const reporter = defineReporter({
  name: 'gitlab',
  render: (report, context) => renderGitlab(report, context.anchor),
});
