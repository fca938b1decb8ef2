import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { BullMQAuditQueue } from '../../src/app/queue-bullmq.js';
import { FakeGitHub, sendWebhook } from '../../src/devtools/fake-github.js';
import { APP_ID, TEST_PRIVATE_KEY, webhook } from '../app/support.js';
import { ROOT } from './check-harness.js';
import { TEST_REDIS_URL } from './services.js';

/**
 * The web and worker roles over the real Redis, against the loopback fake GitHub: the set-up the
 * scale and shared-cache tests have in common (the environment a role starts with, a worker as
 * its own process, a push for a repository of an installation, the queue's keys removed after).
 */

export type Role = 'web' | 'worker';

export interface RoleConfig {
  /** The fake GitHub the roles talk to. */
  githubUrl: string;
  /** The webhook secret web processes verify with. */
  secret: string;
  /** The queue's Redis key prefix: one per test run. */
  prefix: string;
}

/** What a role starts with: Redis at `prefix`, no schedule, rate limits never waited out inline. */
export function roleEnv(
  config: RoleConfig,
  role: Role,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    APP_ID: String(APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: config.secret,
    GITHUB_API_URL: config.githubUrl,
    TCOP_ROLE: role,
    REDIS_URL: TEST_REDIS_URL,
    TCOP_QUEUE_PREFIX: config.prefix,
    TCOP_REAUDIT_INTERVAL_HOURS: '0',
    TCOP_RATE_LIMIT_INLINE_SECONDS: '0',
    LOG_LEVEL: 'fatal',
    ...extra,
  };
}

/**
 * A role as its own process (`src/app/server.ts`), as deployments run it; added to `children` so
 * that the suite kills it if a test does not stop it. `DEBUG_SCALE=1` shows its log.
 */
export function spawnRole(env: NodeJS.ProcessEnv, children: ChildProcess[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  if (process.env.DEBUG_SCALE) child.stderr?.on('data', (d: Buffer) => process.stdout.write(d));
  return child;
}

/** Its exit code, once it has exited. */
export const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** SIGTERM (a graceful shutdown), then its exit. */
export async function stopRole(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = exitOf(child);
  child.kill('SIGTERM');
  return exited;
}

/** The fake GitHub on loopback, and nothing else reachable. */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const fake = new FakeGitHub();
  await fake.start();
  return fake;
}

/** Kills what is left of `children`, stops the fake and lets the network back. */
export async function stopFakeGitHub(fake: FakeGitHub | undefined, children: ChildProcess[]): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  await fake?.stop();
  nock.enableNetConnect();
}

/** A push of `sha` to `org-<installationId>/<name>`, from the recorded example. */
export function pushPayload(installationId: number, name: string, sha: string): Record<string, unknown> {
  const payload = webhook<Record<string, unknown> & { repository: Record<string, unknown> }>('push');
  const owner = `org-${installationId}`;
  return {
    ...payload,
    after: sha,
    installation: { id: installationId, node_id: 'x' },
    repository: {
      ...payload.repository,
      name,
      full_name: `${owner}/${name}`,
      owner: { ...(payload.repository.owner as object), login: owner, name: owner },
    },
  };
}

/** A signed delivery to a web process; its HTTP status. */
export async function deliverTo(
  webUrl: string,
  secret: string,
  event: string,
  payload: unknown,
  deliveryId: string = randomUUID(),
): Promise<number> {
  const response = await sendWebhook(`${webUrl}/api/github/webhooks`, { event, payload, secret, deliveryId });
  return response.status;
}

/** Removes the queue's jobs and keys at `prefix` (BullMQ's, the ranks, pauses, budget and ETags). */
export async function clearQueue(prefix: string): Promise<void> {
  await new BullMQAuditQueue({ redisUrl: TEST_REDIS_URL, prefix }).destroy();
}
