import { defineCheck } from '../src/engine/check.js';
import { findCommunityFile } from './lib/community-files.js';

/** Widely adopted codes, recognised by their text, reported as evidence. */
const KNOWN_CODES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'Contributor Covenant', pattern: /contributor covenant/i },
  { name: 'Citizen Code of Conduct', pattern: /citizen code of conduct/i },
  { name: 'Civil Service Code', pattern: /civil service code/i },
];

export default defineCheck({
  meta: {
    id: 'code-of-conduct',
    criterion: 'tcop-3',
    level: 'exemplar',
    title: 'Repository has a code of conduct',
    description:
      'A code of conduct tells contributors how they are expected to behave and how to report unacceptable behaviour, so that an open project is a safe place to contribute. GitHub recognises CODE_OF_CONDUCT in the root, `.github/` or `docs/`.',
    needs: ['orgSecurityPolicy'],
    wants: ['{,.github/,docs/}[Cc][Oo][Dd][Ee][-_][Oo][Ff][-_][Cc][Oo][Nn][Dd][Uu][Cc][Tt]{,.*}'],
    messages: {
      found: 'Code of conduct found at {{path}} ({{basis}}).',
      missing: 'No CODE_OF_CONDUCT file in the root, .github/ or docs/.',
      missingNoOrg:
        'No CODE_OF_CONDUCT file in the root, .github/ or docs/ (whether the organisation’s .github repository has one, which GitHub would show instead, could not be checked: {{reason}}).',
      empty: '{{path}} is empty.',
    },
    remediation: {
      missing:
        'Add CODE_OF_CONDUCT.md, for example the Contributor Covenant (https://www.contributor-covenant.org/), with a contact for reports.',
      missingNoOrg:
        'Add CODE_OF_CONDUCT.md, for example the Contributor Covenant (https://www.contributor-covenant.org/), with a contact for reports, or check that the organisation’s .github repository has one (audit from GitHub to confirm).',
      empty: 'Put a code of conduct with a contact for reports into {{path}}.',
    },
    references: [
      {
        title: 'GitHub Docs: adding a code of conduct',
        url: 'https://docs.github.com/en/communities/setting-up-your-project-for-healthy-contributions/adding-a-code-of-conduct-to-your-project',
      },
      { title: 'Contributor Covenant', url: 'https://www.contributor-covenant.org/' },
    ],
  },
  run(snapshot) {
    const path = findCommunityFile(snapshot, 'CODE_OF_CONDUCT');
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
    // A file too large or binary to read is still a code of conduct, but its text is not known.
    const basis =
      text === undefined
        ? 'text not read'
        : (KNOWN_CODES.find((c) => c.pattern.test(text))?.name ?? 'own text');
    return [
      {
        status: 'pass',
        messageId: 'found',
        data: { path, basis },
        location: { path },
        evidence: { path, basis },
      },
    ];
  },
});
