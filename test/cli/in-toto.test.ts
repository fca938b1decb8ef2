import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import { STATEMENT_TYPE, toStatement } from '../../src/cli/reporters/in-toto.js';
import { SCHEMA_VERSION, type Report } from '../../src/engine/report.js';
import { FIXTURES } from '../support/check-harness.js';
import { sampleReport } from '../support/sample-reports.js';

/**
 * `--format in-toto`: an in-toto Statement v1 whose subject is the repository at the audited commit
 * and whose predicate is the JSON report. The statement is held to the spec's own rules: `_type`,
 * a non-empty subject with a DigestSet, a predicateType URI, and lowercase hex for `gitCommit`.
 */
const run = promisify(execFile);
let repo: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  };
  return { code: await main(args, io), stdout, stderr };
}

/** The in-toto Statement v1 parsing rules (spec/v1/statement.md, digest_set.md, resource_descriptor.md). */
function statementProblems(value: unknown): string[] {
  const problems: string[] = [];
  const s = value as Record<string, unknown>;
  if (s._type !== 'https://in-toto.io/Statement/v1') problems.push('_type');
  if (!Array.isArray(s.subject) || s.subject.length === 0) problems.push('subject');
  for (const subject of (s.subject as Record<string, unknown>[]) ?? []) {
    const digest = subject.digest as Record<string, unknown> | undefined;
    if (!digest || Object.keys(digest).length === 0) problems.push('subject.digest');
    for (const [algorithm, hex] of Object.entries(digest ?? {}))
      if (algorithm === 'gitCommit' && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(String(hex)))
        problems.push('gitCommit');
  }
  try {
    new URL(String(s.predicateType));
  } catch {
    problems.push('predicateType');
  }
  if (typeof s.predicate !== 'object' || s.predicate === null) problems.push('predicate');
  return problems;
}

beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'tcop-in-toto-'));
  await cp(path.join(FIXTURES, 'engine-pass'), repo, { recursive: true });
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'first');
});
afterAll(() => rm(repo, { recursive: true, force: true }));

describe('--format in-toto', () => {
  it('prints a Statement whose subject is the audited commit and whose predicate is the report', async () => {
    const head = (await run('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim();
    const { code, stdout, stderr } = await cli([repo, '--format', 'in-toto', '--now', '2026-11-23']);
    expect(stderr).toBe('');
    const statement = JSON.parse(stdout) as { subject: unknown[]; predicate: Report; predicateType: string };
    expect(statementProblems(statement)).toEqual([]);
    expect(statement.subject).toEqual([{ name: path.basename(repo), digest: { gitCommit: head } }]);
    expect(statement.predicateType).toBe('urn:tcop-audit:predicate:audit-report:v2');
    expect(statement.predicate.schemaVersion).toBe(SCHEMA_VERSION);
    expect(statement.predicate.target.commit).toBe(head);
    const asJson = await cli([repo, '--format', 'json', '--now', '2026-11-23']);
    // The same audit, the same exit code: the format changes the output only.
    expect(code).toBe(asJson.code);
    const json = JSON.parse(asJson.stdout) as Report;
    expect({ ...statement.predicate, generatedAt: '' }).toEqual({ ...json, generatedAt: '' });
  });

  it('names a GitHub repository by its address, with the ref as an annotation', () => {
    const report = sampleReport({
      repo: 'acme/api',
      commit: 'A'.repeat(40),
      ref: 'main',
      generatedAt: '2026-11-20T10:00:00Z',
    });
    const statement = toStatement(report);
    expect(statement._type).toBe(STATEMENT_TYPE);
    expect(statement.subject).toEqual([
      {
        name: 'github.com/acme/api',
        uri: `git+https://github.com/acme/api@${'a'.repeat(40)}`,
        digest: { gitCommit: 'a'.repeat(40) },
        annotations: { ref: 'main' },
      },
    ]);
    expect(statementProblems(statement)).toEqual([]);
  });

  it('refuses, with exit 2, an audit that has no commit to name', async () => {
    const { code, stdout, stderr } = await cli([path.join(FIXTURES, 'engine-pass'), '--format', 'in-toto']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'tcop-audit: --format in-toto needs the audited commit: audit a git checkout or a GitHub repository (owner/repo), not a plain directory\n',
    );
  });
});
