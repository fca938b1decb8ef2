import { describe, it } from 'vitest';
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
