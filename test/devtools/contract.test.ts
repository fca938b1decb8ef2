import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGraphqlQuery } from '../../src/devtools/contract/graphql.js';
import { restContract } from '../../src/devtools/contract/rest.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { CONFIG_QUERY, blobQuery } from '../../src/snapshot/github/index.js';

/**
 * The contract harness itself: it must catch a request GitHub would not understand and an answer
 * GitHub would never give, or every test that relies on it proves nothing.
 */
const contract = restContract();

describe('the REST contract (@octokit/openapi)', () => {
  it('accepts a documented request', () => {
    expect(
      contract.checkRequest({
        method: 'POST',
        path: '/repos/acme/app/check-runs',
        query: {},
        body: {
          name: 'TCoP 3 · Open source',
          head_sha: 'a'.repeat(40),
          external_id: 'x',
          status: 'in_progress',
        },
      }),
    ).toEqual([]);
  });

  it('catches a misspelt body field', () => {
    expect(
      contract.checkRequest({
        method: 'POST',
        path: '/repos/acme/app/check-runs',
        query: {},
        body: { name: 'TCoP 3', head_sha: 'a'.repeat(40), exteral_id: 'x' },
      }),
    ).toEqual([
      {
        side: 'request',
        route: 'POST /repos/{owner}/{repo}/check-runs',
        message: 'body field `exteral_id` is not documented',
      },
    ]);
  });

  it('catches a misspelt field inside a nested object', () => {
    expect(
      contract
        .checkRequest({
          method: 'PATCH',
          path: '/repos/acme/app/check-runs/7',
          query: {},
          body: { output: { title: 't', summary: 's', anotations: [] } },
        })
        .map((v) => v.message),
    ).toEqual(['body field `output.anotations` is not documented']);
  });

  it('catches an undocumented query parameter and a wrongly typed one', () => {
    expect(
      contract
        .checkRequest({
          method: 'GET',
          path: '/repos/acme/app/commits/abc/check-runs',
          query: { filter: 'newest', per_page: '100', app_ids: '1' },
          body: undefined,
        })
        .map((v) => v.message),
    ).toEqual([
      'query parameter `filter`="newest" must be equal to one of the allowed values',
      'query parameter `app_ids` is not documented for this operation',
    ]);
  });

  it('catches a method and path GitHub has no operation for', () => {
    expect(
      contract.checkRequest({ method: 'PUT', path: '/repos/acme/app/check-runs', query: {}, body: {} }),
    ).toEqual([
      {
        side: 'request',
        route: 'PUT /repos/acme/app/check-runs',
        message: 'GitHub documents no operation for this method and path',
      },
    ]);
  });

  it('catches a completion without a conclusion, as GitHub refuses it', () => {
    expect(
      contract.checkRequest({
        method: 'PATCH',
        path: '/repos/acme/app/check-runs/7',
        query: {},
        body: { status: 'completed' },
      }),
    ).not.toEqual([]);
  });

  it('catches an answer GitHub would never give', () => {
    expect(
      contract.checkResponse({
        method: 'POST',
        path: '/repos/acme/app/check-runs',
        status: 201,
        body: { id: 1 },
      }),
    ).toEqual([
      {
        side: 'response',
        route: 'POST /repos/{owner}/{repo}/check-runs',
        message: "body (root) must have required property 'node_id'",
      },
    ]);
    expect(
      contract.checkResponse({ method: 'GET', path: '/repos/acme/app/git/trees/abc', status: 418, body: {} }),
    ).toEqual([
      {
        side: 'response',
        route: 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
        message: 'status 418 is not a documented answer of this operation',
      },
    ]);
  });
});

describe('the contract-checked fake GitHub', () => {
  const fake = new FakeGitHub();
  let octokit: Octokit;
  beforeAll(async () => {
    await fake.start();
    fake.addRepo({ owner: 'acme', name: 'app', files: new Map([['README.md', Buffer.from('# App\n')]]) });
    octokit = new Octokit({
      auth: 'ghp_person',
      baseUrl: fake.url,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  });
  afterAll(() => fake.stop());

  it('records a wrong request as a violation and refuses a body GitHub would refuse', async () => {
    await octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'app', colour: 'blue' });
    await expect(
      octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: 'acme',
        repo: 'app',
        name: 'x',
        head_sha: 'a'.repeat(40),
        status: 'finished' as 'queued',
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(() => fake.assertContract()).toThrow(
      /query parameter `colour` is not documented[\s\S]*body \/status must be equal to one of the allowed values/,
    );
    // Reported once: the next assertion starts clean.
    expect(() => fake.assertContract()).not.toThrow();
  });

  it('records an answer of the fake that breaks the contract', async () => {
    fake.failNext({
      method: 'GET',
      path: /^\/repos\/acme\/app$/,
      status: 200,
      times: 1,
      body: { name: 'app' },
    });
    await octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'app' });
    expect(() => fake.assertContract()).toThrow(
      /response GET \/repos\/\{owner\}\/\{repo\}: body \(root\) must have required property/,
    );
  });

  it('answers GraphQL on GitHub’s real schema: an unknown field is an error, as on GitHub', async () => {
    const answer = (await (
      await fetch(`${fake.url}/graphql`, {
        method: 'POST',
        headers: { authorization: 'token ghp_person' },
        body: JSON.stringify({ query: '{ repository(owner: "acme", name: "app") { isArchived stars } }' }),
      })
    ).json()) as { errors: { message: string }[] };
    expect(answer.errors.map((e) => e.message)).toEqual(['Cannot query field "stars" on type "Repository".']);
  });
});

describe('every GraphQL query the App builds is valid on GitHub’s schema', () => {
  it('the config query', () => {
    expect(validateGraphqlQuery(CONFIG_QUERY)).toEqual([]);
  });

  it('the blob query, with paths that need escaping', () => {
    expect(
      validateGraphqlQuery(
        blobQuery(['README.md', 'docs/a "quoted" name.md', 'ünïcode/ß.md'], 'a'.repeat(40)),
      ),
    ).toEqual([]);
  });

  it('and a broken one is caught', () => {
    expect(validateGraphqlQuery('query { repository(owner: "a") { name } }')).toEqual([
      'Field "repository" argument "name" of type "String!" is required, but it was not provided.',
    ]);
  });
});
