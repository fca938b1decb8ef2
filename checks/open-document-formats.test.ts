import { describe, expect, it } from 'vitest';
import { renderMessage } from '../src/engine/check.js';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import openDocumentFormats from './open-document-formats.js';

const proprietary = (path: string, alternative?: RegExp) => ({
  status: 'warn' as const,
  messageId: 'proprietary',
  path,
  ...(alternative ? { data: { alternative: expect.stringMatching(alternative) } } : {}),
});

describe('open-document-formats', () => {
  it('warns about each proprietary office document, naming the open alternative', async () => {
    expectFindings(await runOnFixture(openDocumentFormats, 'office-documents'), [
      proprietary('docs/design/architecture.docx', /ODF 1\.2/),
      proprietary('docs/design/network.vsd'),
      proprietary('reports/activity.xlsx', /CSV/),
    ]);
  });

  it('tells how to convert each kind of document to its own open format', async () => {
    const findings = await runCheck(openDocumentFormats, {
      files: { 'talks/intro.pptx': '', 'data/costs.xlsx': '', 'plan.mpp': '' },
    });
    const paths = ['talks/intro.pptx', 'data/costs.xlsx', 'plan.mpp'];
    const remediation = expectFindings(
      findings,
      paths.map((p) => proprietary(p)),
    ).map((f) => renderMessage(openDocumentFormats.meta.remediation.proprietary as string, f.data));

    expect(remediation[0]).toContain('soffice --headless --convert-to odp talks/intro.pptx');
    expect(remediation[1]).toContain('--convert-to ods data/costs.xlsx');
    expect(remediation[2]).not.toContain('soffice');
  });

  it('passes open formats, and leaves vendored code alone', async () => {
    const findings = await runCheck(openDocumentFormats, {
      files: { 'docs/plan.odt': '', 'data.csv': '', 'node_modules/x/test.docx': '', 'report.pdf': '' },
    });

    expectFindings(findings, [{ status: 'pass', messageId: 'none', path: null }]);
  });

  it('lists 50 documents and counts the rest', async () => {
    const name = (i: number) => `minutes/m${String(i).padStart(2, '0')}.DOC`;
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [name(i), '']));

    const findings = await runCheck(openDocumentFormats, { files });

    expectFindings(findings, [
      ...Array.from({ length: 50 }, (_, i) => proprietary(name(i))),
      { status: 'warn', messageId: 'more', path: null, data: { count: 10 } },
    ]);
  });
});

describe('open-document-formats on test resources and lock files', () => {
  it('sums up office files under test resources in one line instead of a warning each', async () => {
    const findings = await runCheck(openDocumentFormats, {
      files: {
        'src/test/resources/uploads/evidence.docx': '',
        'src/test/resources/uploads/evidence.xlsx': '',
        'src/test/resources/uploads/legacy.doc': '',
        'tests/fixtures/claim.pdf.xlsx': '',
        'docs/guide.odt': '',
      },
    });
    expectFindings(findings, [
      { status: 'pass', messageId: 'none' },
      {
        status: 'info',
        messageId: 'testResources',
        path: 'src/test/resources/uploads/evidence.docx',
        data: { count: 4 },
      },
    ]);
  });

  it('reports Office and LibreOffice lock files as stray files to delete, not as documents', async () => {
    const findings = await runCheck(openDocumentFormats, {
      files: { 'data/~$returns.xlsx': '', 'docs/.~lock.plan.odt#': '', 'data/returns.csv': '' },
    });
    expectFindings(findings, [
      { status: 'pass', messageId: 'none' },
      {
        status: 'warn',
        messageId: 'lockFile',
        path: 'data/~$returns.xlsx',
        data: { app: 'Microsoft Office' },
      },
      { status: 'warn', messageId: 'lockFile', path: 'docs/.~lock.plan.odt#', data: { app: 'LibreOffice' } },
    ]);
  });
});
