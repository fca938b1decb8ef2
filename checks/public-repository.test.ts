import { describe, it } from 'vitest';
import type { MemoryRepo } from '../src/snapshot/memory.js';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import publicRepository from './public-repository.js';

const run = (facts: MemoryRepo['facts']) =>
  runCheck(publicRepository, { files: {}, ...(facts ? { facts } : {}) });

describe('public-repository', () => {
  it('passes a public repository', async () => {
    expectFindings(await run({ visibility: { state: 'known', value: 'public' } }), [
      { status: 'pass', messageId: 'public', path: null },
    ]);
  });

  it.each(['private', 'internal'] as const)('fails a %s repository', async (value) => {
    expectFindings(await run({ visibility: { state: 'known', value } }), [
      { status: 'fail', messageId: 'notPublic', path: null, data: { visibility: value } },
    ]);
  });

  it('is unknown when the source cannot tell', async () => {
    expectFindings(await run(undefined), [{ status: 'unknown', messageId: 'unknown', path: null }]);
    expectFindings(
      await run({
        visibility: { state: 'unavailable', reason: 'no-permission', detail: 'the App cannot read metadata' },
      }),
      [{ status: 'unknown', messageId: 'unknown', path: null }],
    );
  });
});
