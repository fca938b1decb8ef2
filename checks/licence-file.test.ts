import spdxFull from 'spdx-license-list/full.js';
import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
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
    const [found] = expectFindings(await runOnFixture(licenceFile, fixture), [
      { status: 'pass', messageId: 'identified', path, evidence: { spdx, file: path } },
    ]);

    expect(found?.evidence?.confidence).toBeGreaterThan(95);
  });

  it('says GPL-3.0-only and GPL-3.0-or-later share the text', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-copying-gpl-3'), [
      {
        status: 'pass',
        messageId: 'identified',
        evidence: { equivalents: { 'GPL-3.0-only': expect.arrayContaining(['GPL-3.0-or-later']) } },
      },
    ]);
  });

  it('warns when only the Apache-2.0 notice is there, reporting Apache-2.0 with lower confidence', async () => {
    const [found] = expectFindings(await runOnFixture(licenceFile, 'licence-apache-notice-only'), [
      {
        status: 'warn',
        messageId: 'noticeOnly',
        path: 'LICENSE',
        evidence: { spdx: 'Apache-2.0', method: 'notice', note: expect.stringMatching(/notice/) },
      },
    ]);
    expect(found?.evidence?.confidence).toBeLessThan(90);
  });

  it('combines LICENSE-MIT and LICENSE-APACHE into a choice', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-dual-files'), [
      { status: 'pass', messageId: 'identified', path: 'LICENSE-MIT' },
      { status: 'pass', messageId: 'identified', path: 'LICENSE-APACHE' },
      { status: 'pass', messageId: 'combined', evidence: { spdx: 'Apache-2.0 OR MIT' } },
    ]);
  });

  it('reads two licence texts in one file with the expression the file writes', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-dual-one-file'), [
      { status: 'pass', messageId: 'severalTexts', path: 'LICENSE', evidence: { spdx: 'MIT OR Apache-2.0' } },
    ]);
  });

  it('fails a proprietary notice as not a licence', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-proprietary'), [
      { status: 'fail', messageId: 'notALicence', path: 'LICENSE', evidence: { spdx: null } },
    ]);
  });

  // HL7's IGs declare CC0-1.0 in sushi-config.yaml, and an IG Publisher guide in the ImplementationGuide ig.ini names.
  it('names the licence an IG config or manifest declares when the licence file is missing', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-ig-declared'), [
      {
        status: 'fail',
        messageId: 'missingDeclared',
        path: 'input/ImplementationGuide-uk.nhs.example.referrals.xml',
        data: { spdx: 'CC-BY-4.0' },
      },
    ]);
    const sushi = await runCheck(licenceFile, {
      files: {
        'sushi-config.yaml':
          'id: hl7.fhir.uv.example\ncanonical: http://hl7.org/fhir/uv/example\nname: Example\nstatus: draft\nversion: 1.0.0\nfhirVersion: 4.0.1\nlicense: CC0-1.0\n',
        'input/fsh/profiles.fsh': 'Profile: ExamplePatient\nParent: Patient\n',
      },
    });
    expectFindings(sushi, [
      { status: 'fail', messageId: 'missingDeclared', path: 'sushi-config.yaml', data: { spdx: 'CC0-1.0' } },
    ]);
  });

  it('warns on a text that matches no SPDX licence', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-unrecognised'), [
      { status: 'warn', messageId: 'unrecognised' },
    ]);
  });

  it('fails when there is no licence file, or it is empty', async () => {
    expectFindings(await runOnFixture(licenceFile, 'licence-missing'), [
      { status: 'fail', messageId: 'missing', path: null },
    ]);
    expectFindings(await runOnFixture(licenceFile, 'licence-empty'), [
      { status: 'fail', messageId: 'empty', path: 'LICENSE' },
    ]);
  });

  it('scopes LICENCE-docs to documentation: MIT AND OGL-UK-3.0, and ignores license.ts', async () => {
    const findings = await runCheck(licenceFile, {
      files: {
        LICENSE: MIT_TEXT,
        'LICENCE-docs.md': spdxFull['OGL-UK-3.0']?.licenseText ?? '',
        'license.ts': 'export const licence = "MIT";',
      },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'identified', path: 'LICENSE', evidence: { spdx: 'MIT' } },
      { status: 'pass', messageId: 'identified', path: 'LICENCE-docs.md', evidence: { spdx: 'OGL-UK-3.0' } },
      { status: 'pass', messageId: 'combined', evidence: { spdx: 'MIT AND OGL-UK-3.0' } },
    ]);
  });

  it('warns when the file only names the licence', async () => {
    expectFindings(
      await runCheck(licenceFile, { files: { 'license.md': 'SPDX-License-Identifier: MIT\n' } }),
      [{ status: 'warn', messageId: 'identifierOnly', path: 'license.md' }],
    );
  });

  it('reports a licence file it could not read as unknown', async () => {
    expectFindings(
      await runCheck(licenceFile, { skipped: { LICENSE: { reason: 'too-large', size: 5_000_000 } } }),
      [{ status: 'unknown', messageId: 'unreadable', path: 'LICENSE' }],
    );
  });
});
