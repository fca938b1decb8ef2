import { describe, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, runOnFixture } from '../test/support/check-harness.js';
import contributing from './contributing.js';

describe('contributing', () => {
  it.each([
    ['community-files-github-dir', '.github/CONTRIBUTING.md'],
    ['community-files-docs-dir', 'docs/contributing.rst'],
  ])('finds the guidelines in %s at %s', async (fixture, path) => {
    expectFinding(await runOnFixture(contributing, fixture), { status: 'pass', messageId: 'found', path });
  });

  it('fails when there are none, or the file is empty', async () => {
    expectFinding(await runOnFixture(contributing, 'licence-missing'), {
      status: 'fail',
      messageId: 'missing',
    });
    expectFinding(contributing.run(memorySnapshot({ files: { 'CONTRIBUTING.md': ' ' } })) as never, {
      status: 'fail',
      messageId: 'empty',
    });
  });
});
