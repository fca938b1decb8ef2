import type { Location, Status } from '../../engine/check.js';
import type { Finding, Report } from '../../engine/report.js';
import { LEVEL_NAMES, STATUS_ORDER } from '../../present/vocabulary.js';

/** `path:line`, or `path` when the finding has no line. */
export function formatLocation(location: Location | undefined): string | undefined {
  if (!location) return undefined;
  return location.startLine ? `${location.path}:${location.startLine}` : location.path;
}

/** Findings a reader must act on or should know about: everything but plain passes and info. */
export function isNotable(finding: Finding): boolean {
  return finding.status !== 'pass' && !(finding.status === 'info' && !finding.exemption);
}

/** How many findings of each status, in the order a reader cares about. */
export function countByStatus(findings: readonly Finding[]): [Status, number][] {
  return STATUS_ORDER.map((s): [Status, number] => [s, findings.filter((f) => f.status === s).length]).filter(
    ([, n]) => n > 0,
  );
}

/** One sentence on the outcome: what the exit code and a check-run conclusion reflect. */
export function verdict(report: Report): string {
  const required = LEVEL_NAMES[report.required.level];
  if (report.required.met) return `Required level ${required} reached.`;
  const why = `Required level ${required} not reached`;
  return report.conclusion === 'neutral' ? `${why} (advisory mode: reported, not enforced).` : `${why}.`;
}

/** What was audited, for headings: `acme/app@main (abc1234)` or a local path. */
export function targetLabel(report: Report): string {
  const t = report.target;
  const name = t.repo ? `${t.repo}${t.ref ? `@${t.ref}` : ''}` : (t.path ?? '.');
  return t.commit ? `${name} (${t.commit.slice(0, 7)})` : name;
}
