import type { ApplicationFunctionOptions, Probot } from 'probot';
import { CHECKS } from '../../checks/index.js';
import type { AnyCheck } from '../engine/check.js';
import { CONFIG_PATH, ConfigError } from '../engine/config.js';
import type { Report } from '../engine/report.js';
import { audit } from '../engine/run.js';
import { GitHubSource, requestIdOf, type GitHubClient, type PayloadRepository } from '../snapshot/github.js';
import type { AuditTrigger, Visibility } from '../store/index.js';
import { CheckRunIdCache, CheckRunWriter, auditId } from './check-run-writer.js';
import { DEFAULT_DOCS_BASE_URL, renderAuditError, renderCheckRuns, renderConfigError } from './check-runs.js';
import { MemoryQueue, type AuditQueue, type QueueJob } from './queue.js';
import { BullMQAuditQueue } from './queue-bullmq.js';
import { createAuditRecorder, type AuditRecorder } from './store-integration.js';

/** One audit to run: plain data, so a Redis-backed queue can carry it. */
export interface AuditJob {
  installationId: number;
  owner: string;
  repo: string;
  /** The commit; the default branch's head when absent (installation, schedule). */
  sha?: string;
  trigger: AuditTrigger;
  pullRequest?: { number: number; baseSha: string };
  repository?: PayloadRepository;
  /** Look up runs this App already made for the commit (re-runs, schedule): one read. */
  adoptExisting: boolean;
}

export interface AppSettings {
  checks: readonly AnyCheck[];
  /** Filters the check-run lookup to this App's runs. */
  appId?: number;
  docsBaseUrl: string;
  /** Scheduled re-audit of every installed repository; 0 turns it off. */
  reauditIntervalMs: number;
  concurrency: number;
  concurrencyPerInstallation: number;
  /** Saves each completed audit (history, badges, dashboard); absent: not stored. */
  recorder?: AuditRecorder;
  /** Builds the queue; the in-memory queue by default. */
  createQueue?: (process: (job: AuditJob) => Promise<void>) => AuditQueue<AuditJob>;
  /** The audit clock (tests fix it). */
  now?: () => Date;
}

export interface AppHandle {
  queue: AuditQueue<AuditJob>;
  /** Enqueues every repository of every installation (what the schedule runs). */
  reauditAll(): Promise<number>;
  close(): Promise<void>;
}

const HOUR = 3_600_000;

