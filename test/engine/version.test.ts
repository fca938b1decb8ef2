import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL_REPOSITORY, TOOL_VERSION, docsUrl, repositoryWebUrl } from '../../src/engine/version.js';

/** The tool's own version and where its source lives, from package.json. */

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  repository?: unknown;
};

describe('version', () => {
  it('is package.json’s', () => {
    expect(TOOL_VERSION).toBe(pkg.version);
  });

  it('links docs to the repository when package.json names one, else not at all', () => {
    expect(TOOL_REPOSITORY).toBe(repositoryWebUrl(pkg.repository as string | undefined));
    expect(docsUrl('docs/checks/readme.md')).toBe(
      TOOL_REPOSITORY ? `${TOOL_REPOSITORY}/blob/main/docs/checks/readme.md` : undefined,
    );
  });
});

describe('repositoryWebUrl', () => {
  it.each([
    ['acme/tool', 'https://github.com/acme/tool'],
    ['github:acme/tool', 'https://github.com/acme/tool'],
    ['github:acme-gov/tool.js', 'https://github.com/acme-gov/tool.js'],
    ['https://github.com/acme/tool', 'https://github.com/acme/tool'],
    ['https://github.com/acme/tool/', 'https://github.com/acme/tool'],
    ['git+https://github.com/acme/tool.git', 'https://github.com/acme/tool'],
    ['git@github.com:acme/tool.git', 'https://github.com/acme/tool'],
    ['https://gitlab.com/acme/tool', undefined],
    ['gitlab:acme/tool', undefined],
    ['https://github.com/acme', undefined],
    ['https://github.com/acme/tool/tree/main', undefined],
    ['acme/tool/extra', undefined],
    ['', undefined],
  ])('%s → %s', (raw, url) => {
    expect(repositoryWebUrl(raw)).toBe(url);
  });

  it('reads the url of an object, and nothing from none', () => {
    expect(repositoryWebUrl({ url: 'git+https://github.com/acme/tool.git' })).toBe(
      'https://github.com/acme/tool',
    );
    expect(repositoryWebUrl({})).toBeUndefined();
    expect(repositoryWebUrl(undefined)).toBeUndefined();
  });
});
