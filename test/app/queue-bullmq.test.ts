import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BullMQAuditQueue, redisConnection } from '../../src/app/queue-bullmq.js';
import { skipWithoutService } from '../support/services.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Null when Redis answers PING, else why not. */
async function redisUnavailable(url: string): Promise<string | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (reason: string | null): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(2000, () => done('timed out'));
    socket.once('error', (error) => done(error.message));
    socket.once('data', (data) =>
      done(data.toString().startsWith('+PONG') ? null : `unexpected answer ${data.toString().trim()}`),
    );
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
  });
}

const skip = skipWithoutService('Redis', await redisUnavailable(REDIS_URL));

describe('redisConnection', () => {
  it('reads a Redis URL into ioredis options', () => {
    expect(redisConnection('rediss://user:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: {},
      maxRetriesPerRequest: null,
    });
  });
});

describe.skipIf(skip)('BullMQAuditQueue on Redis', () => {
  const queues: BullMQAuditQueue<{ id: string }>[] = [];
  afterAll(async () => {
    for (const q of queues) await q.destroy();
  });

  it('processes jobs and drops a second audit of a waiting commit', async () => {
    const name = `tcop-audit-test-${randomUUID()}`;
    // A producer alone first, as a web process is: the jobs wait.
    const producer = new BullMQAuditQueue<{ id: string }>({ redisUrl: REDIS_URL, name });
    queues.push(producer);
    expect(
      await producer.add({ key: 'acme/service@abc', installationId: 1, bulk: false, data: { id: 'push' } }),
    ).toBe('queued');
    expect(
      await producer.add({ key: 'acme/service@abc', installationId: 1, bulk: false, data: { id: 'suite' } }),
    ).toBe('duplicate');
    expect(
      await producer.add({ key: 'acme/other@def', installationId: 1, bulk: true, data: { id: 'bulk' } }),
    ).toBe('queued');

    const processed: string[] = [];
    const worker = new BullMQAuditQueue<{ id: string }>({
      redisUrl: REDIS_URL,
      name,
      concurrency: 1,
      process: async (data) => void processed.push(data.id),
    });
    queues.push(worker);
    await worker.idle();
    expect(processed.sort()).toEqual(['bulk', 'push']);
  });

  it('a dead letter is not a duplicate: the same commit delivered again is audited afresh', async () => {
    const name = `tcop-audit-test-${randomUUID()}`;
    let calls = 0;
    const worker = new BullMQAuditQueue<{ id: string }>({
      redisUrl: REDIS_URL,
      name,
      concurrency: 1,
      attempts: 1,
      process: async () => {
        calls += 1;
        if (calls === 1) throw new Error('the first attempt fails for good');
      },
    });
    queues.push(worker);
    const job = { key: 'acme/service@abc', installationId: 1, bulk: false, data: { id: 'push' } };
    expect(await worker.add(job)).toBe('queued');
    await worker.idle();
    expect((await worker.deadLetters()).map((d) => d.reason)).toEqual(['the first attempt fails for good']);

    expect(await worker.add(job)).toBe('queued');
    await worker.idle();
    expect(calls).toBe(2);
    expect(await worker.deadLetters()).toEqual([]);
    // A job that is waiting, running or done is still one audit.
    expect(await worker.add(job)).toBe('duplicate');
  });
});
