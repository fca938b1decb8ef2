import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import readme, { proseWords } from './readme.js';

describe('readme', () => {
  it('passes a README that says what the project is', async () => {
    const [found] = expectFindings(await runOnFixture(readme, 'community-files-github-dir'), [
      { status: 'pass', messageId: 'found', path: 'README.md' },
    ]);

    expect(found?.evidence?.words).toBeGreaterThan(10);
  });

  it('finds a README in docs/, as GitHub does', async () => {
    expectFindings(await runOnFixture(readme, 'community-files-docs-dir'), [
      { status: 'pass', messageId: 'found', path: 'docs/README.md' },
    ]);
  });

  it('fails a README of only a title and badges', async () => {
    expectFindings(await runOnFixture(readme, 'readme-badges-only'), [
      { status: 'fail', messageId: 'noDescription', path: 'README.md' },
    ]);
  });

  it('fails when there is no README, or it is empty', async () => {
    expectFindings(await runOnFixture(readme, 'empty-repo'), [
      { status: 'fail', messageId: 'missing', path: null },
    ]);
    expectFindings(await runCheck(readme, { files: { 'README.md': '\n' } }), [
      { status: 'fail', messageId: 'empty', path: 'README.md' },
    ]);
  });

  it('says unknown for a README it could not read', async () => {
    expectFindings(await runCheck(readme, { skipped: { 'README.md': { reason: 'too-large', size: 9e6 } } }), [
      { status: 'unknown', messageId: 'unreadable', path: 'README.md', data: { reason: 'too-large' } },
    ]);
  });

  it('counts prose, not headings, code or link targets', () => {
    expect(
      proseWords('# Title\n\n```sh\nnpm install a b c d e f\n```\n\n[Docs](https://example.com/a/b/c)'),
    ).toBe(1);
    expect(proseWords('Title\n=====\n\nA service to find a court.')).toBe(5);
  });
});
