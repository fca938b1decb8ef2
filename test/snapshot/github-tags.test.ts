import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readme from '../../checks/readme.js';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { audit } from '../../src/engine/run.js';
import { openGitHubSource } from '../../src/snapshot/github-token.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';

/** Defect 12: `owner/repo@tag` names the commit the tag points at, annotated or not. */

let fake: FakeGitHub;
let commit: string;
holdToContract(() => fake);
const env = (): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url });

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  fake = new FakeGitHub();
  await fake.start();
  commit = fake.addRepo({
    owner: 'acme',
    name: 'tagged',
    files: new Map([['README.md', Buffer.from('# Tagged\n')]]),
  });
});
afterAll(async () => {
  await fake.stop();
  nock.enableNetConnect();
});

describe('defect 12: a tag is peeled to its commit', () => {
  it('an annotated tag reports the commit, not the tag object, and its files are read', async () => {
    const tagObject = fake.tag('acme', 'tagged', 'v1.0.0', commit, true);
    expect(tagObject).not.toBe(commit);
    const source = openGitHubSource({ owner: 'acme', repo: 'tagged', ref: 'v1.0.0' }, env(), {
      paced: false,
    });
    expect(await source.commit()).toBe(commit);
    const { report } = await audit(source, { checks: [readme], now: FIXED_NOW });
    expect(report.target).toEqual({ repo: 'acme/tagged', ref: 'v1.0.0', commit });
    expect(report.snapshot).toMatchObject({ files: 1, complete: true });
  });

  it('a lightweight tag names the commit directly', async () => {
    fake.tag('acme', 'tagged', 'v0.9.0', commit);
    const source = openGitHubSource({ owner: 'acme', repo: 'tagged', ref: 'v0.9.0' }, env(), {
      paced: false,
    });
    expect(await source.commit()).toBe(commit);
  });
});
