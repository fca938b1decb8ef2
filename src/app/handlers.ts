import type { Context, Probot } from 'probot';
import { requestIdOf, type PayloadRepository } from '../snapshot/github/index.js';
import type { AuditTrigger } from '../store/index.js';
import type { AuditJob } from './job.js';
import type { AppSettings } from './settings.js';
import { toVisibility } from './worker.js';

/** Puts a job on the queue; `bulk` for installation and schedule jobs, which yield to events. */
export type Enqueue = (job: AuditJob, bulk?: boolean) => Promise<void>;

/** The parts of an event payload every job needs. */
interface EventPayload {
  installation?: { id: number };
  repository: { name: string; full_name?: string; owner?: { login?: string } | null };
}

/** `owner/name` split at its one slash; undefined for anything else, so a malformed payload makes no job. */
export function splitFullName(fullName: string | undefined): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = (fullName ?? '').split('/');
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined;
}

/** The owner's login, from the payload's owner or else from its full name. */
function ownerOf(repository: EventPayload['repository']): string | undefined {
  return repository.owner?.login ?? splitFullName(repository.full_name)?.owner;
}

/**
 * The one job builder: the repository and installation come from the payload, the rest from the
 * event. Undefined when the event was not sent to an installation or names no owner.
 */
export function jobFromEvent(
  payload: EventPayload,
  audit: Pick<AuditJob, 'sha' | 'ref' | 'trigger' | 'pullRequest' | 'adoptExisting'>,
): AuditJob | undefined {
  const repository = payload.repository;
  const owner = ownerOf(repository);
  if (!payload.installation || !owner) return undefined;
  return {
    installationId: payload.installation.id,
    owner,
    repo: repository.name,
    ...(audit.sha ? { sha: audit.sha } : {}),
    ...(audit.ref ? { ref: audit.ref } : {}),
    trigger: audit.trigger,
    ...(audit.pullRequest ? { pullRequest: audit.pullRequest } : {}),
    repository: repository as PayloadRepository,
    adoptExisting: audit.adoptExisting,
  };
}

/** The first pull request a check suite or run belongs to, as the comparison's base. */
function pullRequestOf(
  prs: readonly { number: number; base: { sha: string } }[],
): AuditJob['pullRequest'] | undefined {
  const pr = prs[0];
  return pr ? { number: pr.number, baseSha: pr.base.sha } : undefined;
}

interface RequestingOctokit {
  request(route: string, parameters: Record<string, unknown>): Promise<{ data: unknown }>;
}

interface PullSummary {
  number: number;
  state: string;
  head: { sha: string };
  base: { sha: string };
}

/**
 * The pull request of a check suite or run whose `pull_requests` is empty: GitHub leaves it empty
 * when the head is in a fork (docs: "pull_requests … only when the head branch is in the same
 * repository"). One read finds the open pull request whose head is the commit, so a re-run of a
 * fork's pull request still compares with its base. Undefined on the default branch, or when
 * none is open.
 */
async function lookUpPullRequest(
  octokit: RequestingOctokit,
  payload: EventPayload & { repository: { default_branch?: string } },
  sha: string,
  branch: string | null | undefined,
  log: Probot['log'],
): Promise<AuditJob['pullRequest'] | undefined> {
  if (branch && branch === payload.repository.default_branch) return undefined;
  const owner = ownerOf(payload.repository);
  if (!owner) return undefined;
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
      owner,
      repo: payload.repository.name,
      commit_sha: sha,
      per_page: 100,
    });
    const pr = (data as PullSummary[]).find((p) => p.state === 'open' && p.head.sha === sha);
    return pr ? { number: pr.number, baseSha: pr.base.sha } : undefined;
  } catch (error) {
    log.warn(
      { repo: `${owner}/${payload.repository.name}`, err: error, requestId: requestIdOf(error) },
      'could not look up the pull request of a check suite: audited without a comparison',
    );
    return undefined;
  }
}

type PushPayload = Context<'push'>['payload'];
type PullRequestPayload = Context<'pull_request'>['payload'];

/** A push to the default branch; other branches are audited through their pull requests. */
function pushJob(payload: PushPayload): AuditJob | undefined {
  if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return undefined;
  return jobFromEvent(payload, {
    sha: payload.after,
    ref: payload.repository.default_branch,
    trigger: 'push',
    adoptExisting: false,
  });
}

/** A pull request opened, pushed to or reopened; one moved onto another base is compared with it. */
function pullRequestJob(payload: PullRequestPayload): AuditJob | undefined {
  const pr = payload.pull_request;
  if (payload.action === 'edited' && (!payload.changes?.base || pr.state !== 'open')) return undefined;
  return jobFromEvent(payload, {
    sha: pr.head.sha,
    ref: pr.head.ref,
    trigger: 'pull_request',
    pullRequest: { number: pr.number, baseSha: pr.base.sha },
    adoptExisting: payload.action === 'reopened' || payload.action === 'edited',
  });
}

