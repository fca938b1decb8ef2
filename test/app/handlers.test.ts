import type { Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import {
  DeliveryLog,
  jobFromEvent,
  reauditAll,
  registerHandlers,
  splitFullName,
} from '../../src/app/handlers.js';
import type { AuditJob } from '../../src/app/job.js';
import type { AppSettings } from '../../src/app/settings.js';
import type { AuditRecorder } from '../../src/app/store-integration.js';

describe('splitFullName', () => {
  it.each([
    ['nhsuk/nhsuk-frontend', { owner: 'nhsuk', repo: 'nhsuk-frontend' }],
    ['nhsuk', undefined],
    ['nhsuk/', undefined],
    ['/nhsuk-frontend', undefined],
    ['a/b/c', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s', (fullName, expected) => {
    expect(splitFullName(fullName)).toEqual(expected);
  });
});

describe('jobFromEvent', () => {
  const audit = { trigger: 'push' as const, sha: 'a'.repeat(40), adoptExisting: false };

  it('takes the owner from the payload’s owner, then from its full name', () => {
    const owned = { installation: { id: 7 }, repository: { name: 'r', owner: { login: 'o' } } };
    expect(jobFromEvent(owned, audit)).toMatchObject({ installationId: 7, owner: 'o', repo: 'r' });
    const named = { installation: { id: 7 }, repository: { name: 'r', full_name: 'p/r' } };
    expect(jobFromEvent(named, audit)).toMatchObject({ installationId: 7, owner: 'p', repo: 'r' });
  });

  it('makes no job without an installation or an owner, rather than one for "undefined/r"', () => {
    expect(jobFromEvent({ repository: { name: 'r', owner: { login: 'o' } } }, audit)).toBeUndefined();
    expect(jobFromEvent({ installation: { id: 7 }, repository: { name: 'r' } }, audit)).toBeUndefined();
    const malformed = { installation: { id: 7 }, repository: { name: 'r', full_name: 'r' } };
    expect(jobFromEvent(malformed, audit)).toBeUndefined();
  });
});

/** What registerHandlers uses of Probot: `on` (an event, or an event and its action) and `log`. */
class FakeApp {
  readonly handlers: { events: string[]; handler: (context: unknown) => Promise<void> }[] = [];
  readonly logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  readonly log = Object.fromEntries(
    ['info', 'warn', 'error'].map((level) => [
      level,
      (fields: Record<string, unknown>, message: string) => this.logged.push({ level, fields, message }),
    ]),
  );

  on(events: string | string[], handler: (context: unknown) => Promise<void>): void {
    this.handlers.push({ events: [events].flat(), handler });
  }

  /** Calls every handler registered for `name` or for `name.action`, as Probot does. */
  async receive(id: string, name: string, payload: Record<string, unknown>, octokit: unknown = NO_OCTOKIT) {
    const names = [name, ...(typeof payload.action === 'string' ? [`${name}.${payload.action}`] : [])];
    for (const { events, handler } of this.handlers)
      if (events.some((e) => names.includes(e))) await handler({ id, name, payload, octokit });
  }
}

const NO_OCTOKIT = {
  request: (route: string) => Promise.reject(new Error(`unexpected request: ${route}`)),
};

interface Request {
  route: string;
  parameters: Record<string, unknown>;
}
/** An installation's client that answers each request from `answer`, recording it. */
function octokitAnswering(answer: (r: Request) => unknown): { requests: Request[]; request: unknown } {
  const requests: Request[] = [];
  return {
    requests,
    request: async (route: string, parameters: Record<string, unknown>) => {
      requests.push({ route, parameters });
      return { data: await answer({ route, parameters }) };
    },
  };
}

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const repository = {
  name: 'service',
  full_name: 'acme/service',
  owner: { login: 'acme' },
  default_branch: 'main',
  private: false,
  visibility: 'public',
};
const installation = { id: 42 };

function setUp(settings: Partial<AppSettings> = {}) {
  const app = new FakeApp();
  const jobs: { job: AuditJob; bulk: boolean | undefined }[] = [];
  const calls: unknown[][] = [];
  const recorder: AuditRecorder = {
    record: async () => undefined,
    updateRepository: async (change) => void calls.push(['updateRepository', change]),
    delist: async (target) => void calls.push(['delist', target]),
    relist: async (id) => void calls.push(['relist', id]),
    rename: async (from, to) => void calls.push(['rename', from, to]),
    close: async () => undefined,
  };
  const receive = registerHandlers(
    app as unknown as Probot,
    { recorder, ...settings } as AppSettings,
    async (job, bulk) => void jobs.push({ job, bulk }),
  );
  return { app, jobs, calls, receive };
}

describe('registerHandlers: which events make which jobs', () => {
  it('a push to the default branch: its commit, the branch, not adopting', async () => {
    const { app, jobs } = setUp();
    await app.receive('d1', 'push', {
      ref: 'refs/heads/main',
      after: HEAD,
      deleted: false,
      repository,
      installation,
    });
    expect(jobs).toEqual([
      {
        job: {
          installationId: 42,
          owner: 'acme',
          repo: 'service',
          sha: HEAD,
          ref: 'main',
          trigger: 'push',
          repository,
          adoptExisting: false,
        },
        bulk: undefined,
      },
    ]);
  });

  it('a push to another branch, a deleted branch, or a tag makes no job', async () => {
    const { app, jobs } = setUp();
    await app.receive('d1', 'push', { ref: 'refs/heads/feature', after: HEAD, repository, installation });
    await app.receive('d2', 'push', {
      ref: 'refs/heads/main',
      after: '0'.repeat(40),
      deleted: true,
      repository,
      installation,
    });
    await app.receive('d3', 'push', { ref: 'refs/tags/main', after: HEAD, repository, installation });
    expect(jobs).toEqual([]);
  });

  it.each([
    ['opened', false],
    ['synchronize', false],
    ['reopened', true],
  ])(
    'pull_request.%s: the head, its branch and the comparison with the base',
    async (action, adoptExisting) => {
      const { app, jobs } = setUp();
      const pull_request = {
        number: 7,
        state: 'open',
        head: { sha: HEAD, ref: 'feature' },
        base: { sha: BASE },
      };
      await app.receive('d1', 'pull_request', { action, pull_request, repository, installation });
      expect(jobs.map((j) => j.job)).toEqual([
        {
          installationId: 42,
          owner: 'acme',
          repo: 'service',
          sha: HEAD,
          ref: 'feature',
          trigger: 'pull_request',
          pullRequest: { number: 7, baseSha: BASE },
          repository,
          adoptExisting,
        },
      ]);
    },
  );

  it('pull_request.closed and other actions make no job', async () => {
    const { app, jobs } = setUp();
    const pull_request = {
      number: 7,
      state: 'closed',
      head: { sha: HEAD, ref: 'feature' },
      base: { sha: BASE },
    };
    for (const action of ['closed', 'labeled', 'assigned'])
      await app.receive(`d-${action}`, 'pull_request', { action, pull_request, repository, installation });
    expect(jobs).toEqual([]);
  });

  it('pull_request.edited: a job only when an open pull request moved onto another base', async () => {
    const { app, jobs } = setUp();
    const pull_request = {
      number: 7,
      state: 'open',
      head: { sha: HEAD, ref: 'feature' },
      base: { sha: BASE },
    };
    await app.receive('d1', 'pull_request', {
      action: 'edited',
      changes: { title: { from: 'x' } },
      pull_request,
      repository,
      installation,
    });
    await app.receive('d2', 'pull_request', { action: 'edited', pull_request, repository, installation });
    await app.receive('d3', 'pull_request', {
      action: 'edited',
      changes: { base: { ref: { from: 'develop' } } },
      pull_request: { ...pull_request, state: 'closed' },
      repository,
      installation,
    });
    expect(jobs).toEqual([]);
    await app.receive('d4', 'pull_request', {
      action: 'edited',
      changes: { base: { ref: { from: 'develop' } } },
      pull_request,
      repository,
      installation,
    });
    expect(jobs.map((j) => j.job)).toEqual([
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        ref: 'feature',
        trigger: 'pull_request',
        pullRequest: { number: 7, baseSha: BASE },
        repository,
        adoptExisting: true,
      },
    ]);
  });

  it.each([
    ['requested', false],
    ['rerequested', true],
  ])(
    'check_suite.%s with its pull request: compared with that pull request’s base',
    async (action, adoptExisting) => {
      const { app, jobs } = setUp();
      const check_suite = {
        head_sha: HEAD,
        head_branch: 'feature',
        pull_requests: [
          { number: 7, base: { sha: BASE } },
          { number: 8, base: { sha: 'c'.repeat(40) } },
        ],
      };
      await app.receive('d1', 'check_suite', { action, check_suite, repository, installation });
      expect(jobs.map((j) => j.job)).toEqual([
        {
          installationId: 42,
          owner: 'acme',
          repo: 'service',
          sha: HEAD,
          ref: 'feature',
          trigger: 'pull_request',
          pullRequest: { number: 7, baseSha: BASE },
          repository,
          adoptExisting,
        },
      ]);
    },
  );

  it('check_suite.completed makes no job', async () => {
    const { app, jobs } = setUp();
    const check_suite = { head_sha: HEAD, head_branch: 'main', pull_requests: [] };
    await app.receive('d1', 'check_suite', { action: 'completed', check_suite, repository, installation });
    expect(jobs).toEqual([]);
  });

  it('a check suite on the default branch is a push, and nothing is looked up', async () => {
    const { app, jobs } = setUp();
    const check_suite = { head_sha: HEAD, head_branch: 'main', pull_requests: [] };
    await app.receive('d1', 'check_suite', { action: 'requested', check_suite, repository, installation });
    expect(jobs.map((j) => j.job)).toEqual([
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        ref: 'main',
        trigger: 'push',
        repository,
        adoptExisting: false,
      },
    ]);
  });

  it('a check suite of a fork’s pull request (no pull_requests) looks up the open pull request whose head is the commit', async () => {
    const { app, jobs } = setUp();
    const octokit = octokitAnswering(() => [
      { number: 3, state: 'closed', head: { sha: HEAD }, base: { sha: 'c'.repeat(40) } },
      { number: 4, state: 'open', head: { sha: 'd'.repeat(40) }, base: { sha: 'c'.repeat(40) } },
      { number: 5, state: 'open', head: { sha: HEAD }, base: { sha: BASE } },
    ]);
    const check_suite = { head_sha: HEAD, head_branch: 'feature', pull_requests: [] };
    await app.receive(
      'd1',
      'check_suite',
      { action: 'rerequested', check_suite, repository, installation },
      octokit,
    );
    expect(octokit.requests).toEqual([
      {
        route: 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
        parameters: { owner: 'acme', repo: 'service', commit_sha: HEAD, per_page: 100 },
      },
    ]);
    expect(jobs.map((j) => j.job)).toEqual([
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        ref: 'feature',
        trigger: 'pull_request',
        pullRequest: { number: 5, baseSha: BASE },
        repository,
        adoptExisting: true,
      },
    ]);
  });

  it('a check suite without a branch (a fork’s head) is looked up too, and without an open pull request is a push', async () => {
    const { app, jobs } = setUp();
    const octokit = octokitAnswering(() => [
      { number: 3, state: 'closed', head: { sha: HEAD }, base: { sha: BASE } },
    ]);
    const check_suite = { head_sha: HEAD, head_branch: null, pull_requests: [] };
    await app.receive(
      'd1',
      'check_suite',
      { action: 'requested', check_suite, repository, installation },
      octokit,
    );
    expect(octokit.requests).toHaveLength(1);
    expect(jobs.map((j) => j.job)).toEqual([
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        trigger: 'push',
        repository,
        adoptExisting: false,
      },
    ]);
  });

  it('a failed look-up is logged and the commit is audited without a comparison', async () => {
    const { app, jobs } = setUp();
    const octokit = octokitAnswering(() =>
      Promise.reject(Object.assign(new Error('Server Error'), { status: 502 })),
    );
    const check_suite = { head_sha: HEAD, head_branch: 'feature', pull_requests: [] };
    await app.receive(
      'd1',
      'check_suite',
      { action: 'requested', check_suite, repository, installation },
      octokit,
    );
    expect(jobs.map((j) => j.job)).toMatchObject([{ trigger: 'push', ref: 'feature', sha: HEAD }]);
    expect(jobs[0]!.job).not.toHaveProperty('pullRequest');
    expect(app.logged).toMatchObject([
      {
        level: 'warn',
        fields: { repo: 'acme/service' },
        message: 'could not look up the pull request of a check suite: audited without a comparison',
      },
    ]);
  });

  it('a payload without an owner is not looked up and makes no job', async () => {
    const { app, jobs } = setUp();
    const check_suite = { head_sha: HEAD, head_branch: 'feature', pull_requests: [] };
    const { owner: _owner, full_name: _full, ...anonymous } = repository;
    await app.receive('d1', 'check_suite', {
      action: 'requested',
      check_suite,
      repository: anonymous,
      installation,
    });
    expect(jobs).toEqual([]);
    expect(app.logged).toEqual([]);
  });

  it('check_run.rerequested: a manual, adopting job, compared with its pull request', async () => {
    const { app, jobs } = setUp();
    const check_run = {
      head_sha: HEAD,
      check_suite: { head_branch: 'feature' },
      pull_requests: [{ number: 7, base: { sha: BASE } }],
    };
    await app.receive('d1', 'check_run', { action: 'rerequested', check_run, repository, installation });
    await app.receive('d2', 'check_run', { action: 'created', check_run, repository, installation });
    expect(jobs.map((j) => j.job)).toEqual([
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        ref: 'feature',
        trigger: 'manual',
        pullRequest: { number: 7, baseSha: BASE },
        repository,
        adoptExisting: true,
      },
    ]);
  });

  it('check_run.rerequested of a fork’s pull request looks it up; on the default branch it does not', async () => {
    const { app, jobs } = setUp();
    const octokit = octokitAnswering(() => [
      { number: 5, state: 'open', head: { sha: HEAD }, base: { sha: BASE } },
    ]);
    const check_run = { head_sha: HEAD, check_suite: { head_branch: 'feature' }, pull_requests: [] };
    await app.receive(
      'd1',
      'check_run',
      { action: 'rerequested', check_run, repository, installation },
      octokit,
    );
    const onMain = { head_sha: HEAD, check_suite: { head_branch: 'main' }, pull_requests: [] };
    await app.receive('d2', 'check_run', {
      action: 'rerequested',
      check_run: onMain,
      repository,
      installation,
    });
    const noSuite = { head_sha: HEAD, pull_requests: [] };
    await app.receive(
      'd3',
      'check_run',
      { action: 'rerequested', check_run: noSuite, repository, installation },
      octokitAnswering(() => []),
    );
    expect(octokit.requests).toHaveLength(1);
    expect(jobs.map((j) => j.job)).toEqual([
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        ref: 'feature',
        trigger: 'manual',
        pullRequest: { number: 5, baseSha: BASE },
        repository,
        adoptExisting: true,
      },
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        ref: 'main',
        trigger: 'manual',
        repository,
        adoptExisting: true,
      },
      {
        installationId: 42,
        owner: 'acme',
        repo: 'service',
        sha: HEAD,
        trigger: 'manual',
        repository,
        adoptExisting: true,
      },
    ]);
  });

  it('installation.created and installation_repositories.added: a bulk job per repository, by its full name', async () => {
    const { app, jobs } = setUp();
    await app.receive('d1', 'installation', {
      action: 'created',
      installation,
      repositories: [{ full_name: 'acme/one' }, { full_name: 'malformed' }, { full_name: 'acme/two' }],
    });
    await app.receive('d2', 'installation', { action: 'created', installation: { id: 43 } });
    await app.receive('d3', 'installation_repositories', {
      action: 'added',
      installation,
      repositories_added: [{ full_name: 'acme/three' }],
    });
    await app.receive('d4', 'installation_repositories', {
      action: 'removed',
      installation,
      repositories_removed: [],
      repositories_added: [{ full_name: 'acme/four' }],
    });
    const bulk = (repo: string) => ({
      job: { installationId: 42, owner: 'acme', repo, trigger: 'installation', adoptExisting: true },
      bulk: true,
    });
    expect(jobs).toEqual([bulk('one'), bulk('two'), bulk('three')]);
  });
});

