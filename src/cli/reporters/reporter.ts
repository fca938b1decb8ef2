import type { Report } from '../../engine/report.js';

/** What the CLI knows when it renders, beyond the report itself. */
export interface ReporterContext {
  /** ANSI colour is wanted: a terminal, NO_COLOR unset (or FORCE_COLOR). Only terminal reporters use it. */
  color: boolean;
  /**
   * The file that findings without one are placed on, for formats that need a file for every result
   * (SARIF): the root README, else the config file.
   */
  anchor: string;
}

/** One output format: a pure function from a report to text. */
export interface Reporter {
  /** The `--format` value. */
  readonly name: string;
  /**
   * The output is made for a terminal: it shows repository text terminal-safe itself and may colour it.
   * Any other format's output is made terminal-safe by the CLI when it is printed to a terminal.
   */
  readonly forTerminal?: boolean;
  render(report: Report, context: ReporterContext): string;
}

/** Identity function that types a reporter. */
export const defineReporter = (reporter: Reporter): Reporter => reporter;
