import type { BudgetLedger } from './budget.js';
import type { CacheBounds, ConditionalCache } from './etag-cache.js';

/**
 * The audit queue. Webhook handlers only enqueue (GitHub wants an answer within 10 seconds);
 * workers audit. In one process this in-memory queue does it; at scale the BullMQ adapter
 * (queue-bullmq.ts) keeps the same interface on Redis.
 */

export interface QueueJob<T> {
  /** Deduplication key: one audit per repository and commit at a time. */
  key: string;
  installationId: number;
  /** Bulk jobs (installation, schedule) yield to event jobs and run one at a time per installation. */
  bulk: boolean;
  /**
   * Jobs sharing this (a repository and ref) coalesce: a waiting job is replaced by a newer one
   * for another commit, so a burst of pushes to one branch audits only its newest commit.
   */
  coalesce?: string;
  data: T;
  /**
   * Stable id of this audit (installation, repository, commit, trigger): a queue on Redis keeps
   * it a day, so a redelivered webhook or a second web process collapses into the same job.
   */
  id?: string;
}

/** Which attempt of a job this is; the worker reports errors only on the final one. */
export interface Attempt {
  attempt: number;
  final: boolean;
}

/**
 * Thrown by the worker for a failure worth another attempt (GitHub 5xx, a network error, a rate
 * limit). `retryAt` (ms since epoch): a rate limit, the installation waits until then.
 */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAt?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Thrown by the worker for a job that must wait without counting as an attempt or pausing its
 * installation: a scheduled re-audit past its share of the GitHub budget waits for the next window.
 */
export class DeferredError extends Error {
  constructor(
    message: string,
    readonly until: number,
  ) {
    super(message);
    this.name = 'DeferredError';
  }
}

/** A job given up after its last attempt, for the admin view. */
export interface DeadLetter {
  id: string;
  installationId: number;
  key: string;
  attempts: number;
  reason: string;
  failedAt: string;
}

/** `replaced`: it took the place of a waiting job for an older commit; `full`: refused, queue at its bound. */
export type EnqueueResult = 'queued' | 'merged' | 'replaced' | 'follow-up' | 'duplicate' | 'full';

export interface AuditQueue<T> {
  add(job: QueueJob<T>): Promise<EnqueueResult>;
  /** Resolves when nothing is queued or running (tests, demo, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
  /** Rejects when the queue's backing service cannot be reached (`/readyz`). */
  ready?(): Promise<void>;
  /** Jobs by state (`/metrics`). */
  counts?(): Promise<Record<string, number>>;
  /** True for the one process that runs this round of the schedule (several workers share Redis). */
  claimSchedule?(intervalMs: number): Promise<boolean>;
  /** The most recent jobs given up (admin view). */
  deadLetters?(): Promise<DeadLetter[]>;
  /** The GitHub budget ledger shared by every worker on this queue's backing service. */
  budgetLedger?(): BudgetLedger;
  /** Conditional re-reads (ETags) shared by every worker on this queue's backing service. */
  conditionalCache?(bounds?: CacheBounds): ConditionalCache;
}

export interface QueueOptions<T> {
  process: (data: T, attempt: Attempt) => Promise<void>;
  /** Audits running at once in this process. */
  concurrency?: number;
  /** Audits running at once per installation: secondary rate limits are per installation. */
  perInstallation?: number;
  /** Combines a pending job with a new one for the same key. */
  merge?: (pending: T, incoming: T) => T;
  /** Whether a job arriving while the same key runs must run again afterwards. */
  supersedes?: (running: T, incoming: T) => boolean;
  onError?: (error: unknown, job: QueueJob<T>) => void;
  /**
   * A job for a key that finished this recently is a duplicate unless it brings more: GitHub
   * sends `push` and `check_suite` for the same commit, and redelivers webhooks.
   */
  recentMs?: number;
  /**
   * Jobs waiting at most (default {@link MAX_PENDING}). At the bound a waiting bulk job (installation,
   * schedule: the next scheduled re-audit redoes it) makes room for an event job; otherwise the new
   * job is refused as `full`.
   */
  maxPending?: number;
}

/** The in-process queue's default bound on waiting jobs. */
export const MAX_PENDING = 10_000;

interface Entry<T> {
  job: QueueJob<T>;
}

