import { RateLimitError } from '../snapshot/github/index.js';

/**
 * Whether a failed audit is worth another attempt, and when. GitHub's documented answers
 * (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api): a secondary limit
 * says `retry-after` seconds; a primary limit says `x-ratelimit-remaining: 0` and
 * `x-ratelimit-reset` (epoch seconds); 5xx and dropped connections are transient.
 */
export interface RetryPlan {
  retryable: boolean;
  /** A rate limit: ms since epoch when the installation may call again. */
  retryAt?: number;
}

interface FailureLike {
  status?: number;
  code?: string;
  headers?: Record<string, string | number | undefined>;
  response?: { headers?: Record<string, string | number | undefined> };
  cause?: unknown;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export function retryPlan(error: unknown, now = Date.now()): RetryPlan {
  if (error instanceof RateLimitError) return { retryable: true, retryAt: error.retryAt };
  const e = (error ?? {}) as FailureLike;
  const headers = { ...e.response?.headers, ...e.headers };
  const status = e.status;
  const retryAfter = Number(headers['retry-after']);
  if ((status === 403 || status === 429) && headers['retry-after'] !== undefined && retryAfter >= 0)
    return { retryable: true, retryAt: now + retryAfter * 1000 };
  if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    return { retryable: true, retryAt: Number.isFinite(reset) && reset > now ? reset : now + 60_000 };
  }
  if (status === 429) return { retryable: true, retryAt: now + 60_000 };
  if (status !== undefined && status >= 500) return { retryable: true };
  if (status === undefined && e.code && TRANSIENT_CODES.has(e.code)) return { retryable: true };
  if (status === undefined && e.cause && e.cause !== error) return retryPlan(e.cause, now);
  return { retryable: false };
}
