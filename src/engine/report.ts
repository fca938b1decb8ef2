import type { Criterion, Level, Location, Span, Status } from './check.js';
import type { Target } from '../snapshot/types.js';

/** Bumped on any incompatible change to {@link Report}; see docs/report-format.md. */
export const SCHEMA_VERSION = 2;

export type Severity = 'fail' | 'warn' | 'off';

export interface Exemption {
  check: string;
  reason: string;
  expires?: string;
  path?: string;
  /** Where the exemption is written, for findings about it. */
  location?: Location;
}

export interface Finding {
  check: string;
  criterion: Criterion;
  level: Level;
  status: Status;
  messageId: string;
  message: string;
  remediation?: string;
  /**
   * Where `message` and `remediation` hold values filled into the check's wording — text that may come
   * from the repository — as [start, end) UTF-16 offsets. Markdown output escapes these and keeps the
   * wording's own code spans. Absent when no string value was filled in.
   */
  filled?: { message?: Span[]; remediation?: Span[] };
  location?: Location;
  evidence?: Record<string, unknown>;
  /** Present when an exemption turned a failure into `info`. */
  exemption?: { reason: string; expires?: string; originalStatus: Status };
}

export interface CheckResult {
  id: string;
  title: string;
  criterion: Criterion;
  level: Level;
  status: Status;
  severity: Severity;
  /** Where the check's page is, relative to the repository's docs. */
  docs: string;
  references: { title: string; url: string }[];
  /**
   * The points of the frameworks boards use (TCoP, Service Standard, NHS service standard 17, the
   * techUK charter, OSPS Baseline, the Software Security Code of Practice) this check gives evidence
   * for, each with its source (src/frameworks/crosswalk.json).
   */
  frameworks?: { framework: string; point: string; source: string }[];
  /**
   * API facts the check needed that this source could not read, with why: an audit without the
   * permission (a forum's crawl, a CLI token) cannot see them. Present only when some were missing.
   */
  unavailableFacts?: { fact: string; reason: string }[];
}

export interface CriterionResult {
  id: Criterion;
  title: string;
  /** fail if a check fails, else warn, else unknown if any is unknown, else pass; unknown when no check ran. */
  status: Status;
  /** Highest level at which no check of this criterion fails; null when not even baseline, or no check ran. */
  level: Level | null;
  /** How many checks of this criterion ran. */
  checks: number;
}

/**
 * What the audit means for a gate (CLI exit code, check-run conclusion): `success` when the required
 * level is reached; otherwise `failure`, or `neutral` in advisory mode, which reports without blocking.
 */
export type Conclusion = 'success' | 'failure' | 'neutral';

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'tcop-audit'; version: string };
  target: { path?: string; repo?: string; ref?: string; commit?: string };
  generatedAt: string;
  mode: 'enforce' | 'advisory';
  /** Highest level reached overall, or null when not even baseline is met. */
  level: Level | null;
  /** The level the configuration (or `--level`) requires, and whether it is reached. */
  required: { level: Level; met: boolean };
  conclusion: Conclusion;
  criteria: CriterionResult[];
  checks: CheckResult[];
  findings: Finding[];
  snapshot: {
    files: number;
    complete: boolean;
    incompleteReason?: string;
    skipped: { path: string; reason: string; size: number }[];
  };
}

export function targetOf(target: Target, commit?: string): Report['target'] {
  const base =
    target.kind === 'local'
      ? { path: target.path }
      : { repo: `${target.owner}/${target.repo}`, ...(target.ref ? { ref: target.ref } : {}) };
  return commit ? { ...base, commit } : base;
}

export { CRITERION_TITLES } from '../present/vocabulary.js';
