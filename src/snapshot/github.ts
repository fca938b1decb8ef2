import { globMatcher } from './local.js';
import type {
  BranchProtectionFact,
  ConfigSources,
  Fact,
  FactName,
  FileContent,
  FileEntry,
  RepoFacts,
  SnapshotData,
  SnapshotRequest,
  SnapshotSource,
  Target,
} from './types.js';

/**
 * The two calls of an octokit instance this source uses. ProbotOctokit (the App) and
 * @octokit/rest (the CLI) both satisfy it, so one source serves both.
 */
export interface GitHubClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown; status: number }>;
  graphql: (query: string, parameters?: Record<string, unknown>) => Promise<unknown>;
}

/** Repository metadata as webhook payloads carry it (`repository` object), trimmed. */
export interface PayloadRepository {
  visibility?: string;
  private?: boolean;
  archived?: boolean;
  default_branch?: string;
  pushed_at?: string | number | null;
}

export interface GitHubSourceOptions {
  owner: string;
  repo: string;
  /** Branch, tag or commit to audit; the default branch when absent. */
  ref?: string;
  /** The commit when the caller already knows it (webhooks): saves resolving `ref`. */
  sha?: string;
  /** The webhook's `repository` object, when there is one: facts come from it for free. */
  repository?: PayloadRepository;
  /**
   * The installation's permissions (from its token). Undefined means unknown (a personal token):
   * then API-only facts are attempted and a 403 answers "no permission".
   */
  permissions?: Readonly<Record<string, string | undefined>>;
  /** Bounded parallelism for the truncated-tree fallback and API-only facts. */
  concurrency?: number;
}

/**
 * GitHub caps a recursive tree at 100,000 entries or 7 MB and sets `truncated` beyond that
 * (docs.github.com/en/rest/git/trees). The fallback walks subtrees; this bounds its cost.
 */
const MAX_SUBTREE_REQUESTS = 400;
/**
 * Aliases per GraphQL query and the text budget per query: one query serves a typical
 * repository; a monorepo with thousands of manifests is split, as GitHub's query limits ask
 * (docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api).
 */
const MAX_ALIASES_PER_QUERY = 1000;
const MAX_BYTES_PER_QUERY = 4 * 1024 * 1024;
/**
 * The most files one audit reads. A check that wants every source file would otherwise make
 * the request count grow with the repository; past this, the shallowest files are read first
 * and the rest are reported as not read.
 */
export const MAX_FILES_READ = 10_000;
/** GraphQL `Blob.text` stops at about 512 kB; larger blobs come back with `isTruncated`. */
export const GRAPHQL_BLOB_TEXT_LIMIT = 512_000;

interface GraphqlBlob {
  text: string | null;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
}

interface ConfigQueryResult {
  repo: {
    visibility: 'PUBLIC' | 'PRIVATE' | 'INTERNAL';
    isArchived: boolean;
    pushedAt: string | null;
    defaultBranchRef: { name: string } | null;
    commit: { oid: string } | null;
    config: GraphqlBlob | null;
  } | null;
  org: {
    nameWithOwner: string;
    config: GraphqlBlob | null;
    securityRoot: GraphqlBlob | null;
    securityGithub: GraphqlBlob | null;
    securityDocs: GraphqlBlob | null;
  } | null;
}

interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

interface TreeResponse {
  sha: string;
  tree: TreeEntry[];
  truncated: boolean;
}

const BLOB_FIELDS = 'text byteSize isBinary isTruncated';

/**
 * The org-level files live in the owner's `.github` repository (GitHub's "default community
 * health files"); SECURITY.md may sit at its root, in `.github/` or in `docs/`.
 */
export const CONFIG_QUERY = `query TcopConfig($owner: String!, $name: String!, $rev: String!, $configExpression: String!, $orgConfigPath: String!) {
  repo: repository(owner: $owner, name: $name) {
    visibility
    isArchived
    pushedAt
    defaultBranchRef { name }
    commit: object(expression: $rev) { oid }
    config: object(expression: $configExpression) { ... on Blob { ${BLOB_FIELDS} } }
  }
  org: repository(owner: $owner, name: ".github") {
    nameWithOwner
    config: object(expression: $orgConfigPath) { ... on Blob { ${BLOB_FIELDS} } }
    securityRoot: object(expression: "HEAD:SECURITY.md") { ... on Blob { ${BLOB_FIELDS} } }
    securityGithub: object(expression: "HEAD:.github/SECURITY.md") { ... on Blob { ${BLOB_FIELDS} } }
    securityDocs: object(expression: "HEAD:docs/SECURITY.md") { ... on Blob { ${BLOB_FIELDS} } }
  }
}`;

