import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, runOnFixture } from '../test/support/check-harness.js';
import reuseCompliance from './reuse-compliance.js';

describe('reuse-compliance', () => {
  it('passes when every source file has an SPDX-License-Identifier header', async () => {
    const found = expectFinding(await runOnFixture(reuseCompliance, 'reuse-headers'), {
      status: 'pass',
      messageId: 'compliant',
    });

    expect(found.evidence).toMatchObject({ coverage: 100, covered: 2, total: 2, licences: ['MIT'] });
  });

  it('reports partial coverage as a percentage and names the files without a header', async () => {
    const found = expectFinding(await runOnFixture(reuseCompliance, 'reuse-partial'), {
      status: 'fail',
      messageId: 'partial',
      path: 'src/b.ts',
    });

    expect(found.data).toMatchObject({ coverage: 33.3, covered: 1, total: 3 });
  });

  it('counts files covered by REUSE.toml annotations', async () => {
    expectFinding(await runOnFixture(reuseCompliance, 'reuse-toml'), {
      status: 'pass',
      messageId: 'compliant',
    });
  });

  it('counts files covered by .reuse/dep5 and .license sidecars', () => {
    const snapshot = memorySnapshot({
      files: {
        '.reuse/dep5':
          'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: lib/*\nCopyright: 2024 Crown Copyright\nLicense: Apache-2.0\n',
        'lib/deep/a.js': '',
        'gen/schema.sql': '',
        'gen/schema.sql.license': 'SPDX-License-Identifier: Apache-2.0\n',
        'LICENSES/Apache-2.0.txt': 'Apache',
      },
    });

    expectFinding(reuseCompliance.run(snapshot) as never, { status: 'pass', messageId: 'compliant' });
  });

  it('fails when no file states its licence, and warns about licence texts missing from LICENSES/', async () => {
    expectFinding(await runOnFixture(reuseCompliance, 'licence-mit-crown-copyright'), {
      status: 'fail',
      messageId: 'none',
    });
    const partial = await runOnFixture(reuseCompliance, 'reuse-partial');
    expectFinding(partial, { status: 'warn', messageId: 'missingLicenceTexts' });
  });

  it('fails a REUSE.toml that is not TOML', () => {
    const snapshot = memorySnapshot({ files: { 'REUSE.toml': 'version = \n', 'a.py': '' } });

    expectFinding(reuseCompliance.run(snapshot) as never, {
      status: 'fail',
      messageId: 'invalidReuseToml',
      path: 'REUSE.toml',
    });
  });

  it('reports a source file too large to read as unknown, not as missing its header', () => {
    const snapshot = memorySnapshot({
      files: { 'LICENSES/MIT.txt': 'MIT License\n', 'src/a.ts': '// SPDX-License-Identifier: MIT\n' },
      skipped: { 'dist/bundle.js': { reason: 'too-large', size: 3_000_000 } },
    });
    const findings = reuseCompliance.run(snapshot) as never;

    expectFinding(findings, { status: 'pass', messageId: 'compliant' });
    const unread = expectFinding(findings, {
      status: 'unknown',
      messageId: 'unread',
      path: 'dist/bundle.js',
    });
    expect(unread.data).toMatchObject({ count: 1, reasons: 'too-large' });
  });

  it('says so when there is no source code', async () => {
    expectFinding(await runOnFixture(reuseCompliance, 'licence-ogl-documentation'), {
      status: 'info',
      messageId: 'noSourceFiles',
    });
  });
});
