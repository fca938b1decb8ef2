import { Redis, type RedisOptions } from 'ioredis';
import { DelayedError, Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { RedisLedger, type BudgetLedger } from './budget.js';
import { RedisEtagCache, type CacheBounds, type ConditionalCache } from './etag-cache.js';
import {
  DeferredError,
  RetryableError,
  type Attempt,
  type AuditQueue,
  type DeadLetter,
  type EnqueueResult,
  type QueueJob,
} from './queue.js';
import { retryPlan } from './retry.js';

/**
 * The audit queue on Redis (BullMQ), for more than one process: web processes verify webhooks
 * and enqueue; workers audit. Same interface as the in-memory queue.
 *
 * - Duplicates: the job id is installation + repository + commit + trigger, and finished jobs are
 *   kept a day, so GitHub's redeliveries and a `check_suite` after a `push` collapse into one.
 * - Fairness: BullMQ's open-source edition has no groups, and a queue per installation would need
 *   a blocking Redis connection per installation in every worker. Instead each job's priority is
 *   its rank among its installation's waiting jobs (1 for the first, 2 for the second…; bulk jobs
 *   after every event). Workers take the lowest rank first, so installations are served round
 *   robin: a push from one installation waits for the audits already running, not for another's
 *   2,000-repository install. A Redis hash keeps the ranks; it is shared by every process.
 * - Retries: a `RetryableError` (GitHub 5xx, network) is retried with exponential back-off; one
 *   with `retryAt` (rate limit) pauses the installation until then: its jobs are delayed to the
 *   reset, without an attempt counted, while other installations' jobs go on.
 * - Dead letters: a job that fails its last attempt stays in BullMQ's failed set (kept 30 days,
 *   at most 5,000), is logged, counted, and listed by `deadLetters()` for the admin view, until
 *   the same commit is delivered again: a dead letter is not a duplicate, so that delivery
 *   replaces it and is audited afresh.
 * - Crashes: a worker that dies mid-audit loses its lock; another worker takes the job again
 *   (attempt 2), which adopts the check runs the first attempt created.
 */

export interface BullMQQueueOptions<T> {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  redisUrl: string;
  /** Absent: this process only enqueues (a web process). */
  process?: (data: T, attempt: Attempt) => Promise<void>;
  concurrency?: number;
  /** Queue name; tests use their own. */
  name?: string;
  /** Redis key prefix (BullMQ's `bull` by default); tests use one per run. */
  prefix?: string;
  /** Attempts per job before it is a dead letter (default 5). */
  attempts?: number;
  /** First retry delay, doubling each time (default 5 s). */
  backoffMs?: number;
  /** How long a worker's claim on a job lasts without renewal: a killed worker's job is retried after it (default 30 s). */
  lockMs?: number;
  /** How often this worker looks for jobs whose worker died (default half the lock). */
  stalledCheckMs?: number;
  /**
   * On `close()`, how long running audits may take to finish; those still running after it are put
   * back on the queue for another worker (which adopts their check runs). Absent: wait for them.
   */
  shutdownGraceMs?: number;
  /** Called when a job is given up, and when a retry or a pause is scheduled. */
  onEvent?: (event: QueueEvent) => void;
}

export type QueueEvent =
  | { kind: 'dead-letter'; job: DeadLetter }
  | { kind: 'retry'; id: string; installationId: number; attempt: number; reason: string }
  | { kind: 'paused'; installationId: number; until: number; id: string }
  | { kind: 'requeued'; installationId: number; id: string };

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
  key: string;
  /** The rank counter this job holds a place in, released when it first starts. */
  rank: string;
  data: T;
}

/** BullMQ's highest priority number is 2^21 - 1; bulk jobs rank after every event job. */
const MAX_PRIORITY = 2_097_151;
const BULK_BASE = 1_000_000;
const DAY_S = 86_400;

/**
 * KEYS[1] the job's hash, KEYS[2] the ranks hash, KEYS[3] the failed set, ARGV[1] the
 * installation's rank field, ARGV[2] the job id: nil when the job exists (a duplicate), -1 when it
 * exists only as a dead letter, else the job's rank, counted.
 */
const CLAIM_RANK = `if redis.call('exists', KEYS[1]) == 1 then
  if redis.call('zscore', KEYS[3], ARGV[2]) then return -1 end
  return nil
end
return redis.call('hincrby', KEYS[2], ARGV[1], 1)`;

/** A BullMQ job id: BullMQ refuses `:` and integers; GitHub names have neither `:` nor spaces. */
export const bullJobId = (id: string): string => `a-${id.replace(/:/g, '_')}`;

