import nock from 'nock';
import { expect } from 'vitest';

/** A repository as the mocked API serves it: files per commit. */
export interface MockRepo {
  owner: string;
  name: string;
  defaultBranch?: string;
  visibility?: 'PUBLIC' | 'PRIVATE';
  archived?: boolean;
  /** Files by commit SHA; `HEAD` resolves to the first commit listed. */
  commits: Record<string, Record<string, string>>;
  /** The repository's own `.github/tcop.yml`, by commit. */
  config?: Record<string, string>;
}

export interface MockOptions {
  repos: MockRepo[];
  /** The org `.github` repository's config; absent: the org has no `.github` repository. */
  orgConfig?: string;
  permissions?: Record<string, string>;
  /** Existing check runs returned by the lookup, by commit. */
  existingRuns?: Record<string, { id: number; name: string; external_id: string }[]>;
  /** Answer the tree request with this status instead (error paths). */
  treeStatus?: number;
}

export interface RecordedBodies {
  /** Request bodies of check-run writes, in order. */
  checkRuns: { method: string; id?: number; body: Record<string, unknown> }[];
  graphql: { query: string; variables: Record<string, unknown> }[];
}

/**
 * Mocks api.github.com with nock for the App tests. Every request is recorded as one line
 * (`calls`) so a test asserts the exact API calls the App made, in order.
 */
export function mockGitHub(options: MockOptions): {
  calls: string[];
  bodies: RecordedBodies;
  scope: nock.Scope;
} {
  const calls: string[] = [];
  const bodies: RecordedBodies = { checkRuns: [], graphql: [] };
  const repoOf = (owner: string, name: string): MockRepo | undefined =>
    options.repos.find((r) => r.owner === owner && r.name === name);
  const resolve = (repo: MockRepo, rev: string): string | undefined =>
    rev === 'HEAD' ? Object.keys(repo.commits)[0] : rev in repo.commits ? rev : undefined;
  let nextRunId = 1;
  const record = (call: string): void => {
    calls.push(call);
    if (process.env.TRACE_MOCK) console.log(Date.now(), call);
  };

  const scope = nock('https://api.github.com')
    .persist()
    .post(/^\/app\/installations\/\d+\/access_tokens$/)
    .reply(function (uri) {
      record(`POST ${uri}`);
      return [
        201,
        {
          token: 'ghs_test',
          expires_at: '2099-01-01T00:00:00Z',
          permissions: options.permissions ?? {
            checks: 'write',
            contents: 'read',
            metadata: 'read',
            pull_requests: 'read',
          },
        },
      ];
    })
    .get('/app/installations')
    .query(true)
    .reply(function (uri) {
      record(`GET ${uri}`);
      return [
        200,
        [
          { id: 4500001, account: { login: 'acme-gov' }, suspended_at: null },
          { id: 4500002, account: { login: 'gone' }, suspended_at: '2026-01-01T00:00:00Z' },
        ],
      ];
    })
    .get('/installation/repositories')
    .query(true)
    .reply(function (uri) {
      record(`GET ${uri}`);
      const repositories = options.repos.map((r) => ({
        name: r.name,
        full_name: `${r.owner}/${r.name}`,
        archived: r.archived ?? false,
      }));
      return [200, { total_count: repositories.length, repositories }];
    })
    .post('/graphql')
    .reply(function (_uri, body) {
      const { query, variables = {} } = body as { query: string; variables?: Record<string, unknown> };
      bodies.graphql.push({ query, variables });
      const repo = repoOf(String(variables.owner), String(variables.name));
      if (query.includes('query TcopConfig')) {
        record(
          `GRAPHQL TcopConfig ${String(variables.owner)}/${String(variables.name)}@${String(variables.rev)}`,
        );
        if (!repo)
          return [
            200,
            {
              data: { repo: null, org: null },
              errors: [{ type: 'NOT_FOUND', path: ['repo'], message: 'Could not resolve to a Repository' }],
            },
          ];
        const sha = resolve(repo, String(variables.rev));
        const config = sha ? repo.config?.[sha] : undefined;
        const blob = (text: string | undefined) =>
          text === undefined ? null : { text, byteSize: text.length, isBinary: false, isTruncated: false };
        return [
          200,
          {
            data: {
              repo: {
                visibility: repo.visibility ?? 'PUBLIC',
                isArchived: false,
                pushedAt: '2026-11-20T10:00:00Z',
                defaultBranchRef: { name: repo.defaultBranch ?? 'main' },
                commit: sha ? { oid: sha } : null,
                config: blob(config),
              },
              org:
                options.orgConfig === undefined
                  ? null
                  : {
                      nameWithOwner: `${repo.owner}/.github`,
                      config: blob(options.orgConfig),
                      securityRoot: null,
                      securityGithub: null,
                      securityDocs: null,
                    },
            },
            ...(options.orgConfig === undefined
              ? {
                  errors: [
                    {
                      type: 'NOT_FOUND',
                      path: ['org'],
                      message: `Could not resolve to a Repository with the name '${repo.owner}/.github'.`,
                    },
                  ],
                }
              : {}),
          },
        ];
      }
      const expressions = [...query.matchAll(/(f\d+): object\(expression: "([0-9a-f]+):([^"]+)"\)/g)];
      record(
        `GRAPHQL TcopBlobs ${String(variables.owner)}/${String(variables.name)}@${expressions[0]?.[2] ?? ''} ${expressions.map((m) => m[3]).join(',')}`,
      );
      const data: Record<string, unknown> = {};
      for (const [, alias, sha, path] of expressions) {
        const text = repo?.commits[sha as string]?.[path as string];
        data[alias as string] =
          text === undefined
            ? null
            : { text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false };
      }
      return [200, { data: { repository: data } }];
    })
    .get(/^\/repos\/[^/]+\/[^/]+\/git\/trees\/[^/?]+/)
    .reply(function (uri) {
      record(`GET ${uri}`);
      if (options.treeStatus)
        return [options.treeStatus, { message: 'Server Error' }, { 'x-github-request-id': 'C0DE:1234:ABCD' }];
      const [, owner, name, sha] = /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/?]+)/.exec(
        uri,
      ) as unknown as [string, string, string, string];
      const files = repoOf(owner, name)?.commits[sha] ?? {};
      return [
        200,
        {
          sha,
          truncated: false,
          tree: Object.entries(files).map(([path, text]) => ({
            path,
            mode: '100644',
            type: 'blob',
            sha: 'b'.repeat(40),
            size: Buffer.byteLength(text),
          })),
        },
      ];
    })
    .get(/^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+\/check-runs/)
    .reply(function (uri) {
      record(`GET ${uri}`);
      const sha = /commits\/([^/]+)\/check-runs/.exec(uri)?.[1] ?? '';
      const runs = options.existingRuns?.[sha] ?? [];
      return [200, { total_count: runs.length, check_runs: runs }];
    })
    .post(/^\/repos\/[^/]+\/[^/]+\/check-runs$/)
    .reply(function (uri, body) {
      const b = body as Record<string, unknown>;
      record(`POST ${uri} ${String(b.name)} ${String(b.status)}`);
      bodies.checkRuns.push({ method: 'POST', body: b });
      return [201, { id: nextRunId++, name: b.name, head_sha: b.head_sha, external_id: b.external_id }];
    })
    .patch(/^\/repos\/[^/]+\/[^/]+\/check-runs\/\d+$/)
    .reply(function (uri, body) {
      const b = body as Record<string, unknown>;
      const id = Number(uri.split('/').pop());
      record(`PATCH ${uri} ${String(b.conclusion ?? b.status ?? 'output')}`);
      bodies.checkRuns.push({ method: 'PATCH', id, body: b });
      return [200, { id }];
    });
  return { calls, bodies, scope };
}

