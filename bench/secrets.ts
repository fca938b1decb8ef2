import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintSource } from '@secretlint/core';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import check from '../checks/no-committed-secrets.js';
import { mayHoldSecret, needsScan, scanText } from '../checks/lib/secrets/scan.js';
import { memorySnapshot } from '../src/snapshot/memory.js';
import { SecretFactory } from '../test/support/fake-secrets.js';

/**
 * no-committed-secrets: recall on synthetic secrets of every supported kind, false positives on
 * look-alikes (UUIDs, digests, base64 images, lockfile integrity hashes, documented example keys,
 * public keys), and throughput on real-world text (this machine's node_modules), against running
 * secretlint's recommended preset on every file without the prefilter, in the same process.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const PER_KIND = 25;
const f = new SecretFactory(2026);

interface Sample {
  path: string;
  text: string;
  kind: string;
}

const wrapCode = (line: string): string =>
  `import { client } from './client.js';\n\n// settings for the ${f.alnum(6)} service\n${line}\n\nexport default client;\n`;

/** name → a file that holds one secret of that kind. */
const SECRET_KINDS: Record<string, () => Omit<Sample, 'kind'>> = {
  'github classic token': () => ({
    path: 'src/gh.ts',
    text: wrapCode(`const token = '${f.githubToken()}';`),
  }),
  'github fine-grained token': () => ({
    path: 'scripts/release.sh',
    text: `export GH_TOKEN=${f.githubFineGrained()}\n`,
  }),
  'slack bot token': () => ({ path: 'config/slack.yml', text: `slack:\n  token: ${f.slackBotToken()}\n` }),
  'slack webhook': () => ({ path: 'bin/notify.py', text: `WEBHOOK = "${f.slackWebhook()}"\n` }),
  'aws access key id': () => ({ path: 'deploy/env.tf', text: `access_key = "${f.awsAccessKeyId()}"\n` }),
  'aws secret access key': () => ({
    path: 'deploy/credentials',
    text: `[default]\naws_secret_access_key = ${f.awsSecretKey()}\n`,
  }),
  'azure storage key': () => ({
    path: 'src/Storage.cs',
    text: wrapCode(
      `var c = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${f.azureAccountKey()};EndpointSuffix=core.windows.net";`,
    ),
  }),
  'gcp service account json': () => ({
    path: 'deploy/service-account.json',
    text: f.gcpServiceAccountJson(),
  }),
  'nhs api key (named)': () => ({
    path: 'deploy/values.yaml',
    text: `env:\n  NHS_API_KEY: "${f.nhsApiKey()}"\n`,
  }),
  'nhs api key (header)': () => ({
    path: 'src/pds.ts',
    text: wrapCode(
      `await fetch('https://api.service.nhs.uk/personal-demographics/FHIR/R4/Patient', { headers: { apikey: '${f.nhsApiKey()}' } });`,
    ),
  }),
  'npm token (plain)': () => ({
    path: 'ci/publish.sh',
    text: `NODE_AUTH_TOKEN=${f.npmToken()} npm publish\n`,
  }),
  'github token in a package url': () => ({
    path: 'package.json',
    text: `{"dependencies":{"lib":"git+https://${f.githubToken()}:x-oauth-basic@github.com/acme/lib.git"}}\n`,
  }),
  '1password service account token': () => ({
    path: 'deploy/op.env.sh',
    text: `export OP_SERVICE_ACCOUNT_TOKEN=${f.onePasswordToken()}\n`,
  }),
  'npm token': () => ({ path: '.npmrc', text: `//registry.npmjs.org/:_authToken=${f.npmToken()}\n` }),
  'openai key': () => ({ path: 'src/ai.py', text: `openai.api_key = "${f.openaiKey()}"\n` }),
  'anthropic key': () => ({ path: 'src/ai.ts', text: wrapCode(`const key = "${f.anthropicKey()}";`) }),
  'sendgrid key': () => ({ path: 'src/mail.rb', text: `SENDGRID = "${f.sendgridKey()}"\n` }),
  'shopify token': () => ({ path: 'src/shop.js', text: wrapCode(`const t = "${f.shopifyToken()}";`) }),
  'linear key': () => ({ path: 'src/linear.ts', text: wrapCode(`const k = "${f.linearKey()}";`) }),
  'url credentials': () => ({
    path: 'scripts/mirror.sh',
    text: `git push https://deploy:${f.password()}@git.acme-corp.net/app.git\n`,
  }),
  'database url': () => ({
    path: 'config/database.yml',
    text: `production:\n  url: postgres://app:${f.password()}@db.acme-corp.net:5432/app\n`,
  }),
  'rsa private key (pkcs1)': () => ({ path: 'deploy/tls.key', text: f.pemKey('pkcs1') }),
  'private key (pkcs8)': () => ({ path: 'deploy/app.pem', text: f.pemKey('pkcs8') }),
  'ec private key (sec1)': () => ({ path: 'deploy/ec.pem', text: f.pemKey('sec1') }),
  'encrypted private key': () => ({ path: 'deploy/enc.pem', text: f.pemKey('encrypted') }),
  'openssh private key': () => ({ path: 'ops/deploy_key', text: f.opensshKey() }),
  'private key in json string': () => ({
    path: 'config/keys.json',
    text: JSON.stringify({ key: f.pemKey('pkcs1') }),
  }),
  'dotenv credential': () => ({ path: '.env', text: `PORT=3000\nSESSION_SECRET=${f.alnum(40)}\n` }),
  'pkcs12 key store': () => ({ path: 'certs/client.p12', text: '' }),
};

