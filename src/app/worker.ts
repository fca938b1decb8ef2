import type { Probot } from 'probot';
import { judgingConfig, type JudgingConfig } from '../engine/config-changes.js';
import { CONFIG_PATH, ConfigError } from '../engine/config.js';
import type { Report } from '../engine/report.js';
import { audit } from '../engine/run.js';
import {
  GitHubSource,
  requestIdOf,
  type GitHubClient,
  type PayloadRepository,
  type RepoFactReads,
} from '../snapshot/github/index.js';
import type { ConfigSources } from '../snapshot/types.js';
import type { Visibility } from '../store/index.js';
import { CheckRunIdCache, CheckRunWriter, auditId } from './check-run-writer.js';
import { renderAuditError, renderCheckRuns, renderConfigError } from './check-runs.js';
import type { AuditJob } from './job.js';
import { metrics } from './metrics.js';
import type { Admission, SchedulePacer } from './budget.js';
import { DeferredError, RetryableError, type Attempt } from './queue.js';
import { EtagCache, type ConditionalCache } from './etag-cache.js';
import { meterRequests, type HookableOctokit } from './worker-github.js';
import { retryPlan } from './retry.js';
import type { AppSettings } from './settings.js';

const ONLY_ATTEMPT: Attempt = { attempt: 1, final: true };
/**
 * Times one audit is queued again for after a rate limit's reset before its check runs say it
 * was rate-limited: the wait is the queue's, never a job's.
 */
export const MAX_RATE_LIMIT_REQUEUES = 5;

/** The schedule's pacing, set once the queue (and its ledger) exists. */
export interface WorkerBudget {
  pacer?: SchedulePacer;
  /** Conditional re-reads shared by every worker (Redis); absent: this process's own memory. */
  etags?: ConditionalCache;
}

/** What the worker needs of the Probot app: its log and installation clients. */
export type WorkerApp = Pick<Probot, 'log' | 'auth'>;

/**
 * The payload's visibility; private when it does not say, so nothing is published by mistake.
 * `private: true` wins over `visibility` (the `repository.privatized` example carries
 * `private: true, visibility: "public"`); internal repositories are private to GitHub too.
 */
