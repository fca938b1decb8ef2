import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { AppHandle } from '../../src/app/index.js';
import { UnthrottledOctokit } from '../../src/app/octokit.js';
import type { FakeGitHub } from '../../src/devtools/fake-github.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';
import { APP_ID, HEAD_SHA, TEST_PRIVATE_KEY, callLines, webhook } from './support.js';
import { loopbackOnly, startAppOnFake, stopAppOnFake, webhookDeliverer } from './load-app.js';

const README = new Map([['README.md', Buffer.from('# Payments\n')]]);
let fake: FakeGitHub;
let probot: Probot;
let handle: AppHandle;
holdToContract(() => fake);

loopbackOnly();
beforeEach(async () => {
  ({ fake, probot, handle } = await startAppOnFake({ checks: [licenceFile, readme] }));
});
afterEach(() => stopAppOnFake({ fake, handle }));

const deliver = webhookDeliverer(() => ({ probot, handle }));

describe('archived repositories are not audited on install (GitHub refuses check runs on them)', () => {
  it('installation created: the archived repository is skipped after one read', async () => {
    fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: README });
    fake.addRepo({ owner: 'acme-gov', name: 'design-notes', files: README, archived: true });
    fake.addRepo({ owner: 'acme-gov', name: 'forms-frontend', files: README });
    await deliver('installation', webhook('installation.created'));
    const calls = callLines(fake.requests);
    expect(calls.filter((c) => c.includes('design-notes'))).toEqual([
      'GRAPHQL TcopConfig acme-gov/design-notes@HEAD',
    ]);
    expect(calls.filter((c) => /^POST \/repos\/acme-gov\/payments-api\/check-runs/.test(c))).toHaveLength(4);
  });
});

describe('a check-run create retried after a 5xx makes no duplicate', () => {
  it('looks the run up by name and audit id before creating it again', async () => {
    fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: README, sha: HEAD_SHA });
    fake.failNext({ method: 'POST', path: /\/check-runs$/, status: 502, times: 1, message: 'Server Error' });
    await deliver('push', webhook('push'));
    const calls = callLines(fake.requests);
    expect(calls).toContain(
      `GET /repos/acme-gov/payments-api/commits/${HEAD_SHA}/check-runs?check_name=${encodeURIComponent('TCoP 3 · Open source').replace(/%20/g, '+')}&filter=latest&per_page=100&app_id=${APP_ID}`,
    );
    const runs = fake.checkRunsFor('acme-gov', 'payments-api', HEAD_SHA);
    expect(runs.map((r) => r.name)).toEqual([
      'TCoP 3 · Open source',
      'TCoP 4 · Open standards',
      'TCoP 6 · Secure',
      'TCoP 12 · Sustainable',
    ]);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
  });
});

describe('GITHUB_API_URL: every request goes to that host, the installation token included', () => {
  it('nock sees no request for api.github.com when the App starts from the environment', async () => {
    const { startApp } = await import('../../src/app/server.js');
    const { sendWebhook } = await import('../../src/devtools/fake-github.js');
    const leaked: string[] = [];
    const note = (req: { hostname?: string; host?: string; path?: string; method?: string }): void => {
      if (`${req.hostname ?? req.host ?? ''}`.includes('api.github.com'))
        leaked.push(`${req.method} ${req.path}`);
    };
    nock.emitter.on('no match', note);
    const app = await startApp({
      env: {
        APP_ID: String(APP_ID),
        PRIVATE_KEY: TEST_PRIVATE_KEY,
        WEBHOOK_SECRET: 'ghes-secret',
        GITHUB_API_URL: fake.url,
        TCOP_STORE: 'off',
        TCOP_REAUDIT_INTERVAL_HOURS: '0',
        LOG_LEVEL: 'fatal',
      },
      port: 0,
      Octokit: UnthrottledOctokit,
      settings: { checks: [licenceFile, readme], now: () => FIXED_NOW },
    });
    try {
      fake.addRepo({ owner: 'acme-gov', name: 'payments-api', files: README, sha: HEAD_SHA });
      await sendWebhook(`${app.url}/api/github/webhooks`, {
        event: 'push',
        secret: 'ghes-secret',
        payload: webhook('push'),
      });
      const runs = await fake.waitForCheckRuns(HEAD_SHA, 4);
      await app.handle.queue.idle();
      expect(runs).toHaveLength(4);
      expect(leaked).toEqual([]);
      expect(callLines(fake.requests)[0]).toBe('POST /app/installations/4500001/access_tokens');
    } finally {
      nock.emitter.off('no match', note);
      await app.close();
    }
  });
});
