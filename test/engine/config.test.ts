import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_PATH, ConfigError, DEFAULT_CONFIG, resolveConfig } from '../../src/engine/config.js';
import { FIXTURES } from '../support/check-harness.js';

const KNOWN = { knownChecks: ['licence-file', 'readme', 'security-policy'] };

function configError(text: string, context = KNOWN): ConfigError {
  try {
    resolveConfig([{ path: CONFIG_PATH, text }], context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

async function fixtureConfig(name: string): Promise<string> {
  return readFile(path.join(FIXTURES, name, CONFIG_PATH), 'utf8');
}

describe('config', () => {
  it('defaults to enforce at baseline when there is no config file', () => {
    const config = resolveConfig([]);
    expect(config).toMatchObject({
      mode: 'enforce',
      level: 'baseline',
      ignore: [],
      checks: {},
      exemptions: [],
    });
    expect(config.maxFileBytes).toBe(DEFAULT_CONFIG.maxFileBytes);
  });

  it('treats an empty file as no settings', () => {
    expect(resolveConfig([{ path: CONFIG_PATH, text: '# nothing yet\n' }], KNOWN).level).toBe('baseline');
  });

  it('names the line of broken YAML', async () => {
    const error = configError(await fixtureConfig('config-broken-yaml'));
    expect(error.file).toBe(CONFIG_PATH);
    expect(error.line).toBe(4);
    expect(error.detail).toMatch(/^invalid YAML/);
    expect(error.message).toMatch(/^\.github\/tcop\.yml:4: invalid YAML/);
  });

  it('names file, line and field of an invalid value', async () => {
    const error = configError(await fixtureConfig('config-invalid-field'));
    expect([error.file, error.line, error.field]).toEqual([CONFIG_PATH, 3, 'level']);
    expect(error.message).toMatch(/^\.github\/tcop\.yml:3: level: .*"baseline"/);
  });

  it('names an unknown top-level field and its line', () => {
    const error = configError('mode: enforce\nlevels: standard\n');
    expect([error.line, error.field, error.detail]).toEqual([2, 'levels', 'unknown field']);
  });

  it('names an unknown field inside an exemption', () => {
    const error = configError(
      'exemptions:\n  - check: readme\n    reason: The README lives in the wiki for now.\n    until: 2027-01-01\n',
    );
    expect([error.line, error.field]).toEqual([4, 'exemptions[0].until']);
  });

  it('rejects a severity other than off, warn or fail', () => {
    const error = configError('checks:\n  readme: maybe\n');
    expect([error.line, error.field]).toEqual([2, 'checks.readme']);
  });

  it('rejects an unknown check id in checks, naming the line and the likely meant id', async () => {
    const error = configError(await fixtureConfig('config-unknown-check'));
    expect([error.line, error.field]).toEqual([3, 'checks.licence-fle']);
    expect(error.detail).toBe('unknown check id "licence-fle" (did you mean "licence-file"?)');
  });

  it('rejects an unknown check id in an exemption', () => {
    const error = configError(
      'exemptions:\n  - check: readme\n    reason: The README lives in the wiki for now.\n  - check: sbom\n    reason: No SBOM tooling for this stack yet.\n',
    );
    expect([error.line, error.field]).toEqual([4, 'exemptions[1].check']);
    expect(error.detail).toBe('unknown check id "sbom"');
  });

  it('accepts any check id when the registry is not given', () => {
    expect(resolveConfig([{ path: CONFIG_PATH, text: 'checks:\n  anything: off\n' }]).checks).toEqual({
      anything: 'off',
    });
  });

  it('requires a reason for an exemption', () => {
    const error = configError('exemptions:\n  - check: readme\n');
    expect([error.line, error.field]).toEqual([2, 'exemptions[0].reason']);
    const short = configError('exemptions:\n  - check: readme\n    reason: later\n');
    expect([short.line, short.field]).toEqual([3, 'exemptions[0].reason']);
  });

  it('requires an expiry to be a date', () => {
    const error = configError(
      'exemptions:\n  - check: readme\n    reason: The README lives in the wiki for now.\n    expires: next year\n',
    );
    expect([error.line, error.field, error.detail]).toEqual([
      4,
      'exemptions[0].expires',
      'must be a date as YYYY-MM-DD',
    ]);
  });

  it('refuses an expiry on a day the month does not have, rather than rolling it over', () => {
    const error = configError(
      'exemptions:\n  - check: readme\n    reason: The README lives in the wiki for now.\n    expires: 2027-02-30\n',
    );
    expect([error.line, error.field, error.detail]).toEqual([
      4,
      'exemptions[0].expires',
      'must be a date as YYYY-MM-DD',
    ]);
  });

  it('records where each exemption is written, for findings about it', async () => {
    const config = resolveConfig(
      [{ path: CONFIG_PATH, text: await fixtureConfig('exemption-expired') }],
      KNOWN,
    );
    expect(config.exemptions).toEqual([
      {
        check: 'licence-file',
        reason: "Licence choice is with the department's legal team; decision due before the expiry date.",
        expires: '2026-06-30',
        location: { path: CONFIG_PATH, startLine: 3 },
      },
    ]);
  });

  it('merges org defaults under the repository file', () => {
    const config = resolveConfig(
      [
        {
          path: 'acme/.github:.github/tcop.yml',
          text: 'mode: advisory\nlevel: standard\nignore: [vendor/**]\nchecks:\n  readme: warn\n  security-policy: fail\n',
        },
        { path: CONFIG_PATH, text: 'level: exemplar\nignore: [fixtures/**]\nchecks:\n  readme: off\n' },
      ],
      KNOWN,
    );
    expect(config).toMatchObject({
      mode: 'advisory',
      level: 'exemplar',
      ignore: ['vendor/**', 'fixtures/**'],
      checks: { readme: 'off', 'security-policy': 'fail' },
      sources: ['acme/.github:.github/tcop.yml', CONFIG_PATH],
    });
  });
});

describe('config sections', () => {
  it('reads an empty section as not set', () => {
    expect(
      resolveConfig([{ path: CONFIG_PATH, text: 'checks:\nexemptions:\nignore:\n' }], KNOWN),
    ).toMatchObject({
      checks: {},
      exemptions: [],
      ignore: [],
    });
  });

  it('rejects a config that is not a mapping', () => {
    const error = configError('- level: standard\n');
    expect(error.line).toBe(1);
  });
});
