import path from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { RunningApp } from '../../src/app/server.js';
import { startTestServer } from './load-app.js';
import { FakeGitHub, readTree, sendWebhook } from '../../src/devtools/fake-github.js';
import { FIXED_NOW, FIXTURES } from '../support/check-harness.js';

import { expectCalls, webhook } from './support.js';
import { holdToContract } from '../support/contract.js';

const SECRET = 'e2e-webhook-secret';
let fake: FakeGitHub;
holdToContract(() => fake);
let app: RunningApp;
let sha: string;

beforeAll(async () => {
  // Real HTTP, but only to 127.0.0.1: the fake GitHub and the App's own server.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  fake = new FakeGitHub();
  await fake.start();
  sha = fake.addRepo({
    owner: 'acme-gov',
    name: 'payments-api',
    files: await readTree(path.join(FIXTURES, 'minimal-pass')),
  });
  app = await startTestServer(fake, {
    secret: SECRET,
    env: {
      TCOP_STORE: 'off',
    },
    settings: { checks: [licenceFile, readme], now: () => FIXED_NOW },
  });
});

afterAll(async () => {
  await app?.close();
  await fake?.stop();
  nock.enableNetConnect();
});

const pushPayload = (after: string): Record<string, unknown> => ({
  ...webhook<Record<string, unknown>>('push'),
  after,
});

describe('the App against the loopback fake GitHub, over HTTP', () => {
  it('turns a signed push webhook into four completed check runs with three reads', async () => {
    fake.resetLog();
    const response = await sendWebhook(`${app.url}/api/github/webhooks`, {
      event: 'push',
      payload: pushPayload(sha),
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    const runs = await fake.waitForCheckRuns(sha, 4);
    await app.handle.queue.idle();
    expect(runs.map((r) => [r.name, r.conclusion])).toEqual([
      ['TCoP 3 · Open source', 'failure'],
      ['TCoP 4 · Open standards', 'neutral'],
      ['TCoP 6 · Secure', 'neutral'],
      ['TCoP 12 · Sustainable', 'neutral'],
    ]);
    expectCalls(
      fake.requests.map(
        (r) =>
          `${r.method} ${r.path}${r.method === 'PATCH' ? ` ${String((r.body as { conclusion?: string }).conclusion)}` : ''}`,
      ),
      [
        'POST /app/installations/4500001/access_tokens',
        'POST /graphql',
        ...Array(4).fill('POST /repos/acme-gov/payments-api/check-runs'),
        `GET /repos/acme-gov/payments-api/git/trees/${sha}`,
        'POST /graphql',
        ...['failure', 'neutral', 'neutral', 'neutral'].map(
          (conclusion, i) => `PATCH /repos/acme-gov/payments-api/check-runs/${i + 1} ${conclusion}`,
        ),
      ],
    );
    expect(runs[0]?.output.summary).toContain('Repository has an open source licence file');
  });

  it('audits the same commit again without creating more check runs', async () => {
    await sendWebhook(`${app.url}/api/github/webhooks`, {
      event: 'check_run',
      payload: {
        ...webhook<Record<string, unknown>>('check_run.rerequested'),
        check_run: {
          ...webhook<{ check_run: Record<string, unknown> }>('check_run.rerequested').check_run,
          head_sha: sha,
          pull_requests: [],
        },
      },
      secret: SECRET,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.handle.queue.idle();
    expect([...fake.checkRuns.values()].filter((r) => r.head_sha === sha)).toHaveLength(4);
  });

  it('rejects a webhook with a bad signature and makes no API call', async () => {
    fake.resetLog();
    const response = await sendWebhook(`${app.url}/api/github/webhooks`, {
      event: 'push',
      payload: pushPayload(sha),
      secret: 'not-the-secret',
    });
    expect(response.status).toBe(400);
    await app.handle.queue.idle();
    expect(fake.requests).toEqual([]);
  });

  it('answers the health check', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