const isWrite = (call: string): boolean => /^(POST|PATCH) \S*\/check-runs/.test(call);

/** The commit a read is about, so reads of different commits may interleave. */
const commitOf = (call: string): string => /[0-9a-f]{40}/.exec(call)?.[0] ?? '';

/**
 * Asserts the exact calls: the same writes in the same order, and the same reads in the same
 * order per commit. Reads overlap writes (the runs show "in progress" while the snapshot loads)
 * and a pull request's base is read alongside its head, so only that interleaving is free;
 * every completion still comes after the last read.
 */
export function expectCalls(actual: readonly string[], expected: readonly string[]): void {
  expect(actual.filter(isWrite)).toEqual(expected.filter(isWrite));
  const reads = (calls: readonly string[]): Record<string, string[]> => {
    const byCommit: Record<string, string[]> = {};
    for (const c of calls.filter((c) => !isWrite(c))) (byCommit[commitOf(c)] ??= []).push(c);
    return byCommit;
  };
  expect(reads(actual)).toEqual(reads(expected));
  const lastRead = Math.max(...actual.map((c, i) => (isWrite(c) ? -1 : i)));
  const firstCompletion = actual.findIndex((c) => / (success|failure|neutral|action_required)$/.test(c));
  if (firstCompletion >= 0) expect(firstCompletion).toBeGreaterThan(lastRead);
}
