import { globMatcher } from '../local.js';
import type {
  ConfigSources,
  FileContent,
  FileEntry,
  SnapshotData,
  SnapshotRequest,
  SnapshotSource,
  Target,
} from '../types.js';
import { MAX_FILES_READ, readBlobs, withinReadBudget } from './blobs.js';
import {
  GitHubRequestError,
  graphqlAllowingNotFound,
  wrapError,
  type GitHubClient,
  type RepoContext,
} from './client.js';
import { apiFacts, metadataFacts, type PayloadRepository, type RepoFactReads } from './facts.js';
import { CONFIG_QUERY, peeledCommit, type ConfigQueryResult } from './queries.js';
import { listTree } from './tree.js';

export { GRAPHQL_BLOB_TEXT_LIMIT, MAX_FILES_READ } from './blobs.js';
export { GitHubRequestError, RateLimitError, rateLimitOf, requestIdOf, type GitHubClient } from './client.js';
export type { PayloadRepository, RepoFactReads } from './facts.js';
export { CONFIG_QUERY, blobQuery } from './queries.js';

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
  /**
   * Repository-level API facts read by another source of the same audit (a pull request's head,
   * for its base): shared, so each is read once.
   */
  factReads?: RepoFactReads;
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
  private readonly ctx: RepoContext;

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
    this.ctx = {
      client,
      owner: options.owner,
      repo: options.repo,
      requests: this.requests,
      concurrency: options.concurrency ?? 4,
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
      if (!peeledCommit(result.repo.commit))
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
    return peeledCommit((await this.config('.github/tcop.yml')).repo?.commit) as string;
  }

  /** Whether GitHub has the repository archived (after loadConfig): read-only, no check runs. */
  async archived(): Promise<boolean> {
    return (
      this.options.repository?.archived ?? (await this.config('.github/tcop.yml')).repo?.isArchived ?? false
    );
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
    const commit = peeledCommit(config.repo?.commit) as string;
    const branch = this.options.repository?.default_branch ?? config.repo?.defaultBranchRef?.name ?? 'main';
    const [tree, facts] = await Promise.all([
      listTree(this.ctx, commit),
      apiFacts(this.ctx, request.needs, branch, this.options.permissions, this.options.factReads),
    ]);

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
    const blobs = await readBlobs(this.ctx, read, commit);
    Object.assign(contents, blobs.contents);
    for (const entry of unread)
      contents[entry.path] = { kind: 'skipped', reason: 'truncated', size: entry.size };
    const reasons = [
      ...(tree.incompleteReason ? [tree.incompleteReason] : []),
      ...(unread.length > 0
        ? [
            `${unread.length.toLocaleString('en-GB')} wanted files were not read (at most ${MAX_FILES_READ.toLocaleString('en-GB')} per audit)`,
          ]
        : []),
      ...(blobs.unreadable.length > 0 ? [unreadableReason(blobs.unreadable)] : []),
    ];

    return {
      target: this.target,
      commit,
      now: request.now.toISOString(),
      files,
      contents,
      facts: { ...metadataFacts(config, this.options.repository), ...facts },
      complete: tree.complete && unread.length === 0 && blobs.unreadable.length === 0,
      ...(reasons.length > 0 ? { incompleteReason: reasons.join('; ') } : {}),
    };
  }
}

/** Names the files GitHub would not serve, so their findings read as unknown, not as absent. */
function unreadableReason(unreadable: readonly { path: string; why: string }[]): string {
  const shown = 20;
  const byWhy = new Map<string, string[]>();
  for (const { path, why } of unreadable) byWhy.set(why, [...(byWhy.get(why) ?? []), path]);
  return [...byWhy]
    .map(([why, paths]) => {
      const listed = paths.slice(0, shown).join(', ');
      const more = paths.length > shown ? ` and ${(paths.length - shown).toLocaleString('en-GB')} more` : '';
      return `${paths.length.toLocaleString('en-GB')} file${paths.length === 1 ? '' : 's'} could not be read, so ${paths.length === 1 ? 'its content is' : 'their content is'} unknown (${why}): ${listed}${more}`;
    })
    .join('; ');
}

/** Parses `owner/repo[@ref]`; undefined when the argument is not that shape. */
export function parseRepoSpec(spec: string): { owner: string; repo: string; ref?: string } | undefined {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})(?:@(.+))?$/.exec(spec);
  if (!match) return undefined;
  const [, owner, repo, ref] = match as unknown as [string, string, string, string | undefined];
  return ref ? { owner, repo, ref } : { owner, repo };
}
