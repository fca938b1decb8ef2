import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { AuditQueue, EnqueueResult, QueueJob } from './queue.js';

/**
 * The audit queue on Redis (BullMQ), for more than one process: web processes verify webhooks
 * and enqueue; workers audit. Same interface as the in-memory queue.
 *
 * Jobs are deduplicated by repository and commit (BullMQ deduplication id = the job key): a
 * second audit of a commit that is waiting is dropped; one that arrives while it runs is kept
 * and runs after it (`keepLastIfActive`). BullMQ without its paid "groups" has no
 * per-installation concurrency: each worker bounds its own, and octokit paces writes per
 * installation.
 */

export interface BullMQQueueOptions<T> {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  redisUrl: string;
  /** Absent: this process only enqueues (a web process). */
  process?: (data: T) => Promise<void>;
  concurrency?: number;
  /** Queue name; tests use their own. */
  name?: string;
  /** Attempts per job: a crashed worker's job is retried, never duplicated. */
  attempts?: number;
}

/** BullMQ takes ioredis options; a URL is what deployments configure. */
export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.replace(/^\//, '') || 0);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // Workers block on Redis; BullMQ requires unlimited retries per request for them.
    maxRetriesPerRequest: null,
  };
}

interface Envelope<T> {
  installationId: number;
  bulk: boolean;
  data: T;
}

export class BullMQAuditQueue<T> implements AuditQueue<T> {
  private readonly queue: Queue<Envelope<T>>;
  private readonly worker: Worker<Envelope<T>> | undefined;

  constructor(private readonly options: BullMQQueueOptions<T>) {
    const connection = redisConnection(options.redisUrl);
    const name = options.name ?? 'tcop-audit';
    this.queue = new Queue<Envelope<T>>(name, { connection });
    const process = options.process;
    this.worker = process
      ? new Worker<Envelope<T>>(name, async (job) => process(job.data.data), {
          connection,
          concurrency: options.concurrency ?? 4,
        })
      : undefined;
  }

  async add(job: QueueJob<T>): Promise<EnqueueResult> {
    const existing = await this.queue.getDeduplicationJobId(job.key);
    await this.queue.add(
      'audit',
      { installationId: job.installationId, bulk: job.bulk, data: job.data },
      {
        deduplication: { id: job.key, keepLastIfActive: true },
        // Events before the installation and schedule sweeps (lower number = sooner).
        priority: job.bulk ? 10 : 1,
        attempts: this.options.attempts ?? 3,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: 1_000,
        removeOnFail: 5_000,
      },
    );
    return existing ? 'duplicate' : 'queued';
  }

  /** Nothing waiting, delayed or running (across every worker on this Redis). */
  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
      );
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  /** Removes the queue and its jobs (tests). */
  async destroy(): Promise<void> {
    await this.worker?.close();
    await this.queue.obliterate({ force: true });
    await this.queue.close();
  }
}
