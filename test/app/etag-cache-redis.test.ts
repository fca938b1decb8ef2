import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisEtagCache, type Cached } from '../../src/app/etag-cache.js';
import { UnthrottledOctokit } from '../../src/app/octokit.js';
import { BullMQAuditQueue } from '../../src/app/queue-bullmq.js';
import { startApp, type RunningApp } from '../../src/app/server.js';
import { readTree, type FakeGitHub, type RecordedRequest } from '../../src/devtools/fake-github.js';
import { FIXTURES } from '../support/check-harness.js';
import {
  clearQueue,
  deliverTo,
  pushPayload,
  roleEnv,
  spawnRole,
  startFakeGitHub,
  stopFakeGitHub,
  stopRole,
  type Role,
} from '../support/roles.js';
import { redisUnavailable, skipWithoutService, TEST_REDIS_URL } from '../support/services.js';
import { holdToContract } from '../support/contract.js';

/**
 * The workers' shared cache of GitHub answers and ETags, on the real Redis: bounded in entries,
 * bytes and time, and shared, so a scheduled re-audit taken by another worker process than the
 * one that audited the commit still re-reads with If-None-Match, gets 304s, and does not count
 * them against the installation's budget.
 */
const REDIS_URL = TEST_REDIS_URL;

const reason = await redisUnavailable();
const skip = skipWithoutService('Redis', reason);
const run = randomBytes(4).toString('hex');
const PREFIX = `tcop-etags-${run}`;
const SECRET = 'etag-webhook-secret';
const INSTALLATION = 4_800_001;
const OWNER = `org-${INSTALLATION}`;

const answer = (n: number, size = 10): Cached => ({
  etag: `W/"${n}"`,
  answer: { status: 200, headers: { etag: `W/"${n}"` }, data: { n, pad: 'x'.repeat(size) } },
  bytes: 0,
});

describe.skipIf(skip)('the ETag cache on Redis', () => {
  let redis: Redis;

  beforeAll(async () => {
    if (reason) throw new Error(`Redis unavailable: ${reason}`);
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    if (reason) return;
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps at most maxEntries, dropping the least recently used (a read counts as a use)', async () => {
    let now = 1_000;
    const cache = new RedisEtagCache(
      redis,
      `${PREFIX}:entries`,
      { maxEntries: 3, maxBytes: 1e9, ttlMs: 1e9 },
      () => now++,
    );
    for (const n of [1, 2, 3]) await cache.set(`k${n}`, answer(n));
    expect((await cache.get('k1'))?.etag).toBe('W/"1"');
    await cache.set('k4', answer(4));
    expect(await cache.get('k2')).toBeUndefined();
    expect((await Promise.all(['k1', 'k3', 'k4'].map((k) => cache.get(k)))).map((c) => c?.etag)).toEqual([
      'W/"1"',
      'W/"3"',
      'W/"4"',
    ]);
    expect((await cache.usage()).entries).toBe(3);
    // What comes back is what was kept.
    expect((await cache.get('k4'))?.answer).toEqual(answer(4).answer);
  });

  it('keeps at most maxBytes, and counts a replaced answer once', async () => {
    let now = 1_000;
    const one = Buffer.byteLength(JSON.stringify({ etag: 'W/"1"', answer: answer(1, 100).answer }));
    const cache = new RedisEtagCache(
      redis,
      `${PREFIX}:bytes`,
      { maxEntries: 100, maxBytes: one * 2 + 1, ttlMs: 1e9 },
      () => now++,
    );
    await cache.set('a', answer(1, 100));
    await cache.set('a', answer(1, 100));
    expect(await cache.usage()).toEqual({ entries: 1, bytes: one });
    await cache.set('b', answer(2, 100));
    await cache.set('c', answer(3, 100));
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.usage()).toEqual({ entries: 2, bytes: one * 2 });
  });

  it('drops an answer not used for the TTL', async () => {
    let now = 1_000;
    const cache = new RedisEtagCache(
      redis,
      `${PREFIX}:ttl`,
      { maxEntries: 100, maxBytes: 1e9, ttlMs: 500 },
      () => now,
    );
    await cache.set('old', answer(1));
    now += 400;
    expect((await cache.get('old'))?.etag).toBe('W/"1"');
    now += 400;
    // Used 400 ms ago: still there. Then unused past the TTL: gone, and its bytes with it.
    expect((await cache.get('old'))?.etag).toBe('W/"1"');
    now += 501;
    expect(await cache.get('old')).toBeUndefined();
    expect(await cache.usage()).toEqual({ entries: 0, bytes: 0 });
    // Its keys expire too: an idle deployment's cache goes away.
    await cache.set('fresh', answer(2));
    expect(await redis.pttl(`${PREFIX}:ttl:answers`)).toBeGreaterThan(0);
  });
});

