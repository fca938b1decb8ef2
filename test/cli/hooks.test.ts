import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/check-harness.js';

describe('.pre-commit-hooks.yaml', () => {
  it('runs the package’s own bin on the whole repository, not on the changed files', () => {
    const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<
      string,
      unknown
    >[];
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      id: 'tcop-audit',
      language: 'node',
      pass_filenames: false,
      always_run: true,
    });
    expect(Object.keys(pkg.bin)).toContain(hooks[0]?.entry);
    expect(hooks[0]?.args).toEqual(['.', '--quiet']);
  });
});
