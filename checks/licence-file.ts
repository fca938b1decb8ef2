import { defineCheck } from '../src/engine/check.js';

/** LICENSE, LICENCE, COPYING, UNLICENSE with any extension, any case; LICENSE-MIT style suffixes too. */
export const LICENCE_FILE_PATTERN = /^(licen[cs]e|copying|unlicen[cs]e)([-._][A-Za-z0-9.-]+)?$/i;

export default defineCheck({
  meta: {
    id: 'licence-file',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'Repository has an open source licence file',
    description:
      'Code published without a licence cannot legally be reused. TCoP 3 and Service Standard point 12 ask for code to be published under an open licence, by default MIT for code and OGL for documentation.',
    wants: ['{LICENSE,LICENCE,COPYING,UNLICENSE,License,Licence,license,licence,copying,Copying,unlicense}{,-*,.*,_*}'],
    messages: {
      found: 'Licence file found at {{path}}.',
      missing: 'No licence file (LICENSE, LICENCE or COPYING) at the root of the repository.',
      empty: '{{path}} is empty.',
    },
    remediation: {
      missing:
        'Add a LICENSE file at the root with the full text of an open source licence; the GDS Way recommends MIT with a "Crown Copyright (c) YEAR Department" line.',
      empty: 'Put the full text of the licence into {{path}}.',
    },
    references: [
      {
        title: 'Service Manual: licensing your code',
        url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable#licensing-your-code',
      },
      { title: 'The GDS Way: licensing', url: 'https://gds-way.digital.cabinet-office.gov.uk/manuals/licensing.html' },
    ],
  },
  run(snapshot) {
    const candidates = snapshot.listDir('').filter((p) => LICENCE_FILE_PATTERN.test(p));
    if (candidates.length === 0) return [{ status: 'fail', messageId: 'missing' }];
    return candidates.map((path) => {
      const text = snapshot.text(path);
      if (text !== undefined && text.trim() === '')
        return { status: 'fail' as const, messageId: 'empty' as const, data: { path }, location: { path } };
      return { status: 'pass' as const, messageId: 'found' as const, data: { path }, location: { path }, evidence: { path } };
    });
  },
});
