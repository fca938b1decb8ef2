import { describe, expect, it } from 'vitest';
import { BULK_ENQUEUE_AT_ONCE, auditRepositories, type Enqueue } from '../../src/app/handlers.js';
import type { AuditJob } from '../../src/app/job.js';

describe('bulk enqueue (installation, schedule)', () => {
  it('enqueues 2,000 repositories once each, in order, with round trips overlapping in groups', async () => {
    const started: string[] = [];
    let inFlight = 0;
    let most = 0;
    const enqueue: Enqueue = async (job: AuditJob, bulk?: boolean) => {
      expect(bulk).toBe(true);
      started.push(`${job.owner}/${job.repo}`);
      inFlight++;
      most = Math.max(most, inFlight);
      // A round trip: answered on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    };
    const names = Array.from({ length: 2_000 }, (_, i) => ({ full_name: `org/repo-${i}` }));
    await auditRepositories(enqueue, 7, names, 'installation');
    expect(started).toEqual(names.map((n) => n.full_name));
    expect(most).toBe(BULK_ENQUEUE_AT_ONCE);
    expect(inFlight).toBe(0);
  });

  it('a failed enqueue fails the delivery after its group has been started', async () => {
    const started: string[] = [];
    const enqueue: Enqueue = async (job: AuditJob) => {
      started.push(job.repo);
      await new Promise((resolve) => setImmediate(resolve));
      if (job.repo === 'repo-3') throw new Error('Connection is closed.');
    };
    const names = Array.from({ length: 120 }, (_, i) => ({ full_name: `org/repo-${i}` }));
    await expect(auditRepositories(enqueue, 7, names, 'installation')).rejects.toThrow(
      'Connection is closed.',
    );
    expect(started).toEqual(names.slice(0, BULK_ENQUEUE_AT_ONCE).map((n) => n.full_name.split('/')[1]));
  });
});
