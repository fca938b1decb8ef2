import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import { followRefs, isTextInclude } from './refs.js';

/** The walk over `$ref`s pinned whole: what is included, what is unresolved and why, one problem per missing directory or link. */

const LINK = 'is a symbolic link, which the audit does not follow, so what it points to was not checked';

describe('followRefs', () => {
  const refs = [
    './gone/x.yaml',
    './gone/y.yaml',
    './gone/deeper/z.yaml',
    './link/one.yaml',
    './link/two.yaml',
    './nofile.yaml',
    './big.yaml',
    './notes.md',
    './bad.yaml',
    'https://x.example/s.yaml',
    '#/a',
    './part.yaml',
    './part.yaml#/x',
    './missing.md',
    './solo/x.yaml',
    './one-link/a.yaml',
  ];
  const snapshot = memorySnapshot({
    files: {
      'api/openapi.yaml': refs.map((ref, i) => `k${i}:\n  $ref: "${ref}"\n`).join(''),
      'api/notes.md': '# Notes\n',
      'api/bad.yaml': 'a: [\n',
      'api/part.yaml': 'x:\n  $ref: ./sub/deep.yaml\ny:\n  $ref: ../api/notes.md\n',
      'api/sub/deep.yaml': 'y: 1\n',
    },
    skipped: {
      'api/link': { reason: 'symlink', size: 5 },
      'api/one-link': { reason: 'symlink', size: 5 },
      'api/big.yaml': { reason: 'too-large', size: 9 },
    },
  });
  // Walked inside each test, not while the file is collected: code run then is covered by no test.
  const graph = () => followRefs(snapshot, 'api/openapi.yaml');
  const at = (ref: string): number => 2 * refs.indexOf(ref) + 2;
  const missing = (ref: string) => ({ path: 'api/openapi.yaml', line: at(ref), ref, reason: 'missing' });
  const problem = (ref: string, severity: string, message: string) => ({
    path: 'api/openapi.yaml',
    line: at(ref),
    severity,
    message,
  });

  it('includes the files it reaches, text once and not walked, each file once', () => {
    expect(graph().includes).toEqual(['api/notes.md', 'api/part.yaml', 'api/sub/deep.yaml']);
  });

  it('records every reference it cannot follow, remote ones without fetching them', () => {
    expect(graph().unresolved).toEqual([
      missing('./gone/x.yaml'),
      missing('./gone/y.yaml'),
      missing('./gone/deeper/z.yaml'),
      missing('./link/one.yaml'),
      missing('./link/two.yaml'),
      missing('./nofile.yaml'),
      missing('./big.yaml'),
      missing('./bad.yaml'),
      {
        path: 'api/openapi.yaml',
        line: at('https://x.example/s.yaml'),
        ref: 'https://x.example/s.yaml',
        reason: 'remote',
      },
      missing('./missing.md'),
      missing('./solo/x.yaml'),
      missing('./one-link/a.yaml'),
    ]);
  });

  it('says why: one problem per missing directory or link, counting the rest', () => {
    expect(graph().problems).toEqual([
      problem(
        './gone/x.yaml',
        'error',
        '$ref "./gone/x.yaml" and 2 more into the same directory: api/gone/ is not in the repository',
      ),
      problem('./link/one.yaml', 'warning', `$ref "./link/one.yaml" and 1 more: api/link ${LINK}`),
      problem('./nofile.yaml', 'error', '$ref "./nofile.yaml": api/nofile.yaml is not in the repository'),
      problem('./big.yaml', 'warning', '$ref "./big.yaml": api/big.yaml was not read (too-large)'),
      problem(
        './bad.yaml',
        'warning',
        '$ref "./bad.yaml": api/bad.yaml is not YAML or JSON the audit could read',
      ),
      problem('./missing.md', 'error', '$ref "./missing.md": api/missing.md is not in the repository'),
      problem('./solo/x.yaml', 'error', '$ref "./solo/x.yaml": api/solo/ is not in the repository'),
      problem('./one-link/a.yaml', 'warning', `$ref "./one-link/a.yaml": api/one-link ${LINK}`),
    ]);
  });

  it('tells which references cannot be followed', () => {
    const from = (ref: string) => graph().isUnresolvable(ref, 'api/openapi.yaml');
    expect(
      ['./gone/q.yaml', './part.yaml', './bad.yaml', '#/a', 'http://x/y', './notes.md', './missing.md'].map(
        from,
      ),
    ).toEqual([true, false, true, false, true, false, true]);
  });

  it('reads Markdown, HTML and text as text includes, whatever the case', () => {
    expect(
      ['a.md', 'a.MARKDOWN', 'a.txt', 'a.htm', 'a.html', 'a.yaml', 'a.md.yaml', 'md'].map(isTextInclude),
    ).toEqual([true, true, true, true, true, false, false, false]);
  });
});
