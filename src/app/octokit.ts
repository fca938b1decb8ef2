import { ProbotOctokit } from 'probot';
import { requestIdOf } from '../snapshot/github/index.js';
import { metrics } from './metrics.js';

/** Retries after a rate limit, then gives up and lets the audit report the error. */
const MAX_RATE_LIMIT_RETRIES = 3;

/**
 * The longest rate-limit wait spent sleeping inside an audit. A longer wait is the queue's: the
 * request fails with GitHub's answer, the audit throws a RateLimitError and the job is queued
 * again for after the reset (delayed in Redis, or a timer in one process), so a primary limit
 * never holds a worker for up to an hour.
 */
export const rateLimitWait = { inlineMaxSeconds: 10 };

interface ThrottledRequest {
  method: string;
  url: string;
}

interface LoggingOctokit {
  log: { warn: (...args: unknown[]) => void };
  hook: { error: (name: 'request', fn: (error: unknown, options: ThrottledRequest) => unknown) => void };
}

/** Logs every failed request with GitHub's request id, which is what GitHub support asks for. */
function logErrorsWithRequestId(octokit: LoggingOctokit): void {
  octokit.hook.error('request', (error: unknown, options: ThrottledRequest) => {
    const e = error as { status?: number; message?: string };
    octokit.log.warn(
      { status: e.status, requestId: requestIdOf(error), route: `${options.method} ${options.url}` },
      `GitHub request failed: ${options.method} ${options.url} → ${e.status ?? 'no response'} (request id ${requestIdOf(error) ?? 'none'})`,
    );
    throw error;
  });
}

interface CountingOctokit {
  hook: {
    after: (name: 'request', fn: (response: Answer, options: ThrottledRequest) => void) => void;
    error: (name: 'request', fn: (error: unknown, options: ThrottledRequest) => unknown) => void;
  };
}

interface Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
}

/**
 * Counts every GitHub request by API and status, and keeps the installation's remaining budget
 * from the answer's headers (`GET /metrics`). A 304 is counted under its status: it costs nothing.
 */
function countRequests(
  octokit: CountingOctokit,
  options: { auth?: { installationId?: number | string } },
): void {
  const installation =
    options.auth?.installationId === undefined ? 'app' : String(options.auth.installationId);
  const count = (answer: Answer | undefined, request: ThrottledRequest): void => {
    const api = request.url.endsWith('/graphql') ? 'graphql' : 'rest';
    metrics.githubRequests.inc({ api, status: String(answer?.status ?? 'none') });
    const remaining = Number(answer?.headers?.['x-ratelimit-remaining']);
    if (answer?.headers?.['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining))
      metrics.rateLimitRemaining.set(
        { installation, resource: String(answer.headers['x-ratelimit-resource'] ?? api) },
        remaining,
      );
  };
  octokit.hook.after('request', (response, request) => count(response, request));
  octokit.hook.error('request', (error, request) => {
    count((error as { response?: Answer }).response ?? { status: (error as Answer).status ?? 0 }, request);
    throw error;
  });
}

interface RequestLike {
  defaults(options: Record<string, unknown>): RequestLike;
}

interface OctokitOptions {
  baseUrl?: string;
  auth?: { installationId?: number | string; request?: RequestLike };
  throttle?: Record<string, unknown> & { enabled?: boolean };
  retry?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Probot hands the App's auth strategy a `request` of its own, bound to api.github.com whatever
 * `baseUrl` says: every direct `octokit.auth(...)` (the installation token and its permissions)
 * would send the App's JWT there. On GitHub Enterprise Server that is the wrong host; bind it to
 * the same one as every other request.
 */
function withAuthBaseUrl(options: OctokitOptions): Pick<OctokitOptions, 'auth'> {
  const request = options.auth?.request;
  if (!options.baseUrl || typeof request?.defaults !== 'function') return {};
  return { auth: { ...options.auth, request: request.defaults({ baseUrl: options.baseUrl }) } };
}

/**
 * Probot's octokit with bounded retries. Probot passes its own throttle handlers, which retry
 * primary limits twice and never retry secondary ones; these replace them: wait `retry-after`,
 * retry a bounded number of times, then let the audit report the error
 * (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api). 5xx answers are
 * retried by @octokit/plugin-retry.
 *
 * The throttle `id` keys plugin-throttling's limiters: per installation, so one busy
 * installation's one-write-per-second pacing never slows another's.
 */
export const TcopOctokit = ProbotOctokit.plugin(
  logErrorsWithRequestId as never,
  countRequests as never,
).defaults(((options: OctokitOptions) => ({
  ...options,
  ...withAuthBaseUrl(options),
  throttle: {
    ...options.throttle,
    id:
      options.auth?.installationId === undefined
        ? 'tcop-audit-app'
        : `tcop-audit-installation-${options.auth.installationId}`,
    enabled: options.throttle?.enabled ?? true,
    onRateLimit: (
      retryAfter: number,
      request: ThrottledRequest,
      octokit: LoggingOctokit,
      retryCount: number,
    ) => {
      octokit.log.warn(
        `Rate limit hit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter} s`,
      );
      return retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= rateLimitWait.inlineMaxSeconds;
    },
    onSecondaryRateLimit: (
      retryAfter: number,
      request: ThrottledRequest,
      octokit: LoggingOctokit,
      retryCount: number,
    ) => {
      octokit.log.warn(
        `Secondary rate limit hit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter} s`,
      );
      return retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= rateLimitWait.inlineMaxSeconds;
    },
  },
  retry: { retries: 3, ...options.retry },
})) as never);

/** For tests and the loopback benchmark: no pacing, no retries, each call exactly once. */
export const UnthrottledOctokit = TcopOctokit.defaults(((options: OctokitOptions) => ({
  ...options,
  throttle: { ...options.throttle, enabled: false },
  retry: { enabled: false },
})) as never);
