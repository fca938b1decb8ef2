/**
 * What is known about the config before its parser loads: where it lives, the error it raises, and
 * the calendar-date rule the CLI's --now shares with it. Kept apart so the CLI's start stays small.
 */

/** The repository's own config file; the org's `.github` repository may hold one at the same path. */
export const CONFIG_PATH = '.github/tcop.yml';

/** Date.parse takes `2027-02-30` as 2 March: a day the month does not have is a typo, not a date. */
export function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === ymd;
}

/** A config file that cannot be used: names the file, line and field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}