/** One `object(expression:)` alias per wanted file, in one query per chunk. */
export function blobQuery(paths: readonly string[], commit: string): string {
  const aliases = paths
    .map(
      (p, i) =>
        `    f${i}: object(expression: ${JSON.stringify(`${commit}:${p}`)}) { ... on Blob { ${BLOB_FIELDS} } }`,
    )
    .join('\n');
  return `query TcopBlobs($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n${aliases}\n  }\n}`;
}

/** A GitHub request failure, with the request id GitHub support asks for. */
export class GitHubRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'GitHubRequestError';
  }
}

interface OctokitLikeError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  headers?: Record<string, string | number | undefined>;
  data?: unknown;
  errors?: { type?: string; path?: (string | number)[]; message?: string }[];
}

/** The `x-github-request-id` of a failed octokit call, when GitHub answered at all. */
export function requestIdOf(error: unknown): string | undefined {
  const e = error as OctokitLikeError | undefined;
  const id = e?.response?.headers?.['x-github-request-id'] ?? e?.headers?.['x-github-request-id'];
  return id === undefined ? undefined : String(id);
}

function wrapError(what: string, error: unknown): GitHubRequestError {
  if (error instanceof GitHubRequestError) return error;
  const e = error as OctokitLikeError;
  const requestId = requestIdOf(error);
  return new GitHubRequestError(
    `${what}: ${e?.message ?? String(error)}${requestId ? ` (GitHub request id ${requestId})` : ''}`,
    e?.status,
    requestId,
  );
}

/**
 * octokit's graphql() throws when any alias failed, even if the others answered. A missing
 * org `.github` repository is normal (NOT_FOUND on that alias); anything else is an error.
 */
