import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import type { AuditJob } from '../../src/app/index.js';
import type { AuditQueue, EnqueueResult, QueueJob } from '../../src/app/queue.js';
import type { RunningApp } from '../../src/app/server.js';
import { FakeGitHub, sendWebhook } from '../../src/devtools/fake-github.js';
import { loopbackOnly, startTestServer } from './load-app.js';
import { webhook } from './support.js';

/**
 * Pushes and pull requests are most of a web process's deliveries, and their job comes from the
 * payload alone: the server enqueues them itself, without Probot's dispatch (an installation
 * client built for each event, the signature checked and the body parsed a second time). Other
 * events still go through Probot. Both answer as Probot's middleware does.
 */
const SECRET = 'direct-webhook-secret';
loopbackOnly();

let fake: FakeGitHub;
let app: RunningApp;
const added: QueueJob<AuditJob>[] = [];
let failNext = false;

const queue: AuditQueue<AuditJob> = {
  add(job): Promise<EnqueueResult> {
    if (failNext) {
      failNext = false;
      return Promise.reject(new Error('Redis is unreachable'));
    }
    added.push(job);
    return Promise.resolve('queued');
  },
  idle: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

beforeAll(async () => {
  fake = new FakeGitHub();
  await fake.start();
  app = await startTestServer(fake, {
    secret: SECRET,
    env: { TCOP_STORE: 'off' },
    settings: { checks: [licenceFile], createQueue: () => queue },
  });
});

afterAll(async () => {
  await app.close();
  await fake.stop();
});

const post = (event: string, payload: unknown, deliveryId: string): Promise<Response> =>
  sendWebhook(`${app.url}/api/github/webhooks`, { event, payload, secret: SECRET, deliveryId });

describe('webhooks the server enqueues without Probot', () => {
  it('a push is enqueued and answered 200 without Probot seeing it; its redelivery is ignored', async () => {
    added.length = 0;
    const probotReceives = vi.spyOn(app.probot.webhooks, 'verifyAndReceive');
    const push = webhook<{ after: string; repository: { full_name: string } }>('push');
    const first = await post('push', push, 'direct-push-1');
    expect([first.status, await first.text()]).toEqual([200, 'ok\n']);
    const again = await post('push', push, 'direct-push-1');
    expect([again.status, await again.text()]).toEqual([200, 'ok\n']);
    expect(
      added.map((j) => [j.data.trigger, `${j.data.owner}/${j.data.repo}`, j.data.sha, j.data.deliveryId]),
    ).toEqual([['push', push.repository.full_name, push.after, 'direct-push-1']]);
    expect(probotReceives).not.toHaveBeenCalled();
    probotReceives.mockRestore();
  });

  it('a pull request is enqueued with its comparison; an edit that leaves the base alone makes no job', async () => {
    added.length = 0;
    const opened = webhook<{
      pull_request: { number: number; base: { sha: string }; head: { sha: string } };
    }>('pull_request.opened');
    expect((await post('pull_request', opened, 'direct-pr-1')).status).toBe(200);
    expect(
      (await post('pull_request', { ...opened, action: 'edited', changes: {} }, 'direct-pr-2')).status,
    ).toBe(200);
    expect(added.map((j) => [j.data.trigger, j.data.sha, j.data.pullRequest, j.data.adoptExisting])).toEqual([
      [
        'pull_request',
        opened.pull_request.head.sha,
        { number: opened.pull_request.number, baseSha: opened.pull_request.base.sha },
        false,
      ],
    ]);
  });

  it('a failed enqueue answers 500 naming the error, and GitHub’s redelivery is enqueued', async () => {
    added.length = 0;
    const push = webhook('push');
    failNext = true;
    const failed = await post('push', push, 'direct-push-fail');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'Error: Redis is unreachable' });
    expect((await post('push', push, 'direct-push-fail')).status).toBe(200);
    expect(added.map((j) => j.data.deliveryId)).toEqual(['direct-push-fail']);
  });

  it('other events still go through Probot', async () => {
    added.length = 0;
    const probotReceives = vi.spyOn(app.probot.webhooks, 'verifyAndReceive');
    const payload = webhook<{ repositories_added: unknown[] }>('installation_repositories.added');
    const response = await post('installation_repositories', payload, 'direct-other');
    expect([response.status, await response.text()]).toEqual([200, 'ok\n']);
    expect(probotReceives).toHaveBeenCalledTimes(1);
    expect(added.map((j) => j.data.trigger)).toEqual(payload.repositories_added.map(() => 'installation'));
    probotReceives.mockRestore();
  });
});
