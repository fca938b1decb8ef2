import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import { TcopOctokit } from '../../src/app/octokit.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { holdToContract } from '../support/contract.js';
import { TEST_PRIVATE_KEY } from './support.js';

const warnings: string[] = [];
const log = {
  debug: () => undefined,
  info: () => undefined,
  error: () => undefined,
  warn: (...args: unknown[]) => void warnings.push(args.map(String).join(' ')),
};
const fake = new FakeGitHub();
holdToContract(() => fake);
const client = (): InstanceType<typeof TcopOctokit> =>
  new TcopOctokit({ auth: { token: 'ghp_person' }, baseUrl: fake.url, log } as ConstructorParameters<
    typeof TcopOctokit
  >[0]);
const files = new Map([['README.md', Buffer.from('# Service\n')]]);
let sha = '';
const heads: Record<string, string> = {};

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  await fake.start();
  sha = fake.addRepo({ owner: 'acme', name: 'service', files });
  heads.one = fake.addRepo({ owner: 'acme', name: 'one', files, installationId: 101 });
  heads.two = fake.addRepo({ owner: 'acme', name: 'two', files, installationId: 102 });
});
afterAll(async () => {
  await fake.stop();
  nock.enableNetConnect();
});
afterEach(() => {
  warnings.length = 0;
});

describe('the App octokit', () => {
  it('retries a 5xx answer', async () => {
    fake.failNext({
      method: 'GET',
      path: /^\/repos\/acme\/service$/,
      status: 502,
      times: 1,
      message: 'Bad Gateway',
    });
    fake.resetLog();
    const { data } = await client().request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'service' });
    expect(data).toMatchObject({ name: 'service' });
    expect(fake.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  it('waits Retry-After and retries a secondary rate limit, which Probot alone would not', async () => {
    fake.failRateLimit('secondary', 'GET', /\/git\/trees\//, { seconds: 1 });
    const started = Date.now();
    const { data } = await client().request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner: 'acme',
      repo: 'service',
      tree_sha: sha,
    });
    expect(data).toMatchObject({ truncated: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(warnings).toContainEqual(
      expect.stringContaining(
        'Secondary rate limit hit on GET /repos/{owner}/{repo}/git/trees/{tree_sha}; retry 1 in 1 s',
      ),
    );
  });

  it('logs a failed request with its GitHub request id', async () => {
    await expect(
      client().request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'missing' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(warnings).toContainEqual(expect.stringMatching(/→ 404 \(request id FAKE:\d+\)/));
  });

  it('paces writes per installation: one busy installation does not slow another', async () => {
    const probot = new Probot({
      appId: 1,
      privateKey: TEST_PRIVATE_KEY,
      Octokit: TcopOctokit,
      baseUrl: fake.url,
      logLevel: 'fatal',
    });
    const [one, two] = await Promise.all([probot.auth(101), probot.auth(102)]);
    // Tokens first, and the fake's contract checks compiled, so only the check-run writes are timed.
    await Promise.all([one.auth({ type: 'installation' }), two.auth({ type: 'installation' })]);
    await client().request('POST /repos/{owner}/{repo}/check-runs', {
      owner: 'acme',
      repo: 'service',
      name: 'warm-up',
      head_sha: sha,
    });
    const head = (repo: string): string => heads[repo] as string;
    const started = Date.now();
    await Promise.all([
      one.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: 'acme',
        repo: 'one',
        name: 'x',
        head_sha: head('one'),
      }),
      two.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: 'acme',
        repo: 'two',
        name: 'x',
        head_sha: head('two'),
      }),
    ]);
    expect(Date.now() - started).toBeLessThan(800);
    await one.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: 'acme',
      repo: 'one',
      name: 'y',
      head_sha: head('one'),
    });
    // A second write by the same installation waits GitHub's recommended second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
