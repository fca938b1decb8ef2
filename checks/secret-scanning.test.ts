import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import check from './secret-scanning.js';

const withValue = (enabled: boolean, pushProtection: boolean | null) =>
  runCheck(check, {
    files: {},
    facts: { secretScanning: { state: 'known', value: { enabled, pushProtection } } },
  });

describe('secret-scanning', () => {
  it('declares the fact it needs', () => {
    expect(check.meta.needs).toEqual(['secretScanning']);
  });

  it('passes with push protection on, and when the API does not report push protection', async () => {
    expectFindings(await withValue(true, true), [
      { status: 'pass', messageId: 'enabled', path: null, data: { pushProtection: 'on' } },
    ]);
    const [unreported] = expectFindings(await withValue(true, null), [
      { status: 'pass', messageId: 'enabled' },
    ]);
    expect(unreported?.data).toEqual({ pushProtection: 'not reported' });
  });

  it('warns without push protection and fails when disabled', async () => {
    expectFindings(await withValue(true, false), [
      { status: 'warn', messageId: 'noPushProtection', path: null },
    ]);
    expectFindings(await withValue(false, false), [{ status: 'fail', messageId: 'disabled', path: null }]);
    expectFindings(await withValue(false, true), [{ status: 'fail', messageId: 'disabled', path: null }]);
  });

  it('is unknown when GitHub answers 404', async () => {
    const findings = await runCheck(check, {
      files: {},
      facts: { secretScanning: { state: 'unavailable', reason: 'not-found', detail: '404' } },
    });

    expectFindings(findings, [{ status: 'unknown', messageId: 'unknown', path: null }]);
  });
});
