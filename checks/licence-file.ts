import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import {
  LICENCE_FILE_WANTS,
  declaredLicences,
  repositoryLicence,
  type LicenceFile,
  type ModifiedLicence,
} from './lib/licence/detect.js';

type MessageId =
  | 'identified'
  | 'identifiedWithExtra'
  | 'severalTexts'
  | 'combined'
  | 'noticeOnly'
  | 'identifierOnly'
  | 'readmeSection'
  | 'cranTemplate'
  | 'modified'
  | 'modifiedByPatents'
  | 'copyrightOnly'
  | 'notALicence'
  | 'unrecognised'
  | 'missing'
  | 'missingDeclared'
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
      identifierOnly: '{{path}} names {{spdx}} but does not contain the licence text{{declared}}.',
      cranTemplate:
        '{{path}} fills in the year and copyright holder of {{spdx}}, which DESCRIPTION declares as a CRAN template licence ("{{spdx}} + file {{path}}").',
      readmeSection:
        "{{path}}'s licence section grants {{spdx}} ({{how}}), but the repository has no licence file.",
      modified:
        '{{path}} is {{closest}} modified ({{confidence}} % alike), not {{closest}} itself: {{changes}}.',
      modifiedByPatents:
        '{{path}} is {{closest}}, but {{patents}} adds a patent grant with its own termination terms ("{{grant}}…"): together they are a modified {{closest}}, not {{closest}} itself.',
      copyrightOnly: '{{path}} holds only a copyright notice: it grants no licence.',
      notALicence: '{{path}} is not an open licence: it says "{{phrase}}".',
      unrecognised: '{{path}} does not match any licence in the SPDX licence list (closest: {{closest}}).',
      missing: 'No licence file (LICENSE, LICENCE or COPYING) at the root of the repository.',
      missingDeclared:
        'No licence file (LICENSE, LICENCE or COPYING) at the root of the repository: {{declaredIn}} declares {{spdx}}, but the repository does not hold its text.',
      empty: '{{path}} is empty.',
      unreadable: '{{path}} could not be read ({{reason}}).',
    },
    remediation: {
      noticeOnly:
        'Replace {{path}} with the full text of {{spdx}} (for Apache-2.0: https://www.apache.org/licenses/LICENSE-2.0.txt); keep the short notice in source file headers.',
      identifierOnly:
        'Put the full text of {{spdx}} into {{path}}, so that people and tools can read the terms.',
      readmeSection:
        'Add a LICENSE file at the root with the full text of {{spdx}}; keep the README section pointing to it.',
      modified:
        'A modified licence is a different licence: reusers cannot rely on what they know of {{closest}} and need their own legal advice. Use the unmodified text (https://spdx.org/licenses/{{closest}}.html), or, if the change is deliberate, name the licence as your own (LicenseRef-…) in SPDX tags and manifests.',
      modifiedByPatents:
        'Remove {{patents}} and rely on the licence alone (Apache-2.0 has its own patent grant), or name the licence as your own (LicenseRef-…) in SPDX tags and manifests.',
      copyrightOnly:
        'Add the full text of an open source licence to {{path}}, below the copyright line; the GDS Way recommends MIT.',
      notALicence:
        'Publish the code under an open licence: the GDS Way recommends MIT, with a "Copyright (c) YEAR Crown Copyright (Department)" line, and OGL-UK-3.0 for documentation. If the code cannot be open, record an exemption with the reason.',
      unrecognised:
        'Use an unmodified licence text from https://spdx.org/licenses/ (MIT is the GDS Way default); a modified licence is a different licence that reusers must have checked by a lawyer.',
      missing:
        'Add a LICENSE file at the root with the full text of an open source licence; the GDS Way recommends MIT with a "Copyright (c) YEAR Crown Copyright (Department)" line.',
      missingDeclared:
        'Add a LICENSE file at the root with the full text of {{spdx}}, the licence {{declaredIn}} declares (texts at https://spdx.org/licenses/).',
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
    if (licence.files.length === 0) {
      // A manifest or IG config (sushi-config.yaml, ig.ini's ImplementationGuide) may say what the licence is meant to be.
      const [declared] = declaredLicences(snapshot);
      if (declared)
        return [
          {
            status: 'fail',
            messageId: 'missingDeclared',
            data: { declaredIn: declared.path, spdx: declared.expression },
            location: { path: declared.path },
            evidence: { spdx: null, declared: declared.expression, declaredIn: declared.path },
          },
        ];
      return [{ status: 'fail', messageId: 'missing' }];
    }
    const findings: CheckFinding<MessageId>[] = licence.files.map(fileFinding);
    if (licence.modified?.patents !== undefined) {
      const at = findings.findIndex((f) => f.location?.path === licence.modified?.path);
      if (at >= 0) findings[at] = patentsFinding(licence.modified);
    }
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

/** At most 25 words of each change, quoted. */
function describeChanges(added: readonly string[], removed: readonly string[]): string {
  const quote = (run: string): string => {
    const words = run.split(' ');
    return `"${words.slice(0, 25).join(' ')}${words.length > 25 ? '…' : ''}"`;
  };
  const parts: string[] = [];
  if (added.length > 0) parts.push(`it adds ${added.slice(0, 3).map(quote).join(', ')}`);
  if (removed.length > 0) parts.push(`it leaves out ${removed.slice(0, 3).map(quote).join(', ')}`);
  return parts.join('; ');
}

function patentsFinding(m: ModifiedLicence): CheckFinding<MessageId> {
  const patents = m.patents ?? 'PATENTS';
  return {
    status: 'warn',
    messageId: 'modifiedByPatents',
    data: {
      path: m.path,
      closest: m.closest.spdx,
      patents,
      grant: (m.added[0] ?? '').split(' ').slice(0, 15).join(' '),
    },
    location: { path: patents },
    evidence: { spdx: null, file: m.path, modified: true, closest: m.closest.spdx, patents, added: m.added },
  };
}

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
  if (id.kind === 'modified') {
    return {
      status: 'warn',
      messageId: 'modified',
      data: {
        path,
        closest: id.closest.spdx,
        confidence: id.closest.confidence,
        changes: describeChanges(id.added, id.removed),
      },
      location,
      evidence: {
        spdx: null,
        file: path,
        modified: true,
        closest: id.closest.spdx,
        confidence: id.closest.confidence,
        added: id.added,
        removed: id.removed,
      },
    };
  }
  if (id.kind === 'not-a-licence') {
    if (id.reason === 'empty') return { status: 'fail', messageId: 'empty', data: { path }, location };
    if (id.reason === 'copyright-only')
      return {
        status: 'fail',
        messageId: 'copyrightOnly',
        data: { path },
        location,
        evidence: { spdx: null, file: path, confidence: 0, reason: id.reason },
      };
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
    ...(file.declaredIn ? { declaredIn: file.declaredIn } : {}),
    ...(file.readmeSection ? { readmeSection: true } : {}),
  };
  if (file.readmeSection) {
    const how =
      id.method === 'full-text' || id.method === 'full-text-with-extra' ? 'its full text' : 'by name only';
    return { status: 'warn', messageId: 'readmeSection', data: { ...data, how }, location, evidence };
  }
  switch (id.method) {
    case 'full-text':
      return { status: 'pass', messageId: 'identified', data, location, evidence };
    case 'full-text-with-extra':
      return { status: 'pass', messageId: 'identifiedWithExtra', data, location, evidence };
    case 'several-texts':
      return { status: 'pass', messageId: 'severalTexts', data, location, evidence };
    case 'notice':
      return { status: 'warn', messageId: 'noticeOnly', data, location, evidence };
    case 'cran-template':
      return { status: 'pass', messageId: 'cranTemplate', data, location, evidence };
    case 'identifier': {
      const declared = file.declaredIn ? `; ${file.declaredIn} declares it too` : '';
      return { status: 'warn', messageId: 'identifierOnly', data: { ...data, declared }, location, evidence };
    }
  }
}
