import examples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { AppHandle } from '../../src/app/index.js';
import { createAuditRecorder } from '../../src/app/store-integration.js';
import { toVisibility } from '../../src/app/worker.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { openStore, type AuditStore } from '../../src/store/index.js';
import { holdToContract } from '../support/contract.js';
import { APP_ID, BASE_SHA, HEAD_SHA, INSTALLATION_ID, callLines, webhook } from './support.js';
import { files, loadApp, loopbackOnly, stopAppOnFake, webhookDeliverer } from './load-app.js';

/**
 * What GitHub does that a hand-written double hid: appended annotations, redelivered webhooks,
 * check suites for every branch, payloads whose `private` and `visibility` disagree, and
 * repositories that leave an installation. Each test fails on an App that ignores it.
 */

const CHECKS = [licenceFile, readme];
const REPO = '/repos/acme-gov/payments-api';
const NAMES = ['TCoP 3 · Open source', 'TCoP 4 · Open standards', 'TCoP 6 · Secure', 'TCoP 12 · Sustainable'];
type Payload = Record<string, unknown> & { repository: Record<string, unknown> };

let fake: FakeGitHub;
let probot: Probot;
let handle: AppHandle;
let store: AuditStore;
holdToContract(() => fake);

loopbackOnly();

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  store = await openStore({ databaseUrl: 'sqlite::memory:' });
  await load();
});

/** A new App process on the same GitHub and store: nothing remembered in memory. */
async function restart(): Promise<void> {
  await handle.queue.close();
  fake.resetLog();
  await load();
}

async function load(): Promise<void> {
  ({ probot, handle } = await loadApp(fake, {
    checks: CHECKS,
    concurrency: 2,
    recorder: createAuditRecorder(store),
  }));
}

afterEach(async () => {
  vi.restoreAllMocks();
  await stopAppOnFake({ fake, handle });
});

const deliver = webhookDeliverer(() => ({ probot, handle }));

/** The repository with an invalid config: every run carries one annotation, on its line. */
function invalidConfigRepo(): void {
  const invalid = files({ '.github/tcop.yml': 'mode: enforce\nlevel: platinum\n' });
  fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: invalid, sha: BASE_SHA });
  fake.commit('acme-gov', 'payments-api', invalid, HEAD_SHA);
}
const readmeRepo = (): void => {
  fake.addRepo({
    owner: 'acme-gov',
    name: 'payments-api',
    files: files({ 'README.md': '# Payments\n' }),
    sha: BASE_SHA,
  });
  fake.commit('acme-gov', 'payments-api', files({ 'README.md': '# Payments\n' }), HEAD_SHA);
};
const runsOf = (sha: string) => fake.checkRunsFor('acme-gov', 'payments-api', sha);
const calls = (): string[] => callLines(fake.requests);
const PUBLIC = { publicOnly: true } as const;

