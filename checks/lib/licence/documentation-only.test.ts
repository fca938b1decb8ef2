import { describe, expect, it } from 'vitest';
import { memorySnapshot } from '../../../src/snapshot/memory.js';
import { isDocumentationOnly, isSourcePath } from './documentation-only.js';

const only = (...paths: string[]): boolean =>
  isDocumentationOnly(memorySnapshot({ files: Object.fromEntries(paths.map((p) => [p, ''])) }));

describe('isSourcePath', () => {
  it.each([
    ['src/app.ts', true],
    ['App.JAVA', true],
    ['analysis.ipynb', true],
    ['main.tf', true],
    ['docs/index.md', false],
    ['data.csv', false],
    ['app.ts.bak', false],
    ['ts', false],
  ])('%s: %s', (path, source) => {
    expect(isSourcePath(path)).toBe(source);
  });
});

describe('isDocumentationOnly', () => {
  it('is documentation without source files and code manifests', () => {
    expect(only('README.md', 'docs/guide.md', 'data/x.csv')).toBe(true);
    expect(only()).toBe(true);
  });

  it('is code with a source file or a code manifest anywhere', () => {
    expect(only('README.md', 'src/app.py')).toBe(false);
    expect(only('README.md', 'package.json')).toBe(false);
    expect(only('README.md', 'service/Dockerfile')).toBe(false);
    expect(only('README.md', 'go.mod')).toBe(false);
    expect(only('README.md', 'Makefile')).toBe(false);
  });

  it('does not count CI, editor and tool settings as code', () => {
    expect(only('README.md', '.github/workflows/x.sh', '.vscode/x.js', '.devcontainer/Dockerfile')).toBe(
      true,
    );
    expect(only('README.md', 'x/.github/a.sh')).toBe(false);
    expect(only('README.md', 'mypackage.json', 'Dockerfile.md')).toBe(true);
  });
});
