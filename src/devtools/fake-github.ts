import { createHash, createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { appendFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { groups } from '../../checks/lib/groups.js';
import { restContract, type ContractViolation, type RestContract } from './contract/rest.js';
import {
  annotationJson,
  applyCheckRunWrite,
  checkRunJson,
  createCheckRun,
  invalidCheckRunWrite,
  latestByName,
  type CheckRunInput,
  type FakeCheckRun,
} from './fake/check-runs.js';
import { executeGraphql, GraphqlNotFound, type GraphqlObject } from './fake/graphql.js';
import {
  FAKE_APP_ID,
  installationJson,
  repositoryJson,
  userJson,
  type InstallationShape,
} from './fake/objects.js';

export type { CheckRunInput, FakeAnnotation, FakeCheckRun } from './fake/check-runs.js';
export { FAKE_APP_ID } from './fake/objects.js';
export type { ContractViolation } from './contract/rest.js';

/**
 * A loopback GitHub: the endpoints the App uses, served from fixture directories and generated
 * repositories, over real HTTP, recording every request and every check run posted. Held to
 * GitHub's published contracts: every request is checked against the REST description
 * (@octokit/openapi) and every answer validated against it, GraphQL runs on GitHub's real schema,
 * and the behaviours the App depends on (appended annotations, output limits, permissions,
 * pagination, rate limits) are GitHub's. For tests, the offline demo and the benchmark; never
 * for production.
 */

export interface FakeRepoOptions {
  owner: string;
  name: string;
  files: Map<string, Buffer>;
  visibility?: 'public' | 'private' | 'internal';
  archived?: boolean;
  defaultBranch?: string;
  installationId?: number;
  /** The first commit's SHA (recorded payloads name theirs); made up when absent. */
  sha?: string;
  /** Organisation custom properties (`supplier: acme`), as listings show them. */
  customProperties?: Record<string, string | string[]>;
}

interface FakeCommit {
  sha: string;
  files: Map<string, Buffer>;
}

interface FakeRepo extends Required<Omit<FakeRepoOptions, 'files' | 'sha' | 'customProperties'>> {
  customProperties?: Record<string, string | string[]>;
  /** Files by commit, oldest first; a commit made without files keeps the previous ones. */
  commits: FakeCommit[];
  pushedAt: string;
  updatedAt: string;
  /** Tags: lightweight (a commit) or annotated (a tag object pointing at one). */
  tags: Map<string, { commit: string; annotated?: { sha: string } }>;
  /** Ruleset rules by branch, as `GET /rules/branches/{branch}` lists them. */
  rules: Map<string, Record<string, unknown>[]>;
  /** Classic branch protection by branch. */
  protection: Map<string, Record<string, unknown>>;
  privateVulnerabilityReporting: boolean;
  secretScanning: 'enabled' | 'disabled';
  pulls: FakePull[];
}

export interface FakePull {
  number: number;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  /** The head lives in a fork (another owner's repository). */
  fork?: boolean;
  state?: 'open' | 'closed';
}

interface TreeIndex {
  rootSha: string;
  /** Directory path ('' for the root) by tree SHA. */
  dirBySha: Map<string, string>;
  shaByDir: Map<string, string>;
  /** Direct children of each directory. */
  children: Map<string, { name: string; type: 'blob' | 'tree'; sha: string; size?: number }[]>;
  blobSha: Map<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** `token` for installation tokens, `jwt` for the App's own JWT. */
  auth: 'token' | 'jwt' | 'none';
  at: number;
  /** The response status, once answered: a 304 is a conditional request that cost nothing. */
  status?: number;
  /** Whether the request carried `If-None-Match`. */
  conditional?: boolean;
  /** The documented operation (`GET /repos/{owner}/{repo}`), when there is one. */
  operation?: string;
  /** The GraphQL operation name (`TcopConfig`), for GraphQL requests. */
  graphqlOperation?: string;
}

export type GraphqlFailure =
  'timeout' | 'resource-limit' | 'server-error' | 'bad-gateway' | 'gateway-timeout';

export interface InjectedFailure {
  method: string;
  /** Matches the request path (without query). */
  path: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
  message?: string;
  /** The whole answer body instead of `{ message }`. */
  body?: unknown;
  /** Only requests this accepts fail (e.g. GraphQL queries with more than N aliases). */
  when?: (request: RecordedRequest) => boolean;
  /** Answers only after this long: a GitHub slow enough to outlast a worker's shutdown. */
  delayMs?: number;
}

export interface FakeGitHubOptions {
  /** Permissions the installation tokens grant (every installation, unless set per installation). */
  permissions?: Record<string, string>;
  /** GitHub truncates recursive trees beyond 100,000 entries or 7 MB (docs: REST git trees). */
  treeEntryLimit?: number;
  treeByteLimit?: number;
  /**
   * Primary rate limit per token and resource (`core`, `graphql`) per hour: 5,000 by default. A 304
   * answer to a conditional request does not count, as GitHub documents; past the limit the fake
   * answers 403 with `x-ratelimit-remaining: 0`, as GitHub does.
   */
  rateLimit?: number;
  /**
   * Points each GraphQL query costs, charged against the `graphql` limit and answered in
   * `rateLimit { cost }`: 1 by default, GitHub's minimum and its cost for queries without connections.
   */
  graphqlCost?: number;
  /** Check every request and response against GitHub's REST description (default true). */
  contract?: boolean;
}

/** The installation of the recorded webhook payloads (fixtures/webhooks): repositories belong to it unless told. */
export const DEFAULT_INSTALLATION_ID = 4500001;

const DEFAULT_PERMISSIONS = { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read' };
const LEVELS: Record<string, number> = { read: 1, write: 2, admin: 3 };

const sha1 = (text: string | Buffer): string => createHash('sha1').update(text).digest('hex');

/** Git's blob id: SHA-1 of `blob <size>\0<content>`. */
function gitBlobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

interface RateState {
  key: string;
  resource: 'core' | 'graphql';
  used: number;
}

/** Who is calling: the App (JWT), an installation (its token), a person's token, or nobody. */
type Caller =
  { kind: 'app' } | { kind: 'installation'; id: number } | { kind: 'user'; token: string } | { kind: 'none' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Handler = (ctx: RequestContext, m: RegExpExecArray) => Promise<void> | void;

interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: unknown;
  caller: Caller;
  recorded: RecordedRequest;
}

export class FakeGitHub extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly checkRuns = new Map<number, FakeCheckRun>();
  /** Every departure from GitHub's REST contract seen, by the App's requests or the fake's answers. */
  readonly violations: ContractViolation[] = [];
  /** Requests and answers held to the contract, and violations found: for the closing figures. */
  readonly contractStats = { requests: 0, responses: 0, violations: 0 };
  private readonly repos = new Map<string, FakeRepo>();
  private readonly installations = new Map<number, InstallationShape>();
  private readonly indexes = new WeakMap<Map<string, Buffer>, TreeIndex>();
  /** Every tree id served, to answer requests for subtrees. */
  private readonly treeById = new Map<string, { index: TreeIndex; dir: string }>();
  private readonly failures: InjectedFailure[] = [];
  private readonly contract: RestContract | undefined;
  private server: Server | undefined;
  /** Requests counted against the primary limit, by token and resource, since the window began. */
  private readonly used = new Map<string, number>();
  private rateWindowStart = Date.now();
  private nextCheckRunId = 1;
  private requestCounter = 0;
  private tokenCounter = 0;
  private readonly tokens = new Map<string, number>();
  url = '';

  constructor(private readonly options: FakeGitHubOptions = {}) {
    super();
    this.contract = options.contract === false ? undefined : restContract();
  }

  get permissions(): Record<string, string> {
    return this.options.permissions ?? DEFAULT_PERMISSIONS;
  }

  addRepo(options: FakeRepoOptions): string {
    const repo: FakeRepo = {
      owner: options.owner,
      name: options.name,
      visibility: options.visibility ?? 'public',
      archived: options.archived ?? false,
      defaultBranch: options.defaultBranch ?? 'main',
      installationId: options.installationId ?? DEFAULT_INSTALLATION_ID,
      commits: [],
      pushedAt: '2026-11-20T10:00:00Z',
      updatedAt: '2026-11-20T10:00:00Z',
      tags: new Map(),
      rules: new Map(),
      protection: new Map(),
      privateVulnerabilityReporting: false,
      secretScanning: 'disabled',
      pulls: [],
      ...(options.customProperties ? { customProperties: options.customProperties } : {}),
    };
    this.repos.set(`${options.owner}/${options.name}`.toLowerCase(), repo);
    this.installation(repo.installationId, options.owner);
    return this.commit(options.owner, options.name, options.files, options.sha);
  }

  /** A new commit (new SHA, or the one given), as a push would make: of new files, or of the same ones. */
  commit(owner: string, name: string, files?: Map<string, Buffer>, sha?: string): string {
    const repo = this.repo(owner, name);
    sha ??= sha1(`${owner}/${name}#${repo.commits.length}#${randomUUID()}`);
    repo.commits.push({ sha, files: files ?? (repo.commits.at(-1)?.files as Map<string, Buffer>) });
    return sha;
  }

  /** The files of a commit, to derive the next one from. */
  files(owner: string, name: string, sha?: string): Map<string, Buffer> {
    const repo = this.repo(owner, name);
    return (sha ? repo.commits.find((c) => c.sha === sha) : repo.commits.at(-1))?.files ?? new Map();
  }

  /** Loads every directory under `dir` as a repository `owner/<directory name>`. */
  async addFixtures(dir: string, owner: string, installationId = DEFAULT_INSTALLATION_ID): Promise<string[]> {
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const name of names)
      this.addRepo({ owner, name, files: await readTree(path.join(dir, name)), installationId });
    return names;
  }

  /** Sets an installation's permissions, account or suspension (created on first use). */
  setInstallation(
    id: number,
    change: Partial<Pick<InstallationShape, 'permissions' | 'account' | 'accountType' | 'suspendedAt'>>,
  ): void {
    Object.assign(this.installation(id, change.account ?? `account-${id}`), change);
  }

  /** A tag: lightweight by default, annotated (its own object id, peeled to the commit) when asked. */
  tag(owner: string, name: string, tag: string, commit: string, annotated = false): string {
    const repo = this.repo(owner, name);
    const object = annotated ? sha1(`tag:${owner}/${name}:${tag}:${commit}`) : undefined;
    repo.tags.set(tag, { commit, ...(object ? { annotated: { sha: object } } : {}) });
    return object ?? commit;
  }

  /** The ruleset rules GitHub lists for a branch (`type` and `parameters`, as in its docs). */
  setBranchRules(
    owner: string,
    name: string,
    branch: string,
    rules: readonly Record<string, unknown>[],
  ): void {
    this.repo(owner, name).rules.set(
      branch,
      rules.map((r, i) => ({
        ruleset_source_type: 'Repository',
        ruleset_source: `${owner}/${name}`,
        ruleset_id: 100 + i,
        ...r,
      })),
    );
  }

  /** Classic branch protection of a branch (the REST body GitHub answers), or none. */
  setProtection(
    owner: string,
    name: string,
    branch: string,
    protection: Record<string, unknown> | null,
  ): void {
    const repo = this.repo(owner, name);
    if (protection) repo.protection.set(branch, protection);
    else repo.protection.delete(branch);
  }

  /** Repository settings only an administrator sees. */
  setSecuritySettings(
    owner: string,
    name: string,
    settings: { privateVulnerabilityReporting?: boolean; secretScanning?: 'enabled' | 'disabled' },
  ): void {
    const repo = this.repo(owner, name);
    if (settings.privateVulnerabilityReporting !== undefined)
      repo.privateVulnerabilityReporting = settings.privateVulnerabilityReporting;
    if (settings.secretScanning) repo.secretScanning = settings.secretScanning;
  }

  /** An open pull request of `owner/name`, for the commit-to-PR lookup. */
  addPull(owner: string, name: string, pull: FakePull): void {
    this.repo(owner, name).pulls.push(pull);
  }

  /** A check run made earlier (by this App unless `appId` says otherwise), as a test's starting point. */
  addCheckRun(owner: string, name: string, input: CheckRunInput, appId = FAKE_APP_ID): number {
    const repo = this.repo(owner, name);
    const run = createCheckRun(this.nextCheckRunId++, repo.owner, repo.name, appId, input);
    this.checkRuns.set(run.id, run);
    return run.id;
  }

  /** Every check run of a commit in `owner/name`, oldest first: what GitHub keeps, not just the latest. */
  checkRunsFor(owner: string, name: string, sha: string): FakeCheckRun[] {
    return [...this.checkRuns.values()]
      .filter((r) => r.owner === owner && r.repo === name && r.head_sha === sha)
      .sort((a, b) => a.id - b.id);
  }

  /** Makes the next `times` matching requests fail (5xx, rate limits), to test resilience. */
  failNext(failure: InjectedFailure): void {
    this.failures.push({ ...failure });
  }

  /**
   * GraphQL failures as GitHub produces them: a timeout is a 200 with `data: null` and an error;
   * a resource limit is a 200 with a `RESOURCE_LIMITS_EXCEEDED` error; 502 and 504 come from the
   * proxy in front of it.
   */
  failGraphql(kind: GraphqlFailure, times = 1, when?: (request: RecordedRequest) => boolean): void {
    const base = { method: 'POST', path: /^\/graphql$/, times, ...(when ? { when } : {}) };
    if (kind === 'timeout')
      this.failNext({
        ...base,
        status: 200,
        body: {
          data: null,
          errors: [
            {
              message:
                'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `FAKE:0000` when reporting this issue.',
            },
          ],
        },
      });
    else if (kind === 'resource-limit')
      this.failNext({
        ...base,
        status: 200,
        body: {
          data: null,
          errors: [
            {
              type: 'RESOURCE_LIMITS_EXCEEDED',
              message: 'Resource limits for this query exceeded.',
            },
          ],
        },
      });
    else
      this.failNext({
        ...base,
        status: { 'server-error': 500, 'bad-gateway': 502, 'gateway-timeout': 504 }[kind],
        message: kind === 'gateway-timeout' ? 'We couldn’t respond to your request in time.' : 'Server Error',
      });
  }

  /** The next matching requests hit a rate limit: secondary (`retry-after`) or primary (remaining 0). */
  failRateLimit(
    kind: 'secondary' | 'secondary-429' | 'primary',
    method: string,
    path: RegExp,
    options: { times?: number; seconds?: number } = {},
  ): void {
    const seconds = options.seconds ?? 1;
    const times = options.times ?? 1;
    if (kind === 'primary')
      this.failNext({
        method,
        path,
        times,
        status: 403,
        message: 'API rate limit exceeded for installation.',
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + seconds),
        },
      });
    else
      this.failNext({
        method,
        path,
        times,
        status: kind === 'secondary' ? 403 : 429,
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        headers: { 'retry-after': String(seconds) },
      });
  }

  /** Changes a repository's visibility or archive state, as its owner would in Settings. */
  updateRepo(
    owner: string,
    name: string,
    change: Partial<Pick<FakeRepo, 'visibility' | 'archived' | 'defaultBranch'>>,
  ): void {
    Object.assign(this.repo(owner, name), change, { updatedAt: new Date().toISOString() });
  }

  /** Starts a new rate-limit window: every token has its whole limit again. */
  resetRateLimit(): void {
    this.used.clear();
    this.rateWindowStart = Date.now();
  }

  /** The annotations GitHub keeps for a run: everything ever posted to it, in order. */
  annotations(id: number): FakeCheckRun['output']['annotations'] {
    return this.checkRuns.get(id)?.output.annotations ?? [];
  }

  /** Throws listing every contract violation seen since the last call, then forgets them. */
  assertContract(): void {
    const seen = this.violations.splice(0);
    if (seen.length > 0)
      throw new Error(
        `GitHub's REST contract was broken ${seen.length} time(s):\n${seen.map((v) => `  ${v.side} ${v.route}: ${v.message}`).join('\n')}`,
      );
  }

  private installation(id: number, account: string): InstallationShape {
    let installation = this.installations.get(id);
    if (!installation) {
      installation = {
        id,
        account,
        accountType: 'Organization',
        permissions: this.permissions,
        suspendedAt: null,
        repositorySelection: 'all',
      };
      this.installations.set(id, installation);
    }
    return installation;
  }

  private repo(owner: string, name: string): FakeRepo {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo)
      throw new GraphqlNotFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
    return repo;
  }

  private findRepo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, { message: String((error as Error).stack ?? error) });
      });
    });
    // A client keeps idle sockets about 4 s; a server that closes them first (Node's 5 s, on a
    // loaded machine) resets a request sent just then: GitHub keeps them far longer.
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    // TCOP_CONTRACT_STATS=<file> appends what this fake held to the contract, one JSON line.
    const statsFile = process.env.TCOP_CONTRACT_STATS;
    if (statsFile) appendFileSync(statsFile, `${JSON.stringify(this.contractStats)}\n`);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forgets the failures still waiting to happen (those injected for good with `times: Infinity`). */
  resetFailures(): void {
    this.failures.length = 0;
  }

  /** Forgets recorded requests (between benchmark iterations). */
  resetLog(): void {
    this.requests.length = 0;
  }

  /** Resolves once every named check run of `sha` is completed. */
  waitForCheckRuns(sha: string, count: number, timeoutMs = 30_000): Promise<FakeCheckRun[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const runs = latestByName([...this.checkRuns.values()].filter((r) => r.head_sha === sha));
        if (runs.length >= count && runs.every((r) => r.status === 'completed')) {
          clearTimeout(timer);
          this.off('check-run', check);
          resolve(runs);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.off('check-run', check);
        reject(new Error(`timed out waiting for ${count} completed check runs on ${sha}`));
      }, timeoutMs);
      if (!check()) this.on('check-run', check);
    });
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    raw?: string,
  ): void {
    const text = raw ?? (body === undefined ? '' : JSON.stringify(body));
    const rate = (res as ServerResponse & { rate?: RateState }).rate;
    const limit = this.options.rateLimit ?? 5000;
    const recorded = (res as ServerResponse & { recorded?: RecordedRequest }).recorded;
    if (recorded) {
      recorded.status = status;
      if (this.contract && recorded.path !== '/graphql' && raw === undefined) {
        const found = this.contract.checkResponse({
          method: recorded.method,
          path: recorded.path,
          status,
          body,
        });
        this.contractStats.responses++;
        this.contractStats.violations += found.length;
        this.violations.push(...found);
      }
    }
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${++this.requestCounter}`,
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - (rate?.used ?? 1))),
      'x-ratelimit-used': String(rate?.used ?? 1),
      'x-ratelimit-resource': rate?.resource ?? 'core',
      'x-ratelimit-reset': String(Math.floor(this.rateWindowStart / 1000) + 3600),
      ...headers,
    });
    res.end(text);
  }

  /**
   * A GET answered with an ETag; `If-None-Match` with the same tag gets 304 and no body, and is not
   * counted against the rate limit (docs: REST API best practices, conditional requests).
   */
  private sendCached(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    options: { raw?: string; headers?: Record<string, string> } = {},
  ): void {
    const payload = options.raw ?? JSON.stringify(body);
    const etag = `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 40)}"`;
    const sent = req.headers['if-none-match'];
    const rate = (res as ServerResponse & { rate?: RateState }).rate;
    if (sent && sent.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.slice(2))) {
      if (rate) this.refund(rate);
      return this.send(res, 304, undefined, { etag });
    }
    const type: Record<string, string> =
      options.raw === undefined ? {} : { 'content-type': 'application/vnd.github.sha' };
    this.send(res, 200, body, { etag, ...type, ...options.headers }, options.raw);
  }

  private refund(rate: RateState): void {
    rate.used--;
    this.used.set(rate.key, rate.used);
  }

  /** Counts the request against its token's limit; false when the limit is spent. */
  private charge(authorization: string, resource: 'core' | 'graphql', res: ServerResponse): boolean {
    if (Date.now() - this.rateWindowStart >= 3600_000) this.resetRateLimit();
    const key = `${authorization || 'anonymous'}\u0000${resource}`;
    const used = (this.used.get(key) ?? 0) + (resource === 'graphql' ? (this.options.graphqlCost ?? 1) : 1);
    const limit = this.options.rateLimit ?? 5000;
    const rate: RateState = { key, resource, used: Math.min(used, limit) };
    (res as ServerResponse & { rate?: RateState }).rate = rate;
    if (used > limit) return false;
    this.used.set(key, used);
    return true;
  }

  private callerOf(authorization: string): Caller {
    const [scheme = '', credential = ''] = authorization.split(/\s+/, 2);
    if (!credential) return { kind: 'none' };
    if (/^bearer$/i.test(scheme) && credential.split('.').length === 3) return { kind: 'app' };
    const installation = this.tokens.get(credential);
    if (installation !== undefined) return { kind: 'installation', id: installation };
    return { kind: 'user', token: credential };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.send(res, 400, { message: 'Problems parsing JSON' });
    }
    const authorization = req.headers.authorization ?? '';
    const method = req.method ?? 'GET';
    const caller = this.callerOf(authorization);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      auth: caller.kind === 'app' ? 'jwt' : caller.kind === 'none' ? 'none' : 'token',
      at: performance.now(),
      conditional: req.headers['if-none-match'] !== undefined,
    };
    if (url.pathname === '/graphql')
      recorded.graphqlOperation = /^\s*(?:query|mutation)\s+(\w+)/.exec(
        (body as { query?: string } | undefined)?.query ?? '',
      )?.[1];
    this.requests.push(recorded);
    (res as ServerResponse & { recorded?: RecordedRequest }).recorded = recorded;

    if (this.contract && url.pathname !== '/graphql') {
      recorded.operation = this.contract.describe(method, url.pathname);
      const found = this.contract.checkRequest({ method, path: url.pathname, query: recorded.query, body });
      this.contractStats.requests++;
      this.contractStats.violations += found.length;
      this.violations.push(...found);
      // GitHub refuses a body its schema rejects; unknown fields and query parameters it ignores.
      const refused = found.find(
        (v) => v.message.startsWith('body ') && !v.message.includes('not documented'),
      );
      if (refused) return this.send(res, 422, { message: 'Invalid request.', errors: [refused.message] });
    }

    if (!this.charge(authorization, url.pathname === '/graphql' ? 'graphql' : 'core', res))
      return this.send(res, 403, {
        message: 'API rate limit exceeded',
        documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
      });

    const failure = this.failures.find(
      (f) => f.times > 0 && f.method === method && f.path.test(url.pathname) && (!f.when || f.when(recorded)),
    );
    if (failure) {
      failure.times--;
      if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs).unref());
      if (res.destroyed) return;
      return this.send(
        res,
        failure.status,
        failure.body ?? { message: failure.message ?? 'injected failure' },
        {
          ...failure.headers,
        },
      );
    }

    const route = `${method} ${url.pathname}`;
    const ctx: RequestContext = { req, res, url, body, caller, recorded };
    try {
      for (const [pattern, handler] of this.routes) {
        const m = pattern.exec(route);
        if (m) return await handler(ctx, m);
      }
    } catch (error) {
      if (error instanceof HttpError)
        return this.send(
          res,
          error.status,
          {
            message: error.message,
            documentation_url: 'https://docs.github.com/rest',
            status: String(error.status),
          },
          error.headers,
        );
      if (error instanceof GraphqlNotFound) return this.send(res, 404, { message: 'Not Found' });
      throw error;
    }
    return this.send(res, 404, { message: `the fake GitHub does not serve ${route}` });
  }

  /** The repository a request names, as its caller may see it: 404 when it may not. */
  private visibleRepo(ctx: RequestContext, owner: string, name: string): FakeRepo {
    const repo = this.findRepo(decodeURIComponent(owner), decodeURIComponent(name));
    if (!repo || !this.canSee(ctx.caller, repo)) throw new HttpError(404, 'Not Found');
    return repo;
  }

  /**
   * An installation's token sees its installation's repositories, and public ones for reading;
   * a private repository outside it does not exist for that token.
   */
  private canSee(caller: Caller, repo: FakeRepo): boolean {
    if (repo.visibility === 'public') return true;
    if (caller.kind === 'installation') return caller.id === repo.installationId;
    return caller.kind === 'user';
  }

  /** 403 "Resource not accessible by integration", naming what would be accepted, as GitHub does. */
  private requirePermission(
    ctx: RequestContext,
    repo: FakeRepo,
    permission: string,
    level: 'read' | 'write',
  ): void {
    if (ctx.caller.kind !== 'installation') return;
    const installation = this.installations.get(ctx.caller.id);
    const granted = installation?.permissions[permission];
    const inInstallation = ctx.caller.id === repo.installationId;
    if (!inInstallation && level === 'write')
      throw new HttpError(403, 'Resource not accessible by integration', {
        'x-accepted-github-permissions': `${permission}=${level}`,
      });
    if (inInstallation && (LEVELS[granted ?? ''] ?? 0) < (LEVELS[level] ?? 0))
      throw new HttpError(403, 'Resource not accessible by integration', {
        'x-accepted-github-permissions': `${permission}=${level}`,
      });
  }

  private hasPermission(caller: Caller, repo: FakeRepo, permission: string): boolean {
    if (caller.kind !== 'installation') return caller.kind === 'user';
    if (caller.id !== repo.installationId) return false;
    return (LEVELS[this.installations.get(caller.id)?.permissions[permission] ?? ''] ?? 0) >= 1;
  }

  private requireApp(ctx: RequestContext): void {
    if (ctx.caller.kind !== 'app') throw new HttpError(401, 'A JSON web token could not be decoded');
  }

  private requireInstallation(ctx: RequestContext): number {
    if (ctx.caller.kind !== 'installation') throw new HttpError(401, 'Bad credentials');
    return ctx.caller.id;
  }

  /** Pages a list as GitHub does: `per_page` (default 30, at most 100), `page`, and a `Link` header. */
  private paginate<T>(ctx: RequestContext, items: readonly T[], wrap: (page: T[]) => unknown): void {
    const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(ctx.url.searchParams.get('page') ?? 1) || 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string): string => {
      const next = new URL(`${this.url}${ctx.url.pathname}${ctx.url.search}`);
      next.searchParams.set('page', String(p));
      return `<${next.toString()}>; rel="${rel}"`;
    };
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
    ];
    this.sendCached(ctx.req, ctx.res, wrap(slice), {
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    });
  }

  private readonly routes: [RegExp, Handler][] = [
    [
      /^POST \/app\/installations\/(?<id>\d+)\/access_tokens$/,
      (ctx, m) => {
        this.requireApp(ctx);
        const installation = this.installations.get(Number(groups(m, 'id').id));
        if (!installation) throw new HttpError(404, 'Not Found');
        if (installation.suspendedAt) throw new HttpError(403, 'This installation has been suspended');
        const token = `ghs_fake${installation.id}x${++this.tokenCounter}`;
        this.tokens.set(token, installation.id);
        this.send(ctx.res, 201, {
          token,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: installation.permissions,
          repository_selection: installation.repositorySelection,
        });
      },
    ],
    [
      /^GET \/app\/installations$/,
      (ctx) => {
        this.requireApp(ctx);
        const list = [...this.installations.values()].map((i) => installationJson(this.url, i));
        this.paginate(ctx, list, (page) => page);
      },
    ],
    [
      /^GET \/installation\/repositories$/,
      (ctx) => {
        const id = this.requireInstallation(ctx);
        const repositories = [...this.repos.values()]
          .filter((r) => r.installationId === id)
          .map((r) => this.repoJson(r));
        this.paginate(ctx, repositories, (page) => ({
          total_count: repositories.length,
          repositories: page,
          repository_selection: this.installations.get(id)?.repositorySelection ?? 'all',
        }));
      },
    ],
    [/^POST \/graphql$/, (ctx) => this.graphql(ctx)],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/git\/trees\/(?<ref>[^/]+)$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'contents', 'read');
        this.tree(
          ctx.req,
          ctx.res,
          repo,
          decodeURIComponent(groups(m, 'ref').ref),
          ctx.url.searchParams.has('recursive'),
        );
      },
    ],
    [/^POST \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/check-runs$/, (ctx, m) => this.createRun(ctx, m)],
    [
      /^PATCH \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/check-runs\/(?<id>\d+)$/,
      (ctx, m) => this.updateRun(ctx, m),
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/check-runs\/(?<id>\d+)\/annotations$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'checks', 'read');
        const run = this.checkRuns.get(Number(groups(m, 'id').id));
        if (!run || run.owner !== repo.owner || run.repo !== repo.name) throw new HttpError(404, 'Not Found');
        this.paginate(ctx, run.output.annotations, (page) =>
          page.map((a) => annotationJson(this.url, run, a)),
        );
      },
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<ref>[^/]+)\/check-runs$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'checks', 'read');
        const ref = decodeURIComponent(groups(m, 'ref').ref);
        const sha = this.commitOf(repo, ref)?.sha ?? ref;
        const q = ctx.url.searchParams;
        let runs = [...this.checkRuns.values()].filter(
          (r) => r.owner === repo.owner && r.repo === repo.name && r.head_sha === sha,
        );
        const appId = q.get('app_id');
        if (appId) runs = runs.filter((r) => r.app_id === Number(appId));
        const name = q.get('check_name');
        if (name) runs = runs.filter((r) => r.name === name);
        const status = q.get('status');
        if (status) runs = runs.filter((r) => r.status === status);
        if ((q.get('filter') ?? 'latest') === 'latest') runs = latestByName(runs);
        runs.sort((a, b) => b.id - a.id);
        this.paginate(ctx, runs, (page) => ({
          total_count: runs.length,
          check_runs: page.map((r) => checkRunJson(this.url, r)),
        }));
      },
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<ref>[^/]+)\/pulls$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'pull_requests', 'read');
        const sha = decodeURIComponent(groups(m, 'ref').ref);
        const pulls = repo.pulls.filter((p) => p.headSha === sha && (p.state ?? 'open') === 'open');
        this.paginate(ctx, pulls, (page) => page.map((p) => this.pullJson(repo, p)));
      },
    ],
    [
      /^GET \/(?<kind>orgs|users)\/(?<login>[^/]+)\/repos$/,
      (ctx, m) =>
        this.listOwnerRepos(
          ctx.req,
          ctx.res,
          groups(m, 'kind').kind === 'orgs',
          decodeURIComponent(groups(m, 'login').login),
          ctx.url,
        ),
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<ref>[^/]+)$/,
      (ctx, m) => {
        const repo = this.findRepo(groups(m, 'owner').owner, groups(m, 'repo').repo);
        const commit = repo && this.commitOf(repo, decodeURIComponent(groups(m, 'ref').ref));
        // Private repositories exist only for their installation's token: to anyone else, 404.
        const readable =
          repo &&
          (repo.visibility === 'public' ||
            (ctx.caller.kind === 'installation' && ctx.caller.id === repo.installationId));
        if (!repo || !commit || !readable) return this.send(ctx.res, 404, { message: 'Not Found' });
        // `application/vnd.github.sha` answers the bare SHA: the cheapest "has the branch moved?".
        if ((ctx.req.headers.accept ?? '').includes('application/vnd.github.sha'))
          return this.sendCached(ctx.req, ctx.res, undefined, { raw: commit.sha });
        return this.sendCached(ctx.req, ctx.res, this.commitJson(repo, commit));
      },
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/rules\/branches\/(?<ref>[^/]+)$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'metadata', 'read');
        const rules = repo.rules.get(decodeURIComponent(groups(m, 'ref').ref)) ?? [];
        this.paginate(ctx, rules, (page) => page);
      },
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/branches\/(?<ref>[^/]+)\/protection$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        // Without administration: read GitHub answers 404, exactly as for a missing branch.
        if (!this.hasPermission(ctx.caller, repo, 'administration')) throw new HttpError(404, 'Not Found');
        const branch = decodeURIComponent(groups(m, 'ref').ref);
        const protection = repo.protection.get(branch);
        if (!protection) throw new HttpError(404, 'Branch not protected');
        this.send(ctx.res, 200, {
          url: `${this.url}/repos/${repo.owner}/${repo.name}/branches/${branch}/protection`,
          ...protection,
        });
      },
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/private-vulnerability-reporting$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'administration', 'read');
        this.send(ctx.res, 200, { enabled: repo.privateVulnerabilityReporting });
      },
    ],
    [
      /^GET \/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)$/,
      (ctx, m) => {
        const repo = this.routeRepo(ctx, m);
        this.requirePermission(ctx, repo, 'metadata', 'read');
        const json = this.repoJson(repo);
        // `security_and_analysis` is shown only to callers with administration: read.
        if (this.hasPermission(ctx.caller, repo, 'administration'))
          json.security_and_analysis = {
            secret_scanning: { status: repo.secretScanning },
            secret_scanning_push_protection: { status: repo.secretScanning },
          };
        this.sendCached(ctx.req, ctx.res, json);
      },
    ],
  ];

  /** The repository a `/repos/{owner}/{repo}/…` route names, as this caller may see it. */
  private routeRepo(ctx: RequestContext, m: RegExpExecArray): FakeRepo {
    const { owner, repo } = groups(m, 'owner', 'repo');
    return this.visibleRepo(ctx, owner, repo);
  }

  private createRun(ctx: RequestContext, m: RegExpExecArray): void {
    const repo = this.routeRepo(ctx, m);
    this.requirePermission(ctx, repo, 'checks', 'write');
    if (repo.archived) throw new HttpError(403, 'Repository was archived so is read-only.');
    const input = ctx.body as CheckRunInput;
    const invalid = invalidCheckRunWrite(input);
    if (invalid) throw new HttpError(422, invalid);
    if (!this.commitOf(repo, input.head_sha ?? ''))
      throw new HttpError(422, 'No commit found for SHA: ' + input.head_sha);
    const run = createCheckRun(this.nextCheckRunId++, repo.owner, repo.name, FAKE_APP_ID, input);
    this.checkRuns.set(run.id, run);
    this.send(ctx.res, 201, checkRunJson(this.url, run));
    this.emit('check-run', run);
  }

  private updateRun(ctx: RequestContext, m: RegExpExecArray): void {
    const repo = this.routeRepo(ctx, m);
    this.requirePermission(ctx, repo, 'checks', 'write');
    if (repo.archived) throw new HttpError(403, 'Repository was archived so is read-only.');
    const run = this.checkRuns.get(Number(groups(m, 'id').id));
    if (!run || run.owner !== repo.owner || run.repo !== repo.name) throw new HttpError(404, 'Not Found');
    const input = ctx.body as CheckRunInput;
    const invalid = invalidCheckRunWrite(input, run);
    if (invalid) throw new HttpError(422, invalid);
    applyCheckRunWrite(run, input);
    run.updates++;
    this.send(ctx.res, 200, checkRunJson(this.url, run));
    this.emit('check-run', run);
  }

  private pullJson(repo: FakeRepo, pull: FakePull): Record<string, unknown> {
    const api = `${this.url}/repos/${repo.owner}/${repo.name}`;
    const user = userJson(this.url, 'contributor', 'User');
    const headOwner = pull.fork ? 'contributor' : repo.owner;
    const side = (ref: string, sha: string, owner: string) => ({
      label: `${owner}:${ref}`,
      ref,
      sha,
      user: userJson(this.url, owner, owner === repo.owner ? 'Organization' : 'User'),
      repo: repositoryJson(this.url, { ...repo, owner }),
    });
    const html = `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`;
    const link = (href: string) => ({ href });
    return {
      url: `${api}/pulls/${pull.number}`,
      id: pull.number * 1000 + 7,
      node_id: `PR_${pull.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api}/issues/${pull.number}`,
      commits_url: `${api}/pulls/${pull.number}/commits`,
      review_comments_url: `${api}/pulls/${pull.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${pull.number}/comments`,
      statuses_url: `${api}/statuses/${pull.headSha}`,
      number: pull.number,
      state: pull.state ?? 'open',
      locked: false,
      title: `Pull request ${pull.number}`,
      user,
      body: null,
      labels: [],
      milestone: null,
      created_at: '2026-11-20T10:00:00Z',
      updated_at: '2026-11-20T10:00:00Z',
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      head: side(pull.headRef, pull.headSha, headOwner),
      base: side(pull.baseRef, pull.baseSha, repo.owner),
      _links: {
        self: link(`${api}/pulls/${pull.number}`),
        html: link(html),
        issue: link(`${api}/issues/${pull.number}`),
        comments: link(`${api}/issues/${pull.number}/comments`),
        review_comments: link(`${api}/pulls/${pull.number}/comments`),
        review_comment: link(`${api}/pulls/comments{/number}`),
        commits: link(`${api}/pulls/${pull.number}/commits`),
        statuses: link(`${api}/statuses/${pull.headSha}`),
      },
      author_association: 'CONTRIBUTOR',
      auto_merge: null,
    };
  }

  private commitJson(repo: FakeRepo, commit: FakeCommit): Record<string, unknown> {
    const api = `${this.url}/repos/${repo.owner}/${repo.name}`;
    const person = { name: 'Developer', email: 'dev@example.gov.uk', date: repo.pushedAt };
    const tree = this.treeIndex(repo, commit.files).rootSha;
    return {
      url: `${api}/commits/${commit.sha}`,
      sha: commit.sha,
      node_id: `C_${commit.sha.slice(0, 12)}`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      comments_url: `${api}/commits/${commit.sha}/comments`,
      commit: {
        url: `${api}/git/commits/${commit.sha}`,
        author: person,
        committer: person,
        message: 'commit',
        comment_count: 0,
        tree: { sha: tree, url: `${api}/git/trees/${tree}` },
      },
      author: null,
      committer: null,
      parents: [],
    };
  }

  /**
   * `GET /orgs/{org}/repos` and `GET /users/{username}/repos`: paged (per_page at most 100, `Link`
   * header), filtered by `type`. A caller outside the organisation sees public repositories only,
   * whatever `type` it asks for, as on GitHub.
   */
  private listOwnerRepos(
    req: IncomingMessage,
    res: ServerResponse,
    isOrg: boolean,
    owner: string,
    url: URL,
  ): void {
    const type = url.searchParams.get('type') ?? (isOrg ? 'all' : 'owner');
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const all = [...this.repos.values()]
      .filter((r) => r.owner.toLowerCase() === owner.toLowerCase())
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (all.length === 0) return this.send(res, 404, { message: 'Not Found' });
    // `type=private` from outside the organisation lists nothing; every other type, the public ones.
    const visible = type === 'private' ? [] : all.filter((r) => r.visibility === 'public');
    const items = visible.slice((page - 1) * perPage, page * perPage).map((r) => this.repoJson(r));
    const last = Math.max(1, Math.ceil(visible.length / perPage));
    const link = (p: number, rel: string): string => {
      const next = new URL(url.toString().replace('http://fake', this.url));
      next.searchParams.set('page', String(p));
      return `<${next.toString()}>; rel="${rel}"`;
    };
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
    ];
    this.sendCached(req, res, items, { headers: links.length > 0 ? { link: links.join(', ') } : {} });
  }

  repoJson(repo: FakeRepo): Record<string, unknown> {
    return repositoryJson(this.url, repo);
  }

  private treeIndex(repo: FakeRepo, files: Map<string, Buffer>): TreeIndex {
    const cached = this.indexes.get(files);
    if (cached) return cached;
    const children = new Map<string, { name: string; type: 'blob' | 'tree'; sha: string; size?: number }[]>();
    const blobSha = new Map<string, string>();
    children.set('', []);
    const ensureDir = (dir: string): void => {
      if (children.has(dir)) return;
      const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
      ensureDir(parent);
      children.set(dir, []);
      children.get(parent)?.push({ name: dir.slice(dir.lastIndexOf('/') + 1), type: 'tree', sha: '' });
    };
    for (const [file, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
      ensureDir(dir);
      const sha = gitBlobSha(content);
      blobSha.set(file, sha);
      children
        .get(dir)
        ?.push({ name: file.slice(file.lastIndexOf('/') + 1), type: 'blob', sha, size: content.length });
    }
    // Tree ids only need to be stable and distinct here, not git's real hashes.
    const dirBySha = new Map<string, string>();
    const shaByDir = new Map<string, string>();
    const version = randomUUID();
    for (const dir of children.keys()) {
      const sha = sha1(`tree:${repo.owner}/${repo.name}:${dir}:${version}`);
      dirBySha.set(sha, dir);
      shaByDir.set(dir, sha);
    }
    for (const [dir, list] of children) {
      for (const entry of list)
        if (entry.type === 'tree')
          entry.sha = shaByDir.get(dir === '' ? entry.name : `${dir}/${entry.name}`) as string;
    }
    const index: TreeIndex = { rootSha: shaByDir.get('') as string, dirBySha, shaByDir, children, blobSha };
    for (const [sha, dir] of dirBySha) this.treeById.set(sha, { index, dir });
    this.indexes.set(files, index);
    return index;
  }

  /** A commit by SHA (or unambiguous prefix), branch (the default branch's head) or tag. */
  private commitOf(repo: FakeRepo, rev: string): FakeCommit | undefined {
    if (rev === 'HEAD' || rev === repo.defaultBranch || rev === `refs/heads/${repo.defaultBranch}`)
      return repo.commits.at(-1);
    const tag = repo.tags.get(rev.replace(/^refs\/tags\//, ''));
    if (tag) return repo.commits.find((c) => c.sha === tag.commit);
    return repo.commits.find((c) => c.sha === rev || (rev.length >= 7 && c.sha.startsWith(rev)));
  }

  private tree(
    req: IncomingMessage,
    res: ServerResponse,
    repo: FakeRepo,
    ref: string,
    recursive: boolean,
  ): void {
    const commit = this.commitOf(repo, ref);
    const found = commit ? { index: this.treeIndex(repo, commit.files), dir: '' } : this.treeById.get(ref);
    if (!found) return this.send(res, 404, { message: 'Not Found' });
    const { index, dir } = found;
    const base = `${this.url}/repos/${repo.owner}/${repo.name}/git`;
    const entries: Record<string, unknown>[] = [];
    const entryLimit = this.options.treeEntryLimit ?? 100_000;
    const byteLimit = this.options.treeByteLimit ?? 7 * 1024 * 1024;
    let bytes = 0;
    let truncated = false;
    const walk = (d: string, prefix: string): void => {
      for (const child of index.children.get(d) ?? []) {
        if (truncated) return;
        const entry =
          child.type === 'blob'
            ? {
                path: prefix + child.name,
                mode: '100644',
                type: 'blob',
                sha: child.sha,
                size: child.size,
                url: `${base}/blobs/${child.sha}`,
              }
            : {
                path: prefix + child.name,
                mode: '040000',
                type: 'tree',
                sha: child.sha,
                url: `${base}/trees/${child.sha}`,
              };
        bytes += JSON.stringify(entry).length + 1;
        if (entries.length >= entryLimit || bytes > byteLimit) {
          truncated = true;
          return;
        }
        entries.push(entry);
        if (recursive && child.type === 'tree')
          walk(d === '' ? child.name : `${d}/${child.name}`, `${prefix}${child.name}/`);
      }
    };
    walk(dir, '');
    // GitHub answers trees with an ETag like any GET; a tree never changes, so a re-read is a 304.
    this.sendCached(req, res, {
      sha: index.shaByDir.get(dir),
      url: `${base}/trees/${index.shaByDir.get(dir)}`,
      tree: entries,
      truncated,
    });
  }

  private async graphql(ctx: RequestContext): Promise<void> {
    if (ctx.caller.kind === 'none' || ctx.caller.kind === 'app')
      return this.send(ctx.res, 401, {
        message: 'This endpoint requires you to be authenticated.',
        documentation_url:
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
      });
    const result = await executeGraphql(
      ctx.body as { query?: string; variables?: Record<string, unknown> },
      (owner, name) => {
        const repo = this.findRepo(owner, name);
        if (!repo || !this.canSee(ctx.caller, repo))
          throw new GraphqlNotFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
        return {
          ...repo,
          resolve: (expression: string) =>
            this.hasPermission(ctx.caller, repo, 'contents') || repo.visibility === 'public'
              ? this.resolveObject(repo, expression)
              : null,
        };
      },
      () => {
        const rate = (ctx.res as ServerResponse & { rate?: RateState }).rate;
        const limit = this.options.rateLimit ?? 5000;
        const used = rate?.used ?? 0;
        return {
          cost: this.options.graphqlCost ?? 1,
          limit,
          remaining: Math.max(0, limit - used),
          used,
          resetAt: new Date(this.rateWindowStart + 3600_000).toISOString(),
          nodeCount: 0,
        };
      },
    );
    this.send(ctx.res, 200, result);
  }

  private resolveObject(repo: FakeRepo, expression: string): GraphqlObject | null {
    const colon = expression.indexOf(':');
    const rev = colon < 0 ? expression : expression.slice(0, colon);
    const tag = repo.tags.get(rev);
    const commit = this.commitOf(repo, rev);
    if (!commit) return null;
    if (colon < 0) {
      if (tag?.annotated)
        return {
          kind: 'tag',
          oid: tag.annotated.sha,
          name: rev,
          target: { kind: 'commit', oid: commit.sha },
        };
      return { kind: 'commit', oid: commit.sha };
    }
    const file = expression.slice(colon + 1);
    const content = commit.files.get(file);
    const index = this.treeIndex(repo, commit.files);
    if (!content) {
      const sha = index.shaByDir.get(file.replace(/\/$/, ''));
      return sha ? { kind: 'tree', oid: sha } : null;
    }
    return { kind: 'blob', oid: index.blobSha.get(file) as string, content };
  }
}

/** Every file under `root`, by relative posix path: a fixture directory as a repository. */
export async function readTree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const rel = prefix + entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${rel}/`);
      else if (entry.isFile()) files.set(rel, await readFile(path.join(dir, entry.name)));
    }
  };
  await walk(root, '');
  return files;
}

export function generateRepoFiles(count: number): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set('README.md', Buffer.from('# Generated service\n\nA repository generated for benchmarks.\n'));
  files.set(
    'LICENSE',
    Buffer.from(
      'MIT License\n\nCopyright (c) 2026 Crown Copyright (Government Digital Service)\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction.\n',
    ),
  );
  files.set(
    'package.json',
    Buffer.from(
      JSON.stringify(
        { name: 'generated', version: '1.0.0', license: 'MIT', engines: { node: '>=20' } },
        null,
        2,
      ),
    ),
  );
  files.set(
    '.github/dependabot.yml',
    Buffer.from(
      'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
    ),
  );
  let i = 0;
  while (files.size < count) {
    const pkg = Math.floor(i / 1000);
    const dir = Math.floor((i % 1000) / 100);
    if (i % 1000 === 0 && files.size < count)
      files.set(
        `packages/p${pkg}/package.json`,
        Buffer.from(JSON.stringify({ name: `p${pkg}`, version: '1.0.0', license: 'MIT' })),
      );
    if (files.size < count)
      files.set(`packages/p${pkg}/src/d${dir}/file${i}.ts`, Buffer.from(`export const value${i} = ${i};\n`));
    i++;
  }
  return files;
}

/** `X-Hub-Signature-256`: HMAC-SHA256 of the raw body (docs: validating webhook deliveries). */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Delivers a webhook to the App the way GitHub does: JSON body, event and delivery headers, signature. */
export async function sendWebhook(
  url: string,
  options: { event: string; payload: unknown; secret: string; deliveryId?: string },
): Promise<Response> {
  const body = JSON.stringify(options.payload);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': options.event,
      'x-github-delivery': options.deliveryId ?? randomUUID(),
      'x-hub-signature-256': signWebhook(options.secret, body),
      'user-agent': 'GitHub-Hookshot/fake',
    },
    body,
  });
}
