import { describe, expect, it } from 'vitest';
import { compareFindings, renderCheckRuns } from '../../src/app/check-runs.js';
import { mergeJobs, queueJob, supersedes, type AuditJob } from '../../src/app/job.js';
import { toVisibility } from '../../src/app/worker.js';
import type { AuditConfig } from '../../src/engine/config.js';
import type { Finding, Report } from '../../src/engine/report.js';

/** Check-run rules a small change would break unseen: each case pins one. */

const finding = (over: Partial<Finding> = {}): Finding => ({
  check: 'no-committed-secrets',
  criterion: 'tcop-6',
  level: 'baseline',
  status: 'fail',
  messageId: 'secret',
  message: 'A secret is committed.',
  remediation: 'Rotate it.',
  ...over,
});

const report = (findings: Finding[]): Report => ({
  schemaVersion: 2,
  tool: { name: 'tcop-audit', version: '0.1.0' },
  target: { repo: 'acme/service', commit: 'b'.repeat(40) },
  generatedAt: '2026-11-23T12:00:00Z',
  mode: 'enforce',
  level: null,
  required: { level: 'baseline', met: false },
  conclusion: 'failure',
  criteria: [
    { id: 'tcop-3', title: 'TCoP 3 · Open source', status: 'unknown', level: null, checks: 0 },
    { id: 'tcop-4', title: 'TCoP 4 · Open standards', status: 'unknown', level: null, checks: 0 },
    { id: 'tcop-6', title: 'TCoP 6 · Secure', status: 'fail', level: null, checks: 1 },
    { id: 'tcop-12', title: 'TCoP 12 · Sustainable', status: 'unknown', level: null, checks: 0 },
  ],
  checks: [
    {
      id: 'no-committed-secrets',
      title: 'No secrets are committed',
      criterion: 'tcop-6',
      level: 'baseline',
      status: 'fail',
      severity: 'fail',
      docs: 'docs/checks/no-committed-secrets.md',
      references: [],
    },
  ],
  findings,
  snapshot: { files: 3, complete: true, skipped: [] },
});
const config: Pick<AuditConfig, 'level' | 'mode' | 'sources'> = {
  level: 'baseline',
  mode: 'enforce',
  sources: [],
};
const secure = (r: Report) => renderCheckRuns(r, config)[2]!;

