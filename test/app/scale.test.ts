import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import { UnthrottledOctokit } from '../../src/app/octokit.js';
import { startApp, type RunningApp } from '../../src/app/server.js';
import { settingsFromEnv, type AppSettings } from '../../src/app/settings.js';
import { readTree, type FakeCheckRun, type FakeGitHub } from '../../src/devtools/fake-github.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { FIXTURES } from '../support/check-harness.js';
import {
  clearQueue as clearPrefix,
  deliverTo,
  exitOf,
  pushPayload,
  roleEnv,
  spawnRole,
  startFakeGitHub,
  stopFakeGitHub,
  type Role,
} from '../support/roles.js';
import {
  postgresUnavailable,
  redisUnavailable,
  skipWithoutService,
  TEST_DATABASE_URL,
} from '../support/services.js';
import { webhook } from './support.js';

/**
 * Web and worker processes over the real Redis and PostgreSQL, against the loopback fake GitHub:
 * what the split roles promise under redelivery, GitHub failures, rate limits, a killed worker
 * and one installation's burst. Each run uses its own queue prefix and schema, removed after.
 */
const reason = (await redisUnavailable()) ?? (await postgresUnavailable());
const skip = skipWithoutService('Redis and PostgreSQL', reason);
const run = randomBytes(4).toString('hex');
const PREFIX = `tcop-scale-${run}`;
const SCHEMA = `tcop_scale_${run}`;
const SECRET = 'scale-webhook-secret';
const A = 4600001;
const B = 4600002;

let fake: FakeGitHub;
let files: Map<string, Buffer>;
const running: RunningApp[] = [];
const children: ChildProcess[] = [];

