import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GitHubSource,
  blobQuery,
  parseRepoSpec,
  type GitHubClient,
} from '../../src/snapshot/github/index.js';
import { openGitHubSource } from '../../src/snapshot/github-token.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import type { SnapshotRequest } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { resolveSource } from '../../src/cli/source.js';
import { audit } from '../../src/engine/run.js';
import readme from '../../checks/readme.js';
import { holdToContract } from '../support/contract.js';

const files = (entries: Record<string, string | Buffer>): Map<string, Buffer> =>
  new Map(Object.entries(entries).map(([p, c]) => [p, typeof c === 'string' ? Buffer.from(c) : c]));

const request = (extra: Partial<SnapshotRequest> = {}): SnapshotRequest => ({
  wants: ['**/*.md', '**/*.json', '**/*.bin', 'big.txt'],
  needs: [],
  ignore: [],
  maxFileBytes: 1024 * 1024,
  now: FIXED_NOW,
  ...extra,
});

let fake: FakeGitHub;
holdToContract(() => fake);
const env = (): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url });

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // A tree limit of 30 entries makes GitHub's truncation happen on a small repository.
  fake = new FakeGitHub({ treeEntryLimit: 30 });
  await fake.start();
  fake.addRepo({
    owner: 'acme',
    name: 'service',
    files: files({
      'README.md': '# Service\n',
      'package.json': '{"name":"service","license":"MIT"}',
      'logo.bin': Buffer.from([0x89, 0x50, 0x00, 0x01]),
      'big.txt': 'x'.repeat(600_000),
      '.github/tcop.yml': 'level: standard\n',
      ...Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`src/m${i % 3}/file${i}.ts`, `export const n = ${i};\n`]),
      ),
      'docs/guide.md': '# Guide\n',
    }),
  });
  fake.addRepo({
    owner: 'acme',
    name: '.github',
    files: files({
      '.github/tcop.yml': 'mode: advisory\n',
      'SECURITY.md': 'Report to security@acme.example\n',
    }),
  });
  fake.addRepo({
    owner: 'solo',
    name: 'tool',
    files: files({ 'README.md': '# Tool\n' }),
    visibility: 'private',
  });
});

afterAll(async () => {
  await fake.stop();
  nock.enableNetConnect();
});

