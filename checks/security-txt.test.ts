import { describe, it } from 'vitest';
import { FIXED_NOW, expectFindings, runCheck, runOnFixture } from '../test/support/check-harness.js';
import check from './security-txt.js';

const FILE = '.well-known/security.txt';
const at = (text: string) => runCheck(check, { files: { [FILE]: text }, now: FIXED_NOW.toISOString() });

describe('security-txt', () => {
  it('passes a valid file under public/.well-known/', async () => {
    expectFindings(await runOnFixture(check, 'security-txt-valid'), [
      { status: 'pass', messageId: 'valid', path: 'public/.well-known/security.txt' },
    ]);
  });

  it('reads a file saved with a byte order mark and Windows line endings', async () => {
    const findings = await at(
      '\uFEFFContact: mailto:security@agency.gov.uk\r\nExpires: 2027-06-30T00:00:00Z\r\n',
    );

    expectFindings(findings, [{ status: 'pass', messageId: 'valid', path: FILE }]);
  });

  it('fails an expired file, and reports a malformed line by number', async () => {
    expectFindings(await runOnFixture(check, 'security-txt-expired'), [
      { status: 'fail', messageId: 'expired', path: FILE, startLine: 2 },
      { status: 'fail', messageId: 'malformedLine', path: FILE, startLine: 3 },
    ]);
  });

  it('is not applicable when there is no security.txt', async () => {
    expectFindings(await runCheck(check, { files: { 'README.md': '# x' } }), [
      { status: 'info', messageId: 'absent', path: null },
    ]);
  });

  it('fails without Contact and Expires', async () => {
    expectFindings(await at('# nothing here\nPolicy: https://acme.gov.uk/policy\n'), [
      { status: 'fail', messageId: 'missingContact', path: FILE },
      { status: 'fail', messageId: 'missingExpires', path: FILE },
    ]);
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
    expectFindings(await at(text), [{ status: 'fail', messageId, path: FILE, startLine: line }]);
  });

  it('warns when Expires is more than a year away', async () => {
    expectFindings(await at('Contact: tel:+44-20-7946-0000\nExpires: 2029-01-01T00:00:00Z\n'), [
      { status: 'warn', messageId: 'expiresTooFar', path: FILE, startLine: 2 },
    ]);
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

    expectFindings(await at(signed), [{ status: 'pass', messageId: 'valid', path: FILE }]);
  });
});