describe('re-runs never duplicate annotations (GitHub appends them on every update)', () => {
  it('the Re-run button, a suite re-run and the daily re-audit post no annotation twice', async () => {
    invalidConfigRepo();
    await deliver('push', webhook('push'));
    await deliver('check_run', webhook('check_run.rerequested'));
    await deliver('check_suite', webhook('check_suite.rerequested'));
    await handle.reauditAll();
    await handle.queue.idle();
    const runs = runsOf(HEAD_SHA);
    expect(runs.map((r) => r.name)).toEqual(NAMES);
    for (const run of runs) {
      expect(run.status).toBe('completed');
      expect(fake.annotations(run.id).map((a) => `${a.path}:${a.start_line}`)).toEqual([
        '.github/tcop.yml:2',
      ]);
    }
  });

  it('runs made by an earlier process are read before writing, and not annotated again', async () => {
    invalidConfigRepo();
    await deliver('push', webhook('push'));
    await restart();
    await deliver('check_suite', webhook('check_suite.rerequested'));
    expect(calls()).toContain(`GET ${REPO}/check-runs/1/annotations?per_page=100&page=1`);
    const runs = runsOf(HEAD_SHA);
    expect(runs).toHaveLength(4);
    for (const run of runs) expect(fake.annotations(run.id)).toHaveLength(1);
  });

  it('a run carrying an annotation the audit no longer makes is replaced by a new run', async () => {
    invalidConfigRepo();
    const external = `tcop-audit:acme-gov/payments-api@${HEAD_SHA}`;
    fake.addCheckRun(
      'acme-gov',
      'payments-api',
      {
        name: NAMES[0],
        head_sha: HEAD_SHA,
        external_id: external,
        status: 'completed',
        conclusion: 'failure',
        output: {
          title: 't',
          summary: 's',
          annotations: [
            { path: 'old.txt', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'gone' },
          ],
        },
      },
      APP_ID,
    );
    await deliver('check_run', webhook('check_run.rerequested'));
    const [old, replacement, ...more] = runsOf(HEAD_SHA).filter((r) => r.name === NAMES[0]);
    expect(more).toEqual([]);
    expect(old?.id).toBe(1);
    expect(replacement?.status).toBe('completed');
    expect(fake.annotations(replacement?.id as number).map((a) => a.path)).toEqual(['.github/tcop.yml']);
    expect(runsOf(HEAD_SHA)).toHaveLength(5);
  });

  it('a redelivery of the same X-GitHub-Delivery does no second audit, even after a while', async () => {
    invalidConfigRepo();
    await deliver('check_run', webhook('check_run.rerequested'), 'redelivered-1');
    const first = calls().length;
    // Past the queue's window for repeated commits: only the delivery id tells it is a repeat.
    const later = Date.now() + 3_600_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    await deliver('check_run', webhook('check_run.rerequested'), 'redelivered-1');
    expect(calls()).toHaveLength(first);
    // A new delivery of the same event (a second press of Re-run) is audited.
    await deliver('check_run', webhook('check_run.rerequested'), 'redelivered-2');
    expect(calls().length).toBeGreaterThan(first);
    for (const run of runsOf(HEAD_SHA)) expect(fake.annotations(run.id)).toHaveLength(1);
  });
});

