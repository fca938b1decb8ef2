import { describe, expect, it } from 'vitest';
import { SecretFactory } from '../../../test/support/fake-secrets.js';
import { maskSecret } from './mask.js';
import { isDotenvFile, isFixturePath, keyStoreKind } from './paths.js';
import { isExampleLine, isPlaceholderSecret } from './placeholder.js';
import { mayHoldSecret, scanText } from './scan.js';
import { isLocalDevelopmentUrl } from './secretlint.js';

const fake = new SecretFactory(11);

describe('secrets helpers', () => {
  it.each([
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_…'],
    ['hunter2!', 'hu…'],
    ['abc', '…'],
  ])('masks %s as %s', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });

  it.each([
    ['AKIAIOSFODNN7EXAMPLE', true],
    ['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', true],
    ['<your-token>', true],
    ['ghp_PersonalAccessToken01245678900000000', true],
    ['sk_live_abcdefghijklmnop', true],
    [fake.githubToken(), false],
    [fake.awsSecretKey(), false],
  ])('placeholder %s: %s', (value, placeholder) => {
    expect(isPlaceholderSecret(value)).toBe(placeholder);
  });

  it('sees examples only in documentation or comments', () => {
    expect(isExampleLine('README.md', 'For example: TOKEN=abc')).toBe(true);
    expect(isExampleLine('src/a.ts', '// e.g.) shpss_abc')).toBe(true);
    expect(isExampleLine('src/a.ts', 'const EXAMPLE_TOKEN = "abc";')).toBe(false);
  });

  it.each([
    ['postgres://app:s3cretPassw0rd@localhost:5432/app', true],
    ['postgres://app:s3cretPassw0rd@db:5432/app', true],
    ['postgres://postgres:postgres@db.acme.net/app', true],
    ['postgres://app:s3cretPassw0rd@db.acme.net/app', false],
  ])('local development URL %s: %s', (url, local) => {
    expect(isLocalDevelopmentUrl(url)).toBe(local);
  });

  it('knows dotenv files, key stores and fixture paths', () => {
    expect(['.env', 'app/.env.production', '.env.local'].map(isDotenvFile)).toEqual([true, true, true]);
    expect(['.env.example', '.env.sample', 'env.ts', '.envrc'].map(isDotenvFile)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(keyStoreKind('certs/client.PFX')).toBe('PKCS #12 key store');
    expect(keyStoreKind('id_ed25519.pub')).toBeUndefined();
    expect(
      ['test/a.ts', 'pkg/__fixtures__/k.pem', 'src/a.spec.ts', 'src/attest.ts'].map(isFixturePath),
    ).toEqual([true, true, true, false]);
  });

  it('prefilters out ordinary text and lets every kind through', () => {
    expect(mayHoldSecret('export const a = 1;\nconsole.log("hello world");\n')).toBe(false);
    for (const text of [
      fake.githubToken(),
      fake.slackWebhook(),
      fake.azureAccountKey().replace(/^/, 'AccountKey='),
      `NHS_API_KEY=${fake.nhsApiKey()}`,
    ])
      expect(mayHoldSecret(text), text.slice(0, 4)).toBe(true);
  });

  it('prefers a format-specific rule over a generic one on the same characters', async () => {
    const url = `git+https://${fake.githubToken()}:x-oauth-basic@github.com/acme/lib.git`;

    const matches = await scanText('package.json', `{"dependencies":{"lib":"${url}"}}`);

    expect(matches.map((m) => m.rule)).toEqual(['github-oauth-url']);
  });
});