const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'edited'] as const;

/**
 * The events whose job comes from the payload alone, with no GitHub read: the hot path of a web
 * process (pushes and pull requests are most deliveries). They need no installation client, so
 * `receive` takes them without the one Probot builds for every event it dispatches.
 */
function payloadJobOf(event: string, payload: unknown): (() => AuditJob | undefined) | undefined {
  if (event === 'push') return () => pushJob(payload as PushPayload);
  const action = (payload as { action?: unknown }).action;
  if (event === 'pull_request' && PULL_REQUEST_ACTIONS.includes(action as 'opened'))
    return () => pullRequestJob(payload as PullRequestPayload);
  return undefined;
}

/**
 * A verified delivery, taken without Probot when its event needs no GitHub client: true when it
 * was (its job enqueued or, for a redelivery, ignored), false to hand it to Probot.
 */
export type Receive = (delivery: { id: string; event: string; payload: unknown }) => Promise<boolean>;

/** Webhooks → jobs. Handlers stay thin: GitHub wants an answer within 10 seconds. */
export function registerHandlers(app: Probot, settings: AppSettings, enqueue: Enqueue): Receive {
  const add = async (job: AuditJob | undefined): Promise<void> => {
    if (job) await enqueue(job);
  };
  // GitHub redelivers a webhook with the same X-GitHub-Delivery id (a retry, the Redeliver
  // button): the first delivery was acted on, so the repeat does nothing. A delivery whose
  // handler failed (the queue unreachable: GitHub is answered 500) was not acted on, so it is
  // forgotten: its redelivery is the only copy left of the event.
  const seen = new DeliveryLog();
  const once = async (id: string, handle: () => Promise<void>): Promise<void> => {
    if (seen.repeated(id)) {
      app.log.info({ delivery: id }, 'webhook delivered again: ignored');
      return;
    }
    try {
      await handle();
    } catch (error) {
      seen.forget(id);
      throw error;
    }
  };
  const on: typeof app.on = ((
    events: Parameters<typeof app.on>[0],
    handler: (context: { id: string }) => Promise<void>,
  ) =>
    app.on(events, (context: { id: string }) =>
      once(context.id, () => handler(context)),
    )) as unknown as typeof app.on;

  on('push', ({ payload }) => add(pushJob(payload)));
  on(
    PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const),
    ({ payload }) => add(pullRequestJob(payload)),
  );

  on(['check_suite.requested', 'check_suite.rerequested'], async ({ payload, octokit }) => {
    const suite = payload.check_suite;
    const pullRequest =
      pullRequestOf(suite.pull_requests) ??
      (await lookUpPullRequest(octokit, payload, suite.head_sha, suite.head_branch, app.log));
    await add(
      jobFromEvent(payload, {
        sha: payload.check_suite.head_sha,
        ...(payload.check_suite.head_branch ? { ref: payload.check_suite.head_branch } : {}),
        trigger: pullRequest ? 'pull_request' : 'push',
        ...(pullRequest ? { pullRequest } : {}),
        adoptExisting: payload.action === 'rerequested',
      }),
    );
  });

  on('check_run.rerequested', async ({ payload, octokit }) => {
    const branch = payload.check_run.check_suite?.head_branch;
    const pullRequest =
      pullRequestOf(payload.check_run.pull_requests) ??
      (await lookUpPullRequest(octokit, payload, payload.check_run.head_sha, branch, app.log));
    await add(
      jobFromEvent(payload, {
        sha: payload.check_run.head_sha,
        ...(branch ? { ref: branch } : {}),
        trigger: 'manual',
        ...(pullRequest ? { pullRequest } : {}),
        adoptExisting: true,
      }),
    );
  });

  // A repository made private must leave the dashboard and its badges now, not at its next audit.
  on(
    ['repository.privatized', 'repository.publicized', 'repository.archived', 'repository.unarchived'],
    async ({ payload, octokit }) => {
      if (!settings.recorder || !payload.installation) return;
      const owner = payload.repository.owner.login;
      const name = payload.repository.name;
      // A payload says what was true when it was sent: a replayed or late `publicized` must not
      // publish a repository that is private now. What would make it public is read from GitHub
      // first; a change older than the one stored is ignored by the store (`changedAt`).
      let repository = payload.repository as PayloadRepository & { updated_at?: string };
      if (toVisibility(repository) === 'public') {
        try {
          ({ data: repository } = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo: name }));
        } catch (error) {
          app.log.warn(
            { repo: `${owner}/${name}`, err: error, requestId: requestIdOf(error) },
            'could not confirm the repository is public: not published',
          );
          return;
        }
      }
      await settings.recorder.updateRepository({
        owner,
        name,
        visibility: toVisibility(repository),
        archived: repository.archived === true,
        ...(repository.default_branch ? { defaultBranch: repository.default_branch } : {}),
        installationId: payload.installation.id,
        ...(repository.updated_at ? { changedAt: repository.updated_at } : {}),
      });
    },
  );

  on('installation.created', async ({ payload }) => {
    await auditRepositories(enqueue, payload.installation.id, payload.repositories ?? [], 'installation');
  });

  on('installation_repositories.added', async ({ payload }) => {
    await auditRepositories(enqueue, payload.installation.id, payload.repositories_added, 'installation');
  });

  // Uninstalled, suspended, removed from the App, deleted: off every public page and badge at once
  // (history kept). Renamed or transferred: the history moves with it.
  const recorder = settings.recorder;
  on(['installation.deleted', 'installation.suspend'], async ({ payload }) => {
    await recorder?.delist({ installationId: payload.installation.id });
  });
  on('installation.unsuspend', async ({ payload }) => {
    await recorder?.relist(payload.installation.id);
  });
  on('installation_repositories.removed', async ({ payload }) => {
    for (const r of payload.repositories_removed) {
      const named = splitFullName(r.full_name);
      if (named) await recorder?.delist({ owner: named.owner, name: named.repo });
    }
  });
  on('repository.deleted', async ({ payload }) => {
    await recorder?.delist({ owner: payload.repository.owner.login, name: payload.repository.name });
  });
  on('repository.renamed', async ({ payload }) => {
    const owner = payload.repository.owner.login;
    await recorder?.rename(
      { owner, name: payload.changes.repository.name.from },
      { owner, name: payload.repository.name },
    );
  });
  on('repository.transferred', async ({ payload }) => {
    const from = payload.changes.owner.from as { user?: { login: string }; organization?: { login: string } };
    const previous = from.organization?.login ?? from.user?.login;
    if (!previous) return;
    await recorder?.rename(
      { owner: previous, name: payload.repository.name },
      { owner: payload.repository.owner.login, name: payload.repository.name },
    );
  });

  return async ({ id, event, payload }) => {
    const job = payloadJobOf(event, payload);
    if (!job) return false;
    await once(id, () => add(job()));
    return true;
  };
}

