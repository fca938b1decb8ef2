import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import { FakeGitHub, type GraphqlFailure, type RecordedRequest } from '../../src/devtools/fake-github.js';
import { audit } from '../../src/engine/run.js';
import { openGitHubSource } from '../../src/snapshot/github-token.js';
import { readBlobs } from '../../src/snapshot/github/blobs.js';
import type { GitHubClient, RepoContext } from '../../src/snapshot/github/client.js';
import type { SnapshotRequest } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';

/**
 * Defect 3: GitHub answers a GraphQL query it cannot finish with a timeout (a 200 with
 * `data: null`), a 502/504 from its proxy, or RESOURCE_LIMITS_EXCEEDED. The blob batch is then
 * split in halves and each half tried again; what GitHub still will not serve is named as
 * unreadable, so its findings are unknown rather than "missing".
 */

const DOCS = Array.from({ length: 20 }, (_, i) => `docs/page${String(i).padStart(2, '0')}.md`);
const request: SnapshotRequest = {
  wants: ['**/*.md', 'LICENSE'],
  needs: [],
  ignore: [],
  maxFileBytes: 1024 * 1024,
  now: FIXED_NOW,
};

let fake: FakeGitHub;
holdToContract(() => fake);
const env = (): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url });
const source = () => openGitHubSource({ owner: 'acme', repo: 'many' }, env(), { paced: false });

/** The paths a blob query asks for. */
const pathsOf = (r: RecordedRequest): string[] =>
  [
    ...String((r.body as { query?: string }).query).matchAll(/object\(expression: "[0-9a-f]+:([^"]+)"\)/g),
  ].map((m) => m[1] as string);
const blobQueries = (): RecordedRequest[] => fake.requests.filter((r) => r.graphqlOperation === 'TcopBlobs');
const aliases = (n: number) => (r: RecordedRequest) =>
  r.graphqlOperation === 'TcopBlobs' && pathsOf(r).length > n;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  fake = new FakeGitHub();
  await fake.start();
  fake.addRepo({
    owner: 'acme',
    name: 'many',
    files: new Map([
      ['LICENSE', Buffer.from('MIT License\n\nCopyright (c) 2026 Acme\n')],
      ...DOCS.map((p): [string, Buffer] => [p, Buffer.from(`# ${p}\n`)]),
    ]),
  });
});
beforeEach(() => {
  fake.resetLog();
  fake.resetFailures();
});
afterAll(async () => {
  await fake.stop();
  nock.enableNetConnect();
});

describe('defect 3: a GraphQL blob batch GitHub cannot finish is split and retried', () => {
  it.each<GraphqlFailure>(['timeout', 'bad-gateway', 'gateway-timeout', 'resource-limit'])(
    'on %s, the halves are tried again and every file is read',
    async (kind) => {
      // GitHub fails every query asking for more than 8 files: 21 → 11 + 10 → four of 5 or 6.
      fake.failGraphql(kind, Number.POSITIVE_INFINITY, aliases(8));
      const data = await source().load(request);
      expect(Object.values(data.contents).every((c) => c.kind === 'text')).toBe(true);
      expect(Object.keys(data.contents)).toHaveLength(21);
      expect(data.complete).toBe(true);
      expect(data.incompleteReason).toBeUndefined();
      expect(blobQueries().map((r) => pathsOf(r).length)).toEqual([21, 11, 10, 6, 5, 5, 5]);
    },
  );

  it('keeps what answered and names the files GitHub would not serve: their findings are unknown', async () => {
    // Any query that asks for LICENSE times out, down to LICENSE alone.
    fake.failGraphql(
      'timeout',
      Number.POSITIVE_INFINITY,
      (r) => r.graphqlOperation === 'TcopBlobs' && pathsOf(r).includes('LICENSE'),
    );
    const data = await source().load(request);
    // 21 → 11 (with LICENSE) + 10 → 6 + 5 → 3 + 3 → 2 + 1 → 1 + 1: the other 20 files were read.
    expect(blobQueries().map((r) => pathsOf(r).length)).toEqual([21, 11, 10, 6, 5, 3, 3, 2, 1, 1, 1]);
    expect(Object.entries(data.contents).filter(([, c]) => c.kind !== 'text')).toEqual([
      ['LICENSE', { kind: 'skipped', reason: 'unreadable', size: 37 }],
    ]);
    expect(data.complete).toBe(false);
    const reason =
      '1 file could not be read, so its content is unknown (GitHub’s GraphQL API timed out): LICENSE';
    expect(data.incompleteReason).toBe(reason);

    const { report } = await audit(source(), { checks: [licenceFile], now: FIXED_NOW });
    expect(report.snapshot).toMatchObject({ complete: false, incompleteReason: reason });
    expect(report.snapshot.skipped).toEqual([{ path: 'LICENSE', reason: 'unreadable', size: 37 }]);
    expect(report.findings.map((f) => [f.check, f.status, f.messageId, f.location?.path])).toEqual([
      ['licence-file', 'unknown', 'unreadable', 'LICENSE'],
    ]);
  });

  it('an error that a smaller query would not cure (a bad credential) still fails the audit', async () => {
    fake.failNext({
      method: 'POST',
      path: /^\/graphql$/,
      status: 401,
      message: 'Bad credentials',
      times: 1,
      when: aliases(0),
    });
    await expect(source().load(request)).rejects.toThrow(
      "reading 21 files of acme/many: GitHub refused the App's installation token (401 Bad credentials)",
    );
    expect(blobQueries()).toHaveLength(1);
  });
});

describe('defect 3: partial answers are kept', () => {
  it('aliases GitHub answered are kept; only the ones an error names are asked again', async () => {
    const asked: string[][] = [];
    const client: GitHubClient = {
      request: () => Promise.reject(new Error('no REST here')),
      graphql: (query: string) => {
        const paths = [...query.matchAll(/"c:([^"]+)"/g)].map((m) => m[1] as string);
        asked.push(paths);
        const blob = (p: string) => ({ text: p, byteSize: p.length, isBinary: false, isTruncated: false });
        if (paths.length === 1) return Promise.resolve({ repository: { f0: blob(paths[0] as string) } });
        // GitHub gave up on the second alias but answered the others.
        return Promise.reject(
          Object.assign(new Error('Request failed due to following response errors'), {
            data: { repository: { f0: blob(paths[0] as string), f1: null, f2: blob(paths[2] as string) } },
            errors: [{ path: ['repository', 'f1'], message: 'timeout' }],
          }),
        );
      },
    };
    const ctx: RepoContext = {
      client,
      owner: 'o',
      repo: 'r',
      requests: { graphql: 0, rest: 0 },
      concurrency: 1,
    };
    const entries = ['a', 'b', 'c'].map((path) => ({ path, size: 1 }));
    const reading = await readBlobs(ctx, entries, 'c');
    expect(asked).toEqual([['a', 'b', 'c'], ['b']]);
    expect(reading.unreadable).toEqual([]);
    expect(
      Object.fromEntries(Object.entries(reading.contents).map(([p, c]) => [p, c.kind === 'text' && c.text])),
    ).toEqual({
      a: 'a',
      b: 'b',
      c: 'c',
    });
  });
});
