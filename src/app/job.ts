import type { PayloadRepository } from '../snapshot/github/index.js';
import type { AuditTrigger } from '../store/index.js';
import type { QueueJob } from './queue.js';

/** One audit to run: plain data, so a Redis-backed queue can carry it. */
export interface AuditJob {
  installationId: number;
  owner: string;
  repo: string;
  /** The commit; the default branch's head when absent (installation, schedule). */
  sha?: string;
  /** The branch the commit was pushed to, when the event says; absent: the default branch's head. */
  ref?: string;
  trigger: AuditTrigger;
  pullRequest?: { number: number; baseSha: string };
  repository?: PayloadRepository;
  /** GitHub's `X-GitHub-Delivery` of the webhook that asked for it, for the logs. */
  deliveryId?: string;
  /** Look up runs this App already made for the commit (re-runs, schedule): one read. */
  adoptExisting: boolean;
}

/** The queue entry for a job: one audit per repository and commit at a time. */
export function queueJob(job: AuditJob, bulk = false, now = new Date()): QueueJob<AuditJob> {
  return {
    key: `${job.owner}/${job.repo}@${job.sha ?? 'HEAD'}`,
    installationId: job.installationId,
    bulk,
    ...coalesceOf(job),
    data: job,
    id: auditJobId(job, now),
  };
}

/**
 * Events for a branch or pull request coalesce: a newer commit replaces a waiting audit of an
 * older one. What a user asked for (re-runs, reopening) and bulk audits are never replaced.
 */
function coalesceOf(job: AuditJob): Pick<QueueJob<AuditJob>, 'coalesce'> {
  if (!job.sha || job.adoptExisting || (job.trigger !== 'push' && job.trigger !== 'pull_request')) return {};
  const repo = `${job.owner}/${job.repo}`;
  if (job.pullRequest) return { coalesce: `${repo}#${job.pullRequest.number}` };
  return job.ref ? { coalesce: `${repo}:${job.ref}` } : {};
}

/**
 * The job's identity across processes: installation, repository, commit and trigger, so a
 * redelivered webhook, or `check_suite` after `push` for the same commit, is the same job. A job
 * without a commit (installation, schedule) is one per hour; a re-run someone asked for is one
 * per delivery.
 */
export function auditJobId(job: AuditJob, now = new Date()): string {
  const repo = `${job.owner}/${job.repo}`.toLowerCase();
  const commit = job.sha ?? `HEAD@${now.toISOString().slice(0, 13)}`;
  // A pull request moved to another base is another comparison, so another job.
  const compared = job.pullRequest ? `^${job.pullRequest.baseSha}` : '';
  const base = `${job.installationId}/${repo}@${commit}#${job.trigger}${compared}`;
  return job.trigger === 'manual' ? `${base}#${job.deliveryId ?? now.toISOString().slice(0, 16)}` : base;
}

/** A later job for the same commit must run again if it brings a PR comparison the running one lacks. */
export function supersedes(running: AuditJob, incoming: AuditJob): boolean {
  return (
    (incoming.pullRequest !== undefined && running.pullRequest?.baseSha !== incoming.pullRequest.baseSha) ||
    (incoming.adoptExisting && !running.adoptExisting)
  );
}

export function mergeJobs(pending: AuditJob, incoming: AuditJob): AuditJob {
  return {
    ...pending,
    ...incoming,
    pullRequest: incoming.pullRequest ?? pending.pullRequest,
    repository: incoming.repository ?? pending.repository,
    adoptExisting: pending.adoptExisting || incoming.adoptExisting,
  } as AuditJob;
}