describe('registerHandlers: the store follows the repository', () => {
  it('made private: stored at once, without asking GitHub', async () => {
    const { app, calls } = setUp();
    const made = {
      ...repository,
      private: true,
      visibility: 'private',
      archived: false,
      updated_at: '2026-11-23T10:00:00Z',
    };
    await app.receive('d1', 'repository', { action: 'privatized', repository: made, installation });
    expect(calls).toEqual([
      [
        'updateRepository',
        {
          owner: 'acme',
          name: 'service',
          visibility: 'private',
          archived: false,
          defaultBranch: 'main',
          installationId: 42,
          changedAt: '2026-11-23T10:00:00Z',
        },
      ],
    ]);
  });

  it('made public: what GitHub says now is stored, not what the payload said', async () => {
    const { app, calls } = setUp();
    const octokit = octokitAnswering(() => ({
      ...repository,
      private: true,
      visibility: 'private',
      archived: true,
      default_branch: 'trunk',
      updated_at: '2026-11-23T11:00:00Z',
    }));
    await app.receive('d1', 'repository', { action: 'publicized', repository, installation }, octokit);
    expect(octokit.requests).toEqual([
      { route: 'GET /repos/{owner}/{repo}', parameters: { owner: 'acme', repo: 'service' } },
    ]);
    expect(calls).toEqual([
      [
        'updateRepository',
        {
          owner: 'acme',
          name: 'service',
          visibility: 'private',
          archived: true,
          defaultBranch: 'trunk',
          installationId: 42,
          changedAt: '2026-11-23T11:00:00Z',
        },
      ],
    ]);
  });

  it('archived and unarchived are stored; a payload without a default branch or time stores neither', async () => {
    const { app, calls } = setUp();
    const { default_branch: _branch, ...bare } = repository;
    const archived = { ...bare, private: true, visibility: 'private', archived: true };
    await app.receive('d1', 'repository', { action: 'archived', repository: archived, installation });
    await app.receive('d2', 'repository', {
      action: 'unarchived',
      repository: { ...archived, archived: 'yes' },
      installation,
    });
    await app.receive('d3', 'repository', { action: 'edited', repository: archived, installation });
    expect(calls).toEqual([
      [
        'updateRepository',
        { owner: 'acme', name: 'service', visibility: 'private', archived: true, installationId: 42 },
      ],
      [
        'updateRepository',
        { owner: 'acme', name: 'service', visibility: 'private', archived: false, installationId: 42 },
      ],
    ]);
  });

  it('when GitHub cannot confirm the repository is public, nothing is stored and it is logged', async () => {
    const { app, calls } = setUp();
    const octokit = octokitAnswering(() =>
      Promise.reject(Object.assign(new Error('Not Found'), { status: 404 })),
    );
    await app.receive('d1', 'repository', { action: 'publicized', repository, installation }, octokit);
    expect(calls).toEqual([]);
    expect(app.logged).toMatchObject([
      {
        level: 'warn',
        fields: { repo: 'acme/service' },
        message: 'could not confirm the repository is public: not published',
      },
    ]);
  });

  it('without a store, or an installation, visibility events do nothing', async () => {
    const { app, calls } = setUp();
    await app.receive('d1', 'repository', { action: 'privatized', repository });
    expect(calls).toEqual([]);
    const bare = setUp({ recorder: undefined });
    await expect(
      bare.app.receive('d1', 'repository', { action: 'privatized', repository, installation }),
    ).resolves.toBeUndefined();
    await expect(
      bare.app.receive('d2', 'installation', { action: 'deleted', installation }),
    ).resolves.toBeUndefined();
  });

  it('uninstalled, suspended, unsuspended, removed and deleted: delisted or listed again', async () => {
    const { app, calls } = setUp();
    await app.receive('d1', 'installation', { action: 'deleted', installation });
    await app.receive('d2', 'installation', { action: 'suspend', installation: { id: 43 } });
    await app.receive('d3', 'installation', { action: 'unsuspend', installation: { id: 44 } });
    await app.receive('d4', 'installation_repositories', {
      action: 'removed',
      installation,
      repositories_removed: [{ full_name: 'acme/one' }, { full_name: 'bad' }, { full_name: 'acme/two' }],
    });
    await app.receive('d5', 'repository', { action: 'deleted', repository, installation });
    expect(calls).toEqual([
      ['delist', { installationId: 42 }],
      ['delist', { installationId: 43 }],
      ['relist', 44],
      ['delist', { owner: 'acme', name: 'one' }],
      ['delist', { owner: 'acme', name: 'two' }],
      ['delist', { owner: 'acme', name: 'service' }],
    ]);
  });

  it('renamed and transferred: the history moves; a transfer from nobody named is ignored', async () => {
    const { app, calls } = setUp();
    await app.receive('d1', 'repository', {
      action: 'renamed',
      changes: { repository: { name: { from: 'old' } } },
      repository,
      installation,
    });
    await app.receive('d2', 'repository', {
      action: 'transferred',
      changes: { owner: { from: { organization: { login: 'org' }, user: { login: 'u' } } } },
      repository,
      installation,
    });
    await app.receive('d3', 'repository', {
      action: 'transferred',
      changes: { owner: { from: { user: { login: 'someone' } } } },
      repository,
      installation,
    });
    await app.receive('d4', 'repository', {
      action: 'transferred',
      changes: { owner: { from: {} } },
      repository,
      installation,
    });
    expect(calls).toEqual([
      ['rename', { owner: 'acme', name: 'old' }, { owner: 'acme', name: 'service' }],
      ['rename', { owner: 'org', name: 'service' }, { owner: 'acme', name: 'service' }],
      ['rename', { owner: 'someone', name: 'service' }, { owner: 'acme', name: 'service' }],
    ]);
  });
});

