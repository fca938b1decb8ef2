import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import publiccodeYml from './publiccode-yml.js';

describe('publiccode-yml', () => {
  it('passes a file with every core key', async () => {
    const findings = await runOnFixture(publiccodeYml, 'publiccode-valid');

    const found = expectFinding(findings, { status: 'pass', messageId: 'valid', path: 'publiccode.yml' });
    expect(found.evidence).toMatchObject({ publiccodeYmlVersion: '0.4', license: 'MIT' });
    expect(overall(findings)).toBe('pass');
  });

  it('reports a publiccode.yml it could not read as unknown, not as missing every key', async () => {
    const snapshot = memorySnapshot({
      skipped: { 'publiccode.yml': { reason: 'too-large', size: 2_000_000 } },
    });
    const findings = await publiccodeYml.run(snapshot);

    expect(findings).toHaveLength(1);
    expectFinding(findings as never, { status: 'unknown', messageId: 'unreadable', path: 'publiccode.yml' });
  });

  it('fails each missing or wrong core key at its line', async () => {
    const findings = await runOnFixture(publiccodeYml, 'publiccode-missing-keys');

    expectFinding(findings, { status: 'fail', messageId: 'invalid', path: 'publiccode.yml', startLine: 4 });
    const keys = findings.filter((f) => f.messageId === 'invalid').map((f) => f.data?.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'platforms',
        'developmentStatus',
        'description.en.longDescription',
        'description.en.features',
        'maintenance.contacts',
      ]),
    );
  });

  it('warns when legal.license differs from the licence file', async () => {
    expectFinding(await runOnFixture(publiccodeYml, 'publiccode-missing-keys'), {
      status: 'warn',
      messageId: 'licenceDiffers',
      startLine: 10,
    });
  });

  it('fails YAML that does not parse', () => {
    const snapshot = memorySnapshot({ files: { 'publiccode.yml': 'name: [unclosed\n' } });

    expectFinding(publiccodeYml.run(snapshot) as never, { status: 'fail', messageId: 'unparsable' });
  });

  it('suggests the file when there is none', async () => {
    expectFinding(await runOnFixture(publiccodeYml, 'licence-missing'), {
      status: 'info',
      messageId: 'absent',
    });
  });
});
