import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../src/snapshot/memory.js';

describe('Snapshot', () => {
  it('knows only the files it holds, whatever they are called', () => {
    const snapshot = memorySnapshot({ files: { 'README.md': '# Hello\n', 'src/toString': 'x\n' } });

    expect(snapshot.text('README.md')).toBe('# Hello\n');
    expect(snapshot.text('src/toString')).toBe('x\n');
    // Names an object already answers to: a repository may hold files called these.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(snapshot.content(name)).toBeUndefined();
      expect(snapshot.text(name)).toBeUndefined();
    }
  });
});

describe('memorySnapshot', () => {
  it('lists skipped files with their size and says why they were not read', () => {
    const snapshot = memorySnapshot({
      files: { 'src/a.ts': 'a\n' },
      skipped: {
        'dist/bundle.js': { reason: 'too-large', size: 3_000_000 },
        'LICENCE.pdf': { reason: 'binary', size: 90_000 },
      },
    });

    expect(snapshot.files).toEqual([
      { path: 'LICENCE.pdf', size: 90_000 },
      { path: 'dist/bundle.js', size: 3_000_000 },
      { path: 'src/a.ts', size: 2 },
    ]);
    expect(snapshot.content('dist/bundle.js')).toEqual({
      kind: 'skipped',
      reason: 'too-large',
      size: 3_000_000,
    });
    expect(snapshot.text('LICENCE.pdf')).toBeUndefined();
    expect(snapshot.text('src/a.ts')).toBe('a\n');
  });

  it('refuses a file that is both read and skipped', () => {
    expect(() =>
      memorySnapshot({ files: { LICENSE: 'MIT' }, skipped: { LICENSE: { reason: 'binary', size: 3 } } }),
    ).toThrow(/LICENSE both read and skipped/);
  });
});
