import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import type { GitHubClient } from '../snapshot/github/index.js';
import type { CrawlHttp, CrawlResponse, RateBudget } from './crawl.js';

const RetryingOctokit = Octokit.plugin(retry);

/**
 * One octokit for the crawl and its audits, with the forum's token: every answer (304s and
 * errors too) passes its rate-limit headers to the budget, so audits count against the share.
 */
export function crawlClients(options: { token: string; baseUrl?: string; budget: RateBudget }): {
  http: CrawlHttp;
  client: GitHubClient;
} {
  const octokit = new RetryingOctokit({
    auth: options.token,
    // 304 and 404 are ordinary answers here; octokit would log each as an error.
    log: { debug: () => undefined, info: () => undefined, warn: console.warn, error: () => undefined },
    // A dropped connection is retried; a 4xx other than a rate limit is not.
    retry: { doNotRetry: [304, 400, 401, 403, 404, 409, 422, 451] },
    userAgent: 'tcop-audit-crawl',
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, '') } : {}),
  });
  octokit.hook.after('request', (response) => {
    options.budget.observe(response.status, response.headers as CrawlResponse['headers']);
  });
  octokit.hook.error('request', (error) => {
    const e = error as { status?: number; response?: { headers?: CrawlResponse['headers'] } };
    options.budget.observe(e.status ?? 0, e.response?.headers ?? {});
    throw error;
  });
  const http: CrawlHttp = {
    async get(route, parameters, headers) {
      try {
        const response = await octokit.request(route, { ...parameters, headers });
        return {
          status: response.status,
          data: response.data,
          headers: response.headers as CrawlResponse['headers'],
        };
      } catch (error) {
        const e = error as {
          status?: number;
          response?: { headers?: CrawlResponse['headers']; data?: unknown };
        };
        // 304 and 404 are answers the crawl acts on, not failures.
        if (e.status === 304 || e.status === 404)
          return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {} };
        throw error;
      }
    },
  };
  return { http, client: octokit as unknown as GitHubClient };
}
