import type { Reporter } from './reporter.js';

export type { Reporter, ReporterContext } from './reporter.js';

/** A format as `--help` lists it; its code loads only when it is used. */
export interface ReporterEntry {
  name: string;
  summary: string;
  load(): Promise<{ reporter: Reporter }>;
}

/**
 * Every `--format`, one line each, in the order `--help` lists them. A new format is a file exporting
 * `reporter` (see reporter.ts) and a line here; test/cli/reporters.test.ts holds each to its name.
 */
export const REPORTERS = [
  { name: 'text', summary: 'grouped by criterion, for a terminal', load: () => import('./text.js') },
  { name: 'json', summary: 'the report (docs/report-format.md)', load: () => import('./json.js') },
  { name: 'sarif', summary: 'SARIF 2.1.0, for GitHub code scanning', load: () => import('./sarif.js') },
  { name: 'markdown', summary: 'for job summaries and PR comments', load: () => import('./markdown.js') },
  {
    name: 'github',
    summary: 'GitHub Actions annotations (workflow commands)',
    load: () => import('./github.js'),
  },
  {
    name: 'junit',
    summary: 'JUnit XML, for GitLab, Jenkins and Azure DevOps',
    load: () => import('./junit.js'),
  },
  { name: 'gitlab', summary: 'GitLab Code Quality JSON', load: () => import('./gitlab.js') },
  {
    name: 'in-toto',
    summary: 'an in-toto Statement, to sign as an attestation',
    load: () => import('./in-toto.js'),
  },
] as const satisfies readonly ReporterEntry[];

export type Format = (typeof REPORTERS)[number]['name'];
export const FORMATS: readonly Format[] = REPORTERS.map((r) => r.name);
export const DEFAULT_FORMAT: Format = 'text';

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** The reporter for a format. */
export async function loadReporter(format: Format): Promise<Reporter> {
  const entry = REPORTERS.find((r) => r.name === format) as ReporterEntry;
  return (await entry.load()).reporter;
}
