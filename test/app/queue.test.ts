import { describe, expect, it } from 'vitest';
import { MemoryQueue } from '../../src/app/queue.js';

interface Job {
  id: string;
  pr?: boolean;
}

/** A processor whose jobs finish when the test says so. */
function controlled(): {
  started: string[];
  finish: (id: string) => void;
  process: (job: Job) => Promise<void>;
} {
  const started: string[] = [];
  const waiting = new Map<string, () => void>();
  return {
    started,
    finish: (id) => waiting.get(id)?.(),
    process: (job) =>
      new Promise<void>((resolve) => {
        started.push(job.id);
        waiting.set(job.id, resolve);
      }),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('MemoryQueue', () => {
  it('merges a job for a commit already waiting, and runs it once', async () => {
    const c = controlled();
    const queue = new MemoryQueue<Job>({
      concurrency: 1,
      process: c.process,
      merge: (a, b) => ({ id: `${a.id}+${b.id}`, pr: a.pr || b.pr }),
    });
    await queue.add({ key: 'other', installationId: 1, bulk: false, data: { id: 'other' } });
    expect(await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'push' } })).toBe(
      'queued',
    );
    expect(
      await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'suite', pr: true } }),
    ).toBe('merged');
    c.finish('other');
    await tick();
    c.finish('push+suite');
    await queue.idle();
    expect(c.started).toEqual(['other', 'push+suite']);
  });

  it('ignores a duplicate of a running job unless it brings more', async () => {
    const c = controlled();
    const queue = new MemoryQueue<Job>({
      process: c.process,
      supersedes: (_running, incoming) => incoming.pr === true,
    });
    await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'push' } });
    await tick();
    expect(await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'again' } })).toBe(
      'duplicate',
    );
    expect(
      await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'pr', pr: true } }),
    ).toBe('follow-up');
    c.finish('push');
    await tick();
    expect(c.started).toEqual(['push', 'pr']);
    c.finish('pr');
    await queue.idle();
  });

  it('bounds concurrency per installation and paces bulk jobs one at a time, events first', async () => {
    const c = controlled();
    const queue = new MemoryQueue<Job>({ process: c.process, concurrency: 4, perInstallation: 2 });
    for (const id of ['bulk-a', 'bulk-b'])
      await queue.add({ key: id, installationId: 1, bulk: true, data: { id } });
    await queue.add({ key: 'event', installationId: 1, bulk: false, data: { id: 'event' } });
    await queue.add({ key: 'event-2', installationId: 1, bulk: false, data: { id: 'event-2' } });
    await queue.add({
      key: 'other-installation',
      installationId: 2,
      bulk: false,
      data: { id: 'other-installation' },
    });
    await tick();
    // Installation 1: one bulk job plus one event (two slots); the second bulk job waits.
    expect(c.started).toEqual(['bulk-a', 'event', 'other-installation']);
    c.finish('bulk-a');
    await tick();
    expect(c.started).toEqual(['bulk-a', 'event', 'other-installation', 'event-2']);
    c.finish('event');
    await tick();
    expect(c.started.at(-1)).toBe('bulk-b');
    for (const id of ['event-2', 'other-installation', 'bulk-b']) c.finish(id);
    await queue.idle();
  });

  it('audits a commit again when its last audit died, instead of calling the repeat a duplicate', async () => {
    const runs: string[] = [];
    const queue = new MemoryQueue<Job>({
      process: async (job) => {
        runs.push(job.id);
        if (job.id === 'push') throw new Error('the audit failed');
      },
      onError: () => {},
    });
    await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'push' } });
    await queue.idle();
    expect((await queue.deadLetters()).map((d) => d.reason)).toEqual(['the audit failed']);
    expect(await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'redelivery' } })).toBe(
      'queued',
    );
    await queue.idle();
    expect(runs).toEqual(['push', 'redelivery']);
  });

  it('drops a repeat of a commit it has just audited, unless the repeat brings more', async () => {
    const runs: string[] = [];
    const queue = new MemoryQueue<Job>({
      process: async (job) => void runs.push(job.id),
      supersedes: (_done, incoming) => incoming.pr === true,
    });
    await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'push' } });
    await queue.idle();
    expect(await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'check-suite' } })).toBe(
      'duplicate',
    );
    expect(
      await queue.add({ key: 'r@1', installationId: 1, bulk: false, data: { id: 'pr', pr: true } }),
    ).toBe('queued');
    await queue.idle();
    expect(runs).toEqual(['push', 'pr']);
  });

  it('keeps going after a job throws', async () => {
    const errors: unknown[] = [];
    const queue = new MemoryQueue<Job>({
      process: async (job) => {
        if (job.id === 'bad') throw new Error('boom');
      },
      onError: (e) => void errors.push(e),
    });
    await queue.add({ key: 'bad', installationId: 1, bulk: false, data: { id: 'bad' } });
    await queue.add({ key: 'good', installationId: 1, bulk: false, data: { id: 'good' } });
    await queue.idle();
    expect(errors).toHaveLength(1);
  });
});
