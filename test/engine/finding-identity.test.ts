import { describe, expect, it } from 'vitest';
import { findingIdentity } from '../../src/engine/finding-identity.js';
import type { Finding } from '../../src/engine/report.js';

/** What makes a finding the same finding on another commit: exact identities, key by key. */

const base: Finding = {
  check: 'no-committed-secrets',
  criterion: 'tcop-6',
  level: 'baseline',
  status: 'fail',
  messageId: 'secretFound',
  message: 'A secret.',
  location: { path: 'src/a.ts', startLine: 3 },
};
const withEvidence = (evidence: Finding['evidence']): Finding => ({ ...base, evidence });

describe('findingIdentity', () => {
  it('is check, message id, path and evidence, joined by NUL; the status only when asked', () => {
    expect(findingIdentity(base)).toBe('no-committed-secrets\u0000secretFound\u0000src/a.ts\u0000');
    expect(findingIdentity(base, { withStatus: true })).toBe(
      'no-committed-secrets\u0000secretFound\u0000fail\u0000src/a.ts\u0000',
    );
    expect(findingIdentity(base, { withStatus: false })).toBe(findingIdentity(base));
  });

  it('a finding without a location has an empty path', () => {
    const { location: _, ...nowhere } = base;
    expect(findingIdentity(nowhere)).toBe('no-committed-secrets\u0000secretFound\u0000\u0000');
  });

  it('keeps string, boolean and null evidence, sorted by key, and drops numbers, lists and objects', () => {
    expect(
      findingIdentity(
        withEvidence({
          rule: 'github-token',
          masked: 'ghp_••••',
          count: 2,
          paths: ['a'],
          nested: { a: 1 },
          ok: false,
          none: null,
        }),
      ),
    ).toBe(
      'no-committed-secrets\u0000secretFound\u0000src/a.ts\u0000masked=ghp_••••\u0001none=null\u0001ok=false\u0001rule=github-token',
    );
  });

  it('leaves out the keys that say where in a file, in any case, and only those whole keys', () => {
    const positions = Object.fromEntries(
      [
        'line',
        'lines',
        'column',
        'columns',
        'startLine',
        'start_line',
        'endLine',
        'end_column',
        'StartColumn',
        'offset',
        'index',
        'position',
        'LINE',
      ].map((k) => [k, 'moves']),
    );
    expect(findingIdentity(withEvidence(positions))).toBe(findingIdentity(withEvidence({})));
    expect(findingIdentity(withEvidence({})).endsWith('\u0000')).toBe(true);
    const kept = withEvidence({ pipeline: 'a', lineage: 'b', startLines: 'c', reindex: 'd', end: 'e' });
    expect(findingIdentity(kept).split('\u0000')[3]).toBe(
      'end=e\u0001lineage=b\u0001pipeline=a\u0001reindex=d\u0001startLines=c',
    );
  });

  it('the line never changes the identity; the path and the evidence do', () => {
    const moved = { ...base, location: { path: 'src/a.ts', startLine: 90 } };
    expect(findingIdentity(moved)).toBe(findingIdentity(base));
    expect(findingIdentity({ ...base, location: { path: 'src/b.ts' } })).not.toBe(findingIdentity(base));
    expect(findingIdentity(withEvidence({ rule: 'x' }))).not.toBe(
      findingIdentity(withEvidence({ rule: 'y' })),
    );
  });
});
