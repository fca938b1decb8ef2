import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding } from '../test/support/check-harness.js';
import check from './secret-scanning.js';

const withValue = (enabled: boolean, pushProtection: boolean | null) =>
  check.run(
    memorySnapshot({
      files: {},
      facts: { secretScanning: { state: 'known', value: { enabled, pushProtection } } },
    }),
  );

describe('secret-scanning', () => {
  it('declares the fact it needs', () => {
    expect(check.meta.needs).toEqual(['secretScanning']);
  });

  it('passes with push protection on, and when the API does not report push protection', async () => {
    expectFinding(await withValue(true, true), { status: 'pass', messageId: 'enabled' });
    const unreported = expectFinding(await withValue(true, null), { status: 'pass', messageId: 'enabled' });
    expect(unreported.data).toEqual({ pushProtection: 'not reported' });
  });

  it('warns without push protection and fails when disabled', async () => {
    expectFinding(await withValue(true, false), { status: 'warn', messageId: 'noPushProtection' });
    expectFinding(await withValue(false, false), { status: 'fail', messageId: 'disabled' });
  });

  it('is unknown when GitHub answers 404', async () => {
    const findings = await check.run(
      memorySnapshot({
        files: {},
        facts: { secretScanning: { state: 'unavailable', reason: 'not-found', detail: '404' } },
      }),
    );

    expectFinding(findings, { status: 'unknown', messageId: 'unknown' });
  });
});