export class BullMQAuditQueue<T> implements AuditQueue<T> {
  private readonly queue: Queue<Envelope<T>>;
  private readonly worker: Worker<Envelope<T>> | undefined;
  private readonly ranksKey: string;
  private readonly pausePrefix: string;
  private readonly attempts: number;
  /** Ranks and pauses; BullMQ keeps its own connections. */
  private readonly redis: Redis;
  /** Jobs this process is running, with their lock tokens: what a shutdown re-queues. */
  private readonly active = new Map<
    string,
    { job: Job<Envelope<T>>; token: string | undefined; done: Promise<unknown> }
  >();

  constructor(private readonly options: BullMQQueueOptions<T>) {
    const connection = redisConnection(options.redisUrl);
    const name = options.name ?? 'tcop-audit';
    const prefix = options.prefix ?? 'bull';
    this.ranksKey = `${prefix}:${name}:tcop:ranks`;
    this.pausePrefix = `${prefix}:${name}:tcop:paused:`;
    this.attempts = options.attempts ?? 5;
    this.queue = new Queue<Envelope<T>>(name, { connection, prefix });
    this.redis = new Redis(connection as RedisOptions);
    this.redis.on('error', () => undefined);
    const process = options.process;
    this.worker = process
      ? new Worker<Envelope<T>>(name, (job, token) => this.track(job, token, process), {
          connection,
          prefix,
          concurrency: options.concurrency ?? 4,
          lockDuration: options.lockMs ?? 30_000,
          stalledInterval:
            options.stalledCheckMs ?? Math.max(500, Math.floor((options.lockMs ?? 30_000) / 2)),
          // One stall (a killed worker) is retried; a job that keeps killing workers is a dead letter.
          maxStalledCount: 1,
        })
      : undefined;
    this.worker?.on('failed', (job, error) => {
      if (!job || error instanceof DelayedError) return;
      if (
        job.attemptsMade >= this.attempts ||
        error instanceof UnrecoverableError ||
        error.name === 'UnrecoverableError'
      )
        this.options.onEvent?.({ kind: 'dead-letter', job: deadLetter(job) });
      else
        this.options.onEvent?.({
          kind: 'retry',
          id: job.id ?? '',
          installationId: job.data.installationId,
          attempt: job.attemptsMade,
          reason: error.message,
        });
    });
    // Without a listener an unreachable Redis would be an uncaught 'error' event.
    this.worker?.on('error', () => undefined);
    this.queue.on('error', () => undefined);
  }

  private track(
    job: Job<Envelope<T>>,
    token: string | undefined,
    process: (data: T, attempt: Attempt) => Promise<void>,
  ): Promise<void> {
    const done = this.run(job, token, process);
    const key = job.id ?? '';
    this.active.set(key, { job, token, done: done.catch(() => undefined) });
    return done.finally(() => this.active.delete(key));
  }

  private async run(
    job: Job<Envelope<T>>,
    token: string | undefined,
    process: (data: T, attempt: Attempt) => Promise<void>,
  ): Promise<void> {
    const redis = this.redis;
    const { installationId } = job.data;
    if (job.attemptsStarted <= 1 && job.data.rank) {
      // Released once: the job no longer waits, so later jobs of its installation move up.
      await redis.hincrby(this.ranksKey, job.data.rank, -1);
      await job.updateData({ ...job.data, rank: '' });
    }
    const pausedUntil = Number(await redis.get(this.pausePrefix + installationId));
    if (pausedUntil > Date.now()) {
      await job.moveToDelayed(pausedUntil, token);
      throw new DelayedError();
    }
    try {
      await process(job.data.data, {
        attempt: job.attemptsStarted,
        final: job.attemptsMade + 1 >= this.attempts,
      });
    } catch (error) {
      // Waits alone: no attempt counted, its installation's other jobs go on.
      if (error instanceof DeferredError) {
        await job.moveToDelayed(Math.max(Date.now(), error.until), token);
        throw new DelayedError();
      }
      const plan =
        error instanceof RetryableError ? { retryable: true, retryAt: error.retryAt } : retryPlan(error);
      if (plan.retryAt !== undefined && plan.retryAt > Date.now()) {
        const ms = plan.retryAt - Date.now();
        // The latest reset wins: a pause is never shortened by a later, shorter one.
        const current = Number(await redis.get(this.pausePrefix + installationId));
        if (!(current > plan.retryAt))
          await redis.set(this.pausePrefix + installationId, String(plan.retryAt), 'PX', ms + 1_000);
        this.options.onEvent?.({ kind: 'paused', installationId, until: plan.retryAt, id: job.id ?? '' });
        await job.moveToDelayed(plan.retryAt, token);
        throw new DelayedError();
      }
      // Not worth retrying (a bug, a 404): a dead letter at once, not after five tries.
      if (!plan.retryable) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  }

  async add(job: QueueJob<T>): Promise<EnqueueResult> {
    const jobId = bullJobId(job.id ?? job.key);
    const rankField = `${job.installationId}/${job.bulk ? 'bulk' : 'event'}`;
    // One round trip: whether the job exists and, if not, its place in its installation's line.
    // A web process answers GitHub after this and the add; each round trip is a wake-up of its
    // event loop, which under load costs more than the work itself.
    const claim = (): Promise<unknown> =>
      this.redis.eval(
        CLAIM_RANK,
        3,
        this.queue.toKey(jobId),
        this.ranksKey,
        this.queue.toKey('failed'),
        rankField,
        jobId,
      );
    let claimed = await claim();
    if (claimed === -1) {
      // A dead letter of the same commit: the new delivery replaces it (its failure was logged
      // and counted when it died), else the commit could not be audited again for 30 days.
      await this.queue.remove(jobId);
      claimed = await claim();
    }
    if (claimed === null || claimed === -1) return 'duplicate';
    const rank = Math.max(1, Number(claimed));
    const priority = Math.min(MAX_PRIORITY, job.bulk ? BULK_BASE + rank : Math.min(rank, BULK_BASE - 1));
    // Two web processes adding the same delivery at the same moment: BullMQ keeps one job and
    // the rank counter is one too high for that installation until it drains (ranks floor at 1).
    await this.queue.add(
      'audit',
      { installationId: job.installationId, bulk: job.bulk, key: job.key, rank: rankField, data: job.data },
      {
        jobId,
        priority,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: this.options.backoffMs ?? 5_000 },
        removeOnComplete: { age: DAY_S, count: 50_000 },
        removeOnFail: { age: 30 * DAY_S, count: 5_000 },
      },
    );
    return 'queued';
  }

