import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FakeGitHub, generateRepoFiles } from '../../src/devtools/fake-github.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { holdToContract } from '../support/contract.js';

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('tcop-audit crawl (command line)', () => {
  const fake = new FakeGitHub();
  holdToContract(() => fake);
  let dir = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    const url = await fake.start();
    fake.addRepo({ owner: 'acme', name: 'portal', files: generateRepoFiles(2) });
    fake.addRepo({ owner: 'acme', name: 'hidden', files: generateRepoFiles(2), visibility: 'private' });
    dir = await mkdtemp(path.join(tmpdir(), 'tcop-crawl-'));
    env = { TCOP_FORUM_TOKEN: 'ghp_forum', GITHUB_API_URL: url };
  });
  afterAll(async () => {
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('crawls, stores, keeps its state, and the second run is free', async () => {
    const forum = path.join(dir, 'forum.yml');
    await writeFile(
      forum,
      'version: 1\nsuppliers:\n  - id: acme\n    name: Acme\n    organisations: [acme]\n',
    );
    const database = path.join(dir, 'audits.sqlite');
    const first = io(env);
    expect(await main(['crawl', forum, '--store', `sqlite:${database}`, '-q'], first.io)).toBe(0);
    const state = JSON.parse(await readFile(`${forum}.state.json`, 'utf8')) as {
      heads: Record<string, unknown>;
    };
    expect(Object.keys(state.heads)).toEqual(['acme/portal']);
    const second = io(env);
    expect(await main(['crawl', forum, '--store', `sqlite:${database}`], second.io)).toBe(0);
    expect(second.out()).toMatch(/^Audited 0; unchanged 1, .*2 API requests \(2 answered 304, free\)/);
    const store = await openSqliteStore(database);
    try {
      expect((await store.listOwners({ publicOnly: false })).length).toBe(1);
      expect(await store.getRepository('acme', 'hidden', { publicOnly: false })).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('names the file and line of a mistake in forum.yml, and exits 2', async () => {
    const forum = path.join(dir, 'bad.yml');
    await writeFile(
      forum,
      'version: 1\nsuppliers:\n  - id: acme\n    name: Acme\n    organisations: [acme]\n    contact: ftp://x\n',
    );
    const run = io(env);
    expect(await main(['crawl', forum], run.io)).toBe(2);
    expect(run.err()).toBe(
      `tcop-audit crawl: ${forum}:6: suppliers[0].contact: must be an http(s) or mailto: URL\n`,
    );
  });

  it('needs a token', async () => {
    const forum = path.join(dir, 'forum.yml');
    const run = io({});
    expect(await main(['crawl', forum], run.io)).toBe(2);
    expect(run.err()).toMatch(/TCOP_FORUM_TOKEN/);
  });
});
