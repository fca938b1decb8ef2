import { defineCheck } from '../src/engine/check.js';
import { findCommunityFile } from './lib/community-files.js';

/** Fewer words of prose than this say nothing about the project (a title and badges). */
const MIN_DESCRIPTION_WORDS = 5;

/**
 * HTML comments replaced by a space, found with indexOf: a lazy regex would rescan the rest of the
 * text from every unclosed `<!--`, which for a README of 1 MB of them never ends.
 */
function withoutComments(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    const close = open === -1 ? -1 : text.indexOf('-->', open + 4);
    if (close === -1) return out + text.slice(from);
    out += text.slice(from, open) + ' ';
    from = close + 3;
  }
}

/**
 * Words of prose in a README: headings, badges, images, link targets, code blocks, HTML and
 * reStructuredText/AsciiDoc markup removed, so that a README of only a title and badges counts none.
 */
export function proseWords(text: string): number {
  const prose = withoutComments(text.replace(/```[\s\S]*?```|~~~[\s\S]*?~~~/g, ' '))
    .split(/\r?\n/)
    .filter((line) => !/^\s*(#{1,6}\s|=+\s*$|-+\s*$|\.\.\s|:\w+:|\[!\[|!\[|<img\b|\[[^\]]*\]:\s)/.test(line))
    .join(' ')
    // Neither a tag nor a link spans another's opening character, so that a README of 1 MB of `<` or
    // `[` is read once, not once per character.
    .replace(/<[^<>]+>/g, ' ')
    .replace(/!?\[([^[\]]*)\]\([^()[\]]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ');
  return prose.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
}

export default defineCheck({
  meta: {
    id: 'readme',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'Repository has a README that says what it is',
    description:
      'A README is the first thing anyone reuses: it says what the code is for and how to use it. GitHub shows a README from the root, `.github/` or `docs/`. A README that is only a title or a row of badges does not say what the project is.',
    wants: ['{,.github/,docs/}[Rr][Ee][Aa][Dd][Mm][Ee]{,.*}'],
    messages: {
      found: 'README found at {{path}} ({{words}} words of description).',
      missing: 'No README in the root, .github/ or docs/.',
      empty: '{{path}} is empty.',
      noDescription: '{{path}} does not say what the project is: it has {{words}} words of prose.',
      unreadable: '{{path}} could not be read ({{reason}}).',
    },
    remediation: {
      missing: 'Add a README.md at the root that says what the project is, who it is for, and how to run it.',
      empty: 'Write in {{path}} what the project is, who it is for, and how to run it.',
      noDescription:
        'Under the title of {{path}}, add a paragraph on what the project does and who it is for, then how to install, run and test it.',
      unreadable: 'Keep the README as UTF-8 text under the size limit.',
    },
    references: [
      {
        title: 'Service Manual: making source code open and reusable',
        url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable',
      },
      {
        title: 'The GDS Way: documenting your code',
        url: 'https://gds-way.digital.cabinet-office.gov.uk/manuals/readme-guidance.html',
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
      return [
        {
          status: 'unknown',
          messageId: 'unreadable',
          data: { path, reason: content.reason },
          location: { path },
        },
      ];
    }
    const text = content?.text ?? '';
    if (text.trim() === '')
      return [{ status: 'fail', messageId: 'empty', data: { path }, location: { path } }];
    const words = proseWords(text);
    if (words < MIN_DESCRIPTION_WORDS) {
      return [
        {
          status: 'fail',
          messageId: 'noDescription',
          data: { path, words },
          location: { path },
          evidence: { path, words },
        },
      ];
    }
    return [
      {
        status: 'pass',
        messageId: 'found',
        data: { path, words },
        location: { path },
        evidence: { path, words },
      },
    ];
  },
});