describe('registerHandlers: redeliveries', () => {
  const push = { ref: 'refs/heads/main', after: HEAD, repository, installation };

  it('a delivery id seen before does nothing, and says so', async () => {
    const { app, jobs } = setUp();
    await app.receive('same', 'push', push);
    await app.receive('same', 'push', push);
    await app.receive('other', 'push', push);
    expect(jobs).toHaveLength(2);
    expect(app.logged).toEqual([
      { level: 'info', fields: { delivery: 'same' }, message: 'webhook delivered again: ignored' },
    ]);
  });

  it('a delivery whose handler failed is acted on when it is delivered again', async () => {
    const app = new FakeApp();
    let fail = true;
    const jobs: AuditJob[] = [];
    registerHandlers(app as unknown as Probot, {} as AppSettings, async (job) => {
      if (fail) throw new Error('the queue is unreachable');
      jobs.push(job);
    });
    await expect(app.receive('d1', 'push', push)).rejects.toThrow('the queue is unreachable');
    fail = false;
    await app.receive('d1', 'push', push);
    expect(jobs).toHaveLength(1);
  });
});

describe('DeliveryLog', () => {
  it('remembers ids up to its capacity, forgetting the oldest first', () => {
    const log = new DeliveryLog(2);
    expect(log.repeated('a')).toBe(false);
    expect(log.repeated('b')).toBe(false);
    expect(log.repeated('a')).toBe(true);
    expect(log.repeated('c')).toBe(false);
    // 'a' was the oldest: forgotten when 'c' made three.
    expect(log.repeated('a')).toBe(false);
    expect(log.repeated('c')).toBe(true);
  });

  it('an absent id is never a repeat, and forget lets an id through again', () => {
    const log = new DeliveryLog();
    expect(log.repeated(undefined)).toBe(false);
    expect(log.repeated(undefined)).toBe(false);
    expect(log.repeated('')).toBe(false);
    expect(log.repeated('')).toBe(false);
    log.repeated('x');
    log.forget('x');
    log.forget(undefined);
    expect(log.repeated('x')).toBe(false);
  });
});

