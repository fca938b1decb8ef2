import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import { TcopOctokit } from '../../src/app/octokit.js';
import { TEST_PRIVATE_KEY } from './support.js';

const warnings: string[] = [];
const log = {
  debug: () => undefined,
  info: () => undefined,
  error: () => undefined,
  warn: (...args: unknown[]) => void warnings.push(args.map(String).join(' ')),
};
const client = (): InstanceType<typeof TcopOctokit> =>
  new TcopOctokit({ auth: { token: 'ghs_test' }, log } as never);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  warnings.length = 0;
});

describe('the App octokit', () => {
  it('retries a 5xx answer', async () => {
    const scope = nock('https://api.github.com')
      .get('/repos/acme/service')
      .reply(502, { message: 'Bad Gateway' })
      .get('/repos/acme/service')
      .reply(200, { name: 'service' });
    const { data } = await client().request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'service' });
    expect(data).toEqual({ name: 'service' });
    scope.done();
  });

  it('waits Retry-After and retries a secondary rate limit, which Probot alone would not', async () => {
    const scope = nock('https://api.github.com')
      .get('/repos/acme/service/git/trees/abc')
      .reply(
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
        { 'retry-after': '1', 'x-github-request-id': 'AB12:3456' },
      )
      .get('/repos/acme/service/git/trees/abc')
      .reply(200, { sha: 'abc', tree: [], truncated: false });
    const started = Date.now();
    const { data } = await client().request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner: 'acme',
      repo: 'service',
      tree_sha: 'abc',
    });
    expect(data).toMatchObject({ sha: 'abc' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(warnings).toContainEqual(
      expect.stringContaining(
        'Secondary rate limit hit on GET /repos/{owner}/{repo}/git/trees/{tree_sha}; retry 1 in 1 s',
      ),
    );
    scope.done();
  });

  it('logs a failed request with its GitHub request id', async () => {
    nock('https://api.github.com')
      .get('/repos/acme/missing')
      .reply(404, { message: 'Not Found' }, { 'x-github-request-id': 'FEED:BEEF' });
    await expect(
      client().request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'missing' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(warnings).toContainEqual(expect.stringContaining('→ 404 (request id FEED:BEEF)'));
  });

  it('paces writes per installation: one busy installation does not slow another', async () => {
    nock('https://api.github.com')
      .persist()
      .post(/^\/app\/installations\/\d+\/access_tokens$/)
      .reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {} })
      .post(/^\/repos\/acme\/(one|two)\/check-runs$/)
      .reply(201, { id: 1 });
    const probot = new Probot({
      appId: 1,
      privateKey: TEST_PRIVATE_KEY,
      Octokit: TcopOctokit,
      logLevel: 'fatal',
    });
    const [one, two] = await Promise.all([probot.auth(101), probot.auth(102)]);
    // Tokens first, so only the check-run writes are timed.
    await Promise.all([one.auth({ type: 'installation' }), two.auth({ type: 'installation' })]);
    const started = Date.now();
    await Promise.all([
      one.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: 'acme',
        repo: 'one',
        name: 'x',
        head_sha: 'a',
      }),
      two.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: 'acme',
        repo: 'two',
        name: 'x',
        head_sha: 'a',
      }),
    ]);
    expect(Date.now() - started).toBeLessThan(800);
    await one.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: 'acme',
      repo: 'one',
      name: 'y',
      head_sha: 'a',
    });
    // A second write by the same installation waits GitHub's recommended second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
