import type { Criterion, Level, Status } from '../engine/check.js';

/**
 * The words and signs every output uses for levels, statuses and criteria — check runs, CLI
 * reporters, dashboard pages and badges — so a level reads the same wherever it is shown.
 */

export const LEVEL_NAMES: Record<Level, string> = {
  baseline: 'Baseline',
  standard: 'Standard',
  exemplar: 'Exemplar',
};

/** What a repository or criterion that does not reach even baseline shows instead of a level. */
export const NOT_MET = 'Not met';
/** A criterion the audit has no result for: no check of it ran. */
export const NO_RESULT = 'No result';

/** `Standard`, or `Not met` when not even baseline is reached. */
export const levelName = (level: Level | null): string => (level ? LEVEL_NAMES[level] : NOT_MET);

/** Levels keyed as the store and the dashboard's filters key them: `none` for not met. */
export const LEVEL_LABELS: Record<Level | 'none', string> = { ...LEVEL_NAMES, none: NOT_MET };

/** A finding's or a check's status in words, for tables and tags. */
export const STATUS_LABELS: Record<Status, string> = {
  pass: 'Passes',
  fail: 'Fails',
  warn: 'Warning',
  unknown: 'Could not tell',
  info: 'Info',
};

/** How many checks are in each status, as an adjective: `2 failing`. */
export const STATUS_COUNT_WORDS: Record<Status, string> = {
  pass: 'passing',
  fail: 'failing',
  warn: 'with warnings',
  unknown: 'could not tell',
  info: 'informational',
};

/** Status signs in Markdown (check runs, `--format markdown`). */
export const STATUS_ICONS: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  unknown: '❔',
  info: 'ℹ️',
};

/** Status signs on a terminal: one column wide in every monospace font. */
export const STATUS_SYMBOLS: Record<Status, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  unknown: '?',
  info: 'i',
};

/** The statuses, in the order a reader cares about. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'warn', 'unknown', 'info', 'pass'];

/** An audit's (or check run's) conclusion as a status: advisory failures read as warnings. */
export type ConclusionLike = 'success' | 'failure' | 'neutral' | 'action_required';
export const CONCLUSION_STATUS: Record<ConclusionLike, Status> = {
  success: 'pass',
  failure: 'fail',
  neutral: 'warn',
  action_required: 'warn',
};

export const CRITERION_TITLES: Record<Criterion, string> = {
  'tcop-3': 'TCoP 3 · Open source',
  'tcop-4': 'TCoP 4 · Open standards',
  'tcop-6': 'TCoP 6 · Secure',
  'tcop-12': 'TCoP 12 · Sustainable',
};

/** Short criterion names for table headers and badges: `TCoP 3`; `TCoP` for all criteria together. */
export const criterionShort = (criterion?: Criterion): string =>
  criterion ? `TCoP ${criterion.slice('tcop-'.length)}` : 'TCoP';