describe.skipIf(skip)('a scheduled re-audit on another worker process', () => {
  let fake: FakeGitHub;
  let web: RunningApp | undefined;
  const children: ChildProcess[] = [];
  holdToContract(() => fake);

  const env = (role: Role): NodeJS.ProcessEnv =>
    roleEnv({ githubUrl: fake.url, secret: SECRET, prefix: PREFIX }, role, { TCOP_STORE: 'off' });

  /** A worker as its own process (`src/app/server.ts`), as deployments run it. */
  const spawnWorker = (): ChildProcess => spawnRole(env('worker'), children);

  beforeAll(async () => {
    if (reason) throw new Error(`Redis unavailable: ${reason}`);
    fake = await startFakeGitHub();
    web = await startApp({ env: env('web'), port: 0, Octokit: UnthrottledOctokit });
  });

  afterAll(async () => {
    await web?.close();
    await stopFakeGitHub(fake, children);
    if (reason) return;
    await clearQueue(PREFIX);
  });

  it('gets the tree back as a 304 from the answer the first worker kept, and does not count it', async () => {
    const files = await readTree(path.join(FIXTURES, 'minimal-pass'));
    const sha = fake.addRepo({ owner: OWNER, name: 'shared', files, installationId: INSTALLATION });
    const queue = new BullMQAuditQueue({ redisUrl: REDIS_URL, prefix: PREFIX });
    try {
      // Worker 1 audits the push, then stops.
      const first = spawnWorker();
      expect(await deliverTo(web?.url ?? '', SECRET, 'push', pushPayload(INSTALLATION, 'shared', sha))).toBe(
        200,
      );
      await fake.waitForCheckRuns(sha, 4);
      await queue.idle();
      await stopRole(first);

      // Worker 2, a process that has read nothing, takes the scheduled re-audit.
      fake.resetLog();
      const second = spawnWorker();
      expect(await web?.handle.reauditAll()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await queue.idle();
      await stopRole(second);

      const rest = fake.requests.filter(
        (r: RecordedRequest) =>
          r.auth === 'token' &&
          r.path !== '/graphql' &&
          r.path !== '/installation/repositories' &&
          !r.path.endsWith('/access_tokens'),
      );
      const notModified = rest.filter((r) => r.status === 304);
      // The commit has not moved: its tree (and the branch's rules) are what worker 1 read.
      expect(notModified.map((r) => r.operation)).toContain('GET /repos/{owner}/{repo}/git/trees/{tree_sha}');
      expect(notModified.every((r) => r.conditional)).toBe(true);
      // The schedule's budget, as the workers book it on Redis: every REST request but the 304.
      const ledger = queue.budgetLedger();
      const window = await ledger.window(INSTALLATION, 'core');
      expect(window).toBeDefined();
      const spent = await ledger.spent(INSTALLATION, 'core', window?.resetAt ?? 0);
      expect(spent).toBe(rest.length - notModified.length);
      expect(spent).toBeGreaterThan(0);
    } finally {
      await queue.close();
    }
  }, 60_000);
});
