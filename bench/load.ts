import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BullMQAuditQueue } from '../src/app/queue-bullmq.js';
import {
  FakeGitHub,
  generateRepoFiles,
  sendWebhook,
  type FakeCheckRun,
} from '../src/devtools/fake-github.js';

/**
 * Web and worker processes over the real Redis and PostgreSQL, against the contract-checked
 * loopback fake GitHub, bounded in count and time:
 *
 * 1. ack: one web process (a child) receives N signed push webhooks for distinct repositories of
 *    1,000 files, sent open-loop at a fixed rate, plus GitHub-style redeliveries (same delivery id)
 *    of some of them; no worker runs yet, so the jobs wait in Redis. Ack latency p50/p99.
 * 2. one worker process drains the queue: audits per second, measured over a window of completed
 *    audits after a warm-up, and the CPU each audit costs the worker and the fake.
 * 3. a second worker process joins: the rate of the two over the next window, as a ratio.
 * 4. every delivery produced exactly one audit: on the fake (one set of 4 completed check runs per
 *    commit) and in the store (one row per repository).
 *
 * Environment: TCOP_LOAD_DELIVERIES (1,000), TCOP_LOAD_RATE (200/s), TCOP_LOAD_TIMEOUT_S (1,500),
 * TCOP_CONCURRENCY for the workers (4), REDIS_URL, TEST_DATABASE_URL.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.TCOP_LOAD_DELIVERIES ?? 1_000);
const RATE = Number(process.env.TCOP_LOAD_RATE ?? 200);
const TIMEOUT_MS = Number(process.env.TCOP_LOAD_TIMEOUT_S ?? 1_500) * 1000;
const CONCURRENCY = process.env.TCOP_CONCURRENCY ?? '4';
const FILES = 1_000;
const INSTALLATIONS = 20;
/** One delivery in this many is redelivered (same X-GitHub-Delivery) a little later. */
const REDELIVER_EVERY = 20;
const SECRET = 'load-webhook-secret';
/** Deliveries sent one at a time before the measured stream (delivered and audited all the same). */
const WARMUP_DELIVERIES = 50;
/** Audits not measured at the start of each window: the worker's first token, JIT, pools. */
const WARMUP = 20;

async function unavailable(): Promise<string | null> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    return `Redis at ${REDIS_URL} is unreachable (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    return `PostgreSQL at ${DATABASE_URL} is unreachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  return null;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** User + system CPU of a process, in ms (Linux /proc; clock ticks are 100 Hz there). */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const ownCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Role {
  child: ChildProcess;
  url: string;
  stderr: string[];
}

function startRole(role: 'web' | 'worker', env: NodeJS.ProcessEnv): Promise<Role> {
  const child = fork(path.join(ROOT, 'bench/_load-role.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, TCOP_ROLE: role },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    stderr.push(d.toString('utf8'));
    if (stderr.length > 50) stderr.shift();
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url, stderr }));
    child.once('exit', (code) =>
      reject(new Error(`${role} exited (${code}) before it was up: ${stderr.join('')}`)),
    );
  });
}

