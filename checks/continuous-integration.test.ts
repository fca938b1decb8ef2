import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import check from './continuous-integration.js';

describe('continuous-integration', () => {
  it('passes a GitHub Actions workflow with on and jobs', async () => {
    expectFindings(await runOnFixture(check, 'ci-github-actions'), [
      {
        status: 'pass',
        messageId: 'configured',
        path: '.github/workflows/ci.yml',
        data: { service: 'GitHub Actions' },
      },
    ]);
  });

  it('passes a Jenkinsfile', async () => {
    expectFindings(await runOnFixture(check, 'ci-jenkins'), [
      { status: 'pass', messageId: 'configured', path: 'Jenkinsfile' },
    ]);
  });

  it('fails when there is no CI configuration', async () => {
    expectFindings(await runOnFixture(check, 'empty-repo'), [
      { status: 'fail', messageId: 'missing', path: null },
    ]);
  });

  it('fails a workflow that does not parse, at the line of the error', async () => {
    expectFindings(await runOnFixture(check, 'ci-workflow-invalid'), [
      {
        status: 'fail',
        messageId: 'invalid',
        path: '.github/workflows/ci.yml',
        startLine: 6,
        data: { problem: expect.stringMatching(/same column/) },
      },
    ]);
  });

  it('fails a workflow without jobs, and reads other services', async () => {
    const findings = await runCheck(check, {
      files: {
        '.github/workflows/release.yaml': 'name: release\non: push\n',
        '.gitlab-ci.yml': 'test:\n  script: make test\n',
        '.circleci/config.yml': 'version: 2.1\n',
      },
    });
    expectFindings(findings, [
      { status: 'fail', messageId: 'invalid', path: '.github/workflows/release.yaml', startLine: 1 },
      { status: 'pass', messageId: 'configured', path: '.gitlab-ci.yml' },
      { status: 'pass', messageId: 'configured', path: '.circleci/config.yml' },
    ]);
  });
});
