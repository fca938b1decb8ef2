import { CHECKS } from '../../checks/index.js';
import type { AnyCheck } from '../engine/check.js';
import { DEFAULT_DOCS_BASE_URL } from './check-runs.js';
import { DEFAULT_CACHE_BOUNDS, type CacheBounds } from './etag-cache.js';
import type { AuditJob } from './job.js';
import { metrics } from './metrics.js';
import type { Attempt, AuditQueue } from './queue.js';
import { BullMQAuditQueue, type QueueEvent } from './queue-bullmq.js';
import { createAuditRecorder, type AuditRecorder } from './store-integration.js';

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
  /** Which part of the App this process runs (`TCOP_ROLE`). */
  role?: Role;
  /** Builds the queue; the in-memory queue by default. */
  createQueue?: (
    process: (job: AuditJob, attempt: Attempt) => Promise<void>,
    log?: QueueLog,
  ) => AuditQueue<AuditJob>;
  /** The audit clock (tests fix it). */
  now?: () => Date;
  /** The share of each installation's GitHub budget scheduled re-audits may spend (`TCOP_SCHEDULE_BUDGET_SHARE`). */
  scheduleBudgetShare?: number;
  /** Bounds on the workers' shared cache of GitHub answers and ETags (on Redis, with the queue). */
  etagCache?: CacheBounds;
}

const HOUR = 3_600_000;

function positiveNumber(value: string | undefined, fallback: number): number {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Settings from the environment (documented in the README, "Install the App"). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AppSettings {
  const appId = positiveNumber(env.APP_ID, 0);
  const role = roleFromEnv(env);
  const reauditIntervalMs = positiveNumber(env.TCOP_REAUDIT_INTERVAL_HOURS, 24) * HOUR;
  return {
    checks: CHECKS,
    ...(appId > 0 ? { appId } : {}),
    docsBaseUrl: env.TCOP_DOCS_BASE_URL ?? DEFAULT_DOCS_BASE_URL,
    reauditIntervalMs,
    concurrency: Math.max(1, positiveNumber(env.TCOP_CONCURRENCY, 4)),
    concurrencyPerInstallation: Math.max(1, positiveNumber(env.TCOP_INSTALLATION_CONCURRENCY, 2)),
    ...(env.TCOP_STORE === 'off' ? {} : { recorder: createAuditRecorder(env.DATABASE_URL) }),
    role,
    scheduleBudgetShare: Math.min(1, positiveNumber(env.TCOP_SCHEDULE_BUDGET_SHARE, 0.5)),
    etagCache: {
      maxBytes: positiveNumber(env.TCOP_ETAG_CACHE_MB, DEFAULT_CACHE_BOUNDS.maxBytes / 1e6) * 1e6,
      maxEntries: positiveNumber(env.TCOP_ETAG_CACHE_ENTRIES, DEFAULT_CACHE_BOUNDS.maxEntries),
      // An answer must outlive the interval between two scheduled re-audits that re-read it.
      ttlMs: Math.max(DEFAULT_CACHE_BOUNDS.ttlMs, 2 * reauditIntervalMs),
    },
    ...(env.REDIS_URL
      ? { createQueue: bullmqQueue(env, role, positiveNumber(env.TCOP_CONCURRENCY, 4)) }
      : {}),
  };
}

export type Role = 'web' | 'worker' | 'all';

/**
 * `TCOP_ROLE`: `web` verifies webhooks, enqueues, and serves badges and the dashboard; `worker`
 * audits, writes check runs and the store; `all` (the default) does both in one process, on an
 * in-process queue unless REDIS_URL is set. `web` and `worker` share a queue, so need REDIS_URL.
 */
export function roleFromEnv(env: NodeJS.ProcessEnv): Role {
  const role = env.TCOP_ROLE ?? 'all';
  if (role !== 'web' && role !== 'worker' && role !== 'all')
    throw new Error(`TCOP_ROLE=${role} is not a role: use web, worker or all.`);
  if (role !== 'all' && !env.REDIS_URL)
    throw new Error(`TCOP_ROLE=${role} needs REDIS_URL: web and worker processes share the queue on Redis.`);
  return role;
}

/** What the BullMQ queue reports, as log lines and metrics. */
export function logQueueEvent(log: QueueLog, event: QueueEvent): void {
  if (event.kind === 'dead-letter') {
    metrics.deadLetters.inc();
    log.error(
      {
        installation: event.job.installationId,
        key: event.job.key,
        attempts: event.job.attempts,
        job: event.job.id,
      },
      `dead letter: ${event.job.key} given up after ${event.job.attempts} attempts: ${event.job.reason}`,
    );
  } else if (event.kind === 'requeued')
    log.warn(
      { installation: event.installationId, job: event.id },
      'shutting down: a running audit was put back on the queue',
    );
  else if (event.kind === 'paused')
    log.warn(
      { installation: event.installationId, until: new Date(event.until).toISOString(), job: event.id },
      'rate limited: the installation waits until the reset',
    );
  else
    log.warn(
      { installation: event.installationId, job: event.id, attempt: event.attempt },
      `audit retried: ${event.reason}`,
    );
}

export interface QueueLog {
  error: (fields: object, message: string) => void;
  warn: (fields: object, message: string) => void;
}

/** At scale: REDIS_URL puts the queue on Redis; a web process only enqueues. */
function bullmqQueue(env: NodeJS.ProcessEnv, role: Role, concurrency: number): AppSettings['createQueue'] {
  const redisUrl = env.REDIS_URL as string;
  return (process, log) =>
    new BullMQAuditQueue<AuditJob>({
      redisUrl,
      concurrency: Math.max(1, concurrency),
      ...(env.TCOP_QUEUE_NAME ? { name: env.TCOP_QUEUE_NAME } : {}),
      ...(env.TCOP_QUEUE_PREFIX ? { prefix: env.TCOP_QUEUE_PREFIX } : {}),
      attempts: Math.max(1, positiveNumber(env.TCOP_ATTEMPTS, 5)),
      backoffMs: positiveNumber(env.TCOP_RETRY_DELAY_MS, 5_000),
      lockMs: Math.max(1_000, positiveNumber(env.TCOP_LOCK_MS, 30_000)),
      ...(env.TCOP_STALLED_CHECK_MS
        ? { stalledCheckMs: Math.max(100, positiveNumber(env.TCOP_STALLED_CHECK_MS, 15_000)) }
        : {}),
      // Below Docker's and Kubernetes' stop grace (10 s, 30 s), so re-queuing happens before a SIGKILL.
      shutdownGraceMs: positiveNumber(env.TCOP_SHUTDOWN_GRACE_MS, 8_000),
      ...(role === 'web' ? {} : { process }),
      ...(log ? { onEvent: (event: QueueEvent) => logQueueEvent(log, event) } : {}),
    });
}

/**
 * Probot signs and checks webhooks with `development` when no secret is set, which anyone can sign
 * with. Every entry point (`npm start`, the Probot app function under `probot run`, the
 * middleware) calls this, so production never runs with it.
 */
export function webhookSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.WEBHOOK_SECRET;
  if (env.NODE_ENV === 'production' && (!secret || secret === 'development')) {
    throw new Error(
      secret
        ? 'WEBHOOK_SECRET is "development", the secret anyone can sign with: refusing it in production. Set it to the secret configured in the GitHub App settings.'
        : 'WEBHOOK_SECRET is not set: refusing to accept unsigned webhooks in production. Set it to the secret configured in the GitHub App settings.',
    );
  }
  return secret || 'development';
}
