/**
 * The two calls of an octokit instance the GitHub source uses. ProbotOctokit (the App) and
 * @octokit/rest (the CLI) both satisfy it, so one source serves both.
 */
export interface GitHubClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown; status: number }>;
  graphql: (query: string, parameters?: Record<string, unknown>) => Promise<unknown>;
}

/** What one source reads through: the client, the repository, and the request counters. */
export interface RepoContext {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** Requests made, by kind: what the App's budget and the benchmark count. */
  requests: { graphql: number; rest: number };
  /** Bounded parallelism for the truncated-tree fallback and API-only facts. */
  concurrency: number;
}

/** A GitHub request failure, with the request id GitHub support asks for. */
export class GitHubRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly requestId: string | undefined,
    /** The answer's headers: `retry-after` and `x-ratelimit-*` say when to try again. */
    readonly headers: Record<string, string | number | undefined> = {},
  ) {
    super(message);
    this.name = 'GitHubRequestError';
  }
}

export interface OctokitLikeError {
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

export function wrapError(what: string, error: unknown): GitHubRequestError {
  if (error instanceof GitHubRequestError) return error;
  const e = error as OctokitLikeError;
  const requestId = requestIdOf(error);
  return new GitHubRequestError(
    `${what}: ${e?.message ?? String(error)}${requestId ? ` (GitHub request id ${requestId})` : ''}`,
    e?.status,
    requestId,
    e?.response?.headers ?? e?.headers ?? {},
  );
}

/**
 * octokit's graphql() throws when any alias failed, even if the others answered. A missing
 * org `.github` repository is normal (NOT_FOUND on that alias); anything else is an error.
 */
export async function graphqlAllowingNotFound<T>(
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

/** A REST read of this repository (owner and repo filled in), counted. */
export async function getRepo(
  ctx: RepoContext,
  route: string,
  parameters: Record<string, unknown>,
): Promise<unknown> {
  ctx.requests.rest++;
  const { data } = await ctx.client.request(route, { owner: ctx.owner, repo: ctx.repo, ...parameters });
  return data;
}

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
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
