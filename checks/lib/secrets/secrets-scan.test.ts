import { describe, expect, it } from 'vitest';
import { SecretFactory } from '../../../test/support/fake-secrets.js';
import { findDotenvSecrets, pemBody, pemPrivateKey } from './own-rules.js';
import { basename, extname, isDotenvFile, keyStoreKind } from './paths.js';
import { isExampleLine } from './placeholder.js';
import { needsScan, scanText } from './scan.js';
import { isLocalDevelopmentUrl, secretlintPath } from './secretlint.js';

/**
 * What a scan reports of each kind: the exact part of a match that is masked, the line an example
 * word must sit on, which of two overlapping rules wins, and the order of what is found.
 */

const fake = new SecretFactory(31);
/** The mask of a credential: its first four characters at most (mask.ts). */
const masked = (secret: string): string => `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}…`;
const rulesAndMasks = async (path: string, text: string): Promise<Array<[string, string]>> =>
  (await scanText(path, text)).map((m) => [m.rule, m.masked]);

describe('the masked part of each kind is the credential, not its surroundings', () => {
  it.each([
    ['mongodb', 'mongodb+srv'],
    ['mysql', 'mysql'],
    ['postgres', 'postgresql'],
    ['a plain URL', 'https'],
  ])('a %s URL shows its password', async (_kind, scheme) => {
    const password = fake.password();
    const text = `url: ${scheme}://deploy:${password}@db.acme-corp.net/app\n`;

    const found = await rulesAndMasks('config/app.yml', text);

    expect(found.map(([, m]) => m)).toEqual([masked(password)]);
  });

  it('an AWS secret access key shows the key, with or without quotes and blanks', async () => {
    const bare = fake.awsSecretKey();
    const quoted = fake.awsSecretKey();
    const text = [
      `checksum = ${fake.hex(40)}`,
      `aws_secret_access_key = ${bare}`,
      `AWS_SECRET_ACCESS_KEY:  "${quoted}"`,
      '',
    ].join('\n');

    const found = await rulesAndMasks('deploy/credentials', text);

    expect(found).toEqual([
      ['aws-secret-access-key', masked(bare)],
      ['aws-secret-access-key', masked(quoted)],
    ]);
  });

  it('npm registry tokens show the token, each its own', async () => {
    const first = fake.alnum(36);
    const second = fake.alnum(36);
    const text = `//registry.npmjs.org/:_authToken=${first}\n//npm.acme-corp.net/:_authToken=${second}\n`;

    expect(await rulesAndMasks('.npmrc', text)).toEqual([
      ['npmrc-auth-token', masked(first)],
      ['npmrc-auth-token', masked(second)],
    ]);
  });

  it('each token in an x-oauth-basic URL is reported at its own place, masked as a token', async () => {
    const first = fake.githubToken();
    const second = fake.githubToken();
    const text = JSON.stringify(
      {
        dependencies: {
          a: `git+https://${first}:x-oauth-basic@github.com/acme/a.git`,
          b: `git+https://${second}:x-oauth-basic@github.com/acme/b.git`,
        },
      },
      null,
      2,
    );

    const found = await scanText('package.json', text);

    expect(found.map((m) => [m.rule, m.line, m.column, m.masked])).toEqual([
      ['github-oauth-url', 3, 23, 'ghp_…'],
      ['github-oauth-url', 4, 23, 'ghp_…'],
    ]);
  });

  it('a PEM private key shows its base64 body, not its label', async () => {
    const key = fake.pemKey('pkcs1');

    expect(await rulesAndMasks('deploy/server.key', key)).toEqual([['private-key', masked(pemBody(key))]]);
  });

  it('a Google Cloud key file shows its private_key_id, however its JSON is spaced', async () => {
    const json = JSON.parse(fake.gcpServiceAccountJson()) as { private_key_id: string };
    const compact = JSON.stringify(json);
    const spaced = compact.replace('"private_key_id":', '"private_key_id" :  ');

    expect(await rulesAndMasks('deploy/sa.json', compact)).toEqual([
      ['gcp-service-account-key', masked(json.private_key_id)],
    ]);
    expect(await rulesAndMasks('deploy/sa.json', spaced)).toEqual([
      ['gcp-service-account-key', masked(json.private_key_id)],
    ]);
  });

  it('a Google Cloud key file as the console writes it shows its private_key_id', async () => {
    const json = fake.gcpServiceAccountJson();
    const id = (JSON.parse(json) as { private_key_id: string }).private_key_id;

    expect(await rulesAndMasks('deploy/sa.json', json)).toEqual([['gcp-service-account-key', masked(id)]]);
  });
});

