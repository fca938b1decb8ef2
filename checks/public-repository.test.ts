import { describe, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding } from '../test/support/check-harness.js';
import publicRepository from './public-repository.js';

const run = (facts: Parameters<typeof memorySnapshot>[0]['facts']) =>
  publicRepository.run(memorySnapshot({ files: {}, ...(facts ? { facts } : {}) })) as never;

describe('public-repository', () => {
  it('passes a public repository', () => {
    expectFinding(run({ visibility: { state: 'known', value: 'public' } }), {
      status: 'pass',
      messageId: 'public',
    });
  });

  it.each(['private', 'internal'] as const)('fails a %s repository', (value) => {
    expectFinding(run({ visibility: { state: 'known', value } }), { status: 'fail', messageId: 'notPublic' });
  });

  it('is unknown when the source cannot tell', () => {
    expectFinding(run(undefined), { status: 'unknown', messageId: 'unknown' });
    expectFinding(
      run({
        visibility: { state: 'unavailable', reason: 'no-permission', detail: 'the App cannot read metadata' },
      }),
      {
        status: 'unknown',
        messageId: 'unknown',
      },
    );
  });
});