const baseEnv = (role: Role, extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
  roleEnv({ githubUrl: fake.url, secret: SECRET, prefix: PREFIX }, role, {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: SCHEMA,
    TCOP_RETRY_DELAY_MS: '200',
    ...extra,
  });

async function start(role: Role, extra: Record<string, string> = {}): Promise<RunningApp> {
  const app = await startApp({
    env: baseEnv(role, extra),
    port: 0,
    Octokit: UnthrottledOctokit,
    settings: { checks: [licenceFile, readme] },
  });
  running.push(app);
  return app;
}

async function stop(app: RunningApp): Promise<void> {
  running.splice(running.indexOf(app), 1);
  await app.close();
}

function repo(installationId: number, name: string): string {
  return fake.addRepo({ owner: `org-${installationId}`, name, files, installationId });
}

const push = pushPayload;

const deliver = (web: RunningApp, event: string, payload: unknown, deliveryId?: string): Promise<number> =>
  deliverTo(web.url, SECRET, event, payload, deliveryId);

const runsOf = (sha: string): FakeCheckRun[] =>
  [...fake.checkRuns.values()].filter((r) => r.head_sha === sha);

async function auditsOf(owner: string, name: string): Promise<number> {
  const store = await openPostgresStore(TEST_DATABASE_URL, { schema: SCHEMA, maxConnections: 1 });
  try {
    const h = await store.history(owner, name, { limit: 100, publicOnly: false });
    if (process.env.DEBUG_SCALE) console.log(JSON.stringify(h));
    return h.length;
  } finally {
    await store.close();
  }
}

const clearQueue = (): Promise<void> => clearPrefix(PREFIX);

describe.skipIf(skip)('web and workers over Redis and PostgreSQL', () => {
  let web: RunningApp;
  let web2: RunningApp;

  beforeAll(async () => {
    if (reason) throw new Error(`Redis or PostgreSQL unavailable: ${reason}`);
    fake = await startFakeGitHub();
    files = await readTree(path.join(FIXTURES, 'minimal-pass'));
    web = await start('web');
    web2 = await start('web');
  });

  afterAll(async () => {
    for (const app of [...running].reverse()) await app.close().catch(() => undefined);
    await stopFakeGitHub(fake, children);
    if (reason) return;
    await clearQueue();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${SCHEMA}" cascade`);
    await client.end();
  });

  it('web is ready when Redis and PostgreSQL answer, and counts deliveries in /metrics', async () => {
    const ready = await fetch(`${web.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', role: 'web' });
    const metrics = await (await fetch(`${web.url}/metrics`)).text();
    expect(metrics).toMatch(/^tcop_queue_jobs\{state="waiting"\} \d+$/m);
  });

  it('a redelivered webhook is audited once, on whichever web process it lands', async () => {
    const sha = repo(A, 'redelivered');
    const delivery = randomUUID();
    // The first delivery, GitHub's redelivery of it to the same and to the other web process.
    expect(await deliver(web, 'push', push(A, 'redelivered', sha), delivery)).toBe(200);
    expect(await deliver(web, 'push', push(A, 'redelivered', sha), delivery)).toBe(200);
    expect(await deliver(web2, 'push', push(A, 'redelivered', sha), delivery)).toBe(200);
    const worker = await start('worker');
    await fake.waitForCheckRuns(sha, 4);
    await worker.handle.queue.idle();
    await stop(worker);
    expect(runsOf(sha)).toHaveLength(4);
    expect(await auditsOf(`org-${A}`, 'redelivered')).toBe(1);
  });

  it('a delivery whose enqueue failed is audited when GitHub delivers it again', async () => {
    // The web process's first write to Redis for this delivery fails (a dropped connection, a
    // failover): it answers 500, and GitHub redelivers with the same X-GitHub-Delivery.
    const real = settingsFromEnv(baseEnv('web')).createQueue;
    if (!real) throw new Error('REDIS_URL is set: the queue is on Redis');
    let failures = 1;
    const failingOnce: NonNullable<AppSettings['createQueue']> = (process, log) => {
      const queue = real(process, log);
      return {
        add: async (job) => {
          if (failures-- > 0) throw new Error('Connection is closed.');
          return queue.add(job);
        },
        idle: () => queue.idle(),
        close: () => queue.close(),
      };
    };
    const flaky = await startApp({
      env: baseEnv('web'),
      port: 0,
      Octokit: UnthrottledOctokit,
      settings: { checks: [licenceFile, readme], createQueue: failingOnce },
    });
    running.push(flaky);
    const sha = repo(A, 'enqueue-failed');
    const delivery = randomUUID();
    expect(await deliver(flaky, 'push', push(A, 'enqueue-failed', sha), delivery)).toBe(500);
    expect(await deliver(flaky, 'push', push(A, 'enqueue-failed', sha), delivery)).toBe(200);
    await stop(flaky);
    const worker = await start('worker');
    await fake.waitForCheckRuns(sha, 4, 15_000);
    await worker.handle.queue.idle();
    await stop(worker);
    expect(runsOf(sha)).toHaveLength(4);
    expect(await auditsOf(`org-${A}`, 'enqueue-failed')).toBe(1);
  });

  it('a 502 from GitHub is retried with back-off, then the audit completes', async () => {
    const sha = repo(A, 'flaky');
    fake.failNext({
      method: 'GET',
      path: /\/repos\/org-4600001\/flaky\/git\/trees\//,
      status: 502,
      times: 1,
    });
    const worker = await start('worker');
    expect(await deliver(web, 'push', push(A, 'flaky', sha))).toBe(200);
    const runs = await fake.waitForCheckRuns(sha, 4);
    await worker.handle.queue.idle();
    await stop(worker);
    const treeReads = fake.requests.filter((r) => r.path.startsWith('/repos/org-4600001/flaky/git/trees/'));
    expect(treeReads.map((r) => r.status)).toEqual([502, 200]);
    expect(runsOf(sha)).toHaveLength(4);
    expect(runs.every((r) => r.conclusion !== 'failure' || !/502/.test(JSON.stringify(r.output)))).toBe(true);
    expect(await auditsOf(`org-${A}`, 'flaky')).toBe(1);
  });

  it('a secondary rate limit with retry-after delays only that installation', async () => {
    const limited = repo(A, 'limited');
    const other = repo(B, 'unaffected');
    fake.failRateLimit('secondary', 'GET', /\/repos\/org-4600001\/limited\/git\/trees\//, { seconds: 2 });
    const worker = await start('worker', { TCOP_CONCURRENCY: '1' });
    const sent = Date.now();
    await deliver(web, 'push', push(A, 'limited', limited));
    await deliver(web, 'push', push(B, 'unaffected', other));
    await fake.waitForCheckRuns(other, 4);
    const otherDone = Date.now() - sent;
    await fake.waitForCheckRuns(limited, 4);
    const limitedDone = Date.now() - sent;
    await worker.handle.queue.idle();
    await stop(worker);
    // B went on while A waited out its retry-after; A waited at least the 2 s it was told.
    expect(otherDone).toBeLessThan(limitedDone);
    expect(limitedDone).toBeGreaterThanOrEqual(2_000);
    expect(runsOf(limited)).toHaveLength(4);
  });

  it('a 2,000-repository install does not delay another installation’s push by more than one audit', async () => {
    const names = Array.from({ length: 2_000 }, (_, i) => `bulk-${i}`);
    for (const name of names) repo(A, name);
    const pushed = repo(B, 'pushed');
    const installation = webhook<Record<string, unknown> & { installation: Record<string, unknown> }>(
      'installation.created',
    );
    const repositories = names.map((name, i) => ({
      id: 800_000 + i,
      node_id: `R_${i}`,
      name,
      full_name: `org-${A}/${name}`,
      private: false,
    }));
    expect(
      await deliver(web, 'installation', {
        ...installation,
        installation: {
          ...installation.installation,
          id: A,
          account: { login: `org-${A}`, id: A, type: 'Organization' },
        },
        repositories,
      }),
    ).toBe(200);
    const worker = await start('worker', { TCOP_CONCURRENCY: '1' });
    // Some of the install is under way when the push arrives.
    const bulkDone = (): number =>
      new Set(
        [...fake.checkRuns.values()]
          .filter((r) => r.owner === `org-${A}` && r.repo.startsWith('bulk-') && r.status === 'completed')
          .map((r) => r.repo),
      ).size;
    while (bulkDone() < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    // The web process answers once the job is on the queue: count from then.
    await deliver(web, 'push', push(B, 'pushed', pushed));
    const before = bulkDone();
    let during: number;
    try {
      await fake.waitForCheckRuns(pushed, 4);
      during = bulkDone() - before;
    } finally {
      await stop(worker);
      await clearQueue();
    }
    // One worker slot: the audit running when the push came, perhaps the next already taken.
    expect(during).toBeLessThanOrEqual(2);
    expect(before + during).toBeLessThan(names.length);
    // Counts, not times: on a loaded host the 2,000 enqueues and the first audits take what they take.
  }, 180_000);

  it('a storm of pushes from one installation does not hold back another installation’s push', async () => {
    const storm = Array.from({ length: 30 }, (_, i) => `storm-${i}`);
    const shas = storm.map((name) => repo(A, name));
    const other = repo(B, 'after-storm');
    for (const [i, name] of storm.entries()) await deliver(web, 'push', push(A, name, shas[i] as string));
    await deliver(web, 'push', push(B, 'after-storm', other));
    const completedAt = new Map<string, number>();
    const onRun = (r: FakeCheckRun): void => {
      if (r.status === 'completed' && !completedAt.has(r.repo)) completedAt.set(r.repo, completedAt.size);
    };
    fake.on('check-run', onRun);
    const worker = await start('worker', { TCOP_CONCURRENCY: '1' });
    try {
      await fake.waitForCheckRuns(other, 4);
    } finally {
      fake.off('check-run', onRun);
      await stop(worker);
      await clearQueue();
    }
    // Ranked by place in its installation's line: B's first job goes before A's second.
    expect(completedAt.get('after-storm')).toBeLessThanOrEqual(1);
  });

  /** A worker as its own process (`src/app/server.ts`), as deployments run it. */
  const spawnWorker = (extra: Record<string, string>): ChildProcess =>
    spawnRole(baseEnv('worker', extra), children);

  /** Sends `signal` to the child when the first check run for `sha` is created (the audit is under way). */
  function signalOnFirstRun(child: ChildProcess, sha: string, signal: NodeJS.Signals): Promise<void> {
    return new Promise<void>((resolve) => {
      const onRun = (r: FakeCheckRun): void => {
        if (r.head_sha !== sha) return;
        fake.off('check-run', onRun);
        child.kill(signal);
        resolve();
      };
      fake.on('check-run', onRun);
    });
  }

  it('a worker killed mid-audit (SIGKILL) leaves one completed audit and one set of check runs', async () => {
    const sha = repo(B, 'killed');
    // The child's claim on its job lapses 2 s after it dies.
    const child = spawnWorker({ TCOP_LOCK_MS: '2000' });
    const firstRun = signalOnFirstRun(child, sha, 'SIGKILL');
    await deliver(web, 'push', push(B, 'killed', sha));
    await firstRun;
    await exitOf(child);
    expect(runsOf(sha).some((r) => r.status === 'in_progress')).toBe(true);
    // Another worker takes the job once the dead one's lock lapses, and adopts its runs.
    const worker = await start('worker', { TCOP_STALLED_CHECK_MS: '500' });
    await fake.waitForCheckRuns(sha, 4);
    await worker.handle.queue.idle();
    await stop(worker);
    expect(runsOf(sha)).toHaveLength(4);
    expect(runsOf(sha).every((r) => r.status === 'completed')).toBe(true);
    expect(await auditsOf(`org-${B}`, 'killed')).toBe(1);
  }, 90_000);

  it('SIGTERM mid-audit: the worker finishes the running audit, then exits', async () => {
    const sha = repo(B, 'terminated');
    const child = spawnWorker({ TCOP_SHUTDOWN_GRACE_MS: '20000' });
    const signalled = signalOnFirstRun(child, sha, 'SIGTERM');
    await deliver(web, 'push', push(B, 'terminated', sha));
    await signalled;
    expect(await exitOf(child)).toBe(0);
    // No other worker ran: the one told to stop completed what it had started.
    expect(runsOf(sha)).toHaveLength(4);
    expect(runsOf(sha).every((r) => r.status === 'completed')).toBe(true);
    expect(await auditsOf(`org-${B}`, 'terminated')).toBe(1);
  }, 90_000);

  it('SIGTERM while an audit outlasts the grace: the job goes back on the queue and another worker completes it', async () => {
    const sha = repo(B, 'requeued');
    // The first tree read hangs far beyond the grace: the audit cannot finish in time.
    fake.failNext({
      method: 'GET',
      path: /\/repos\/org-4600002\/requeued\/git\/trees\//,
      status: 502,
      times: 1,
      delayMs: 60_000,
    });
    // A 30 s lock: a job left active rather than handed back would wait that long for another worker.
    const child = spawnWorker({ TCOP_SHUTDOWN_GRACE_MS: '300', TCOP_LOCK_MS: '30000' });
    const signalled = signalOnFirstRun(child, sha, 'SIGTERM');
    await deliver(web, 'push', push(B, 'requeued', sha));
    await signalled;
    expect(await exitOf(child)).toBe(0);
    // It left while its tree read still hung: it did not wait for the audit.
    const treeRead = fake.requests.find((r) => r.path.startsWith('/repos/org-4600002/requeued/git/trees/'));
    expect(treeRead).toBeDefined();
    expect(treeRead?.status).toBeUndefined();
    expect(runsOf(sha).some((r) => r.status === 'in_progress')).toBe(true);
    const counts = (await web.handle.queue.counts?.()) ?? {};
    expect(counts.active).toBe(0);
    expect((counts.waiting ?? 0) + (counts.prioritized ?? 0)).toBe(1);
    const worker = await start('worker');
    await fake.waitForCheckRuns(sha, 4, 10_000);
    await worker.handle.queue.idle();
    await stop(worker);
    expect(runsOf(sha)).toHaveLength(4);
    expect(runsOf(sha).every((r) => r.status === 'completed')).toBe(true);
    expect(await auditsOf(`org-${B}`, 'requeued')).toBe(1);
  }, 90_000);
});
