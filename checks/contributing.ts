import { defineCheck } from '../src/engine/check.js';
import { findCommunityFile } from './lib/community-files.js';

export default defineCheck({
  meta: {
    id: 'contributing',
    criterion: 'tcop-3',
    level: 'standard',
    title: 'Repository says how to contribute',
    description:
      'Being open means others can suggest changes. A CONTRIBUTING file says how to raise issues and pull requests, how to run the tests and what reviewers expect. GitHub links to it from the root, `.github/` or `docs/`.',
    needs: ['orgSecurityPolicy'],
    wants: ['{,.github/,docs/}[Cc][Oo][Nn][Tt][Rr][Ii][Bb][Uu][Tt][Ii][Nn][Gg]{,.*}'],
    messages: {
      found: 'Contribution guidelines found at {{path}}.',
      missing: 'No CONTRIBUTING file in the root, .github/ or docs/.',
      missingNoOrg:
        'No CONTRIBUTING file in the root, .github/ or docs/ (whether the organisation’s .github repository has one, which GitHub would show instead, could not be checked: {{reason}}).',
      empty: '{{path}} is empty.',
    },
    remediation: {
      missing:
        'Add CONTRIBUTING.md saying how to report issues, propose changes, run the tests, and what a pull request needs to be accepted.',
      missingNoOrg:
        'Add CONTRIBUTING.md saying how to report issues, propose changes, run the tests, and what a pull request needs to be accepted, or check that the organisation’s .github repository has one (audit from GitHub to confirm).',
      empty: 'Write in {{path}} how to report issues, propose changes and run the tests.',
    },
    references: [
      {
        title: 'GitHub Docs: setting guidelines for repository contributors',
        url: 'https://docs.github.com/en/communities/setting-up-your-project-for-healthy-contributions/setting-guidelines-for-repository-contributors',
      },
      {
        title: 'Service Manual: making source code open and reusable',
        url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable',
      },
    ],
  },
  run(snapshot) {
    const path = findCommunityFile(snapshot, 'CONTRIBUTING');
    if (!path) {
      // GitHub shows the organisation's .github file when the repository has none; a local audit cannot see it.
      const org = snapshot.fact('orgSecurityPolicy');
      if (org.state === 'unavailable')
        return [{ status: 'fail', messageId: 'missingNoOrg', data: { reason: org.detail } }];
      return [{ status: 'fail', messageId: 'missing' }];
    }
    const text = snapshot.text(path);
    if (text !== undefined && text.trim() === '')
      return [{ status: 'fail', messageId: 'empty', data: { path }, location: { path } }];
    return [{ status: 'pass', messageId: 'found', data: { path }, location: { path }, evidence: { path } }];
  },
});