/** Delivery ids seen lately, bounded: enough to catch GitHub's retries and manual redeliveries. */
export class DeliveryLog {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 10_000) {}

  /** True when this id was seen before; records it otherwise. */
  repeated(id: string | undefined): boolean {
    if (!id) return false;
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return false;
  }

  /** Forgets an id whose delivery was not acted on, so that its redelivery is. */
  forget(id: string | undefined): void {
    if (id) this.ids.delete(id);
  }
}

/** Bulk jobs enqueued at once: their Redis round trips overlap instead of following each other. */
export const BULK_ENQUEUE_AT_ONCE = 50;

/**
 * Bulk jobs for the default-branch head of each repository (installation, schedule). An
 * installation webhook can list 2,000 repositories and GitHub waits 10 seconds for its answer:
 * one round trip after another, on a loaded host, would take longer than that. Groups of
 * `BULK_ENQUEUE_AT_ONCE` are started in order; a failure fails the delivery (GitHub redelivers
 * it, and what was already queued collapses by job id).
 */
export async function auditRepositories(
  enqueue: Enqueue,
  installationId: number,
  repositories: readonly { full_name: string }[],
  trigger: AuditTrigger,
): Promise<void> {
  for (let i = 0; i < repositories.length; i += BULK_ENQUEUE_AT_ONCE) {
    await Promise.all(
      repositories.slice(i, i + BULK_ENQUEUE_AT_ONCE).map(async (r) => {
        const named = splitFullName(r.full_name);
        if (named) await enqueue({ installationId, ...named, trigger, adoptExisting: true }, true);
      }),
    );
  }
}

/** Enqueues every live repository of every active installation: what the schedule runs. */
export async function reauditAll(app: Pick<Probot, 'auth' | 'log'>, enqueue: Enqueue): Promise<number> {
  const appOctokit = await app.auth();
  const installations = (await appOctokit.paginate('GET /app/installations', { per_page: 100 })) as {
    id: number;
    suspended_at?: string | null;
  }[];
  let count = 0;
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    try {
      const octokit = await app.auth(installation.id);
      const repositories = (await octokit.paginate('GET /installation/repositories', {
        per_page: 100,
      })) as unknown as { full_name: string; archived?: boolean }[];
      // Archived repositories are read-only: GitHub refuses check runs on them.
      const live = repositories.filter((r) => !r.archived);
      await auditRepositories(enqueue, installation.id, live, 'schedule');
      count += live.length;
    } catch (error) {
      app.log.error(
        { err: error, installationId: installation.id, requestId: requestIdOf(error) },
        'listing repositories for the scheduled re-audit failed',
      );
    }
  }
  return count;
}
