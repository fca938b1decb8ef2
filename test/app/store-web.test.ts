import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { RunningApp } from '../../src/app/server.js';
import { startTestServer } from './load-app.js';
import { FakeGitHub, readTree, sendWebhook } from '../../src/devtools/fake-github.js';
import { FIXED_NOW, FIXTURES } from '../support/check-harness.js';
import { webhook } from './support.js';
import { holdToContract } from '../support/contract.js';

const SECRET = 'store-webhook-secret';
let fake: FakeGitHub;
holdToContract(() => fake);
let app: RunningApp;
let dir: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = mkdtempSync(path.join(tmpdir(), 'tcop-app-store-'));
  fake = new FakeGitHub();
  await fake.start();
  fake.addRepo({
    owner: 'acme-gov',
    name: 'payments-api',
    files: await readTree(path.join(FIXTURES, 'minimal-pass')),
  });
  fake.addRepo({
    owner: 'acme-gov',
    name: 'design-notes',
    visibility: 'private',
    files: await readTree(path.join(FIXTURES, 'minimal-pass')),
  });
  app = await startTestServer(fake, {
    secret: SECRET,
    env: {
      DATABASE_URL: `sqlite:${path.join(dir, 'audits.sqlite')}`,
    },
    settings: { checks: [licenceFile, readme], now: () => FIXED_NOW },
  });
});

afterAll(async () => {
  await app?.close();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

async function push(name: string): Promise<void> {
  const payload = webhook<Record<string, unknown> & { repository: Record<string, unknown> }>('push');
  const visibility = name === 'design-notes' ? 'private' : 'public';
  const head = fake.commit('acme-gov', name);
  await sendWebhook(`${app.url}/api/github/webhooks`, {
    event: 'push',
    secret: SECRET,
    payload: {
      ...payload,
      after: head,
      repository: {
        ...payload.repository,
        name,
        full_name: `acme-gov/${name}`,
        visibility,
        private: visibility === 'private',
      },
    },
  });
  await fake.waitForCheckRuns(head, 4);
  await app.handle.queue.idle();
}

describe('the App saves audits and serves badges and the dashboard from the same store', () => {
  it('serves a badge for an audited public repository', async () => {
    await push('payments-api');
    const badge = await fetch(`${app.url}/badges/acme-gov/payments-api.svg`);
    expect(badge.status).toBe(200);
    expect(badge.headers.get('content-type')).toContain('image/svg+xml');
    expect(await badge.text()).toContain('TCoP');
  });

  it('never shows a private repository', async () => {
    await push('design-notes');
    const badge = await fetch(`${app.url}/badges/acme-gov/design-notes.svg`);
    const unknown = await fetch(`${app.url}/badges/acme-gov/no-such-repo.svg`);
    expect(badge.status).toBe(unknown.status);
    expect(await badge.text()).toBe(await unknown.text());
    const dashboard = await (await fetch(`${app.url}/`)).text();
    expect(dashboard).toContain('payments-api');
    expect(dashboard).not.toContain('design-notes');
  });

  it('takes a repository made private off the dashboard at once, not at its next audit', async () => {
    await push('payments-api');
    expect((await fetch(`${app.url}/repos/acme-gov/payments-api`)).status).toBe(200);
    const pushed = webhook<Record<string, unknown> & { repository: Record<string, unknown> }>('push');
    const response = await sendWebhook(`${app.url}/api/github/webhooks`, {
      event: 'repository',
      secret: SECRET,
      payload: {
        action: 'privatized',
        repository: { ...pushed.repository, visibility: 'private', private: true },
        sender: pushed.sender,
        installation: pushed.installation,
      },
    });
    expect(response.ok).toBe(true);
    expect((await fetch(`${app.url}/repos/acme-gov/payments-api`)).status).toBe(404);
    expect(await (await fetch(`${app.url}/`)).text()).not.toContain('payments-api');
  });
});
