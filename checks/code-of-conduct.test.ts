import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import codeOfConduct from './code-of-conduct.js';

describe('code-of-conduct', () => {
  it('finds the Contributor Covenant in .github/', async () => {
    expectFindings(await runOnFixture(codeOfConduct, 'community-files-github-dir'), [
      {
        status: 'pass',
        messageId: 'found',
        path: '.github/CODE_OF_CONDUCT.md',
        evidence: { basis: 'Contributor Covenant' },
      },
    ]);
  });

  it('finds code-of-conduct.md in docs/', async () => {
    expectFindings(await runOnFixture(codeOfConduct, 'community-files-docs-dir'), [
      { status: 'pass', messageId: 'found', path: 'docs/code-of-conduct.md' },
    ]);
  });

  it('does not call a file it could not read "own text"', async () => {
    const findings = await runCheck(codeOfConduct, {
      skipped: { 'CODE_OF_CONDUCT.pdf': { reason: 'binary', size: 90_000 } },
    });

    expectFindings(findings, [
      {
        status: 'pass',
        messageId: 'found',
        path: 'CODE_OF_CONDUCT.pdf',
        evidence: { basis: 'text not read' },
      },
    ]);
  });

  it('fails when there is none, or it is empty', async () => {
    expectFindings(
      await runCheck(codeOfConduct, {
        files: {},
        facts: { orgSecurityPolicy: { state: 'known', value: null } },
      }),
      [{ status: 'fail', messageId: 'missing', path: null }],
    );
    expectFindings(await runCheck(codeOfConduct, { files: { 'CODE_OF_CONDUCT.md': '' } }), [
      { status: 'fail', messageId: 'empty', path: 'CODE_OF_CONDUCT.md' },
    ]);
  });

  // GitHub shows an organisation's .github/CODE_OF_CONDUCT.md for every repository that has none of its own.
  it('says a local audit could not check the organisation default, when there is none in the repository', async () => {
    expectFindings(await runOnFixture(codeOfConduct, 'licence-missing'), [
      { status: 'fail', messageId: 'missingNoOrg', path: null, data: { reason: expect.any(String) } },
    ]);
  });
});