describe('example lines', () => {
  const token = fake.githubToken();

  it('the example word must be on the line of the token, not a later one', async () => {
    const text = `token: ${token}\n\nFor example, see above.\n`;

    expect(await rulesAndMasks('README.md', text)).toEqual([['github-token', 'ghp_…']]);
  });

  it('an example word after the token counts, also on a last line without a newline', async () => {
    expect(await scanText('README.md', `# Setup\nUse a token, e.g. ${token} (for example)`)).toEqual([]);
    expect(await scanText('README.md', `# Setup\nUse ${token}, e.g.`)).toEqual([]);
  });

  it('a private key is reported even on an example line: no key is an example', async () => {
    const key = fake.pemKey('encrypted');

    expect(await rulesAndMasks('docs/setup.md', `For example: ${key}`)).toEqual([
      ['encrypted-private-key', masked(pemBody(key))],
    ]);
  });

  it('in code, an example word outside a comment proves nothing', () => {
    expect(isExampleLine('src/a.ts', 'const hint = "for example";')).toBe(false);
  });
});

describe('what is kept when rules overlap, and in which order', () => {
  it('a dotenv value before a token is kept; the dotenv value that is the token gives way to it', async () => {
    const password = fake.password();
    const token = fake.githubToken();
    const text = `DB_PASSWORD=${password}\nGITHUB_TOKEN=${token}\n`;

    const found = await scanText('.env', text);

    expect(found.map((m) => [m.rule, m.line, m.column, m.masked])).toEqual([
      ['dotenv-value', 1, 13, masked(password)],
      ['github-token', 2, 14, 'ghp_…'],
    ]);
  });

  it('dotenv values are looked for in dotenv files only', async () => {
    expect(await scanText('config/settings.txt', 'API_TOKEN=Kq2Zx9Lm4Wv3\n')).toEqual([]);
  });

  it('AWS account ids are not secrets: only the access key id beside one is reported', async () => {
    const id = fake.awsAccessKeyId();
    const text = `aws_access_key_id = ${id}\naws_account_id = 123456789012\n`;

    expect((await scanText('deploy/aws.ini', text)).map((m) => m.rule)).toEqual(['aws-access-key-id']);
  });
});

describe('dotenv values, exactly', () => {
  const one = (text: string): Array<[string, number, number]> =>
    findDotenvSecrets(text).map((m) => [m.secret, m.start, m.end]);

  it('trailing blanks are not part of the value', () => {
    expect(one('API_TOKEN=Kq2Zx9Lm4  \t\n')).toEqual([['Kq2Zx9Lm4', 10, 19]]);
  });

  it('quotes come off only when they enclose the whole value', () => {
    expect(one('API_TOKEN="Kq2Zx9"Lm4\n')).toEqual([['"Kq2Zx9"Lm4', 10, 21]]);
    expect(one('API_TOKEN=Kq"2Zx9Lm"\n')).toEqual([['Kq"2Zx9Lm"', 10, 20]]);
  });

  it('a $ inside a value is no reference to another variable', () => {
    expect(one('API_TOKEN=Kq2Zx9$Lm4\n')).toEqual([['Kq2Zx9$Lm4', 10, 20]]);
  });
});

