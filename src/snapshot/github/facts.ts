import type {
  BranchProtectionFact,
  BranchRule,
  ClassicBranchProtection,
  Fact,
  FactName,
  RepoFacts,
  SnapshotData,
} from '../types.js';
import {
  getRepo,
  getRepoPages,
  rateLimitOf,
  requestIdOf,
  wrapError,
  type OctokitLikeError,
  type RepoContext,
} from './client.js';
import type { ConfigQueryResult, GraphqlBlob } from './queries.js';

/** Repository metadata as webhook payloads carry it (`repository` object), trimmed. */
export interface PayloadRepository {
  visibility?: string;
  private?: boolean;
  archived?: boolean;
  default_branch?: string;
  pushed_at?: string | number | null;
}

type Permissions = Readonly<Record<string, string | undefined>> | undefined;

export function known<T>(value: T): Fact<T> {
  return { state: 'known', value };
}

export function unavailable<T>(
  reason: 'no-permission' | 'not-found' | 'not-supported' | 'rate-limited' | 'error',
  detail: string,
): Fact<T> {
  return { state: 'unavailable', reason, detail };
}

/**
 * Maps a failed API-only fact request to the honest "could not tell". A rate limit is not a
 * refusal: a secondary limit that outlasted the retries says so; a primary limit (nothing more
 * until the reset) throws, so the whole audit is queued again for after the reset.
 */
export function factFromError<T>(what: string, error: unknown): Fact<T> {
  const e = error as OctokitLikeError;
  const id = requestIdOf(error);
  const suffix = id ? ` (GitHub request id ${id})` : '';
  const limit = rateLimitOf(error);
  if (limit?.kind === 'primary') throw wrapError(`reading ${what}`, error);
  if (limit)
    return unavailable('rate-limited', `GitHub's secondary rate limit refused reading ${what}${suffix}`);
  if (e?.status === 403) return unavailable('no-permission', `GitHub refused to show ${what}${suffix}`);
  if (e?.status === 404) return unavailable('not-found', `GitHub did not find ${what}${suffix}`);
  return unavailable('error', `${what}: ${e?.message ?? String(error)}${suffix}`);
}

/** Visibility, archived, default branch, last push: from the payload when present, else the config query. */
export function metadataFacts(
  config: ConfigQueryResult,
  payload: PayloadRepository | undefined,
): SnapshotData['facts'] {
  const repo = config.repo;
  // `private: true` wins over `visibility`: the `repository.privatized` example carries both
  // `private: true` and `visibility: "public"`. Internal repositories are private to GitHub too.
  const said = payload?.visibility ?? repo?.visibility.toLowerCase();
  const visibility = (payload?.private === true ? (said === 'internal' ? 'internal' : 'private') : said) as
    RepoFacts['visibility'] | undefined;
  const pushed = payload?.pushed_at ?? repo?.pushedAt ?? undefined;
  const defaultBranch = payload?.default_branch ?? repo?.defaultBranchRef?.name;
  const facts: SnapshotData['facts'] = {};
  // Unread is not "not archived": with neither source the fact stays absent, which checks call unknown.
  const archived = payload?.archived ?? repo?.isArchived;
  if (visibility) facts.visibility = known(visibility);
  if (archived !== undefined) facts.archived = known(archived);
  if (defaultBranch) facts.defaultBranch = known(defaultBranch);
  // Push payloads give `pushed_at` as Unix seconds, REST and GraphQL as ISO 8601.
  if (pushed !== undefined && pushed !== null)
    facts.lastCommitAt = known(typeof pushed === 'number' ? new Date(pushed * 1000).toISOString() : pushed);
  facts.orgSecurityPolicy = known(orgSecurityPolicy(config.org));
  return facts;
}

/**
 * GitHub's rule for default community health files: they come from the owner's `.github`
 * repository only when it is public, looked for in `.github/`, then the root, then `docs/`.
 */
function orgSecurityPolicy(org: ConfigQueryResult['org']): RepoFacts['orgSecurityPolicy'] {
  if (!org || org.visibility !== 'PUBLIC') return null;
  const candidates: [string, GraphqlBlob | null][] = [
    ['.github/SECURITY.md', org.securityGithub],
    ['SECURITY.md', org.securityRoot],
    ['docs/SECURITY.md', org.securityDocs],
  ];
  for (const [path, blob] of candidates) {
    if (typeof blob?.text === 'string') return { repository: org.nameWithOwner, path, text: blob.text };
  }
  return null;
}

function may(permissions: Permissions, permission: string): boolean | undefined {
  if (!permissions) return undefined;
  const level = permissions[permission];
  return level === 'read' || level === 'write' || level === 'admin';
}

/**
 * API-only facts already read in this audit, by fact and branch. They are the repository's, not
 * a commit's: a pull request's head and base audits share one, so each is read once per audit.
 */
export type RepoFactReads = Map<string, Promise<unknown>>;

