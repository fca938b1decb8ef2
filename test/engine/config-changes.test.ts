import { describe, expect, it } from 'vitest';
import { compareConfigs, judgingConfig } from '../../src/engine/config-changes.js';
import { CONFIG_PATH, ConfigError } from '../../src/engine/config.js';

/** What a pull request changes in the config file, and which config judges it: exact outcomes. */

const repo = (text: string, path = CONFIG_PATH) => ({ path, text });
const ORG = { path: 'acme/.github:.github/tcop.yml', text: 'level: standard\n' };
const KNOWN = ['readme', 'licence-file'];
const BASE_COMMIT = { kind: 'base-commit', commit: 'b'.repeat(40) } as const;

describe('compareConfigs', () => {
  it('names the head file, else the base file, else the default path', () => {
    expect(compareConfigs(repo('level: standard\n', 'a.yml'), repo('level: exemplar\n', 'b.yml')).file).toBe(
      'b.yml',
    );
    expect(compareConfigs(repo('level: standard\n', 'a.yml'), undefined).file).toBe('a.yml');
    expect(compareConfigs(undefined, undefined)).toEqual({ file: CONFIG_PATH, state: 'unchanged' });
  });

  it('the same text is unchanged without being parsed', () => {
    const broken = repo('level: [\n');
    expect(compareConfigs(broken, broken)).toEqual({ file: CONFIG_PATH, state: 'unchanged' });
  });

  it('an empty file added is no change in settings', () => {
    expect(compareConfigs(undefined, repo(''))).toEqual({ file: CONFIG_PATH, state: 'unchanged' });
  });

  it('shows each setting added, as the file writes it', () => {
    expect(
      compareConfigs(
        undefined,
        repo(
          'mode: advisory\nlevel: exemplar\nmaxFileBytes: 2048\nchecks:\n  readme: warn\nexemptions:\n  - check: readme\n    reason: The README lives in the wiki for now.\n    expires: 2027-01-31\n    path: docs/**\n  - check: licence-file\n    reason: Licence choice is with the legal team.\n',
        ),
        { knownChecks: KNOWN },
      ),
    ).toEqual({
      file: CONFIG_PATH,
      state: 'changed',
      changes: [
        { key: 'checks.readme', head: 'warn' },
        { key: 'exemptions.licence-file', head: 'Licence choice is with the legal team.' },
        {
          key: 'exemptions.readme',
          head: 'docs/**: The README lives in the wiki for now. (until 2027-01-31)',
        },
        { key: 'level', head: 'exemplar' },
        { key: 'maxFileBytes', head: '2048' },
        { key: 'mode', head: 'advisory' },
      ],
    });
  });

  it('counts repeated list entries: one of two equal entries removed is one change', () => {
    expect(
      compareConfigs(repo('ignore: [a/**, a/**, b/**]\n'), repo('ignore: [b/**, a/**, c/**]\n')),
    ).toEqual({
      file: CONFIG_PATH,
      state: 'changed',
      changes: [
        { key: 'ignore', base: 'a/**' },
        { key: 'ignore', head: 'c/**' },
      ],
    });
  });

  it('a setting removed shows what it was; settings left as they were are not shown', () => {
    expect(
      compareConfigs(
        repo('level: standard\nmode: advisory\nignore: [a/**]\n'),
        repo('level: standard\nmode: enforce\n'),
      ),
    ).toEqual({
      file: CONFIG_PATH,
      state: 'changed',
      changes: [
        { key: 'ignore', base: 'a/**' },
        { key: 'mode', base: 'advisory', head: 'enforce' },
      ],
    });
  });

  it('a second exemption for the same check is a change of its own', () => {
    const one = `exemptions:\n  - check: readme\n    reason: The README lives in the wiki.\n    path: docs/**\n`;
    const two = `${one}  - check: readme\n    reason: The README lives in the wiki.\n    path: wiki/**\n`;
    expect(compareConfigs(repo(one), repo(two))).toEqual({
      file: CONFIG_PATH,
      state: 'changed',
      changes: [{ key: 'exemptions.readme', head: 'wiki/**: The README lives in the wiki.' }],
    });
  });

  it('a reordered list is no change', () => {
    expect(compareConfigs(repo('ignore: [a/**, b/**]\n'), repo('ignore: [b/**, a/**]\n'))).toEqual({
      file: CONFIG_PATH,
      state: 'unchanged',
    });
  });

  it('a head file that cannot be used is invalid, with its error; judged against the known checks', () => {
    expect(
      compareConfigs(repo('level: standard\n'), repo('checks:\n  readme: warn\n  sbom: off\n'), {
        knownChecks: KNOWN,
      }),
    ).toEqual({
      file: CONFIG_PATH,
      state: 'invalid',
      error: '.github/tcop.yml:3: checks.sbom: unknown check id "sbom"',
    });
    expect(compareConfigs(undefined, repo('checks:\n  sbom: off\n'))).toMatchObject({ state: 'changed' });
  });

  it('an invalid base file throws its ConfigError', () => {
    expect(() => compareConfigs(repo('level: high\n'), repo('level: standard\n'))).toThrow(ConfigError);
  });
});

describe('judgingConfig', () => {
  it('judges by the base files, org first, and compares the repository files', () => {
    expect(
      judgingConfig(
        { org: ORG, repo: repo('level: standard\n') },
        { repo: repo('level: baseline\n') },
        BASE_COMMIT,
        KNOWN,
      ),
    ).toEqual({
      files: [ORG, repo('level: standard\n')],
      judgedBy: BASE_COMMIT,
      comparison: {
        file: CONFIG_PATH,
        state: 'changed',
        changes: [{ key: 'level', base: 'standard', head: 'baseline' }],
      },
    });
    expect(judgingConfig({}, {}, { kind: 'default-branch', branch: 'main' }, KNOWN)).toEqual({
      files: [],
      judgedBy: { kind: 'default-branch', branch: 'main' },
      comparison: { file: CONFIG_PATH, state: 'unchanged' },
    });
  });

  it('an invalid base file that the commit changes gives way to the defaults and the org file', () => {
    const broken = repo('checks:\n  sbom: off\n');
    expect(
      judgingConfig({ org: ORG, repo: broken }, { repo: repo('level: exemplar\n') }, BASE_COMMIT, KNOWN),
    ).toEqual({
      files: [ORG],
      judgedBy: BASE_COMMIT,
      comparison: { file: CONFIG_PATH, state: 'changed', changes: [{ key: 'level', head: 'exemplar' }] },
      baseUnusable: '.github/tcop.yml:2: checks.sbom: unknown check id "sbom"',
    });
    expect(judgingConfig({ repo: broken }, {}, BASE_COMMIT, KNOWN)).toEqual({
      files: [],
      judgedBy: BASE_COMMIT,
      comparison: { file: CONFIG_PATH, state: 'unchanged' },
      baseUnusable: '.github/tcop.yml:2: checks.sbom: unknown check id "sbom"',
    });
  });

  it('an invalid base file that the commit leaves as it is stays in the files, to fail when read', () => {
    const broken = repo('level: high\n');
    expect(judgingConfig({ repo: broken }, { repo: broken }, BASE_COMMIT, KNOWN)).toEqual({
      files: [broken],
      judgedBy: BASE_COMMIT,
      comparison: { file: CONFIG_PATH, state: 'unchanged' },
    });
  });
});
