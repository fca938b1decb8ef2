import { createHmac } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeJobs, queueJob, supersedes, type AuditJob } from '../../src/app/job.js';
import { MemoryQueue } from '../../src/app/queue.js';
import { startApp } from '../../src/app/server.js';
import { APP_ID, TEST_PRIVATE_KEY, webhook } from '../app/support.js';

/** A processor whose audits finish when the test says so. */
function controlled() {
  const started: string[] = [];
  const waiting: (() => void)[] = [];
  return {
    started,
    finishAll: () => waiting.splice(0).forEach((resolve) => resolve()),
    process: (job: AuditJob) =>
      new Promise<void>((resolve) => {
        started.push(job.sha ?? 'HEAD');
        waiting.push(resolve);
      }),
  };
}

const push = (repo: string, sha: string, ref = 'refs/heads/main'): AuditJob => ({
  installationId: 1,
  owner: 'acme',
  repo,
  sha,
  ref,
  trigger: 'push',
  adoptExisting: false,
});

const sha = (n: number): string => n.toString(16).padStart(40, '0');

async function drain(queue: MemoryQueue<AuditJob>, c: ReturnType<typeof controlled>): Promise<void> {
  for (let i = 0; i < 10 && c.started.length > 0; i++) {
    c.finishAll();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await queue.idle();
}

describe('the in-process queue coalesces and is bounded', () => {
  it('2,000 pushes to one branch while its audit runs audit two commits: the running one and the newest', async () => {
    const c = controlled();
    const queue = new MemoryQueue<AuditJob>({ process: c.process, merge: mergeJobs, supersedes });
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const outcome = await queue.add(queueJob(push('api', sha(i))));
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ queued: 2, replaced: 1998 });
    expect(queue.waiting).toBe(1);
    await drain(queue, c);
    expect(c.started).toEqual([sha(0), sha(1999)]);
  });

  it('keeps one waiting audit per repository and ref, not per repository', async () => {
    const c = controlled();
    const queue = new MemoryQueue<AuditJob>({
      process: c.process,
      concurrency: 1,
      merge: mergeJobs,
      supersedes,
    });
    await queue.add(queueJob(push('busy', sha(1))));
    for (const [repo, ref, n] of [
      ['api', 'refs/heads/main', 2],
      ['api', 'refs/pull/7', 3],
      ['api', 'refs/heads/main', 4],
      ['web', 'refs/heads/main', 5],
      ['api', 'refs/pull/7', 6],
    ] as const)
      await queue.add(queueJob(push(repo, sha(n), ref)));
    expect(queue.waiting).toBe(3);
    await drain(queue, c);
    expect(c.started).toEqual([sha(1), sha(4), sha(6), sha(5)]);
  });

  it('a job without a ref (a re-run the user asked for) is never replaced', async () => {
    const c = controlled();
    const queue = new MemoryQueue<AuditJob>({
      process: c.process,
      concurrency: 1,
      merge: mergeJobs,
      supersedes,
    });
    await queue.add(queueJob(push('busy', sha(1))));
    const { ref: _ref, ...manual } = push('api', sha(2));
    await queue.add(queueJob({ ...manual, trigger: 'manual' }));
    expect(await queue.add(queueJob(push('api', sha(3))))).toBe('queued');
    await drain(queue, c);
    expect(c.started).toEqual([sha(1), sha(2), sha(3)]);
  });

  it('at its bound, drops the newest waiting bulk job for an event job, and refuses the rest as full', async () => {
    const c = controlled();
    const queue = new MemoryQueue<AuditJob>({
      process: c.process,
      concurrency: 1,
      maxPending: 3,
      merge: mergeJobs,
      supersedes,
    });
    await queue.add(queueJob(push('busy', sha(1))));
    for (const repo of ['a', 'b', 'c'])
      await queue.add(
        queueJob({ installationId: 1, owner: 'acme', repo, trigger: 'schedule', adoptExisting: true }, true),
      );
    expect(await queue.add(queueJob(push('x', sha(2))))).toBe('queued');
    expect(await queue.add(queueJob(push('y', sha(3))))).toBe('queued');
    expect(await queue.add(queueJob(push('z', sha(4))))).toBe('queued');
    expect(await queue.add(queueJob(push('w', sha(5))))).toBe('full');
    expect(
      await queue.add(
        queueJob(
          { installationId: 1, owner: 'acme', repo: 'd', trigger: 'schedule', adoptExisting: true },
          true,
        ),
      ),
    ).toBe('full');
    expect(queue.waiting).toBe(3);
    await drain(queue, c);
    expect(c.started).toEqual([sha(1), sha(2), sha(3), sha(4)]);
  });
});

describe('through the App', () => {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => nock.enableNetConnect());

  it('50 signed pushes to the default branch during an audit start two audits', async () => {
    const c = controlled();
    let queue: MemoryQueue<AuditJob> | undefined;
    const app = await startApp({
      env: {
        APP_ID: String(APP_ID),
        PRIVATE_KEY: TEST_PRIVATE_KEY,
        WEBHOOK_SECRET: 's',
        TCOP_STORE: 'off',
        TCOP_REAUDIT_INTERVAL_HOURS: '0',
        LOG_LEVEL: 'fatal',
      },
      port: 0,
      settings: {
        createQueue: () =>
          (queue = new MemoryQueue<AuditJob>({ process: c.process, merge: mergeJobs, supersedes })),
      },
    });
    try {
      const template = webhook<Record<string, unknown>>('push');
      for (let i = 0; i < 50; i++) {
        const body = JSON.stringify({ ...template, after: sha(i) });
        const res = await fetch(`${app.url}/api/github/webhooks`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-github-delivery': `push-${i}`,
            'x-hub-signature-256': `sha256=${createHmac('sha256', 's').update(body).digest('hex')}`,
          },
          body,
        });
        expect(res.status).toBe(200);
      }
      expect(queue?.waiting).toBe(1);
      await drain(queue as MemoryQueue<AuditJob>, c);
      expect(c.started).toEqual([sha(0), sha(49)]);
    } finally {
      c.finishAll();
      await app.close();
    }
  });
});
