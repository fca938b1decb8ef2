import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/engine/run.js';
import { LocalSource } from '../src/snapshot/local.js';
import { SecretFactory } from '../test/support/fake-secrets.js';
import {
  FIXED_NOW,
  ROOT,
  expectFindings,
  expectNoProblems,
  runCheck,
  runOnFixture,
} from '../test/support/check-harness.js';
import check from './no-committed-secrets.js';

const fake = new SecretFactory(7);

const scan = (files: Record<string, string>) => runCheck(check, { files });
const none = (scanned: number) => [
  { status: 'pass' as const, messageId: 'none', path: null, data: { scanned } },
];

describe('no-committed-secrets', () => {
  it('passes a repository with no secrets, and counts what it read', async () => {
    const findings = await scan({ 'src/index.ts': 'export const answer = 42;\n', 'README.md': '# App\n' });

    expectFindings(findings, none(2));
  });

  const kinds: Array<[string, () => string, string, string]> = [
    [
      'GitHub personal access token',
      () => `const token = "${fake.githubToken()}";`,
      'src/a.ts',
      'github-token',
    ],
    ['GitHub fine-grained token', () => `GH=${fake.githubFineGrained()}`, 'ci/vars.sh', 'github-token'],
    ['Slack bot token', () => `slack: ${fake.slackBotToken()}`, 'config/app.yml', 'slack-token'],
    ['Slack webhook', () => `hook = "${fake.slackWebhook()}"`, 'bin/notify.py', 'slack-webhook'],
    ['AWS access key id', () => `key_id: ${fake.awsAccessKeyId()}`, 'deploy/aws.yml', 'aws-access-key-id'],
    [
      'AWS secret access key',
      () => `aws_secret_access_key = ${fake.awsSecretKey()}`,
      'deploy/credentials',
      'aws-secret-access-key',
    ],
    [
      'Azure Storage key',
      () =>
        `conn = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${fake.azureAccountKey()};EndpointSuffix=core.windows.net"`,
      'src/storage.cs',
      'azure-storage-account-key',
    ],
    [
      'Google Cloud service account key',
      () => fake.gcpServiceAccountJson(),
      'deploy/sa.json',
      'gcp-service-account-key',
    ],
    ['NHS API key by name', () => `NHS_API_KEY: "${fake.nhsApiKey()}"`, 'deploy/values.yml', 'nhs-api-key'],
    [
      'NHS API key by host',
      () =>
        `fetch("https://api.service.nhs.uk/personal-demographics", { headers: { apikey: "${fake.nhsApiKey()}" } })`,
      'src/pds.ts',
      'nhs-api-key',
    ],
    ['npm token', () => `//registry.npmjs.org/:_authToken=${fake.npmToken()}`, '.npmrc', 'npmrc-auth-token'],
    [
      'credentials in a URL',
      () => `git clone https://deploy:${fake.password()}@git.acme-corp.net/app.git`,
      'scripts/clone.sh',
      'url-credentials',
    ],
    [
      'database URL',
      () => `url: postgresql://app:${fake.password()}@db.acme-corp.net:5432/app`,
      'config/db.yml',
      'database-url-credentials',
    ],
    ['RSA private key (PKCS #1)', () => fake.pemKey('pkcs1'), 'deploy/server.key', 'private-key'],
    ['EC private key (SEC1, short)', () => fake.pemKey('sec1'), 'deploy/ec.pem', 'private-key'],
    ['PKCS #8 private key', () => fake.pemKey('pkcs8'), 'deploy/app.pem', 'private-key'],
    ['encrypted private key', () => fake.pemKey('encrypted'), 'deploy/enc.pem', 'encrypted-private-key'],
    ['OpenSSH private key', () => fake.opensshKey(), 'ops/deploy_key', 'private-key'],
    ['dotenv credential', () => `PORT=3000\nSTRIPE_SECRET_KEY=${fake.alnum(32)}\n`, '.env', 'dotenv-value'],
  ];

  it.each(kinds)('fails on a committed %s, masked', async (_name, make, file, rule) => {
    const secretText = make();

    const findings = await scan({ [file]: secretText, 'README.md': '# App\n' });

    expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'secretFound',
        path: file,
        data: { masked: expect.stringMatching(/^.{0,4}…$/) },
        evidence: { rule, fixture: false },
      },
    ]);
    // The report never carries the secret: no 8-character run of the input's secret lines appears in it.
    const report = JSON.stringify(findings);
    for (const line of secretText.split('\n').filter((l) => l.length >= 30)) {
      const token = line.match(/[A-Za-z0-9+/_-]{20,}/g) ?? [];
      for (const t of token) expect(report).not.toContain(t.slice(4, 12));
    }
  });

  it('reports the line and column of the secret', async () => {
    const findings = await scan({ 'src/a.ts': `// config\n\nconst token =  "${fake.githubToken()}";\n` });

    expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'secretFound',
        path: 'src/a.ts',
        startLine: 3,
        startColumn: 17,
        data: { masked: 'ghp_…' },
      },
    ]);
  });

  it('reports a real-looking key in a test fixture path as a fixture (warn), and the same key elsewhere as a failure', async () => {
    const key = fake.pemKey('pkcs1');

    const inFixture = await scan({ 'test/fixtures/tls/server.key': key });
    const inDeploy = await scan({ 'deploy/tls/server.key': key });

    expectFindings(inFixture, [
      { status: 'warn', messageId: 'fixtureSecret', path: 'test/fixtures/tls/server.key', startLine: 1 },
    ]);
    expectFindings(inDeploy, [
      { status: 'fail', messageId: 'secretFound', path: 'deploy/tls/server.key', startLine: 1 },
    ]);
  });

  it.each([
    ['src/auth.test.ts', 'warn', 'fixtureSecret'],
    ['spec/fixtures/token.txt', 'warn', 'fixtureSecret'],
    ['examples/client.py', 'warn', 'fixtureSecret'],
    ['.env.test', 'warn', 'fixtureSecret'],
    ['src/auth.ts', 'fail', 'secretFound'],
    ['latest/contest.ts', 'fail', 'secretFound'],
  ] as const)('classifies %s as %s', async (file, status, messageId) => {
    const findings = await scan({ [file]: `TOKEN=${fake.githubToken()}\n` });

    expectFindings(findings, [{ status, messageId, path: file, startLine: 1 }]);
  });

  it('flags key stores by name, a fixture one as a warning, and never a public key', async () => {
    const findings = await scan({
      'certs/prod.p12': 'binary in reality',
      'test/fixtures/client.pfx': 'binary in reality',
      'home/.ssh/id_rsa': 'unreadable',
      'home/.ssh/id_rsa.pub': 'ssh-rsa AAAA deploy@host',
      'charts/identity-service/example-certs/keystore.p12': 'binary in reality',
      'charts/identity-service/example-service/keystore.p12': 'binary in reality',
    });

    expectFindings(findings, [
      { status: 'fail', messageId: 'keyFile', path: 'certs/prod.p12' },
      { status: 'warn', messageId: 'fixtureKeyFile', path: 'test/fixtures/client.pfx' },
      { status: 'fail', messageId: 'keyFile', path: 'home/.ssh/id_rsa' },
      {
        status: 'warn',
        messageId: 'fixtureKeyFile',
        path: 'charts/identity-service/example-certs/keystore.p12',
      },
      { status: 'fail', messageId: 'keyFile', path: 'charts/identity-service/example-service/keystore.p12' },
    ]);
  });

  it('reports an OpenSSH identity file once, by its contents', async () => {
    const findings = await scan({ 'ops/id_ed25519': fake.opensshKey() });

    expectFindings(findings, [
      { status: 'fail', messageId: 'secretFound', path: 'ops/id_ed25519', startLine: 1 },
    ]);
  });

  it('passes documentation placeholders, identifiers, digests and templates', async () => {
    expectFindings(await runOnFixture(check, 'secrets-look-alikes'), none(4));
  });

  it('passes tokens that documentation presents as examples', async () => {
    const findings = await scan({
      'README.md': 'const auth = createTokenAuth("gh' + 'p_PersonalAccessToken01245678900000000");\n',
      'src/rules.js': ' * e.g.) shp' + 'ss_QlRSJy5AXX1cILNjVatTsEIhFxuPF5ex\n',
    });

    expectFindings(findings, none(2));
  });

  it('passes credentials for a database on localhost or in a compose network', async () => {
    const findings = await scan({
      'docker-compose.yml': `DATABASE_URL: postgres://app:${fake.password()}@db:5432/app\nOTHER: mysql://root:${fake.password()}@127.0.0.1/x\n`,
    });

    expectFindings(findings, none(1));
  });

  it('passes dotenv files without credentials, and values that refer to other variables', async () => {
    const findings = await scan({
      '.env': 'PORT=3000\nNODE_ENV=production\nAPI_TOKEN=${VAULT_API_TOKEN}\nDB_PASSWORD=postgres\n',
    });

    expectFindings(findings, none(1));
  });

  // A web client's .env and an EHR server's compose settings: addresses and user names under AUTH names.
  it('does not take addresses and user names under credential-like names for secrets', async () => {
    const token = fake.alnum(32);
    const findings = await scan({
      'src/client/.env': [
        'NBS_API_BASE_URL=http://localhost:7071',
        'AUTH_HOST=http://localhost:7071',
        'AUTH_TOKEN_URL=https://auth.login.nhs.uk/oauth2/token',
        'SECURITY_AUTHUSER=ehrbase-user',
        'SECURITY_AUTHADMINUSER=ehrbase-admin',
        `AUTH_CALLBACK_URL=https://hooks.chat-alerts.net/services/${token}`,
        `SECURITY_AUTHPASSWORD=${token}`,
        '',
      ].join('\n'),
    });

    expectFindings(findings, [
      {
        status: 'fail',
        messageId: 'secretFound',
        path: 'src/client/.env',
        startLine: 6,
        data: { rule: 'dotenv-value' },
      },
      {
        status: 'fail',
        messageId: 'secretFound',
        path: 'src/client/.env',
        startLine: 7,
        data: { rule: 'dotenv-value' },
      },
    ]);
  });

  // Microsoft publishes these keys for its local emulators; every developer's machine has the same one.
  it('passes the published Azurite and Cosmos DB emulator keys', async () => {
    const findings = await scan({
      'docker-compose.yml': [
        'services:',
        '  blob-auditor:',
        '    environment:',
        '      - AzureWebJobsStorage=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://azurite:10000/devstoreaccount1;',
        '      - COSMOS_KEY=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
        '',
      ].join('\n'),
    });

    expectFindings(findings, none(1));
  });

  it('honours secretlint-disable-line comments', async () => {
    const findings = await scan({
      'src/a.ts': `const t = "${fake.githubToken()}"; // secretlint-disable-line\n`,
    });

    expectFindings(findings, none(1));
  });

  it('says which files it could not read', async () => {
    const findings = await runCheck(check, {
      files: { 'README.md': '# App\n' },
      skipped: { 'data/huge.sql': { reason: 'too-large', size: 5e6 } },
    });

    expectFindings(findings, [...none(1), { status: 'info', messageId: 'notScanned', data: { count: 1 } }]);
  });

  it('caps the number of findings', async () => {
    const many = Array.from({ length: 250 }, () => `T=${fake.githubToken()}`).join('\n');

    const findings = await scan({ 'src/tokens.txt': many });

    expectFindings(findings, [
      ...Array.from({ length: 200 }, (_, i) => ({
        status: 'fail' as const,
        messageId: 'secretFound',
        path: 'src/tokens.txt',
        startLine: i + 1,
      })),
      { status: 'info', messageId: 'tooMany', path: null },
    ]);
  });

  describe('on disk, through the local source', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'tcop-secrets-'));
      await mkdir(path.join(dir, 'src'));
      await writeFile(path.join(dir, 'src/settings.py'), `SLACK_TOKEN = "${fake.slackBotToken()}"\n`);
      await writeFile(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('finds a secret written at test time and skips binary files quietly', async () => {
      const { report } = await audit(new LocalSource(dir), { checks: [check], now: FIXED_NOW });

      expectFindings(report.findings, [
        {
          check: 'no-committed-secrets',
          status: 'fail',
          messageId: 'secretFound',
          path: 'src/settings.py',
          startLine: 1,
          message: /^Slack token in src\/settings\.py at line 1 \(xoxb…, rule slack-token\)\.$/,
        },
      ]);
    });
  });

  it("passes on this project's own repository", async () => {
    const { report } = await audit(new LocalSource(ROOT), { checks: [check], now: FIXED_NOW });

    expectNoProblems(report.findings);
  });
});
