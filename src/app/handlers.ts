import type { Probot } from 'probot';
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

/**
 * The one job builder: the repository and installation come from the payload, the rest from the
 * event. Undefined when the event was not sent to an installation.
 */
export function jobFromEvent(
  payload: EventPayload,
  audit: Pick<AuditJob, 'sha' | 'trigger' | 'pullRequest' | 'adoptExisting'>,
): AuditJob | undefined {
  if (!payload.installation) return undefined;
  const repository = payload.repository;
  return {
    installationId: payload.installation.id,
    owner: repository.owner?.login ?? (repository.full_name?.split('/')[0] as string),
    repo: repository.name,
    ...(audit.sha ? { sha: audit.sha } : {}),
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

/** Webhooks → jobs. Handlers stay thin: GitHub wants an answer within 10 seconds. */
export function registerHandlers(app: Probot, settings: AppSettings, enqueue: Enqueue): void {
  const add = async (job: AuditJob | undefined): Promise<void> => {
    if (job) await enqueue(job);
  };

  app.on('push', async ({ payload }) => {
    // Only the default branch: other branches are audited through their pull requests.
    if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    await add(jobFromEvent(payload, { sha: payload.after, trigger: 'push', adoptExisting: false }));
  });

  app.on(
    ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'],
    async ({ payload }) => {
      const pr = payload.pull_request;
      await add(
        jobFromEvent(payload, {
          sha: pr.head.sha,
          trigger: 'pull_request',
          pullRequest: { number: pr.number, baseSha: pr.base.sha },
          adoptExisting: payload.action === 'reopened',
        }),
      );
    },
  );

  app.on(['check_suite.requested', 'check_suite.rerequested'], async ({ payload }) => {
    const pullRequest = pullRequestOf(payload.check_suite.pull_requests);
    await add(
      jobFromEvent(payload, {
        sha: payload.check_suite.head_sha,
        trigger: pullRequest ? 'pull_request' : 'push',
        ...(pullRequest ? { pullRequest } : {}),
        adoptExisting: payload.action === 'rerequested',
      }),
    );
  });

  app.on('check_run.rerequested', async ({ payload }) => {
    const pullRequest = pullRequestOf(payload.check_run.pull_requests);
    await add(
      jobFromEvent(payload, {
        sha: payload.check_run.head_sha,
        trigger: 'manual',
        ...(pullRequest ? { pullRequest } : {}),
        adoptExisting: true,
      }),
    );
  });

  // A repository made private must leave the dashboard and its badges now, not at its next audit.
  app.on(
    ['repository.privatized', 'repository.publicized', 'repository.archived', 'repository.unarchived'],
    async ({ payload }) => {
      const repository = payload.repository;
      if (!settings.recorder || !payload.installation) return;
      await settings.recorder.updateRepository({
        owner: repository.owner.login,
        name: repository.name,
        visibility: toVisibility(repository as PayloadRepository),
        archived: repository.archived,
        ...(repository.default_branch ? { defaultBranch: repository.default_branch } : {}),
        installationId: payload.installation.id,
      });
    },
  );

  app.on('installation.created', async ({ payload }) => {
    await auditRepositories(enqueue, payload.installation.id, payload.repositories ?? [], 'installation');
  });

  app.on('installation_repositories.added', async ({ payload }) => {
    await auditRepositories(enqueue, payload.installation.id, payload.repositories_added, 'installation');
  });
}

/** Bulk jobs for the default-branch head of each repository (installation, schedule). */
export async function auditRepositories(
  enqueue: Enqueue,
  installationId: number,
  repositories: readonly { full_name: string }[],
  trigger: AuditTrigger,
): Promise<void> {
  for (const r of repositories) {
    const [owner, repo] = r.full_name.split('/') as [string, string];
    await enqueue({ installationId, owner, repo, trigger, adoptExisting: true }, true);
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
