import { createHash, createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile, readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSchema, graphql, type GraphQLError } from 'graphql';

/**
 * A loopback GitHub: the endpoints the App uses, served from fixture directories and generated
 * repositories, over real HTTP, recording every request and every check run posted. For
 * end-to-end tests, the offline demo and the benchmark; never for production.
 */

export interface FakeRepoOptions {
  owner: string;
  name: string;
  files: Map<string, Buffer>;
  visibility?: 'public' | 'private' | 'internal';
  archived?: boolean;
  defaultBranch?: string;
  installationId?: number;
}

interface FakeRepo extends Required<Omit<FakeRepoOptions, 'files'>> {
  /** Files by commit, oldest first; a commit made without files keeps the previous ones. */
  commits: { sha: string; files: Map<string, Buffer> }[];
  pushedAt: string;
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
}

export interface FakeCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string; annotations: unknown[] };
  updates: number;
}

export interface InjectedFailure {
  method: string;
  /** Matches the request path (without query). */
  path: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
  message?: string;
}

export interface FakeGitHubOptions {
  /** Permissions the installation tokens grant. */
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
}

const DEFAULT_PERMISSIONS = { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read' };
const BLOB_TEXT_LIMIT = 512_000;

const SCHEMA = buildSchema(`
  type Query { repository(owner: String!, name: String!): Repository }
  enum RepositoryVisibility { PUBLIC PRIVATE INTERNAL }
  type Ref { name: String! }
  interface GitObject { oid: String! }
  type Blob implements GitObject { oid: String! text: String byteSize: Int! isBinary: Boolean isTruncated: Boolean! }
  type Commit implements GitObject { oid: String! }
  type Tree implements GitObject { oid: String! }
  type Repository {
    nameWithOwner: String!
    visibility: RepositoryVisibility!
    isArchived: Boolean!
    pushedAt: String
    defaultBranchRef: Ref
    object(expression: String, oid: String): GitObject
  }
`);

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

class NotFound extends Error {
  readonly type = 'NOT_FOUND';
}

export class FakeGitHub extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly checkRuns = new Map<number, FakeCheckRun>();
  private readonly repos = new Map<string, FakeRepo>();
  private readonly indexes = new WeakMap<Map<string, Buffer>, TreeIndex>();
  /** Every tree id served, to answer requests for subtrees. */
  private readonly treeById = new Map<string, { index: TreeIndex; dir: string }>();
  private readonly failures: InjectedFailure[] = [];
  private server: Server | undefined;
  /** Requests counted against the primary limit, by token and resource, since the window began. */
  private readonly used = new Map<string, number>();
  private rateWindowStart = Date.now();
  private nextCheckRunId = 1;
  private requestCounter = 0;
  url = '';

  constructor(private readonly options: FakeGitHubOptions = {}) {
    super();
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
      installationId: options.installationId ?? 1,
      commits: [],
      pushedAt: '2026-11-20T10:00:00Z',
    };
    this.repos.set(`${options.owner}/${options.name}`.toLowerCase(), repo);
    return this.commit(options.owner, options.name, options.files);
  }

  /** A new commit (new SHA), as a push would make: of new files, or of the same ones. */
  commit(owner: string, name: string, files?: Map<string, Buffer>): string {
    const repo = this.repo(owner, name);
    const sha = sha1(`${owner}/${name}#${repo.commits.length}#${randomUUID()}`);
    repo.commits.push({ sha, files: files ?? (repo.commits.at(-1)?.files as Map<string, Buffer>) });
    return sha;
  }

  /** The files of a commit, to derive the next one from. */
  files(owner: string, name: string, sha?: string): Map<string, Buffer> {
    const repo = this.repo(owner, name);
    return (sha ? repo.commits.find((c) => c.sha === sha) : repo.commits.at(-1))?.files ?? new Map();
  }

  /** Loads every directory under `dir` as a repository `owner/<directory name>`. */
  async addFixtures(dir: string, owner: string, installationId = 1): Promise<string[]> {
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const name of names)
      this.addRepo({ owner, name, files: await readTree(path.join(dir, name)), installationId });
    return names;
  }

  /** Makes the next `times` matching requests fail (5xx, rate limits), to test resilience. */
  failNext(failure: InjectedFailure): void {
    this.failures.push({ ...failure });
  }

  /** Changes a repository's visibility or archive state, as its owner would in Settings. */
  updateRepo(
    owner: string,
    name: string,
    change: Partial<Pick<FakeRepo, 'visibility' | 'archived' | 'defaultBranch'>>,
  ): void {
    Object.assign(this.repo(owner, name), change);
  }

  /** Starts a new rate-limit window: every token has its whole limit again. */
  resetRateLimit(): void {
    this.used.clear();
    this.rateWindowStart = Date.now();
  }

  private repo(owner: string, name: string): FakeRepo {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo) throw new NotFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
    return repo;
  }

  private findRepo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.send(res, 500, { message: String((error as Error).stack ?? error) });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forgets recorded requests (between benchmark iterations). */
  resetLog(): void {
    this.requests.length = 0;
  }

  /** Resolves once every named check run of `sha` is completed. */
  waitForCheckRuns(sha: string, count: number, timeoutMs = 30_000): Promise<FakeCheckRun[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const runs = [...this.checkRuns.values()].filter((r) => r.head_sha === sha);
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
    if (recorded) recorded.status = status;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${++this.requestCounter}`,
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
    const used = (this.used.get(key) ?? 0) + 1;
    const limit = this.options.rateLimit ?? 5000;
    const rate: RateState = { key, resource, used: Math.min(used, limit) };
    (res as ServerResponse & { rate?: RateState }).rate = rate;
    if (used > limit) return false;
    this.used.set(key, used);
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const authorization = req.headers.authorization ?? '';
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      auth:
        authorization.startsWith('bearer ') || authorization.startsWith('Bearer ')
          ? 'jwt'
          : authorization
            ? 'token'
            : 'none',
      at: performance.now(),
      conditional: req.headers['if-none-match'] !== undefined,
    };
    this.requests.push(recorded);
    (res as ServerResponse & { recorded?: RecordedRequest }).recorded = recorded;
    if (!this.charge(authorization, url.pathname === '/graphql' ? 'graphql' : 'core', res))
      return this.send(res, 403, {
        message: 'API rate limit exceeded',
        documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
      });

    const failure = this.failures.find(
      (f) => f.times > 0 && f.method === method && f.path.test(url.pathname),
    );
    if (failure) {
      failure.times--;
      return this.send(
        res,
        failure.status,
        { message: failure.message ?? 'injected failure' },
        failure.headers,
      );
    }

    const route = `${method} ${url.pathname}`;
    let m: RegExpExecArray | null;
    if ((m = /^POST \/app\/installations\/(\d+)\/access_tokens$/.exec(route))) {
      return this.send(res, 201, {
        token: `ghs_fake${m[1]}`,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        permissions: this.permissions,
        repository_selection: 'all',
      });
    }
    if (route === 'GET /app/installations') {
      const ids = [...new Set([...this.repos.values()].map((r) => r.installationId))];
      return this.send(
        res,
        200,
        ids.map((id) => ({
          id,
          account: { login: `account-${id}` },
          suspended_at: null,
          permissions: this.permissions,
        })),
      );
    }
    if (route === 'GET /installation/repositories') {
      const id = Number(/ghs_fake(\d+)/.exec(authorization)?.[1]);
      const repositories = [...this.repos.values()]
        .filter((r) => r.installationId === id)
        .map((r) => this.repoJson(r));
      return this.send(res, 200, { total_count: repositories.length, repositories });
    }
    if (route === 'POST /graphql')
      return this.graphql(res, body as { query: string; variables?: Record<string, unknown> });

    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/.exec(route))) {
      const repo = this.findRepo(m[1] as string, m[2] as string);
      if (!repo) return this.send(res, 404, { message: 'Not Found' });
      return this.tree(res, repo, decodeURIComponent(m[3] as string), url.searchParams.has('recursive'));
    }
    if ((m = /^POST \/repos\/([^/]+)\/([^/]+)\/check-runs$/.exec(route))) {
      const input = body as {
        name: string;
        head_sha: string;
        external_id?: string;
        status?: string;
        conclusion?: string;
        output?: FakeCheckRun['output'];
      };
      const run: FakeCheckRun = {
        id: this.nextCheckRunId++,
        owner: m[1] as string,
        repo: m[2] as string,
        name: input.name,
        head_sha: input.head_sha,
        external_id: input.external_id ?? null,
        status: input.conclusion ? 'completed' : (input.status ?? 'queued'),
        conclusion: input.conclusion ?? null,
        output: { ...input.output, annotations: input.output?.annotations ?? [] },
        updates: 0,
      };
      this.checkRuns.set(run.id, run);
      this.send(res, 201, run);
      this.emit('check-run', run);
      return;
    }
    if ((m = /^PATCH \/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/.exec(route))) {
      const run = this.checkRuns.get(Number(m[3]));
      if (!run) return this.send(res, 404, { message: 'Not Found' });
      const input = body as { status?: string; conclusion?: string; output?: FakeCheckRun['output'] };
      if (input.conclusion) {
        run.status = 'completed';
        run.conclusion = input.conclusion;
      } else if (input.status) {
        run.status = input.status;
        if (input.status !== 'completed') run.conclusion = null;
      }
      if (input.output) {
        const annotations =
          run.status === 'completed' && run.updates > 0 && input.conclusion === undefined
            ? [...run.output.annotations, ...(input.output.annotations ?? [])]
            : (input.output.annotations ?? []);
        run.output = { ...input.output, annotations };
      }
      run.updates++;
      this.send(res, 200, run);
      this.emit('check-run', run);
      return;
    }
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/check-runs$/.exec(route))) {
      const runs = [...this.checkRuns.values()].filter(
        (r) => r.owner === m?.[1] && r.repo === m?.[2] && r.head_sha === m?.[3],
      );
      return this.send(res, 200, { total_count: runs.length, check_runs: runs });
    }
    if ((m = /^GET \/(orgs|users)\/([^/]+)\/repos$/.exec(route)))
      return this.listOwnerRepos(req, res, m[1] === 'orgs', decodeURIComponent(m[2] as string), url);
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)$/.exec(route))) {
      const repo = this.findRepo(m[1] as string, m[2] as string);
      const commit = repo && this.commitOf(repo, decodeURIComponent(m[3] as string));
      // Private repositories exist only for their installation's token: to anyone else, 404.
      const readable =
        repo && (repo.visibility === 'public' || authorization.includes(`ghs_fake${repo.installationId}`));
      if (!repo || !commit || !readable) return this.send(res, 404, { message: 'Not Found' });
      // `application/vnd.github.sha` answers the bare SHA: the cheapest "has the branch moved?".
      if ((req.headers.accept ?? '').includes('application/vnd.github.sha'))
        return this.sendCached(req, res, undefined, { raw: commit.sha });
      return this.sendCached(req, res, {
        sha: commit.sha,
        commit: { message: 'commit', committer: { date: repo.pushedAt } },
      });
    }
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/rules\/branches\/([^/]+)$/.exec(route)))
      return this.send(res, 200, []);
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection$/.exec(route)))
      return this.send(res, 404, { message: 'Branch not protected' });
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/private-vulnerability-reporting$/.exec(route)))
      return this.send(res, 200, { enabled: false });
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)$/.exec(route))) {
      const repo = this.findRepo(m[1] as string, m[2] as string);
      return repo ? this.send(res, 200, this.repoJson(repo)) : this.send(res, 404, { message: 'Not Found' });
    }
    return this.send(res, 404, { message: `the fake GitHub does not serve ${route}` });
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
    return {
      id: Number.parseInt(sha1(`${repo.owner}/${repo.name}`).slice(0, 8), 16),
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: { login: repo.owner, type: 'Organization' },
      private: repo.visibility !== 'public',
      visibility: repo.visibility,
      archived: repo.archived,
      default_branch: repo.defaultBranch,
      pushed_at: repo.pushedAt,
    };
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

  private commitOf(repo: FakeRepo, rev: string): { sha: string; files: Map<string, Buffer> } | undefined {
    if (rev === 'HEAD' || rev === repo.defaultBranch) return repo.commits.at(-1);
    return repo.commits.find((c) => c.sha === rev || (rev.length >= 7 && c.sha.startsWith(rev)));
  }

  private tree(res: ServerResponse, repo: FakeRepo, ref: string, recursive: boolean): void {
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
    this.send(res, 200, {
      sha: index.shaByDir.get(dir),
      url: `${base}/trees/${index.shaByDir.get(dir)}`,
      tree: entries,
      truncated,
    });
  }

  private async graphql(
    res: ServerResponse,
    body: { query: string; variables?: Record<string, unknown> },
  ): Promise<void> {
    const rootValue = {
      repository: ({ owner, name }: { owner: string; name: string }) =>
        this.repositoryNode(this.repo(owner, name)),
    };
    const result = await graphql({
      schema: SCHEMA,
      source: body.query,
      rootValue,
      variableValues: body.variables ?? {},
    });
    const errors = result.errors?.map((e: GraphQLError) => ({
      ...(e.originalError instanceof NotFound ? { type: 'NOT_FOUND' } : {}),
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
    this.send(res, 200, { data: result.data ?? null, ...(errors ? { errors } : {}) });
  }

  private repositoryNode(repo: FakeRepo): Record<string, unknown> {
    return {
      nameWithOwner: `${repo.owner}/${repo.name}`,
      visibility: repo.visibility.toUpperCase(),
      isArchived: repo.archived,
      pushedAt: repo.pushedAt,
      defaultBranchRef: { name: repo.defaultBranch },
      object: ({ expression }: { expression?: string }) => this.resolveObject(repo, expression ?? ''),
    };
  }

  private resolveObject(repo: FakeRepo, expression: string): Record<string, unknown> | null {
    const colon = expression.indexOf(':');
    const rev = colon < 0 ? expression : expression.slice(0, colon);
    const commit = this.commitOf(repo, rev);
    if (!commit) return null;
    if (colon < 0) return { __typename: 'Commit', oid: commit.sha };
    const file = expression.slice(colon + 1);
    const content = commit.files.get(file);
    if (!content) {
      const index = this.treeIndex(repo, commit.files);
      const sha = index.shaByDir.get(file.replace(/\/$/, ''));
      return sha ? { __typename: 'Tree', oid: sha } : null;
    }
    const isBinary = content.subarray(0, 8000).includes(0);
    const isTruncated = !isBinary && content.length > BLOB_TEXT_LIMIT;
    return {
      __typename: 'Blob',
      oid: this.treeIndex(repo, commit.files).blobSha.get(file),
      byteSize: content.length,
      isBinary,
      isTruncated,
      text: isBinary ? null : content.subarray(0, BLOB_TEXT_LIMIT).toString('utf8'),
    };
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

/**
 * A repository of `count` files, made in memory: a README, a licence, manifests in some
 * packages and source files spread over directories of at most 100 files, as real trees are.
 */
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
