import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../../src/devtools/demo.js';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('the offline demo', () => {
  it('re-run twice on the same commits leaves exactly four completed check runs per commit, no annotation twice', async () => {
    const { commits } = await demo({ reruns: 2, print: false });
    expect(commits).toHaveLength(2);
    for (const commit of commits) {
      expect(commit.runs.map((r) => r.name).sort()).toEqual([
        'TCoP 12 · Sustainable',
        'TCoP 3 · Open source',
        'TCoP 4 · Open standards',
        'TCoP 6 · Secure',
      ]);
      expect(commit.runs.every((r) => r.status === 'completed' && r.conclusion !== null)).toBe(true);
      for (const list of Object.values(commit.annotations)) expect(new Set(list).size).toBe(list.length);
    }
    // The pull request adds a Word document: an annotation that must be there once, not three times.
    expect(
      Object.values(commits[1]?.annotations ?? {})
        .flat()
        .filter((a) => a.includes('.docx')),
    ).toHaveLength(1);
  }, 120_000);
});
