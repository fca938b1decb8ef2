import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import noCommittedSecrets from '../../checks/no-committed-secrets.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { audit } from '../../src/engine/run.js';
import { decodeText } from '../../src/snapshot/decode.js';
import { openGitHubSource } from '../../src/snapshot/github-token.js';
import { LocalSource } from '../../src/snapshot/local.js';
import { FIXED_NOW, expectFindings } from '../support/check-harness.js';
import { SecretFactory } from '../support/fake-secrets.js';

/**
 * Repository content in encodings other than UTF-8, and binary bytes behind text names: a secret in
 * them is found, or the file is counted as not scanned. Nothing is silently passed over.
 */
const secrets = new SecretFactory(16);
const slack = secrets.slackBotToken();
const github = secrets.githubToken();

const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);
const utf16le = (text: string): Buffer => Buffer.concat([BOM_LE, Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Buffer => Buffer.concat([BOM_BE, Buffer.from(text, 'utf16le').swap16()]);

const NUL_DOTENV = `\u0000\nAPI_TOKEN=${github}\n`;
const NUL_SOURCE = `// \u0000\nexport const k = "${slack}";\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tcop-encodings-'));
  await mkdir(path.join(dir, 'deploy'));
  await writeFile(path.join(dir, 'README.md'), '# Service\n');
  // Windows PowerShell and regedit write UTF-16 with a byte-order mark.
  await writeFile(path.join(dir, 'deploy/settings.ps1'), utf16le(`# deploy\n$token = "${slack}"\n`));
  await writeFile(path.join(dir, 'deploy/service.reg'), utf16be(`[HKEY]\n\n"Token"="${github}"\n`));
  // A mark that the bytes do not honour: an odd length, and an unpaired surrogate.
  await writeFile(path.join(dir, 'deploy/odd.txt'), Buffer.concat([utf16le('abc'), Buffer.from([0x41])]));
  await writeFile(
    path.join(dir, 'deploy/lone.txt'),
    Buffer.concat([BOM_LE, Buffer.from([0x00, 0xd8, 0x41, 0x00])]),
  );
  // A NUL byte in front of a dotenv file or a source file: git's test calls it binary.
  await writeFile(path.join(dir, '.env'), NUL_DOTENV);
  await writeFile(path.join(dir, 'deploy/keys.ts'), NUL_SOURCE);
  // A real binary stays quiet.
  await writeFile(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  // UTF-32 is not read.
  await writeFile(path.join(dir, 'deploy/wide.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('UTF-16 and undecodable files', () => {
  it('finds secrets in UTF-16 LE and BE files, and counts files it cannot decode as not scanned', async () => {
    const { report } = await audit(new LocalSource(dir), { checks: [noCommittedSecrets], now: FIXED_NOW });
    expectFindings(report.findings, [
      {
        status: 'fail',
        messageId: 'secretFound',
        path: 'deploy/service.reg',
        startLine: 3,
        evidence: { rule: expect.stringContaining('github') as unknown as string },
      },
      { status: 'fail', messageId: 'secretFound', path: 'deploy/settings.ps1', startLine: 2 },
      {
        status: 'info',
        messageId: 'notScanned',
        message: '5 files were not scanned for secrets (2 text-named-binary, 3 undecodable).',
      },
    ]);
    expect(report.snapshot.skipped).toEqual([
      { path: '.env', reason: 'binary', size: NUL_DOTENV.length },
      { path: 'deploy/keys.ts', reason: 'binary', size: NUL_SOURCE.length },
      { path: 'deploy/lone.txt', reason: 'undecodable', size: 6 },
      { path: 'deploy/odd.txt', reason: 'undecodable', size: 9 },
      { path: 'deploy/wide.txt', reason: 'undecodable', size: 8 },
      { path: 'logo.png', reason: 'binary', size: 8 },
    ]);
  });
});

describe('decodeText', () => {
  it('decodes by the byte-order mark, drops the mark, and names what it cannot decode', () => {
    expect(decodeText(utf16le('a\u00e9\u{1f600}'))).toEqual({ kind: 'text', text: 'a\u00e9\u{1f600}' });
    expect(decodeText(utf16be('a\u00e9\u{1f600}'))).toEqual({ kind: 'text', text: 'a\u00e9\u{1f600}' });
    expect(decodeText(Buffer.from('plain\n'))).toEqual({ kind: 'text', text: 'plain\n' });
    expect(decodeText(Buffer.from([0x61, 0x00, 0x62]))).toEqual({ kind: 'binary' });
    expect(decodeText(utf16le('a\u0000b'))).toEqual({ kind: 'binary' });
    expect(decodeText(Buffer.concat([utf16le('a'), Buffer.from([1])]))).toEqual({
      kind: 'undecodable',
      encoding: 'UTF-16LE',
    });
    expect(decodeText(Buffer.from([0xfe, 0xff, 0xdc, 0x00]))).toEqual({
      kind: 'undecodable',
      encoding: 'UTF-16BE',
    });
    expect(decodeText(Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x41]))).toEqual({
      kind: 'undecodable',
      encoding: 'UTF-32',
    });
    // A two-byte file that is only the mark is empty text.
    expect(decodeText(BOM_LE)).toEqual({ kind: 'text', text: '' });
  });
});

describe('UTF-16 files on the GitHub route', () => {
  it('GitHub serves them as binary (no text): each is counted as not scanned, none is silently passed', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const fake = new FakeGitHub();
    await fake.start();
    try {
      const files = new Map<string, Buffer>();
      for (const [name, content] of await listFiles(dir)) files.set(name, content);
      fake.addRepo({ owner: 'acme', name: 'encodings', files });
      const source = openGitHubSource(
        { owner: 'acme', repo: 'encodings' },
        { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url },
        { paced: false },
      );
      const { report } = await audit(source, { checks: [noCommittedSecrets], now: FIXED_NOW });
      // GitHub's GraphQL API has no text for a blob with NUL bytes (git's test), so the UTF-16 files
      // are not decoded on this route: they are counted, with every other text-named binary.
      expect(report.findings.map((f) => [f.status, f.messageId, f.message])).toEqual([
        ['pass', 'none', 'No committed secrets found in 1 text files.'],
        ['info', 'notScanned', '6 files were not scanned for secrets (6 text-named-binary).'],
      ]);
      expect(report.snapshot.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['.env', 'binary'],
        ['deploy/keys.ts', 'binary'],
        ['deploy/lone.txt', 'binary'],
        ['deploy/odd.txt', 'binary'],
        ['deploy/service.reg', 'binary'],
        ['deploy/settings.ps1', 'binary'],
        ['deploy/wide.txt', 'binary'],
        ['logo.png', 'binary'],
      ]);
    } finally {
      await fake.stop();
      nock.enableNetConnect();
    }
  });
});

async function listFiles(root: string, prefix = ''): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const entry of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push([rel, await readFile(path.join(root, rel))]);
  }
  return out;
}
