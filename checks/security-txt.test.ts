import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { FIXED_NOW, expectFinding, overall, runOnFixture } from '../test/support/check-harness.js';
import check from './security-txt.js';

const at = (text: string) =>
  check.run(memorySnapshot({ files: { '.well-known/security.txt': text }, now: FIXED_NOW.toISOString() }));

describe('security-txt', () => {
  it('passes a valid file under public/.well-known/', async () => {
    const findings = await runOnFixture(check, 'security-txt-valid');

    expect(findings).toEqual([
      expect.objectContaining({
        status: 'pass',
        messageId: 'valid',
        location: { path: 'public/.well-known/security.txt' },
      }),
    ]);
  });

  it('reads a file saved with a byte order mark and Windows line endings', async () => {
    const findings = await at(
      '\uFEFFContact: mailto:security@agency.gov.uk\r\nExpires: 2027-06-30T00:00:00Z\r\n',
    );

    expect(findings.map((f) => [f.status, f.messageId])).toEqual([['pass', 'valid']]);
  });

  it('fails an expired file, and reports a malformed line by number', async () => {
    const findings = await runOnFixture(check, 'security-txt-expired');

    expectFinding(findings, {
      status: 'fail',
      messageId: 'expired',
      path: '.well-known/security.txt',
      startLine: 2,
    });
    expectFinding(findings, { status: 'fail', messageId: 'malformedLine', startLine: 3 });
  });

  it('is not applicable when there is no security.txt', async () => {
    const findings = await check.run(memorySnapshot({ files: { 'README.md': '# x' } }));

    expect(findings).toEqual([{ status: 'info', messageId: 'absent' }]);
  });

  it('fails without Contact and Expires', async () => {
    const findings = await at('# nothing here\nPolicy: https://acme.gov.uk/policy\n');

    expectFinding(findings, { status: 'fail', messageId: 'missingContact' });
    expectFinding(findings, { status: 'fail', messageId: 'missingExpires' });
  });

  it.each([
    ['badExpires', 'Contact: mailto:a@acme.gov.uk\nExpires: 31/01/2027\n', 2],
    ['badUri', 'Contact: security@acme.gov.uk\nExpires: 2027-01-31T23:59:00Z\n', 1],
    ['insecureUri', 'Contact: http://acme.gov.uk/report\nExpires: 2027-01-31T23:59:00Z\n', 1],
    [
      'duplicateField',
      'Contact: mailto:a@acme.gov.uk\nExpires: 2027-01-31T23:59:00Z\nExpires: 2027-02-28T23:59:00Z\n',
      3,
    ],
    [
      'badLanguages',
      'Contact: mailto:a@acme.gov.uk\nExpires: 2027-01-31T23:59:00Z\nPreferred-Languages: English; Welsh\n',
      3,
    ],
  ])('fails with %s at its line', async (messageId, text, line) => {
    const findings = await at(text);

    expectFinding(findings, { status: 'fail', messageId, startLine: line });
  });

  it('warns when Expires is more than a year away', async () => {
    const findings = await at('Contact: tel:+44-20-7946-0000\nExpires: 2029-01-01T00:00:00Z\n');

    expectFinding(findings, { status: 'warn', messageId: 'expiresTooFar', startLine: 2 });
    expect(overall(findings)).toBe('warn');
  });

  it('reads a cleartext-signed file', async () => {
    const signed = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA256',
      '',
      'Contact: mailto:security@acme.gov.uk',
      'Expires: 2027-01-31T23:59:00Z',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'iQIzBAEBCAAdFiEE',
      '-----END PGP SIGNATURE-----',
      '',
    ].join('\n');

    const findings = await at(signed);

    expectFinding(findings, { status: 'pass', messageId: 'valid' });
  });
});