function positiveNumber(value: string | undefined, fallback: number): number {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Settings from the environment (documented in the README, "Install the App"). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AppSettings {
  const appId = positiveNumber(env.APP_ID, 0);
  return {
    checks: CHECKS,
    ...(appId > 0 ? { appId } : {}),
    docsBaseUrl: env.TCOP_DOCS_BASE_URL ?? DEFAULT_DOCS_BASE_URL,
    reauditIntervalMs: positiveNumber(env.TCOP_REAUDIT_INTERVAL_HOURS, 24) * HOUR,
    concurrency: Math.max(1, positiveNumber(env.TCOP_CONCURRENCY, 4)),
    concurrencyPerInstallation: Math.max(1, positiveNumber(env.TCOP_INSTALLATION_CONCURRENCY, 2)),
    ...(env.TCOP_STORE === 'off' ? {} : { recorder: createAuditRecorder(env.DATABASE_URL) }),
    ...(env.REDIS_URL
      ? { createQueue: bullmqQueue(env.REDIS_URL, env.TCOP_ROLE, positiveNumber(env.TCOP_CONCURRENCY, 4)) }
      : {}),
  };
}

/**
 * At scale (design §7): REDIS_URL puts the queue on Redis. TCOP_ROLE=web only verifies and
 * enqueues; TCOP_ROLE=worker (or the default, both) also audits.
 */
function bullmqQueue(
  redisUrl: string,
  role: string | undefined,
  concurrency: number,
): AppSettings['createQueue'] {
  return (process) =>
    new BullMQAuditQueue<AuditJob>({
      redisUrl,
      concurrency: Math.max(1, concurrency),
      ...(role === 'web' ? {} : { process }),
    });
}

/** A later job for the same commit must run again if it brings a PR comparison the running one lacks. */
function supersedes(running: AuditJob, incoming: AuditJob): boolean {
  return (
    (incoming.pullRequest !== undefined && running.pullRequest?.baseSha !== incoming.pullRequest.baseSha) ||
    (incoming.adoptExisting && !running.adoptExisting)
  );
}

function mergeJobs(pending: AuditJob, incoming: AuditJob): AuditJob {
  return {
    ...pending,
    ...incoming,
    pullRequest: incoming.pullRequest ?? pending.pullRequest,
    repository: incoming.repository ?? pending.repository,
    adoptExisting: pending.adoptExisting || incoming.adoptExisting,
  } as AuditJob;
}

/** The payload's visibility; private when it does not say, so nothing is published by mistake. */
function toVisibility(repository: PayloadRepository | undefined): Visibility {
  const v = repository?.visibility ?? (repository?.private ? 'private' : undefined);
  if (v === 'public' || v === 'private' || v === 'internal') return v;
  return 'private';
}

/** The default branch's head, for jobs that do not name a commit (installation, schedule). */
async function resolveHead(source: GitHubSource): Promise<string> {
  await source.loadConfig(CONFIG_PATH);
  return source.commit();
}

interface InstallationPermissions {
  permissions?: Record<string, string>;
}

/** The installation's granted permissions, from its (cached) access token. */
async function permissionsOf(octokit: {
  auth: (options: Record<string, unknown>) => Promise<unknown>;
}): Promise<Record<string, string> | undefined> {
  try {
    const token = (await octokit.auth({ type: 'installation' })) as InstallationPermissions;
    return token.permissions;
  } catch {
    return undefined;
  }
}

/**
 * Wires the App: handlers stay thin (event → job), the worker audits (job → snapshot → engine →
 * check runs). Returns a handle for tests, the demo and shutdown.
 */
export function installApp(app: Probot, settings: AppSettings): AppHandle {
  const idCache = new CheckRunIdCache();
  const reports = new Map<string, Report>();
  const remember = (key: string, report: Report): void => {
    reports.set(key, report);
    if (reports.size > 500) reports.delete(reports.keys().next().value as string);
  };
  const now = settings.now ?? (() => new Date());

  async function baseReport(client: GitHubClient, job: AuditJob, baseSha: string): Promise<Report> {
    const key = `${job.owner}/${job.repo}@${baseSha}`;
    const cached = reports.get(key);
    if (cached) return cached;
    const source = new GitHubSource(client, {
      owner: job.owner,
      repo: job.repo,
      sha: baseSha,
      ...(job.repository ? { repository: job.repository } : {}),
    });
    const { report } = await audit(source, { checks: settings.checks, now: now() });
    remember(key, report);
    return report;
  }

  async function processAudit(job: AuditJob): Promise<void> {
    const log = app.log.child({ repo: `${job.owner}/${job.repo}`, sha: job.sha, trigger: job.trigger });
    const octokit = await app.auth(job.installationId);
    const client = octokit as unknown as GitHubClient;
    const permissions = await permissionsOf(
      octokit as unknown as { auth: (o: Record<string, unknown>) => Promise<unknown> },
    );
    const source = new GitHubSource(client, {
      owner: job.owner,
      repo: job.repo,
      ...(job.sha ? { sha: job.sha } : {}),
      ...(job.repository ? { repository: job.repository } : {}),
      ...(permissions ? { permissions } : {}),
    });
    let writer: CheckRunWriter | undefined;
    try {
      // Webhooks name the commit, so the runs can show "in progress" before anything is read.
      const sha: string = job.sha ?? (await resolveHead(source));
      const externalId = auditId(job.owner, job.repo, sha);
      writer = new CheckRunWriter(
        client,
        { owner: job.owner, repo: job.repo, headSha: sha, externalId },
        idCache.get(externalId),
      );
      if (job.adoptExisting) await writer.adoptExisting(settings.appId);
      // The runs show "in progress" while the snapshot loads: writes stay serial, reads overlap
      // them. On a pull request the base commit is audited alongside, for the comparison.
      const audited = audit(source, { checks: settings.checks, now: now() });
      audited.catch(() => undefined);
      const compared: Promise<{ base?: Report; baseError?: string }> = job.pullRequest
        ? baseReport(client, job, job.pullRequest.baseSha).then(
            (base) => ({ base }),
            (error: unknown) => ({
              baseError:
                error instanceof ConfigError
                  ? `its configuration is invalid (${error.message})`
                  : (error as Error).message,
            }),
          )
        : Promise.resolve({});
      await writer.start();
      const result = await audited;
      remember(`${job.owner}/${job.repo}@${sha}`, result.report);
      const { base, baseError } = await compared;
      await writer.complete(
        renderCheckRuns(result.report, result.config, {
          docsBaseUrl: settings.docsBaseUrl,
          ...(base ? { base } : {}),
          ...(baseError ? { baseError } : {}),
        }),
      );
      log.info(
        {
          level: result.report.level,
          files: result.report.snapshot.files,
          requests: source.requests,
          writes: writer.writes,
        },
        'audit complete',
      );
      if (settings.recorder) {
        const visibility = result.snapshot.fact('visibility');
        const archived = result.snapshot.fact('archived');
        const defaultBranch = result.snapshot.fact('defaultBranch');
        await settings.recorder
          .record({
            report: result.report,
            owner: job.owner,
            name: job.repo,
            visibility: visibility.state === 'known' ? visibility.value : toVisibility(job.repository),
            archived: archived.state === 'known' ? archived.value : false,
            ...(defaultBranch.state === 'known' ? { defaultBranch: defaultBranch.value } : {}),
            installationId: job.installationId,
            trigger: job.trigger,
          })
          .catch((error: unknown) => log.error({ err: error }, 'saving the audit failed'));
      }
    } catch (error) {
      if (error instanceof ConfigError) {
        log.info({ file: error.file, line: error.line }, 'invalid configuration');
        await writer
          ?.complete(renderConfigError(error, settings.docsBaseUrl))
          .catch((e: unknown) =>
            log.error({ err: e, requestId: requestIdOf(e) }, 'reporting the invalid configuration failed'),
          );
        return;
      }
      const requestId = requestIdOf(error) ?? (error as { requestId?: string }).requestId;
      log.error({ err: error, requestId }, `audit failed: ${(error as Error).message}`);
      await writer
        ?.complete(renderAuditError((error as Error).message, requestId))
        .catch((e: unknown) =>
          log.error({ err: e, requestId: requestIdOf(e) }, 'reporting the audit error failed'),
        );
    }
  }

  const queue = settings.createQueue
    ? settings.createQueue(processAudit)
    : new MemoryQueue<AuditJob>({
        process: processAudit,
        concurrency: settings.concurrency,
        perInstallation: settings.concurrencyPerInstallation,
        merge: mergeJobs,
        supersedes,
        onError: (error, job) => app.log.error({ err: error, key: job.key }, 'audit job crashed'),
      });

  const enqueue = async (job: AuditJob, bulk = false): Promise<void> => {
    const queued: QueueJob<AuditJob> = {
      key: `${job.owner}/${job.repo}@${job.sha ?? 'HEAD'}`,
      installationId: job.installationId,
      bulk,
      data: job,
    };
    const outcome = await queue.add(queued);
    app.log.debug({ key: queued.key, outcome }, 'audit enqueued');
  };

  app.on('push', async (context) => {
    const { payload } = context;
    const repository = payload.repository;
    // Only the default branch: other branches are audited through their pull requests.
    if (payload.deleted || payload.ref !== `refs/heads/${repository.default_branch}` || !payload.installation)
      return;
    await enqueue({
      installationId: payload.installation.id,
      owner: repository.full_name.split('/')[0] as string,
      repo: repository.name,
      sha: payload.after,
      trigger: 'push',
      repository: repository as PayloadRepository,
      adoptExisting: false,
    });
  });

  app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
    const { payload } = context;
    if (!payload.installation) return;
    await enqueue({
      installationId: payload.installation.id,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      sha: payload.pull_request.head.sha,
      trigger: 'pull_request',
      pullRequest: { number: payload.pull_request.number, baseSha: payload.pull_request.base.sha },
      repository: payload.repository as PayloadRepository,
      adoptExisting: payload.action === 'reopened',
    });
  });

  app.on(['check_suite.requested', 'check_suite.rerequested'], async (context) => {
    const { payload } = context;
    if (!payload.installation) return;
    const pr = payload.check_suite.pull_requests[0];
    await enqueue({
      installationId: payload.installation.id,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      sha: payload.check_suite.head_sha,
      trigger: pr ? 'pull_request' : 'push',
      ...(pr ? { pullRequest: { number: pr.number, baseSha: pr.base.sha } } : {}),
      repository: payload.repository as PayloadRepository,
      adoptExisting: payload.action === 'rerequested',
    });
  });

  app.on('check_run.rerequested', async (context) => {
    const { payload } = context;
    if (!payload.installation) return;
    const pr = payload.check_run.pull_requests[0];
    await enqueue({
      installationId: payload.installation.id,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      sha: payload.check_run.head_sha,
      trigger: 'manual',
      ...(pr ? { pullRequest: { number: pr.number, baseSha: pr.base.sha } } : {}),
      repository: payload.repository as PayloadRepository,
      adoptExisting: true,
    });
  });

  // A repository made private must leave the dashboard and its badges now, not at its next audit.
  app.on(
    ['repository.privatized', 'repository.publicized', 'repository.archived', 'repository.unarchived'],
    async (context) => {
      const { payload } = context;
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

  const auditRepositories = async (
    installationId: number,
    repositories: readonly { full_name: string }[],
    trigger: AuditTrigger,
  ): Promise<void> => {
    for (const r of repositories) {
      const [owner, repo] = r.full_name.split('/') as [string, string];
      await enqueue({ installationId, owner, repo, trigger, adoptExisting: true }, true);
    }
  };

  app.on('installation.created', async (context) => {
    await auditRepositories(
      context.payload.installation.id,
      context.payload.repositories ?? [],
      'installation',
    );
  });

  app.on('installation_repositories.added', async (context) => {
    await auditRepositories(
      context.payload.installation.id,
      context.payload.repositories_added,
      'installation',
    );
  });

  async function reauditAll(): Promise<number> {
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
        await auditRepositories(installation.id, live, 'schedule');
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

  const timer =
    settings.reauditIntervalMs > 0
      ? setInterval(() => {
          reauditAll().catch((error: unknown) =>
            app.log.error({ err: error, requestId: requestIdOf(error) }, 'scheduled re-audit failed'),
          );
        }, settings.reauditIntervalMs)
      : undefined;
  timer?.unref();

  return {
    queue,
    reauditAll,
    async close() {
      if (timer) clearInterval(timer);
      await queue.close();
      await settings.recorder?.close();
    },
  };
}

/** The Probot app function (`probot run`, `createNodeMiddleware`, the tests). */
export default function tcopAudit(app: Probot, _options?: ApplicationFunctionOptions): void {
  installApp(app, settingsFromEnv(process.env));
}
