/**
 * GitHub faults through the App, as Probot loads it, on the contract-checked loopback fake: what the
 * check runs say when GitHub refuses the installation token or its GraphQL API times out on the
 * file contents. The snapshot-level behaviour is in test/snapshot/github-blob-batches.test.ts.
 */
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { AppHandle } from '../../src/app/index.js';
import type { FakeGitHub } from '../../src/devtools/fake-github.js';
import { files, loopbackOnly, startAppOnFake, stopAppOnFake, webhookDeliverer } from '../app/load-app.js';
import { BASE_SHA, HEAD_SHA, callLines, webhook } from '../app/support.js';
import { holdToContract } from '../support/contract.js';

const CHECKS = [licenceFile, readme];
const REPO = '/repos/acme-gov/payments-api';

const TREE = files({
  'src/index.ts': 'export {};\n',
  'README.md': '# Payments API\n',
  LICENSE: 'MIT License\n',
});
const NEXT_SHA = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f901234567890';

let fake: FakeGitHub;
let probot: Probot;
let handle: AppHandle;
holdToContract(() => fake);
loopbackOnly();

beforeEach(async () => {
  ({ fake, probot, handle } = await startAppOnFake({ checks: CHECKS }));
  fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: TREE, sha: BASE_SHA });
  fake.commit('acme-gov', 'payments-api', TREE, HEAD_SHA);
});

afterEach(() => stopAppOnFake({ fake, handle }));

const deliver = webhookDeliverer(() => ({ probot, handle }));
const push = (sha = HEAD_SHA): Promise<void> =>
  deliver('push', { ...webhook<Record<string, unknown>>('push'), after: sha });

/** GitHub has recovered and the next commit is pushed (the same commit again within a minute is a duplicate). */
async function recoverAndPushAgain(): Promise<void> {
  fake.resetFailures();
  fake.commit('acme-gov', 'payments-api', TREE, NEXT_SHA);
  await push(NEXT_SHA);
}

const isBlobs = (r: { graphqlOperation?: string }): boolean => r.graphqlOperation === 'TcopBlobs';
const completed = (): { id: string; conclusion: string; title: string; summary: string }[] =>
  fake.requests
    .filter((r) => r.method === 'PATCH' && r.path.startsWith(`${REPO}/check-runs/`))
    .map((r) => {
      const body = r.body as { conclusion: string; output: { title: string; summary: string } };
      return {
        id: r.path.slice(r.path.lastIndexOf('/') + 1),
        conclusion: body.conclusion,
        title: body.output.title,
        summary: body.output.summary,
      };
    });

/** The same request ids in every run: GitHub's, numbered by the fake in the order it answers. */
const withoutIds = (text: string): string => text.replace(/FAKE:\d+/g, 'FAKE:n');

describe('GitHub faults through the App', () => {
  it('a 401 on the file contents (a token GitHub no longer accepts) fails this audit in every run, and the next one is judged', async () => {
    fake.failNext({
      method: 'POST',
      path: /^\/graphql$/,
      status: 401,
      message: 'Bad credentials',
      times: Infinity,
      when: isBlobs,
    });
    await push();
    // octokit's App auth retries a 401 for five seconds after making the token (three or four tries,
    // by the clock); then it is reported.
    const tries = fake.requests.filter(isBlobs).map((r) => r.status);
    expect(tries.every((status) => status === 401) && tries.length >= 2).toBe(true);
    const runs = completed();
    expect(runs.map((r) => [r.id, r.conclusion, r.title])).toEqual([
      ['1', 'failure', 'Audit error'],
      ['2', 'failure', 'Audit error'],
      ['3', 'failure', 'Audit error'],
      ['4', 'failure', 'Audit error'],
    ]);
    const summary = [
      '## ❌ The audit could not complete',
      '',
      "reading 2 files of acme-gov/payments-api: GitHub refused the App's installation token (401 Bad credentials) (GitHub request id FAKE:n)",
      '',
      'GitHub request id: `FAKE:n`',
      '',
      'Nothing was judged. Press **Re-run** to try again; the scheduled re-audit will also retry.',
    ].join('\n');
    expect(runs.map((r) => withoutIds(r.summary))).toEqual([summary, summary, summary, summary]);

    // The process is up and the queue serves the next push once GitHub accepts the token again.
    await recoverAndPushAgain();
    expect(
      completed()
        .slice(4)
        .map((r) => [r.id, r.conclusion, r.title.startsWith('Required level (Baseline) not met')]),
    ).toEqual([
      ['5', 'failure', true],
      ['6', 'neutral', false],
      ['7', 'neutral', false],
      ['8', 'neutral', false],
    ]);
  }, 30_000);

  it('a 401 on the installation token itself: nothing can be written, nothing is, and the next push is judged', async () => {
    fake.failNext({
      method: 'POST',
      path: /^\/app\/installations\/\d+\/access_tokens$/,
      status: 401,
      message: 'A JSON web token could not be decoded',
      times: Infinity,
    });
    await push();
    expect(new Set(callLines(fake.requests))).toEqual(
      new Set(['POST /app/installations/4500001/access_tokens']),
    );
    expect(fake.requests.every((r) => r.status === 401)).toBe(true);
    await recoverAndPushAgain();
    expect(
      completed().map((r) => [r.id, r.conclusion, r.title.startsWith('Required level (Baseline) not met')]),
    ).toEqual([
      ['1', 'failure', true],
      ['2', 'neutral', false],
      ['3', 'neutral', false],
      ['4', 'neutral', false],
    ]);
  });

  it('GraphQL timeouts on every blob batch: the files are unknown, named in every run, and never judged missing', async () => {
    fake.failGraphql('timeout', Infinity, isBlobs);
    await push();
    // Split in halves down to one file each, then given up as unreadable.
    expect(
      callLines(fake.requests)
        .filter((c) => c.startsWith('GRAPHQL TcopBlobs'))
        .map((c) => c.split(' ').at(-1)),
    ).toEqual(['LICENSE,README.md', 'LICENSE', 'README.md']);
    const runs = completed();
    expect(runs.map((r) => [r.id, r.conclusion, r.title])).toEqual([
      ['1', 'failure', 'Required level (Baseline) not met · 2 could not tell'],
      ['2', 'neutral', 'No checks for this criterion are enabled'],
      ['3', 'neutral', 'No checks for this criterion are enabled'],
      ['4', 'neutral', 'No checks for this criterion are enabled'],
    ]);
    const warning =
      '> [!WARNING]\n> The data was incomplete: 2 files could not be read, so their content is unknown (GitHub’s GraphQL API timed out): LICENSE, README.md. Results may miss files.';
    for (const run of runs) expect(run.summary).toContain(warning);
    const checks = runs[0]!.summary.split('\n').filter((line) => line.startsWith('| ❔'));
    expect(checks).toEqual([
      '| ❔ | [Repository has an open source licence file](https://example.test/tcop-audit/docs/checks/licence-file.md) `licence-file` | Baseline | Could not tell |',
      '| ❔ | [Repository has a README that says what it is](https://example.test/tcop-audit/docs/checks/readme.md) `readme` | Baseline | Could not tell |',
    ]);
    expect(runs[0]!.summary).toContain('LICENSE could not be read (unreadable).');
    expect(runs[0]!.summary).toContain('README.md could not be read (unreadable).');
    expect(runs[0]!.summary).not.toMatch(/missing|No licence|no README/i);
    expect(runs[0]!.summary.split('\n').at(-2)).toBe(
      '<sub>Commit `9f2c4e1` · 3 files · config: defaults · tcop-audit 0.1.0</sub>',
    );
  });
});
