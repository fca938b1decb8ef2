import { CHECKS } from '../../checks/index.js';
import type { AnyCheck } from '../engine/check.js';
import { DEFAULT_DOCS_BASE_URL } from './check-runs.js';
import type { AuditJob } from './job.js';
import type { AuditQueue } from './queue.js';
import { BullMQAuditQueue } from './queue-bullmq.js';
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
  /** Builds the queue; the in-memory queue by default. */
  createQueue?: (process: (job: AuditJob) => Promise<void>) => AuditQueue<AuditJob>;
  /** The audit clock (tests fix it). */
  now?: () => Date;
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
