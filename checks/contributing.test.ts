import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import contributing from './contributing.js';

describe('contributing', () => {
  it.each([
    ['community-files-github-dir', '.github/CONTRIBUTING.md'],
    ['community-files-docs-dir', 'docs/contributing.rst'],
  ])('finds the guidelines in %s at %s', async (fixture, path) => {
    expectFindings(await runOnFixture(contributing, fixture), [
      { status: 'pass', messageId: 'found', path, data: { path } },
    ]);
  });

  it('fails when there are none', async () => {
    expectFindings(
      await runCheck(contributing, {
        files: {},
        facts: { orgSecurityPolicy: { state: 'known', value: null } },
      }),
      [{ status: 'fail', messageId: 'missing', path: null }],
    );
  });

  // GitHub shows an organisation's .github/CONTRIBUTING.md for every repository that has none of its own.
  it('says a local audit could not check the organisation default, when there is none in the repository', async () => {
    expectFindings(await runOnFixture(contributing, 'licence-missing'), [
      { status: 'fail', messageId: 'missingNoOrg', path: null, data: { reason: expect.any(String) } },
    ]);
  });

  it('fails an empty file, pointing at it', async () => {
    expectFindings(await runCheck(contributing, { files: { 'CONTRIBUTING.md': ' ' } }), [
      { status: 'fail', messageId: 'empty', path: 'CONTRIBUTING.md' },
    ]);
  });
});
