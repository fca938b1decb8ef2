import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { isThirdPartyPath } from './lib/manifests.js';
import { isInTestOrExampleDirectory } from './lib/paths.js';
import { TCOP4_REFERENCES } from './lib/references.js';

type MessageId = 'proprietary' | 'more' | 'none' | 'testResources' | 'lockFile';

/**
 * Owner files Office writes beside an open document (`~$report.docx`) and LibreOffice's lock files
 * (`.~lock.report.odt#`): left behind by a crash or a commit made while the document was open.
 */
function lockFileOf(base: string): string | undefined {
  if (base.startsWith('~$')) return 'Microsoft Office';
  if (/^\.~lock\..+#$/.test(base)) return 'LibreOffice';
  return undefined;
}

interface OfficeFormat {
  format: string;
  /** The open format(s) the Open Standards Board profiles name for this kind of document. */
  alternative: string;
  /** How to convert one: LibreOffice's filter for the document's own kind (a spreadsheet cannot become .odt). */
  convert: (path: string) => string;
}

const libreOffice =
  (extension: string) =>
  (path: string): string =>
    `LibreOffice: \`soffice --headless --convert-to ${extension} ${path}\``;

const WORD: OfficeFormat = {
  format: 'Microsoft Word',
  alternative: 'ODF text (.odt, ODF 1.2) to collaborate, or HTML or PDF/A to publish',
  convert: libreOffice('odt'),
};
const EXCEL: OfficeFormat = {
  format: 'Microsoft Excel',
  alternative: 'CSV for data, or ODF spreadsheet (.ods, ODF 1.2)',
  convert: libreOffice('ods'),
};
const POWERPOINT: OfficeFormat = {
  format: 'Microsoft PowerPoint',
  alternative: 'ODF presentation (.odp, ODF 1.2), or PDF/A to publish',
  convert: libreOffice('odp'),
};
const VISIO: OfficeFormat = {
  format: 'Microsoft Visio',
  alternative: 'SVG or ODF drawing (.odg), or PDF/A to publish',
  convert: libreOffice('odg'),
};
const PROJECT: OfficeFormat = {
  format: 'Microsoft Project',
  alternative: 'CSV for the plan data, or PDF/A to publish',
  // LibreOffice cannot open .mpp files; Project itself exports CSV.
  convert: () => 'in Microsoft Project: File → Save As → CSV',
};

/** Proprietary office formats by extension, templates and macro-enabled variants included. */
export const PROPRIETARY_FORMATS: Readonly<Record<string, OfficeFormat>> = {
  doc: WORD,
  docx: WORD,
  docm: WORD,
  dot: WORD,
  dotx: WORD,
  dotm: WORD,
  xls: EXCEL,
  xlsx: EXCEL,
  xlsm: EXCEL,
  xlsb: EXCEL,
  xlt: EXCEL,
  xltx: EXCEL,
  ppt: POWERPOINT,
  pptx: POWERPOINT,
  pptm: POWERPOINT,
  pps: POWERPOINT,
  ppsx: POWERPOINT,
  pot: POWERPOINT,
  potx: POWERPOINT,
  vsd: VISIO,
  vsdx: VISIO,
  mpp: PROJECT,
};

/** Files reported one by one; the rest are counted in one finding. */
const MAX_LISTED = 50;

export default defineCheck({
  meta: {
    id: 'open-document-formats',
    criterion: 'tcop-4',
    level: 'standard',
    title: 'Documents are in open formats',
    description:
      'Documents in proprietary office formats (.doc/.docx, .xls/.xlsx, .ppt/.pptx, .vsd, .mpp) need particular software to read and cannot be reviewed as text. The Open Standards Board profiles name ODF 1.2 for sharing and collaborating on documents, HTML and PDF/A for viewing them, and CSV for tabular data. Only paths are looked at; paths in `ignore` in .github/tcop.yml and vendored directories are left out.',
    wants: [],
    messages: {
      proprietary: '{{path}} is a {{format}} document; use {{alternative}}.',
      more: '{{count}} more document(s) in proprietary office formats are not listed.',
      none: 'No documents in proprietary office formats.',
      testResources:
        '{{count}} document(s) in proprietary office formats are test resources ({{examples}}): inputs to tests, not published documents.',
      lockFile:
        '{{path}} is a lock file {{app}} leaves beside a document while it is open, not a document: it was committed by mistake.',
    },
    remediation: {
      proprietary:
        'Convert {{path}} to {{alternative}} ({{conversion}}), or move the document out of the repository. If it must stay as it is, for example a fixture for a file-format test, add its path to `ignore` in .github/tcop.yml.',
      more: 'Convert the remaining documents the same way, or list their folder in `ignore` in .github/tcop.yml.',
      lockFile: 'Delete {{path}}, and add `~$*` and `.~lock.*#` to .gitignore so that it does not come back.',
    },
    references: [
      {
        title: 'Open Standards Board: sharing or collaborating with government documents (ODF)',
        url: 'https://www.gov.uk/government/publications/recommended-open-standards-for-government/sharing-or-collaborating-with-government-documents',
      },
      {
        title: 'Open Standards Board: viewing government documents (HTML, PDF/A)',
        url: 'https://www.gov.uk/government/publications/recommended-open-standards-for-government/viewing-government-documents',
      },
      {
        title: 'Open Standards Board: tabular data standard (CSV)',
        url: 'https://www.gov.uk/government/publications/recommended-open-standards-for-government/tabular-data-standard',
      },
      TCOP4_REFERENCES.tcop4,
    ],
  },
  run(snapshot) {
    const findings: CheckFinding<MessageId>[] = [];
    const documents: ({ path: string } & OfficeFormat)[] = [];
    const tests: string[] = [];
    for (const { path } of snapshot.files) {
      if (isThirdPartyPath(path)) continue;
      const base = path.slice(path.lastIndexOf('/') + 1);
      const app = lockFileOf(base);
      if (app !== undefined) {
        findings.push({
          status: 'warn',
          messageId: 'lockFile',
          data: { path, app },
          location: { path },
          evidence: { path, app },
        });
        continue;
      }
      const dot = base.lastIndexOf('.');
      const format = dot > 0 ? PROPRIETARY_FORMATS[base.slice(dot + 1).toLowerCase()] : undefined;
      if (!format) continue;
      // A .docx a parser's tests read is an input to the tests, not a document the project publishes.
      if (isInTestOrExampleDirectory(path)) tests.push(path);
      else documents.push({ path, ...format });
    }
    if (documents.length === 0) findings.unshift({ status: 'pass', messageId: 'none' });
    for (const d of documents.slice(0, MAX_LISTED))
      findings.push({
        status: 'warn',
        messageId: 'proprietary',
        data: { path: d.path, format: d.format, alternative: d.alternative, conversion: d.convert(d.path) },
        location: { path: d.path },
        evidence: { path: d.path, format: d.format, alternative: d.alternative },
      });
    if (documents.length > MAX_LISTED) {
      findings.push({
        status: 'warn',
        messageId: 'more',
        data: { count: documents.length - MAX_LISTED },
        evidence: { paths: documents.slice(MAX_LISTED).map((d) => d.path) },
      });
    }
    if (tests.length > 0)
      findings.push({
        status: 'info',
        messageId: 'testResources',
        data: {
          count: tests.length,
          examples: tests.slice(0, 3).join(', ') + (tests.length > 3 ? ` and ${tests.length - 3} more` : ''),
        },
        location: { path: tests[0] as string },
        evidence: { paths: tests.slice(0, 200) },
      });
    return findings;
  },
});
