import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import type { RunningApp } from '../../src/app/server.js';
import { startTestServer } from '../app/load-app.js';
import { FakeGitHub, readTree, sendWebhook } from '../../src/devtools/fake-github.js';
import { FIXED_NOW, FIXTURES } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';
import { webhook } from '../app/support.js';

const SECRET = 'replay-secret';
const REPO = '/repos/acme-gov/payments-api';
let fake: FakeGitHub;
holdToContract(() => fake);
let app: RunningApp;
let dir: string;

type Payload = Record<string, unknown> & { repository: Record<string, unknown> };

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = mkdtempSync(path.join(tmpdir(), 'tcop-replay-'));
  fake = new FakeGitHub();
  await fake.start();
  fake.addRepo({
    owner: 'acme-gov',
    name: 'payments-api',
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

const pushed = (): Payload => webhook<Payload>('push');
const deliver = async (event: string, payload: unknown, deliveryId?: string): Promise<number> =>
  (
    await sendWebhook(`${app.url}/api/github/webhooks`, {
      event,
      secret: SECRET,
      payload,
      ...(deliveryId ? { deliveryId } : {}),
    })
  ).status;
const visibilityEvent = (action: 'publicized' | 'privatized', updatedAt: string): Payload => {
  const p = pushed();
  const visibility = action === 'publicized' ? 'public' : 'private';
  return {
    action,
    repository: { ...p.repository, visibility, private: visibility === 'private', updated_at: updatedAt },
    sender: p.sender,
    installation: p.installation,
  };
};
const listed = async (): Promise<number> => (await fetch(`${app.url}/repos/acme-gov/payments-api`)).status;
const reads = (): number => fake.requests.filter((r) => r.method === 'GET' && r.path === REPO).length;

describe('a replayed repository.publicized never republishes a private repository', () => {
  it('re-reads the visibility from GitHub, whatever the delivery id, and keeps it private', async () => {
    const head = fake.commit('acme-gov', 'payments-api');
    expect(await deliver('push', { ...pushed(), after: head })).toBe(200);
    await fake.waitForCheckRuns(head, 4);
    await app.handle.queue.idle();
    expect(await listed()).toBe(200);

    // Captured while it was public; then the owner made it private.
    const old = visibilityEvent('publicized', '2026-01-01T00:00:00Z');
    expect(await deliver('repository', old, 'original-delivery')).toBe(200);
    fake.updateRepo('acme-gov', 'payments-api', { visibility: 'private' });
    expect(await deliver('repository', visibilityEvent('privatized', new Date().toISOString()))).toBe(200);
    expect(await listed()).toBe(404);

    // The delivery id is not signed: a replay can carry any.
    const before = reads();
    expect(await deliver('repository', old, 'forged-new-delivery-id')).toBe(200);
    expect(reads()).toBe(before + 1);
    expect(await listed()).toBe(404);
    expect(await deliver('repository', old, 'original-delivery')).toBe(200);
    expect(reads()).toBe(before + 1);
    expect(await listed()).toBe(404);
  });

  it('publishes a repository GitHub says is public', async () => {
    fake.updateRepo('acme-gov', 'payments-api', { visibility: 'public' });
    expect(await deliver('repository', visibilityEvent('publicized', new Date().toISOString()))).toBe(200);
    expect(await listed()).toBe(200);
  });
  it('does not publish when GitHub cannot confirm it', async () => {
    fake.updateRepo('acme-gov', 'payments-api', { visibility: 'private' });
    expect(await deliver('repository', visibilityEvent('privatized', new Date().toISOString()))).toBe(200);
    expect(await listed()).toBe(404);
    fake.updateRepo('acme-gov', 'payments-api', { visibility: 'public' });
    fake.failNext({ method: 'GET', path: new RegExp(`^${REPO}$`), status: 502, times: 10 });
    const before = reads();
    expect(await deliver('repository', visibilityEvent('publicized', new Date().toISOString()))).toBe(200);
    expect(reads()).toBeGreaterThan(before);
    expect(await listed()).toBe(404);
  });
});
