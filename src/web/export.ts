import { CRITERIA } from '../engine/check.js';
import type { RepositorySummary } from '../store/types.js';
import { trendOf } from './view.js';

/** One exported row: the same columns the overview table shows, plus what a spreadsheet needs. */
export interface ExportRow {
  repository: string;
  owner: string;
  name: string;
  description: string | null;
  archived: boolean;
  level: string;
  criteria: Record<string, string>;
  lastAudit: string;
  commit: string | null;
  trend: string;
  failingChecks: string[];
}

export function toExportRow(r: RepositorySummary): ExportRow {
  return {
    repository: `${r.owner}/${r.name}`,
    owner: r.owner,
    name: r.name,
    description: r.description,
    archived: r.archived,
    level: r.level ?? 'none',
    criteria: Object.fromEntries(
      CRITERIA.map((c) => [c, r.criteria[c] === undefined ? 'no-result' : (r.criteria[c] ?? 'none')]),
    ),
    lastAudit: r.lastAuditAt,
    commit: r.commit,
    trend: trendOf(r.level, r.previousLevel) ?? 'first',
    failingChecks: r.failingChecks,
  };
}

const CSV_HEADER = [
  'repository',
  'level',
  ...CRITERIA,
  'last_audit',
  'trend',
  'commit',
  'archived',
  'failing_checks',
  'description',
];

/**
 * RFC 4180 fields; a cell that a spreadsheet would run as a formula gets a leading apostrophe
 * (OWASP CSV injection: https://owasp.org/www-community/attacks/CSV_Injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.repository,
        r.level,
        ...CRITERIA.map((c) => r.criteria[c] ?? ''),
        r.lastAudit,
        r.trend,
        r.commit ?? '',
        r.archived ? 'yes' : 'no',
        r.failingChecks.join(' '),
        r.description ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
