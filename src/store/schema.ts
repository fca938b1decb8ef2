import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them. Portable on purpose: timestamps are ISO 8601 UTC text (which
 * sorts correctly as text), JSON is text, booleans are 0/1 integers, levels are ranks
 * (0 not met, 1 baseline, 2 standard, 3 exemplar) so sorting and filtering are plain integer
 * comparisons in both SQLite and PostgreSQL.
 */
export interface Database {
  installations: InstallationsTable;
  repositories: RepositoriesTable;
  audits: AuditsTable;
  repository_summary: RepositorySummaryTable;
  repository_failing_checks: RepositoryFailingChecksTable;
}

export interface InstallationsTable {
  /** GitHub installation id; bigint in PostgreSQL (the driver returns a string). */
  id: number | string;
  account: string;
  account_type: string;
  installed_at: string;
  removed_at: string | null;
}

export interface RepositoriesTable {
  id: Generated<number>;
  owner: string;
  name: string;
  /** `owner/name` lower-cased: GitHub names are case-insensitive. */
  full_name_key: string;
  visibility: string;
  archived: number;
  description: string | null;
  default_branch: string | null;
  installation_id: number | string | null;
  updated_at: string;
  /** Set while the repository must not be shown publicly: the App was uninstalled or suspended, or the repository deleted. */
  delisted_at: string | null;
  /** GitHub's time of the visibility last stored: an older event never overrides a newer one. */
  visibility_changed_at: string | null;
}

export interface AuditsTable {
  id: string;
  repository_id: number;
  commit_sha: string | null;
  ref: string | null;
  trigger: string | null;
  audited_at: string;
  level: number;
  /** JSON: the report's CriterionResult[]. */
  criteria: string;
  /** JSON: ids of checks that failed. */
  failing_checks: string;
  tool_version: string;
  /** JSON: the report without `findings`. */
  report: string;
  /** JSON: the report's findings; null once retention pruned them. */
  findings: string | null;
}

export interface RepositorySummaryTable {
  repository_id: number;
  last_audit_id: string;
  last_audit_at: string;
  commit_sha: string | null;
  level: number;
  /** Per-criterion level ranks; null when the latest audit has no result for the criterion. */
  tcop_3: number | null;
  tcop_4: number | null;
  tcop_6: number | null;
  tcop_12: number | null;
  /** JSON: { [criterion]: status } of the latest audit. */
  criterion_status: string;
  /** JSON: ids of failing checks, for display (filtering uses repository_failing_checks). */
  failing_checks: string;
  /** Null when there is no previous audit. */
  previous_level: number | null;
  /** JSON CriterionLevels of the previous audit, or null. */
  previous_criteria: string | null;
  audit_count: number;
}

export interface RepositoryFailingChecksTable {
  repository_id: number;
  check_id: string;
}
