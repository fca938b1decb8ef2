import type { ApplicationFunctionOptions, Probot } from 'probot';
import { requestIdOf } from '../snapshot/github/index.js';
import { reauditAll, registerHandlers, type Enqueue } from './handlers.js';
import { mergeJobs, queueJob, supersedes, type AuditJob } from './job.js';
import { MemoryQueue, type AuditQueue } from './queue.js';
import { settingsFromEnv, type AppSettings } from './settings.js';
import { createWorker } from './worker.js';

export type { AuditJob } from './job.js';
export { settingsFromEnv, type AppSettings } from './settings.js';

export interface AppHandle {
  queue: AuditQueue<AuditJob>;
  /** Enqueues every repository of every installation (what the schedule runs). */
  reauditAll(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Wires the App: handlers turn events into jobs (handlers.ts), the queue carries them, the
 * worker audits (worker.ts). Returns a handle for tests, the demo and shutdown.
 */
export function installApp(app: Probot, settings: AppSettings): AppHandle {
  const processAudit = createWorker(app, settings);
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

  const enqueue: Enqueue = async (job, bulk = false) => {
    const queued = queueJob(job, bulk);
    const outcome = await queue.add(queued);
    if (outcome === 'full') app.log.warn({ key: queued.key }, 'audit queue full: audit dropped');
    else app.log.debug({ key: queued.key, outcome }, 'audit enqueued');
  };

  registerHandlers(app, settings, enqueue);

  const timer =
    settings.reauditIntervalMs > 0
      ? setInterval(() => {
          reauditAll(app, enqueue).catch((error: unknown) =>
            app.log.error({ err: error, requestId: requestIdOf(error) }, 'scheduled re-audit failed'),
          );
        }, settings.reauditIntervalMs)
      : undefined;
  timer?.unref();

  return {
    queue,
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
  installApp(app, settingsFromEnv(process.env));
}
