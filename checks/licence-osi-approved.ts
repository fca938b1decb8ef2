import parse, { type ConjunctionInfo, type LicenseInfo } from 'spdx-expression-parse';
import { defineCheck } from '../src/engine/check.js';
import { spdxLicence } from './lib/licence/corpus.js';
import { LICENCE_FILE_WANTS, repositoryLicence } from './lib/licence/detect.js';
import { isDocumentationOnly } from './lib/licence/documentation-only.js';

/**
 * Licences the GDS Way and Service Manual accept for documentation and content, which the OSI
 * does not review because they are not software licences.
 */
const DOCUMENTATION_LICENCES = new Set(['OGL-UK-3.0', 'OGL-UK-2.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0']);

/** Whether an expression grants an OSI-approved licence: one side of OR suffices, both sides of AND must. */
function satisfies(node: LicenseInfo | ConjunctionInfo, accept: (id: string) => boolean): boolean {
  if ('conjunction' in node) {
    return node.conjunction === 'or'
      ? satisfies(node.left, accept) || satisfies(node.right, accept)
      : satisfies(node.left, accept) && satisfies(node.right, accept);
  }
  return accept(node.license);
}

/**
 * "MIT AND OGL-UK-3.0" — code under MIT, documentation under the OGL, as the GDS Way advises — grants
 * an open source licence for the code: a documentation licence beside an OSI one does not take it away.
 */
function grantsOpenSource(node: LicenseInfo | ConjunctionInfo, osi: (id: string) => boolean): boolean {
  if (!('conjunction' in node)) return osi(node.license);
  const left = grantsOpenSource(node.left, osi);
  const right = grantsOpenSource(node.right, osi);
  if (node.conjunction === 'or') return left || right;
  const documentation = (n: LicenseInfo | ConjunctionInfo): boolean =>
    satisfies(n, (id) => DOCUMENTATION_LICENCES.has(id));
  return (left && right) || (left && documentation(node.right)) || (right && documentation(node.left));
}

function parsed(expression: string): LicenseInfo | ConjunctionInfo | undefined {
  try {
    return parse(expression);
  } catch {
    return undefined;
  }
}

export default defineCheck({
  meta: {
    id: 'licence-osi-approved',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'The licence is OSI-approved',
    description:
      'An open source licence is one the Open Source Initiative has approved: it lets anyone use, change and share the code. The licence identified in the root licence file is looked up in the SPDX licence list, which records OSI approval. Repositories that hold only documentation may use the Open Government Licence or Creative Commons Attribution instead.',
    wants: LICENCE_FILE_WANTS,
    messages: {
      approved: '{{spdx}} is an OSI-approved open source licence.',
      documentationLicence:
        '{{spdx}} is an open content licence, accepted because the repository holds documentation only.',
      notApproved: '{{spdx}} (in {{path}}) is not an OSI-approved licence.',
      documentationLicenceOnCode:
        '{{spdx}} (in {{path}}) is a licence for documentation, but the repository holds code.',
      noLicence: 'No licence was identified, so none is OSI-approved.',
      modified:
        '{{path}} is a modified {{closest}}: OSI approval covers the standard {{closest}} text, not this one.',
      unreadable:
        '{{path}} could not be read ({{reason}}), so whether its licence is OSI-approved is unknown.',
    },
    remediation: {
      notApproved:
        'Relicense under an OSI-approved licence (https://opensource.org/licenses); the GDS Way recommends MIT for code.',
      documentationLicenceOnCode:
        'License the code under an OSI-approved licence such as MIT, and keep OGL-UK-3.0 for the documentation (for example LICENSE for code and LICENCE-docs for the OGL text).',
      unreadable:
        'Keep {{path}} as plain UTF-8 text (the licence text itself, not a PDF or word-processor file) under the size limit.',
      modified:
        'Use the unmodified {{closest}} text, or have the modified licence reviewed: the licence-file finding quotes what it changes.',
      noLicence:
        'Add a root LICENSE file with the full text of an OSI-approved licence (see the licence-file check).',
    },
    references: [
      { title: 'Open Source Initiative: approved licences', url: 'https://opensource.org/licenses' },
      {
        title: 'The GDS Way: licensing',
        url: 'https://gds-way.digital.cabinet-office.gov.uk/manuals/licensing.html',
      },
      {
        title: 'Service Standard point 12: make new source code open',
        url: 'https://www.gov.uk/service-manual/service-standard/point-12-make-new-source-code-open',
      },
      { title: 'SPDX licence list', url: 'https://spdx.org/licenses/' },
    ],
  },
  run(snapshot) {
    const licence = repositoryLicence(snapshot);
    const tree = licence.spdx === undefined ? undefined : parsed(licence.spdx);
    // A licence file we could not read is not a missing licence: licence-file says unknown too.
    const unread = licence.files.find((f) => f.skipped !== undefined);
    if (licence.spdx === undefined && unread)
      return [
        {
          status: 'unknown',
          messageId: 'unreadable',
          data: { path: unread.path, reason: unread.skipped ?? 'not read' },
          location: { path: unread.path },
        },
      ];
    if (licence.spdx === undefined && licence.modified) {
      const { path, closest, patents } = licence.modified;
      return [
        {
          status: 'warn',
          messageId: 'modified',
          data: { path: patents ? `${path} with ${patents}` : path, closest: closest.spdx },
          location: { path: patents ?? path },
          evidence: {
            spdx: null,
            modified: true,
            closest: closest.spdx,
            closestOsiApproved: spdxLicence(closest.spdx)?.osiApproved === true,
          },
        },
      ];
    }
    if (licence.spdx === undefined || tree === undefined) return [{ status: 'fail', messageId: 'noLicence' }];
    const spdx = licence.spdx;
    const path = licence.files.find((f) => f.identification?.kind === 'licence')?.path ?? '';
    const location = path ? { path } : undefined;
    const osi = (id: string): boolean => spdxLicence(id.replace(/\+$/, ''))?.osiApproved === true;
    if (grantsOpenSource(tree, osi)) {
      return [
        {
          status: 'pass',
          messageId: 'approved',
          data: { spdx },
          ...(location ? { location } : {}),
          evidence: { spdx, osiApproved: true },
        },
      ];
    }
    const forDocumentation = satisfies(tree, (id) => osi(id) || DOCUMENTATION_LICENCES.has(id));
    if (forDocumentation && isDocumentationOnly(snapshot)) {
      return [
        {
          status: 'pass',
          messageId: 'documentationLicence',
          data: { spdx },
          ...(location ? { location } : {}),
          evidence: {
            spdx,
            osiApproved: false,
            documentationOnly: true,
            note: 'OGL and CC BY are accepted for documentation, not for code.',
          },
        },
      ];
    }
    return [
      {
        status: 'fail',
        messageId: forDocumentation ? 'documentationLicenceOnCode' : 'notApproved',
        data: { spdx, path },
        ...(location ? { location } : {}),
        evidence: { spdx, osiApproved: false },
      },
    ];
  },
});
