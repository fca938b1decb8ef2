import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import check from './continuous-integration.js';

describe('continuous-integration', () => {
  it('passes a GitHub Actions workflow with on and jobs', async () => {
    const findings = await runOnFixture(check, 'ci-github-actions');
    expect(overall(findings)).toBe('pass');
    const f = expectFinding(findings, {
      status: 'pass',
      messageId: 'configured',
      path: '.github/workflows/ci.yml',
    });
    expect(f.data?.service).toBe('GitHub Actions');
  });

  it('passes a Jenkinsfile', async () => {
    expectFinding(await runOnFixture(check, 'ci-jenkins'), {
      status: 'pass',
      messageId: 'configured',
      path: 'Jenkinsfile',
    });
  });

  it('fails when there is no CI configuration', async () => {
    expectFinding(await runOnFixture(check, 'empty-repo'), { status: 'fail', messageId: 'missing' });
  });

  it('fails a workflow that does not parse, at the line of the error', async () => {
    const findings = await runOnFixture(check, 'ci-workflow-invalid');
    expect(overall(findings)).toBe('fail');
    const f = expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: '.github/workflows/ci.yml',
      startLine: 6,
    });
    expect(f.data?.problem).toMatch(/same column/);
  });

  it('fails a workflow without jobs, and reads other services', () => {
    const findings = check.run(
      memorySnapshot({
        files: {
          '.github/workflows/release.yaml': 'name: release\non: push\n',
          '.gitlab-ci.yml': 'test:\n  script: make test\n',
          '.circleci/config.yml': 'version: 2.1\n',
        },
      }),
    ) as Awaited<ReturnType<typeof check.run>>;
    expectFinding(findings, {
      status: 'fail',
      messageId: 'invalid',
      path: '.github/workflows/release.yaml',
      startLine: 1,
    });
    expectFinding(findings, { status: 'pass', messageId: 'configured', path: '.gitlab-ci.yml' });
    expectFinding(findings, { status: 'pass', messageId: 'configured', path: '.circleci/config.yml' });
  });
});
