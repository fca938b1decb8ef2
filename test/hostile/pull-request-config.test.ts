import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import noCommittedSecrets from '../../checks/no-committed-secrets.js';
import readme from '../../checks/readme.js';
import type { AppHandle } from '../../src/app/index.js';
import type { FakeGitHub } from '../../src/devtools/fake-github.js';
import { compareConfigs } from '../../src/engine/config-changes.js';
import { holdToContract } from '../support/contract.js';
import { SecretFactory } from '../support/fake-secrets.js';
import { BASE_SHA, HEAD_SHA, callLines, webhook } from '../app/support.js';
import { files, loopbackOnly, startAppOnFake, stopAppOnFake, webhookDeliverer } from '../app/load-app.js';

/**
 * A pull request's own `.github/tcop.yml` never judges it: a PR that adds a secret and turns the
 * secret check off must still fail, and its check runs must show what it changes in the config.
 */
const CHECKS = [noCommittedSecrets, readme];
const REPO = '/repos/acme-gov/payments-api';
const SECRETS_RUN = 'TCoP 6 · Secure';
const secret = new SecretFactory(12).githubToken();

let fake: FakeGitHub;
let probot: Probot;
let handle: AppHandle;
holdToContract(() => fake);

loopbackOnly();

beforeEach(async () => {
  ({ fake, probot, handle } = await startAppOnFake({ checks: CHECKS }));
});
afterEach(() => stopAppOnFake({ fake, handle }));

const BASE = {
  'README.md': '# Payments API\n',
  'src/index.ts': 'export {};\n',
  '.github/tcop.yml': 'level: baseline\nchecks:\n  readme: warn\n',
};
/** The PR adds a token and, in the same change, switches the secret check off and lowers nothing else. */
const HOSTILE_HEAD = {
  ...BASE,
  'src/settings.ts': `export const token = "${secret}";\n`,
  '.github/tcop.yml':
    'level: baseline\nchecks:\n  readme: warn\n  no-committed-secrets: off\nignore:\n  - src/**\n',
};

function repository(head: Record<string, string>, base: Record<string, string> = BASE): void {
  fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: files(base), sha: BASE_SHA });
  fake.commit('acme-gov', 'payments-api', files(head), HEAD_SHA);
}

const deliverWebhook = webhookDeliverer(() => ({ probot, handle }));
/** The webhook fixture `name` (or `payload`) as event `event`, its delivery id named after the fixture. */
const deliver = (name: string, event: string, payload: unknown = webhook(name)): Promise<void> =>
  deliverWebhook(event, payload, `delivery-${name}`);

interface Completed {
  name: string;
  conclusion: string;
  summary: string;
}
function completed(): Completed[] {
  return fake.requests
    .filter((r) => r.method === 'PATCH' && r.path.startsWith(`${REPO}/check-runs/`))
    .map((r) => r.body as { name?: string; conclusion?: string; output?: { summary: string } })
    .filter((b) => b.conclusion !== undefined)
    .map((b, i) => ({
      name: b.name ?? String(i),
      conclusion: b.conclusion as string,
      summary: b.output?.summary ?? '',
    }));
}
/** The config queries made, sorted: head and base are read side by side. */
const configReads = (): string[] =>
  callLines(fake.requests)
    .filter((c) => c.startsWith('GRAPHQL TcopConfig'))
    .sort();
const secureRun = (): Completed | undefined =>
  completed().find((r) => r.summary.includes(`## `) && r.summary.includes(SECRETS_RUN));

