import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { metadataFacts } from '../../src/snapshot/github/facts.js';
import { GitHubSource, type GitHubClient } from '../../src/snapshot/github/index.js';
import { openGitHubSource } from '../../src/snapshot/github-token.js';
import type { SnapshotRequest } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';

const files = (entries: Record<string, string>): Map<string, Buffer> =>
  new Map(Object.entries(entries).map(([p, c]) => [p, Buffer.from(c)]));

const request = (extra: Partial<SnapshotRequest> = {}): SnapshotRequest => ({
  wants: [],
  needs: [],
  ignore: [],
  maxFileBytes: 1024 * 1024,
  now: FIXED_NOW,
  ...extra,
});

/** More top-level directories than the walk of a truncated tree may read (400 requests). */
const DIRECTORIES = 410;

let fake: FakeGitHub;
holdToContract(() => fake);

/** A source for acme/<repo> that knows the installation's permissions, as the App's does. */
function source(repo: string, permissions?: Record<string, string>): GitHubSource {
  const env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url };
  const opened = openGitHubSource({ owner: 'acme', repo }, env, { paced: false }) as unknown as {
    client: GitHubClient;
  };
  return new GitHubSource(opened.client, { owner: 'acme', repo, ...(permissions ? { permissions } : {}) });
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // 500 entries: the root level of `huge` (410 directories) fits, its recursive tree (820) does not.
  fake = new FakeGitHub({ treeEntryLimit: 500 });
  await fake.start();
  fake.addRepo({ owner: 'acme', name: 'service', files: files({ 'README.md': '# Service\n' }) });
  fake.addRepo({
    owner: 'acme',
    name: 'huge',
    files: files(
      Object.fromEntries(Array.from({ length: DIRECTORIES }, (_, i) => [`d${i}/file.ts`, `export {};\n`])),
    ),
  });
});

afterAll(async () => {
  await fake.stop();
  nock.enableNetConnect();
});

describe('API-only facts GitHub refuses', () => {
  const needs: SnapshotRequest['needs'] = ['privateVulnerabilityReporting'];

  it('a 403 is "no permission", even when the installation says it may read', async () => {
    fake.failNext({
      method: 'GET',
      path: /\/private-vulnerability-reporting$/,
      status: 403,
      times: 1,
      message: 'Resource not accessible by integration',
    });
    const data = await source('service', { administration: 'read' }).load(request({ needs }));
    expect(data.facts.privateVulnerabilityReporting).toEqual({
      state: 'unavailable',
      reason: 'no-permission',
      detail: expect.stringMatching(/^GitHub refused to show private vulnerability reporting/),
    });
  });

  it('another refusal is an error, not "no permission"', async () => {
    fake.failNext({
      method: 'GET',
      path: /\/private-vulnerability-reporting$/,
      status: 422,
      times: 1,
      message: 'Validation Failed',
    });
    const data = await source('service', { administration: 'read' }).load(request({ needs }));
    expect(data.facts.privateVulnerabilityReporting).toMatchObject({ state: 'unavailable', reason: 'error' });
  });
});

describe('branch protection', () => {
  it('keeps the rulesets and the classic protection of the branch side by side', async () => {
    fake.setBranchRules('acme', 'service', 'main', [{ type: 'non_fast_forward' }, { type: 'deletion' }]);
    fake.setProtection('acme', 'service', 'main', {
      required_pull_request_reviews: {
        dismiss_stale_reviews: false,
        require_code_owner_reviews: false,
        required_approving_review_count: 2,
      },
      required_status_checks: {
        contexts: ['ci', 'ci'],
        checks: [
          { context: 'ci', app_id: null },
          { context: 'lint', app_id: 15368 },
        ],
      },
    });
    try {
      const data = await source('service', { administration: 'read', metadata: 'read' }).load(
        request({ needs: ['branchProtection'] }),
      );
      expect(data.facts.branchProtection).toEqual({
        state: 'known',
        value: {
          branch: 'main',
          rules: { state: 'known', value: [{ type: 'non_fast_forward' }, { type: 'deletion' }] },
          classic: { state: 'known', value: { requiredReviews: 2, requiredStatusChecks: ['ci', 'lint'] } },
        },
      });
    } finally {
      fake.setBranchRules('acme', 'service', 'main', []);
      fake.setProtection('acme', 'service', 'main', null);
    }
  });
});

/** A `pull_request` rule's parameters, all of those GitHub's schema requires. */
const REVIEW_PARAMETERS = {
  dismiss_stale_reviews_on_push: false,
  require_code_owner_review: false,
  require_last_push_approval: false,
  required_approving_review_count: 1,
  required_review_thread_resolution: false,
};

describe('defect 15: branch rules', () => {
  it('are read on every page: a review rule after the first 100 is kept', async () => {
    // 120 rules from 120 rulesets: GitHub pages them (30 by default); the review rule is last.
    const many = [
      ...Array.from({ length: 119 }, () => ({ type: 'deletion' })),
      { type: 'pull_request', parameters: REVIEW_PARAMETERS },
    ];
    fake.setBranchRules('acme', 'service', 'main', many);
    try {
      const data = await source('service', { administration: 'read', metadata: 'read' }).load(
        request({ needs: ['branchProtection'] }),
      );
      const fact = data.facts.branchProtection;
      expect(fact?.state).toBe('known');
      const rules =
        fact?.state === 'known' && fact.value.rules.state === 'known' ? fact.value.rules.value : [];
      expect(rules).toHaveLength(120);
      expect(rules.at(-1)).toEqual({ type: 'pull_request', parameters: REVIEW_PARAMETERS });
    } finally {
      fake.setBranchRules('acme', 'service', 'main', []);
    }
  });
});

describe('a truncated tree', () => {
  it('whose walk gave up is not complete, and says how many directories were left out', async () => {
    const data = await source('huge').load(request());
    // The root level is one request, so 399 subtrees are read and the other 11 are not.
    expect(data.files).toHaveLength(399);
    expect(data.complete).toBe(false);
    expect(data.incompleteReason).toBe(
      'GitHub truncated the file list of this very large repository; 11 directories were not listed after 400 requests',
    );
  });
});

describe('repository metadata', () => {
  const repo = {
    visibility: 'PUBLIC' as const,
    isArchived: true,
    pushedAt: null,
    defaultBranchRef: { name: 'main' },
    commit: null,
    config: null,
  };

  it('says nothing of `archived` when neither the event nor the query read it', () => {
    expect(metadataFacts({ repo: null, org: null }, { visibility: 'public' }).archived).toBeUndefined();
  });

  it('takes `archived` from the event first, then from the query', () => {
    expect(metadataFacts({ repo, org: null }, { archived: false }).archived).toEqual({
      state: 'known',
      value: false,
    });
    expect(metadataFacts({ repo, org: null }, {}).archived).toEqual({ state: 'known', value: true });
  });
});
