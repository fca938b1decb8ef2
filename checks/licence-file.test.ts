import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import licenceFile from './licence-file.js';

const MIT_TEXT = spdxFull.MIT?.licenseText ?? '';

describe('licence-file', () => {
  it.each([
    ['licence-mit-crown-copyright', 'LICENSE', 'MIT'],
    ['licence-mit-markdown-british', 'LICENCE.md', 'MIT'],
    ['licence-apache-full', 'LICENSE.txt', 'Apache-2.0'],
    ['licence-apache-no-appendix', 'LICENSE', 'Apache-2.0'],
    ['licence-copying-gpl-3', 'COPYING', 'GPL-3.0-only'],
    ['licence-ogl-documentation', 'LICENCE', 'OGL-UK-3.0'],
  ])('identifies %s as %s %s', async (fixture, path, spdx) => {
    const findings = await runOnFixture(licenceFile, fixture);

    const found = expectFinding(findings, { status: 'pass', messageId: 'identified', path });
    expect(found.evidence).toMatchObject({ spdx, file: path });
    expect(found.evidence?.confidence).toBeGreaterThan(95);
    expect(overall(findings)).toBe('pass');
  });

  it('says GPL-3.0-only and GPL-3.0-or-later share the text', async () => {
    const findings = await runOnFixture(licenceFile, 'licence-copying-gpl-3');

    expect(findings[0]?.evidence?.equivalents).toMatchObject({
      'GPL-3.0-only': expect.arrayContaining(['GPL-3.0-or-later']),
    });
  });

  it('warns when only the Apache-2.0 notice is there, reporting Apache-2.0 with lower confidence', async () => {
    const findings = await runOnFixture(licenceFile, 'licence-apache-notice-only');

    const found = expectFinding(findings, { status: 'warn', messageId: 'noticeOnly', path: 'LICENSE' });
    expect(found.evidence).toMatchObject({ spdx: 'Apache-2.0', method: 'notice' });
    expect(found.evidence?.confidence).toBeLessThan(90);
    expect(found.evidence?.note).toMatch(/notice/);
  });

  it('combines LICENSE-MIT and LICENSE-APACHE into a choice', async () => {
    const findings = await runOnFixture(licenceFile, 'licence-dual-files');

    expectFinding(findings, { status: 'pass', messageId: 'identified', path: 'LICENSE-MIT' });
    expectFinding(findings, { status: 'pass', messageId: 'identified', path: 'LICENSE-APACHE' });
    const combined = expectFinding(findings, { status: 'pass', messageId: 'combined' });
    expect(combined.evidence?.spdx).toBe('Apache-2.0 OR MIT');
  });

  it('reads two licence texts in one file with the expression the file writes', async () => {
    const findings = await runOnFixture(licenceFile, 'licence-dual-one-file');

    const found = expectFinding(findings, { status: 'pass', messageId: 'severalTexts', path: 'LICENSE' });
    expect(found.evidence?.spdx).toBe('MIT OR Apache-2.0');
  });

  it('fails a proprietary notice as not a licence', async () => {
    const findings = await runOnFixture(licenceFile, 'licence-proprietary');

    const found = expectFinding(findings, { status: 'fail', messageId: 'notALicence', path: 'LICENSE' });
    expect(found.evidence?.spdx).toBeNull();
  });

  it('warns on a text that matches no SPDX licence', async () => {
    expectFinding(await runOnFixture(licenceFile, 'licence-unrecognised'), {
      status: 'warn',
      messageId: 'unrecognised',
    });
  });

  it('fails when there is no licence file, or it is empty', async () => {
    expectFinding(await runOnFixture(licenceFile, 'licence-missing'), {
      status: 'fail',
      messageId: 'missing',
    });
    expectFinding(await runOnFixture(licenceFile, 'licence-empty'), {
      status: 'fail',
      messageId: 'empty',
      path: 'LICENSE',
    });
  });

  it('scopes LICENCE-docs to documentation: MIT AND OGL-UK-3.0, and ignores license.ts', () => {
    const snapshot = memorySnapshot({
      files: {
        LICENSE: MIT_TEXT,
        'LICENCE-docs.md': spdxFull['OGL-UK-3.0']?.licenseText ?? '',
        'license.ts': 'export const licence = "MIT";',
      },
    });

    const findings = licenceFile.run(snapshot) as never;

    expect(expectFinding(findings, { status: 'pass', messageId: 'combined' }).evidence?.spdx).toBe(
      'MIT AND OGL-UK-3.0',
    );
    expect(
      (findings as { location?: { path: string } }[]).some((f) => f.location?.path === 'license.ts'),
    ).toBe(false);
  });

  it('warns when the file only names the licence', () => {
    const snapshot = memorySnapshot({ files: { 'license.md': 'SPDX-License-Identifier: MIT\n' } });

    expectFinding(licenceFile.run(snapshot) as never, {
      status: 'warn',
      messageId: 'identifierOnly',
      path: 'license.md',
    });
  });

  it('reports a licence file it could not read as unknown', () => {
    const snapshot = memorySnapshot({ skipped: { LICENSE: { reason: 'too-large', size: 5_000_000 } } });

    expectFinding(licenceFile.run(snapshot) as never, { status: 'unknown', messageId: 'unreadable' });
  });
});
