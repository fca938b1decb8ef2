import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { GitHubSource, type GitHubClient } from './github/index.js';

/** Retries after a rate limit before the audit gives up and says so. */
const MAX_RATE_LIMIT_RETRIES = 2;

const ThrottledOctokit = Octokit.plugin(throttling, retry);

export interface RepoSpec {
  owner: string;
  repo: string;
  ref?: string;
}

/**
 * A GitHub source for the CLI: a personal or Actions token (GITHUB_TOKEN or GH_TOKEN) instead of
 * an App installation, so anyone can audit a public repository that has not installed the App.
 * GITHUB_API_URL selects GitHub Enterprise Server (or the loopback fake in tests).
 */
export function openGitHubSource(
  spec: RepoSpec,
  env: NodeJS.ProcessEnv,
  options: { paced?: boolean } = {},
): GitHubSource {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  // GitHub's GraphQL API answers only authenticated requests, even for public repositories.
  if (!token)
    throw new Error(
      'auditing a GitHub repository (owner/repo[@ref]) needs a token: set GITHUB_TOKEN or GH_TOKEN (no scopes are needed for public repositories)',
    );
  const octokit = new ThrottledOctokit({
    auth: token,
    userAgent: 'tcop-audit-cli',
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL.replace(/\/$/, '') } : {}),
    throttle: {
      // plugin-throttling spaces writes and GraphQL queries a second apart, as GitHub asks; tests turn it off.
      enabled: options.paced ?? true,
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < MAX_RATE_LIMIT_RETRIES,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < MAX_RATE_LIMIT_RETRIES,
    },
  });
  return new GitHubSource(octokit as unknown as GitHubClient, {
    owner: spec.owner,
    repo: spec.repo,
    ...(spec.ref ? { ref: spec.ref } : {}),
  });
}
