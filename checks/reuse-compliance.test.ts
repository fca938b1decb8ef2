import { describe, expect, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import reuseCompliance from './reuse-compliance.js';

describe('reuse-compliance', () => {
  it('passes when every source file has an SPDX-License-Identifier header', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'reuse-headers'), [
      {
        status: 'pass',
        messageId: 'compliant',
        evidence: { coverage: 100, covered: 2, total: 2, licences: ['MIT'] },
      },
    ]);
  });

  it('reports partial coverage as a percentage, names the files without a header, and warns about licence texts missing from LICENSES/', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'reuse-partial'), [
      {
        status: 'fail',
        messageId: 'partial',
        path: 'src/b.ts',
        data: { coverage: 33.3, covered: 1, total: 3 },
      },
      { status: 'warn', messageId: 'missingLicenceTexts' },
    ]);
  });

  it('counts files covered by REUSE.toml annotations', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'reuse-toml'), [
      { status: 'pass', messageId: 'compliant' },
    ]);
  });

  it('counts files covered by .reuse/dep5 and .license sidecars', async () => {
    const findings = await runCheck(reuseCompliance, {
      files: {
        '.reuse/dep5':
          'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: lib/*\nCopyright: 2024 Crown Copyright\nLicense: Apache-2.0\n',
        'lib/deep/a.js': '',
        'gen/schema.sql': '',
        'gen/schema.sql.license': 'SPDX-License-Identifier: Apache-2.0\n',
        'LICENSES/Apache-2.0.txt': 'Apache',
      },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'compliant', evidence: { covered: 2, total: 2 } },
    ]);
  });

  it('fails when no file states its licence', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'licence-mit-crown-copyright'), [
      { status: 'fail', messageId: 'none' },
    ]);
  });

  it('fails a REUSE.toml that is not TOML', async () => {
    const findings = await runCheck(reuseCompliance, { files: { 'REUSE.toml': 'version = \n', 'a.py': '' } });

    expectFindings(findings, [
      { status: 'fail', messageId: 'invalidReuseToml', path: 'REUSE.toml' },
      { status: 'fail', messageId: 'none' },
    ]);
  });

  it('reports a source file too large to read as unknown, not as missing its header', async () => {
    const findings = await runCheck(reuseCompliance, {
      files: { 'LICENSES/MIT.txt': 'MIT License\n', 'src/a.ts': '// SPDX-License-Identifier: MIT\n' },
      skipped: { 'dist/bundle.js': { reason: 'too-large', size: 3_000_000 } },
    });

    expectFindings(findings, [
      { status: 'pass', messageId: 'compliant' },
      {
        status: 'unknown',
        messageId: 'unread',
        path: 'dist/bundle.js',
        data: { count: 1, reasons: 'too-large' },
      },
    ]);
  });

  it('says so when there is no source code', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'licence-ogl-documentation'), [
      { status: 'info', messageId: 'noSourceFiles', path: null },
    ]);
  });
});

describe('reuse-compliance remediation and licence notices', () => {
  it('builds the reuse annotate command from the repository’s own licence and copyright holder, not a hard-coded one', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'reuse-partial-own-holder'), [
      {
        status: 'fail',
        messageId: 'none',
        data: {
          annotate: 'reuse annotate --license "MIT" --copyright "HM Government (Ministry of Justice)"',
        },
      },
    ]);
  });

  it('takes the licence and holder from the SPDX tags files already carry', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'reuse-partial'), [
      {
        status: 'fail',
        messageId: 'partial',
        path: 'src/b.ts',
        data: {
          annotate: 'reuse annotate --license "MIT" --copyright "Crown Copyright (Department for Education)"',
        },
      },
      { status: 'warn', messageId: 'missingLicenceTexts' },
    ]);
  });

  it('says what to fill in when the repository names neither licence nor holder', async () => {
    expectFindings(await runCheck(reuseCompliance, { files: { 'app.py': 'print(1)\n' } }), [
      {
        status: 'fail',
        messageId: 'none',
        data: {
          annotate: 'reuse annotate --license <SPDX id of your licence> --copyright "<copyright holder>"',
        },
      },
    ]);
  });

  it('counts files with an MPL or Apache licence notice as licensed, advising SPDX tags beside the notice', async () => {
    expectFindings(await runOnFixture(reuseCompliance, 'reuse-licence-notices'), [
      {
        status: 'fail',
        messageId: 'partial',
        path: 'web/app.js',
        data: { coverage: 66.6, covered: 2, total: 3 },
      },
      {
        status: 'warn',
        messageId: 'licenceNotices',
        path: 'src/main/java/uk/gov/example/Referral.java',
        data: {
          count: 2,
          licences: 'Apache-2.0, MPL-2.0',
          annotate: 'reuse annotate --license "MPL-2.0" --copyright "NHS England"',
        },
      },
    ]);
  });
});

describe('licence notices', () => {
  it('reads the common notices, whatever the comment style', async () => {
    const { licenceNotice } = await import('./lib/licence/notice.js');
    expect(
      licenceNotice(
        '# This program is free software: you can redistribute it and/or modify\n# it under the terms of the GNU Affero General Public License as published by\n# the Free Software Foundation, either version 3 of the License, or\n# (at your option) any later version.\n',
      ),
    ).toBe('AGPL-3.0-or-later');
    expect(
      licenceNotice(
        ' * under the terms of the GNU General Public License version 2 only, as\n * published by the Free Software Foundation.\n',
      ),
    ).toBe('GPL-2.0-only');
    expect(licenceNotice('// Licensed under the EUPL, Version 1.2 or – as soon they\n')).toBe('EUPL-1.2');
    expect(licenceNotice('// Licensed under the Apache License 2.0 style\n')).toBeUndefined();
    expect(licenceNotice('const licence = "MIT";\n')).toBeUndefined();
  });

  it('names copyright holders without years or licence templates’ placeholders', async () => {
    const { copyrightHolders } = await import('./lib/licence/notice.js');
    expect(
      copyrightHolders(
        'Copyright (c) <year> <copyright holders>\nCopyright (C) 2007 Free Software Foundation, Inc.\n© Crown copyright 2020\n// SPDX-FileCopyrightText: 2024 Scottish Government\nThe above copyright notice and this permission notice\n',
      ),
    ).toEqual(['Crown copyright', 'Scottish Government']);
  });
});
