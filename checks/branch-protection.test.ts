import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import type { BranchProtectionFact } from '../src/snapshot/types.js';
import { expectFinding } from '../test/support/check-harness.js';
import check from './branch-protection.js';

const withFact = (value: BranchProtectionFact) =>
  check.run(
    memorySnapshot({
      files: {},
      target: { kind: 'github', owner: 'acme', repo: 'app' },
      facts: { branchProtection: { state: 'known', value } },
    }),
  );
const base: BranchProtectionFact = {
  branch: 'main',
  protected: true,
  requiredReviews: 1,
  requiredStatusChecks: ['TCoP 6 · Security'],
  viaRulesets: true,
};

describe('branch-protection', () => {
  it('declares the fact it needs', () => {
    expect(check.meta.needs).toEqual(['branchProtection']);
  });

  it('passes a protected branch that requires a review', async () => {
    const findings = await withFact(base);

    const pass = expectFinding(findings, { status: 'pass', messageId: 'protected' });
    expect(pass.data).toEqual({ branch: 'main', via: 'ruleset', reviews: 1 });
  });

  it('fails an unprotected branch', async () => {
    expectFinding(await withFact({ ...base, protected: false, requiredReviews: 0 }), {
      status: 'fail',
      messageId: 'unprotected',
    });
  });

  it('warns when no review is required', async () => {
    expectFinding(await withFact({ ...base, requiredReviews: 0, viaRulesets: false }), {
      status: 'warn',
      messageId: 'noReviews',
    });
  });

  it('is unknown, never failed, when the App may not read it', async () => {
    const findings = await check.run(
      memorySnapshot({
        files: {},
        facts: {
          branchProtection: {
            state: 'unavailable',
            reason: 'no-permission',
            detail: 'GET /repos/acme/app/branches/main/protection: 403',
          },
        },
      }),
    );

    const unknown = expectFinding(findings, { status: 'unknown', messageId: 'unknown' });
    expect(String(unknown.data?.reason)).toMatch(/403/);
  });

  it('is unknown on a local audit', async () => {
    expectFinding(await check.run(memorySnapshot({ files: {} })), {
      status: 'unknown',
      messageId: 'unknown',
    });
  });
});
