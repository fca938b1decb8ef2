import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { EXIT, main, parseCli, storedVisibility, wantsColour, type CliIo } from '../../src/cli/main.js';
import { memorySnapshot } from '../../src/snapshot/memory.js';
import { resolveSource } from '../../src/cli/source.js';
import { UsageError } from '../../src/cli/usage-error.js';
import type { Report } from '../../src/engine/report.js';
import { TOOL_VERSION } from '../../src/engine/version.js';
import { BUILD_TIMEOUT_MS, builtCli } from '../support/built-cli.js';
import { FIXTURES } from '../support/check-harness.js';

const run = promisify(execFile);
const NOW = ['--now', '2026-11-23'];
const fixture = (name: string): string => path.join(FIXTURES, name);

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}, isTTY = false): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t), isTTY },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let tmp: string;
/** A config that runs only the README and licence checks, whatever else the registry holds. */
let baselineOnly: string;
/** The same, plus the exemption of fixtures/repos/exemption-active. */
let baselineWithExemption: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'tcop-cli-'));
  baselineOnly = path.join(tmp, 'baseline-only.yml');
  const off = CHECKS.map((c) => c.meta.id).filter((id) => id !== 'readme' && id !== 'licence-file');
  await writeFile(baselineOnly, `checks:\n${off.map((id) => `  ${id}: off\n`).join('')}`);
  baselineWithExemption = path.join(tmp, 'exemption-active.yml');
  const exemption = await readFile(path.join(fixture('exemption-active'), '.github/tcop.yml'), 'utf8');
  await writeFile(baselineWithExemption, (await readFile(baselineOnly, 'utf8')) + exemption);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('tcop-audit exit codes', () => {
  it('0 when every check at or below the required level passes', async () => {
    const result = await cli([fixture('engine-pass'), '--config', baselineOnly, ...NOW]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('Required level Baseline reached.');
  });

  it('1 when a check at the required level fails', async () => {
    const result = await cli([fixture('engine-fail'), ...NOW]);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toContain('✗ licence-file');
  });

  it('0 in advisory mode, which reports without enforcing', async () => {
    const advisory = path.join(tmp, 'advisory.yml');
    await writeFile(advisory, 'mode: advisory\n');
    const result = await cli([fixture('engine-fail'), '--config', advisory, ...NOW]);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('advisory mode');
  });

  it('--now decides whether an exemption has expired', async () => {
    const before = await cli([
      fixture('exemption-active'),
      '--config',
      baselineWithExemption,
      '--now',
      '2027-06-30',
    ]);
    const after = await cli([
      fixture('exemption-active'),
      '--config',
      baselineWithExemption,
      '--now',
      '2027-07-01',
    ]);
    expect([before.code, after.code]).toEqual([EXIT.ok, EXIT.failed]);
    expect(after.stdout).toContain('expired on 2027-06-30');
  });

  it('2 for a config error, naming file, line and field', async () => {
    const result = await cli([fixture('config-invalid-field'), ...NOW]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^tcop-audit: ${escape(path.join(fixture('config-invalid-field'), '.github/tcop.yml'))}:3: level: `,
      ),
    );
  });

  it('2 for broken YAML, naming the line', async () => {
    const result = await cli([fixture('config-broken-yaml')]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/tcop\.yml:4: invalid YAML/);
  });

  it('2 for a --config file that does not exist', async () => {
    const result = await cli([fixture('engine-pass'), '--config', path.join(tmp, 'nope.yml')]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('no such file');
  });

  it.each([
    [['--format', 'xml'], '--format must be one of text, json, sarif, markdown'],
    [['--level', 'gold'], '--level must be one of baseline, standard, exemplar'],
    [['--now', 'tomorrow'], '--now must be an ISO 8601 date'],
    [['--now', '2026-02-30'], '--now must be an ISO 8601 date'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['a', 'b'], 'one target at a time'],
  ])('2 for a usage error: %j', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Run tcop-audit --help');
  });

  it('2 for a target that does not exist, and a clear word for owner/repo', async () => {
    const missing = await cli([path.join(tmp, 'missing')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('no such directory');
    const repo = await cli(['no-such-owner-xyz/no-such-repo@main']);
    expect(repo.code).toBe(EXIT.usage);
    expect(repo.stderr).toContain('owner/repo');
  });
});

describe('tcop-audit options', () => {
  it('--help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tcop-audit [options] [path | owner/repo[@ref]]');
    const version = await cli(['-v']);
    expect(version.stdout).toBe(`${TOOL_VERSION}\n`);
  });

  it('--format json prints the report', async () => {
    const result = await cli([fixture('engine-fail'), '--format', 'json', ...NOW]);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.schemaVersion).toBe(2);
    expect(report.generatedAt).toBe('2026-11-23T00:00:00.000Z');
    expect(report.conclusion).toBe('failure');
  });

  it('--format sarif anchors repository-level findings on the README when there is one', async () => {
    const result = await cli([fixture('exemption-expired'), '--format', 'sarif', ...NOW]);
    const uris = (
      JSON.parse(result.stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      }
    ).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('README.md'); // licence-file: missing has no location
    expect(uris).toContain('.github/tcop.yml'); // the expired exemption
  });

  it('--format markdown', async () => {
    const result = await cli([fixture('engine-fail'), '-f', 'markdown', ...NOW]);
    expect(result.stdout).toMatch(/^## TCoP audit: Not met/);
  });

  it('--output writes the report to a file and keeps stdout clean', async () => {
    const out = path.join(tmp, 'report.json');
    const result = await cli([fixture('engine-fail'), '--format', 'json', '--output', out, ...NOW]);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Report written to ${out}\n`);
    expect((JSON.parse(await readFile(out, 'utf8')) as Report).target.path).toBe(fixture('engine-fail'));
  });

  it('2 when the --output file cannot be written', async () => {
    const result = await cli([
      fixture('engine-fail'),
      '--output',
      path.join(tmp, 'no/such/dir/report.txt'),
      ...NOW,
    ]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('could not write');
  });

  it('--quiet prints nothing; the exit code says it all', async () => {
    const result = await cli([fixture('engine-fail'), '--quiet', ...NOW]);
    expect([result.code, result.stdout, result.stderr]).toEqual([EXIT.failed, '', '']);
  });

  it('--level raises the bar', async () => {
    const result = await cli([
      fixture('engine-pass'),
      '--config',
      baselineOnly,
      '--level',
      'exemplar',
      '-f',
      'json',
      ...NOW,
    ]);
    expect((JSON.parse(result.stdout) as Report).required).toEqual({ level: 'exemplar', met: true });
  });

  it('--store saves the report and says where', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const result = await cli([fixture('engine-fail'), '--store', `sqlite:${db}`, '-f', 'json', ...NOW]);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stderr).toMatch(new RegExp(`^Audit \\S+ stored in ${escape(db)}\\n$`));
    JSON.parse(result.stdout);
  });

  it('--store never publishes a GitHub repository whose visibility is private or unknown', () => {
    const github = { kind: 'github', owner: 'acme', repo: 'secret' } as const;
    const known = (value: 'public' | 'private') => ({ visibility: { state: 'known', value } as const });
    expect(storedVisibility(memorySnapshot({ files: {}, target: github, facts: known('private') }))).toBe(
      'private',
    );
    expect(storedVisibility(memorySnapshot({ files: {}, target: github, facts: known('public') }))).toBe(
      'public',
    );
    expect(storedVisibility(memorySnapshot({ files: {}, target: github }))).toBe('private');
    // A local directory has no visibility to read: stored as public, as the quick start shows.
    expect(storedVisibility(memorySnapshot({ files: {} }))).toBeUndefined();
  });

  it('colours text on a TTY unless NO_COLOR; FORCE_COLOR wins', async () => {
    const tty = await cli([fixture('engine-fail'), ...NOW], {}, true);
    expect(tty.stdout).toContain('\u001b[');
    const noColour = await cli([fixture('engine-fail'), ...NOW], { NO_COLOR: '1' }, true);
    expect(noColour.stdout).not.toContain('\u001b[');
    expect(wantsColour({ stdout: { write: () => 0, isTTY: false }, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(wantsColour({ stdout: { write: () => 0, isTTY: true }, env: { FORCE_COLOR: '0' } })).toBe(false);
    expect(wantsColour({ stdout: { write: () => 0 }, env: {} })).toBe(false);
  });
});

describe('parseCli', () => {
  it('defaults to text on the current directory', () => {
    expect(parseCli([])).toEqual({ target: '.', format: 'text', quiet: false });
  });

  it('--store takes an optional URL', () => {
    expect(parseCli(['--store'])).toMatchObject({ store: '' });
    expect(parseCli(['--store', '.'])).toMatchObject({ store: '', target: '.' });
    expect(parseCli(['--store', 'postgres://u@h/db', 'repo'])).toMatchObject({
      store: 'postgres://u@h/db',
      target: 'repo',
    });
    expect(parseCli(['--store=sqlite:x.db'])).toMatchObject({ store: 'sqlite:x.db' });
  });
});

describe('resolveSource', () => {
  it('audits an existing directory on disk', async () => {
    const source = await resolveSource(fixture('engine-pass'), {});
    expect(source.target).toEqual({ kind: 'local', path: fixture('engine-pass') });
  });

  it('refuses a file', async () => {
    await expect(resolveSource(path.join(fixture('engine-pass'), 'README.md'), {})).rejects.toThrow(
      UsageError,
    );
  });
});

describe('bin/tcop-audit.js', () => {
  let bin: string;
  beforeAll(() => {
    bin = builtCli();
  }, BUILD_TIMEOUT_MS);

  it('runs the compiled build', async () => {
    const version = await run(process.execPath, [bin, '--version']);
    expect(version.stdout).toBe(`${TOOL_VERSION}\n`);
    const failed = await run(process.execPath, [
      bin,
      fixture('engine-fail'),
      '--format',
      'json',
      ...NOW,
    ]).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed ? failed.code : 0).toBe(EXIT.failed);
    expect((JSON.parse(failed.stdout) as Report).level).toBeNull();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
