import { describe, expect, it } from 'vitest';
import type { BranchProtectionFact } from '../src/snapshot/types.js';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import check from './branch-protection.js';

const withFact = (value: BranchProtectionFact) =>
  runCheck(check, {
    files: {},
    target: { kind: 'github', owner: 'acme', repo: 'app' },
    facts: { branchProtection: { state: 'known', value } },
  });
const known = <T>(value: T) => ({ state: 'known' as const, value });
/** A ruleset requiring `reviews` approvals and the TCoP 6 status check; no classic protection. */
const ruleset = (reviews: number): BranchProtectionFact => ({
  branch: 'main',
  rules: known([
    { type: 'pull_request', parameters: { required_approving_review_count: reviews } },
    {
      type: 'required_status_checks',
      parameters: { required_status_checks: [{ context: 'TCoP 6 · Security' }] },
    },
  ]),
  classic: known(null),
});
const unprotected: BranchProtectionFact = { branch: 'main', rules: known([]), classic: known(null) };
const noPermission = {
  state: 'unavailable' as const,
  reason: 'no-permission' as const,
  detail: 'GET /repos/acme/app/branches/main/protection: 403',
};

describe('branch-protection', () => {
  it('declares the fact it needs', () => {
    expect(check.meta.needs).toEqual(['branchProtection']);
  });

  it('passes a protected branch that requires a review', async () => {
    const [pass] = expectFindings(await withFact(ruleset(1)), [
      { status: 'pass', messageId: 'protected', path: null },
    ]);
    expect(pass?.data).toEqual({ branch: 'main', via: 'ruleset', reviews: 1 });
    expect(pass?.evidence).toEqual({
      branch: 'main',
      protected: true,
      requiredReviews: 1,
      requiredStatusChecks: ['TCoP 6 · Security'],
      viaRulesets: true,
    });
  });

  it('merges classic protection with a protecting ruleset', async () => {
    const [pass] = expectFindings(
      await withFact({
        ...ruleset(0),
        classic: known({ requiredReviews: 2, requiredStatusChecks: ['build'] }),
      }),
      [{ status: 'pass', messageId: 'protected' }],
    );
    expect(pass?.data).toEqual({ branch: 'main', via: 'ruleset', reviews: 2 });
    expect(pass?.evidence).toMatchObject({ requiredStatusChecks: ['build', 'TCoP 6 · Security'] });
  });

  it('takes classic protection when no ruleset protects the branch', async () => {
    const [pass] = expectFindings(
      await withFact({ ...unprotected, classic: known({ requiredReviews: 1, requiredStatusChecks: [] }) }),
      [{ status: 'pass', messageId: 'protected' }],
    );
    expect(pass?.data).toEqual({ branch: 'main', via: 'branch protection', reviews: 1 });
  });

  it('does not count rules that restrict nothing as protection', async () => {
    expectFindings(await withFact({ ...unprotected, rules: known([{ type: 'creation' }]) }), [
      { status: 'fail', messageId: 'unprotected', path: null, data: { branch: 'main' } },
    ]);
  });

  it('defect 15: counts merge queue, required deployments, workflows and code scanning rules as protection', async () => {
    for (const type of ['merge_queue', 'required_deployments', 'workflows', 'code_scanning']) {
      // Protected, so not `unprotected`; no rule requires a review, so the review warning stands.
      expectFindings(await withFact({ ...unprotected, rules: known([{ type }]) }), [
        { status: 'warn', messageId: 'noReviews', path: null, data: { branch: 'main' } },
      ]);
    }
  });

  it('is unknown when no ruleset protects and classic protection is unreadable', async () => {
    expectFindings(await withFact({ ...unprotected, classic: noPermission }), [
      { status: 'unknown', messageId: 'unknown', path: null },
    ]);
    // A protecting ruleset is enough on its own.
    expectFindings(await withFact({ ...ruleset(1), classic: noPermission }), [
      { status: 'pass', messageId: 'protected', path: null },
    ]);
  });

  it('fails an unprotected branch', async () => {
    expectFindings(await withFact(unprotected), [
      { status: 'fail', messageId: 'unprotected', path: null, data: { branch: 'main' } },
    ]);
  });

  it('warns when no review is required', async () => {
    expectFindings(
      await withFact({ ...unprotected, classic: known({ requiredReviews: 0, requiredStatusChecks: [] }) }),
      [{ status: 'warn', messageId: 'noReviews', path: null, data: { branch: 'main' } }],
    );
  });

  it('is unknown, never failed, when the App may not read it', async () => {
    const findings = await runCheck(check, { files: {}, facts: { branchProtection: noPermission } });

    expectFindings(findings, [
      { status: 'unknown', messageId: 'unknown', path: null, data: { reason: expect.stringMatching(/403/) } },
    ]);
  });

  it('is unknown on a local audit', async () => {
    expectFindings(await runCheck(check, { files: {} }), [
      { status: 'unknown', messageId: 'unknown', path: null },
    ]);
  });
});
