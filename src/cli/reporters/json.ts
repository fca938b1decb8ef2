import type { Report } from '../../engine/report.js';
import { defineReporter } from './reporter.js';

/** The report as documented in docs/report-format.md: stable, versioned by `schemaVersion`. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export const reporter = defineReporter({ name: 'json', render: renderJson });
