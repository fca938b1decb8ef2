import { describe, expect, it } from 'vitest';
import { SecretFactory } from '../../../test/support/fake-secrets.js';
import { maskSecret } from './mask.js';
import { awsSecretAccessKey, azureStorageKey, findDotenvSecrets, nhsApiKey } from './own-rules.js';
import { isPlaceholderSecret } from './placeholder.js';

/** The edges of each secrets rule, one value either side, so that moving an edge fails a test. */

const fake = new SecretFactory(23);

describe('placeholder variety thresholds', () => {
  it.each([
    ['qwertqwertqwertq', true, '16 characters, 5 distinct: too little variety'],
    ['qwertyqwertyqwer', false, '16 characters, 6 distinct'],
    ['qwertqwertqwert', false, '15 characters are too short to judge by variety'],
    ['k2Zq9aaaaaaLm4Xp', true, 'six equal characters in a row'],
    ['k2Zq9aaaaaLm4Xp7', false, 'five equal characters in a row'],
    ['k2Zqabcdefgh9Lm4', true, 'an 8-character ascending run'],
    ['k2Zqabcdefg9Lm4X', false, 'a 7-character ascending run'],
    ['k2Zq9EXAMPLELm4X', true, 'names itself an example, in any case'],
    ['k2Zq9-your_token', true, 'asks for your token'],
  ])('%s is a placeholder: %s (%s)', (value, placeholder) => {
    expect(isPlaceholderSecret(value)).toBe(placeholder);
  });

  it('judges variety on the random part when it is given', () => {
    expect(isPlaceholderSecret('ghp_Kq2Zx9Lm4Xp7Wv3Rt8', 'qwertqwertqwertq')).toBe(true);
    expect(isPlaceholderSecret('ghp_qwertqwertqwertq', 'Kq2Zx9Lm4Xp7Wv3Rt8Yb')).toBe(false);
  });
});

describe('the NHS API key rule needs NHS context', () => {
  const key = fake.nhsApiKey();

  it('a bare apikey of 32 characters is not an NHS key without NHS in its name or file', () => {
    expect(nhsApiKey.find(`apikey: "${key}"\n`)).toEqual([]);
    expect(nhsApiKey.find(`x-api-key=${key}\n`)).toEqual([]);
  });

  it('the same key is one in a file that calls api.service.nhs.uk', () => {
    const text = `base: https://sandbox.api.service.nhs.uk/\napikey: "${key}"\n`;
    const start = text.indexOf(key);
    expect(nhsApiKey.find(text)).toEqual([
      { rule: 'nhs-api-key', kind: 'NHS API platform key', start, end: start + 32, secret: key },
    ]);
  });

  it('or under a name that says NHS', () => {
    const text = `const NHS_LOGIN_API_KEY = '${key}';\n`;
    expect(nhsApiKey.find(text).map((m) => [m.secret, m.start])).toEqual([[key, text.indexOf(key)]]);
  });

  it('takes exactly 32 characters: 31 or 33 are something else', () => {
    expect(nhsApiKey.find(`NHS_API_KEY=${key.slice(1)}\n`)).toEqual([]);
    expect(nhsApiKey.find(`NHS_API_KEY=${key}X\n`)).toEqual([]);
  });
});

describe('dotenv values', () => {
  it('a value under a credential name is a secret from 6 characters on, quotes aside', () => {
    const text = 'API_TOKEN=Kq2Zx9\nDB_PASSWORD=Kq2Zx\nAUTH_SECRET="Kq2Zx"\nSESSION_SECRET="Kq2Zx9"\n';
    expect(findDotenvSecrets(text)).toEqual([
      {
        rule: 'dotenv-value',
        kind: 'value of API_TOKEN in a dotenv file',
        start: 10,
        end: 16,
        secret: 'Kq2Zx9',
      },
      {
        rule: 'dotenv-value',
        kind: 'value of SESSION_SECRET in a dotenv file',
        start: text.indexOf('"Kq2Zx9"'),
        end: text.indexOf('"Kq2Zx9"') + 8,
        secret: 'Kq2Zx9',
      },
    ]);
  });

  it('a dotenv name with only a comment after = has no value: the comment is not reported as a secret', () => {
    expect(findDotenvSecrets('AUTH_TOKEN= # set in the pipeline\nAPI_KEY=#rotated monthly\n')).toEqual([]);
  });

  it('settings, development defaults, references and comments are not secrets', () => {
    const text = [
      'PORT=300000',
      'DB_PASSWORD=postgres',
      'ADMIN_PASSWORD=Changeme',
      'API_KEY=${VAULT_API_KEY}',
      'API_KEY=$VAULT_API_KEY',
      'AUTH_TOKEN= # set in the pipeline',
      'export GITHUB_TOKEN=',
    ].join('\n');
    expect(findDotenvSecrets(text)).toEqual([]);
  });

  it('export and a trailing comment do not change the value found', () => {
    const text = 'export STRIPE_SECRET=Kq2Zx9Lm4 # live\n';
    expect(findDotenvSecrets(text).map((m) => [m.secret, m.start, m.end])).toEqual([['Kq2Zx9Lm4', 21, 30]]);
  });
});

describe('other own rules', () => {
  it('an Azure account key starts after AccountKey=', () => {
    const key = fake.azureAccountKey();
    const text = `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${key};`;
    const start = text.indexOf(key);
    expect(azureStorageKey.find(text).map((m) => [m.start, m.end])).toEqual([[start, start + key.length]]);
  });

  it('an AWS secret access key is found at its own offset', () => {
    const key = fake.awsSecretKey();
    const text = `aws_secret_access_key = ${key}\n`;
    expect(awsSecretAccessKey.find(text).map((m) => [m.secret, m.start])).toEqual([[key, text.indexOf(key)]]);
  });

  it('masks keep at most four characters, and fewer for short secrets', () => {
    expect(maskSecret('abcdefghijklmnop')).toMatch(/^.{0,4}…$/);
    expect(maskSecret('abcdef').length).toBeLessThan(6);
  });
});
