import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { LICENCE_FILE_WANTS, repositoryLicence, type LicenceFile } from './lib/licence/detect.js';

type MessageId =
  | 'identified'
  | 'identifiedWithExtra'
  | 'severalTexts'
  | 'combined'
  | 'noticeOnly'
  | 'identifierOnly'
  | 'notALicence'
  | 'unrecognised'
  | 'missing'
  | 'empty'
  | 'unreadable';

export default defineCheck({
  meta: {
    id: 'licence-file',
    criterion: 'tcop-3',
    level: 'baseline',
    title: 'Repository has an open source licence file',
    description:
      'Code published without a licence cannot legally be reused. TCoP 3 and Service Standard point 12 ask for code to be published under an open licence. The root LICENSE, LICENCE or COPYING file is matched against every licence text in the SPDX licence list, after the SPDX matching guidelines (case, spacing, punctuation, markdown, copyright lines and British spelling do not matter).',
    wants: LICENCE_FILE_WANTS,
    messages: {
      identified: '{{path}} is the {{spdx}} licence ({{confidence}} % match).',
      identifiedWithExtra:
        '{{path}} holds the {{spdx}} licence text ({{confidence}} % present) and other material.',
      severalTexts: '{{path}} holds several licence texts: {{spdx}}.',
      combined: 'The licence files together grant {{spdx}}.',
      noticeOnly: '{{path}} holds only the {{spdx}} licence notice, not the licence text.',
      identifierOnly: '{{path}} names {{spdx}} but does not contain the licence text.',
      notALicence: '{{path}} is not an open licence: it says "{{phrase}}".',
      unrecognised: '{{path}} does not match any licence in the SPDX licence list (closest: {{closest}}).',
      missing: 'No licence file (LICENSE, LICENCE or COPYING) at the root of the repository.',
      empty: '{{path}} is empty.',
      unreadable: '{{path}} could not be read ({{reason}}).',
    },
    remediation: {
      noticeOnly:
        'Replace {{path}} with the full text of {{spdx}} (for Apache-2.0: https://www.apache.org/licenses/LICENSE-2.0.txt); keep the short notice in source file headers.',
      identifierOnly:
        'Put the full text of {{spdx}} into {{path}}, so that people and tools can read the terms.',
      notALicence:
        'Publish the code under an open licence: the GDS Way recommends MIT, with a "Copyright (c) YEAR Crown Copyright (Department)" line, and OGL-UK-3.0 for documentation. If the code cannot be open, record an exemption with the reason.',
      unrecognised:
        'Use an unmodified licence text from https://spdx.org/licenses/ (MIT is the GDS Way default); a modified licence is a different licence that reusers must have checked by a lawyer.',
      missing:
        'Add a LICENSE file at the root with the full text of an open source licence; the GDS Way recommends MIT with a "Copyright (c) YEAR Crown Copyright (Department)" line.',
      empty: 'Put the full text of the licence into {{path}}.',
      unreadable: 'Keep the licence file as UTF-8 text under the size limit.',
    },
    references: [
      {
        title: 'Service Manual: licensing your code',
        url: 'https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable#licensing-your-code',
      },
      {
        title: 'The GDS Way: licensing',
        url: 'https://gds-way.digital.cabinet-office.gov.uk/manuals/licensing.html',
      },
      { title: 'SPDX licence list', url: 'https://spdx.org/licenses/' },
      {
        title: 'SPDX matching guidelines',
        url: 'https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/',
      },
    ],
  },
  run(snapshot) {
    const licence = repositoryLicence(snapshot);
    if (licence.files.length === 0) return [{ status: 'fail', messageId: 'missing' }];
    const findings: CheckFinding<MessageId>[] = licence.files.map(fileFinding);
    const identifiedFiles = licence.files.filter((f) => f.identification?.kind === 'licence');
    if (identifiedFiles.length > 1 && licence.spdx !== undefined) {
      findings.push({
        status: 'pass',
        messageId: 'combined',
        data: { spdx: licence.spdx },
        evidence: {
          spdx: licence.spdx,
          files: identifiedFiles.map((f) => f.path),
          confidence: licence.confidence,
        },
      });
    }
    return findings;
  },
});

function fileFinding(file: LicenceFile): CheckFinding<MessageId> {
  const { path } = file;
  const location = { path };
  const id = file.identification;
  if (id === undefined)
    return {
      status: 'unknown',
      messageId: 'unreadable',
      data: { path, reason: file.skipped ?? 'not read' },
      location,
    };
  if (id.kind === 'not-a-licence') {
    if (id.reason === 'empty') return { status: 'fail', messageId: 'empty', data: { path }, location };
    return {
      status: 'fail',
      messageId: 'notALicence',
      data: { path, phrase: id.phrase ?? 'no licence' },
      location,
      evidence: { spdx: null, file: path, confidence: 0, reason: id.reason },
    };
  }
  if (id.kind === 'unrecognised') {
    const closest = id.closest ? `${id.closest.spdx}, ${id.closest.confidence} %` : 'none';
    return {
      status: 'warn',
      messageId: 'unrecognised',
      data: { path, closest },
      location,
      evidence: { spdx: null, file: path, confidence: 0, closest: id.closest ?? null },
    };
  }
  const data = { path, spdx: id.spdx, confidence: id.confidence };
  const evidence = {
    spdx: id.spdx,
    file: path,
    confidence: id.confidence,
    method: id.method,
    ...(id.licences.some((l) => l.equivalents.length > 0)
      ? { equivalents: Object.fromEntries(id.licences.map((l) => [l.spdx, l.equivalents])) }
      : {}),
    ...(id.note ? { note: id.note } : {}),
  };
  switch (id.method) {
    case 'full-text':
      return { status: 'pass', messageId: 'identified', data, location, evidence };
    case 'full-text-with-extra':
      return { status: 'pass', messageId: 'identifiedWithExtra', data, location, evidence };
    case 'several-texts':
      return { status: 'pass', messageId: 'severalTexts', data, location, evidence };
    case 'notice':
      return { status: 'warn', messageId: 'noticeOnly', data, location, evidence };
    case 'identifier':
      return { status: 'warn', messageId: 'identifierOnly', data, location, evidence };
  }
}
