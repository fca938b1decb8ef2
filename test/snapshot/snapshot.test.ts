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
