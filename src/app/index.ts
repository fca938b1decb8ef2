import type { ApplicationFunctionOptions, Probot } from 'probot';
import { requestIdOf } from '../snapshot/github/index.js';
import { reauditAll, registerHandlers, type Enqueue, type Receive } from './handlers.js';
import { mergeJobs, queueJob, supersedes, type AuditJob } from './job.js';
import { deliveryContext } from './delivery.js';
import { metrics } from './metrics.js';
import { MemoryQueue, type AuditQueue } from './queue.js';
import { settingsFromEnv, webhookSecret, type AppSettings } from './settings.js';
import { MemoryLedger, SchedulePacer } from './budget.js';
import { createWorker, type WorkerBudget } from './worker.js';

export type { AuditJob } from './job.js';
export { settingsFromEnv, type AppSettings } from './settings.js';

export interface AppHandle {
  queue: AuditQueue<AuditJob>;
  /** Takes a verified delivery whose event needs no GitHub client (push, pull_request) without Probot. */
  receive: Receive;
  /** Enqueues every repository of every installation (what the schedule runs). */
  reauditAll(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Wires the App: handlers turn events into jobs (handlers.ts), the queue carries them, the
 * worker audits (worker.ts). Returns a handle for tests, the demo and shutdown.
 */
export function installApp(app: Probot, settings: AppSettings): AppHandle {
  // The pacer needs the queue's ledger (Redis when the queue is), and the queue needs the worker.
  const budget: WorkerBudget = {};
  const processAudit = createWorker(app, settings, budget);
  const queue: AuditQueue<AuditJob> = settings.createQueue
    ? settings.createQueue(processAudit, app.log)
    : new MemoryQueue<AuditJob>({
        process: processAudit,
        concurrency: settings.concurrency,
        perInstallation: settings.concurrencyPerInstallation,
        merge: mergeJobs,
        supersedes,
        onError: (error, job) => {
          metrics.deadLetters.inc();
          app.log.error(
            { err: error, key: job.key, installation: job.installationId, delivery: job.data.deliveryId },
            'audit job crashed (dead letter)',
          );
        },
      });

  // On Redis, the workers share GitHub's answers and ETags: a re-audit taken by any worker re-reads
  // with If-None-Match what another read.
  const shared = queue.conditionalCache?.(settings.etagCache);
  if (shared) budget.etags = shared;
  budget.pacer = new SchedulePacer(
    queue.budgetLedger?.() ?? new MemoryLedger(),
    settings.scheduleBudgetShare ?? 0.5,
  );

  const enqueue: Enqueue = async (job, bulk = false) => {
    // The webhook being handled, if any: its id goes with the job into every worker log line.
    const delivery = deliveryContext.getStore();
    const queued = queueJob(delivery ? { ...job, deliveryId: delivery.id } : job, bulk);
    const outcome = await queue.add(queued);
    metrics.deliveries.inc({ event: delivery?.event ?? job.trigger, outcome });
    if (outcome === 'full')
      app.log.warn(
        { key: queued.key, installation: job.installationId, ...(delivery ? { delivery: delivery.id } : {}) },
        'audit queue full: audit dropped',
      );
    else
      app.log.info(
        {
          ...(delivery ? { delivery: delivery.id } : {}),
          installation: job.installationId,
          repo: `${job.owner}/${job.repo}`,
          sha: job.sha,
          trigger: job.trigger,
          outcome,
        },
        'audit enqueued',
      );
  };

  const receive = registerHandlers(app, settings, enqueue);

  // Web processes never schedule; of several workers on one Redis, one claims each round.
  const timer =
    settings.reauditIntervalMs > 0 && settings.role !== 'web'
      ? setInterval(() => {
          (queue.claimSchedule ? queue.claimSchedule(settings.reauditIntervalMs) : Promise.resolve(true))
            .then((mine) => (mine ? reauditAll(app, enqueue) : 0))
            .catch((error: unknown) =>
              app.log.error({ err: error, requestId: requestIdOf(error) }, 'scheduled re-audit failed'),
            );
        }, settings.reauditIntervalMs)
      : undefined;
  timer?.unref();

  return {
    queue,
    receive,
    reauditAll: () => reauditAll(app, enqueue),
    async close() {
      if (timer) clearInterval(timer);
      await queue.close();
      await settings.recorder?.close();
    },
  };
}

/** The Probot app function (`probot run`, `createNodeMiddleware`, the tests). */
export default function tcopAudit(app: Probot, _options?: ApplicationFunctionOptions): void {
  // `probot run` reads WEBHOOK_SECRET itself and falls back to `development`: refuse that here.
  webhookSecret(process.env);
  installApp(app, settingsFromEnv(process.env));
}