describe('registerHandlers: deliveries taken without Probot', () => {
  const pull_request = { number: 7, state: 'open', head: { sha: HEAD, ref: 'feature' }, base: { sha: BASE } };
  const pullRequestJob = (adoptExisting: boolean): AuditJob => ({
    installationId: 42,
    owner: 'acme',
    repo: 'service',
    sha: HEAD,
    ref: 'feature',
    trigger: 'pull_request',
    pullRequest: { number: 7, baseSha: BASE },
    repository: repository as AuditJob['repository'],
    adoptExisting,
  });
  const pushJob: AuditJob = {
    installationId: 42,
    owner: 'acme',
    repo: 'service',
    sha: HEAD,
    ref: 'main',
    trigger: 'push',
    repository: repository as AuditJob['repository'],
    adoptExisting: false,
  };
  const changes = { base: { ref: { from: 'develop' } } };

  it.each<[string, string, Record<string, unknown>, boolean, AuditJob[]]>([
    ['a push to the default branch', 'push', { ref: 'refs/heads/main', after: HEAD }, true, [pushJob]],
    ['a push to another branch', 'push', { ref: 'refs/heads/feature', after: HEAD }, true, []],
    [
      'pull_request.opened',
      'pull_request',
      { action: 'opened', pull_request },
      true,
      [pullRequestJob(false)],
    ],
    [
      'pull_request.synchronize',
      'pull_request',
      { action: 'synchronize', pull_request },
      true,
      [pullRequestJob(false)],
    ],
    [
      'pull_request.reopened',
      'pull_request',
      { action: 'reopened', pull_request },
      true,
      [pullRequestJob(true)],
    ],
    [
      'pull_request.edited onto another base',
      'pull_request',
      { action: 'edited', changes, pull_request },
      true,
      [pullRequestJob(true)],
    ],
    ['pull_request.edited, its title', 'pull_request', { action: 'edited', pull_request }, true, []],
    ['pull_request.closed', 'pull_request', { action: 'closed', pull_request }, false, []],
    ['pull_request without an action', 'pull_request', { pull_request }, false, []],
    ['an event named like an action', 'opened', { action: 'opened', pull_request }, false, []],
    [
      'check_suite.requested (it needs a client)',
      'check_suite',
      { action: 'requested', check_suite: { head_sha: HEAD, head_branch: 'main', pull_requests: [] } },
      false,
      [],
    ],
  ])('%s: taken %s', async (_what, event, fields, taken, expected) => {
    const { receive, jobs, app } = setUp();
    const payload = { ...fields, repository, installation };
    await expect(receive({ id: 'd1', event, payload })).resolves.toBe(taken);
    expect(jobs).toEqual(expected.map((job) => ({ job, bulk: undefined })));
    expect(app.logged).toEqual([]);
  });

  it('a redelivery of one is ignored and said so; one already seen by Probot counts too', async () => {
    const { receive, jobs, app } = setUp();
    const payload = { ref: 'refs/heads/main', after: HEAD, repository, installation };
    await expect(receive({ id: 'same', event: 'push', payload })).resolves.toBe(true);
    await expect(receive({ id: 'same', event: 'push', payload })).resolves.toBe(true);
    await app.receive('other', 'push', payload);
    await expect(receive({ id: 'other', event: 'push', payload })).resolves.toBe(true);
    expect(jobs).toEqual([
      { job: pushJob, bulk: undefined },
      { job: pushJob, bulk: undefined },
    ]);
    expect(app.logged).toEqual([
      { level: 'info', fields: { delivery: 'same' }, message: 'webhook delivered again: ignored' },
      { level: 'info', fields: { delivery: 'other' }, message: 'webhook delivered again: ignored' },
    ]);
  });

  it('one whose enqueue failed fails, and is acted on when delivered again', async () => {
    const app = new FakeApp();
    let fail = true;
    const jobs: AuditJob[] = [];
    const receive = registerHandlers(app as unknown as Probot, {} as AppSettings, async (job) => {
      if (fail) throw new Error('the queue is unreachable');
      jobs.push(job);
    });
    const payload = { ref: 'refs/heads/main', after: HEAD, repository, installation };
    await expect(receive({ id: 'd1', event: 'push', payload })).rejects.toThrow('the queue is unreachable');
    fail = false;
    await expect(receive({ id: 'd1', event: 'push', payload })).resolves.toBe(true);
    expect(jobs).toEqual([pushJob]);
    expect(app.logged).toEqual([]);
  });
});

