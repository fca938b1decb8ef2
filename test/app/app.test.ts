import nock from 'nock';
import { Probot } from 'probot';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import { installApp, type AppHandle } from '../../src/app/index.js';
import { UnthrottledOctokit } from '../../src/app/octokit.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { expectCalls, mockGitHub, type MockOptions } from './github-mock.js';
import { APP_ID, BASE_SHA, HEAD_SHA, TEST_PRIVATE_KEY, webhook } from './support.js';

/** A fixed pair of checks keeps the requested files, and so the asserted calls, stable. */
const CHECKS = [licenceFile, readme];
const REPO = '/repos/acme-gov/payments-api';
const NAMES = ['TCoP 3 · Open source', 'TCoP 4 · Open standards', 'TCoP 6 · Secure', 'TCoP 12 · Sustainable'];

let probot: Probot;
let handle: AppHandle;

beforeAll(() => {
  nock.disableNetConnect();
});

beforeEach(async () => {
  probot = new Probot({
    appId: APP_ID,
    privateKey: TEST_PRIVATE_KEY,
    // Retries and throttling are exercised end to end; here each call must happen exactly once.
    Octokit: UnthrottledOctokit,
    logLevel: 'fatal',
  });
  await probot.load((app) => {
    handle = installApp(app, {
      checks: CHECKS,
      appId: APP_ID,
      docsBaseUrl: 'https://example.test/tcop-audit/',
      reauditIntervalMs: 0,
      concurrency: 2,
      concurrencyPerInstallation: 1,
      now: () => FIXED_NOW,
    });
  });
});

afterEach(async () => {
  await handle.close();
  nock.cleanAll();
});

const headRepo = (extra: Partial<MockOptions> = {}): MockOptions => ({
  repos: [
    {
      owner: 'acme-gov',
      name: 'payments-api',
      commits: {
        [HEAD_SHA]: { 'src/index.ts': 'export {};\n', 'README.md': '# Payments API\n' },
        [BASE_SHA]: { 'src/index.ts': 'export {};\n', 'README.md': '# Payments API\n' },
      },
    },
  ],
  ...extra,
});

async function deliver(name: string, event: string, payload: unknown = webhook(name)): Promise<void> {
  await probot.receive({ id: `delivery-${name}`, name: event as 'push', payload: payload as never });
  await handle.queue.idle();
}

const createRuns = NAMES.map((n) => `POST ${REPO}/check-runs ${n} in_progress`);
const completeRuns = (conclusions: string[], firstId = 1): string[] =>
  conclusions.map((c, i) => `PATCH ${REPO}/check-runs/${firstId + i} ${c}`);

