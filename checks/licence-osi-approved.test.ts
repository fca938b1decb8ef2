import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import licenceOsiApproved from './licence-osi-approved.js';

describe('licence-osi-approved', () => {
  it.each([
    ['licence-mit-crown-copyright', 'MIT'],
    ['licence-apache-notice-only', 'Apache-2.0'],
    ['licence-dual-files', 'Apache-2.0 OR MIT'],
    ['licence-copying-gpl-3', 'GPL-3.0-only'],
  ])('passes %s (%s)', async (fixture, spdx) => {
    const [found] = expectFindings(await runOnFixture(licenceOsiApproved, fixture), [
      { status: 'pass', messageId: 'approved' },
    ]);

    expect(found?.evidence).toEqual({ spdx, osiApproved: true });
  });

  it('accepts OGL-UK-3.0 for a documentation-only repository, with a note', async () => {
    expectFindings(await runOnFixture(licenceOsiApproved, 'licence-ogl-documentation'), [
      {
        status: 'pass',
        messageId: 'documentationLicence',
        evidence: { spdx: 'OGL-UK-3.0', osiApproved: false, documentationOnly: true },
      },
    ]);
  });

  it('fails OGL-UK-3.0 on a repository of code', async () => {
    expectFindings(await runOnFixture(licenceOsiApproved, 'licence-ogl-on-code'), [
      { status: 'fail', messageId: 'documentationLicenceOnCode', path: 'LICENCE' },
    ]);
  });

  it('fails a licence the OSI has not approved', async () => {
    const findings = await runCheck(licenceOsiApproved, {
      files: { LICENSE: 'SPDX-License-Identifier: CC-BY-NC-4.0', 'main.py': '' },
    });

    expectFindings(findings, [{ status: 'fail', messageId: 'notApproved', path: 'LICENSE' }]);
  });

  it('needs only one OSI-approved side of an OR, but both sides of an AND', async () => {
    const or = await runCheck(licenceOsiApproved, {
      files: { LICENSE: 'SPDX-License-Identifier: MIT OR CC-BY-NC-4.0', 'a.js': '' },
    });
    const and = await runCheck(licenceOsiApproved, {
      files: { LICENSE: 'SPDX-License-Identifier: MIT AND CC-BY-NC-4.0', 'a.js': '' },
    });

    expectFindings(or, [{ status: 'pass', messageId: 'approved' }]);
    expectFindings(and, [{ status: 'fail', messageId: 'notApproved' }]);
  });

  it('accepts an OSI licence for code beside the OGL for documentation', async () => {
    const findings = await runCheck(licenceOsiApproved, {
      files: {
        LICENCE:
          'Unless stated otherwise, the codebase is released under the MIT License.\n\nThe documentation is available under the terms of the Open Government 3.0 licence.',
        'app.js': '',
      },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'approved', evidence: { spdx: 'MIT AND OGL-UK-3.0' } },
    ]);
  });

  it('fails when no licence was identified', async () => {
    expectFindings(await runOnFixture(licenceOsiApproved, 'licence-proprietary'), [
      { status: 'fail', messageId: 'noLicence' },
    ]);
    expectFindings(await runOnFixture(licenceOsiApproved, 'licence-missing'), [
      { status: 'fail', messageId: 'noLicence', path: null },
    ]);
  });

  it('says unknown, not "no licence", when the licence file could not be read', async () => {
    const findings = await runCheck(licenceOsiApproved, {
      skipped: { LICENSE: { reason: 'too-large', size: 2_000_000 } },
    });

    expectFindings(findings, [{ status: 'unknown', messageId: 'unreadable', path: 'LICENSE' }]);
  });
});
