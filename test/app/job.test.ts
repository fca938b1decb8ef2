import { describe, expect, it } from 'vitest';
import { auditJobId, mergeJobs, queueJob, supersedes, type AuditJob } from '../../src/app/job.js';

const sha = 'a'.repeat(40);
const base = 'c'.repeat(40);
const push: AuditJob = {
  installationId: 12,
  owner: 'Acme',
  repo: 'Service',
  sha,
  ref: 'main',
  trigger: 'push',
  adoptExisting: false,
};
const pr: AuditJob = {
  ...push,
  ref: 'feature',
  trigger: 'pull_request',
  pullRequest: { number: 7, baseSha: base },
};
const now = new Date('2026-11-23T14:37:09.123Z');

describe('auditJobId', () => {
  it('installation, repository in lower case, commit and trigger', () => {
    expect(auditJobId(push, now)).toBe(`12/acme/service@${sha}#push`);
  });

  it('a pull request adds its base, so a pull request moved onto another base is another job', () => {
    expect(auditJobId(pr, now)).toBe(`12/acme/service@${sha}#pull_request^${base}`);
  });

  it('a job without a commit is one per hour', () => {
    const { sha: _sha, ...head } = push;
    const job: AuditJob = { ...head, trigger: 'schedule', adoptExisting: true };
    expect(auditJobId(job, now)).toBe('12/acme/service@HEAD@2026-11-23T14#schedule');
    expect(auditJobId(job, new Date('2026-11-23T14:59:59Z'))).toBe(auditJobId(job, now));
    expect(auditJobId(job, new Date('2026-11-23T15:00:00Z'))).toBe(
      '12/acme/service@HEAD@2026-11-23T15#schedule',
    );
  });

  it('a re-run someone asked for is one per delivery, or per minute without a delivery id', () => {
    const manual: AuditJob = { ...push, trigger: 'manual', adoptExisting: true };
    expect(auditJobId({ ...manual, deliveryId: 'd-1' }, now)).toBe(`12/acme/service@${sha}#manual#d-1`);
    expect(auditJobId(manual, now)).toBe(`12/acme/service@${sha}#manual#2026-11-23T14:37`);
    // Other triggers ignore the delivery id: a redelivered push is the same job.
    expect(auditJobId({ ...push, deliveryId: 'd-1' }, now)).toBe(`12/acme/service@${sha}#push`);
  });
});

describe('queueJob', () => {
  it('the entry of a push: key by repository and commit as named, id, coalescing by branch', () => {
    expect(queueJob(push, false, now)).toEqual({
      key: `Acme/Service@${sha}`,
      installationId: 12,
      bulk: false,
      coalesce: 'Acme/Service:main',
      data: push,
      id: `12/acme/service@${sha}#push`,
    });
  });

  it('is not bulk unless asked', () => {
    expect(queueJob(push).bulk).toBe(false);
    expect(queueJob(push, true).bulk).toBe(true);
  });

  it('the id takes the time it is given', () => {
    const { sha: _sha, ...head } = push;
    expect(queueJob({ ...head, trigger: 'installation', adoptExisting: true }, true, now).id).toBe(
      '12/acme/service@HEAD@2026-11-23T14#installation',
    );
  });

  it('a pull request coalesces by its number, even without a branch', () => {
    const { ref: _ref, ...noRef } = pr;
    expect(queueJob(noRef).coalesce).toBe('Acme/Service#7');
  });

  it('only pushes and pull requests coalesce, and only when nobody asked to adopt existing runs', () => {
    for (const trigger of ['manual', 'schedule', 'installation'] as const)
      expect(queueJob({ ...push, trigger })).not.toHaveProperty('coalesce');
    expect(queueJob({ ...pr, adoptExisting: true })).not.toHaveProperty('coalesce');
  });
});

describe('supersedes', () => {
  it('a push arriving while a pull request audit runs brings nothing', () => {
    expect(supersedes(pr, { ...pr, pullRequest: undefined, trigger: 'push' })).toBe(false);
  });

  it('adopting that the running job already does brings nothing; not adopting never does', () => {
    const adopting = { ...push, adoptExisting: true };
    expect(supersedes(adopting, push)).toBe(false);
    expect(supersedes(adopting, adopting)).toBe(false);
  });
});

describe('mergeJobs', () => {
  it('the incoming job’s fields win, the pending comparison and repository stay when it has none', () => {
    const repository = { name: 'Service', private: false, visibility: 'public' };
    const pending: AuditJob = { ...pr, repository, deliveryId: 'one' };
    const incoming: AuditJob = { ...push, deliveryId: 'two' };
    expect(mergeJobs(pending, incoming)).toEqual({
      ...push,
      deliveryId: 'two',
      pullRequest: pr.pullRequest,
      repository,
    });
  });

  it('the incoming comparison and repository replace the pending ones; adopting is kept from either', () => {
    const older = { name: 'Service', private: true };
    const newer = { name: 'Service', private: false, visibility: 'public' };
    const pending: AuditJob = { ...pr, repository: older, adoptExisting: true };
    const incoming: AuditJob = {
      ...pr,
      pullRequest: { number: 7, baseSha: 'd'.repeat(40) },
      repository: newer,
    };
    expect(mergeJobs(pending, incoming)).toEqual({ ...incoming, adoptExisting: true });
    expect(
      mergeJobs({ ...pending, adoptExisting: false }, { ...incoming, adoptExisting: true }).adoptExisting,
    ).toBe(true);
    expect(mergeJobs({ ...pending, adoptExisting: false }, incoming).adoptExisting).toBe(false);
  });
});
