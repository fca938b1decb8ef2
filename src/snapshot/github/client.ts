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

/**
 * GitHub's rate limit stopped a request (after the client's own bounded retries): `retryAt` (ms
 * since epoch) is when to try again. A job that meets one is queued again for then, never kept
 * waiting.
 */
export class RateLimitError extends GitHubRequestError {
  constructor(
    message: string,
    status: number | undefined,
    requestId: string | undefined,
    headers: Record<string, string | number | undefined>,
    readonly kind: 'primary' | 'secondary',
    readonly retryAt: number,
  ) {
    super(message, status, requestId, headers);
    this.name = 'RateLimitError';
  }
}

/**
 * Whether a failure is GitHub's rate limit, and which
 * (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api): a primary limit says
 * `x-ratelimit-remaining: 0` and `x-ratelimit-reset`; a secondary one 403/429 with `retry-after`
 * or its message; a 429 is always a limit. Without a time, a minute, as GitHub advises.
 */
export function rateLimitOf(
  error: unknown,
  now = Date.now(),
): { kind: 'primary' | 'secondary'; retryAt: number } | undefined {
  if (error instanceof RateLimitError) return { kind: error.kind, retryAt: error.retryAt };
  const e = error as OctokitLikeError | undefined;
  if (e?.status !== 403 && e?.status !== 429) return undefined;
  const headers = { ...e.response?.headers, ...e.headers };
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    // A reset already past (clocks differ) allows requests at once: try again in a second.
    return { kind: 'primary', retryAt: Number.isFinite(reset) ? Math.max(reset, now + 1000) : now + 60_000 };
  }
  const after = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && after >= 0)
    return { kind: 'secondary', retryAt: now + after * 1000 };
  if (e.status === 429 || /rate limit/i.test(e.message ?? ''))
    return { kind: 'secondary', retryAt: now + 60_000 };
  return undefined;
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
  const limit = rateLimitOf(error);
  if (limit)
    return new RateLimitError(
      `${what}: GitHub's ${limit.kind} rate limit was reached; requests are allowed again at ${new Date(limit.retryAt).toISOString()}${requestId ? ` (GitHub request id ${requestId})` : ''}`,
      e?.status,
      requestId,
      e?.response?.headers ?? e?.headers ?? {},
      limit.kind,
      limit.retryAt,
    );
  return new GitHubRequestError(
    `${what}: ${e?.status === 401 ? unauthorised(e) : (e?.message ?? String(error))}${requestId ? ` (GitHub request id ${requestId})` : ''}`,
    e?.status,
    requestId,
    e?.response?.headers ?? e?.headers ?? {},
  );
}

/**
 * A 401 is a token GitHub no longer accepts (revoked, expired, the App's key rotated). octokit's App
 * auth retries it for five seconds after the token was made, then replaces GitHub's message with its
 * own, timing included ("After 3 retries within 7.697s…"): say what happened, with GitHub's words.
 */
function unauthorised(e: OctokitLikeError): string {
  const data = (e.response?.data ?? e.data) as { message?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : 'Unauthorized';
  return `GitHub refused the App's installation token (401 ${message})`;
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

/** GitHub's largest page, and how many pages of one list an audit reads at most. */
const PER_PAGE = 100;
const MAX_PAGES = 10;

/**
 * Every page of a list endpoint: pages of `per_page` 100 until one comes back short (the client
 * does not expose `Link` headers, and a short page is GitHub's last). At most 10 pages.
 */
export async function getRepoPages(
  ctx: RepoContext,
  route: string,
  parameters: Record<string, unknown>,
): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await getRepo(ctx, route, { ...parameters, per_page: PER_PAGE, page });
    if (!Array.isArray(data)) throw new TypeError(`${route} did not answer a list`);
    items.push(...data);
    if (data.length < PER_PAGE) break;
  }
  return items;
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
