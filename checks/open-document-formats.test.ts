import { describe, expect, it } from 'vitest';
import { renderMessage } from '../src/engine/check.js';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, runOnFixture } from '../test/support/check-harness.js';
import openDocumentFormats from './open-document-formats.js';

describe('open-document-formats', () => {
  it('warns about each proprietary office document, naming the open alternative', async () => {
    const findings = await runOnFixture(openDocumentFormats, 'office-documents');

    expect(findings.map((f) => f.location?.path)).toEqual([
      'docs/design/architecture.docx',
      'docs/design/network.vsd',
      'reports/activity.xlsx',
    ]);
    expect(
      expectFinding(findings, { status: 'warn', messageId: 'proprietary', path: 'reports/activity.xlsx' })
        .data?.alternative,
    ).toMatch(/CSV/);
    expect(
      expectFinding(findings, {
        status: 'warn',
        messageId: 'proprietary',
        path: 'docs/design/architecture.docx',
      }).data?.alternative,
    ).toMatch(/ODF 1\.2/);
  });

  it('tells how to convert each kind of document to its own open format', async () => {
    const findings = await openDocumentFormats.run(
      memorySnapshot({ files: { 'talks/intro.pptx': '', 'data/costs.xlsx': '', 'plan.mpp': '' } }),
    );
    const remediation = (path: string): string =>
      renderMessage(
        openDocumentFormats.meta.remediation.proprietary as string,
        expectFinding(findings as never, { status: 'warn', messageId: 'proprietary', path }).data,
      );

    expect(remediation('talks/intro.pptx')).toContain('soffice --headless --convert-to odp talks/intro.pptx');
    expect(remediation('data/costs.xlsx')).toContain('--convert-to ods data/costs.xlsx');
    expect(remediation('plan.mpp')).not.toContain('soffice');
  });

  it('passes open formats, and leaves vendored code alone', async () => {
    const findings = await openDocumentFormats.run(
      memorySnapshot({
        files: { 'docs/plan.odt': '', 'data.csv': '', 'node_modules/x/test.docx': '', 'report.pdf': '' },
      }),
    );

    expectFinding(findings as never, { status: 'pass', messageId: 'none' });
  });

  it('lists 50 documents and counts the rest', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`minutes/m${String(i).padStart(2, '0')}.DOC`, '']),
    );

    const findings = await openDocumentFormats.run(memorySnapshot({ files }));

    expect(findings).toHaveLength(51);
    expect(expectFinding(findings as never, { status: 'warn', messageId: 'more' }).data?.count).toBe(10);
  });
});
