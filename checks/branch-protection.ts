import { defineCheck } from '../src/engine/check.js';
import { unknownData } from './lib/api-facts.js';

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
    const fact = snapshot.fact('branchProtection');
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
