import { defineCheck } from '../src/engine/check.js';
import { findCommunityFile } from './lib/community-files.js';

export default defineCheck({
  meta: {
    id: 'readme',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'Repository has a README that says what it is',
    description:
      'A README is the first thing anyone reuses: it says what the code is for and how to use it. GitHub shows a README from the root, `.github/` or `docs/`.',
    wants: ['{,.github/,docs/}{README,readme,Readme}{,.*}'],
    messages: {
      found: 'README found at {{path}}.',
      missing: 'No README in the root, .github/ or docs/.',
      empty: '{{path}} is empty.',
      unreadable: '{{path}} could not be read ({{reason}}).',
    },
    remediation: {
      missing:
        'Add a README.md at the root that says what the project is, who it is for, and how to run it.',
      empty: 'Write in {{path}} what the project is, who it is for, and how to run it.',
      unreadable: 'Keep the README as UTF-8 text under the size limit.',
    },
    references: [
      {
        title: 'Service Manual: making source code open and reusable',
        url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable',
      },
      {
        title: 'GitHub Docs: about READMEs',
        url: 'https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-readmes',
      },
    ],
  },
  run(snapshot) {
    const path = findCommunityFile(snapshot, 'README');
    if (!path) return [{ status: 'fail', messageId: 'missing' }];
    const content = snapshot.content(path);
    if (content?.kind === 'skipped') {
      return [{ status: 'fail', messageId: 'unreadable', data: { path, reason: content.reason }, location: { path } }];
    }
    const text = content?.text ?? '';
    if (text.trim() === '') return [{ status: 'fail', messageId: 'empty', data: { path }, location: { path } }];
    return [{ status: 'pass', messageId: 'found', data: { path }, location: { path }, evidence: { path } }];
  },
});
