import path from 'node:path';
import { SCHEMA_VERSION, type Report } from '../../engine/report.js';
import { UsageError } from '../usage-error.js';
import { defineReporter } from './reporter.js';

/** in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md). */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/**
 * This project's predicate: the JSON report (docs/report-format.md) exactly as `--format json`
 * prints it. The version follows the report's `schemaVersion`; docs/attestation.md describes it.
 */
export const PREDICATE_TYPE = `urn:tcop-audit:predicate:audit-report:v${SCHEMA_VERSION}` as const;

export interface InTotoStatement {
  _type: typeof STATEMENT_TYPE;
  subject: {
    name: string;
    uri?: string;
    digest: { gitCommit: string };
    annotations?: Record<string, string>;
  }[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: Report;
}

const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The audit as an in-toto Statement: the subject is the repository at the audited commit (digest
 * `gitCommit`, the in-toto DigestSet name for a git commit id), the predicate the whole report.
 * Unsigned: sign it with any DSSE signer (docs/attestation.md shows cosign) so a board can verify it.
 */
export function toStatement(report: Report): InTotoStatement {
  const commit = report.target.commit?.toLowerCase();
  if (!commit || !COMMIT.test(commit))
    throw new UsageError(
      '--format in-toto needs the audited commit: audit a git checkout or a GitHub repository (owner/repo), not a plain directory',
    );
  const repo = report.target.repo;
  const subject = repo
    ? {
        name: `github.com/${repo}`,
        uri: `git+https://github.com/${repo}@${commit}`,
        digest: { gitCommit: commit },
        ...(report.target.ref ? { annotations: { ref: report.target.ref } } : {}),
      }
    : { name: path.basename(report.target.path ?? '.') || '_', digest: { gitCommit: commit } };
  return { _type: STATEMENT_TYPE, subject: [subject], predicateType: PREDICATE_TYPE, predicate: report };
}

export const reporter = defineReporter({
  name: 'in-toto',
  render: (report) => `${JSON.stringify(toStatement(report), null, 2)}\n`,
});
