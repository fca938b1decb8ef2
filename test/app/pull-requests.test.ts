import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import branchProtection from '../../checks/branch-protection.js';
import licenceFile from '../../checks/licence-file.js';
import privateVulnerabilityReporting from '../../checks/private-vulnerability-reporting.js';
import readme from '../../checks/readme.js';
import secretScanning from '../../checks/secret-scanning.js';
import type { AppHandle } from '../../src/app/index.js';
import type { FakeGitHub } from '../../src/devtools/fake-github.js';
import { holdToContract } from '../support/contract.js';
import { BASE_SHA, HEAD_SHA, callLines, webhook } from './support.js';
import { files, loopbackOnly, startAppOnFake, stopAppOnFake, webhookDeliverer } from './load-app.js';

/**
 * A pull request's audit on the contract-checked fake: the base is read for its commit only
 * (defect 8), and the comparison survives a fork's re-run and a change of base (defect 10).
 */

const CHECKS = [licenceFile, readme, branchProtection, privateVulnerabilityReporting, secretScanning];
const NEW_BASE = '5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e';
type Payload = Record<string, unknown> & {
  repository: Record<string, unknown>;
  pull_request: Record<string, unknown> & { base: Record<string, unknown> };
};

let fake: FakeGitHub;
let probot: Probot;
let handle: AppHandle;
holdToContract(() => fake);

loopbackOnly();

beforeEach(async () => {
  ({ fake, probot, handle } = await startAppOnFake(
    { checks: CHECKS, concurrency: 2 },
    {
      permissions: {
        checks: 'write',
        contents: 'read',
        metadata: 'read',
        pull_requests: 'read',
        administration: 'read',
      },
    },
  ));
  fake.addRepo({
    owner: 'acme-gov',
    name: 'payments-api',
    files: files({ LICENSE: 'MIT License\n' }),
    sha: BASE_SHA,
  });
  fake.commit('acme-gov', 'payments-api', files({ 'README.md': '# Payments\n' }), HEAD_SHA);
  fake.commit(
    'acme-gov',
    'payments-api',
    files({ LICENSE: 'MIT License\n', 'README.md': '# Pay\n' }),
    NEW_BASE,
  );
});
afterEach(() => stopAppOnFake({ fake, handle }));

const deliver = webhookDeliverer(() => ({ probot, handle }), 'pr-delivery');
const summaries = (): string =>
  fake
    .checkRunsFor('acme-gov', 'payments-api', HEAD_SHA)
    .map((r) => r.output.summary ?? '')
    .join('\n');
/** Reads of repository-level facts: rules, classic protection, vulnerability reporting, the repository. */
const factReads = (): string[] =>
  callLines(fake.requests).filter((c) =>
    /^GET \/repos\/acme-gov\/payments-api(\/rules\/branches\/main\?per_page=100&page=1|\/branches\/main\/protection|\/private-vulnerability-reporting)?$/.test(
      c,
    ),
  );

describe('defect 8: a pull request audit reads repository-level facts once', () => {
  it('the base audit reuses the head’s rules, protection and settings reads', async () => {
    await deliver('pull_request', webhook('pull_request.opened'));
    expect(summaries()).toContain('Compared with the base commit `1a2b3c4`');
    expect(factReads().sort()).toEqual([
      'GET /repos/acme-gov/payments-api',
      'GET /repos/acme-gov/payments-api/branches/main/protection',
      'GET /repos/acme-gov/payments-api/private-vulnerability-reporting',
      'GET /repos/acme-gov/payments-api/rules/branches/main?per_page=100&page=1',
    ]);
  });
});

describe('defect 10: the comparison survives fork re-runs and a change of base', () => {
  const forkPull = {
    number: 17,
    headSha: HEAD_SHA,
    headRef: 'security-policy',
    baseSha: BASE_SHA,
    baseRef: 'main',
    fork: true,
  };

  it('a check suite re-run of a fork’s pull request (empty pull_requests) looks the pull request up', async () => {
    fake.addPull('acme-gov', 'payments-api', forkPull);
    const payload = webhook<Record<string, unknown> & { check_suite: Record<string, unknown> }>(
      'check_suite.rerequested',
    );
    await deliver('check_suite', { ...payload, check_suite: { ...payload.check_suite, pull_requests: [] } });
    expect(callLines(fake.requests)).toContain(
      `GET /repos/acme-gov/payments-api/commits/${HEAD_SHA}/pulls?per_page=100`,
    );
    expect(callLines(fake.requests)).toContain(
      `GET /repos/acme-gov/payments-api/git/trees/${BASE_SHA}?recursive=1`,
    );
    expect(summaries()).toContain('Compared with the base commit `1a2b3c4`');
  });

  it('a check run re-run of a fork’s pull request (empty pull_requests) looks the pull request up', async () => {
    fake.addPull('acme-gov', 'payments-api', forkPull);
    const payload = webhook<Record<string, unknown> & { check_run: Record<string, unknown> }>(
      'check_run.rerequested',
    );
    await deliver('check_run', { ...payload, check_run: { ...payload.check_run, pull_requests: [] } });
    expect(summaries()).toContain('Compared with the base commit `1a2b3c4`');
  });

  it('pull_request.edited with a changed base compares with the new base', async () => {
    const opened = webhook<Payload>('pull_request.opened');
    await deliver('pull_request', opened);
    expect(summaries()).toContain('Compared with the base commit `1a2b3c4`');
    await deliver('pull_request', {
      ...opened,
      action: 'edited',
      changes: { base: { ref: { from: 'main' }, sha: { from: BASE_SHA } } },
      pull_request: {
        ...opened.pull_request,
        base: { ...opened.pull_request.base, ref: 'release', sha: NEW_BASE },
      },
    });
    const runs = fake.checkRunsFor('acme-gov', 'payments-api', HEAD_SHA);
    expect(runs.filter((r) => r.status === 'completed')).toHaveLength(runs.length);
    expect(runs.map((r) => r.output.summary ?? '').join('\n')).toContain('`5e5e5e5`');
  });

  it('pull_request.edited that leaves the base alone (a new title) audits nothing', async () => {
    const opened = webhook<Payload>('pull_request.opened');
    await deliver('pull_request', opened);
    fake.resetLog();
    await deliver('pull_request', { ...opened, action: 'edited', changes: { title: { from: 'Old' } } });
    expect(callLines(fake.requests)).toEqual([]);
  });
});
