import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, runOnFixture } from '../test/support/check-harness.js';
import codeOfConduct from './code-of-conduct.js';

describe('code-of-conduct', () => {
  it('finds the Contributor Covenant in .github/', async () => {
    const found = expectFinding(await runOnFixture(codeOfConduct, 'community-files-github-dir'), {
      status: 'pass',
      messageId: 'found',
      path: '.github/CODE_OF_CONDUCT.md',
    });

    expect(found.evidence?.basis).toBe('Contributor Covenant');
  });

  it('finds code-of-conduct.md in docs/', async () => {
    expectFinding(await runOnFixture(codeOfConduct, 'community-files-docs-dir'), {
      status: 'pass',
      messageId: 'found',
      path: 'docs/code-of-conduct.md',
    });
  });

  it('does not call a file it could not read "own text"', () => {
    const snapshot = memorySnapshot({
      skipped: { 'CODE_OF_CONDUCT.pdf': { reason: 'binary', size: 90_000 } },
    });
    const found = expectFinding(codeOfConduct.run(snapshot) as never, {
      status: 'pass',
      messageId: 'found',
      path: 'CODE_OF_CONDUCT.pdf',
    });

    expect(found.evidence?.basis).toBe('text not read');
  });

  it('fails when there is none, or it is empty', async () => {
    expectFinding(await runOnFixture(codeOfConduct, 'licence-missing'), {
      status: 'fail',
      messageId: 'missing',
    });
    expectFinding(codeOfConduct.run(memorySnapshot({ files: { 'CODE_OF_CONDUCT.md': '' } })) as never, {
      status: 'fail',
      messageId: 'empty',
    });
  });
});