async function stopRole(role: Role | undefined): Promise<void> {
  if (!role || role.child.exitCode !== null) return;
  const exited = new Promise((resolve) => role.child.once('exit', resolve));
  role.child.kill('SIGTERM');
  const timer = setTimeout(() => role.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

interface Delivery {
  repo: string;
  installationId: number;
  sha: string;
  id: string;
  body: Record<string, unknown>;
}

export async function run(): Promise<void> {
  const reason = await unavailable();
  if (reason) {
    console.log(`load: skipped — ${reason}. Start Redis and PostgreSQL on 127.0.0.1 to run it.`);
    return;
  }
  const started = Date.now();
  const deadline = started + TIMEOUT_MS;
  const runId = randomBytes(4).toString('hex');
  const prefix = `tcop-load-${runId}`;
  const schema = `tcop_load_${runId}`;
  const load = loadavg().map((n) => n.toFixed(2));

  const fake = new FakeGitHub();
  await fake.start();
  const files = generateRepoFiles(FILES);
  const push = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/webhooks/push.json'), 'utf8')) as Record<
    string,
    unknown
  > & { repository: Record<string, unknown> };
  const deliveries: Delivery[] = [];
  for (let i = 0; i < N; i++) {
    const installationId = 4_700_001 + (i % INSTALLATIONS);
    const owner = `load-${installationId}`;
    const name = `repo-${i}`;
    const sha = fake.addRepo({ owner, name, files, installationId });
    deliveries.push({
      repo: `${owner}/${name}`,
      installationId,
      sha,
      id: randomUUID(),
      body: {
        ...push,
        after: sha,
        installation: { id: installationId, node_id: 'x' },
        repository: {
          ...push.repository,
          name,
          full_name: `${owner}/${name}`,
          owner: { ...(push.repository.owner as object), login: owner, name: owner },
        },
      },
    });
  }
  // GitHub's redeliveries: the same delivery again, a little later in the stream.
  const schedule: Delivery[] = [];
  for (const [i, d] of deliveries.entries()) {
    schedule.push(d);
    const earlier = deliveries[i - 50];
    if (earlier && (i - 50) % REDELIVER_EVERY === 0) schedule.push(earlier);
  }

  // An audit is done when all 4 of its commit's check runs are completed.
  const completedRuns = new Map<string, Set<number>>();
  const doneAt: number[] = [];
  const onRun = (r: FakeCheckRun): void => {
    if (r.status !== 'completed') return;
    const key = `${r.owner}/${r.repo}@${r.head_sha}`;
    const set = completedRuns.get(key) ?? new Set<number>();
    completedRuns.set(key, set);
    const before = set.size;
    set.add(r.id);
    if (before === 3 && set.size === 4) doneAt.push(performance.now());
  };
  fake.on('check-run', onRun);

  const privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const env: NodeJS.ProcessEnv = {
    APP_ID: '123456',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    GITHUB_API_URL: fake.url,
    REDIS_URL,
    TCOP_QUEUE_PREFIX: prefix,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    TCOP_REAUDIT_INTERVAL_HOURS: '0',
    TCOP_CONCURRENCY: CONCURRENCY,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
  };

  let web: Role | undefined;
  const workers: Role[] = [];
  const rows: [string, string][] = [];
  let lastLine = '';
  try {
    web = await startRole('web', env);
    const url = `${web.url}/api/github/webhooks`;
    // The first deliveries go one at a time and are not measured: the web process's first
    // requests pay for JIT, lazy imports and Redis connections (about a second).
    for (const d of schedule.slice(0, WARMUP_DELIVERIES)) {
      const response = await sendWebhook(url, {
        event: 'push',
        payload: d.body,
        secret: SECRET,
        deliveryId: d.id,
      });
      await response.arrayBuffer();
    }

    // 1. Open loop: delivery i leaves at i / RATE seconds, whatever the answers before it.
    const acks: number[] = [];
    const statuses = new Map<number, number>();
    const webCpu0 = cpuMsOf(web.child.pid);
    const sendStart = performance.now();
    await Promise.all(
      schedule.slice(WARMUP_DELIVERIES).map(async (d, i) => {
        const at = sendStart + (i * 1000) / RATE;
        const wait = at - performance.now();
        if (wait > 0) await sleep(wait);
        const t = performance.now();
        const response = await sendWebhook(url, {
          event: 'push',
          payload: d.body,
          secret: SECRET,
          deliveryId: d.id,
        });
        await response.arrayBuffer();
        acks.push(performance.now() - t);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }),
    );
    const sendSeconds = (performance.now() - sendStart) / 1000;
    const webCpuPerDelivery = (cpuMsOf(web.child.pid) - webCpu0) / (schedule.length - WARMUP_DELIVERIES);
    const ackP50 = percentile(acks, 50);
    const ackP99 = percentile(acks, 99);
    const statusText = [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ');

    // 2. One worker: the rate over the audits after the warm-up.
    const window1 = Math.max(20, Math.floor(N * 0.25));
    const window2 = Math.max(20, Math.floor(N * 0.35));
    const waitFor = async (count: number): Promise<boolean> => {
      while (doneAt.length < count) {
        if (Date.now() > deadline) return false;
        await sleep(20);
      }
      return true;
    };
    workers.push(await startRole('worker', env));
    await waitFor(WARMUP);
    const a0 = doneAt.length;
    const t0 = performance.now();
    const w0 = cpuMsOf(workers[0]?.child.pid);
    const f0 = ownCpuMs();
    const reached1 = await waitFor(a0 + window1);
    const a1 = doneAt.length;
    const t1 = performance.now();
    const workerCpuPerAudit = (cpuMsOf(workers[0]?.child.pid) - w0) / (a1 - a0);
    const fakeCpuPerAudit = (ownCpuMs() - f0) / (a1 - a0);
    const rate1 = (a1 - a0) / ((t1 - t0) / 1000);

    // 3. A second worker joins; measured once it has warmed up too.
    let rate2 = NaN;
    let ratio = NaN;
    let twoWorkers = 'not measured: the time bound was reached';
    if (reached1) {
      workers.push(await startRole('worker', env));
      const joined = doneAt.length;
      await waitFor(joined + WARMUP);
      const b0 = doneAt.length;
      const u0 = performance.now();
      const reached2 = await waitFor(Math.min(N, b0 + window2));
      const b1 = doneAt.length;
      if (!reached2) twoWorkers = 'not measured: the time bound was reached';
      else if (b1 - b0 < 20) twoWorkers = `not measured: only ${b1 - b0} audits were left for the window`;
      else {
        rate2 = (b1 - b0) / ((performance.now() - u0) / 1000);
        ratio = rate2 / rate1;
        twoWorkers = `${rate2.toFixed(2)} audits/s over ${b1 - b0} audits (${ratio.toFixed(2)}×)`;
      }
    }
    const drained = await waitFor(N);
    // Settle: a duplicate would show up after the last expected audit.
    await sleep(2_000);
    const drainedSeconds = (Date.now() - started) / 1000;

    // 4. Exactly one audit per delivery: on the fake and in the store.
    let fakeDuplicates = 0;
    let fakeLost = 0;
    for (const d of deliveries) {
      const [owner, name] = d.repo.split('/') as [string, string];
      const runs = fake.checkRunsFor(owner, name, d.sha);
      const names = new Set(runs.map((r) => r.name));
      if (runs.length > 4 || names.size < runs.length) fakeDuplicates++;
      else if (runs.length < 4 || runs.some((r) => r.status !== 'completed')) fakeLost++;
    }
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const stored = await client.query<{ owner: string; name: string; n: string }>(
      `select r.owner, r.name, count(a.id) as n from "${schema}".repositories r left join "${schema}".audits a on a.repository_id = r.id group by r.owner, r.name`,
    );
    await client.end();
    const perRepo = new Map(stored.rows.map((r) => [`${r.owner}/${r.name}`, Number(r.n)]));
    const storeDuplicates = deliveries.filter((d) => (perRepo.get(d.repo) ?? 0) > 1).length;
    const storeLost = deliveries.filter((d) => (perRepo.get(d.repo) ?? 0) === 0).length;
    const duplicates = Math.max(fakeDuplicates, storeDuplicates);
    const lost = Math.max(fakeLost, storeLost);

    rows.push(
      [
        'deliveries',
        `${N.toLocaleString('en-GB')} pushes to distinct repositories of ${FILES.toLocaleString('en-GB')} files (${INSTALLATIONS} installations) + ${(schedule.length - N).toLocaleString('en-GB')} redeliveries (same delivery id)`,
      ],
      [
        'sent',
        `${WARMUP_DELIVERIES} one at a time (not measured), then ${(schedule.length - WARMUP_DELIVERIES).toLocaleString('en-GB')} in ${sendSeconds.toFixed(1)} s (target ${RATE}/s, open loop): ${statusText}`,
      ],
      [
        'ack latency (web process, no worker running)',
        `p50 ${ackP50.toFixed(1)} ms, p99 ${ackP99.toFixed(1)} ms, max ${Math.max(...acks).toFixed(1)} ms`,
      ],
      ['1 worker (concurrency ' + CONCURRENCY + ')', `${rate1.toFixed(2)} audits/s over ${a1 - a0} audits`],
      [
        'web CPU per delivery',
        `${webCpuPerDelivery.toFixed(1)} ms: one core acks about ${Math.floor(1000 / webCpuPerDelivery)} deliveries/s`,
      ],
      [
        'CPU per audit',
        `worker ${workerCpuPerAudit.toFixed(0)} ms (one core: about ${(1000 / workerCpuPerAudit).toFixed(1)} audits/s), fake GitHub ${fakeCpuPerAudit.toFixed(0)} ms`,
      ],
      ['2 workers', twoWorkers],
      [
        'exactly one audit per delivery',
        `fake GitHub: ${fakeDuplicates} duplicated, ${fakeLost} lost; store: ${storeDuplicates} duplicated, ${storeLost} lost`,
      ],
      ['contract violations on the fake', String(fake.contractStats.violations)],
      [
        'wall time',
        `${drainedSeconds.toFixed(0)} s (bound ${TIMEOUT_MS / 1000} s${drained ? '' : ': reached, the rest counted lost'})`,
      ],
      [
        'load average at start / end',
        `${load.join(' ')} / ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')} (${cpus().length} cores, shared)`,
      ],
    );
    lastLine = `load: ack p99 ${ackP99.toFixed(1)} ms; ${rate1.toFixed(2)} audits/s/worker; 2 workers ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}×; duplicates ${duplicates}; lost ${lost}`;
  } finally {
    fake.off('check-run', onRun);
    for (const worker of workers) await stopRole(worker);
    await stopRole(web);
    await fake.stop();
    await new BullMQAuditQueue({ redisUrl: REDIS_URL, prefix }).destroy().catch(() => undefined);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
  console.log('| measure | result |');
  console.log('|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  console.log(
    '\nPacing (plugin-throttling) is off on loopback: on GitHub one installation is held to about one write a second, ' +
      'so these rates are the processes’ capacity across many installations, not one installation’s.',
  );
  console.log(lastLine);
}
