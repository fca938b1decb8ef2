import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { AppHandle } from '../../src/app/index.js';
import { FakeGitHub, type FakeGitHubOptions } from '../../src/devtools/fake-github.js';
import { holdToContract } from '../support/contract.js';
import { files, loadApp, loopbackOnly } from './load-app.js';
import { APP_ID, BASE_SHA, HEAD_SHA, callLines, expectCalls, webhook } from './support.js';

/** A fixed pair of checks keeps the requested files, and so the asserted calls, stable. */
const CHECKS = [licenceFile, readme];
const REPO = '/repos/acme-gov/payments-api';
const NAMES = ['TCoP 3 · Open source', 'TCoP 4 · Open standards', 'TCoP 6 · Secure', 'TCoP 12 · Sustainable'];

let fake: FakeGitHub;
let probot: Probot;
let handle: AppHandle;
holdToContract(() => fake);

loopbackOnly();

async function start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  fake = new FakeGitHub(options);
  await fake.start();
  // Two audits at a time: the queue's own ordering is part of what is asserted here.
  ({ probot, handle } = await loadApp(fake, { checks: CHECKS, concurrency: 2 }));
  return fake;
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await handle.close();
  await fake.stop();
});

/** The payments-api repository: the base commit, then the head commit (HEAD), as the payloads name them. */
function paymentsApi(head: Record<string, string>, base: Record<string, string> = head): void {
  fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: files(base), sha: BASE_SHA });
  fake.commit('acme-gov', 'payments-api', files(head), HEAD_SHA);
}
const bothReadme = (): void =>
  paymentsApi({ 'src/index.ts': 'export {};\n', 'README.md': '# Payments API\n' });

type Delivery = Parameters<Probot['receive']>[0];
async function deliver(name: string, event: string, payload: unknown = webhook(name)): Promise<void> {
  await probot.receive({ id: `delivery-${name}`, name: event, payload } as Delivery);
  await handle.queue.idle();
}

const calls = (): string[] => callLines(fake.requests);
const createRuns = NAMES.map((n) => `POST ${REPO}/check-runs ${n} in_progress`);
const completeRuns = (conclusions: string[], firstId = 1): string[] =>
  conclusions.map((c, i) => `PATCH ${REPO}/check-runs/${firstId + i} ${c}`);
const bodyOf = (method: string, id: number): Record<string, unknown> =>
  fake.requests.find((r) => r.method === method && r.path === `${REPO}/check-runs/${id}`)?.body as Record<
    string,
    unknown
  >;