describe('only default-branch audits reach badges and the dashboard', () => {
  const suiteFor = (branch: string): Payload => {
    const suite = webhook<Payload & { check_suite: Record<string, unknown> }>('check_suite.requested');
    return { ...suite, check_suite: { ...suite.check_suite, head_branch: branch, pull_requests: [] } };
  };

  it('a check suite for another branch gets its check runs but is not stored as the repository’s result', async () => {
    readmeRepo();
    await deliver('check_suite', suiteFor('feature/new-forms'));
    expect(runsOf(HEAD_SHA).every((r) => r.status === 'completed')).toBe(true);
    expect(await store.getRepository('acme-gov', 'payments-api', PUBLIC)).toBeUndefined();
  });

  it('a pull request’s head is not stored as the repository’s result', async () => {
    readmeRepo();
    await deliver('pull_request', webhook('pull_request.opened'));
    expect(runsOf(HEAD_SHA)).toHaveLength(4);
    expect(await store.getRepository('acme-gov', 'payments-api', PUBLIC)).toBeUndefined();
  });

  it('a push to the default branch is stored with its branch, and its check suite audits it once', async () => {
    readmeRepo();
    await deliver('push', webhook('push'));
    await deliver('check_suite', suiteFor('main'));
    expect(calls().filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toHaveLength(1);
    expect(runsOf(HEAD_SHA)).toHaveLength(4);
    const audit = await store.latestAudit('acme-gov', 'payments-api', PUBLIC);
    expect(audit).toMatchObject({ commit: HEAD_SHA, ref: 'main', trigger: 'push' });
    expect((await store.history('acme-gov', 'payments-api', { limit: 10, ...PUBLIC })).length).toBe(1);
  });
});

type Example = { name: string; examples: (Record<string, unknown> & { action?: string })[] };
const example = (event: string, action: string): Payload =>
  structuredClone(
    (examples as Example[]).find((e) => e.name === event)?.examples.find((x) => x.action === action),
  ) as Payload;

describe('private wins over visibility', () => {
  it('the official repository.privatized example (private: true, visibility: "public") is private', () => {
    const privatized = example('repository', 'privatized');
    expect(privatized.repository).toMatchObject({ private: true, visibility: 'public' });
    expect(toVisibility(privatized.repository)).toBe('private');
    expect(toVisibility({ private: true, visibility: 'internal' })).toBe('internal');
    expect(toVisibility({ private: false, visibility: 'public' })).toBe('public');
  });

  it('a push whose payload says private: true and visibility: "public" is never on the dashboard', async () => {
    readmeRepo();
    const push = webhook<Payload>('push');
    await deliver('push', {
      ...push,
      repository: { ...push.repository, private: true, visibility: 'public' },
    });
    expect(await store.getRepository('acme-gov', 'payments-api', { publicOnly: false })).toMatchObject({
      visibility: 'private',
    });
    expect(await store.getRepository('acme-gov', 'payments-api', PUBLIC)).toBeUndefined();
  });

  it('the privatized event takes it off at once', async () => {
    readmeRepo();
    await deliver('push', webhook('push'));
    expect(await store.getRepository('acme-gov', 'payments-api', PUBLIC)).toBeDefined();
    const privatized = example('repository', 'privatized');
    await deliver('repository', {
      ...privatized,
      repository: {
        ...privatized.repository,
        name: 'payments-api',
        full_name: 'acme-gov/payments-api',
        owner: { ...(privatized.repository.owner as object), login: 'acme-gov' },
      },
      installation: { id: INSTALLATION_ID },
    });
    expect(await store.getRepository('acme-gov', 'payments-api', PUBLIC)).toBeUndefined();
  });
});

describe('repositories that leave the App leave the dashboard and badges at once', () => {
  const listed = async (owner = 'acme-gov', name = 'payments-api'): Promise<boolean> =>
    (await store.getRepository(owner, name, PUBLIC)) !== undefined;
  const audited = async (): Promise<void> => {
    readmeRepo();
    await deliver('push', webhook('push'));
    expect(await listed()).toBe(true);
  };
  const ours = (payload: Payload): Payload => ({
    ...payload,
    installation: { ...(payload.installation as object), id: INSTALLATION_ID },
  });
  const ourRepository = (payload: Payload, name = 'payments-api', owner = 'acme-gov'): Payload =>
    ours({
      ...payload,
      repository: {
        ...payload.repository,
        name,
        full_name: `${owner}/${name}`,
        owner: { ...(payload.repository.owner as object), login: owner },
      },
    });

  it('installation deleted', async () => {
    await audited();
    await deliver('installation', ours(example('installation', 'deleted')));
    expect(await listed()).toBe(false);
  });

  it('installation suspended, then unsuspended', async () => {
    await audited();
    await deliver('installation', ours(example('installation', 'suspend')));
    expect(await listed()).toBe(false);
    await deliver('installation', ours(example('installation', 'unsuspend')));
    expect(await listed()).toBe(true);
  });

  it('repository removed from the installation', async () => {
    await audited();
    const removed = ours(example('installation_repositories', 'removed'));
    await deliver('installation_repositories', {
      ...removed,
      repositories_removed: [
        { id: 1, node_id: 'x', name: 'payments-api', full_name: 'acme-gov/payments-api', private: false },
      ],
    });
    expect(await listed()).toBe(false);
  });

  it('repository deleted', async () => {
    await audited();
    // The examples have no `deleted` payload; it has the shape of `created`.
    await deliver('repository', ourRepository({ ...example('repository', 'created'), action: 'deleted' }));
    expect(await listed()).toBe(false);
  });

  it('repository renamed: the history moves to the new name', async () => {
    await audited();
    const renamed = ourRepository(example('repository', 'renamed'), 'payments-service');
    await deliver('repository', { ...renamed, changes: { repository: { name: { from: 'payments-api' } } } });
    expect(await listed()).toBe(false);
    expect(await listed('acme-gov', 'payments-service')).toBe(true);
  });

  it('repository transferred: the history moves to the new owner', async () => {
    await audited();
    const moved = ourRepository(example('repository', 'transferred'), 'payments-api', 'acme-digital');
    await deliver('repository', {
      ...moved,
      changes: { owner: { from: { organization: { login: 'acme-gov' } } } },
    });
    expect(await listed()).toBe(false);
    expect(await listed('acme-digital', 'payments-api')).toBe(true);
  });
});