  async claimSchedule(intervalMs: number): Promise<boolean> {
    // Held for most of the interval: a worker whose timer fires a little later finds it taken.
    const key = `${this.ranksKey.replace(/ranks$/, 'schedule')}`;
    return (
      (await this.redis.set(
        key,
        String(Date.now()),
        'PX',
        Math.max(1_000, Math.floor(intervalMs * 0.9)),
        'NX',
      )) === 'OK'
    );
  }

  budgetLedger(): BudgetLedger {
    return new RedisLedger(this.redis, this.ranksKey.replace(/:ranks$/, ''));
  }

  /** GitHub answers with their ETags, shared by every worker on this Redis, within `bounds`. */
  conditionalCache(bounds?: CacheBounds): ConditionalCache {
    return new RedisEtagCache(this.redis, this.ranksKey.replace(/:ranks$/, ':etags'), bounds);
  }

  async ready(): Promise<void> {
    const redis = this.redis;
    await redis.ping();
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  }

  async deadLetters(): Promise<DeadLetter[]> {
    return (await this.queue.getFailed(0, 99)).map((job) => deadLetter(job as Job<Envelope<T>>));
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

  /**
   * Graceful shutdown: takes no more jobs and lets the running ones finish, for at most
   * `shutdownGraceMs`; a job still running then goes back to the queue (its lock released, so
   * another worker takes it at once rather than after the lock lapses) and adopts its check runs there.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker) {
      const closing = worker.close();
      const grace = this.options.shutdownGraceMs;
      if (grace === undefined) await closing;
      else {
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          closing.then(() => true),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), grace))),
        ]);
        clearTimeout(timer);
        if (!finished) await this.requeueActive();
      }
    }
    await this.queue.close();
    this.redis.disconnect();
  }

  /** Puts this process's running jobs back on the queue; their audits here are abandoned. */
  private async requeueActive(): Promise<void> {
    for (const { job, token } of [...this.active.values()]) {
      try {
        await job.moveToWait(token);
        this.options.onEvent?.({
          kind: 'requeued',
          installationId: job.data.installationId,
          id: job.id ?? '',
        });
      } catch {
        // Its lock is already gone (it just finished, or lapsed): nothing to hand back.
      }
    }
    this.active.clear();
  }

  /** Removes the queue, its jobs and its keys (tests). */
  async destroy(): Promise<void> {
    await this.worker?.close();
    const redis = this.redis;
    const paused = await redis.keys(`${this.pausePrefix}*`);
    const budget = await redis.keys(`${this.ranksKey.replace(/:ranks$/, '')}:budget*`);
    const etags = await redis.keys(`${this.ranksKey.replace(/:ranks$/, '')}:etags:*`);
    await redis.del(this.ranksKey, ...paused, ...budget, ...etags);
    await this.queue.obliterate({ force: true });
    await this.queue.close();
    this.redis.disconnect();
  }
}

function deadLetter<T>(job: Job<Envelope<T>>): DeadLetter {
  return {
    id: job.id ?? '',
    installationId: job.data.installationId,
    key: job.data.key,
    attempts: job.attemptsMade,
    reason: job.failedReason ?? '',
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
}