export class MemoryQueue<T> implements AuditQueue<T> {
  private readonly pending: Entry<T>[] = [];
  private readonly pendingByKey = new Map<string, Entry<T>>();
  private readonly pendingByCoalesce = new Map<string, Entry<T>>();
  private readonly running = new Map<string, QueueJob<T>>();
  /** Coalesce keys of running jobs: one audit per repository and ref runs at a time. */
  private readonly runningCoalesce = new Set<string>();
  /** Jobs that arrived for a key while it ran, started when it finishes. */
  private readonly followUps = new Map<string, QueueJob<T>>();
  private readonly runningPerInstallation = new Map<number, number>();
  private readonly bulkRunning = new Set<number>();
  private readonly recent = new Map<string, { data: T; at: number }>();
  private idleWaiters: (() => void)[] = [];
  /** Jobs a rate limit put off until its reset, and which attempt each will be. */
  private readonly delayed = new Set<ReturnType<typeof setTimeout>>();
  private readonly attempts = new WeakMap<QueueJob<T>, number>();
  private readonly dead: DeadLetter[] = [];
  /** Deferred jobs, re-queued when their time comes. */
  private readonly deferred = new Map<string, NodeJS.Timeout>();
  private closed = false;
  private readonly concurrency: number;
  private readonly perInstallation: number;

  constructor(private readonly options: QueueOptions<T>) {
    this.concurrency = options.concurrency ?? 4;
    this.perInstallation = options.perInstallation ?? 2;
    this.maxPending = options.maxPending ?? MAX_PENDING;
  }

  private readonly maxPending: number;

  /** Jobs waiting to start (not running, not follow-ups). */
  get waiting(): number {
    return this.pending.length;
  }

  async add(job: QueueJob<T>): Promise<EnqueueResult> {
    if (this.closed) throw new Error('the audit queue is closed');
    const pending = this.pendingByKey.get(job.key);
    if (pending) {
      pending.job = {
        ...pending.job,
        bulk: pending.job.bulk && job.bulk,
        data: this.options.merge ? this.options.merge(pending.job.data, job.data) : job.data,
      };
      return 'merged';
    }
    const finished = this.recent.get(job.key);
    if (
      finished &&
      Date.now() - finished.at < (this.options.recentMs ?? 60_000) &&
      !(this.options.supersedes?.(finished.data, job.data) ?? false)
    )
      return 'duplicate';
    const running = this.running.get(job.key);
    if (running) {
      if (!(this.options.supersedes?.(running.data, job.data) ?? false)) return 'duplicate';
      const earlier = this.followUps.get(job.key);
      this.followUps.set(
        job.key,
        earlier && this.options.merge ? { ...job, data: this.options.merge(earlier.data, job.data) } : job,
      );
      return 'follow-up';
    }
    const older = job.coalesce === undefined ? undefined : this.pendingByCoalesce.get(job.coalesce);
    if (older) {
      // The newer commit replaces the older one in its place in the line.
      this.pendingByKey.delete(older.job.key);
      older.job = job;
      this.pendingByKey.set(job.key, older);
      this.pendingByCoalesce.set(job.coalesce as string, older);
      return 'replaced';
    }
    if (this.pending.length >= this.maxPending && !this.makeRoom(job)) return 'full';
    this.enqueue(job);
    return 'queued';
  }