async function graphqlAllowingNotFound<T>(
  client: GitHubClient,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  try {
    return (await client.graphql(query, variables)) as T;
  } catch (error) {
    const e = error as OctokitLikeError;
    if (e?.data && Array.isArray(e.errors) && e.errors.every((x) => x.type === 'NOT_FOUND'))
      return e.data as T;
    throw error;
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function blobContent(blob: GraphqlBlob | null | undefined, size: number): FileContent {
  if (!blob) return { kind: 'skipped', reason: 'unreadable', size };
  if (blob.isBinary) return { kind: 'skipped', reason: 'binary', size: blob.byteSize };
  if (blob.isTruncated) return { kind: 'skipped', reason: 'truncated', size: blob.byteSize };
  if (blob.text === null) return { kind: 'skipped', reason: 'unreadable', size: blob.byteSize };
  return { kind: 'text', text: blob.text };
}

function known<T>(value: T): Fact<T> {
  return { state: 'known', value };
}

function unavailable<T>(
  reason: 'no-permission' | 'not-found' | 'not-supported' | 'error',
  detail: string,
): Fact<T> {
  return { state: 'unavailable', reason, detail };
}

/** Maps a failed API-only fact request to the honest "could not tell". */
function factFromError<T>(what: string, error: unknown): Fact<T> {
  const e = error as OctokitLikeError;
  const id = requestIdOf(error);
  const suffix = id ? ` (GitHub request id ${id})` : '';
  if (e?.status === 403) return unavailable('no-permission', `GitHub refused to show ${what}${suffix}`);
  if (e?.status === 404) return unavailable('not-found', `GitHub did not find ${what}${suffix}`);
  return unavailable('error', `${what}: ${e?.message ?? String(error)}${suffix}`);
}

/**
 * Snapshots of a commit on GitHub: config in one GraphQL query, the path list in one recursive
 * tree request, the wanted files' contents in one GraphQL query. The request count does not
 * grow with the repository's size (until GitHub truncates the tree).
 */
export class GitHubSource implements SnapshotSource {
  readonly target: Target;
  private configResult: Promise<ConfigQueryResult> | undefined;
  /** Requests made, by kind: what the App's budget and the benchmark count. */
  readonly requests = { graphql: 0, rest: 0 };

  constructor(
    private readonly client: GitHubClient,
    private readonly options: GitHubSourceOptions,
  ) {
    this.target = {
      kind: 'github',
      owner: options.owner,
      repo: options.repo,
      ...(options.ref ? { ref: options.ref } : {}),
    };
  }

  private get revision(): string {
    return this.options.sha ?? this.options.ref ?? 'HEAD';
  }

  /** The config query, once: loadConfig and load both use its answer. */
  private config(path: string): Promise<ConfigQueryResult> {
    this.configResult ??= (async () => {
      this.requests.graphql++;
      const result = await graphqlAllowingNotFound<ConfigQueryResult>(this.client, CONFIG_QUERY, {
        owner: this.options.owner,
        name: this.options.repo,
        rev: this.revision,
        configExpression: `${this.revision}:${path}`,
        orgConfigPath: `HEAD:${path}`,
      }).catch((error: unknown) => {
        throw wrapError(`reading ${this.options.owner}/${this.options.repo} and its config`, error);
      });
      if (!result.repo)
        throw new GitHubRequestError(
          `repository ${this.options.owner}/${this.options.repo} not found or not accessible`,
          404,
          undefined,
        );
      if (!result.repo.commit)
        throw new GitHubRequestError(
          `${this.options.owner}/${this.options.repo}: no commit for ${this.revision}`,
          404,
          undefined,
        );
      return result;
    })();
    return this.configResult;
  }

  /** The resolved commit SHA (after loadConfig). */
  async commit(): Promise<string> {
    return (await this.config('.github/tcop.yml')).repo?.commit?.oid as string;
  }

  async loadConfig(path: string): Promise<ConfigSources> {
    const { repo, org } = await this.config(path);
    const sources: ConfigSources = {};
    const repoText = repo?.config?.text;
    if (typeof repoText === 'string') sources.repo = { path, text: repoText };
    const orgText = org?.config?.text;
    if (org && typeof orgText === 'string')
      sources.org = { path: `${org.nameWithOwner}:${path}`, text: orgText };
    return sources;
  }

  async load(request: SnapshotRequest): Promise<SnapshotData> {
    const config = await this.config('.github/tcop.yml');
    const commit = config.repo?.commit?.oid as string;
    const [tree, apiFacts] = await Promise.all([this.tree(commit), this.apiFacts(request.needs, config)]);

    const ignored = globMatcher(request.ignore);
    const wanted = globMatcher(request.wants);
    const files: FileEntry[] = [];
    const contents: Record<string, FileContent> = {};
    const toRead: FileEntry[] = [];
    for (const entry of tree.entries) {
      if (ignored(entry.path)) continue;
      files.push(entry);
      if (!wanted(entry.path)) continue;
      if (entry.size > request.maxFileBytes)
        contents[entry.path] = { kind: 'skipped', reason: 'too-large', size: entry.size };
      else toRead.push(entry);
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const { read, unread } = withinReadBudget(toRead);
    Object.assign(contents, await this.blobs(read, commit));
    for (const entry of unread)
      contents[entry.path] = { kind: 'skipped', reason: 'truncated', size: entry.size };
    const reasons = [
      ...(tree.incompleteReason ? [tree.incompleteReason] : []),
      ...(unread.length > 0
        ? [
            `${unread.length.toLocaleString('en-GB')} wanted files were not read (at most ${MAX_FILES_READ.toLocaleString('en-GB')} per audit)`,
          ]
        : []),
    ];

    return {
      target: this.target,
      commit,
      now: request.now.toISOString(),
      files,
      contents,
      facts: { ...this.metadataFacts(config), ...apiFacts },
      complete: tree.complete && unread.length === 0,
      ...(reasons.length > 0 ? { incompleteReason: reasons.join('; ') } : {}),
    };
  }

  /** Visibility, archived, default branch, last push: from the payload when present, else the config query. */
  private metadataFacts(config: ConfigQueryResult): SnapshotData['facts'] {
    const payload = this.options.repository;
    const repo = config.repo;
    const visibility = (payload?.visibility ??
      (payload?.private === true ? 'private' : undefined) ??
      repo?.visibility.toLowerCase()) as RepoFacts['visibility'] | undefined;
    const pushed = payload?.pushed_at ?? repo?.pushedAt ?? undefined;
    const defaultBranch = payload?.default_branch ?? repo?.defaultBranchRef?.name;
    const facts: SnapshotData['facts'] = {};
    if (visibility) facts.visibility = known(visibility);
    facts.archived = known(payload?.archived ?? repo?.isArchived ?? false);
    if (defaultBranch) facts.defaultBranch = known(defaultBranch);
    // Push payloads give `pushed_at` as Unix seconds, REST and GraphQL as ISO 8601.
    if (pushed !== undefined && pushed !== null)
      facts.lastCommitAt = known(typeof pushed === 'number' ? new Date(pushed * 1000).toISOString() : pushed);
    facts.orgSecurityPolicy = known(orgSecurityPolicy(config.org));
    return facts;
  }

  private async tree(
    commit: string,
  ): Promise<{ entries: FileEntry[]; complete: boolean; incompleteReason?: string }> {
    const root = await this.getTree(commit, true);
    if (!root.truncated) return { entries: blobsOf(root.tree, ''), complete: true };
    return this.walkTruncated(commit);
  }

  private async getTree(sha: string, recursive: boolean): Promise<TreeResponse> {
    this.requests.rest++;
    try {
      const { data } = await this.client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
        owner: this.options.owner,
        repo: this.options.repo,
        tree_sha: sha,
        ...(recursive ? { recursive: '1' } : {}),
      });
      return data as TreeResponse;
    } catch (error) {
      throw wrapError(
        `listing the tree ${sha.slice(0, 12)} of ${this.options.owner}/${this.options.repo}`,
        error,
      );
    }
  }

  /**
   * GitHub truncated the recursive tree: list the root, then each subtree recursively, descending
   * further only where a subtree is itself truncated. Bounded; says so when it gives up.
   */
  private async walkTruncated(
    commit: string,
  ): Promise<{ entries: FileEntry[]; complete: boolean; incompleteReason?: string }> {
    const entries: FileEntry[] = [];
    let requests = 0;
    let gaveUp = 0;
    const walk = async (sha: string, prefix: string): Promise<void> => {
      requests++;
      const level = await this.getTree(sha, false);
      entries.push(...blobsOf(level.tree, prefix));
      const subtrees = level.tree.filter((e) => e.type === 'tree');
      await mapLimit(subtrees, this.options.concurrency ?? 4, async (sub) => {
        const subPrefix = `${prefix}${sub.path}/`;
        if (requests >= MAX_SUBTREE_REQUESTS) {
          gaveUp++;
          return;
        }
        requests++;
        const recursive = await this.getTree(sub.sha, true);
        if (!recursive.truncated) entries.push(...blobsOf(recursive.tree, subPrefix));
        else {
          requests--;
          await walk(sub.sha, subPrefix);
        }
      });
    };
    await walk(commit, '');
    if (gaveUp === 0) return { entries, complete: true };
    return {
      entries,
      complete: false,
      incompleteReason: `GitHub truncated the file list of this very large repository; ${gaveUp} director${gaveUp === 1 ? 'y was' : 'ies were'} not listed after ${MAX_SUBTREE_REQUESTS} requests`,
    };
  }

  private async blobs(entries: readonly FileEntry[], commit: string): Promise<Record<string, FileContent>> {
    const chunks: FileEntry[][] = [];
    let current: FileEntry[] = [];
    let bytes = 0;
    for (const entry of entries) {
      const cost = Math.min(entry.size, GRAPHQL_BLOB_TEXT_LIMIT);
      if (
        current.length > 0 &&
        (current.length >= MAX_ALIASES_PER_QUERY || bytes + cost > MAX_BYTES_PER_QUERY)
      ) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      current.push(entry);
      bytes += cost;
    }
    if (current.length > 0) chunks.push(current);

    const contents: Record<string, FileContent> = {};
    await mapLimit(chunks, 2, async (chunk) => {
      this.requests.graphql++;
      const result = await graphqlAllowingNotFound<{ repository: Record<string, GraphqlBlob | null> | null }>(
        this.client,
        blobQuery(
          chunk.map((e) => e.path),
          commit,
        ),
        { owner: this.options.owner, name: this.options.repo },
      ).catch((error: unknown) => {
        throw wrapError(`reading ${chunk.length} files of ${this.options.owner}/${this.options.repo}`, error);
      });
      chunk.forEach((entry, i) => {
        contents[entry.path] = blobContent(result.repository?.[`f${i}`], entry.size);
      });
    });
    return contents;
  }

  private may(permission: string): boolean | undefined {
    const granted = this.options.permissions;
    if (!granted) return undefined;
    const level = granted[permission];
    return level === 'read' || level === 'write' || level === 'admin';
  }

  /** API-only facts, fetched only when a selected check needs them. */
  private async apiFacts(
    needs: readonly FactName[],
    config: ConfigQueryResult,
  ): Promise<SnapshotData['facts']> {
    const facts: SnapshotData['facts'] = {};
    const branch = this.options.repository?.default_branch ?? config.repo?.defaultBranchRef?.name ?? 'main';
    const tasks: Promise<void>[] = [];
    if (needs.includes('branchProtection'))
      tasks.push(this.branchProtection(branch).then((f) => void (facts.branchProtection = f)));
    if (needs.includes('privateVulnerabilityReporting'))
      tasks.push(
        this.privateVulnerabilityReporting().then((f) => void (facts.privateVulnerabilityReporting = f)),
      );
    if (needs.includes('secretScanning'))
      tasks.push(this.secretScanning().then((f) => void (facts.secretScanning = f)));
    await Promise.all(tasks);
    return facts;
  }

  private async get(route: string, parameters: Record<string, unknown>): Promise<unknown> {
    this.requests.rest++;
    const { data } = await this.client.request(route, {
      owner: this.options.owner,
      repo: this.options.repo,
      ...parameters,
    });
    return data;
  }

  /**
   * Rulesets for a branch are readable with metadata: read; classic branch protection needs
   * administration: read (docs.github.com/en/rest/branches/branch-protection).
   */
  private async branchProtection(branch: string): Promise<Fact<BranchProtectionFact>> {
    const fromRules = this.get('GET /repos/{owner}/{repo}/rules/branches/{branch}', { branch }).then(
      (rules) => rulesetProtection(branch, rules as RulesetRule[]),
      (error: unknown) => factFromError<BranchProtectionFact>('the rulesets of the default branch', error),
    );
    const classicAllowed = this.may('administration');
    const fromClassic: Promise<Fact<BranchProtectionFact>> =
      classicAllowed === false
        ? Promise.resolve(
            unavailable(
              'no-permission',
              'reading branch protection needs the administration: read permission, which this installation has not granted',
            ),
          )
        : this.get('GET /repos/{owner}/{repo}/branches/{branch}/protection', { branch }).then(
            (protection) => known(classicProtection(branch, protection as ClassicProtection)),
            (error: unknown) =>
              (error as OctokitLikeError)?.status === 404
                ? known<BranchProtectionFact>({
                    branch,
                    protected: false,
                    requiredReviews: 0,
                    requiredStatusChecks: [],
                    viaRulesets: false,
                  })
                : factFromError<BranchProtectionFact>('the branch protection of the default branch', error),
          );
    const [rules, classic] = await Promise.all([fromRules, fromClassic]);
    if (rules.state === 'known' && rules.value.protected) {
      if (classic.state !== 'known' || !classic.value.protected) return rules;
      return known(mergeProtection(classic.value, rules.value));
    }
    // Classic protection decides when rulesets do not protect; when it is unreadable, say so.
    return classic;
  }

  private async privateVulnerabilityReporting(): Promise<Fact<boolean>> {
    if (this.may('administration') === false)
      return unavailable(
        'no-permission',
        'reading private vulnerability reporting needs the administration: read permission',
      );
    try {
      const data = (await this.get('GET /repos/{owner}/{repo}/private-vulnerability-reporting', {})) as {
        enabled: boolean;
      };
      return known(data.enabled);
    } catch (error) {
      return factFromError('private vulnerability reporting', error);
    }
  }

  /** `security_and_analysis` appears on the repository only for callers with administration: read. */
  private async secretScanning(): Promise<Fact<RepoFacts['secretScanning']>> {
    if (this.may('administration') === false)
      return unavailable(
        'no-permission',
        'reading secret scanning settings needs the administration: read permission',
      );
    try {
      const data = (await this.get('GET /repos/{owner}/{repo}', {})) as {
        security_and_analysis?: {
          secret_scanning?: { status?: string };
          secret_scanning_push_protection?: { status?: string };
        } | null;
      };
      const sa = data.security_and_analysis;
      if (!sa?.secret_scanning)
        return unavailable(
          'no-permission',
          'GitHub did not show the secret scanning settings to this installation',
        );
      return known({
        enabled: sa.secret_scanning.status === 'enabled',
        pushProtection:
          sa.secret_scanning_push_protection?.status === undefined
            ? null
            : sa.secret_scanning_push_protection.status === 'enabled',
      });
    } catch (error) {
      return factFromError('secret scanning settings', error);
    }
  }
}

/** Root and shallow files (README, licence, manifests) first: they matter to most checks. */
function withinReadBudget(entries: readonly FileEntry[]): { read: FileEntry[]; unread: FileEntry[] } {
  if (entries.length <= MAX_FILES_READ) return { read: [...entries], unread: [] };
  const depth = (p: string): number => p.split('/').length;
  const ordered = [...entries].sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : 1));
  return { read: ordered.slice(0, MAX_FILES_READ), unread: ordered.slice(MAX_FILES_READ) };
}

