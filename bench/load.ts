import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Queue } from 'bullmq';
import { auditJobId } from '../src/app/job.js';
import { BullMQAuditQueue, bullJobId, redisConnection } from '../src/app/queue-bullmq.js';
import {
  FakeGitHub,
  generateRepoFiles,
  sendWebhook,
  signWebhook,
  type FakeCheckRun,
} from '../src/devtools/fake-github.js';
import type { SenderCommand, SenderRequest, SenderResult } from './_load-sender.js';

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
 *    commit) and in the store (one row per repository). A delivery not audited when the time bound
 *    ends the run is looked up on the queue: still waiting there is "queued at the bound", a
 *    dead letter is "failed", and only a delivery found nowhere is "lost".
 *
 * Every process shares the machine, so each phase also reports what the machine had to spare: the
 * latency of `GET /healthz` sent at the same rate (the floor: HTTP, the sender and the scheduler,
 * none of the App's work), the share of all cores busy (/proc/stat), and the CPU each process used.
 * Requests are serialised and signed before the open loop, so the sender does little but send.
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
/** Only the ack phase: no worker is started and nothing is audited (quicker, for the web role). */
const ACK_ONLY = process.env.TCOP_LOAD_ACK_ONLY === '1';
/** A directory: the web process writes a V8 CPU profile there (`--cpu-prof`) when it stops. */
const PROFILE_DIR = process.env.TCOP_LOAD_PROFILE;
/**
 * A nice value (negative: more CPU) for the web process and the sender, as a container's CPU
 * request gives a web process its share of a busy node: what the ack costs when the process gets
 * the CPU it needs. Each runs in its own session, and with the scheduler's autogroup on a session
 * shares CPU with other sessions by its autogroup's nice (/proc/<pid>/autogroup), so that is
 * what is set. The floor is measured the same way. Below 0 needs root.
 */
const WEB_NICE =
  process.env.TCOP_LOAD_WEB_NICE === undefined ? undefined : Number(process.env.TCOP_LOAD_WEB_NICE);
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

/** CPU of the machine's processes named `comm` (Redis, PostgreSQL and its backends), by pid, in ms. */
function serviceCpu(comm: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
      found.set(Number(entry), cpuMsOf(Number(entry)));
    } catch {
      // Gone since the listing.
    }
  }
  return found;
}

/** CPU used since `from` by the processes alive at both ends (a backend started since is missed). */
function serviceCpuSince(from: Map<number, number>, comm: string): number {
  let total = 0;
  for (const [pid, ms] of serviceCpu(comm)) {
    const before = from.get(pid);
    if (before !== undefined && Number.isFinite(ms - before)) total += ms - before;
  }
  return total;
}

const autogroupOn = (): boolean => {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
};

/** Whether Linux shares CPU between sessions first (each role runs in its own session). */
function autogroup(): string {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1'
      ? 'scheduler autogroup on: each role in its own session'
      : 'scheduler autogroup off';
  } catch {
    return 'scheduler autogroup unknown';
  }
}

/** Busy and total CPU time of the whole machine, all cores (Linux /proc/stat, in clock ticks). */
function machineTicks(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    // idle + iowait
    return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** The share of all cores busy since `from`, as a percentage. */
function busySince(from: { busy: number; total: number }): number {
  const now = machineTicks();
  return (100 * (now.busy - from.busy)) / (now.total - from.total);
}

/** A sender process: the paced open loop runs there, away from the fake GitHub's heap and timers. */
async function startSender(): Promise<{
  child: ChildProcess;
  run: (command: SenderCommand) => Promise<SenderResult>;
}> {
  const child = fork(path.join(ROOT, 'bench/_load-sender.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const orphaned = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
  await new Promise((resolve) => child.once('message', resolve));
  const run = (command: SenderCommand): Promise<SenderResult> =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m as SenderResult));
      child.send(command);
    });
  return { child, run };
}

interface Role {
  child: ChildProcess;
  url: string;
  stderr: string[];
}

