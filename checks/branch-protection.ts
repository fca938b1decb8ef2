import { defineCheck } from '../src/engine/check.js';
import type { BranchProtectionFact, BranchRule, Fact } from '../src/snapshot/types.js';
import { unknownData } from './lib/api-facts.js';

/** Ruleset rule types that restrict what may land on the branch. */
const PROTECTING_RULES = new Set([
  'pull_request',
  'required_status_checks',
  'non_fast_forward',
  'deletion',
  'update',
  'required_signatures',
  'required_linear_history',
  // Changes land only through the queue, after deployments, required workflows or code scanning pass.
  'merge_queue',
  'required_deployments',
  'workflows',
  'code_scanning',
]);

/** What both mechanisms amount to; the evidence the finding carries. */
interface Protection {
  branch: string;
  protected: boolean;
  requiredReviews: number;
  requiredStatusChecks: string[];
  viaRulesets: boolean;
}

function fromRules(branch: string, rules: readonly BranchRule[]): Protection {
  const reviews = rules
    .filter((r) => r.type === 'pull_request')
    .map((r) => Number(r.parameters?.required_approving_review_count ?? 0));
  const checks = rules.flatMap((r) =>
    r.type === 'required_status_checks'
      ? ((r.parameters?.required_status_checks as { context: string }[] | undefined) ?? []).map(
          (c) => c.context,
        )
      : [],
  );
  return {
    branch,
    protected: rules.some((r) => PROTECTING_RULES.has(r.type)),
    requiredReviews: Math.max(0, ...reviews),
    requiredStatusChecks: [...new Set(checks)],
    viaRulesets: true,
  };
}

/**
 * Rulesets and classic protection both protect; either alone is enough. When rulesets do not
 * protect, classic protection decides, and when that is unreadable the answer is unknown.
 */
export function judgeProtection(fact: BranchProtectionFact): Fact<Protection> {
  const { branch, rules, classic } = fact;
  const ruled = rules.state === 'known' ? fromRules(branch, rules.value) : undefined;
  if (ruled?.protected) {
    if (classic.state !== 'known' || classic.value === null) return { state: 'known', value: ruled };
    return {
      state: 'known',
      value: {
        branch,
        protected: true,
        requiredReviews: Math.max(ruled.requiredReviews, classic.value.requiredReviews),
        requiredStatusChecks: [
          ...new Set([...classic.value.requiredStatusChecks, ...ruled.requiredStatusChecks]),
        ],
        viaRulesets: true,
      },
    };
  }
  if (classic.state !== 'known') return classic;
  return {
    state: 'known',
    value: {
      branch,
      protected: classic.value !== null,
      requiredReviews: classic.value?.requiredReviews ?? 0,
      requiredStatusChecks: [...(classic.value?.requiredStatusChecks ?? [])],
      viaRulesets: false,
    },
  };
}

export default defineCheck({
  meta: {
    id: 'branch-protection',
    criterion: 'tcop-6',
    level: 'standard',
    title: 'The default branch is protected and changes to it are reviewed',
    description:
      'Branch protection or a ruleset on the default branch stops force pushes and deletion, and requiring a pull request review means no one person can put code into production alone. Only the GitHub API can tell (the App needs the optional Administration: read permission); without it the result is unknown, not a failure.',
    wants: [],
    needs: ['branchProtection'],
    messages: {
      protected: 'Default branch {{branch}} is protected ({{via}}) with {{reviews}} required reviews.',
      unprotected: 'Default branch {{branch}} is not protected by branch protection or a ruleset.',
      noReviews: 'Default branch {{branch}} is protected ({{via}}) but requires no pull request review.',
      unknown: 'Whether the default branch is protected is unknown: {{reason}}.',
    },
    remediation: {
      unprotected:
        'In Settings → Rules → Rulesets (or Branches), protect {{branch}}: require a pull request with at least one approving review, require status checks, and block force pushes and deletion.',
      noReviews:
        'Require at least one approving review (and, with a CODEOWNERS file, review from code owners) before merging into {{branch}}.',
      unknown:
        'Audit from the GitHub App with the Administration: read permission, or check Settings → Rules by hand. To record that you have, add an exemption in .github/tcop.yml.',
    },
    references: [
      {
        title: 'GitHub Docs: about protected branches',
        url: 'https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches',
      },
      {
        title: 'GitHub Docs: about rulesets',
        url: 'https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets',
      },
      {
        title: 'NCSC: protect your code repository',
        url: 'https://www.ncsc.gov.uk/collection/developers-collection/principles/protect-your-code-repository',
      },
    ],
  },
  run(snapshot) {
    const gathered = snapshot.fact('branchProtection');
    const fact = gathered.state === 'known' ? judgeProtection(gathered.value) : gathered;
    if (fact.state === 'unavailable')
      return [{ status: 'unknown', messageId: 'unknown', data: unknownData(fact) }];
    const { branch, requiredReviews, requiredStatusChecks, viaRulesets } = fact.value;
    const evidence = { ...fact.value };
    if (!fact.value.protected)
      return [{ status: 'fail', messageId: 'unprotected', data: { branch }, evidence }];
    const via = viaRulesets ? 'ruleset' : 'branch protection';
    if (requiredReviews < 1)
      return [{ status: 'warn', messageId: 'noReviews', data: { branch, via }, evidence }];
    return [
      {
        status: 'pass',
        messageId: 'protected',
        data: { branch, via, reviews: requiredReviews },
        evidence: { ...evidence, requiredStatusChecks: [...requiredStatusChecks] },
      },
    ];
  },
});