function blobsOf(tree: readonly TreeEntry[], prefix: string): FileEntry[] {
  // Submodules (`commit` entries) are other repositories, not files of this one.
  return tree.filter((e) => e.type === 'blob').map((e) => ({ path: prefix + e.path, size: e.size ?? 0 }));
}

function orgSecurityPolicy(org: ConfigQueryResult['org']): RepoFacts['orgSecurityPolicy'] {
  if (!org) return null;
  const candidates: [string, GraphqlBlob | null][] = [
    ['SECURITY.md', org.securityRoot],
    ['.github/SECURITY.md', org.securityGithub],
    ['docs/SECURITY.md', org.securityDocs],
  ];
  for (const [path, blob] of candidates) {
    if (typeof blob?.text === 'string') return { repository: org.nameWithOwner, path, text: blob.text };
  }
  return null;
}

interface RulesetRule {
  type: string;
  parameters?: {
    required_approving_review_count?: number;
    required_status_checks?: { context: string }[];
  };
}

/** Rule types that restrict what may land on the branch. */
const PROTECTING_RULES = new Set([
  'pull_request',
  'required_status_checks',
  'non_fast_forward',
  'deletion',
  'update',
  'required_signatures',
  'required_linear_history',
]);

function rulesetProtection(branch: string, rules: readonly RulesetRule[]): Fact<BranchProtectionFact> {
  const reviews = rules
    .filter((r) => r.type === 'pull_request')
    .map((r) => r.parameters?.required_approving_review_count ?? 0);
  const checks = rules.flatMap((r) =>
    r.type === 'required_status_checks'
      ? (r.parameters?.required_status_checks ?? []).map((c) => c.context)
      : [],
  );
  return known({
    branch,
    protected: rules.some((r) => PROTECTING_RULES.has(r.type)),
    requiredReviews: Math.max(0, ...reviews),
    requiredStatusChecks: [...new Set(checks)],
    viaRulesets: true,
  });
}

