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

/** The header line of the CSV export, with its line ending. */
export const csvHeaderLine = (): string => `${CSV_HEADER.join(',')}\r\n`;

/** One CSV line per row, each with its line ending. */
export function csvLines(rows: readonly ExportRow[]): string {
  return toCsv(rows).slice(csvHeaderLine().length);
}

export interface ExportSource<T> {
  /** The next slice: the rows to write and how many the store read (0 at the end). */
  next(offset: number, limit: number): Promise<{ rows: readonly T[]; read: number }>;
}

/** Rows per slice: each slice is one store query, so other requests are answered between them. */
export const EXPORT_SLICE = 250;

/**
 * A pull-based stream of an export: a slice is read from the store only when the client has taken
 * the previous one, and a client that goes away cancels the stream, so no further slice is read.
 * `onDone` receives the whole body when the stream completed (for the export cache), or undefined.
 */
export function exportStream<T>(options: {
  source: ExportSource<T>;
  head: string;
  render: (rows: readonly T[], first: boolean) => string;
  /** The end of the body, given how many rows were written. */
  tail: (count: number) => string;
  onDone: (body: string | undefined) => void;
  /** Stop collecting the body for the cache beyond this many characters. */
  cacheLimit: number;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let offset = 0;
  let written = 0;
  let collected: string[] | undefined = [options.head];
  let length = options.head.length;
  let started = false;
  let finished = false;
  const keep = (text: string): void => {
    if (!collected) return;
    length += text.length;
    if (length > options.cacheLimit) collected = undefined;
    else collected.push(text);
  };
  const finish = (body: string | undefined): void => {
    if (finished) return;
    finished = true;
    options.onDone(body);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(options.head));
          return;
        }
        const { rows, read } = await options.source.next(offset, EXPORT_SLICE);
        if (read === 0) {
          const tail = options.tail(written);
          keep(tail);
          controller.enqueue(encoder.encode(tail));
          controller.close();
          finish(collected?.join(''));
          return;
        }
        const text = options.render(rows, written === 0);
        offset += read;
        written += rows.length;
        keep(text);
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        finish(undefined);
        controller.error(error);
      }
    },
    cancel() {
      finish(undefined);
    },
  });
}