  /** Drops the newest waiting bulk job for an event job; false when there is none to drop. */
  private makeRoom(job: QueueJob<T>): boolean {
    if (job.bulk) return false;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const entry = this.pending[i] as Entry<T>;
      if (!entry.job.bulk) continue;
      this.pending.splice(i, 1);
      this.forgetPending(entry);
      return true;
    }
    return false;
  }

  private forgetPending(entry: Entry<T>): void {
    this.pendingByKey.delete(entry.job.key);
    const c = entry.job.coalesce;
    if (c !== undefined && this.pendingByCoalesce.get(c) === entry) this.pendingByCoalesce.delete(c);
  }

  private enqueue(job: QueueJob<T>): void {
    const entry = { job };
    this.pending.push(entry);
    this.pendingByKey.set(job.key, entry);
    if (job.coalesce !== undefined) this.pendingByCoalesce.set(job.coalesce, entry);
    this.pump();
  }

  /** Starts what may start: event jobs first, bulk jobs one per installation. */
  private pump(): void {
    while (this.running.size < this.concurrency) {
      const index = this.nextIndex();
      if (index < 0) break;
      const [entry] = this.pending.splice(index, 1) as [Entry<T>];
      this.forgetPending(entry);
      void this.start(entry.job);
    }
    this.notifyIdle();
  }

  private nextIndex(): number {
    let bulkCandidate = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const job = (this.pending[i] as Entry<T>).job;
      if (this.running.has(job.key)) continue;
      if (job.coalesce !== undefined && this.runningCoalesce.has(job.coalesce)) continue;
      if ((this.runningPerInstallation.get(job.installationId) ?? 0) >= this.perInstallation) continue;
      if (!job.bulk) return i;
      if (bulkCandidate < 0 && !this.bulkRunning.has(job.installationId)) bulkCandidate = i;
    }
    return bulkCandidate;
  }

  private async start(job: QueueJob<T>): Promise<void> {
    this.running.set(job.key, job);
    if (job.coalesce !== undefined) this.runningCoalesce.add(job.coalesce);
    this.runningPerInstallation.set(
      job.installationId,
      (this.runningPerInstallation.get(job.installationId) ?? 0) + 1,
    );
    if (job.bulk) this.bulkRunning.add(job.installationId);
    const attempt = this.attempts.get(job) ?? 1;
    let died = false;
    try {
      // One attempt in one process: the worker reports any error in the check runs itself,
      // except a rate limit, which it hands back to be run again after the reset.
      await this.options.process(job.data, { attempt, final: true });
    } catch (error) {
      if (error instanceof DeferredError) {
        this.defer(job, error.until);
        return;
      }
      if (error instanceof RetryableError && error.retryAt !== undefined && !this.closed) {
        this.later(job, attempt + 1, error.retryAt);
        return;
      }
      this.dead.unshift({
        id: job.id ?? job.key,
        installationId: job.installationId,
        key: job.key,
        attempts: 1,
        reason: error instanceof Error ? error.message : String(error),
        failedAt: new Date().toISOString(),
      });
      this.dead.length = Math.min(this.dead.length, 100);
      died = true;
      this.options.onError?.(error, job);
    } finally {
      this.running.delete(job.key);
      if (job.coalesce !== undefined) this.runningCoalesce.delete(job.coalesce);
      // A dead letter is not a duplicate: the next delivery of the same commit is audited.
      if (!died) this.recent.set(job.key, { data: job.data, at: Date.now() });
      if (this.recent.size > 5_000) this.recent.delete(this.recent.keys().next().value as string);
      this.runningPerInstallation.set(
        job.installationId,
        (this.runningPerInstallation.get(job.installationId) ?? 1) - 1,
      );
      if (job.bulk) this.bulkRunning.delete(job.installationId);
      const followUp = this.followUps.get(job.key);
      this.followUps.delete(job.key);
      if (followUp && !this.closed) this.enqueue(followUp);
      this.pump();
    }
  }

  /** Queues the job again at `at` (a rate limit's reset): the timer, not a worker, waits. */
  private later(job: QueueJob<T>, attempt: number, at: number): void {
    const timer = setTimeout(
      () => {
        this.delayed.delete(timer);
        if (this.closed || this.pendingByKey.has(job.key)) return this.notifyIdle();
        this.attempts.set(job, attempt);
        this.enqueue(job);
      },
      Math.max(0, at - Date.now()),
    );
    this.delayed.add(timer);
  }

  /** Back on the queue at `until`; `idle()` does not wait for it (it may be an hour away). */
  private defer(job: QueueJob<T>, until: number): void {
    const timer = setTimeout(
      () => {
        this.deferred.delete(job.key);
        if (!this.closed) void this.add(job);
      },
      Math.max(0, until - Date.now()),
    );
    timer.unref();
    clearTimeout(this.deferred.get(job.key));
    this.deferred.set(job.key, timer);
  }

  private notifyIdle(): void {
    if (this.pending.length > 0 || this.running.size > 0 || this.delayed.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  counts(): Promise<Record<string, number>> {
    return Promise.resolve({
      waiting: this.pending.length,
      active: this.running.size,
      delayed: this.delayed.size + this.deferred.size,
    });
  }

  deadLetters(): Promise<DeadLetter[]> {
    return Promise.resolve([...this.dead]);
  }

  idle(): Promise<void> {
    if (this.pending.length === 0 && this.running.size === 0 && this.delayed.size === 0)
      return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
    this.pending.length = 0;
    this.pendingByKey.clear();
    this.pendingByCoalesce.clear();
    this.followUps.clear();
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    this.notifyIdle();
  }
}
