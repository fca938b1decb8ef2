import path from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import { metrics } from '../../src/app/metrics.js';
import type { RunningApp } from '../../src/app/server.js';
import { startTestServer } from './load-app.js';
import { FakeGitHub, readTree, sendWebhook, type RecordedRequest } from '../../src/devtools/fake-github.js';
import { FIXTURES } from '../support/check-harness.js';
import { webhook } from './support.js';

/**
 * The GitHub budget per installation on the loopback fake: what an audit costs, conditional
 * re-reads that cost nothing, and scheduled re-audits paced to their share of the budget.
 */
const SECRET = 'budget-webhook-secret';
const OWNER = 'acme-gov';

let fake: FakeGitHub;
let app: RunningApp | undefined;
let files: Map<string, Buffer>;

async function startWith(env: Record<string, string> = {}): Promise<RunningApp> {
  app = await startTestServer(fake, {
    secret: SECRET,
    env: {
      TCOP_STORE: 'off',
      ...env,
    },
    settings: { checks: [licenceFile, readme] },
  });
  return app;
}

/** What the schedule's audits spent, by the worker's own count (the `tcop_github_audit_cost_total` metric). */
async function scheduleCost(api: 'rest' | 'graphql'): Promise<number> {
  const { values } = await metrics.githubCost.get();
  return values.find((v) => v.labels.api === api && v.labels.trigger === 'schedule')?.value ?? 0;
}

/** REST requests an audit made with the installation's token, as GitHub would count them. */
const auditRest = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter(
    (r) =>
      r.auth === 'token' &&
      r.path !== '/graphql' &&
      r.path !== '/installation/repositories' &&
      !r.path.endsWith('/access_tokens'),
  );

const completedRepos = (): Set<string> =>
  new Set([...fake.checkRuns.values()].filter((r) => r.status === 'completed').map((r) => r.repo));

beforeEach(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  files = await readTree(path.join(FIXTURES, 'minimal-pass'));
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  await fake?.stop();
  nock.enableNetConnect();
});

describe('GitHub budget per installation', () => {
  it('the fake answers a conditional re-read as GitHub does: 304, no body, the same ETag, nothing counted', async () => {
    fake = new FakeGitHub();
    await fake.start();
    const sha = fake.addRepo({ owner: OWNER, name: 'etag', files });
    const url = `${fake.url}/repos/${OWNER}/etag/git/trees/${sha}?recursive=1`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    // A third, unconditional read counts again.
    const third = await fetch(url);
    await third.arrayBuffer();
    expect(Number(third.headers.get('x-ratelimit-remaining'))).toBe(remaining - 1);
  });

  it('a scheduled re-audit re-reads what the push audit read with If-None-Match; the 304s are not counted', async () => {
    fake = new FakeGitHub();
    await fake.start();
    const sha = fake.addRepo({ owner: OWNER, name: 'payments-api', files });
    const running = await startWith();
    const response = await sendWebhook(`${running.url}/api/github/webhooks`, {
      event: 'push',
      secret: SECRET,
      payload: { ...webhook<Record<string, unknown>>('push'), after: sha },
    });
    expect(response.status).toBe(200);
    await fake.waitForCheckRuns(sha, 4);
    await running.handle.queue.idle();

    fake.resetLog();
    const restBefore = await scheduleCost('rest');
    expect(await running.handle.reauditAll()).toBe(1);
    await running.handle.queue.idle();
    const rest = auditRest(fake.requests);
    const notModified = rest.filter((r) => r.status === 304);
    // The commit has not moved: its tree is the one the push audit read, and comes back 304.
    expect(notModified.map((r) => r.operation)).toEqual(['GET /repos/{owner}/{repo}/git/trees/{tree_sha}']);
    expect(notModified.every((r) => r.conditional)).toBe(true);
    // The audit counts what GitHub counts: every REST request but the 304s.
    expect((await scheduleCost('rest')) - restBefore).toBe(rest.length - notModified.length);
    expect(rest.length - notModified.length).toBeGreaterThan(0);
  });

  it('an audit counts the GraphQL points GitHub answers in rateLimit { cost }, not one a query', async () => {
    // Queries GitHub prices above its minimum: the audit's count must be GitHub's, not a guess.
    fake = new FakeGitHub({ graphqlCost: 3 });
    await fake.start();
    const sha = fake.addRepo({ owner: OWNER, name: 'priced', files });
    const running = await startWith();
    fake.resetLog();
    const before = await scheduleCost('graphql');
    expect(await running.handle.reauditAll()).toBe(1);
    await fake.waitForCheckRuns(sha, 4);
    await running.handle.queue.idle();
    const queries = fake.requests.filter((r) => r.path === '/graphql' && r.status === 200);
    expect(queries.length).toBeGreaterThan(0);
    expect((await scheduleCost('graphql')) - before).toBe(3 * queries.length);
    expect(queries.every((r) => /^Tcop(Config|Blobs)$/.test(r.graphqlOperation ?? ''))).toBe(true);
  });

  it('scheduled re-audits stop at their share of the installation budget; the rest wait for the next window', async () => {
    const LIMIT = 100;
    fake = new FakeGitHub({ rateLimit: LIMIT });
    await fake.start();
    const names = Array.from({ length: 12 }, (_, i) => `scheduled-${i}`);
    for (const name of names) fake.addRepo({ owner: OWNER, name, files });
    const running = await startWith({ TCOP_SCHEDULE_BUDGET_SHARE: '0.5' });
    const deferredBefore = (await metrics.deferred.get()).values[0]?.value ?? 0;
    fake.resetLog();
    expect(await running.handle.reauditAll()).toBe(names.length);
    await running.handle.queue.idle();

    const spent = auditRest(fake.requests).filter((r) => r.status !== 304).length;
    const audited = completedRepos();
    const deferred = ((await metrics.deferred.get()).values[0]?.value ?? 0) - deferredBefore;
    // Within half of the installation's 100 REST requests this window, and only audits that finished.
    expect(spent).toBeLessThanOrEqual(LIMIT / 2);
    expect(audited.size).toBeGreaterThan(0);
    expect(audited.size + deferred).toBe(names.length);
    expect(deferred).toBeGreaterThan(0);
    // What was deferred waits for the reset, not failed or dropped.
    expect(await running.handle.queue.counts?.()).toMatchObject({ delayed: deferred, active: 0 });
    expect(fake.requests.some((r) => r.status === 403)).toBe(false);
  });

  it('with the whole budget allowed, the same schedule spends past half of it (the share is what stops it)', async () => {
    const LIMIT = 100;
    fake = new FakeGitHub({ rateLimit: LIMIT });
    await fake.start();
    const names = Array.from({ length: 12 }, (_, i) => `unpaced-${i}`);
    for (const name of names) fake.addRepo({ owner: OWNER, name, files });
    const running = await startWith({ TCOP_SCHEDULE_BUDGET_SHARE: '1' });
    fake.resetLog();
    await running.handle.reauditAll();
    await running.handle.queue.idle();
    const spent = auditRest(fake.requests).filter((r) => r.status !== 304).length;
    expect(spent).toBeGreaterThan(LIMIT / 2);
    expect(spent).toBeLessThanOrEqual(LIMIT);
  });
});