describe('registerHandlers: without a store', () => {
  const bare = { ...repository, private: true, visibility: 'private' };
  it.each<[string, string, Record<string, unknown>]>([
    ['repository.privatized', 'repository', { action: 'privatized', repository: bare }],
    ['installation.deleted', 'installation', { action: 'deleted' }],
    ['installation.suspend', 'installation', { action: 'suspend' }],
    ['installation.unsuspend', 'installation', { action: 'unsuspend' }],
    [
      'installation_repositories.removed',
      'installation_repositories',
      { action: 'removed', repositories_removed: [{ full_name: 'acme/one' }], repositories_added: [] },
    ],
    ['repository.deleted', 'repository', { action: 'deleted', repository }],
    [
      'repository.renamed',
      'repository',
      { action: 'renamed', changes: { repository: { name: { from: 'old' } } }, repository },
    ],
    [
      'repository.transferred',
      'repository',
      { action: 'transferred', changes: { owner: { from: { user: { login: 'u' } } } }, repository },
    ],
  ])('%s resolves and does nothing', async (_what, name, fields) => {
    const { app, jobs } = setUp({ recorder: undefined });
    await expect(app.receive('d1', name, { ...fields, installation })).resolves.toBeUndefined();
    expect(jobs).toEqual([]);
    expect(app.logged).toEqual([]);
  });
});

