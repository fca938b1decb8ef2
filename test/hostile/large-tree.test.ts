/**
 * Very large trees on the GitHub route, bounded by caps, not by time: GitHub truncates a recursive
 * tree past 100,000 entries or 7 MB (the fake does too), the listing then walks subtrees, and an audit
 * reads at most MAX_FILES_READ files, shallowest first, saying how many it left unread. A directory
 * GitHub itself lists only in part makes the listing incomplete, with its name: before, the walk
 * ignored a truncated level and called the listing complete with files missing.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../src/devtools/fake-github.js';
import { openGitHubSource } from '../../src/snapshot/github-token.js';
import { ALIASES_PER_QUERY, MAX_FILES_READ } from '../../src/snapshot/github/blobs.js';
import type { SnapshotRequest } from '../../src/snapshot/types.js';
import { FIXED_NOW } from '../support/check-harness.js';
import { holdToContract } from '../support/contract.js';

const FILES = 100_000;
const DIRS = ['a', 'b', 'c', 'd'];
const request: SnapshotRequest = {
  wants: ['**/*'],
  needs: [],
  ignore: [],
  maxFileBytes: 1024 * 1024,
  now: FIXED_NOW,
};
const fakes: FakeGitHub[] = [];
let fake: FakeGitHub;
holdToContract(() => fake);

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(async () => {
  for (const f of fakes) await f.stop();
  nock.enableNetConnect();
});

async function repoOf(files: Map<string, Buffer>, options: ConstructorParameters<typeof FakeGitHub>[0] = {}) {
  fake = new FakeGitHub(options);
  fakes.push(fake);
  await fake.start();
  fake.addRepo({ owner: 'acme', name: 'huge', files });
  return openGitHubSource(
    { owner: 'acme', repo: 'huge' },
    { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url },
    { paced: false },
  );
}

const trees = (): string[] =>
  fake.requests
    .filter((r) => r.path.includes('/git/trees/'))
    .map((r) => (r.query.recursive === '1' ? 'recursive' : 'one level'));

describe('a 100,000-file repository on the GitHub route', () => {
  it('lists every file through the subtree walk and reads at most MAX_FILES_READ, shallowest first', async () => {
    const files = new Map<string, Buffer>([['README.md', Buffer.from('# Many\n')]]);
    for (let i = 0; i < FILES; i++)
      files.set(`${DIRS[i % 4]!}/f${String(i).padStart(6, '0')}.txt`, Buffer.from(`line ${i}\n`));
    const data = await (await repoOf(files)).load(request);
    // The whole tree is over the cap; each directory of 25,000 is under it.
    expect(trees()).toEqual(['recursive', 'one level', 'recursive', 'recursive', 'recursive', 'recursive']);
    expect(data.files.length).toBe(FILES + 1);
    expect(Object.values(data.contents).filter((c) => c.kind === 'text').length).toBe(MAX_FILES_READ);
    expect(data.contents['README.md']).toEqual({ kind: 'text', text: '# Many\n' });
    expect(fake.requests.filter((r) => r.graphqlOperation === 'TcopBlobs').length).toBe(
      MAX_FILES_READ / ALIASES_PER_QUERY,
    );
    expect(data.complete).toBe(false);
    expect(data.incompleteReason).toBe('90,001 wanted files were not read (at most 10,000 per audit)');
  }, 300_000);

  it('a directory GitHub lists only in part makes the listing incomplete and names it', async () => {
    const files = new Map<string, Buffer>([['README.md', Buffer.from('# Many\n')]]);
    for (let i = 0; i < 2_000; i++) files.set(`big/f${String(i).padStart(4, '0')}.txt`, Buffer.from('x\n'));
    const data = await (await repoOf(files, { treeByteLimit: 64 * 1024 })).load(request);
    expect(trees()).toEqual(['recursive', 'one level', 'recursive', 'one level']);
    expect(data.files.length).toBeLessThan(2_001);
    expect(data.complete).toBe(false);
    expect(data.incompleteReason).toBe(
      'GitHub truncated the file list of this very large repository; GitHub listed only part of 1 directory with more entries than it lists (big/)',
    );
  });
});