describe('GitHubSource', () => {
  it('reads both config files in one GraphQL query: the org one under the repository one', async () => {
    fake.resetLog();
    const source = openGitHubSource({ owner: 'acme', repo: 'service' }, env(), { paced: false });
    expect(await source.loadConfig('.github/tcop.yml')).toEqual({
      org: { path: 'acme/.github:.github/tcop.yml', text: 'mode: advisory\n' },
      repo: { path: '.github/tcop.yml', text: 'level: standard\n' },
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
  });

  it('walks subtrees when GitHub truncates the recursive tree, and lists every file', async () => {
    fake.resetLog();
    const source = openGitHubSource({ owner: 'acme', repo: 'service' }, env(), { paced: false });
    const data = await source.load(request());
    expect(data.files).toHaveLength(66);
    expect(data.complete).toBe(true);
    const trees = fake.requests.filter((r) => r.path.includes('/git/trees/'));
    // One truncated recursive read, the root level, then each top-level subtree.
    expect(trees.length).toBeGreaterThan(2);
    expect(trees[0]?.query).toEqual({ recursive: '1' });
  });

  it('reads wanted files in one GraphQL query and says why others were not read', async () => {
    fake.resetLog();
    const source = openGitHubSource({ owner: 'acme', repo: 'service' }, env(), { paced: false });
    const data = await source.load(request({ ignore: ['src/**'] }));
    expect(data.files.map((f) => f.path)).toEqual([
      '.github/tcop.yml',
      'README.md',
      'big.txt',
      'docs/guide.md',
      'logo.bin',
      'package.json',
    ]);
    expect(data.contents['README.md']).toEqual({ kind: 'text', text: '# Service\n' });
    expect(data.contents['logo.bin']).toMatchObject({ kind: 'skipped', reason: 'binary' });
    // GraphQL cuts Blob.text at about 512 kB and says so.
    expect(data.contents['big.txt']).toMatchObject({ kind: 'skipped', reason: 'truncated', size: 600_000 });
    expect(fake.requests.filter((r) => r.path === '/graphql')).toHaveLength(2);
    expect(data.facts.orgSecurityPolicy).toEqual({
      state: 'known',
      value: { repository: 'acme/.github', path: 'SECURITY.md', text: 'Report to security@acme.example\n' },
    });
    expect(data.facts.visibility).toEqual({ state: 'known', value: 'public' });
  });

  it('lists files over the size cap without reading them', async () => {
    const data = await openGitHubSource({ owner: 'acme', repo: 'service' }, env(), { paced: false }).load(
      request({ ignore: ['src/**'], maxFileBytes: 5 }),
    );
    expect(data.contents['README.md']).toEqual({ kind: 'skipped', reason: 'too-large', size: 10 });
  });

  it('works for a user without a .github repository', async () => {
    const source = openGitHubSource({ owner: 'solo', repo: 'tool' }, env(), { paced: false });
    expect(await source.loadConfig('.github/tcop.yml')).toEqual({});
    const data = await source.load(request());
    expect(data.facts.orgSecurityPolicy).toEqual({ state: 'known', value: null });
    expect(data.facts.visibility).toEqual({ state: 'known', value: 'private' });
  });

  it('fetches API-only facts only when needed, and says when the installation may not read them', async () => {
    fake.resetLog();
    const client = openGitHubSource({ owner: 'acme', repo: 'service' }, env(), {
      paced: false,
    }) as unknown as { client: GitHubClient };
    const withoutAdmin = new GitHubSource(client.client, {
      owner: 'acme',
      repo: 'service',
      permissions: { contents: 'read', metadata: 'read', checks: 'write' },
    });
    const data = await withoutAdmin.load(
      request({
        ignore: ['src/**'],
        needs: ['branchProtection', 'privateVulnerabilityReporting', 'secretScanning'],
      }),
    );
    expect(data.facts.branchProtection).toMatchObject({
      state: 'known',
      value: {
        rules: { state: 'known', value: [] },
        classic: { state: 'unavailable', reason: 'no-permission' },
      },
    });
    expect(data.facts.privateVulnerabilityReporting).toMatchObject({
      state: 'unavailable',
      reason: 'no-permission',
    });
    expect(data.facts.secretScanning).toMatchObject({ state: 'unavailable', reason: 'no-permission' });
    // Rulesets are readable with metadata: read, so that one request is still made.
    expect(
      fake.requests.filter((r) => r.method === 'GET' && !r.path.includes('/git/trees/')).map((r) => r.path),
    ).toEqual(['/repos/acme/service/rules/branches/main']);

    const withAdmin = new GitHubSource(client.client, {
      owner: 'acme',
      repo: 'service',
      permissions: { administration: 'read', metadata: 'read' },
    });
    const known = await withAdmin.load(
      request({ ignore: ['src/**'], needs: ['branchProtection', 'privateVulnerabilityReporting'] }),
    );
    expect(known.facts.branchProtection).toEqual({
      state: 'known',
      value: {
        branch: 'main',
        rules: { state: 'known', value: [] },
        classic: { state: 'known', value: null },
      },
    });
    expect(known.facts.privateVulnerabilityReporting).toEqual({ state: 'known', value: false });
  });

  it('classic branch protection: a plain 404 "Not Found" is unknown, only "Branch not protected" is unprotected', async () => {
    const client = openGitHubSource({ owner: 'acme', repo: 'service' }, env(), {
      paced: false,
    }) as unknown as { client: GitHubClient };
    const source = new GitHubSource(client.client, { owner: 'acme', repo: 'service' });
    fake.failNext({
      method: 'GET',
      path: /\/branches\/main\/protection$/,
      status: 404,
      times: 1,
      message: 'Not Found',
    });
    const data = await source.load(request({ ignore: ['src/**'], needs: ['branchProtection'] }));
    expect(data.facts.branchProtection).toMatchObject({
      state: 'known',
      value: { classic: { state: 'unavailable', reason: 'no-permission' } },
    });
  });

  it('the owner’s .github SECURITY.md counts only when that repository is public, .github/ first', async () => {
    const security = (text: string) => ({
      'SECURITY.md': `root ${text}\n`,
      '.github/SECURITY.md': `${text}\n`,
    });
    fake.addRepo({
      owner: 'closed',
      name: '.github',
      files: files(security('closed')),
      visibility: 'private',
    });
    fake.addRepo({ owner: 'closed', name: 'app', files: files({ 'README.md': '# App\n' }) });
    fake.addRepo({ owner: 'open', name: '.github', files: files(security('open')) });
    fake.addRepo({ owner: 'open', name: 'app', files: files({ 'README.md': '# App\n' }) });
    const policy = async (owner: string) =>
      (await openGitHubSource({ owner, repo: 'app' }, env(), { paced: false }).load(request())).facts
        .orgSecurityPolicy;
    expect(await policy('closed')).toEqual({ state: 'known', value: null });
    expect(await policy('open')).toEqual({
      state: 'known',
      value: { repository: 'open/.github', path: '.github/SECURITY.md', text: 'open\n' },
    });
  });

  it('reports a missing repository as an error naming it', async () => {
    await expect(
      openGitHubSource({ owner: 'acme', repo: 'nope' }, env(), { paced: false }).loadConfig(
        '.github/tcop.yml',
      ),
    ).rejects.toThrow(/acme\/nope/);
  });

  it('needs a token: GitHub GraphQL answers only authenticated requests', () => {
    expect(() => openGitHubSource({ owner: 'acme', repo: 'service' }, {})).toThrow(
      /GITHUB_TOKEN or GH_TOKEN/,
    );
  });
});

describe('blobQuery', () => {
  it('escapes paths as GraphQL strings', () => {
    expect(blobQuery(['docs/a "quoted" name.md'], 'abc')).toContain(
      'f0: object(expression: "abc:docs/a \\"quoted\\" name.md")',
    );
  });
});

describe('parseRepoSpec', () => {
  it('reads owner/repo and an optional ref', () => {
    expect(parseRepoSpec('alphagov/govuk-frontend')).toEqual({ owner: 'alphagov', repo: 'govuk-frontend' });
    expect(parseRepoSpec('alphagov/govuk-frontend@v5.0.0')).toEqual({
      owner: 'alphagov',
      repo: 'govuk-frontend',
      ref: 'v5.0.0',
    });
    expect(parseRepoSpec('./some/dir')).toBeUndefined();
  });
});

describe('the CLI on owner/repo[@ref]', () => {
  it('audits a remote repository through the same GitHub source', async () => {
    const sha = await openGitHubSource({ owner: 'acme', repo: 'service' }, env(), { paced: false }).commit();
    const source = await resolveSource(`acme/service@${sha}`, env());
    const { report } = await audit(source, { checks: [readme], now: FIXED_NOW });
    expect(report.target).toEqual({ repo: 'acme/service', ref: sha, commit: sha });
    expect(report.snapshot).toMatchObject({ files: 66, complete: true });
    expect(report.checks.map((c) => c.id)).toEqual(['readme']);
  });
});