describe('a pull request is judged by its base commit’s config', () => {
  it('a PR that adds a secret and switches the secret check off fails, and shows the switch', async () => {
    repository(HOSTILE_HEAD);
    await deliver('pull_request.opened', 'pull_request');

    const runs = completed();
    expect(runs.map((r) => r.conclusion)).toEqual(['success', 'neutral', 'failure', 'neutral']);
    const secure = secureRun();
    expect(secure?.conclusion).toBe('failure');
    expect(secure?.summary).toContain('src/settings.ts');
    expect(secure?.summary).toContain(
      [
        '### Configuration',
        '',
        'Judged by the configuration of the base commit `1a2b3c4`: the `.github/tcop.yml` of this pull request takes effect once it is merged.',
        '',
        '> [!IMPORTANT]',
        '> This pull request changes 2 settings in `.github/tcop.yml`:',
        '',
        '| Setting | Base commit | This pull request |',
        '|---|---|---|',
        '| checks.no-committed-secrets | _not set_ | off |',
        '| ignore | _not set_ | src/\\*\\* |',
        '',
      ].join('\n'),
    );
    // Every criterion's run carries the notice: a reviewer sees it whichever run they open.
    for (const run of runs) expect(run.summary).toContain('changes 2 settings in `.github/tcop.yml`');
    // The base's config query is read once and serves both the judging config and the base's audit.
    expect(configReads()).toEqual([
      `GRAPHQL TcopConfig acme-gov/payments-api@${BASE_SHA}`,
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
    ]);
  });

  it('a PR that leaves the config as it is says which config judged it, and nothing more', async () => {
    repository({ ...BASE, 'src/settings.ts': `export const token = "${secret}";\n` });
    await deliver('pull_request.synchronize', 'pull_request');
    const secure = secureRun();
    expect(secure?.conclusion).toBe('failure');
    expect(secure?.summary).toContain(
      '### Configuration\n\nJudged by the configuration of the base commit `1a2b3c4`: the `.github/tcop.yml` of this pull request takes effect once it is merged.\n',
    );
    expect(secure?.summary).not.toContain('[!IMPORTANT]');
  });

  it('a PR that makes the config invalid is judged by the base’s and warned that it will stop every audit', async () => {
    repository({ ...BASE, '.github/tcop.yml': 'level: platinum\n' });
    await deliver('pull_request.opened', 'pull_request');
    const runs = completed();
    expect(runs.map((r) => r.conclusion)).toEqual(['success', 'neutral', 'success', 'neutral']);
    expect(secureRun()?.summary).toContain(
      '> This pull request changes `.github/tcop.yml` to a file that cannot be used: .github/tcop.yml:1: level: Invalid option: expected one of "baseline"\\|"standard"\\|"exemplar". Once merged, no checks run until it is fixed.',
    );
  });

  it('a PR that fixes an invalid base config is judged by the defaults, never by the config it brings', async () => {
    const invalidBase = { ...BASE, '.github/tcop.yml': 'level: platinum\n' };
    repository(HOSTILE_HEAD, invalidBase);
    await deliver('pull_request.opened', 'pull_request');
    const secure = secureRun();
    expect(secure?.conclusion).toBe('failure');
    expect(secure?.summary).toContain(
      'The configuration of the base commit `1a2b3c4` cannot be used (.github/tcop.yml:1: level: Invalid option: expected one of "baseline"\\|"standard"\\|"exemplar"), so this pull request is judged by the defaults, never by its own `.github/tcop.yml`.',
    );
    expect(secure?.summary).toContain('| checks.no-committed-secrets | _not set_ | off |');
  });

  it('an invalid base config the PR does not touch is reported as before: action required, at its line', async () => {
    const invalid = { ...BASE, '.github/tcop.yml': 'level: platinum\n' };
    repository(invalid, invalid);
    await deliver('pull_request.opened', 'pull_request');
    expect(completed().map((r) => r.conclusion)).toEqual([
      'action_required',
      'action_required',
      'action_required',
      'action_required',
    ]);
  });

  it('a check suite on another branch, without a PR, is judged by the default branch’s config', async () => {
    // The fake's default branch is its newest commit: the branch's commit comes first.
    fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: files(HOSTILE_HEAD), sha: HEAD_SHA });
    fake.commit('acme-gov', 'payments-api', files(BASE), BASE_SHA);
    const payload = webhook<{ check_suite: Record<string, unknown> }>('check_suite.requested');
    payload.check_suite = { ...payload.check_suite, head_branch: 'feature', pull_requests: [] };
    await deliver('check_suite.requested', 'check_suite', payload);
    const secure = secureRun();
    expect(secure?.conclusion).toBe('failure');
    expect(secure?.summary).toContain(
      'Judged by the configuration of the default branch `main`: the `.github/tcop.yml` of this commit takes effect once it is merged.',
    );
    expect(configReads()).toEqual([
      `GRAPHQL TcopConfig acme-gov/payments-api@${HEAD_SHA}`,
      'GRAPHQL TcopConfig acme-gov/payments-api@main',
    ]);
  });
});

describe('what a config change shows', () => {
  const file = (text: string) => ({ path: '.github/tcop.yml', text });

  it('lists keys added, removed and changed, list entries one by one', () => {
    const base = file(
      'mode: enforce\nlevel: standard\nignore:\n  - vendor/**\nchecks:\n  readme: warn\nexemptions:\n  - check: readme\n    reason: kept for the legacy service\n',
    );
    const head = file(
      'mode: advisory\nignore:\n  - vendor/**\n  - src/**\nchecks:\n  readme: off\n  no-committed-secrets: off\n',
    );
    expect(compareConfigs(base, head)).toEqual({
      file: '.github/tcop.yml',
      state: 'changed',
      changes: [
        { key: 'checks.no-committed-secrets', head: 'off' },
        { key: 'checks.readme', base: 'warn', head: 'off' },
        { key: 'exemptions.readme', base: 'kept for the legacy service' },
        { key: 'ignore', head: 'src/**' },
        { key: 'level', base: 'standard' },
        { key: 'mode', base: 'enforce', head: 'advisory' },
      ],
    });
  });

  it('comments and layout are no change; a deleted file removes every key', () => {
    expect(compareConfigs(file('level: standard\n'), file('# tightened later\nlevel:   standard\n'))).toEqual(
      {
        file: '.github/tcop.yml',
        state: 'unchanged',
      },
    );
    expect(compareConfigs(file('level: standard\n'), undefined)).toEqual({
      file: '.github/tcop.yml',
      state: 'changed',
      changes: [{ key: 'level', base: 'standard' }],
    });
  });

  it('a value from the file is bounded and token-like runs are masked', () => {
    const token = 'ghp_' + 'a1'.repeat(18);
    const changed = compareConfigs(undefined, file(`ignore:\n  - "${token}"\n  - "${'x'.repeat(5000)}"\n`));
    expect(changed).toEqual({
      file: '.github/tcop.yml',
      state: 'changed',
      changes: [
        { key: 'ignore', head: 'ghp_••••••••' },
        { key: 'ignore', head: `${'x'.repeat(200)}… (5000 characters)` },
      ],
    });
  });
});
