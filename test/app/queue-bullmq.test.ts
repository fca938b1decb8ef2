import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BullMQAuditQueue, redisConnection } from '../../src/app/queue-bullmq.js';
import { redisUnavailable, skipWithoutService, TEST_REDIS_URL } from '../support/services.js';

const REDIS_URL = TEST_REDIS_URL;

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
