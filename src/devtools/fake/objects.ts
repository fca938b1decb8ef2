import { createHash } from 'node:crypto';

/**
 * GitHub's JSON objects as the REST API returns them, complete enough to validate against the
 * published response schemas (@octokit/openapi): the fake answers what GitHub answers, not the
 * few fields the App happens to read.
 */

export const FAKE_APP_ID = 123456;
const EPOCH = '2026-01-05T09:00:00Z';

export function numericId(text: string): number {
  return Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16);
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(String(id)).toString('base64url')}`;
}

export function userJson(
  base: string,
  login: string,
  type: 'Organization' | 'User' | 'Bot' = 'Organization',
) {
  const id = numericId(`user:${login}`);
  const api = `${base}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'Organization' ? 'O' : 'U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

export interface RepoShape {
  owner: string;
  name: string;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  defaultBranch: string;
  pushedAt: string;
  /** Changed by visibility and archive changes, as on GitHub. */
  updatedAt?: string;
  /** Organisation custom properties set on the repository (`custom_properties` in listings). */
  customProperties?: Record<string, string | string[]>;
}

/** A repository: every field of `full-repository`, which also satisfies `repository` and `minimal-repository`. */
export function repositoryJson(base: string, repo: RepoShape): Record<string, unknown> {
  const id = numericId(`${repo.owner}/${repo.name}`);
  const full = `${repo.owner}/${repo.name}`;
  const api = `${base}/repos/${full}`;
  const urls = Object.fromEntries(
    (
      [
        ['archive_url', '/{archive_format}{/ref}'],
        ['assignees_url', '/assignees{/user}'],
        ['blobs_url', '/git/blobs{/sha}'],
        ['branches_url', '/branches{/branch}'],
        ['collaborators_url', '/collaborators{/collaborator}'],
        ['comments_url', '/comments{/number}'],
        ['commits_url', '/commits{/sha}'],
        ['compare_url', '/compare/{base}...{head}'],
        ['contents_url', '/contents/{+path}'],
        ['contributors_url', '/contributors'],
        ['deployments_url', '/deployments'],
        ['downloads_url', '/downloads'],
        ['events_url', '/events'],
        ['forks_url', '/forks'],
        ['git_commits_url', '/git/commits{/sha}'],
        ['git_refs_url', '/git/refs{/sha}'],
        ['git_tags_url', '/git/tags{/sha}'],
        ['hooks_url', '/hooks'],
        ['issue_comment_url', '/issues/comments{/number}'],
        ['issue_events_url', '/issues/events{/number}'],
        ['issues_url', '/issues{/number}'],
        ['keys_url', '/keys{/key_id}'],
        ['labels_url', '/labels{/name}'],
        ['languages_url', '/languages'],
        ['merges_url', '/merges'],
        ['milestones_url', '/milestones{/number}'],
        ['notifications_url', '/notifications{?since,all,participating}'],
        ['pulls_url', '/pulls{/number}'],
        ['releases_url', '/releases{/id}'],
        ['stargazers_url', '/stargazers'],
        ['statuses_url', '/statuses/{sha}'],
        ['subscribers_url', '/subscribers'],
        ['subscription_url', '/subscription'],
        ['tags_url', '/tags'],
        ['teams_url', '/teams'],
        ['trees_url', '/git/trees{/sha}'],
      ] as const
    ).map(([k, suffix]) => [k, `${api}${suffix}`]),
  );
  return {
    id,
    node_id: nodeId('R', id),
    name: repo.name,
    full_name: full,
    owner: userJson(base, repo.owner),
    private: repo.visibility !== 'public',
    visibility: repo.visibility,
    html_url: `https://github.com/${full}`,
    description: null,
    fork: false,
    url: api,
    ...urls,
    clone_url: `https://github.com/${full}.git`,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    svn_url: `https://github.com/${full}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    license: null,
    pushed_at: repo.pushedAt,
    created_at: EPOCH,
    updated_at: repo.updatedAt ?? repo.pushedAt,
    network_count: 0,
    subscribers_count: 0,
    ...(repo.customProperties ? { custom_properties: repo.customProperties } : {}),
  };
}

/** The App itself (`integration`), as a check run names it. */
export function appJson(base: string, appId = FAKE_APP_ID): Record<string, unknown> {
  return {
    id: appId,
    slug: 'tcop-audit',
    node_id: nodeId('A', appId),
    client_id: 'Iv1.fake',
    owner: userJson(base, 'tcop-audit'),
    name: 'TCoP audit',
    description: 'Audits repositories against the Technology Code of Practice',
    external_url: 'https://tcop-audit.example.gov.uk',
    html_url: 'https://github.com/apps/tcop-audit',
    created_at: EPOCH,
    updated_at: EPOCH,
    permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read' },
    events: ['check_run', 'check_suite', 'pull_request', 'push', 'repository'],
  };
}

export interface InstallationShape {
  id: number;
  account: string;
  accountType: 'Organization' | 'User';
  permissions: Record<string, string>;
  suspendedAt: string | null;
  repositorySelection: 'all' | 'selected';
}

export function installationJson(base: string, installation: InstallationShape): Record<string, unknown> {
  return {
    id: installation.id,
    account: userJson(base, installation.account, installation.accountType),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${base}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${base}/installation/repositories`,
    html_url: `https://github.com/organizations/${installation.account}/settings/installations/${installation.id}`,
    app_id: FAKE_APP_ID,
    app_slug: 'tcop-audit',
    target_id: numericId(`user:${installation.account}`),
    target_type: installation.accountType,
    permissions: installation.permissions,
    events: ['check_run', 'check_suite', 'pull_request', 'push', 'repository'],
    created_at: EPOCH,
    updated_at: EPOCH,
    single_file_name: null,
    suspended_by: installation.suspendedAt ? userJson(base, 'site-admin', 'User') : null,
    suspended_at: installation.suspendedAt,
  };
}