describe('registerHandlers: what is logged', () => {
  const failure = () =>
    Object.assign(new Error('Server Error'), {
      status: 502,
      response: { headers: { 'x-github-request-id': 'ABCD:1234' } },
    });

  it('a failed pull request look-up: the repository, the error and its request id', async () => {
    const { app } = setUp();
    const error = failure();
    const octokit = octokitAnswering(() => Promise.reject(error));
    const check_suite = { head_sha: HEAD, head_branch: 'feature', pull_requests: [] };
    await app.receive(
      'd1',
      'check_suite',
      { action: 'requested', check_suite, repository, installation },
      octokit,
    );
    expect(app.logged).toEqual([
      {
        level: 'warn',
        fields: { repo: 'acme/service', err: error, requestId: 'ABCD:1234' },
        message: 'could not look up the pull request of a check suite: audited without a comparison',
      },
    ]);
    expect(app.logged[0]!.fields.err).toBe(error);
  });

  it('a public repository GitHub cannot confirm: the repository, the error and its request id', async () => {
    const { app } = setUp();
    const error = failure();
    const octokit = octokitAnswering(() => Promise.reject(error));
    await app.receive('d1', 'repository', { action: 'publicized', repository, installation }, octokit);
    expect(app.logged).toEqual([
      {
        level: 'warn',
        fields: { repo: 'acme/service', err: error, requestId: 'ABCD:1234' },
        message: 'could not confirm the repository is public: not published',
      },
    ]);
    expect(app.logged[0]!.fields.err).toBe(error);
  });
});

