import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import check from './codeowners.js';
import { isOwner } from './lib/codeowners.js';

describe('codeowners', () => {
  it('passes a valid file in .github/ with users, teams, emails, escaped # and an owner-less pattern', async () => {
    const findings = await runOnFixture(check, 'codeowners-valid');

    const [pass] = expectFindings(findings, [
      { status: 'pass', messageId: 'valid', path: '.github/CODEOWNERS' },
    ]);
    expect(pass?.evidence).toEqual({
      path: '.github/CODEOWNERS',
      rules: 5,
      owners: [
        '@acme-dept/api_team',
        '@acme-dept/platform-team',
        '@acme-dept/writers',
        '@jane-doe',
        '@john-smith',
        'docs-team@acme.gov.uk',
      ],
    });
  });

  it('reports each bad line with its number', async () => {
    const findings = await runOnFixture(check, 'codeowners-bad-lines');

    expectFindings(findings, [
      { status: 'fail', messageId: 'badOwner', path: 'CODEOWNERS', startLine: 2 },
      { status: 'fail', messageId: 'unsupportedPattern', path: 'CODEOWNERS', startLine: 3 },
      { status: 'fail', messageId: 'unsupportedPattern', path: 'CODEOWNERS', startLine: 4 },
      { status: 'fail', messageId: 'badOwner', path: 'CODEOWNERS', startLine: 4 },
    ]);
  });

  it('fails without a CODEOWNERS file, and does not take a lower-case name', async () => {
    const findings = await runCheck(check, { files: { '.github/codeowners': '* @a' } });

    expectFindings(findings, [{ status: 'fail', messageId: 'missing', path: null }]);
  });

  it('fails a file that names no owners', async () => {
    const findings = await runCheck(check, {
      files: { 'docs/CODEOWNERS': '# owners to be decided\n/src/\n' },
    });

    expectFindings(findings, [{ status: 'fail', messageId: 'noOwners', path: 'docs/CODEOWNERS' }]);
  });

  it('prefers .github/ over the root, as GitHub does', async () => {
    const findings = await runCheck(check, {
      files: { '.github/CODEOWNERS': '* @a', CODEOWNERS: '* not-an-owner' },
    });

    expectFindings(findings, [{ status: 'pass', messageId: 'valid', path: '.github/CODEOWNERS' }]);
  });

  it('fails a file GitHub would ignore for its size', async () => {
    const snapshot = memorySnapshot({ files: { CODEOWNERS: '* @a\n' } });
    (snapshot.data.files[0] as { size: number }).size = 4 * 1024 * 1024;

    expectFindings(await runCheck(check, snapshot), [
      { status: 'fail', messageId: 'tooLarge', path: 'CODEOWNERS' },
    ]);
  });

  it("cannot judge a file over the read limit but under GitHub's 3 MB, and fails a binary one", async () => {
    const skipped = (reason: 'too-large' | 'binary') =>
      memorySnapshot({ skipped: { '.github/CODEOWNERS': { reason, size: 2 * 1024 * 1024 } } });

    expectFindings(await runCheck(check, skipped('too-large')), [
      { status: 'unknown', messageId: 'unreadable', path: '.github/CODEOWNERS' },
    ]);
    expectFindings(await runCheck(check, skipped('binary')), [
      { status: 'fail', messageId: 'unreadable', path: '.github/CODEOWNERS' },
    ]);
  });

  it.each([
    ['@octocat', true],
    ['@acme/web-team', true],
    ['octocat@github.com', true],
    ['octocat', false],
    ['@octo--cat', false],
    ['@acme/', false],
  ])('owner %s is %s', (token, valid) => {
    expect(isOwner(token)).toBe(valid);
  });
});