describe('push to the default branch', () => {
  it('reads config, tree and blobs once each, then writes one run per criterion', async () => {
    bothReadme();
    await deliver('push', 'push');
    expectCalls(calls(), [
      'POST /app/installations/4500001/access_tokens',
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      ...createRuns,
      `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
      // Only files some check wants are read: src/index.ts is listed, never fetched.
      `GRAPHQL TcopBlobs acme-gov/payments-api@${HEAD_SHA} README.md`,
      ...completeRuns(['failure', 'neutral', 'neutral', 'neutral']),
    ]);
    const created = fake.requests.filter((r) => r.method === 'POST' && r.path === `${REPO}/check-runs`);
    expect(
      created.every((r) => {
        const b = r.body as { external_id: string; head_sha: string };
        return b.external_id === `tcop-audit:acme-gov/payments-api@${HEAD_SHA}` && b.head_sha === HEAD_SHA;
      }),
    ).toBe(true);
    const open = bodyOf('PATCH', 1) as { output: { title: string; summary: string } };
    expect(open.output.title).toMatch(/Required level \(Baseline\) not met/);
    expect(open.output.summary).toContain('| **Not met** | Baseline | enforce |');
    expect(open.output.summary).toContain(
      '[About this check](https://example.test/tcop-audit/docs/checks/licence-file.md)',
    );
    expect(open.output.summary).toContain('How to fix:');
  });

  it('ignores pushes to other branches and branch deletions', async () => {
    bothReadme();
    await deliver('push', 'push', { ...webhook<Record<string, unknown>>('push'), ref: 'refs/heads/feature' });
    await deliver('push', 'push', {
      ...webhook<Record<string, unknown>>('push'),
      deleted: true,
      after: '0'.repeat(40),
    });
    expect(calls()).toEqual([]);
  });

  it('merges the org config under the repository config, in one query', async () => {
    bothReadme();
    fake.addRepo({
      owner: 'acme-gov',
      name: '.github',
      files: files({ '.github/tcop.yml': 'mode: advisory\n' }),
    });
    await deliver('push', 'push');
    expect(calls().filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toHaveLength(1);
    const config = fake.requests.find((r) => r.graphqlOperation === 'TcopConfig')?.body as { query: string };
    expect(config.query).toMatch(
      /repo: repository\(owner: \$owner, name: \$name\)[\s\S]*org: repository\(owner: \$owner, name: "\.github"\)/,
    );
    // Advisory mode from the org: a failing criterion is neutral, not failure.
    expect(calls().slice(-4)).toEqual(completeRuns(['neutral', 'neutral', 'neutral', 'neutral']));
    const summary = (bodyOf('PATCH', 1) as { output: { summary: string } }).output.summary;
    expect(summary).toContain('`acme-gov/.github:.github/tcop.yml`');
  });
});

describe('pull requests', () => {
  // The PR deletes the README: it introduces the readme failure.
  const prRepo = (): void =>
    paymentsApi(
      { 'src/index.ts': 'export {};\n' },
      { 'src/index.ts': 'export {};\n', 'README.md': '# Payments API\n' },
    );

  for (const action of ['opened', 'synchronize'] as const) {
    it(`${action}: audits head and base and leads with what the PR introduces`, async () => {
      prRepo();
      await deliver(`pull_request.${action}`, 'pull_request');
      expectCalls(calls(), [
        'POST /app/installations/4500001/access_tokens',
        `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
        ...createRuns,
        `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
        // The head has no wanted file, so no blob query; then the base commit's audit.
        `GRAPHQL TcopConfig acme-gov/payments-api@${BASE_SHA}`,
        `GET ${REPO}/git/trees/${BASE_SHA}?recursive=1`,
        `GRAPHQL TcopBlobs acme-gov/payments-api@${BASE_SHA} README.md`,
        ...completeRuns(['failure', 'neutral', 'neutral', 'neutral']),
      ]);
      const summary = (bodyOf('PATCH', 1) as { output: { summary: string } }).output.summary;
      expect(summary).toMatch(
        /### This pull request\n\nCompared with the base commit `1a2b3c4`:\n\n\*\*Introduces 1 problem\*\*/,
      );
      expect(summary.indexOf('This pull request')).toBeLessThan(summary.indexOf('### Checks'));
    });
  }

  it('reopened: adopts the runs it already made instead of creating more', async () => {
    prRepo();
    const external = `tcop-audit:acme-gov/payments-api@${HEAD_SHA}`;
    for (const name of NAMES)
      fake.addCheckRun('acme-gov', 'payments-api', {
        name,
        head_sha: HEAD_SHA,
        external_id: external,
        status: 'in_progress',
      });
    await deliver('pull_request.reopened', 'pull_request');
    expect(calls().filter((c) => c.startsWith('POST') && c.includes('check-runs'))).toEqual([]);
    expect(calls()).toContain(
      `GET ${REPO}/commits/${HEAD_SHA}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
    );
    expect(calls().filter((c) => c.startsWith('PATCH'))).toEqual([
      ...[1, 2, 3, 4].map((id) => `PATCH ${REPO}/check-runs/${id} in_progress`),
      ...completeRuns(['failure', 'neutral', 'neutral', 'neutral'], 1),
    ]);
  });
});

describe('check suites and re-runs', () => {
  it('check_suite requested: audits the head commit', async () => {
    bothReadme();
    await deliver('check_suite.requested', 'check_suite');
    expectCalls(calls(), [
      'POST /app/installations/4500001/access_tokens',
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      ...createRuns,
      `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
      `GRAPHQL TcopBlobs acme-gov/payments-api@${HEAD_SHA} README.md`,
      ...completeRuns(['failure', 'neutral', 'neutral', 'neutral']),
    ]);
  });

  it('check_run rerequested (the Re-run button): re-audits and updates the same runs', async () => {
    bothReadme();
    const external = `tcop-audit:acme-gov/payments-api@${HEAD_SHA}`;
    for (const name of NAMES)
      fake.addCheckRun('acme-gov', 'payments-api', {
        name,
        head_sha: HEAD_SHA,
        external_id: external,
        status: 'in_progress',
      });
    await deliver('check_run.rerequested', 'check_run');
    expectCalls(calls(), [
      'POST /app/installations/4500001/access_tokens',
      `GET ${REPO}/commits/${HEAD_SHA}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      ...NAMES.map((_, i) => `PATCH ${REPO}/check-runs/${i + 1} in_progress`),
      `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
      `GRAPHQL TcopBlobs acme-gov/payments-api@${HEAD_SHA} README.md`,
      `GRAPHQL TcopConfig acme-gov/payments-api@${BASE_SHA}`,
      `GET ${REPO}/git/trees/${BASE_SHA}?recursive=1`,
      `GRAPHQL TcopBlobs acme-gov/payments-api@${BASE_SHA} README.md`,
      ...NAMES.map((_, i) => `PATCH ${REPO}/check-runs/${i + 1} ${i === 0 ? 'failure' : 'neutral'}`),
    ]);
  });

  it('check_suite rerequested: looks up its runs first', async () => {
    bothReadme();
    await deliver('check_suite.rerequested', 'check_suite');
    expect(calls()[1]).toBe(
      `GET ${REPO}/commits/${HEAD_SHA}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
    );
    expect(calls().filter((c) => c.startsWith(`POST ${REPO}/check-runs`))).toEqual(createRuns);
  });
});

describe('installations', () => {
  const threeRepos = (): void => {
    fake.addRepo({
      owner: 'acme-gov',
      name: 'payments-api',
      files: files({ 'README.md': '# Payments\n' }),
      sha: HEAD_SHA,
    });
    fake.addRepo({
      owner: 'acme-gov',
      name: 'design-notes',
      visibility: 'private',
      files: files({ 'notes.md': 'x\n' }),
      sha: BASE_SHA,
    });
    fake.addRepo({ owner: 'acme-gov', name: 'forms-frontend', files: files({ 'README.md': '# Forms\n' }) });
  };

  it('installation created: audits each repository once, one after another, with one token', async () => {
    threeRepos();
    await deliver('installation.created', 'installation');
    const perRepo = (name: string, sha: string, blobs: string): string[] => [
      `GRAPHQL TcopConfig acme-gov/${name}@HEAD`,
      `GET /repos/acme-gov/${name}/commits/${sha}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
      ...NAMES.map((n) => `POST /repos/acme-gov/${name}/check-runs ${n} in_progress`),
      `GET /repos/acme-gov/${name}/git/trees/${sha}?recursive=1`,
      ...(blobs ? [`GRAPHQL TcopBlobs acme-gov/${name}@${sha} ${blobs}`] : []),
    ];
    const all = calls();
    expect(all[0]).toBe('POST /app/installations/4500001/access_tokens');
    expect(all.filter((c) => c.includes('access_tokens'))).toHaveLength(1);
    const notes = all.indexOf(perRepo('design-notes', BASE_SHA, '')[0] as string);
    const of = (name: string): string[] => all.filter((c) => c.includes(`acme-gov/${name}`));
    expectCalls(of('payments-api'), [
      ...perRepo('payments-api', HEAD_SHA, 'README.md'),
      ...NAMES.map(
        (_, i) => `PATCH /repos/acme-gov/payments-api/check-runs/${i + 1} ${i === 0 ? 'failure' : 'neutral'}`,
      ),
    ]);
    expectCalls(of('design-notes'), [
      ...perRepo('design-notes', BASE_SHA, ''),
      ...NAMES.map(
        (_, i) => `PATCH /repos/acme-gov/design-notes/check-runs/${i + 5} ${i === 0 ? 'failure' : 'neutral'}`,
      ),
    ]);
    // Paced: the second repository starts after the first one's runs are complete.
    expect(notes).toBeGreaterThan(all.indexOf('PATCH /repos/acme-gov/payments-api/check-runs/4 neutral'));
  });

  it('the scheduled re-audit enqueues every live repository of every active installation', async () => {
    threeRepos();
    fake.updateRepo('acme-gov', 'forms-frontend', { archived: true });
    fake.addRepo({
      owner: 'gone',
      name: 'old',
      files: files({ 'README.md': '# Old\n' }),
      installationId: 4500002,
    });
    fake.setInstallation(4500002, { suspendedAt: '2026-01-01T00:00:00Z' });
    expect(await handle.reauditAll()).toBe(2);
    await handle.queue.idle();
    expect(calls().slice(0, 3)).toEqual([
      'GET /app/installations?per_page=100',
      'POST /app/installations/4500001/access_tokens',
      'GET /installation/repositories?per_page=100',
    ]);
    expect(calls().filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toEqual([
      'GRAPHQL TcopConfig acme-gov/payments-api@HEAD',
      'GRAPHQL TcopConfig acme-gov/design-notes@HEAD',
    ]);
  });

  it('installation_repositories added: audits the added repository', async () => {
    threeRepos();
    await deliver('installation_repositories.added', 'installation_repositories');
    expect(calls().filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toEqual([
      'GRAPHQL TcopConfig acme-gov/forms-frontend@HEAD',
    ]);
    expect(
      calls().filter((c) => c.startsWith('POST /repos/acme-gov/forms-frontend/check-runs')),
    ).toHaveLength(4);
  });
});

describe('failures surface in the check runs', () => {
  it('an invalid config asks for action and points at the line', async () => {
    paymentsApi({ 'src/index.ts': 'export {};\n', '.github/tcop.yml': 'mode: enforce\nlevel: platinum\n' });
    await deliver('push', 'push');
    expect(calls().slice(-4)).toEqual(
      completeRuns(['action_required', 'action_required', 'action_required', 'action_required']),
    );
    expect(calls().some((c) => c.includes('git/trees'))).toBe(false);
    const body = bodyOf('PATCH', 1) as {
      output: { title: string; annotations: { path: string; start_line: number }[] };
    };
    expect(body.output.title).toBe('Invalid configuration: .github/tcop.yml line 2');
    expect(body.output.annotations[0]).toMatchObject({ path: '.github/tcop.yml', start_line: 2 });
  });

  it('a GitHub error is reported with its request id, not a crash', async () => {
    bothReadme();
    fake.failNext({ method: 'GET', path: /\/git\/trees\//, status: 502, times: 1, message: 'Server Error' });
    await deliver('push', 'push');
    expect(calls().slice(-4)).toEqual(completeRuns(['failure', 'failure', 'failure', 'failure']));
    const body = bodyOf('PATCH', 1) as { output: { title: string; summary: string } };
    expect(body.output.title).toBe('Audit error');
    expect(body.output.summary).toMatch(/GitHub request id: `FAKE:\d+`/);
  });
});

describe('GitHub Enterprise Server (GITHUB_API_URL)', () => {
  it('sends every request, installation tokens included, to that host and never to api.github.com', async () => {
    // Net connect is off except to 127.0.0.1: a request for api.github.com is refused and noted.
    const leaked: string[] = [];
    const note = (req: { hostname?: string; host?: string; path?: string; method?: string }): void => {
      if (`${req.hostname ?? req.host ?? ''}`.includes('api.github.com'))
        leaked.push(`${req.method} ${req.path}`);
    };
    nock.emitter.on('no match', note);
    try {
      bothReadme();
      await deliver('push', 'push');
      expect(leaked).toEqual([]);
      expect(calls()[0]).toBe('POST /app/installations/4500001/access_tokens');
      expect(calls().slice(-4)).toEqual(completeRuns(['failure', 'neutral', 'neutral', 'neutral']));
    } finally {
      nock.emitter.off('no match', note);
    }
  });
});