describe('push to the default branch', () => {
  it('reads config, tree and blobs once each, then writes one run per criterion', async () => {
    const { calls, bodies } = mockGitHub(headRepo());
    await deliver('push', 'push');
    expectCalls(calls, [
      'POST /app/installations/4500001/access_tokens',
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      ...createRuns,
      `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
      // Only files some check wants are read: src/index.ts is listed, never fetched.
      `GRAPHQL TcopBlobs acme-gov/payments-api@${HEAD_SHA} README.md`,
      ...completeRuns(['failure', 'neutral', 'neutral', 'neutral']),
    ]);
    const created = bodies.checkRuns.filter((c) => c.method === 'POST').map((c) => c.body);
    expect(
      created.every(
        (b) => b.external_id === `tcop-audit:acme-gov/payments-api@${HEAD_SHA}` && b.head_sha === HEAD_SHA,
      ),
    ).toBe(true);
    const open = bodies.checkRuns.find((c) => c.method === 'PATCH' && c.id === 1)?.body as {
      output: { title: string; summary: string };
    };
    expect(open.output.title).toMatch(/Required level \(Baseline\) not met/);
    expect(open.output.summary).toContain('| **Not met** | Baseline | enforce |');
    expect(open.output.summary).toContain(
      '[About this check](https://example.test/tcop-audit/docs/checks/licence-file.md)',
    );
    expect(open.output.summary).toContain('How to fix:');
  });

  it('ignores pushes to other branches and branch deletions', async () => {
    const { calls } = mockGitHub(headRepo());
    await deliver('push', 'push', { ...webhook<Record<string, unknown>>('push'), ref: 'refs/heads/feature' });
    await deliver('push', 'push', {
      ...webhook<Record<string, unknown>>('push'),
      deleted: true,
      after: '0'.repeat(40),
    });
    expect(calls).toEqual([]);
  });

  it('merges the org config under the repository config, in one query', async () => {
    const { calls, bodies } = mockGitHub(headRepo({ orgConfig: 'mode: advisory\n' }));
    await deliver('push', 'push');
    expect(calls.filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toHaveLength(1);
    expect(bodies.graphql[0]?.query).toMatch(
      /repo: repository\(owner: \$owner, name: \$name\)[\s\S]*org: repository\(owner: \$owner, name: "\.github"\)/,
    );
    // Advisory mode from the org: a failing criterion is neutral, not failure.
    expect(calls.slice(-4)).toEqual(completeRuns(['neutral', 'neutral', 'neutral', 'neutral']));
    const summary = (
      bodies.checkRuns.find((c) => c.id === 1 && c.method === 'PATCH')?.body as {
        output: { summary: string };
      }
    ).output.summary;
    expect(summary).toContain('`acme-gov/.github:.github/tcop.yml`');
  });
});

describe('pull requests', () => {
  const prRepo = (): MockOptions => ({
    repos: [
      {
        owner: 'acme-gov',
        name: 'payments-api',
        commits: {
          // The PR deletes the README: it introduces the readme failure.
          [HEAD_SHA]: { 'src/index.ts': 'export {};\n' },
          [BASE_SHA]: { 'src/index.ts': 'export {};\n', 'README.md': '# Payments API\n' },
        },
      },
    ],
  });

  for (const action of ['opened', 'synchronize'] as const) {
    it(`${action}: audits head and base and leads with what the PR introduces`, async () => {
      const { calls, bodies } = mockGitHub(prRepo());
      await deliver(`pull_request.${action}`, 'pull_request');
      expectCalls(calls, [
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
      const summary = (
        bodies.checkRuns.find((c) => c.id === 1 && c.method === 'PATCH')?.body as {
          output: { summary: string };
        }
      ).output.summary;
      expect(summary).toMatch(
        /### This pull request\n\nCompared with the base commit `1a2b3c4`:\n\n\*\*Introduces 1 problem\*\*/,
      );
      expect(summary.indexOf('This pull request')).toBeLessThan(summary.indexOf('### Checks'));
    });
  }

  it('reopened: adopts the runs it already made instead of creating more', async () => {
    const external = `tcop-audit:acme-gov/payments-api@${HEAD_SHA}`;
    const existingRuns = {
      [HEAD_SHA]: NAMES.map((name, i) => ({ id: 90 + i, name, external_id: external })),
    };
    const { calls } = mockGitHub({ ...prRepo(), existingRuns });
    await deliver('pull_request.reopened', 'pull_request');
    expect(calls.filter((c) => c.startsWith('POST') && c.includes('check-runs'))).toEqual([]);
    expect(calls).toContain(
      `GET ${REPO}/commits/${HEAD_SHA}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
    );
    expect(calls.filter((c) => c.startsWith('PATCH'))).toEqual([
      ...[90, 91, 92, 93].map((id) => `PATCH ${REPO}/check-runs/${id} in_progress`),
      ...completeRuns(['failure', 'neutral', 'neutral', 'neutral'], 90),
    ]);
  });
});

describe('check suites and re-runs', () => {
  it('check_suite requested: audits the head commit', async () => {
    const { calls } = mockGitHub(headRepo());
    await deliver('check_suite.requested', 'check_suite');
    expectCalls(calls, [
      'POST /app/installations/4500001/access_tokens',
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      ...createRuns,
      `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
      `GRAPHQL TcopBlobs acme-gov/payments-api@${HEAD_SHA} README.md`,
      ...completeRuns(['failure', 'neutral', 'neutral', 'neutral']),
    ]);
  });

  it('check_run rerequested (the Re-run button): re-audits and updates the same runs', async () => {
    const external = `tcop-audit:acme-gov/payments-api@${HEAD_SHA}`;
    const existingRuns = {
      [HEAD_SHA]: NAMES.map((name, i) => ({ id: 41000000 + i, name, external_id: external })),
    };
    const { calls } = mockGitHub({ ...headRepo(), existingRuns });
    await deliver('check_run.rerequested', 'check_run');
    expectCalls(calls, [
      'POST /app/installations/4500001/access_tokens',
      `GET ${REPO}/commits/${HEAD_SHA}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      ...NAMES.map((_, i) => `PATCH ${REPO}/check-runs/${41000000 + i} in_progress`),
      `GET ${REPO}/git/trees/${HEAD_SHA}?recursive=1`,
      `GRAPHQL TcopBlobs acme-gov/payments-api@${HEAD_SHA} README.md`,
      `GRAPHQL TcopConfig acme-gov/payments-api@${BASE_SHA}`,
      `GET ${REPO}/git/trees/${BASE_SHA}?recursive=1`,
      `GRAPHQL TcopBlobs acme-gov/payments-api@${BASE_SHA} README.md`,
      ...NAMES.map((_, i) => `PATCH ${REPO}/check-runs/${41000000 + i} ${i === 0 ? 'failure' : 'neutral'}`),
    ]);
  });

  it('check_suite rerequested: looks up its runs first', async () => {
    const { calls } = mockGitHub(headRepo());
    await deliver('check_suite.rerequested', 'check_suite');
    expect(calls[1]).toBe(
      `GET ${REPO}/commits/${HEAD_SHA}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
    );
    expect(calls.filter((c) => c.startsWith(`POST ${REPO}/check-runs`))).toEqual(createRuns);
  });
});

describe('installations', () => {
  const twoRepos = (): MockOptions => ({
    repos: [
      { owner: 'acme-gov', name: 'payments-api', commits: { [HEAD_SHA]: { 'README.md': '# Payments\n' } } },
      {
        owner: 'acme-gov',
        name: 'design-notes',
        visibility: 'PRIVATE',
        commits: { [BASE_SHA]: { 'notes.md': 'x\n' } },
      },
      { owner: 'acme-gov', name: 'forms-frontend', commits: { [BASE_SHA]: { 'README.md': '# Forms\n' } } },
    ],
  });

  it('installation created: audits each repository once, one after another, with one token', async () => {
    const { calls } = mockGitHub(twoRepos());
    await deliver('installation.created', 'installation');
    const perRepo = (name: string, sha: string, blobs: string): string[] => [
      `GRAPHQL TcopConfig acme-gov/${name}@HEAD`,
      `GET /repos/acme-gov/${name}/commits/${sha}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
      ...NAMES.map((n) => `POST /repos/acme-gov/${name}/check-runs ${n} in_progress`),
      `GET /repos/acme-gov/${name}/git/trees/${sha}?recursive=1`,
      ...(blobs ? [`GRAPHQL TcopBlobs acme-gov/${name}@${sha} ${blobs}`] : []),
    ];
    expect(calls[0]).toBe('POST /app/installations/4500001/access_tokens');
    expect(calls.filter((c) => c.includes('access_tokens'))).toHaveLength(1);
    const notes = calls.indexOf(perRepo('design-notes', BASE_SHA, '')[0] as string);
    const of = (name: string): string[] => calls.filter((c) => c.includes(`acme-gov/${name}`));
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
    expect(notes).toBeGreaterThan(calls.indexOf('PATCH /repos/acme-gov/payments-api/check-runs/4 neutral'));
  });

  it('the scheduled re-audit enqueues every live repository of every active installation', async () => {
    const repos = twoRepos();
    (repos.repos[2] as { archived?: boolean }).archived = true;
    const { calls } = mockGitHub(repos);
    expect(await handle.reauditAll()).toBe(2);
    await handle.queue.idle();
    expect(calls.slice(0, 3)).toEqual([
      'GET /app/installations?per_page=100',
      'POST /app/installations/4500001/access_tokens',
      'GET /installation/repositories?per_page=100',
    ]);
    expect(calls.filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toEqual([
      'GRAPHQL TcopConfig acme-gov/payments-api@HEAD',
      'GRAPHQL TcopConfig acme-gov/design-notes@HEAD',
    ]);
  });

  it('installation_repositories added: audits the added repository', async () => {
    const { calls } = mockGitHub(twoRepos());
    await deliver('installation_repositories.added', 'installation_repositories');
    expect(calls.filter((c) => c.startsWith('GRAPHQL TcopConfig'))).toEqual([
      'GRAPHQL TcopConfig acme-gov/forms-frontend@HEAD',
    ]);
    expect(calls.filter((c) => c.startsWith('POST /repos/acme-gov/forms-frontend/check-runs'))).toHaveLength(
      4,
    );
  });
});

describe('failures surface in the check runs', () => {
  it('an invalid config asks for action and points at the line', async () => {
    const repo = headRepo();
    (repo.repos[0] as { config?: Record<string, string> }).config = {
      [HEAD_SHA]: 'mode: enforce\nlevel: platinum\n',
    };
    const { calls, bodies } = mockGitHub(repo);
    await deliver('push', 'push');
    expect(calls.slice(-4)).toEqual(
      completeRuns(['action_required', 'action_required', 'action_required', 'action_required']),
    );
    expect(calls.some((c) => c.includes('git/trees'))).toBe(false);
    const body = bodies.checkRuns.find((c) => c.id === 1 && c.method === 'PATCH')?.body as {
      output: { title: string; annotations: { path: string; start_line: number }[] };
    };
    expect(body.output.title).toBe('Invalid configuration: .github/tcop.yml line 2');
    expect(body.output.annotations[0]).toMatchObject({ path: '.github/tcop.yml', start_line: 2 });
  });

  it('a GitHub error is reported with its request id, not a crash', async () => {
    const { calls, bodies } = mockGitHub({ ...headRepo(), treeStatus: 502 });
    await deliver('push', 'push');
    expect(calls.slice(-4)).toEqual(completeRuns(['failure', 'failure', 'failure', 'failure']));
    const body = bodies.checkRuns.find((c) => c.id === 1 && c.method === 'PATCH')?.body as {
      output: { title: string; summary: string };
    };
    expect(body.output.title).toBe('Audit error');
    expect(body.output.summary).toContain('C0DE:1234:ABCD');
  });
});
