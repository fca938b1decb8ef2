import { Octokit } from '@octokit/rest';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import branchProtection from '../../checks/branch-protection.js';
import licenceFile from '../../checks/licence-file.js';
import readme from '../../checks/readme.js';
import { rateLimitWait } from '../../src/app/octokit.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { audit } from '../../src/engine/run.js';
import { GitHubSource, type GitHubClient } from '../../src/snapshot/github/index.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';
import { HEAD_SHA, webhook } from './support.js';
import { files, loadApp, loopbackOnly } from './load-app.js';

/**
 * Defect 16: a rate limit is not a refusal. A secondary limit that outlasted the retries is
 * reported as rate-limited, never as "no permission"; a primary limit never keeps a job waiting:
 * the audit throws a RateLimitError and the queue runs it again after the reset.
 */

let fake: FakeGitHub;
holdToContract(() => fake);

loopbackOnly();
beforeEach(async () => {
  fake = new FakeGitHub({
    permissions: { checks: 'write', contents: 'read', metadata: 'read', administration: 'read' },
  });
  await fake.start();
  fake.addRepo({
    owner: 'acme-gov',
    name: 'payments-api',
    files: files({ 'README.md': '# Payments\n', LICENSE: 'MIT License\n' }),
    sha: HEAD_SHA,
  });
});
afterEach(async () => {
  await fake.stop();
});

describe('defect 16: a rate limit is reported as one, and waited out by the queue', () => {
  it('a secondary limit on an API fact is "rate-limited", not "GitHub refused to show"', async () => {
    fake.failRateLimit('secondary', 'GET', /\/branches\/main\/protection$/);
    const client = new Octokit({ auth: 't', baseUrl: fake.url }) as unknown as GitHubClient;
    const source = new GitHubSource(client, { owner: 'acme-gov', repo: 'payments-api' });
    const { report } = await audit(source, { checks: [branchProtection], now: FIXED_NOW });
    expect(report.findings.map((f) => [f.status, f.message])).toEqual([
      [
        'unknown',
        "Whether the default branch is protected is unknown: GitHub rate-limited the request: GitHub's secondary rate limit refused reading the branch protection of the default branch (GitHub request id FAKE:4).",
      ],
    ]);
    expect(report.findings[0]?.message).not.toMatch(/refused to show|may not read/);
  });

  it('a primary limit inside an audit re-queues the job for after the reset; the runs then complete', async () => {
    const { probot, handle } = await loadApp(fake, {
      checks: [licenceFile, readme],
      docsBaseUrl: 'https://example.test/',
      concurrency: 2,
      now: undefined,
    });
    // The tree read meets a primary limit that resets in a second.
    fake.failRateLimit('primary', 'GET', /\/git\/trees\//, { seconds: 1 });
    const push = webhook<Record<string, unknown>>('push');
    await probot.receive({ id: 'rate-limited-push', name: 'push', payload: push } as Parameters<
      Probot['receive']
    >[0]);
    await handle?.queue.idle();
    const runs = fake.checkRunsFor('acme-gov', 'payments-api', HEAD_SHA);
    expect(
      runs.map((r) => [
        r.name,
        r.status,
        r.conclusion !== 'failure' || !/audit could not|rate limit/i.test(r.output.summary ?? ''),
      ]),
    ).toEqual([
      ['TCoP 3 · Open source', 'completed', true],
      ['TCoP 4 · Open standards', 'completed', true],
      ['TCoP 6 · Secure', 'completed', true],
      ['TCoP 12 · Sustainable', 'completed', true],
    ]);
    expect(runs.map((r) => r.output.summary).join('\n')).not.toMatch(/rate limit/i);
    expect(fake.requests.filter((r) => r.path.includes('/git/trees/')).map((r) => r.status)).toEqual([
      403, 200,
    ]);
    await handle?.close();
  }, 60_000);

  it('no rate-limit wait is slept inside a job beyond seconds, with or without Redis', () => {
    // Longer waits (a primary limit resets within the hour) are the queue's.
    expect(rateLimitWait.inlineMaxSeconds).toBeLessThanOrEqual(10);
  });
});