describe('PEM blocks', () => {
  const block = (body: string, label = 'PRIVATE KEY'): string =>
    `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

  it('a body that is not DER or OpenSSH is documentation, wherever the right start appears in it', () => {
    expect(pemPrivateKey.find(block('X'.repeat(64)))).toEqual([]);
    expect(pemPrivateKey.find(block(`XXXXM${fake.alnum(60)}`))).toEqual([]);
    expect(pemPrivateKey.find(block(`M${fake.alnum(40)}=${fake.alnum(20)}`))).toEqual([]);
  });

  it('names encrypted and plain keys by their kind', () => {
    const plain = block(`MII${fake.alnum(61)}`);
    const encrypted = block(`MII${fake.alnum(61)}`, 'ENCRYPTED PRIVATE KEY');

    expect(pemPrivateKey.find(plain + encrypted).map((m) => [m.rule, m.kind])).toEqual([
      ['private-key', 'private key'],
      ['encrypted-private-key', 'encrypted private key'],
    ]);
  });

  it('finds a PuTTY key file, its key lines as the secret, with either line ending', () => {
    const pub = [fake.base64(64), fake.base64(40)];
    const lines = [
      'PuTTY-User-Key-File-3: ssh-ed25519',
      'Encryption: none',
      'Comment: deploy',
      'Public-Lines: 2',
      ...pub,
      'Private-Lines: 1',
      fake.base64(44),
    ];
    for (const eol of ['\n', '\r\n']) {
      const text = `x${eol}${lines.join(eol)}${eol}`;
      const end = text.indexOf('Private-Lines: 1') + 'Private-Lines: 1'.length;

      expect(pemPrivateKey.find(text)).toEqual([
        {
          rule: 'private-key',
          kind: 'PuTTY private key',
          start: 1 + eol.length,
          end,
          // From the public lines on, up to the private-lines count: what the mask starts from.
          secret: `${pub.join('')}Private-Lines: 1`,
        },
      ]);
    }
  });

  it('finds an OpenPGP private key block, its body without the armour', () => {
    const lines = [fake.base64(64), fake.base64(64), fake.base64(20)];
    const text = [
      'intro',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----',
      'Comment: deploy key',
      '',
      ...lines,
      `=${fake.alnum(4)}`,
      '-----END PGP PRIVATE KEY BLOCK-----',
      '',
    ].join('\n');
    const start = text.indexOf('-----BEGIN');
    const end = text.indexOf('BLOCK-----', text.indexOf('-----END')) + 'BLOCK-----'.length;

    expect(pemPrivateKey.find(text)).toEqual([
      { rule: 'private-key', kind: 'PGP private key', start, end, secret: lines.join('') },
    ]);
  });
});

describe('small helpers', () => {
  it('secretlint sees control characters in a path as _', () => {
    expect(secretlintPath('a\nb\u0000c\u007fd.txt')).toBe('a_b_c_d.txt');
  });

  it('only dotenv files and texts past the prefilter need a scan', () => {
    expect(needsScan('src/a.ts', 'export const a = 1;\n')).toBe(false);
    expect(needsScan('.env', 'PORT=3000\n')).toBe(true);
    expect(needsScan('src/a.ts', `const t = "${fake.githubToken()}";`)).toBe(true);
  });

  it('local development URLs: loopback addresses and IPv6 literals', () => {
    expect(isLocalDevelopmentUrl('postgres://app:s3cretPassw0rd@127.10.20.30:5432/app')).toBe(true);
    expect(isLocalDevelopmentUrl('postgres://app:s3cretPassw0rd@[::1]:5432/app')).toBe(true);
    expect(isLocalDevelopmentUrl('postgres://app:s3cretPassw0rd@[2001:db8::7]:5432/app')).toBe(false);
    expect(isLocalDevelopmentUrl('no credentials here')).toBe(false);
  });

  it('names every key store kind', () => {
    expect(
      ['a/b.p12', 'B.PFX', 'k/deploy.ppk', 'id_rsa', 'id_ed25519_sk', 'id_rsa.pub'].map(keyStoreKind),
    ).toEqual([
      'PKCS #12 key store',
      'PKCS #12 key store',
      'PuTTY private key',
      'OpenSSH private key',
      'OpenSSH private key',
      undefined,
    ]);
  });

  it('basename and extname', () => {
    expect(['a', 'a/.env', 'a/b/c.txt'].map(basename)).toEqual(['a', '.env', 'c.txt']);
    expect(['.env', 'README', 'a/b.tar.gz', 'a.b/c'].map(extname)).toEqual(['', '', '.gz', '']);
    expect(isDotenvFile('a/.env')).toBe(true);
  });
});
