import type { Status } from '../../engine/check.js';
import type { Finding, Report } from '../../engine/report.js';
import { LEVEL_NAMES, levelName } from '../../present/vocabulary.js';
import { defineReporter } from './reporter.js';
import { verdict } from './shared.js';

/** Annotation commands by status: failures are errors, warnings warnings, what could not be told notices. */
const COMMANDS: Partial<Record<Status, 'error' | 'warning' | 'notice'>> = {
  fail: 'error',
  warn: 'warning',
  unknown: 'notice',
};

/**
 * A workflow command's message: `%`, CR and LF escaped as the runner expects
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions), so repository
 * text in a finding can never end the command and start one of its own.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,title=…::message` for one finding, or undefined when it is not annotated. */
export function annotation(finding: Finding): string | undefined {
  const command = finding.exemption ? undefined : COMMANDS[finding.status];
  if (!command) return undefined;
  const properties: string[] = [];
  const at = finding.location;
  if (at?.path) {
    properties.push(`file=${escapeProperty(at.path)}`);
    if (at.startLine && at.startLine > 0) {
      properties.push(`line=${at.startLine}`);
      if (at.endLine && at.endLine >= at.startLine) properties.push(`endLine=${at.endLine}`);
      if (at.startColumn && at.startColumn > 0) properties.push(`col=${at.startColumn}`);
    }
  }
  properties.push(`title=${escapeProperty(`tcop-audit ${finding.check} (${LEVEL_NAMES[finding.level]})`)}`);
  const message = finding.remediation ? `${finding.message}\n→ ${finding.remediation}` : finding.message;
  return `::${command} ${properties.join(',')}::${escapeData(message)}`;
}

/**
 * GitHub Actions workflow commands: an annotation per failure, warning and unknown finding, shown on
 * the run and, for files the pull request touches, on its diff; then the outcome as a plain line.
 */
export function renderGithub(report: Report): string {
  const lines = report.findings.flatMap((f) => annotation(f) ?? []);
  lines.push(`tcop-audit: level reached ${levelName(report.level)}. ${verdict(report)}`);
  return lines.join('\n') + '\n';
}

export const reporter = defineReporter({ name: 'github', render: (report) => renderGithub(report) });