export function toVisibility(repository: PayloadRepository | undefined): Visibility {
  const v = repository?.visibility;
  if (repository?.private === true) return v === 'internal' ? 'internal' : 'private';
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
 * The worker: job → snapshot → engine → check runs (and the store). Handlers never audit; this
 * is the only place that does.
 */
export function createWorker(
  app: WorkerApp,
  settings: AppSettings,
  budget: WorkerBudget = {},
): (job: AuditJob) => Promise<void> {
  const idCache = new CheckRunIdCache();
  // Re-reads (a scheduled re-audit of an unchanged commit, a retry) go out with If-None-Match:
  // from the workers' shared cache when there is one, else from this process's.
  const ownEtags = new EtagCache();
  /** Reports of commits judged by their own config, with that config: a later PR's base. */
  const reports = new Map<string, { report: Report; config: ConfigSources }>();
  const remember = (key: string, report: Report, config: ConfigSources): void => {
    reports.set(key, { report, config });
    if (reports.size > 500) reports.delete(reports.keys().next().value as string);
  };
  const now = settings.now ?? (() => new Date());
  const knownChecks = settings.checks.map((c) => c.meta.id);

  /** The base commit: its config (read first, it judges the head) and its report. */
  function baseOf(
    client: GitHubClient,
    job: AuditJob,
    baseSha: string,
    shared: { permissions?: Record<string, string>; factReads: RepoFactReads },
  ): { config: Promise<ConfigSources>; report: () => Promise<Report> } {
    const key = `${job.owner}/${job.repo}@${baseSha}`;
    const cached = reports.get(key);
    if (cached)
      return { config: Promise.resolve(cached.config), report: () => Promise.resolve(cached.report) };
    // One source: its config query serves both the judging config and the base's own audit.
    // The base reads only its commit: rules, protection and settings are the repository's, read
    // once for the audit with the installation's permissions, as the head's are.
    const source = new GitHubSource(client, {
      owner: job.owner,
      repo: job.repo,
      sha: baseSha,
      ...(job.repository ? { repository: job.repository } : {}),
      ...(shared.permissions ? { permissions: shared.permissions } : {}),
      factReads: shared.factReads,
    });
    const config = source.loadConfig(CONFIG_PATH);
    return {
      config,
      report: async () => {
        const { report } = await audit(source, { checks: settings.checks, now: now() });
        remember(key, report, await config);
        return report;
      },
    };
  }

  /** The config of the default branch's head, for a commit pushed to another branch. */
  function defaultBranchConfig(client: GitHubClient, job: AuditJob, branch: string): Promise<ConfigSources> {
    return new GitHubSource(client, { owner: job.owner, repo: job.repo, ref: branch }).loadConfig(
      CONFIG_PATH,
    );
  }

  return async function processAudit(job: AuditJob, attempt: Attempt = ONLY_ATTEMPT): Promise<void> {
    const log = app.log.child({
      ...(job.deliveryId ? { delivery: job.deliveryId } : {}),
      installation: job.installationId,
      repo: `${job.owner}/${job.repo}`,
      sha: job.sha,
      trigger: job.trigger,
      ...(attempt.attempt > 1 ? { attempt: attempt.attempt } : {}),
    });
    // A scheduled re-audit past its share of the installation's budget waits for the next window.
    let admission: Admission | undefined;
    if (job.trigger === 'schedule' && budget.pacer) {
      admission = await budget.pacer.admit(job.installationId);
      if (!admission.admitted) {
        log.info(
          { until: new Date(admission.until).toISOString() },
          `re-audit deferred: ${admission.reason}`,
        );
        metrics.deferred.inc();
        throw new DeferredError(admission.reason, admission.until);
      }
    }
    const started = Date.now();
    const octokit = await app.auth(job.installationId);
    const cost = meterRequests(octokit as unknown as HookableOctokit, {
      installationId: job.installationId,
      ...(budget.pacer ? { ledger: budget.pacer.ledger } : {}),
      etags: budget.etags ?? ownEtags,
    });
    const client = octokit as unknown as GitHubClient;
    const permissions = await permissionsOf(
      octokit as unknown as { auth: (o: Record<string, unknown>) => Promise<unknown> },
    );
    const factReads: RepoFactReads = new Map();
    const source = new GitHubSource(client, {
      owner: job.owner,
      repo: job.repo,
      ...(job.sha ? { sha: job.sha } : {}),
      ...(job.repository ? { repository: job.repository } : {}),
      ...(permissions ? { permissions } : {}),
      factReads,
    });
    let writer: CheckRunWriter | undefined;
    try {
      // Webhooks name the commit, so the runs can show "in progress" before anything is read.
      const sha: string = job.sha ?? (await resolveHead(source));
      // GitHub refuses check runs on archived repositories: they are read-only.
      if ((job.sha ? job.repository?.archived : await source.archived()) === true) {
        log.info('archived repository: not audited');
        return;
      }
      const externalId = auditId(job.owner, job.repo, sha);
      writer = new CheckRunWriter(
        client,
        { owner: job.owner, repo: job.repo, headSha: sha, externalId },
        idCache.get(externalId),
        settings.appId,
      );
      // A retry (or a job a killed worker left) finds the runs an earlier attempt made.
      if (job.adoptExisting || attempt.attempt > 1) await writer.adoptExisting(settings.appId);
      // The runs show "in progress" while the snapshot loads: writes stay serial, reads overlap
      // them. On a pull request the base commit is audited alongside, for the comparison.
      const base = job.pullRequest
        ? baseOf(client, job, job.pullRequest.baseSha, { ...(permissions ? { permissions } : {}), factReads })
        : undefined;
      const defaultBranch = job.repository?.default_branch;
      const judgedBy: { config: Promise<ConfigSources>; by: JudgingConfig['judgedBy'] } | undefined =
        base && job.pullRequest
          ? { config: base.config, by: { kind: 'base-commit', commit: job.pullRequest.baseSha } }
          : job.sha && job.ref && defaultBranch && job.ref !== defaultBranch
            ? {
                config: defaultBranchConfig(client, job, defaultBranch),
                by: { kind: 'default-branch', branch: defaultBranch },
              }
            : undefined;
      const audited = (async (): Promise<{
        result: Awaited<ReturnType<typeof audit>>;
        judging?: JudgingConfig;
      }> => {
        if (!judgedBy) return { result: await audit(source, { checks: settings.checks, now: now() }) };
        const [judge, own] = await Promise.all([judgedBy.config, source.loadConfig(CONFIG_PATH)]);
        const judging = judgingConfig(judge, own, judgedBy.by, knownChecks);
        const result = await audit(source, {
          checks: settings.checks,
          now: now(),
          configFiles: judging.files,
        });
        return { result, judging };
      })();
      audited.catch(() => undefined);
      const compared: Promise<{ base?: Report; baseError?: string }> = base
        ? base.report().then(
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
      const { result, judging } = await audited;
      // A commit judged by another's config is not a report of its own: never a later PR's base.
      if (!judging)
        remember(`${job.owner}/${job.repo}@${sha}`, result.report, await source.loadConfig(CONFIG_PATH));
      const { base: baseReport, baseError } = await compared;
      await writer.complete(
        renderCheckRuns(result.report, result.config, {
          docsBaseUrl: settings.docsBaseUrl,
          ...(baseReport ? { base: baseReport } : {}),
          ...(baseError ? { baseError } : {}),
          ...(judging ? { judging } : {}),
        }),
      );
      log.info(
        {
          level: result.report.level,
          files: result.report.snapshot.files,
          requests: source.requests,
          checkRunReads: writer.reads,
          writes: writer.writes,
          cost,
        },
        'audit complete',
      );
      metrics.audits.inc({ outcome: 'completed', trigger: job.trigger });
      metrics.auditSeconds.observe({ trigger: job.trigger }, (Date.now() - started) / 1000);
      const defaultBranchFact = result.snapshot.fact('defaultBranch');
      // Badges and the dashboard show the default branch: a pull request's head or another
      // branch's push is reported in its check runs, never recorded as the repository's result.
      const branch = job.sha
        ? job.ref
        : defaultBranchFact.state === 'known'
          ? defaultBranchFact.value
          : undefined;
      const onDefaultBranch =
        !job.pullRequest && defaultBranchFact.state === 'known' && branch === defaultBranchFact.value;
      if (settings.recorder && onDefaultBranch) {
        const visibility = result.snapshot.fact('visibility');
        const archived = result.snapshot.fact('archived');
        await settings.recorder
          .record({
            report: result.report,
            owner: job.owner,
            name: job.repo,
            visibility: visibility.state === 'known' ? visibility.value : toVisibility(job.repository),
            archived: archived.state === 'known' ? archived.value : false,
            defaultBranch: defaultBranchFact.value,
            ref: branch,
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
        metrics.audits.inc({ outcome: 'config_error', trigger: job.trigger });
        return;
      }
      const requestId = requestIdOf(error) ?? (error as { requestId?: string }).requestId;
      const plan = retryPlan(error);
      const requeue = plan.retryAt !== undefined && attempt.attempt <= MAX_RATE_LIMIT_REQUEUES;
      if (plan.retryable && (!attempt.final || requeue)) {
        // The runs stay "in progress"; the next attempt adopts them.
        log.warn(
          { err: error, requestId, retryAt: plan.retryAt },
          `audit will be retried: ${(error as Error).message}`,
        );
        metrics.audits.inc({ outcome: plan.retryAt ? 'rate_limited' : 'retry', trigger: job.trigger });
        throw new RetryableError((error as Error).message, plan.retryAt, { cause: error });
      }
      log.error({ err: error, requestId }, `audit failed: ${(error as Error).message}`);
      metrics.audits.inc({ outcome: 'error', trigger: job.trigger });
      await writer
        ?.complete(renderAuditError((error as Error).message, requestId))
        .catch((e: unknown) =>
          log.error({ err: e, requestId: requestIdOf(e) }, 'reporting the audit error failed'),
        );
      // Retried to the last attempt: reported in the check runs, and a dead letter for the operator.
      if (plan.retryable && attempt.attempt > 1)
        throw new RetryableError((error as Error).message, undefined, { cause: error });
    } finally {
      metrics.githubCost.inc({ api: 'rest', trigger: job.trigger }, cost.rest);
      metrics.githubCost.inc({ api: 'graphql', trigger: job.trigger }, cost.graphql);
      // What the scheduled audit really cost replaces what was reserved for it.
      if (admission)
        await budget.pacer
          ?.settle(job.installationId, admission, cost)
          .catch((error: unknown) => log.warn({ err: error }, 'booking the re-audit’s GitHub cost failed'));
    }
  };
}