const publicPem = (): string =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    format: 'pem',
    type: 'spki',
  }) as string;
const b64 = (bytes: number): string => randomBytes(bytes).toString('base64');

/** name → a file that holds something that looks random or secret but is not a credential. */
const LOOK_ALIKES: Record<string, () => Omit<Sample, 'kind'>> = {
  uuids: () => ({
    path: 'src/ids.ts',
    text: Array.from({ length: 20 }, () => `'${crypto.randomUUID()}',`).join('\n'),
  }),
  'git and sha256 digests': () => ({
    path: 'CHANGELOG.md',
    text: `- ${f.hex(40)} fix\n- sha256:${f.hex(64)}\n- ${f.hex(7)} docs\n`,
  }),
  'base64 image': () => ({
    path: 'src/logo.css',
    text: `.logo { background: url(data:image/png;base64,${b64(3000)}); }\n`,
  }),
  'package-lock integrity': () => ({
    path: 'package-lock.json',
    text: `{"node_modules/a":{"version":"1.0.0","resolved":"https://registry.npmjs.org/a/-/a-1.0.0.tgz","integrity":"sha512-${b64(64)}"}}\n`,
  }),
  'yarn.lock / go.sum hashes': () => ({
    path: 'go.sum',
    text: `github.com/acme/lib v1.2.3 h1:${b64(32)}\ngithub.com/acme/lib v1.2.3/go.mod h1:${b64(32)}\n`,
  }),
  'subresource integrity': () => ({
    path: 'public/index.html',
    text: `<script src="/app.js" integrity="sha384-${b64(48)}" crossorigin="anonymous"></script>\n`,
  }),
  'aws documented example keys': () => ({
    path: 'docs/aws.md',
    text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  }),
  'token placeholders in docs': () => ({
    path: 'docs/setup.md',
    text: 'export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nexport SLACK_TOKEN=xoxb-your-token-here\nexport NPM_TOKEN=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\nexport OPENAI_API_KEY=sk-...\n',
  }),
  'truncated private key in docs': () => ({
    path: 'docs/tls.md',
    text: '```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n...\n-----END RSA PRIVATE KEY-----\n```\n',
  }),
  'public keys and certificates': () => ({ path: 'keys/signing.pub.pem', text: publicPem() }),
  'ssh public key': () => ({
    path: 'deploy/authorized_keys',
    text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64(32)} deploy@host\n`,
  }),
  'local database urls': () => ({
    path: 'docker-compose.yml',
    text: 'environment:\n  DATABASE_URL: postgres://postgres:postgres@localhost:5432/app\n  REDIS_URL: redis://localhost:6379\n  MONGO: mongodb://user:password@127.0.0.1/db\n',
  }),
  'templated credentials': () => ({
    path: 'scripts/clone.sh',
    text: 'git clone https://${GH_USER}:${GH_TOKEN}@github.com/acme/app.git\n',
  }),
  'dotenv template': () => ({
    path: '.env.example',
    text: 'SESSION_SECRET=change-me\nNHS_API_KEY=\nAPI_TOKEN=<your-token>\n',
  }),
  'env names and variables': () => ({
    path: 'src/config.ts',
    text: wrapCode('const apiKey = process.env.NHS_API_KEY; const s = process.env.npm_config_cache;'),
  }),
  'random ids without context': () => ({
    path: 'src/table.ts',
    text: wrapCode(
      `const rowId = '${f.alnum(32)}'; const apikeyName = 'apikey'; const nonce = '${f.alnum(40)}';`,
    ),
  }),
  'api key without nhs context': () => ({
    path: 'src/other.ts',
    text: wrapCode(`const headers = { 'x-api-key': '${f.alnum(32)}' };`),
  }),
  'words with sk- and SG.': () => ({
    path: 'docs/tasks.md',
    text: 'The disk-usage task-runner (see SG.1 and risk-register) uses ask-ant-api.\n',
  }),
};

/** Real-world text: source, JSON and docs from installed packages, up to `limitBytes`. */
async function realWorldText(limitBytes: number): Promise<Record<string, string>> {
  const root = path.join(here, '..', 'node_modules');
  const out: Record<string, string> = {};
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    if (total >= limitBytes) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (total >= limitBytes) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.(?:js|ts|json|md|yml|txt)$/.test(e.name)) {
        const s = await stat(p);
        if (s.size > 1024 * 1024) continue;
        const text = await readFile(p, 'utf8');
        out[path.relative(root, p)] = text;
        total += Buffer.byteLength(text);
      }
    }
  };
  await walk(root);
  return out;
}

const SECRETLINT_CONFIG = {
  rules: recommendedRules.map((rule) => ({
    id: rule.meta.id,
    rule,
    options: rule.meta.id.endsWith('-aws') ? { enableIDScanRule: true } : {},
  })),
};

async function secretlintEverywhere(files: Record<string, string>): Promise<number> {
  let n = 0;
  for (const [p, text] of Object.entries(files)) {
    const ext = path.extname(p) || '.txt';
    const r = await lintSource({
      source: { content: text, filePath: p, ext, contentType: 'text' },
      options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
    });
    n += r.messages.length;
  }
  return n;
}

async function flagged(sample: Sample): Promise<boolean> {
  const findings = await check.run(memorySnapshot({ files: { [sample.path]: sample.text } }));
  return findings.some((x) => x.status === 'fail' || x.status === 'warn');
}

const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(2)} %`;

export async function run(): Promise<void> {
  // Accuracy.
  const secrets = Object.entries(SECRET_KINDS).flatMap(([kind, make]) =>
    Array.from({ length: PER_KIND }, () => ({ ...make(), kind })),
  );
  const lookAlikes = Object.entries(LOOK_ALIKES).flatMap(([kind, make]) =>
    Array.from({ length: PER_KIND * 4 }, () => ({ ...make(), kind })),
  );
  const missed = new Map<string, number>();
  for (const s of secrets) if (!(await flagged(s))) missed.set(s.kind, (missed.get(s.kind) ?? 0) + 1);
  const falsePositives = new Map<string, number>();
  for (const s of lookAlikes)
    if (await flagged(s)) falsePositives.set(s.kind, (falsePositives.get(s.kind) ?? 0) + 1);
  const missedTotal = [...missed.values()].reduce((a, b) => a + b, 0);
  const fpTotal = [...falsePositives.values()].reduce((a, b) => a + b, 0);

  console.log(
    `Accuracy (${Object.keys(SECRET_KINDS).length} secret kinds × ${PER_KIND}; ${Object.keys(LOOK_ALIKES).length} look-alike kinds × ${PER_KIND * 4})\n`,
  );
  console.log('| measure | value |');
  console.log('| --- | --- |');
  console.log(
    `| recall (files with a secret that were flagged) | ${pct(secrets.length - missedTotal, secrets.length)} (${secrets.length - missedTotal}/${secrets.length}) |`,
  );
  console.log(
    `| false positive rate (look-alike files flagged) | ${pct(fpTotal, lookAlikes.length)} (${fpTotal}/${lookAlikes.length}) |`,
  );
  for (const [kind, n] of missed) console.log(`| missed: ${kind} | ${n}/${PER_KIND} |`);
  for (const [kind, n] of falsePositives) console.log(`| false positive: ${kind} | ${n}/${PER_KIND * 4} |`);

  // Throughput on real-world text.
  const files = await realWorldText(40 * 1024 * 1024);
  const paths = Object.keys(files);
  const bytes = Object.values(files).reduce((a, t) => a + Buffer.byteLength(t), 0);
  const mb = bytes / 1e6;
  const time = async (fn: () => unknown): Promise<number> => {
    const t0 = performance.now();
    await fn();
    return (performance.now() - t0) / 1000;
  };
  const snapshot = memorySnapshot({ files });
  let prefilterHits = 0;
  const tPrefilter = await time(() => {
    for (const p of paths) if (mayHoldSecret(files[p] as string)) prefilterHits++;
  });
  let realFindings = 0;
  const tScan = await time(async () => {
    for (const p of paths)
      if (needsScan(p, files[p] as string)) realFindings += (await scanText(p, files[p] as string)).length;
  });
  const tCheck = await time(() => check.run(snapshot));
  const baselineFiles = Object.fromEntries(
    paths.slice(0, Math.ceil(paths.length / 4)).map((p) => [p, files[p] as string]),
  );
  const baselineBytes = Object.values(baselineFiles).reduce((a, t) => a + Buffer.byteLength(t), 0);
  const tBaseline = await time(() => secretlintEverywhere(baselineFiles));
  const rate = (seconds: number, mbytes = mb): number => mbytes / seconds;
  const checkRate = rate(tCheck);
  const baselineRate = rate(tBaseline, baselineBytes / 1e6);
  const avgFile = bytes / paths.length;

  console.log(
    `\nThroughput on ${paths.length} real-world files (${mb.toFixed(1)} MB from node_modules; average ${(avgFile / 1024).toFixed(1)} KiB)\n`,
  );
  console.log('| mode | MB/s | files/s | ratio vs secretlint on every file |');
  console.log('| --- | --- | --- | --- |');
  const row = (name: string, seconds: number, mbytes: number, nfiles: number): void =>
    console.log(
      `| ${name} | ${(mbytes / seconds).toFixed(0)} | ${(nfiles / seconds).toFixed(0)} | ${(mbytes / seconds / baselineRate).toFixed(1)}× |`,
    );
  row('prefilter only', tPrefilter, mb, paths.length);
  row('prefilter + rules (scanText)', tScan, mb, paths.length);
  row('no-committed-secrets check.run', tCheck, mb, paths.length);
  row(
    'secretlint preset on every file (baseline, 1/4 of the corpus)',
    tBaseline,
    baselineBytes / 1e6,
    Object.keys(baselineFiles).length,
  );
  let nul = 0;
  const tTrivial = await time(() => {
    for (const p of paths) if ((files[p] as string).includes('\u0000')) nul++;
  });
  row(`one plain pass over the text (includes('\\0'), ${nul} hits)`, tTrivial, mb, paths.length);
  console.log(
    `\nFiles passing the prefilter: ${prefilterHits}/${paths.length} (${pct(prefilterHits, paths.length)}); findings in this unlabelled corpus: ${realFindings}.`,
  );
  const projected = (100_000 * avgFile) / 1e6 / checkRate;
  console.log(
    `Projected for 100,000 files of this average size (${((100_000 * avgFile) / 1e6).toFixed(0)} MB): ${projected.toFixed(2)} s in this check.`,
  );

  // Many small files, shaped like bench/audit's generated 100,000-file tree: per-file overhead.
  const small: Record<string, string> = {};
  for (let i = 0; i < 100_000; i++) {
    const name = i % 10 === 0 ? `notes-${i}.md` : i % 10 === 1 ? `data-${i}.json` : `file-${i}.ts`;
    small[`packages/pkg-${Math.floor(i / 1000)}/src/module-${Math.floor(i / 50) % 20}/${name}`] =
      name.endsWith('.md')
        ? `# Notes ${i}\n\nSome words about item ${i}.\n`
        : name.endsWith('.json')
          ? JSON.stringify({ id: `${i}`, values: [i, i * 2] })
          : `export const value${i} = ${i};\nexport function f${i}(x: number): number {\n  return x + ${i};\n}\n`;
  }
  const smallSnapshot = memorySnapshot({ files: small });
  const smallMb = Object.values(small).reduce((a, t) => a + t.length, 0) / 1e6;
  const tSmall = await time(() => check.run(smallSnapshot));
  console.log(
    `100,000 small files (${smallMb.toFixed(1)} MB, as in bench/audit): check.run took ${(tSmall * 1000).toFixed(0)} ms (${(100_000 / tSmall).toFixed(0)} files/s).`,
  );
}