describe('annotations', () => {
  it('the same check and message in two files are two annotations, one per file', () => {
    const run = secure(
      report([
        finding({ location: { path: 'a/.env', startLine: 2 } }),
        finding({ location: { path: 'b/.env', startLine: 2 } }),
      ]),
    );
    expect(run.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([
      ['a/.env', 2, 'failure'],
      ['b/.env', 2, 'failure'],
    ]);
  });

  it('levels: failure for fail, warning for warn, notice for unknown, none for pass or info', () => {
    const at = (status: Finding['status'], path: string) =>
      finding({ status, location: { path, startLine: 1 } });
    const run = secure(
      report([at('fail', 'f'), at('warn', 'w'), at('unknown', 'u'), at('pass', 'p'), at('info', 'i')]),
    );
    expect(run.annotations.map((a) => [a.path, a.annotation_level])).toEqual([
      ['f', 'failure'],
      ['w', 'warning'],
      ['u', 'notice'],
    ]);
  });

  it('an org-level config path is not a file of this repository: no annotation', () => {
    const run = secure(
      report([
        finding({ location: { path: 'acme/.github:.github/tcop.yml', startLine: 4 } }),
        finding({ location: { path: '.github/tcop.yml', startLine: 4 } }),
      ]),
    );
    expect(run.annotations.map((a) => a.path)).toEqual(['.github/tcop.yml']);
  });

  it('lines: at least 1, an end never before the start, the fix after the message', () => {
    const run = secure(
      report([
        finding({ location: { path: 'x', startLine: 0 } }),
        finding({ location: { path: 'y', startLine: 5, endLine: 3 } }),
        finding({ location: { path: 'z', startLine: 5, endLine: 9 }, remediation: undefined }),
      ]),
    );
    expect(run.annotations.map((a) => [a.start_line, a.end_line])).toEqual([
      [1, 1],
      [5, 5],
      [5, 9],
    ]);
    expect(run.annotations[0]?.message).toBe('A secret is committed.\n\nHow to fix: Rotate it.');
    expect(run.annotations[2]?.message).toBe('A secret is committed.');
    expect(run.annotations[0]?.title).toBe('No secrets are committed');
  });
});

describe('pull requests', () => {
  it('a warning the head introduces is listed as introduced; one on both commits is not', () => {
    const warning = finding({
      status: 'warn',
      messageId: 'weak',
      message: 'Weak.',
      location: { path: 'p', startLine: 1 },
    });
    expect(compareFindings([warning], [])).toEqual({ introduced: [warning], fixed: [] });
    expect(compareFindings([warning], [{ ...warning, location: { path: 'p', startLine: 7 } }])).toEqual({
      introduced: [],
      fixed: [],
    });
    expect(compareFindings([], [warning])).toEqual({ introduced: [], fixed: [warning] });
    const info = { ...warning, status: 'info' as const };
    expect(compareFindings([info], [])).toEqual({ introduced: [], fixed: [] });
  });

  it('a warning that becomes a failure is both fixed and introduced', () => {
    const warning = finding({ status: 'warn', location: { path: 'p', startLine: 1 } });
    const failure = { ...warning, status: 'fail' as const };
    expect(compareFindings([failure], [warning])).toEqual({ introduced: [failure], fixed: [warning] });
  });

  it('the summary says what the pull request introduces', () => {
    const warning = finding({
      status: 'warn',
      message: 'Weak value.',
      location: { path: 'p', startLine: 1 },
    });
    const base = report([]);
    const [, , run] = renderCheckRuns(report([warning]), config, { base });
    expect(run?.summary).toContain('**Introduces 1 problem**');
    expect(run?.summary).toContain('Weak value.');
    expect(run?.summary).not.toContain('**Fixes');
  });
});

describe('visibility from a payload', () => {
  it.each([
    [undefined, 'private'],
    [{}, 'private'],
    [{ visibility: 'public' }, 'public'],
    [{ private: false }, 'private'],
    [{ private: false, visibility: 'public' }, 'public'],
    [{ private: true, visibility: 'public' }, 'private'],
    [{ visibility: 'weird' }, 'private'],
    [{ visibility: 'internal' }, 'internal'],
  ] as const)('%j is %s', (repository, visibility) => {
    expect(toVisibility(repository)).toBe(visibility);
  });
});

describe('jobs', () => {
  const sha = 'a'.repeat(40);
  const push: AuditJob = {
    installationId: 1,
    owner: 'acme',
    repo: 'service',
    sha,
    ref: 'refs/heads/main',
    trigger: 'push',
    adoptExisting: false,
  };
  const pr: AuditJob = {
    ...push,
    trigger: 'pull_request',
    pullRequest: { number: 7, baseSha: 'c'.repeat(40) },
  };

  it('a pull-request event while the push audit of the same commit runs must run again, for its comparison', () => {
    expect(supersedes(push, pr)).toBe(true);
    expect(supersedes(pr, pr)).toBe(false);
    expect(supersedes(pr, push)).toBe(false);
    expect(supersedes(pr, { ...pr, pullRequest: { number: 7, baseSha: 'd'.repeat(40) } })).toBe(true);
    expect(supersedes(push, { ...push, adoptExisting: true })).toBe(true);
    expect(supersedes({ ...push, adoptExisting: true }, { ...push, adoptExisting: true })).toBe(false);
  });

  it('merging a pull-request job into a waiting push keeps the comparison and adopting', () => {
    expect(mergeJobs(pr, { ...push, adoptExisting: true })).toEqual({
      ...push,
      pullRequest: pr.pullRequest,
      adoptExisting: true,
    });
    expect(mergeJobs(push, pr)).toEqual(pr);
  });

  it('one queue entry per repository and commit; branches and pull requests coalesce, re-runs never', () => {
    expect(queueJob(push)).toEqual({
      key: `acme/service@${sha}`,
      // The queue's job id: installation, repository, commit and trigger, so duplicate deliveries collapse.
      id: `1/acme/service@${sha}#push`,
      installationId: 1,
      bulk: false,
      coalesce: 'acme/service:refs/heads/main',
      data: push,
    });
    expect(queueJob(pr).coalesce).toBe('acme/service#7');
    expect(queueJob({ ...push, adoptExisting: true })).not.toHaveProperty('coalesce');
    expect(queueJob({ ...push, trigger: 'schedule' } as AuditJob, true)).toMatchObject({ bulk: true });
    expect(queueJob({ ...push, trigger: 'schedule' } as AuditJob)).not.toHaveProperty('coalesce');
    const { sha: _sha, ...head } = push;
    expect(queueJob(head)).toMatchObject({ key: 'acme/service@HEAD' });
    expect(queueJob(head)).not.toHaveProperty('coalesce');
    const { ref: _ref, ...noRef } = push;
    expect(queueJob(noRef)).not.toHaveProperty('coalesce');
  });
});