function startRole(role: 'web' | 'worker', env: NodeJS.ProcessEnv): Promise<Role> {
  // Each role in its own session, as each would be its own container: where the scheduler shares
  // CPU between sessions (Linux autogroup), children of the benchmark's session would otherwise
  // split one session's share, and a second worker could only take CPU from the first.
  const child = fork(path.join(ROOT, 'bench/_load-role.ts'), [], {
    cwd: ROOT,
    execArgv: [
      '--import',
      'tsx',
      ...(PROFILE_DIR && role === 'web' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    ],
    env: { ...process.env, ...env, TCOP_ROLE: role },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: true,
  });
  // Detached children outlive a parent that exits without stopping them: not these.
  const orphaned = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
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
  let sender: Awaited<ReturnType<typeof startSender>> | undefined;
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

    // 1. Open loop: delivery i leaves at i / RATE seconds, whatever the answers before it. Each
    // request is serialised and signed beforehand, as GitHub's are when they leave it.
    const measured: SenderRequest[] = schedule.slice(WARMUP_DELIVERIES).map((d) => {
      const body = JSON.stringify(d.body);
      return {
        method: 'POST',
        path: '/api/github/webhooks',
        body,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-github-event': 'push',
          'x-github-delivery': d.id,
          'x-hub-signature-256': signWebhook(SECRET, body),
          'user-agent': 'GitHub-Hookshot/fake',
        },
      };
    });
    // The floor: the same open loop to /healthz, which does none of the App's work, just before
    // and just after the deliveries, from the same sender: what HTTP and the machine cost then.
    const healthz: SenderRequest[] = measured.map(() => ({ method: 'GET', path: '/healthz', headers: {} }));
    sender = await startSender();
    if (WEB_NICE !== undefined)
      for (const pid of [web.child.pid ?? 0, sender.child.pid ?? 0]) {
        setPriority(pid, WEB_NICE);
        if (autogroupOn()) writeFileSync(`/proc/${pid}/autogroup`, String(WEB_NICE));
      }
    const floorBefore = await sender.run({ base: web.url, rate: RATE, requests: healthz });
    const webCpu0 = cpuMsOf(web.child.pid);
    const machine0 = machineTicks();
    const load0 = loadavg()[0] ?? NaN;
    const acked = await sender.run({ base: web.url, rate: RATE, requests: measured });
    const ackBusy = busySince(machine0);
    const webCpuPerDelivery = (cpuMsOf(web.child.pid) - webCpu0) / measured.length;
    const floorAfter = await sender.run({ base: web.url, rate: RATE, requests: healthz });
    await stopRole({ child: sender.child, url: '', stderr: [] });
    sender = undefined;
    const acks = acked.latencies;
    const sendSeconds = acked.seconds;
    const senderCpuPerDelivery = acked.cpuMs / measured.length;
    const ackP50 = percentile(acks, 50);
    const ackP99 = percentile(acks, 99);
    const floorP99 = Math.max(percentile(floorBefore.latencies, 99), percentile(floorAfter.latencies, 99));
    const statusText = Object.entries(acked.statuses)
      .map(([s, n]) => `${n}× ${s}`)
      .join(', ');
    const floorText = (f: SenderResult): string =>
      `p50 ${percentile(f.latencies, 50).toFixed(1)} ms, p99 ${percentile(f.latencies, 99).toFixed(1)} ms`;
    rows.push(
      [
        'deliveries',
        `${N.toLocaleString('en-GB')} pushes to distinct repositories of ${FILES.toLocaleString('en-GB')} files (${INSTALLATIONS} installations) + ${(schedule.length - N).toLocaleString('en-GB')} redeliveries (same delivery id)`,
      ],
      [
        'sent',
        `${WARMUP_DELIVERIES} one at a time (not measured), then ${measured.length.toLocaleString('en-GB')} in ${sendSeconds.toFixed(1)} s (target ${RATE}/s, paced open loop from a sender process of its own): ${statusText}`,
      ],
      [
        'ack latency (web process, no worker running), from when each was due',
        `p50 ${ackP50.toFixed(1)} ms, p99 ${ackP99.toFixed(1)} ms, max ${Math.max(...acks).toFixed(1)} ms; machine ${ackBusy.toFixed(0)} % busy, load average ${load0.toFixed(2)}${WEB_NICE === undefined ? '' : `; web and sender at nice ${WEB_NICE}`}`,
      ],
      [
        'floor: GET /healthz, same rate, before / after',
        `${floorText(floorBefore)} / ${floorText(floorAfter)}: ack p99 is ${(ackP99 / floorP99).toFixed(1)}× the floor's`,
      ],
      [
        'the sender',
        `left p99 ${percentile(acked.lateness, 99).toFixed(1)} ms after due, event-loop delay p99 ${acked.loopDelayP99.toFixed(1)} ms, ${senderCpuPerDelivery.toFixed(2)} ms CPU per delivery`,
      ],
      [
        'web CPU per delivery',
        `${webCpuPerDelivery.toFixed(2)} ms: one core acks about ${Math.floor(1000 / webCpuPerDelivery)} deliveries/s`,
      ],
    );
    lastLine = `load: ack p99 ${ackP99.toFixed(1)} ms (floor ${floorP99.toFixed(1)} ms)`;
    if (!ACK_ONLY) {
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
      /** CPU of the benchmark's own processes (workers, web, fake + sender), in ms. */
      const cpuOf = (): {
        workers: number[];
        web: number;
        fake: number;
        redis: Map<number, number>;
        postgres: Map<number, number>;
      } => ({
        workers: workers.map((w) => cpuMsOf(w.child.pid)),
        web: cpuMsOf(web?.child.pid),
        fake: ownCpuMs(),
        redis: serviceCpu('redis-server'),
        postgres: serviceCpu('postgres'),
      });
      /** Cores each process used over the window, and the share of the machine busy. */
      const coresOver = (
        from: ReturnType<typeof cpuOf>,
        seconds: number,
        busy: number,
      ): { text: string; total: number } => {
        const to = cpuOf();
        const cores = (a: number, b: number): number => (b - a) / 1000 / seconds;
        const ws = to.workers.map((w, i) => cores(from.workers[i] ?? NaN, w));
        const fakeCores = cores(from.fake, to.fake);
        const webCores = cores(from.web, to.web);
        const total = ws.reduce((a, b) => a + b, 0) + fakeCores + webCores;
        const parts = [
          ...ws.map((c, i) => `worker ${i + 1} ${c.toFixed(2)}`),
          `fake GitHub ${fakeCores.toFixed(2)}`,
          `web ${webCores.toFixed(2)}`,
        ];
        // The services serve other clients too: shown beside the benchmark's processes, not summed.
        const redis = serviceCpuSince(from.redis, 'redis-server') / 1000 / seconds;
        const postgres = serviceCpuSince(from.postgres, 'postgres') / 1000 / seconds;
        return {
          text: `${total.toFixed(2)} cores (${parts.join(', ')}); Redis ${redis.toFixed(2)}, PostgreSQL ${postgres.toFixed(2)}; machine ${busy.toFixed(0)} % busy`,
          total,
        };
      };
      const a0 = doneAt.length;
      const t0 = performance.now();
      const c0 = cpuOf();
      const m0 = machineTicks();
      const reached1 = await waitFor(a0 + window1);
      const a1 = doneAt.length;
      const t1 = performance.now();
      const busy1 = busySince(m0);
      const window1Cores = coresOver(c0, (t1 - t0) / 1000, busy1);
      const c1 = cpuOf();
      const workerCpuPerAudit = ((c1.workers[0] ?? NaN) - (c0.workers[0] ?? NaN)) / (a1 - a0);
      const fakeCpuPerAudit = (c1.fake - c0.fake) / (a1 - a0);
      const rate1 = (a1 - a0) / ((t1 - t0) / 1000);

      // 3. A second worker joins; measured once it has warmed up too. Then it leaves and the first
      // worker is measured alone again: the machine's other work drifts over minutes, so the
      // 2-worker window is compared with the 1-worker windows either side of it.
      let rate2 = NaN;
      let ratio = NaN;
      let twoWorkers = 'not measured: the time bound was reached';
      let window2Cores = { text: 'not measured', total: NaN };
      let window3Cores = { text: 'not measured', total: NaN };
      let perCoreRatio = NaN;
      let oneWorker = `${rate1.toFixed(2)} audits/s over ${a1 - a0} audits`;
      let rateOne = rate1;
      if (reached1) {
        workers.push(await startRole('worker', env));
        const joined = doneAt.length;
        await waitFor(joined + WARMUP);
        const b0 = doneAt.length;
        const u0 = performance.now();
        const d0 = cpuOf();
        const n0 = machineTicks();
        const reached2 = await waitFor(Math.min(N, b0 + window2));
        const b1 = doneAt.length;
        const seconds2 = (performance.now() - u0) / 1000;
        window2Cores = coresOver(d0, seconds2, busySince(n0));
        // The second worker stops (finishing what it holds); the first is measured alone again.
        const second = workers.pop();
        await stopRole(second);
        let oneAudits = a1 - a0;
        let oneSeconds = (t1 - t0) / 1000;
        let oneCoreSeconds = window1Cores.total * oneSeconds;
        const window3 = Math.max(20, Math.floor(N * 0.15));
        const e0 = doneAt.length;
        if (e0 + window3 <= N) {
          const v0 = performance.now();
          const g0 = cpuOf();
          const h0 = machineTicks();
          if (await waitFor(e0 + window3)) {
            const seconds3 = (performance.now() - v0) / 1000;
            const audits3 = doneAt.length - e0;
            window3Cores = coresOver(g0, seconds3, busySince(h0));
            oneAudits += audits3;
            oneSeconds += seconds3;
            oneCoreSeconds += window3Cores.total * seconds3;
            rateOne = oneAudits / oneSeconds;
            oneWorker = `${rateOne.toFixed(2)} audits/s over ${oneAudits} audits (${rate1.toFixed(2)} before the second worker, ${(audits3 / seconds3).toFixed(2)} after)`;
          }
        }
        // The rest of the queue is drained by two workers (not measured).
        if (doneAt.length < N) workers.push(await startRole('worker', env));
        if (!reached2) twoWorkers = 'not measured: the time bound was reached';
        else if (b1 - b0 < 20) twoWorkers = `not measured: only ${b1 - b0} audits were left for the window`;
        else {
          rate2 = (b1 - b0) / seconds2;
          ratio = rate2 / rateOne;
          // Audits per core-second the benchmark's processes got: near 1× says the second worker
          // did as much with each core as the first, so what it lacked was cores, not the queue.
          perCoreRatio = (b1 - b0) / (window2Cores.total * seconds2) / (oneAudits / oneCoreSeconds);
          twoWorkers = `${rate2.toFixed(2)} audits/s over ${b1 - b0} audits (${ratio.toFixed(2)}×; per core used ${perCoreRatio.toFixed(2)}×)`;
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
      const notAudited = deliveries.filter((d) => {
        const [owner, name] = d.repo.split('/') as [string, string];
        const runs = fake.checkRunsFor(owner, name, d.sha);
        return (
          (perRepo.get(d.repo) ?? 0) === 0 || runs.length < 4 || runs.some((r) => r.status !== 'completed')
        );
      });
      // Not audited is not lost until the queue is asked: still waiting there (the bound came
      // first) or given up (a dead letter) is counted as such; lost is a delivery found nowhere.
      const jobs = new Queue('tcop-audit', { connection: redisConnection(REDIS_URL), prefix });
      const states = new Map<string, number>();
      for (const d of notAudited) {
        const [owner, name] = d.repo.split('/') as [string, string];
        const id = auditJobId({
          installationId: d.installationId,
          owner,
          repo: name,
          sha: d.sha,
          trigger: 'push',
          adoptExisting: false,
        });
        const job = await jobs.getJob(bullJobId(id));
        const state = job ? await job.getState() : 'nowhere';
        states.set(state, (states.get(state) ?? 0) + 1);
      }
      await jobs.close();
      const failed = states.get('failed') ?? 0;
      const nowhere = states.get('nowhere') ?? 0;
      // A job whose hash says completed, though its check runs or row are missing, was lost too.
      const lost = nowhere + (states.get('completed') ?? 0);
      const queued = notAudited.length - failed - lost;
      const duplicates = Math.max(fakeDuplicates, storeDuplicates);
      const notAuditedText = [...states].map(([state, n]) => `${n} ${state}`).join(', ') || 'none';

      rows.push(
        ['1 worker (concurrency ' + CONCURRENCY + ')', oneWorker],
        [
          'CPU per audit',
          `worker ${workerCpuPerAudit.toFixed(0)} ms (one core: about ${(1000 / workerCpuPerAudit).toFixed(1)} audits/s), fake GitHub ${fakeCpuPerAudit.toFixed(0)} ms`,
        ],
        ['CPU, 1-worker window', window1Cores.text],
        ['2 workers', twoWorkers],
        ['CPU, 2-worker window', window2Cores.text],
        ['CPU, 1-worker window after', window3Cores.text],
        [
          'ceiling on this machine',
          `${((cpus().length * 1000) / (workerCpuPerAudit + fakeCpuPerAudit)).toFixed(1)} audits/s if the worker(s) and the fake had all ${cpus().length} cores (${(workerCpuPerAudit + fakeCpuPerAudit).toFixed(0)} ms of CPU per audit between them)`,
        ],
        [
          'exactly one audit per delivery',
          `fake GitHub: ${fakeDuplicates} duplicated, ${fakeLost} not complete; store: ${storeDuplicates} duplicated; not audited: ${notAuditedText}`,
        ],
        ['contract violations on the fake', String(fake.contractStats.violations)],
        [
          'wall time',
          `${drainedSeconds.toFixed(0)} s (bound ${TIMEOUT_MS / 1000} s${drained ? '' : `: reached with ${queued} still queued`})`,
        ],
        [
          'load average at start / end',
          `${load.join(' ')} / ${loadavg()
            .map((n) => n.toFixed(2))
            .join(' ')} (${cpus().length} cores, shared; ${autogroup()})`,
        ],
      );
      lastLine = `load: ack p99 ${ackP99.toFixed(1)} ms; ${rateOne.toFixed(2)} audits/s/worker; 2 workers ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}×; duplicates ${duplicates}; lost ${lost}${queued > 0 ? `; queued at the bound ${queued}` : ''}${failed > 0 ? `; failed ${failed}` : ''}`;
    }
  } finally {
    if (sender) await stopRole({ child: sender.child, url: '', stderr: [] });
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