describe('reauditAll', () => {
  interface Paginated {
    auth: number | undefined;
    route: string;
    parameters: Record<string, unknown>;
  }
  /** An App whose installations and their repositories are `lists`; an installation of `failing` fails. */
  function fakeApp(
    installations: { id: number; suspended_at?: string | null }[],
    repositories: Record<number, { full_name: string; archived?: boolean }[]>,
    failing: Record<number, Error> = {},
  ) {
    const paginated: Paginated[] = [];
    const logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const app = {
      auth: async (id?: number) => ({
        paginate: async (route: string, parameters: Record<string, unknown>) => {
          paginated.push({ auth: id, route, parameters });
          if (id === undefined) return installations;
          const error = failing[id];
          if (error) throw error;
          return repositories[id] ?? [];
        },
      }),
      log: {
        error: (fields: Record<string, unknown>, message: string) =>
          logged.push({ level: 'error', fields, message }),
      },
    };
    return { app: app as unknown as Pick<Probot, 'auth' | 'log'>, paginated, logged };
  }

  it('every live repository of every active installation, as bulk schedule jobs; the count returned', async () => {
    const { app, paginated, logged } = fakeApp(
      [{ id: 1 }, { id: 2, suspended_at: '2026-11-01T00:00:00Z' }, { id: 3, suspended_at: null }],
      {
        1: [
          { full_name: 'acme/one' },
          { full_name: 'acme/old', archived: true },
          { full_name: 'acme/two', archived: false },
        ],
        2: [{ full_name: 'suspended/repo' }],
        3: [{ full_name: 'other/three' }],
      },
    );
    const jobs: { job: AuditJob; bulk: boolean | undefined }[] = [];
    await expect(reauditAll(app, async (job, bulk) => void jobs.push({ job, bulk }))).resolves.toBe(3);
    expect(paginated).toEqual([
      { auth: undefined, route: 'GET /app/installations', parameters: { per_page: 100 } },
      { auth: 1, route: 'GET /installation/repositories', parameters: { per_page: 100 } },
      { auth: 3, route: 'GET /installation/repositories', parameters: { per_page: 100 } },
    ]);
    const job = (installationId: number, owner: string, repo: string) => ({
      job: { installationId, owner, repo, trigger: 'schedule', adoptExisting: true },
      bulk: true,
    });
    expect(jobs).toEqual([job(1, 'acme', 'one'), job(1, 'acme', 'two'), job(3, 'other', 'three')]);
    expect(logged).toEqual([]);
  });

  it('an installation whose repositories cannot be listed is logged and skipped; the others still run', async () => {
    const error = Object.assign(new Error('Forbidden'), {
      status: 403,
      response: { headers: { 'x-github-request-id': 'EF01:5678' } },
    });
    const { app, logged } = fakeApp([{ id: 1 }, { id: 2 }], { 2: [{ full_name: 'acme/two' }] }, { 1: error });
    const jobs: AuditJob[] = [];
    await expect(reauditAll(app, async (job) => void jobs.push(job))).resolves.toBe(1);
    expect(jobs).toEqual([
      { installationId: 2, owner: 'acme', repo: 'two', trigger: 'schedule', adoptExisting: true },
    ]);
    expect(logged).toEqual([
      {
        level: 'error',
        fields: { err: error, installationId: 1, requestId: 'EF01:5678' },
        message: 'listing repositories for the scheduled re-audit failed',
      },
    ]);
  });

  it('no installations: nothing enqueued, 0', async () => {
    const { app } = fakeApp([], {});
    await expect(reauditAll(app, async () => Promise.reject(new Error('unexpected')))).resolves.toBe(0);
  });
});