/** API-only facts, fetched only when a selected check needs them, each once per `reads`. */
export async function apiFacts(
  ctx: RepoContext,
  needs: readonly FactName[],
  branch: string,
  permissions: Permissions,
  reads: RepoFactReads = new Map(),
): Promise<SnapshotData['facts']> {
  const facts: SnapshotData['facts'] = {};
  const once = <T>(name: FactName, read: () => Promise<T>): Promise<T> => {
    const key = `${name}@${branch}`;
    let pending = reads.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      reads.set(key, pending);
    }
    return pending;
  };
  const tasks: Promise<void>[] = [];
  if (needs.includes('branchProtection'))
    tasks.push(
      once('branchProtection', () => branchProtection(ctx, branch, permissions)).then(
        (f) => void (facts.branchProtection = f),
      ),
    );
  if (needs.includes('privateVulnerabilityReporting'))
    tasks.push(
      once('privateVulnerabilityReporting', () => privateVulnerabilityReporting(ctx, permissions)).then(
        (f) => void (facts.privateVulnerabilityReporting = f),
      ),
    );
  if (needs.includes('secretScanning'))
    tasks.push(
      once('secretScanning', () => secretScanning(ctx, permissions)).then(
        (f) => void (facts.secretScanning = f),
      ),
    );
  await Promise.all(tasks);
  return facts;
}

interface ClassicProtectionResponse {
  required_pull_request_reviews?: { required_approving_review_count?: number };
  required_status_checks?: { contexts?: string[]; checks?: { context: string }[] };
}

function classicSettings(p: ClassicProtectionResponse): ClassicBranchProtection {
  const contexts =
    p.required_status_checks?.checks?.map((c) => c.context) ?? p.required_status_checks?.contexts ?? [];
  return {
    requiredReviews: p.required_pull_request_reviews?.required_approving_review_count ?? 0,
    requiredStatusChecks: [...new Set(contexts)],
  };
}

/**
 * Rulesets for a branch are readable with metadata: read; classic branch protection needs
 * administration: read (docs.github.com/en/rest/branches/branch-protection). Both are read;
 * what they amount to is for the check to judge.
 */
async function branchProtection(
  ctx: RepoContext,
  branch: string,
  permissions: Permissions,
): Promise<Fact<BranchProtectionFact>> {
  // Every ruleset that targets the branch adds its rules, so the list is paged (30 a page by default).
  const rules: Promise<Fact<BranchRule[]>> = getRepoPages(
    ctx,
    'GET /repos/{owner}/{repo}/rules/branches/{branch}',
    { branch },
  ).then(
    (data) =>
      known(
        (data as BranchRule[]).map((r) => ({
          type: r.type,
          ...(r.parameters ? { parameters: r.parameters } : {}),
        })),
      ),
    (error: unknown) => factFromError<BranchRule[]>('the rulesets of the default branch', error),
  );
  const classic: Promise<Fact<ClassicBranchProtection | null>> =
    may(permissions, 'administration') === false
      ? Promise.resolve(
          unavailable(
            'no-permission',
            'reading branch protection needs the administration: read permission, which this installation has not granted',
          ),
        )
      : getRepo(ctx, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { branch }).then(
          (data) => known<ClassicBranchProtection | null>(classicSettings(data as ClassicProtectionResponse)),
          // Only "Branch not protected" means unprotected: without administration: read GitHub
          // answers a plain 404 "Not Found", which says nothing about the branch.
          (error: unknown) =>
            notProtected(error)
              ? known<ClassicBranchProtection | null>(null)
              : (error as OctokitLikeError)?.status === 404
                ? unavailable<ClassicBranchProtection | null>(
                    'no-permission',
                    `GitHub answered 404 "Not Found" for the branch protection of the default branch, as it does without the administration: read permission${requestIdOf(error) ? ` (GitHub request id ${requestIdOf(error)})` : ''}`,
                  )
                : factFromError<ClassicBranchProtection | null>(
                    'the branch protection of the default branch',
                    error,
                  ),
        );
  const [rulesFact, classicFact] = await Promise.all([rules, classic]);
  return known({ branch, rules: rulesFact, classic: classicFact });
}

function notProtected(error: unknown): boolean {
  const e = error as OctokitLikeError & { response?: { data?: { message?: string } } };
  return (
    e?.status === 404 && /Branch not protected/i.test(`${e.response?.data?.message ?? ''} ${e.message ?? ''}`)
  );
}

async function privateVulnerabilityReporting(
  ctx: RepoContext,
  permissions: Permissions,
): Promise<Fact<boolean>> {
  if (may(permissions, 'administration') === false)
    return unavailable(
      'no-permission',
      'reading private vulnerability reporting needs the administration: read permission',
    );
  try {
    const data = (await getRepo(ctx, 'GET /repos/{owner}/{repo}/private-vulnerability-reporting', {})) as {
      enabled: boolean;
    };
    return known(data.enabled);
  } catch (error) {
    return factFromError('private vulnerability reporting', error);
  }
}

/** `security_and_analysis` appears on the repository only for callers with administration: read. */
async function secretScanning(
  ctx: RepoContext,
  permissions: Permissions,
): Promise<Fact<RepoFacts['secretScanning']>> {
  if (may(permissions, 'administration') === false)
    return unavailable(
      'no-permission',
      'reading secret scanning settings needs the administration: read permission',
    );
  try {
    const data = (await getRepo(ctx, 'GET /repos/{owner}/{repo}', {})) as {
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