interface ClassicProtection {
  required_pull_request_reviews?: { required_approving_review_count?: number };
  required_status_checks?: { contexts?: string[]; checks?: { context: string }[] };
}

function classicProtection(branch: string, p: ClassicProtection): BranchProtectionFact {
  const contexts =
    p.required_status_checks?.checks?.map((c) => c.context) ?? p.required_status_checks?.contexts ?? [];
  return {
    branch,
    protected: true,
    requiredReviews: p.required_pull_request_reviews?.required_approving_review_count ?? 0,
    requiredStatusChecks: [...new Set(contexts)],
    viaRulesets: false,
  };
}

function mergeProtection(a: BranchProtectionFact, b: BranchProtectionFact): BranchProtectionFact {
  return {
    branch: a.branch,
    protected: true,
    requiredReviews: Math.max(a.requiredReviews, b.requiredReviews),
    requiredStatusChecks: [...new Set([...a.requiredStatusChecks, ...b.requiredStatusChecks])],
    viaRulesets: true,
  };
}

/** Parses `owner/repo[@ref]`; undefined when the argument is not that shape. */
export function parseRepoSpec(spec: string): { owner: string; repo: string; ref?: string } | undefined {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})(?:@(.+))?$/.exec(spec);
  if (!match) return undefined;
  const [, owner, repo, ref] = match as unknown as [string, string, string, string | undefined];
  return ref ? { owner, repo, ref } : { owner, repo };
}
