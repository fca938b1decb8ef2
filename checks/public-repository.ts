import { defineCheck } from '../src/engine/check.js';

export default defineCheck({
  meta: {
    id: 'public-repository',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'The repository is public',
    description:
      'Service Standard point 12 asks for new source code to be made open and reusable, and published under an open licence. Code can stay closed only for a good reason (for example fraud detection rules or unannounced policy); record that reason as an exemption for this check in .github/tcop.yml. Visibility comes from the GitHub API; a local audit cannot know it.',
    wants: [],
    needs: ['visibility'],
    messages: {
      public: 'The repository is public.',
      notPublic: 'The repository is {{visibility}}, not public.',
      unknown: 'Visibility is unknown: {{detail}}.',
    },
    remediation: {
      notPublic:
        'Make the repository public (Settings → General → Danger zone → Change visibility), or, if the code must stay closed, add an exemption for public-repository with the reason to .github/tcop.yml.',
      unknown:
        'Audit the repository through the GitHub App or with the GitHub source, which can read its visibility.',
    },
    references: [
      {
        title: 'Service Standard point 12: make new source code open',
        url: 'https://www.gov.uk/service-manual/service-standard/point-12-make-new-source-code-open',
      },
      {
        title: 'Service Manual: when code should be open or closed',
        url: 'https://www.gov.uk/government/publications/open-source-guidance/when-code-should-be-open-or-closed',
      },
      {
        title: 'Technology Code of Practice: be open and use open source',
        url: 'https://www.gov.uk/guidance/be-open-and-use-open-source',
      },
    ],
  },
  run(snapshot) {
    const visibility = snapshot.fact('visibility');
    if (visibility.state === 'unavailable') {
      return [
        {
          status: 'unknown',
          messageId: 'unknown',
          data: { detail: visibility.detail },
          evidence: { reason: visibility.reason },
        },
      ];
    }
    if (visibility.value === 'public')
      return [{ status: 'pass', messageId: 'public', evidence: { visibility: 'public' } }];
    return [
      {
        status: 'fail',
        messageId: 'notPublic',
        data: { visibility: visibility.value },
        evidence: { visibility: visibility.value },
      },
    ];
  },
});
