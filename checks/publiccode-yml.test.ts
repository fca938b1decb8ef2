import { describe, it } from 'vitest';
import { expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import publiccodeYml from './publiccode-yml.js';

describe('publiccode-yml', () => {
  it('passes a file with every core key', async () => {
    expectFindings(await runOnFixture(publiccodeYml, 'publiccode-valid'), [
      {
        status: 'pass',
        messageId: 'valid',
        path: 'publiccode.yml',
        evidence: { publiccodeYmlVersion: '0.4', license: 'MIT' },
      },
    ]);
  });

  it('reports a publiccode.yml it could not read as unknown, not as missing every key', async () => {
    const findings = await runCheck(publiccodeYml, {
      skipped: { 'publiccode.yml': { reason: 'too-large', size: 2_000_000 } },
    });

    expectFindings(findings, [{ status: 'unknown', messageId: 'unreadable', path: 'publiccode.yml' }]);
  });

  it('fails each missing or wrong core key at its line, and warns when legal.license differs from the licence file', async () => {
    const findings = await runOnFixture(publiccodeYml, 'publiccode-missing-keys');

    const invalid = (key: string, startLine?: number) => ({
      status: 'fail' as const,
      messageId: 'invalid',
      path: 'publiccode.yml',
      ...(startLine === undefined ? {} : { startLine }),
      data: { key },
    });
    expectFindings(findings, [
      invalid('platforms'),
      invalid('developmentStatus', 4),
      invalid('description.en.longDescription'),
      invalid('description.en.features'),
      invalid('maintenance.contacts'),
      { status: 'warn', messageId: 'licenceDiffers', path: 'publiccode.yml', startLine: 10 },
    ]);
  });

  it('fails YAML that does not parse', async () => {
    expectFindings(await runCheck(publiccodeYml, { files: { 'publiccode.yml': 'name: [unclosed\n' } }), [
      { status: 'fail', messageId: 'unparsable', path: 'publiccode.yml' },
    ]);
  });

  it('suggests the file when there is none', async () => {
    expectFindings(await runOnFixture(publiccodeYml, 'licence-missing'), [
      { status: 'info', messageId: 'absent', path: null },
    ]);
  });
});
